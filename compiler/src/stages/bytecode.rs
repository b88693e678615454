//! Stage `bytecode`: JavaScript → QuickJS-NG bytecode, compiled in-process by the host engine.

pub use edgebox_qjs_host::{CompileError, SourceKind};

/// Compiles a bundled program (global code) to serialized bytecode. `file` names it in errors
/// and in the stack traces the app will print.
pub fn compile(source: &str, file: &str) -> Result<Vec<u8>, CompileError> {
    edgebox_qjs_host::compile(source, file, SourceKind::Script)
}

/// Keeps the source text (for `Function.prototype.toString`) only of the app's own functions
/// (those defined in the bundle's first `app_lines` lines, inside a module) and of the Node
/// layer's classes (so that `util.inspect` shows them as `[class X]`, as Node does). The
/// bundle's function, each module's wrapper (which would hold the whole module again), the
/// Node layer's other functions and the bundle's runtime lose theirs, which makes the bytecode
/// a fraction of its size.
pub fn strip_sources(
    bytecode: &[u8],
    app_lines: u32,
) -> Result<Vec<u8>, edgebox_bytecode::ReadError> {
    // Depth 0: the script; 1: the bundle's function; 2: module wrappers and the runtime.
    edgebox_bytecode::strip_sources(bytecode, |function, depth| {
        let class = function
            .source
            .as_deref()
            .is_some_and(|s| s.starts_with("class"));
        depth <= 2 || (function.line > app_lines && !class)
    })
}
