//! The link on small engine and app modules written as WAT (the shapes clang and wasm-ld
//! produce): the linked module runs (in wasmi), the engine's code is kept byte for byte, and
//! every app the link cannot place is refused with a message saying why.

use edgebox_wasm_link::{engine_id, link, LinkError, ENGINE_SECTION, KEPT_EXPORTS};
use wasmi::{Engine, Linker, Module, Store, Val};
use wasmparser::{Parser, Payload};

/// An engine: an app area at 0x10000 (512 bytes), the link record at 0x100, `triple` exported
/// for apps, and an init that calls the app's code record's function (a table index at the
/// record's address) with 14 and adds the bytecode's first byte and length.
const ENGINE: &str = r#"
(module
  (type $i2i (func (param i32) (result i32)))
  (memory (export "memory") 2)
  (table 3 3 funcref)
  (elem (i32.const 1) $triple $helper)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 0x8000))
  (global (export "edgebox_app_area") i32 (i32.const 0x10000))
  (global (export "edgebox_app_area_size") i32 (i32.const 0x200))
  (global (export "edgebox_app_link") i32 (i32.const 0x100))
  (data (i32.const 0x200) "\00\02\00\00")
  (func $triple (export "triple") (type $i2i) (i32.mul (local.get 0) (i32.const 3)))
  (func $helper (type $i2i) (i32.add (local.get 0) (i32.const 1)))
  (func (export "edgebox_init") (result i32)
    (i32.add
      (i32.add
        (call_indirect (type $i2i) (i32.const 14)
          (i32.load (i32.load (i32.const 0x108))))
        (i32.load8_u (i32.load (i32.const 0x100))))
      (i32.load (i32.const 0x104))))
  (func (export "_start")))
"#;

/// An app as wasm-ld links one: imports the engine's memory, table and `triple`; its data in the
/// area; its function in the table after the engine's entries; its code record exported.
const APP: &str = r#"
(module
  (type $i2i (func (param i32) (result i32)))
  (type $v2v (func))
  (import "env" "memory" (memory 2))
  (import "env" "__indirect_function_table" (table 4 funcref))
  (import "env" "triple" (func $triple (type $i2i)))
  (global $sp (mut i32) (i32.const 0x10010))
  (global (export "edgebox_app_code") i32 (i32.const 0x10000))
  (elem (i32.const 3) $app_fn)
  (data (i32.const 0x10000) "\03\00\00\00")
  (func $app_fn (type $i2i)
    (global.set $sp (i32.sub (global.get $sp) (i32.const 16)))
    (global.set $sp (i32.add (global.get $sp) (i32.const 16)))
    (i32.add (call $triple (local.get 0)) (i32.const 100)))
  (func $unused (type $v2v)))
"#;

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).expect("valid WAT")
}

fn run(module: &[u8]) -> i32 {
    let engine = Engine::default();
    let module = Module::new(&engine, module).expect("the linked module is valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .expect("instantiate");
    let mut out = [Val::I32(0)];
    instance
        .get_func(&store, "edgebox_init")
        .unwrap()
        .call(&mut store, &[], &mut out)
        .expect("run");
    match out[0] {
        Val::I32(v) => v,
        ref other => panic!("{other:?}"),
    }
}

/// (id, bytes) of every function body.
fn bodies(module: &[u8]) -> Vec<Vec<u8>> {
    Parser::new(0)
        .parse_all(module)
        .filter_map(|p| match p.unwrap() {
            Payload::CodeSectionEntry(body) => {
                let r = body.range();
                Some(module[r.start as usize..r.end as usize].to_vec())
            }
            _ => None,
        })
        .collect()
}

fn exports(module: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ExportSection(r) = payload.unwrap() {
            names.extend(r.into_iter().map(|e| e.unwrap().name.to_string()));
        }
    }
    names.sort();
    names
}

fn custom(module: &[u8], name: &str) -> Option<Vec<u8>> {
    Parser::new(0)
        .parse_all(module)
        .find_map(|p| match p.unwrap() {
            Payload::CustomSection(c) if c.name() == name => Some(c.data().to_vec()),
            _ => None,
        })
}

#[test]
fn the_linked_module_runs_the_app_through_the_link_record() {
    let engine = wasm(ENGINE);
    let linked = link(&engine, Some(&wasm(APP)), b"\x07\x08\x09").unwrap();
    // app_fn(14) = triple(14) + 100 = 142, + first bytecode byte 7, + length 3.
    assert_eq!(run(&linked.wasm), 152);
    assert_eq!(linked.engine_functions, 4);
    assert_eq!(linked.engine_id, engine_id(&engine));
    // The app's 4 bytes of data, the bytecode 16-aligned after them (3 bytes).
    assert_eq!(linked.area_used, 16 + 3);
}

#[test]
fn the_engines_code_is_kept_byte_for_byte_and_the_app_follows_it() {
    let engine = wasm(ENGINE);
    let linked = link(&engine, Some(&wasm(APP)), b"").unwrap();
    let (before, after) = (bodies(&engine), bodies(&linked.wasm));
    assert_eq!(after.len(), before.len() + 2);
    assert_eq!(after[..before.len()], before[..]);
    let engine_only = link(&engine, None, b"").unwrap();
    assert_eq!(bodies(&engine_only.wasm), before);
}

