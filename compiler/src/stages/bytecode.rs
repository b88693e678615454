//! Stage `bytecode`: JavaScript → QuickJS-NG bytecode, compiled in-process by the host engine.

pub use edgebox_qjs_host::{CompileError, SourceKind};

/// Compiles a bundled program (global code) to serialized bytecode. `file` names it in errors
/// and in the stack traces the app will print.
pub fn compile(source: &str, file: &str) -> Result<Vec<u8>, CompileError> {
    edgebox_qjs_host::compile(source, file, SourceKind::Script)
}
