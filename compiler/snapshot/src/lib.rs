//! Wizer-style pre-initialization of a WebAssembly module.
//!
//! [`snapshot`] runs the module's init export once, at build time, in the `wasmi` interpreter
//! with a deterministic, closed WASI (see [`wasi`]), then writes the state it produced back into
//! the original module (wasmparser reads it, wasm-encoder writes the sections that change; every
//! other section, the code included, is copied byte for byte, so code compiled from the engine
//! part of a module stays valid for its snapshots):
//!
//! - the memory's initial size becomes its size after the init;
//! - all active data segments are replaced by segments covering only the non-zero ranges of the
//!   memory after the init (ranges closer than [`segments::MERGE_GAP`] merged);
//! - every mutable global is initialized to its value after the init;
//! - the init export is removed, so it can never run twice.
//!
//! What the init could observe is fixed: clocks read [`wasi::FIXED_TIME_NS`], randomness is a
//! fixed byte stream, there are no arguments, environment variables or preopened directories,
//! and any other import traps with an error naming it. The same input always gives the same
//! output, byte for byte.
//!
//! Not supported (refused with an error saying so): several memories, an imported, shared or
//! 64-bit memory, a start function, passive data segments, table or passive-segment
//! instructions (`table.set/grow/fill/copy/init`, `elem.drop`, `memory.init`, `data.drop`),
//! imported mutable globals, reference- or vector-typed mutable globals, non-function imports.
//!
//! Modules linked by wasm-ld as a command: wasm-ld wraps every export other than `_start` so
//! that it runs the constructors before and `__wasm_call_dtors` (wasi-libc: atexit handlers and
//! a stdio flush) after the function. At snapshot time the constructors therefore see the
//! closed WASI above (no preopens, an empty environment), and `_start` runs them again at run
//! time, where they see the real ones.

pub mod segments;
pub mod wasi;

mod module;

use module::{GlobalValue, ModuleInfo};
use wasmi::{Engine, Linker, Store, Val};

/// The init export EdgeBox's guest glue defines.
pub const DEFAULT_INIT_FUNC: &str = "edgebox_init";

/// Prefix of the exports added to the module that runs at snapshot time (never in the output).
const GLOBAL_EXPORT_PREFIX: &str = "__edgebox_snapshot_global_";

/// How to snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Name of the exported function that initializes the module: no parameters, no result or
    /// one `i32` result (non-zero = the init failed).
    pub init_func: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            init_func: DEFAULT_INIT_FUNC.to_string(),
        }
    }
}

/// A pre-initialized module.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The rewritten module.
    pub wasm: Vec<u8>,
    /// Memory size after the init, in 64 KiB pages.
    pub memory_pages: u64,
    /// Number of data segments written.
    pub segments: usize,
    /// Bytes of memory stored in those segments.
    pub data_bytes: usize,
    /// Bytes of dead shadow stack left by the init that were dropped (zeroed): see
    /// [`dead_stack_end`].
    pub dead_stack_bytes: usize,
}

/// What the init wrote to stdout and stderr before it failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Bytes written to fd 1.
    pub stdout: Vec<u8>,
    /// Bytes written to fd 2.
    pub stderr: Vec<u8>,
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (name, bytes) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let text = text.trim_end();
            if !text.is_empty() {
                write!(f, "\nits {name}:\n{text}")?;
            }
        }
        Ok(())
    }
}

