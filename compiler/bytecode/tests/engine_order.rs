//! The reader's ordinals and code bytes against the patched engine itself: QuickJS-NG's
//! `JS_ReadObject` (host build, with our frozen-function patch) calls the frozen lookup with
//! `(ordinal, code)` for every function it reads; both must match what this crate reports.

mod common;

use std::ffi::c_void;
use std::sync::Mutex;

/// `JSValue` of a 64-bit build (no NaN boxing): a union and a tag.
#[repr(C)]
#[derive(Clone, Copy)]
struct JsValue {
    u: u64,
    tag: i64,
}

/// `JS_TAG_EXCEPTION`.
const JS_TAG_EXCEPTION: i64 = 6;
/// `JS_READ_OBJ_BYTECODE`.
const JS_READ_OBJ_BYTECODE: i32 = 1;

extern "C" {
    fn JS_NewRuntime() -> *mut c_void;
    fn JS_NewContext(rt: *mut c_void) -> *mut c_void;
    fn JS_SetFrozenLookup(
        rt: *mut c_void,
        lookup: extern "C" fn(u32, *const u8, usize) -> *const c_void,
    );
    fn JS_ReadObject(ctx: *mut c_void, buf: *const u8, len: usize, flags: i32) -> JsValue;
    fn JS_FreeValue(ctx: *mut c_void, v: JsValue);
    fn JS_FreeContext(ctx: *mut c_void);
    fn JS_FreeRuntime(rt: *mut c_void);
}

static SEEN: Mutex<Vec<(u32, Vec<u8>)>> = Mutex::new(Vec::new());
/// Held for a whole engine read, so parallel tests do not mix their recordings.
static ENGINE: Mutex<()> = Mutex::new(());

extern "C" fn record(ordinal: u32, code: *const u8, len: usize) -> *const c_void {
    // SAFETY: the engine passes the function's code buffer and its length.
    let code = unsafe { std::slice::from_raw_parts(code, len) }.to_vec();
    SEEN.lock().unwrap().push((ordinal, code));
    std::ptr::null()
}

/// What the engine's lookup saw while reading `bytes`.
fn engine_view(bytes: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let _engine = ENGINE.lock().unwrap();
    SEEN.lock().unwrap().clear();
    // SAFETY: plain QuickJS API use on a fresh runtime; the value is freed before the context.
    unsafe {
        let rt = JS_NewRuntime();
        let ctx = JS_NewContext(rt);
        JS_SetFrozenLookup(rt, record);
        let v = JS_ReadObject(ctx, bytes.as_ptr(), bytes.len(), JS_READ_OBJ_BYTECODE);
        assert_ne!(v.tag, JS_TAG_EXCEPTION, "JS_ReadObject failed");
        JS_FreeValue(ctx, v);
        JS_FreeContext(ctx);
        JS_FreeRuntime(rt);
    }
    std::mem::take(&mut *SEEN.lock().unwrap())
}

#[test]
fn ordinals_and_code_match_what_the_engine_reports() {
    let bytes = common::script(
        r#"
        function a() { function a1() { return () => 1; } return a1; }
        const b = class { m() { return function inner() {}; } static s() {} };
        function* c() { yield (x) => x; }
        var t = (s) => s`x${1}`, d = { f() {}, get g() { return 1; } };
        "#,
    );
    let bc = edgebox_bytecode::read(&bytes).unwrap();
    let ours: Vec<(u32, Vec<u8>)> = bc
        .functions()
        .iter()
        .map(|f| (f.ordinal, f.code.clone()))
        .collect();
    let mut engine = engine_view(&bytes);
    assert!(ours.len() >= 12, "{} functions", ours.len());
    // The engine numbers a function when it meets its tag but calls the lookup once the code is
    // read, after the constant pool: calls come children first, keyed by the pre-order ordinal.
    assert_ne!(engine[0].0, 0, "the root's code is read last");
    engine.sort_by_key(|(ordinal, _)| *ordinal);
    assert_eq!(ours, engine);
}

/// Compiles `src` as a script, else as a module (import lines removed: the host compiler
/// resolves imports and has no loader, and compile-only code does not need them).
fn compile_any(src: &str) -> Option<Vec<u8>> {
    use edgebox_qjs_host::{compile, SourceKind};
    if let Ok(b) = compile(src, "t.js", SourceKind::Script) {
        return Some(b);
    }
    let stripped: String = src
        .lines()
        .filter(|l| !l.trim_start().starts_with("import "))
        .map(|l| format!("{l}\n"))
        .collect();
    compile(&stripped, "m.js", SourceKind::Module).ok()
}

#[test]
fn quickjs_own_test_programs_read_decode_and_match_the_engine() {
    let dir = edgebox_vendor::Component::QuickJs
        .source_dir()
        .join("tests");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    let (mut programs, mut functions, mut instructions, mut bytes) = (0, 0, 0, 0);
    for path in &files {
        let Ok(src) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some(bc_bytes) = compile_any(&src) else {
            continue;
        };
        let bc =
            edgebox_bytecode::read(&bc_bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for f in bc.functions() {
            for insn in f.instructions() {
                insn.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                instructions += 1;
            }
            functions += 1;
        }
        edgebox_bytecode::disassemble(&bc);
        let ours: Vec<(u32, Vec<u8>)> = bc
            .functions()
            .iter()
            .map(|f| (f.ordinal, f.code.clone()))
            .collect();
        let mut engine = engine_view(&bc_bytes);
        engine.sort_by_key(|(ordinal, _)| *ordinal);
        assert_eq!(ours, engine, "{}", path.display());
        programs += 1;
        bytes += bc_bytes.len();
    }
    eprintln!(
        "{programs} of {} files: {bytes} bytes, {functions} functions, {instructions} instructions",
        files.len()
    );
    assert!(
        programs >= 50,
        "only {programs} of {} files compiled",
        files.len()
    );
}
