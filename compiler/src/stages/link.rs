//! Stage `link`: the app's module and bytecode placed into the engine module, the engine's code
//! unchanged (see edgebox-wasm-link).

pub use edgebox_wasm_link::{EngineLayout, LinkError, Linked};

/// Places `app` (its code; `None` for none) and `bytecode` into `engine`.
pub fn link(engine: &[u8], app: Option<&[u8]>, bytecode: &[u8]) -> Result<Linked, LinkError> {
    edgebox_wasm_link::link(engine, app, bytecode)
}
