//! `edgeboxc freeze` on real qjsc output (QuickJS-NG's qjsc, built on the same engine), and its
//! errors.

use std::path::Path;
use std::process::{Command, Output};

fn edgeboxc(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edgeboxc"))
        .args(args)
        .output()
        .unwrap()
}

fn qjsc(js: &str, dir: &Path) -> std::path::PathBuf {
    let source = dir.join("app.js");
    std::fs::write(&source, js).unwrap();
    let c = dir.join("app_bc.c");
    let status = Command::new(edgebox_qjs_host::QJSC)
        .arg("-o")
        .arg(&c)
        .arg(&source)
        .status()
        .unwrap();
    assert!(status.success());
    c
}

const PROGRAM: &str = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n\
    function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }\n\
    function* gen() { yield 1; }\n\
    console.log(fib(10), sum([1, 2]), [...gen()]);\n";

#[test]
fn freezes_real_qjsc_output_into_c_that_compiles() {
    let dir = tempfile::tempdir().unwrap();
    let c = qjsc(PROGRAM, dir.path());
    let frozen = dir.path().join("frozen.c");
    let out = edgeboxc(&[
        "freeze".as_ref(),
        c.as_os_str(),
        "-o".as_ref(),
        frozen.as_os_str(),
        "--explain".as_ref(),
    ]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("froze 2 of 4 functions"), "{report}");
    assert!(
        report.contains("fib (") && report.contains("native int32 path"),
        "{report}"
    );
    assert!(
        report.contains("gen (") && report.contains("generator functions are not frozen"),
        "{report}"
    );
    let include = dir.path().join("include");
    std::fs::create_dir(&include).unwrap();
    std::fs::write(include.join("quickjs.h"), edgebox_guest::QUICKJS_H).unwrap();
    let cc = Command::new("clang-19")
        .args(edgebox_guest::CFLAGS)
        .args(["-Werror", "-fsyntax-only", "-I"])
        .arg(&include)
        .arg(&frozen)
        .output()
        .unwrap();
    assert!(
        cc.status.success(),
        "{}",
        String::from_utf8_lossy(&cc.stderr)
    );
}

#[test]
fn dump_disassembles_with_opcode_names() {
    let dir = tempfile::tempdir().unwrap();
    let c = qjsc(PROGRAM, dir.path());
    let out = edgeboxc(&["freeze".as_ref(), c.as_os_str(), "--dump".as_ref()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("function #") && text.contains("`fib`"),
        "{text}"
    );
    assert!(
        text.contains("get_arg0") && text.contains("call1"),
        "{text}"
    );
}

#[test]
fn bad_input_is_a_clear_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = qjsc(PROGRAM, dir.path());
    let frozen = dir.path().join("frozen.c");
    // Cut the array short: the declared size no longer matches.
    let text = std::fs::read_to_string(&c).unwrap();
    let last = text.rfind(" 0x").unwrap();
    std::fs::write(&c, format!("{}\n}};\n", &text[..last])).unwrap();
    let out = edgeboxc(&[
        "freeze".as_ref(),
        c.as_os_str(),
        "-o".as_ref(),
        frozen.as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("app_bc.c") && err.contains("declares"),
        "{err}"
    );
    assert!(!frozen.exists(), "nothing is written on error");

    let missing = dir.path().join("missing.c");
    let out = edgeboxc(&["freeze".as_ref(), missing.as_os_str()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));

    // A foreign bytecode version inside a well-formed array.
    let foreign = dir.path().join("foreign.c");
    std::fs::write(
        &foreign,
        "const uint8_t qjsc_x[3] = { 0x05, 0x00, 0x00 };\n",
    )
    .unwrap();
    let out = edgeboxc(&["freeze".as_ref(), foreign.as_os_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("foreign.c") && err.contains("0x1c"), "{err}");
}
