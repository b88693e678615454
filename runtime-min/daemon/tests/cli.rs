//! edgeboxd's command line and its refusals before anything is served (the daemon serving a
//! real app is tested in tests/tests/daemon.rs, which this test's build also provides the
//! binary for).

use std::process::Command;

fn edgeboxd(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_edgeboxd"))
        .args(args)
        .output()
        .expect("run edgeboxd");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_or_foreign_artifact_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.aot");
    let (code, stderr) = edgeboxd(&[missing.to_str().unwrap()]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.starts_with(&format!("edgeboxd: {}: cannot read: ", missing.display())),
        "{stderr}"
    );
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "not a module").unwrap();
    let (code, stderr) = edgeboxd(&[foreign.to_str().unwrap()]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("is not a WebAssembly module"), "{stderr}");
}

#[test]
fn bad_options_are_usage_errors() {
    let (code, stderr) = edgeboxd(&["app.aot", "--port", "eighty"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("invalid value 'eighty' for '--port <PORT>'"),
        "{stderr}"
    );
    let (code, stderr) = edgeboxd(&[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("<ARTIFACT>"), "{stderr}");
}