/// Why a module could not be snapshotted.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The input is not a valid WebAssembly module.
    #[error("not a valid WebAssembly module: {0}")]
    NotWasm(String),
    /// The module uses something the snapshot cannot capture or restore.
    #[error("cannot snapshot this module: {0}")]
    Unsupported(String),
    /// The init function is not exported (or not a function).
    #[error("the module exports no function `{name}` (its function exports: {available}); name the init function with --init-func NAME")]
    NoSuchExport {
        /// The name asked for.
        name: String,
        /// The function exports that exist, comma-separated.
        available: String,
    },
    /// The init function has parameters or results the snapshot cannot call it with.
    #[error("`{name}` has type {ty}; the init function must take no parameters and return nothing or one i32")]
    BadSignature {
        /// The init function.
        name: String,
        /// Its type.
        ty: String,
    },
    /// The interpreter could not instantiate the module.
    #[error("cannot instantiate the module for the snapshot: {0}")]
    Instantiate(String),
    /// The init trapped.
    #[error("`{init}` trapped: {message}{output}")]
    Trapped {
        /// The init function.
        init: String,
        /// The trap.
        message: String,
        /// What it printed.
        output: Output,
    },
    /// The init called an import the snapshot does not provide.
    #[error("`{init}` called {import}, which is refused at snapshot time: the init must not touch files, sockets, processes or other host state (do that work at run time, or build without the snapshot){output}")]
    Refused {
        /// The init function.
        init: String,
        /// `module.name` of the import.
        import: String,
        /// What it printed.
        output: Output,
    },
    /// The init called `proc_exit`.
    #[error("`{init}` exited with code {code} (proc_exit) instead of returning{output}")]
    Exited {
        /// The init function.
        init: String,
        /// The exit code.
        code: i32,
        /// What it printed.
        output: Output,
    },
    /// The init returned a non-zero status.
    #[error("`{init}` returned {code} (failure){output}")]
    Failed {
        /// The init function.
        init: String,
        /// Its result.
        code: i32,
        /// What it printed.
        output: Output,
    },
}

/// Runs `options.init_func` of `wasm` and returns the module pre-initialized with its effects.
pub fn snapshot(wasm: &[u8], options: &Options) -> Result<Snapshot, SnapshotError> {
    let init = options.init_func.as_str();
    let module = ModuleInfo::read(wasm)?;
    module.check_supported()?;
    module.find_init(init)?;

    // Instrument: export the memory and every mutable global under private names.
    let mutable = module.mutable_globals();
    let mut extra_exports: Vec<(String, wasm_encoder::ExportKind, u32)> = mutable
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            (
                format!("{GLOBAL_EXPORT_PREFIX}{i}"),
                wasm_encoder::ExportKind::Global,
                g,
            )
        })
        .collect();
    if module.has_memory() {
        extra_exports.push((
            wasi::MEMORY_EXPORT.to_string(),
            wasm_encoder::ExportKind::Memory,
            0,
        ));
    }
    let instrumented = module.with_exports(&extra_exports)?;

    let (mut image, values) = run_init(&instrumented, init, mutable.len())?;

    let dead_stack_bytes = dead_stack_end(&module, &mutable, &values)
        .unwrap_or(0)
        .min(image.len());
    image[..dead_stack_bytes].fill(0);
    let ranges = segments::nonzero_ranges(&image, segments::MERGE_GAP);
    let memory_pages = (image.len() / WASM_PAGE) as u64;
    let data: Vec<(u32, &[u8])> = ranges
        .iter()
        .map(|r| (r.start as u32, &image[r.clone()]))
        .collect();
    let data_bytes = ranges.iter().map(|r| r.len()).sum();
    let wasm = module.rewrite(&module::State {
        removed_export: init,
        memory_pages,
        globals: mutable.iter().copied().zip(values).collect(),
        data: &data,
    })?;
    Ok(Snapshot {
        wasm,
        memory_pages,
        segments: ranges.len(),
        data_bytes,
        dead_stack_bytes,
    })
}

/// Bytes in a WebAssembly page.
const WASM_PAGE: usize = 65_536;

