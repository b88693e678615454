//! The AOT linker (edgebox-aot-file) against the real loader: a guest compiled in two parts —
//! the functions before a split point and the functions after it — and linked must load and
//! print exactly what the guest compiled whole prints, at every split point tried, and so must
//! the guest compiled in units side by side (`compile_split`). Units compiled for different
//! engines are refused.

mod common;

use std::fs;
use std::path::Path;

use common::{edgebox, guest};
use edgebox_aot::{Functions, Options};
use edgebox_aot_file::{link, AotFile, LinkError, ENGINE_SECTION};

/// `wasm` with an `edgebox.engine` custom section holding `id`.
fn with_engine_id(wasm: &[u8], id: &str) -> Vec<u8> {
    let mut out = wasm.to_vec();
    let name = ENGINE_SECTION.as_bytes();
    let mut body = vec![name.len() as u8];
    body.extend_from_slice(name);
    body.extend_from_slice(id.as_bytes());
    out.push(0);
    out.push(body.len() as u8);
    out.extend_from_slice(&body);
    out
}

fn compile(wasm: &[u8], functions: Functions) -> Vec<u8> {
    edgebox_aot::compile(
        wasm,
        &Options {
            functions,
            custom_sections: vec![ENGINE_SECTION.to_string()],
            ..Options::default()
        },
    )
    .expect("AOT-compile the split guest")
}

/// The engine side of a split at `k`: the module's first `k` defined functions compiled.
fn engine_part(wasm: &[u8], k: u32) -> Vec<u8> {
    compile(wasm, Functions::Range(0..k))
}

fn parse(unit: &[u8]) -> AotFile<'_> {
    AotFile::parse(unit).unwrap()
}

fn run(dir: &Path, aot: &[u8], name: &str) -> (Option<i32>, String, String) {
    let path = dir.join(name);
    fs::write(&path, aot).unwrap();
    let run = edgebox(dir, &[path.to_str().unwrap(), "20"], &[]);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn a_guest_linked_at_every_split_point_prints_what_the_whole_compilation_prints() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = with_engine_id(&fs::read(guest("split", false)).unwrap(), "test-engine");
    let defined = edgebox_aot::defined_functions(&wasm).unwrap();
    let whole = run(dir.path(), &compile(&wasm, Functions::All), "whole.aot");
    assert_eq!(whole.0, Some(0), "{}", whole.2);
    assert!(whole.1.starts_with("fib=6765 "), "{}", whole.1);
    // Split points from "the app is one function" to "the engine is one function".
    let mut points: Vec<u32> = vec![1, 2, defined / 3, defined / 2, defined - 2, defined - 1];
    points.dedup();
    for k in points {
        let engine = engine_part(&wasm, k);
        let app = compile(&wasm, Functions::Range(k..defined));
        let linked =
            link(&parse(&engine), &parse(&app)).unwrap_or_else(|e| panic!("split at {k}: {e}"));
        let linked = edgebox_aot::seal(&linked).unwrap();
        let out = run(dir.path(), &linked, &format!("split-{k}.aot"));
        assert_eq!(out, whole, "split at {k} of {defined} functions");
    }
}

#[test]
fn a_guest_compiled_in_units_side_by_side_prints_what_the_whole_compilation_prints() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = with_engine_id(&fs::read(guest("split", false)).unwrap(), "test-engine");
    let options = Options {
        custom_sections: vec![ENGINE_SECTION.to_string()],
        ..Options::default()
    };
    let whole = run(dir.path(), &compile(&wasm, Functions::All), "whole.aot");
    assert_eq!(whole.0, Some(0), "{}", whole.2);
    for jobs in [2, 3, 64] {
        let split = edgebox_aot::compile_split(&wasm, &options, jobs)
            .unwrap_or_else(|e| panic!("{jobs} jobs: {e}"));
        let file = parse(&split);
        assert_eq!(
            file.raw_custom_section(edgebox_aot_file::FUNCTIONS_SECTION),
            Some(format!("0..{}", edgebox_aot::defined_functions(&wasm).unwrap()).as_bytes()),
            "{jobs} jobs: the linked units cover every function"
        );
        let out = run(dir.path(), &split, &format!("jobs-{jobs}.aot"));
        assert_eq!(out, whole, "{jobs} jobs");
    }
    // Without an engine record the units could not be linked: refused before compiling.
    let error = edgebox_aot::compile_split(&fs::read(guest("split", false)).unwrap(), &options, 2)
        .unwrap_err();
    assert!(
        matches!(error, edgebox_aot::AotError::SplitNeedsEngineRecord),
        "{error}"
    );
    // A module WAMR rejects fails in the children: the loader's message, not a file.
    let invalid = with_engine_id(
        &wat::parse_str("(module (func (result i32) i64.const 1) (func (result i32) i32.const 2))")
            .unwrap(),
        "test-engine",
    );
    let error = edgebox_aot::compile_split(&invalid, &options, 2).unwrap_err();
    assert!(
        matches!(error, edgebox_aot::AotError::InvalidWasm(ref m) if m.contains("type mismatch")),
        "{error}"
    );
}

#[test]
fn units_of_different_engines_or_not_split_are_refused() {
    let base = fs::read(guest("split", false)).unwrap();
    let defined = edgebox_aot::defined_functions(&base).unwrap();
    let k = defined / 2;
    let engine = engine_part(&with_engine_id(&base, "engine-a"), k);
    let other = compile(
        &with_engine_id(&base, "engine-b"),
        Functions::Range(k..defined),
    );
    let error = link(&parse(&engine), &parse(&other)).unwrap_err();
    assert!(
        matches!(&error, LinkError::EngineMismatch { engine, app } if engine == "engine-a" && app == "engine-b"),
        "{error}"
    );
    assert!(error.to_string().contains("rebuild the app"), "{error}");

    let unmarked = edgebox_aot::compile(
        &base,
        &Options {
            functions: Functions::Range(k..defined),
            ..Options::default()
        },
    )
    .unwrap();
    let error = link(&parse(&engine), &parse(&unmarked)).unwrap_err();
    assert!(matches!(error, LinkError::EngineMismatch { .. }), "{error}");

    // A whole compilation is not an app unit: it has code for the engine's functions.
    let whole = compile(&with_engine_id(&base, "engine-a"), Functions::All);
    let error = link(&parse(&engine), &parse(&whole)).unwrap_err();
    assert!(matches!(error, LinkError::NotAnAppUnit { .. }), "{error}");
}
