//! The snapshot on small modules written as WAT: what it captures, what it refuses.

use edgebox_snapshot::{snapshot, Options, SnapshotError};
use wasmi::{Engine, Linker, Module, Store, Val};
use wasmparser::{ExternalKind, Operator, Parser, Payload};

fn options() -> Options {
    Options {
        init_func: "init".to_string(),
    }
}

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).expect("valid WAT")
}

/// Instantiates `wasm` (no imports) and calls `func`, returning its i32 result.
fn call_i32(wasm: &[u8], func: &str) -> i32 {
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).expect("the output is valid wasm");
    let mut store = Store::new(&engine, ());
    let instance = Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .expect("instantiate");
    let f = instance.get_func(&store, func).expect("export");
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[], &mut out).expect("call");
    match out[0] {
        Val::I32(v) => v,
        ref other => panic!("{other:?}"),
    }
}

/// The single-instruction value of a constant expression, as text (`42`, `1.5`).
fn const_value(expr: &wasmparser::ConstExpr<'_>) -> String {
    let mut ops = expr.get_operators_reader();
    match ops.read().unwrap() {
        Operator::I32Const { value } => value.to_string(),
        Operator::I64Const { value } => value.to_string(),
        other => panic!("unexpected initializer {other:?}"),
    }
}

/// (offset, bytes) of every active segment of `wasm`.
fn segments(wasm: &[u8]) -> Vec<(i32, Vec<u8>)> {
    let mut segs = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::DataSection(reader) = payload.unwrap() {
            for segment in reader {
                let segment = segment.unwrap();
                match segment.kind {
                    wasmparser::DataKind::Active { offset_expr, .. } => segs.push((
                        const_value(&offset_expr).parse().unwrap(),
                        segment.data.to_vec(),
                    )),
                    other => panic!("unexpected segment {other:?}"),
                }
            }
        }
    }
    segs.sort();
    segs
}

/// The initial value of every defined global.
fn global_values(wasm: &[u8]) -> Vec<String> {
    let mut values = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::GlobalSection(reader) = payload.unwrap() {
            for global in reader {
                values.push(const_value(&global.unwrap().init_expr));
            }
        }
    }
    values
}

/// Every export: name and kind.
fn exports(wasm: &[u8]) -> Vec<(String, ExternalKind)> {
    let mut list = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(reader) = payload.unwrap() {
            for export in reader {
                let export = export.unwrap();
                list.push((export.name.to_string(), export.kind));
            }
        }
    }
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// (initial, maximum) pages of the first memory.
fn memory_limits(wasm: &[u8]) -> (u64, Option<u64>) {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::MemorySection(reader) = payload.unwrap() {
            let memory = reader.into_iter().next().unwrap().unwrap();
            return (memory.initial, memory.maximum);
        }
    }
    panic!("no memory")
}

/// The body bytes of every section but memory, global, export and data: what the snapshot
/// must leave alone.
fn untouched_sections(wasm: &[u8]) -> Vec<(u8, Vec<u8>)> {
    Parser::new(0)
        .parse_all(wasm)
        .filter_map(|p| p.unwrap().as_section())
        .filter(|(id, _)| ![5, 6, 7, 11, 12].contains(id))
        .map(|(id, range)| (id, wasm[range.start as usize..range.end as usize].to_vec()))
        .collect()
}

const SPARSE: &str = r#"
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "\01\02\03")
  (global $counter (mut i32) (i32.const 0))
  (func (export "init")
    ;; two bytes 10 apart (merged), one far away (own segment), and clear the static data
    (i32.store8 (i32.const 1000) (i32.const 7))
    (i32.store8 (i32.const 1010) (i32.const 8))
    (i32.store8 (i32.const 40000) (i32.const 9))
    (i32.store8 (i32.const 16) (i32.const 0))
    (global.set $counter (i32.const 42)))
  (func (export "read") (result i32)
    (i32.add
      (i32.add (i32.load8_u (i32.const 1000)) (i32.load8_u (i32.const 1010)))
      (i32.add (i32.load8_u (i32.const 40000))
        (i32.add (i32.load8_u (i32.const 17)) (global.get $counter)))))
  (func (export "_start")))
"#;

