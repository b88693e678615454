//! Stage `optimize`: `.wasm` → smaller, faster `.wasm` with binaryen's wasm-opt (the `wasm-opt`
//! crate, which builds binaryen from source: no external binary).

use std::path::{Path, PathBuf};

use wasm_opt::OptimizationOptions;

/// Why optimizing failed.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    /// Scratch files could not be written or read.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// binaryen rejected the module.
    #[error("wasm-opt failed: {0}")]
    Binaryen(String),
}

/// Optimizes `wasm` (for size and speed: `-O2`, debug info and producers dropped).
pub fn optimize(wasm: &[u8], work_dir: &Path) -> Result<Vec<u8>, OptimizeError> {
    let input = work_dir.join("in.wasm");
    let output = work_dir.join("out.wasm");
    std::fs::write(&input, wasm).map_err(|source| OptimizeError::Io {
        path: input.clone(),
        source,
    })?;
    OptimizationOptions::new_opt_level_2()
        .debug_info(false)
        .run(&input, &output)
        .map_err(|e| OptimizeError::Binaryen(e.to_string()))?;
    std::fs::read(&output).map_err(|source| OptimizeError::Io {
        path: output,
        source,
    })
}
