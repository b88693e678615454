//! `edgeboxc doctor` against the real machine, and with a tool taken off PATH.

use std::process::Command;

#[test]
fn green_after_setup() {
    let out = Command::new(env!("CARGO_BIN_EXE_edgeboxc"))
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "doctor failed after scripts/setup.sh:\n{text}"
    );
    assert!(text.contains("all 16 checks passed"), "{text}");
    assert!(text.contains("zlib 1.4 sources"), "{text}");
}

#[test]
fn names_the_fix_when_a_tool_is_removed() {
    // A PATH holding every tool the pipeline calls except wasm-ld-19.
    let bin = tempfile::tempdir().unwrap();
    for tool in [
        "clang-19",
        "llvm-ar-19",
        "llvm-config-19",
        "cmake",
        "make",
        "cc",
        "c++",
    ] {
        let real = which::which(tool).unwrap();
        std::os::unix::fs::symlink(real, bin.path().join(tool)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_edgeboxc"))
        .arg("doctor")
        .env("PATH", bin.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("MISSING  wasm-ld-19                   not found on PATH\n"),
        "{text}"
    );
    assert!(text.contains("apt-get install -y lld-19"), "{text}");
    assert!(text.contains("1 problem found"), "{text}");
    assert!(text.contains("ok       clang-19"), "{text}");
}
