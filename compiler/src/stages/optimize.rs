//! wasm-opt for the `engine` and `app` stages, each on its own module (never on the linked one,
//! whose engine part must stay the engine's): `.wasm` → smaller, faster `.wasm` with binaryen
//! (the `wasm-opt` crate, which builds binaryen from source: no external binary).

use std::path::{Path, PathBuf};

use wasm_opt::{OptimizationOptions, Pass};

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

/// Passes modeled on binaryen's `-O2` pipeline, without its per-function `remove-unused-brs`,
/// which rewrites branches into shapes WAMR's LLVM compiles worse. Measured on a frozen native
/// fib path (clang -O2, then AOT), fib(38): 178 ms as clang left it, 216 ms after
/// `remove-unused-brs` alone, 277 ms after all of `-O2`, 180 ms after this list; in whole apps
/// (`--no-unroll`) fib(38) 287 → 209 ms, tak(24) 4.6 → 3.6 ms, the loop kernel and the
/// interpreter within 3%, the `.wasm` 0.2% larger. Not exactly `-O2`: `code-folding` is added,
/// the stack-IR and a few module passes are left out, and the `-optimizing` global passes rerun
/// binaryen's default function pipeline (`remove-unused-brs` included) on the functions they
/// change, mostly where they inline. clang has already optimized the code and LLVM optimizes it
/// again at AOT time; what this stage buys is mostly size (dead code, duplicate functions,
/// memory packing, debug info).
const PASSES: &[Pass] = &[
    Pass::DuplicateFunctionElimination,
    Pass::RemoveUnusedModuleElements,
    Pass::MemoryPacking,
    Pass::Dce,
    Pass::RemoveUnusedNames,
    Pass::OptimizeInstructions,
    Pass::PickLoadSigns,
    Pass::Precompute,
    Pass::CodePushing,
    Pass::SimplifyLocalsNostructure,
    Pass::Vacuum,
    Pass::CoalesceLocals,
    Pass::SimplifyLocals,
    Pass::Vacuum,
    Pass::CoalesceLocals,
    Pass::Vacuum,
    Pass::CodeFolding,
    Pass::MergeBlocks,
    Pass::RemoveUnusedNames,
    Pass::MergeBlocks,
    Pass::OptimizeInstructions,
    Pass::Precompute,
    Pass::Rse,
    Pass::Vacuum,
    Pass::DaeOptimizing,
    Pass::InliningOptimizing,
    Pass::DuplicateFunctionElimination,
    Pass::SimplifyGlobalsOptimizing,
    Pass::RemoveUnusedModuleElements,
    Pass::Directize,
    Pass::StripDebug,
    Pass::StripProducers,
];

/// Optimizes `wasm` with wasm-opt ([`PASSES`], at `-O2`'s optimize and shrink levels; debug
/// info and producers dropped).
pub fn optimize(wasm: &[u8], work_dir: &Path) -> Result<Vec<u8>, OptimizeError> {
    let input = work_dir.join("in.wasm");
    let output = work_dir.join("out.wasm");
    std::fs::write(&input, wasm).map_err(|source| OptimizeError::Io {
        path: input.clone(),
        source,
    })?;
    let mut options = OptimizationOptions::new_opt_level_2();
    options.add_default_passes(false);
    for pass in PASSES {
        options.add_pass(pass.clone());
    }
    options
        .debug_info(false)
        .run(&input, &output)
        .map_err(|e| OptimizeError::Binaryen(e.to_string()))?;
    std::fs::read(&output).map_err(|source| OptimizeError::Io {
        path: output,
        source,
    })
}
