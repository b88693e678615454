//! QuickJS-NG on the build host: JavaScript source → serialized bytecode (`JS_WriteObject`),
//! compiled but never run. The bytes are what the guest engine loads with `JS_ReadObject`;
//! QuickJS-NG's format is the same on x86-64 and wasm32.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

extern "C" {
    fn edgebox_compile(
        source: *const c_char,
        len: usize,
        filename: *const c_char,
        module: c_int,
        out: *mut *mut u8,
        out_len: *mut usize,
        message: *mut *mut c_char,
        stack: *mut *mut c_char,
    ) -> c_int;
    fn edgebox_free(p: *mut c_void);
}

/// QuickJS-NG's `qjsc` built on this same (patched) engine: tests use it to produce real qjsc
/// output for `edgeboxc freeze`.
pub const QJSC: &str = env!("EDGEBOX_QJSC");

/// `BC_VERSION` of QuickJS-NG 0.16.2: the first byte of every serialized object.
pub const BYTECODE_VERSION: u8 = 0x1c;

/// How the source is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Global code (a classic script).
    Script,
    /// An ES module.
    Module,
}

/// Why compiling failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The engine rejected the source; the location is taken from the error's stack.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// File name as given to [`compile`].
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The engine's message, e.g. `unexpected token in expression: ')'`.
        message: String,
    },
    /// The engine rejected the source without saying where (as for a bad regular expression).
    #[error("{file}: {message} (QuickJS does not say where)")]
    SyntaxWithoutPosition {
        /// File name as given to [`compile`].
        file: String,
        /// The engine's message, e.g. `duplicate group name`.
        message: String,
    },
    /// A NUL byte in the source or file name (QuickJS takes C strings).
    #[error("{file}: contains a NUL byte, which QuickJS cannot compile")]
    NulByte {
        /// File name.
        file: String,
    },
    /// The engine ran out of memory.
    #[error("{file}: QuickJS ran out of memory while compiling")]
    OutOfMemory {
        /// File name.
        file: String,
    },
}

/// Compiles `source` (named `file` in errors and stack traces) to bytecode.
pub fn compile(source: &str, file: &str, kind: SourceKind) -> Result<Vec<u8>, CompileError> {
    let nul = || CompileError::NulByte {
        file: file.to_string(),
    };
    let c_source = CString::new(source).map_err(|_| nul())?;
    let c_file = CString::new(file).map_err(|_| nul())?;
    let mut out: *mut u8 = std::ptr::null_mut();
    let mut out_len = 0usize;
    let mut message: *mut c_char = std::ptr::null_mut();
    let mut stack: *mut c_char = std::ptr::null_mut();
    // SAFETY: all pointers are valid for the call; the shim allocates outputs with malloc and we
    // free them with edgebox_free exactly once below.
    let rc = unsafe {
        edgebox_compile(
            c_source.as_ptr(),
            source.len(),
            c_file.as_ptr(),
            c_int::from(kind == SourceKind::Module),
            &mut out,
            &mut out_len,
            &mut message,
            &mut stack,
        )
    };
    let take = |p: *mut c_char| -> String {
        if p.is_null() {
            return String::new();
        }
        // SAFETY: the shim returns NUL-terminated malloc'ed strings.
        let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
        unsafe { edgebox_free(p.cast()) };
        s
    };
    match rc {
        0 => {
            // SAFETY: out points to out_len bytes allocated by the shim.
            let bytes = unsafe { std::slice::from_raw_parts(out, out_len) }.to_vec();
            unsafe { edgebox_free(out.cast()) };
            Ok(bytes)
        }
        1 => {
            let message = take(message);
            let stack = take(stack);
            Err(match location_in_stack(&stack, file) {
                Some((line, column)) => CompileError::Syntax {
                    file: file.to_string(),
                    line,
                    column,
                    message,
                },
                None => CompileError::SyntaxWithoutPosition {
                    file: file.to_string(),
                    message,
                },
            })
        }
        _ => Err(CompileError::OutOfMemory {
            file: file.to_string(),
        }),
    }
}

/// Finds `file:line:column` in a QuickJS stack trace (`    at file:12:5`).
fn location_in_stack(stack: &str, file: &str) -> Option<(u32, u32)> {
    stack.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("at ")?;
        let rest = rest.strip_prefix(file).or_else(|| {
            rest.split_once(" (")
                .and_then(|(_, r)| r.strip_prefix(file))
        })?;
        let rest = rest.strip_prefix(':')?.trim_end_matches(')');
        let (line, column) = rest.split_once(':').unwrap_or((rest, "1"));
        Some((line.parse().ok()?, column.parse().ok()?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_a_script_to_versioned_bytecode() {
        let bc = compile(
            "function f(a) { return a + 1 }\nconsole.log(f(1));",
            "app.js",
            SourceKind::Script,
        )
        .unwrap();
        assert_eq!(bc[0], BYTECODE_VERSION);
        let again = compile(
            "function f(a) { return a + 1 }\nconsole.log(f(1));",
            "app.js",
            SourceKind::Script,
        )
        .unwrap();
        assert_eq!(bc, again, "compilation is deterministic");
    }

    #[test]
    fn compiles_a_module() {
        let bc = compile(
            "export const x = 1; import.meta;",
            "m.mjs",
            SourceKind::Module,
        )
        .unwrap();
        assert_eq!(bc[0], BYTECODE_VERSION);
        assert!(compile("export const x = 1;", "s.js", SourceKind::Script).is_err());
    }

    #[test]
    fn a_syntax_error_without_a_position_says_so() {
        let err = compile("var r = /(?<n>x)(?<n>y)/;\n", "re.js", SourceKind::Script).unwrap_err();
        assert_eq!(
            err.to_string(),
            "re.js: duplicate group name (QuickJS does not say where)"
        );
    }

    #[test]
    fn syntax_errors_carry_file_line_and_column() {
        let err = compile("let a = 1;\nlet b = (a +;\n", "bad.js", SourceKind::Script).unwrap_err();
        let CompileError::Syntax {
            file,
            line,
            column,
            message,
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!((file.as_str(), *line), ("bad.js", 2));
        assert!(*column > 1, "{err}");
        assert!(!message.is_empty());
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert_eq!(
            compile("a\0b", "n.js", SourceKind::Script),
            Err(CompileError::NulByte {
                file: "n.js".into()
            })
        );
    }
}
