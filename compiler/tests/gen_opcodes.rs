//! `edgeboxc gen-opcodes` on the pinned header and on headers derived from it at test time.

use std::path::Path;
use std::process::{Command, Output};

fn edgeboxc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edgeboxc"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn pinned() -> String {
    std::fs::read_to_string(edgebox_vendor::opcode_header()).unwrap()
}

/// Writes a header derived from the pinned one and runs gen-opcodes on it.
fn run_on(dir: &Path, text: &str) -> Output {
    let path = dir.join("quickjs-opcode.h");
    std::fs::write(&path, text).unwrap();
    edgeboxc(&["gen-opcodes", "--header", path.to_str().unwrap()])
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in the pinned header"
    );
    text.replacen(from, to, 1)
}

#[test]
fn summarizes_the_pinned_header() {
    let out = edgeboxc(&["gen-opcodes"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("opcodes:  271 (252 runtime, 19 temporary), 30 formats"),
        "{text}"
    );
    assert!(
        text.contains("compared with the table built into edgeboxc: no differences"),
        "{text}"
    );
    assert!(
        text.contains("handler patterns: 175 of 252 runtime opcodes"),
        "{text}"
    );
    assert!(
        text.contains("without one (77): invalid, private_symbol,"),
        "{text}"
    );
}

#[test]
fn reports_an_inserted_opcode_and_the_renumbering() {
    let dir = tempfile::tempdir().unwrap();
    let text = replace_once(
        &pinned(),
        "DEF(           null, 1, 0, 1, none)",
        "DEF(           null, 1, 0, 1, none)\nDEF(       push_two, 1, 0, 1, none_int)",
    );
    let out = run_on(dir.path(), &text);
    assert!(out.status.success());
    let report = stdout(&out);
    assert!(
        report.contains("opcodes:  272 (253 runtime, 19 temporary)"),
        "{report}"
    );
    assert!(
        report.contains("added (1):\n    push_two (8)\n"),
        "{report}"
    );
    assert!(
        report.contains("renumbered (263):\n    push_this: 8 -> 9\n"),
        "{report}"
    );
    assert!(report.contains("without one (78): "), "{report}");
    assert!(report.contains("push_two"), "{report}");
}

#[test]
fn reports_a_deleted_opcode() {
    let dir = tempfile::tempdir().unwrap();
    let text = replace_once(&pinned(), "DEF( typeof_is_function, 1, 1, 1, none)\n", "");
    let report = stdout(&run_on(dir.path(), &text));
    assert!(
        report.contains("removed (1):\n    typeof_is_function (251)\n"),
        "{report}"
    );
    assert!(!report.contains("renumbered"), "{report}");
}

#[test]
fn reports_changed_size_stack_effect_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = replace_once(
        &pinned(),
        "DEF(       push_i32, 5, 0, 1, i32)",
        "DEF(       push_i32, 9, 1, 2, u32)",
    );
    let report = stdout(&run_on(dir.path(), &text));
    for line in [
        "push_i32: size 5 -> 9",
        "push_i32: n_pop 0 -> 1",
        "push_i32: n_push 1 -> 2",
        "push_i32: format i32 -> u32",
    ] {
        assert!(report.contains(line), "{line} missing from:\n{report}");
    }
}

#[test]
fn a_duplicate_name_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let original = pinned();
    let text = replace_once(
        &original,
        "DEF(            nop, 1, 0, 0, none)",
        "DEF(            add, 1, 0, 0, none)",
    );
    let line = original
        .lines()
        .position(|l| l.starts_with("DEF(            nop"))
        .unwrap()
        + 1;
    let first = original
        .lines()
        .position(|l| l.starts_with("DEF(            add"))
        .unwrap()
        + 1;
    let out = run_on(dir.path(), &text);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "quickjs-opcode.h:{line}:17: duplicate opcode `add` (first defined on line {first})"
    );
    assert!(
        err.starts_with("error: ") && err.contains(&expected),
        "{err}"
    );
}

#[test]
fn an_unparseable_entry_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let original = pinned();
    let text = replace_once(
        &original,
        "DEF(          swap2, 1, 4, 4, none)",
        "DEF(          swap2, 1, 4 4, none)",
    );
    let line = original
        .lines()
        .position(|l| l.contains("DEF(          swap2"))
        .unwrap()
        + 1;
    let out = run_on(dir.path(), &text);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "quickjs-opcode.h:{line}:27: expected `,` or `)` in DEF(...), found number `4`"
        )),
        "{err}"
    );
}

#[test]
fn out_writes_the_same_table_build_rs_generates_and_base_compares_two_headers() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("opcodes.rs");
    let out = edgeboxc(&["gen-opcodes", "--out", out_path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code = std::fs::read_to_string(&out_path).unwrap();
    assert!(code.starts_with("// @generated by edgebox-opcode-spec from quickjs-opcode.h."));
    assert!(code.contains("pub enum Opcode {") && code.contains("    PushI32,"));
    assert!(
        !code.contains(std::env::var("HOME").unwrap().as_str()),
        "no absolute paths"
    );

    let base = dir.path().join("base.h");
    std::fs::write(&base, pinned()).unwrap();
    let new = dir.path().join("new.h");
    std::fs::write(
        &new,
        replace_once(&pinned(), "DEF( typeof_is_function, 1, 1, 1, none)\n", ""),
    )
    .unwrap();
    let report = stdout(&edgeboxc(&[
        "gen-opcodes",
        "--header",
        new.to_str().unwrap(),
        "--base",
        base.to_str().unwrap(),
    ]));
    assert!(
        report.contains(&format!("compared with {}:", base.display())),
        "{report}"
    );
    assert!(report.contains("removed (1)"), "{report}");
}

#[test]
fn a_missing_header_names_the_file() {
    let out = edgeboxc(&["gen-opcodes", "--header", "/nonexistent/quickjs-opcode.h"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: cannot read /nonexistent/quickjs-opcode.h: "),
        "{err}"
    );
}
