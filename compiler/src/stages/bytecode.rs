//! Stage `bytecode`: JavaScript → QuickJS-NG bytecode, compiled in-process by the host engine.

use std::collections::BTreeSet;

use edgebox_bytecode::{Function, Value};
pub use edgebox_qjs_host::{CompileError, SourceKind};

/// Depth in the bundle's bytecode of the module wrappers and the runtime's functions (0: the
/// script, 1: the bundle's function).
const WRAPPER_DEPTH: usize = 2;

/// What stack traces call the bundle's own code (the few lines that are neither the app's nor
/// the Node layer's), as Node names its own start-up code.
pub const BUNDLE_TRACE_NAME: &str = "node:internal/edgebox/main";

/// Compiles a bundled program (global code) to serialized bytecode, named
/// [`BUNDLE_TRACE_NAME`] in errors and stack traces.
pub fn compile(source: &str) -> Result<Vec<u8>, CompileError> {
    edgebox_qjs_host::compile(source, BUNDLE_TRACE_NAME, SourceKind::Script)
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
    edgebox_bytecode::strip_sources(bytecode, |function, depth| {
        let class = function
            .source
            .as_deref()
            .is_some_and(|s| s.starts_with("class"));
        depth <= WRAPPER_DEPTH || (function.line > app_lines && !class)
    })
}

/// The ordinals of the app's own functions in the bundle's bytecode (before
/// [`map_positions`]): those defined in its first `app_lines` lines inside a module, not the
/// bundle's function, the module wrappers, the runtime or what QuickJS makes without a position
/// (line 0: default class constructors and field initializers).
pub fn app_functions(
    bytecode: &[u8],
    app_lines: u32,
) -> Result<BTreeSet<u32>, edgebox_bytecode::ReadError> {
    fn walk(value: &Value, depth: usize, app_lines: u32, out: &mut BTreeSet<u32>) {
        let Value::Function(function) = value else {
            return;
        };
        let Function { ordinal, line, .. } = **function;
        if depth > WRAPPER_DEPTH && (1..=app_lines).contains(&line) {
            out.insert(ordinal);
        }
        for v in &function.cpool {
            walk(v, depth + 1, app_lines, out);
        }
    }
    let parsed = edgebox_bytecode::read(bytecode)?;
    let mut out = BTreeSet::new();
    walk(&parsed.root, 0, app_lines, &mut out);
    Ok(out)
}

/// Moves every function's file name, line and column, and its position table, from the bundle
/// to the files the bundle came from (the app's by absolute path, the Node layer's by `node:`
/// id), so that stack traces name them as Node's would: done once here, it costs the app
/// nothing at run time.
pub fn map_positions(
    bytecode: &[u8],
    positions: &edgebox_bundler::OriginalPositions,
) -> Result<Vec<u8>, edgebox_bytecode::ReadError> {
    use edgebox_bytecode::positions::{Located, Position};
    edgebox_bytecode::remap_positions(bytecode, |at| {
        positions
            .lookup(at.line, at.column)
            .map(|original| Located {
                file: original.file.to_string(),
                position: Position {
                    line: original.line,
                    column: original.column,
                },
            })
    })
}

/// A syntax error QuickJS found in the bundle, moved to the file and position it came from;
/// one without a position names the app's `entry` (its bundle is never on disk).
pub fn map_compile_error(
    error: CompileError,
    positions: &edgebox_bundler::OriginalPositions,
    entry: &str,
) -> CompileError {
    match error {
        CompileError::Syntax {
            line,
            column,
            message,
            file,
        } => match positions.lookup(line, column) {
            Some(original) => CompileError::Syntax {
                file: original.file.to_string(),
                line: original.line,
                column: original.column,
                message,
            },
            None => CompileError::Syntax {
                file,
                line,
                column,
                message,
            },
        },
        CompileError::SyntaxWithoutPosition { message, .. } => {
            CompileError::SyntaxWithoutPosition {
                file: format!("the app of {entry}"),
                message,
            }
        }
        other => other,
    }
}
