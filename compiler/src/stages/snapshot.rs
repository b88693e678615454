//! Stage `snapshot`: runs the module's init export (`edgebox_init` of the guest glue: QuickJS
//! runtime, context, globals, the app's bytecode read) at build time and stores the resulting
//! memory and globals in the module, so start-up skips that work (see `edgebox-snapshot`).

pub use edgebox_snapshot::{Options, Snapshot, SnapshotError, DEFAULT_INIT_FUNC};

/// Pre-initializes `wasm` by running `options.init_func`.
pub fn snapshot(wasm: &[u8], options: &Options) -> Result<Snapshot, SnapshotError> {
    edgebox_snapshot::snapshot(wasm, options)
}