#[test]
fn only_the_kept_exports_and_the_engine_record_remain() {
    let engine = wasm(ENGINE);
    let linked = link(&engine, Some(&wasm(APP)), b"").unwrap();
    let names = exports(&linked.wasm);
    assert!(
        names.iter().all(|n| KEPT_EXPORTS.contains(&n.as_str())),
        "{names:?}"
    );
    assert_eq!(names, ["_start", "edgebox_init", "memory"]);
    assert_eq!(
        custom(&linked.wasm, ENGINE_SECTION),
        Some(engine_id(&engine).into_bytes())
    );
    assert_eq!(engine_id(&engine).len(), 64);
}

#[test]
fn an_app_without_code_gets_a_null_code_record() {
    let engine = wasm(ENGINE);
    let linked = link(&engine, None, b"xyz").unwrap();
    let engine_wasm = Engine::default();
    let module = Module::new(&engine_wasm, &linked.wasm[..]).unwrap();
    let mut store = Store::new(&engine_wasm, ());
    let instance = Linker::<()>::new(&engine_wasm)
        .instantiate_and_start(&mut store, &module)
        .unwrap();
    let memory = instance.get_memory(&store, "memory").unwrap();
    let mut record = [0u8; 12];
    memory.read(&store, 0x100, &mut record).unwrap();
    assert_eq!(record[0..4], 0x10000u32.to_le_bytes());
    assert_eq!(record[4..8], 3u32.to_le_bytes());
    assert_eq!(record[8..12], [0; 4]);
    let mut bytecode = [0u8; 3];
    memory.read(&store, 0x10000, &mut bytecode).unwrap();
    assert_eq!(&bytecode, b"xyz");
}

fn link_err(app: &str, bytecode: &[u8]) -> LinkError {
    match link(&wasm(ENGINE), Some(&wasm(app)), bytecode) {
        Ok(_) => panic!("the link succeeded"),
        Err(e) => e,
    }
}

#[test]
fn apps_that_do_not_fit_the_engine_are_refused_with_the_reason() {
    let unresolved = link_err(&APP.replace(r#""env" "triple""#, r#""env" "missing""#), b"");
    assert!(
        matches!(&unresolved, LinkError::Unresolved { name } if name == "missing"),
        "{unresolved}"
    );
    assert!(unresolved
        .to_string()
        .contains("`missing`, which the engine does not provide"));

    let mismatch = link_err(
        &APP.replace(
            r#"(import "env" "triple" (func $triple (type $i2i)))"#,
            r#"(import "env" "triple" (func $triple (param i64) (result i32)))"#,
        )
        .replace(
            "(call $triple (local.get 0))",
            "(call $triple (i64.const 1))",
        ),
        b"",
    );
    assert!(
        matches!(mismatch, LinkError::TypeMismatch { .. }),
        "{mismatch}"
    );

    let too_big = link_err(APP, &[0; 0x200]);
    assert!(
        matches!(too_big, LinkError::AreaTooSmall { needed, available: 0x200 } if needed == 16 + 0x200),
        "{too_big}"
    );

    let outside = link_err(
        &APP.replace("(data (i32.const 0x10000)", "(data (i32.const 0x300)"),
        b"",
    );
    assert!(
        matches!(outside, LinkError::AreaTooSmall { .. }),
        "{outside}"
    );

    let own_memory = link_err(
        &APP.replace(r#"(import "env" "memory" (memory 2))"#, "")
            .replace(
                "(func $unused (type $v2v)))",
                "(func $unused (type $v2v)) (memory 2))",
            ),
        b"",
    );
    assert!(
        own_memory.to_string().contains("defines a memory"),
        "{own_memory}"
    );

    let in_engine_table = link_err(
        &APP.replace("(elem (i32.const 3)", "(elem (i32.const 1)"),
        b"",
    );
    assert!(
        in_engine_table.to_string().contains("inside the engine's"),
        "{in_engine_table}"
    );

    let other_global = link_err(
        &APP.replace(
            "(i32.add (call $triple (local.get 0)) (i32.const 100)))",
            "(i32.add (call $triple (local.get 0)) (global.get 1)))",
        ),
        b"",
    );
    assert!(
        other_global.to_string().contains("only the stack pointer"),
        "{other_global}"
    );
}

#[test]
fn engines_without_the_app_records_are_refused() {
    for (export, wat) in [
        (
            "edgebox_app_link",
            ENGINE.replace(r#"(export "edgebox_app_link") "#, ""),
        ),
        (
            "__stack_pointer",
            ENGINE.replace(r#"(export "__stack_pointer") "#, ""),
        ),
        (
            "edgebox_app_area",
            ENGINE.replace(r#"(export "edgebox_app_area") "#, ""),
        ),
    ] {
        let error = link(&wasm(&wat), None, b"").unwrap_err();
        assert!(
            matches!(&error, LinkError::NotAnEngine(what) if what.contains(export)),
            "{export}: {error}"
        );
    }
    let error = link(b"not wasm", None, b"").unwrap_err();
    assert!(matches!(error, LinkError::Wasm(_)), "{error}");
}