#[test]
fn memory_becomes_sparse_merged_segments() {
    let out = snapshot(&wasm(SPARSE), &options()).unwrap();
    assert_eq!(
        segments(&out.wasm),
        vec![
            (17, vec![2, 3]),
            (1000, [7].into_iter().chain([0; 9]).chain([8]).collect()),
            (40000, vec![9]),
        ]
    );
    assert_eq!(out.segments, 3);
    assert_eq!(out.data_bytes, 2 + 11 + 1);
    assert_eq!(out.memory_pages, 1);
    // 7 + 8 + 9 + 2 (byte 17) + 42 (the global)
    assert_eq!(call_i32(&out.wasm, "read"), 68);
}

#[test]
fn mutable_globals_are_written_back_and_constants_kept() {
    let out = snapshot(&wasm(SPARSE), &options()).unwrap();
    assert_eq!(global_values(&out.wasm), vec!["42"]);
}

#[test]
fn code_and_every_other_section_are_copied_byte_for_byte() {
    let input = wasm(SPARSE);
    let out = snapshot(&input, &options()).unwrap();
    let before = untouched_sections(&input);
    assert!(
        before.iter().any(|(id, _)| *id == 10),
        "the module has code"
    );
    assert_eq!(untouched_sections(&out.wasm), before);
}

#[test]
fn the_init_export_is_removed_and_others_kept() {
    let out = snapshot(&wasm(SPARSE), &options()).unwrap();
    let names: Vec<String> = exports(&out.wasm).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["_start", "memory", "read"]);
    // Snapshotting the output again fails: the init is gone.
    let again = snapshot(&out.wasm, &options()).unwrap_err();
    assert!(
        matches!(&again, SnapshotError::NoSuchExport { name, available }
            if name == "init" && available == "_start, read"),
        "{again}"
    );
}

#[test]
fn memory_grown_by_the_init_is_kept() {
    let out = snapshot(
        &wasm(
            r#"(module
              (memory 1 10)
              (func (export "init")
                (drop (memory.grow (i32.const 2)))
                (i32.store (i32.const 196600) (i32.const 0x01020304)))
              (func (export "size") (result i32) (memory.size))
              (func (export "load") (result i32) (i32.load (i32.const 196600))))"#,
        ),
        &options(),
    )
    .unwrap();
    assert_eq!(out.memory_pages, 3);
    assert_eq!(call_i32(&out.wasm, "size"), 3);
    assert_eq!(call_i32(&out.wasm, "load"), 0x01020304);
    assert_eq!(memory_limits(&out.wasm), (3, Some(10)));
}

#[test]
fn the_dead_stack_below_a_stack_first_stack_pointer_is_dropped() {
    // wasm-ld --stack-first layout: global 0 is the stack pointer, the stack is [0, 1024), data
    // follows. The init leaves a "frame" below the stack pointer: garbage, not stored.
    let out = snapshot(
        &wasm(
            r#"(module
              (memory 1)
              (global $sp (mut i32) (i32.const 1024))
              (data (i32.const 1024) "\05")
              (func (export "init")
                (global.set $sp (i32.sub (global.get $sp) (i32.const 16)))
                (i32.store (global.get $sp) (i32.const -1))
                (global.set $sp (i32.add (global.get $sp) (i32.const 16)))
                (i32.store8 (i32.const 2000) (i32.const 6))))"#,
        ),
        &options(),
    )
    .unwrap();
    assert_eq!(out.dead_stack_bytes, 1024);
    assert_eq!(segments(&out.wasm), vec![(1024, vec![5]), (2000, vec![6])]);
}

#[test]
fn the_stack_is_kept_when_the_layout_is_not_stack_first() {
    // Data below the first global's value: not a stack-first layout, nothing is dropped.
    let out = snapshot(
        &wasm(
            r#"(module
              (memory 1)
              (global $g (mut i32) (i32.const 1024))
              (data (i32.const 8) "\05")
              (func (export "init") (i32.store8 (i32.const 100) (i32.const 6))))"#,
        ),
        &options(),
    )
    .unwrap();
    assert_eq!(out.dead_stack_bytes, 0);
    assert_eq!(segments(&out.wasm), vec![(8, vec![5]), (100, vec![6])]);
}

const WASI_INIT: &str = r#"
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "init")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 100)))
    (drop (call $random (i32.const 200) (i32.const 32)))
    (drop (call $env (i32.const 300) (i32.const 304))))
  (func $open_file (export "open_file") (result i32)
    (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
      (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)))
  (func (export "_start")))
"#;

