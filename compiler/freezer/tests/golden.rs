//! Golden files: every `tests/golden/<name>.js` is compiled to bytecode by the host QuickJS-NG,
//! frozen, and compared with `tests/golden/<name>.c` (the generated C) and
//! `tests/golden/<name>.report` (the freeze report). `EDGEBOX_BLESS=1 cargo test -p
//! edgebox-freezer --test golden` rewrites them. Every generated file must also compile with
//! clang-19 for wasm32-wasi against the guest kit's (patched) QuickJS-NG headers.

use std::path::{Path, PathBuf};
use std::process::Command;

use edgebox_qjs_host::{compile, SourceKind};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

fn check_or_bless(path: &Path, actual: &str) {
    if std::env::var_os("EDGEBOX_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with EDGEBOX_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff = diffy::create_patch(&expected, actual);
        panic!(
            "{} differs (EDGEBOX_BLESS=1 re-blesses):\n{diff}",
            path.display()
        );
    }
}

fn freeze_case(js: &Path) -> edgebox_freezer::Frozen {
    let name = js.file_name().unwrap().to_string_lossy().into_owned();
    let source = std::fs::read_to_string(js).unwrap();
    let bytecode = compile(&source, &name, SourceKind::Script).unwrap();
    edgebox_freezer::freeze(&bytecode, &name, edgebox_freezer::Options::default()).unwrap()
}

#[test]
fn generated_c_matches_the_golden_files() {
    for js in cases() {
        let frozen = freeze_case(&js);
        check_or_bless(&js.with_extension("c"), &frozen.c_source);
        check_or_bless(&js.with_extension("report"), &frozen.report.to_string());
    }
}

#[test]
fn generated_c_compiles_for_wasm32_against_the_guest_headers() {
    let include = tempfile::tempdir().unwrap();
    std::fs::write(include.path().join("quickjs.h"), edgebox_guest::QUICKJS_H).unwrap();
    for js in cases() {
        let c = include.path().join("frozen.c");
        std::fs::write(&c, freeze_case(&js).c_source).unwrap();
        let out = Command::new("clang-19")
            .args(edgebox_guest::CFLAGS)
            .args(["-Werror", "-fsyntax-only", "-I"])
            .arg(include.path())
            .arg(&c)
            .output()
            .expect("clang-19 is installed by scripts/setup.sh");
        assert!(
            out.status.success(),
            "{}: generated C does not compile:\n{}",
            js.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn freezing_is_deterministic() {
    for js in cases() {
        assert_eq!(freeze_case(&js).c_source, freeze_case(&js).c_source);
    }
}
