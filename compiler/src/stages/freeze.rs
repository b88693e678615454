//! Stage `freeze`: bytecode → C for every function that can be frozen, with the interpreter's
//! exact semantics (see edgebox-freezer).

pub use edgebox_freezer::{FreezeError, Frozen, Options, Report};

/// Freezes the functions of `bytecode`; `source_name` names it in the generated C and errors.
pub fn freeze(bytecode: &[u8], source_name: &str, options: Options) -> Result<Frozen, FreezeError> {
    edgebox_freezer::freeze(bytecode, source_name, options)
}