#[test]
fn clocks_and_randomness_are_fixed_so_output_is_deterministic() {
    let input = wasm(WASI_INIT);
    let a = snapshot(&input, &options()).unwrap();
    let b = snapshot(&input, &options()).unwrap();
    assert_eq!(a.wasm, b.wasm, "two snapshots of the same module differ");
    let mut image = vec![0u8; 400];
    for (at, bytes) in segments(&a.wasm) {
        image[at as usize..at as usize + bytes.len()].copy_from_slice(&bytes);
    }
    assert_eq!(
        image[100..108],
        edgebox_snapshot::wasi::FIXED_TIME_NS.to_le_bytes()
    );
    let random = &image[200..232];
    assert!(
        random.iter().filter(|b| **b != 0).count() > 16,
        "random bytes were written: {random:?}"
    );
}

#[test]
fn a_refused_import_is_named_in_the_error() {
    let input = wasm(&WASI_INIT.replace(
        "(drop (call $env (i32.const 300) (i32.const 304))))",
        "(drop (call $env (i32.const 300) (i32.const 304))) (drop (call $open_file)))",
    ));
    let error = snapshot(&input, &options()).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(&error, SnapshotError::Refused { import, .. }
            if import == "wasi_snapshot_preview1.path_open"),
        "{message}"
    );
    assert!(
        message.contains("wasi_snapshot_preview1.path_open, which is refused at snapshot time"),
        "{message}"
    );
}

#[test]
fn a_trap_reports_the_message_and_what_the_init_printed() {
    let error = snapshot(
        &wasm(
            r#"(module
              (import "wasi_snapshot_preview1" "fd_write"
                (func $write (param i32 i32 i32 i32) (result i32)))
              (memory 1)
              (data (i32.const 8) "\10\00\00\00\05\00\00\00")
              (data (i32.const 16) "oops!")
              (func (export "init")
                (drop (call $write (i32.const 2) (i32.const 8) (i32.const 1) (i32.const 32)))
                unreachable))"#,
        ),
        &options(),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, SnapshotError::Trapped { .. }), "{message}");
    assert!(message.contains("`init` trapped"), "{message}");
    assert!(message.contains("unreachable"), "{message}");
    assert!(message.contains("its stderr:\noops!"), "{message}");
}

#[test]
fn proc_exit_and_a_failure_status_are_errors() {
    let exit = snapshot(
        &wasm(
            r#"(module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory 1)
              (func (export "init") (call $exit (i32.const 3))))"#,
        ),
        &options(),
    )
    .unwrap_err();
    assert!(
        matches!(exit, SnapshotError::Exited { code: 3, .. }),
        "{exit}"
    );
    let failed = snapshot(
        &wasm(r#"(module (memory 1) (func (export "init") (result i32) (i32.const 2)))"#),
        &options(),
    )
    .unwrap_err();
    assert!(
        matches!(failed, SnapshotError::Failed { code: 2, .. }),
        "{failed}"
    );
}

#[test]
fn unsupported_modules_are_refused_with_the_reason() {
    let cases = [
        (
            r#"(module (memory 1) (func $s) (start $s) (func (export "init")))"#,
            "start function",
        ),
        (
            r#"(module (import "env" "memory" (memory 1)) (func (export "init")))"#,
            "memory is imported",
        ),
        (
            r#"(module (memory 1) (data "x") (func (export "init")))"#,
            "passive data segments",
        ),
        (
            r#"(module (memory 1) (func (export "init") (param i32)))"#,
            "must take no parameters",
        ),
        (
            r#"(module (table 1 funcref) (func (export "init") (drop (table.grow (ref.null func) (i32.const 1)))))"#,
            "table.grow",
        ),
    ];
    for (wat, reason) in cases {
        let error = snapshot(&wasm(wat), &options()).unwrap_err().to_string();
        assert!(error.contains(reason), "{wat}: {error}");
    }
}

#[test]
fn garbage_is_not_wasm_and_a_missing_init_lists_the_exports() {
    let error = snapshot(b"not wasm at all", &options()).unwrap_err();
    assert!(matches!(error, SnapshotError::NotWasm(_)), "{error}");
    let error = snapshot(&wasm(SPARSE), &Options::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the module exports no function `edgebox_init` (its function exports: _start, init, read); name the init function with --init-func NAME"
    );
}

#[test]
fn exports_of_the_output_never_include_instrumentation() {
    let out = snapshot(&wasm(WASI_INIT), &options()).unwrap();
    assert!(exports(&out.wasm).iter().all(
        |(name, kind)| !name.starts_with("__edgebox_snapshot") && *kind != ExternalKind::Global
    ));
}
