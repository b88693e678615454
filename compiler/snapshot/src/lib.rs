//! Wizer-style pre-initialization of a WebAssembly module.
//!
//! [`snapshot`] runs the module's init export once, at build time, in the `wasmi` interpreter
//! with a deterministic, closed WASI (see [`wasi`]), then writes the state it produced back into
//! the original module with `walrus`:
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

use walrus::ir::{Instr, InstrSeq, Value, Visitor};
use walrus::{ConstExpr, DataKind, ExportItem, GlobalKind, ValType};
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
    let mut module =
        walrus::Module::from_buffer(wasm).map_err(|e| SnapshotError::NotWasm(format!("{e:#}")))?;
    check_supported(&module)?;
    let init_export = find_init(&module, init)?;

    // Instrument: export the memory and every mutable global under private names.
    let memory = module.memories.iter().next().map(|m| m.id());
    let memory_export = memory.map(|m| module.exports.add(wasi::MEMORY_EXPORT, m));
    let globals: Vec<walrus::GlobalId> = module
        .globals
        .iter()
        .filter(|g| g.mutable)
        .map(|g| g.id())
        .collect();
    let global_exports: Vec<walrus::ExportId> = globals
        .iter()
        .enumerate()
        .map(|(i, g)| {
            module
                .exports
                .add(&format!("{GLOBAL_EXPORT_PREFIX}{i}"), *g)
        })
        .collect();
    let instrumented = module.emit_wasm();

    let (image, values) = run_init(&instrumented, init, globals.len())?;

    // Rewrite the original module with the state the init left.
    for id in memory_export.into_iter().chain(global_exports) {
        module.exports.delete(id);
    }
    module.exports.delete(init_export);
    let old_segments: Vec<walrus::DataId> = module.data.iter().map(|d| d.id()).collect();
    let mut image = image;
    let dead_stack_bytes = dead_stack_end(&module, &globals, &values)
        .unwrap_or(0)
        .min(image.len());
    image[..dead_stack_bytes].fill(0);
    let ranges = segments::nonzero_ranges(&image, segments::MERGE_GAP);
    for id in old_segments {
        module.data.delete(id);
    }
    let mut data_bytes = 0;
    let memory_pages = (image.len() / WASM_PAGE) as u64;
    if let Some(memory) = memory {
        let mem = module.memories.get_mut(memory);
        mem.initial = mem.initial.max(memory_pages);
        // Segments do not own the memory any more.
        mem.data_segments.clear();
        for range in &ranges {
            data_bytes += range.len();
            let offset = ConstExpr::Value(Value::I32(range.start as u32 as i32));
            let id = module.data.add(
                DataKind::Active { memory, offset },
                image[range.clone()].to_vec(),
            );
            module.memories.get_mut(memory).data_segments.insert(id);
        }
    }
    for (id, value) in globals.iter().zip(values) {
        module.globals.get_mut(*id).kind = GlobalKind::Local(ConstExpr::Value(value));
    }
    walrus::passes::gc::run(&mut module);
    Ok(Snapshot {
        wasm: module.emit_wasm(),
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
pub fn dead_stack_end(
    module: &walrus::Module,
    mutable_globals: &[walrus::GlobalId],
    values_after: &[Value],
) -> Option<usize> {
    let first = module.globals.iter().next()?;
    let GlobalKind::Local(ConstExpr::Value(Value::I32(sp))) = first.kind else {
        return None;
    };
    if !first.mutable || first.ty != ValType::I32 || sp <= 0 {
        return None;
    }
    let index = mutable_globals.iter().position(|g| *g == first.id())?;
    if !matches!(values_after.get(index), Some(Value::I32(v)) if *v == sp) {
        return None;
    }
    let offsets: Vec<Option<u64>> = module
        .data
        .iter()
        .map(|d| match &d.kind {
            DataKind::Active {
                offset: ConstExpr::Value(Value::I32(at)),
                ..
            } => Some(*at as u32 as u64),
            _ => None,
        })
        .collect();
    let all_above = offsets
        .iter()
        .all(|at| at.is_some_and(|at| at >= sp as u64));
    (!offsets.is_empty() && all_above).then_some(sp as usize)
}

/// Runs the init in wasmi; returns the memory image and the mutable globals' values after it.
fn run_init(
    instrumented: &[u8],
    init: &str,
    global_count: usize,
) -> Result<(Vec<u8>, Vec<Value>), SnapshotError> {
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
                Val::I32(v) => Ok(Value::I32(v)),
                Val::I64(v) => Ok(Value::I64(v)),
                Val::F32(v) => Ok(Value::F32(f32::from_bits(v.to_bits()))),
                Val::F64(v) => Ok(Value::F64(f64::from_bits(v.to_bits()))),
                other => Err(SnapshotError::Unsupported(format!(
                    "mutable global {i} holds {:?}; only i32/i64/f32/f64 globals can be snapshotted",
                    other.ty()
                ))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((image, values))
}

/// Finds the init export and checks its type.
fn find_init(module: &walrus::Module, name: &str) -> Result<walrus::ExportId, SnapshotError> {
    let export = module
        .exports
        .iter()
        .find(|e| e.name == name && matches!(e.item, ExportItem::Function(_)));
    let Some(export) = export else {
        let mut available: Vec<&str> = module
            .exports
            .iter()
            .filter(|e| matches!(e.item, ExportItem::Function(_)))
            .map(|e| e.name.as_str())
            .collect();
        available.sort_unstable();
        return Err(SnapshotError::NoSuchExport {
            name: name.to_string(),
            available: if available.is_empty() {
                "none".to_string()
            } else {
                available.join(", ")
            },
        });
    };
    let ExportItem::Function(func) = export.item else {
        unreachable!("filtered on functions above");
    };
    let ty = module.types.get(module.funcs.get(func).ty());
    if !ty.params().is_empty() || !matches!(ty.results(), [] | [ValType::I32]) {
        return Err(SnapshotError::BadSignature {
            name: name.to_string(),
            ty: format!("{:?} -> {:?}", ty.params(), ty.results()),
        });
    }
    Ok(export.id())
}

/// Refuses modules whose state after the init this crate cannot capture or restore.
fn check_supported(module: &walrus::Module) -> Result<(), SnapshotError> {
    let unsupported = |what: &str| Err(SnapshotError::Unsupported(what.to_string()));
    if module.start.is_some() {
        return unsupported("it has a start function, which would run again on the snapshot");
    }
    if module.memories.iter().count() > 1 {
        return unsupported("it has more than one memory");
    }
    if let Some(memory) = module.memories.iter().next() {
        if memory.import.is_some() {
            return unsupported("its memory is imported, so its contents are not the module's");
        }
        if memory.shared || memory.memory64 {
            return unsupported("its memory is shared or 64-bit");
        }
    }
    for data in module.data.iter() {
        match &data.kind {
            DataKind::Passive => return unsupported("it has passive data segments"),
            DataKind::Active {
                offset: ConstExpr::Value(Value::I32(_)),
                ..
            } => {}
            DataKind::Active { .. } => {
                return unsupported("a data segment's offset is not an i32 constant")
            }
        }
    }
    for global in module.globals.iter() {
        if global.mutable && matches!(global.kind, GlobalKind::Import(_)) {
            return unsupported("it imports a mutable global, whose value is not the module's");
        }
    }
    for (_, func) in module.funcs.iter_local() {
        let mut finder = StateInstrFinder(None);
        walrus::ir::dfs_in_order(&mut finder, func, func.entry_block());
        if let Some(name) = finder.0 {
            return Err(SnapshotError::Unsupported(format!(
                "it uses `{name}`, whose effect on tables or passive segments is not captured"
            )));
        }
    }
    Ok(())
}

/// Finds the first instruction changing state the snapshot does not capture.
struct StateInstrFinder(Option<&'static str>);

impl<'instr> Visitor<'instr> for StateInstrFinder {
    fn start_instr_seq(&mut self, seq: &'instr InstrSeq) {
        for (instr, _) in &seq.instrs {
            let name = match instr {
                Instr::TableSet(_) => "table.set",
                Instr::TableGrow(_) => "table.grow",
                Instr::TableFill(_) => "table.fill",
                Instr::TableCopy(_) => "table.copy",
                Instr::TableInit(_) => "table.init",
                Instr::ElemDrop(_) => "elem.drop",
                Instr::MemoryInit(_) => "memory.init",
                Instr::DataDrop(_) => "data.drop",
                _ => continue,
            };
            self.0.get_or_insert(name);
        }
    }
}