/// End of the dead shadow stack the init left, for modules linked with `--stack-first`
/// (wasm-ld): there, global 0 is the stack pointer, the stack occupies `[0, sp)` and grows down,
/// and everything below the stack pointer is free by the C ABI (wasm has no red zone), so what
/// the init's calls left there is garbage that need not be stored. Recognized when global 0 is
/// a mutable `i32` initialized to a constant `sp`, every original data segment lies at or above
/// `sp` (so `[0, sp)` holds no static data, and neither the heap, which follows the data), and
/// the init returned with the stack pointer back at `sp`. Otherwise `None`: nothing is dropped.
fn dead_stack_end(
    module: &ModuleInfo<'_>,
    mutable_globals: &[u32],
    values_after: &[GlobalValue],
) -> Option<usize> {
    let sp = module.first_global_i32()?;
    let index = mutable_globals.iter().position(|&g| g == 0)?;
    if sp <= 0 || values_after.get(index) != Some(&GlobalValue::I32(sp)) {
        return None;
    }
    let offsets = module.data_offsets();
    let all_above = offsets
        .iter()
        .all(|at| at.is_some_and(|at| at >= sp as u32));
    (!offsets.is_empty() && all_above).then_some(sp as usize)
}

/// Runs the init in wasmi; returns the memory image and the mutable globals' values after it.
fn run_init(
    instrumented: &[u8],
    init: &str,
    global_count: usize,
) -> Result<(Vec<u8>, Vec<GlobalValue>), SnapshotError> {
    let engine = Engine::default();
    let module = wasmi::Module::new(&engine, instrumented)
        .map_err(|e| SnapshotError::Instantiate(e.to_string()))?;
    for import in module.imports() {
        if import.ty().func().is_none() {
            return Err(SnapshotError::Unsupported(format!(
                "it imports {}.{}, which is not a function; the snapshot can only provide function imports",
                import.module(),
                import.name()
            )));
        }
    }
    let mut linker = Linker::<wasi::Host>::new(&engine);
    wasi::define_imports(&mut linker, &module)
        .map_err(|e| SnapshotError::Instantiate(e.to_string()))?;
    let mut store = Store::new(&engine, wasi::Host::default());
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| SnapshotError::Instantiate(e.to_string()))?;
    let func = instance
        .get_func(&store, init)
        .expect("the init export was checked");
    let mut results = vec![Val::I32(0); func.ty(&store).results().len()];
    let outcome = func.call(&mut store, &[], &mut results);
    let output = |store: &Store<wasi::Host>| Output {
        stdout: store.data().stdout.clone(),
        stderr: store.data().stderr.clone(),
    };
    let init_name = init.to_string();
    if let Err(error) = outcome {
        return Err(if let Some(import) = store.data().refused.clone() {
            SnapshotError::Refused {
                init: init_name,
                import,
                output: output(&store),
            }
        } else if let Some(code) = error.i32_exit_status() {
            SnapshotError::Exited {
                init: init_name,
                code,
                output: output(&store),
            }
        } else {
            SnapshotError::Trapped {
                init: init_name,
                message: error.to_string(),
                output: output(&store),
            }
        });
    }
    if let Some(Val::I32(code)) = results.first() {
        if *code != 0 {
            return Err(SnapshotError::Failed {
                init: init_name,
                code: *code,
                output: output(&store),
            });
        }
    }
    let image = instance
        .get_memory(&store, wasi::MEMORY_EXPORT)
        .map(|m| m.data(&store).to_vec())
        .unwrap_or_default();
    let values = (0..global_count)
        .map(|i| {
            let global = instance
                .get_global(&store, &format!("{GLOBAL_EXPORT_PREFIX}{i}"))
                .expect("every mutable global was exported");
            match global.get(&store) {
                Val::I32(v) => Ok(GlobalValue::I32(v)),
                Val::I64(v) => Ok(GlobalValue::I64(v)),
                Val::F32(v) => Ok(GlobalValue::F32(v.to_bits())),
                Val::F64(v) => Ok(GlobalValue::F64(v.to_bits())),
                other => Err(SnapshotError::Unsupported(format!(
                    "mutable global {i} holds {:?}; only i32/i64/f32/f64 globals can be snapshotted",
                    other.ty()
                ))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((image, values))
}
