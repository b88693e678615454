//! The static library keeps only the driver's entry points global, so the compiler's private
//! copy of WAMR's runtime cannot clash with the real runtime in one binary.

use std::process::Command;

#[test]
fn only_the_driver_entry_points_are_strong_globals() {
    let library = env!("EDGEBOX_AOT_STATIC_LIB");
    let output = Command::new("nm")
        .args(["--defined-only", "--extern-only", "--format=posix"])
        .arg(library)
        .output()
        .unwrap_or_else(|e| panic!("cannot run nm (binutils): {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut globals: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let (name, kind) = (parts.next()?, parts.next()?);
            // Weak and unique symbols (C++ inline code) stay global on purpose: they merge.
            let strong = matches!(kind, "T" | "D" | "B" | "R" | "G" | "S" | "C");
            strong.then_some(name)
        })
        .collect();
    globals.sort_unstable();
    assert_eq!(
        globals,
        ["edgebox_aot_compile", "edgebox_aot_free"],
        "{text}"
    );
}
