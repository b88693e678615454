//! The generated table must say exactly what the C compiler says about the same header.

use std::process::Command;

use edgebox_opcodes::{Format, Opcode};

#[test]
fn rust_table_matches_what_c_compiles_from_the_same_header() {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("dump_opcodes");
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/c/dump_opcodes.c");
    let quickjs = edgebox_vendor::Component::QuickJs.source_dir();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&cc)
        .arg("-std=c11")
        .arg("-I")
        .arg(quickjs)
        .arg("-o")
        .arg(&exe)
        .arg(source)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
    assert!(status.success(), "{cc} failed to compile {source}");
    let output = Command::new(&exe).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();

    let mut lines: Vec<&str> = text.lines().collect();
    let count = lines.pop().unwrap();
    assert_eq!(count, "count 252 19");

    let from_rust: Vec<String> = Opcode::ALL
        .iter()
        .map(|op| {
            let i = op.info();
            let kind = if i.temporary { "temporary" } else { "runtime" };
            format!(
                "{} {} {} {} {} {} {kind}",
                i.name,
                i.byte,
                i.size,
                i.n_pop,
                i.n_push,
                i.format.name()
            )
        })
        .collect();
    // The header lists temporary opcodes between runtime ones; the Rust table lists runtime
    // opcodes first. Compare as sets of complete lines, and the count.
    let mut from_c: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut sorted_rust = from_rust.clone();
    from_c.sort();
    sorted_rust.sort();
    assert_eq!(from_c.len(), 271);
    assert_eq!(sorted_rust, from_c);
    assert_eq!(Format::ALL.len(), 30);
}
