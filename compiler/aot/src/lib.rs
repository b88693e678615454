//! Compiles wasm to WAMR .aot with WAMR's AOT compiler built from the pinned sources against LLVM 19.
//!
//! The compiler (WAMR 2.4.3's `core/iwasm/compilation` plus the part of WAMR's runtime it needs
//! to load a module) is built by build.rs into a static library and driven in-process through a
//! small C driver (src/driver.c). That library carries its own copy of WAMR's runtime, so build.rs
//! makes all its symbols local except the driver's two entry points: a binary may link this crate
//! and WAMR's real runtime side by side. LLVM 19 is linked as the system's shared libLLVM.
//!
//! Every .aot made here records its memory bounds-check mode in a custom section named
//! [`BOUNDS_CHECKS_SECTION`] whose payload is `hw` or `sw`, so that a runtime can refuse a file
//! built for the other mode (see [`bounds_checks_of`] and the crate README), and the defined
//! functions it has code for in a section named [`edgebox_aot_file::FUNCTIONS_SECTION`]
//! (payload `A..B`), so that the AOT linker can check that two units fit together.

mod child;
mod ffi;
mod split;
mod wasm;

use std::ffi::{c_char, CStr, CString};
use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::ptr;
use std::sync::Mutex;

/// Identity of this compiler build: our driver and CMake sources, the WAMR patch set, LLVM 19.
/// The same id, input, options and host CPU give the same `.aot` (cache keys use it).
pub const COMPILER_ID: &str = concat!("wamr-2.4.3-llvm-19-", env!("EDGEBOX_AOT_SOURCE_HASH"));

/// Name of the custom section that records an .aot's bounds-check mode (payload `hw` or `sw`).
pub const BOUNDS_CHECKS_SECTION: &str = "edgebox.bounds_checks";

/// Name of the custom section that records the CPU an .aot's code was compiled for: the CPU's
/// name, a space, and its features as `edgebox_seal::Features::to_hex` writes them. Units
/// compiled for different CPUs differ in it, so the AOT linker refuses to join them.
pub const CPU_SECTION: &str = "edgebox.cpu";

/// The portable level `--target-cpu` defaults to (see [`TargetCpu`]).
pub const DEFAULT_TARGET_CPU: &str = edgebox_seal::DEFAULT_LEVEL;

/// The CPU the code is compiled for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetCpu {
    /// A portable level of the x86-64 psABI (`x86-64`, `x86-64-v2`, `x86-64-v3`, `x86-64-v4`):
    /// the code runs on every CPU that has the level's features.
    Level(String),
    /// This machine's CPU, with every feature it has (LLVM's host CPU): fastest here, and runs
    /// only where all those features exist.
    Native,
}

impl Default for TargetCpu {
    fn default() -> Self {
        TargetCpu::Level(DEFAULT_TARGET_CPU.to_string())
    }
}

impl TargetCpu {
    /// Parses `native` or a level name.
    pub fn parse(name: &str) -> Option<TargetCpu> {
        if name == "native" {
            Some(TargetCpu::Native)
        } else {
            edgebox_seal::level(name).map(|_| TargetCpu::Level(name.to_string()))
        }
    }

    /// What LLVM gets and what the seal records.
    fn resolve(&self) -> Result<ResolvedCpu, AotError> {
        let unknown = |name: &str| AotError::UnknownCpu(name.to_string());
        match self {
            TargetCpu::Level(name) => Ok(ResolvedCpu {
                llvm_cpu: CString::new(name.as_str()).map_err(|_| unknown(name))?,
                llvm_features: None,
                name: name.clone(),
                features: edgebox_seal::level(name).ok_or_else(|| unknown(name))?,
            }),
            TargetCpu::Native => {
                let cpu = host_cpu_name();
                // Only the host's features that a seal can check: the others are turned off.
                let (features, llvm_features) =
                    edgebox_seal::Features::from_llvm(&host_cpu_features());
                Ok(ResolvedCpu {
                    llvm_cpu: CString::new(cpu.as_str()).map_err(|_| unknown(&cpu))?,
                    llvm_features: Some(
                        CString::new(llvm_features).map_err(|_| unknown("native"))?,
                    ),
                    name: format!("native:{cpu}"),
                    features,
                })
            }
        }
    }
}

/// A [`TargetCpu`] made concrete.
struct ResolvedCpu {
    /// The CPU name for LLVM (tuning and, without `llvm_features`, features).
    llvm_cpu: CString,
    /// The explicit feature string, if not the CPU's own.
    llvm_features: Option<CString>,
    /// What the seal records: the level, or `native:<cpu>`.
    name: String,
    /// The features the code may use.
    features: edgebox_seal::Features,
}

/// LLVM's feature string for this machine's CPU (`+sse2,-avx512f,...`).
fn host_cpu_features() -> String {
    // SAFETY: LLVMGetHostCPUFeatures returns a NUL-terminated string we own and free once.
    unsafe {
        let features = ffi::LLVMGetHostCPUFeatures();
        let text = CStr::from_ptr(features).to_string_lossy().into_owned();
        ffi::LLVMDisposeMessage(features);
        text
    }
}

/// LLVM's name for this machine's CPU (`znver4`).
pub fn host_cpu_name() -> String {
    // SAFETY: LLVMGetHostCPUName returns a NUL-terminated string we own and free once.
    unsafe {
        let name = ffi::LLVMGetHostCPUName();
        let text = CStr::from_ptr(name).to_string_lossy().into_owned();
        ffi::LLVMDisposeMessage(name);
        text
    }
}

/// How the generated code keeps wasm memory accesses inside the linear memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BoundsChecks {
    /// No checks in the code: the runtime reserves guard pages and turns faults into traps
    /// (WAMR's default on x86_64, fastest). Needs a runtime built with hardware bound checks.
    #[default]
    Hardware,
    /// Explicit checks on every memory access and native-stack checks in every function. Needs
    /// a runtime built with `WAMR_DISABLE_HW_BOUND_CHECK=1`; starts faster, computes slower.
    Software,
}

impl BoundsChecks {
    /// The payload of [`BOUNDS_CHECKS_SECTION`] for this mode: `hw` or `sw`.
    pub fn marker(self) -> &'static [u8] {
        match self {
            BoundsChecks::Hardware => b"hw",
            BoundsChecks::Software => b"sw",
        }
    }

    /// The mode a [`BOUNDS_CHECKS_SECTION`] payload stands for, if it is a known one.
    pub fn from_marker(payload: &[u8]) -> Option<Self> {
        [BoundsChecks::Hardware, BoundsChecks::Software]
            .into_iter()
            .find(|mode| mode.marker() == payload)
    }
}

impl fmt::Display for BoundsChecks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BoundsChecks::Hardware => "hardware",
            BoundsChecks::Software => "software",
        })
    }
}

/// What to compile for: always x86_64 Linux, for the CPU [`Options::target_cpu`] names (the
/// seal records it, and `edgebox` refuses the file on a CPU without its features).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// LLVM optimization level, 0 to 3.
    pub opt_level: u32,
    /// LLVM code-size level, 0 to 3 (WAMR maps it to the code model; 3 = small, the default).
    pub size_level: u32,
    /// How memory accesses are bounds-checked.
    pub bounds_checks: BoundsChecks,
    /// The CPU the code is compiled for.
    pub target_cpu: TargetCpu,
    /// Which functions to compile: all of them, or only a range of the module's defined
    /// functions (see [`Functions`]).
    pub functions: Functions,
    /// Wasm custom sections to copy into the `.aot` (beside [`BOUNDS_CHECKS_SECTION`], which
    /// is always written); a name the module lacks is skipped.
    pub custom_sections: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            opt_level: 3,
            size_level: 3,
            bounds_checks: BoundsChecks::Hardware,
            target_cpu: TargetCpu::default(),
            functions: Functions::All,
            custom_sections: Vec::new(),
        }
    }
}

/// The functions of a module that one compilation turns into machine code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Functions {
    /// Every function: a complete `.aot` that runs as it is.
    #[default]
    All,
    /// Only the defined functions in this range (index 0 is the first function that is not an
    /// import). The others are left as declarations: the `.aot` calls them by name
    /// (`aot_func#N`) and has no code for them, so it runs only once an AOT linker has supplied
    /// their code from another compilation of the same functions.
    Range(std::ops::Range<u32>),
}

/// The step of WAMR's compiler that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Turning the loaded module into compiler data (`aot_create_comp_data`).
    PrepareModule,
    /// Setting up LLVM for the target (`aot_create_comp_context`).
    CreateContext,
    /// Translating and optimizing the functions (`aot_compile_wasm`).
    Compile,
    /// Writing the .aot image (`aot_emit_aot_file_buf`).
    Emit,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::PrepareModule => "preparing the module",
            Stage::CreateContext => "setting up LLVM",
            Stage::Compile => "compiling",
            Stage::Emit => "writing the .aot",
        })
    }
}

/// Why a module could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum AotError {
    /// An option is out of range.
    #[error("invalid AOT option {name} = {value}: it must be 0 to 3")]
    InvalidOption {
        /// The option's field name.
        name: &'static str,
        /// The rejected value.
        value: u32,
    },
    /// The input does not start like a wasm module.
    #[error("not a wasm module: {0}")]
    NotWasm(&'static str),
    /// [`Functions::Range`] with [`BoundsChecks::Software`].
    #[error("a range of functions can only be compiled with hardware bounds checks")]
    RangeNeedsHardwareChecks,
    /// A custom section name contains a NUL byte.
    #[error("invalid custom section name {0:?}: it contains a NUL byte")]
    InvalidSectionName(String),
    /// [`Functions::Range`] names functions the module does not define.
    #[error("cannot compile defined functions {start}..{end}: the module defines {defined}")]
    FunctionRange {
        /// First function asked for.
        start: u32,
        /// One past the last function asked for.
        end: u32,
        /// How many functions the module defines.
        defined: u32,
    },
    /// A unit of [`compile_split`] is not a readable `.aot` (a bug).
    #[error("cannot read a unit of the split compilation: {0}")]
    SplitRead(#[source] edgebox_aot_file::AotFileError),
    /// The units of [`compile_split`] could not be linked.
    #[error("cannot link the units of the split compilation: {0}")]
    SplitLink(#[from] edgebox_aot_file::LinkError),
    /// A child process of [`compile_split`] failed outside WAMR's compiler.
    #[error("the compiler process for functions {start}..{end} {what}")]
    Child {
        /// First function of its unit.
        start: u32,
        /// One past the last function of its unit.
        end: u32,
        /// What went wrong (`died from signal 9`, `could not be started: …`).
        what: String,
    },
    /// The module cannot be parsed to plan a split compilation (wasmparser's message).
    #[error("cannot parse the wasm module: {0}")]
    Unparsable(String),
    /// [`compile_split`] on a module without an engine record, which the linker needs.
    #[error(
        "a split compilation needs the module's `{}` record, copied by the options' \
         custom sections",
        edgebox_aot_file::ENGINE_SECTION
    )]
    SplitNeedsEngineRecord,
    /// [`TargetCpu::Level`] names no level.
    #[error(
        "unknown target CPU {0:?}: use `native` or one of x86-64, x86-64-v2, x86-64-v3, x86-64-v4"
    )]
    UnknownCpu(String),
    /// Linked units could not be sealed (not a linked `.aot`, or sealed already).
    #[error("cannot seal the .aot: {0}")]
    Seal(String),
    /// The input is larger than WAMR can load.
    #[error("the wasm module is {0} bytes; WAMR loads at most 4 GiB")]
    TooLarge(usize),
    /// WAMR's loader rejected the module (the message is WAMR's).
    #[error("WAMR cannot load the wasm module: {0}")]
    InvalidWasm(String),
    /// A compiler step failed (the message is WAMR's or LLVM's).
    #[error("AOT compilation failed while {stage}: {message}")]
    Compile {
        /// The step that failed.
        stage: Stage,
        /// WAMR's error text.
        message: String,
    },
    /// WAMR's runtime copy or LLVM could not be initialized.
    #[error("cannot start WAMR's AOT compiler: {0}")]
    Init(String),
    /// The temporary folder for LLVM's stack-usage file could not be created.
    #[error("cannot create a temporary folder for LLVM's stack-usage file: {0}")]
    TempDir(#[source] std::io::Error),
    /// WAMR produced an .aot without the bounds-check marker (a bug: the seal records the mode
    /// from it when units are linked).
    #[error("the .aot lacks its `{BOUNDS_CHECKS_SECTION}` = {expected} marker")]
    MissingMarker {
        /// The mode the marker should have recorded.
        expected: BoundsChecks,
    },
}

/// Serializes compilations: WAMR's compiler keeps global state (its runtime copy, LLVM, the
/// last-error buffer).
static COMPILER: Mutex<()> = Mutex::new(());

/// Compiles the wasm module `wasm` to a WAMR .aot image for this machine, recording
/// `options.bounds_checks` in the image's [`BOUNDS_CHECKS_SECTION`]. Calls from several threads
/// run one after another.
pub fn compile(wasm: &[u8], options: &Options) -> Result<Vec<u8>, AotError> {
    let mut job = Job::new(wasm, options)?;
    let aot = {
        let _guard = lock_compiler();
        job.run()?
    };
    job.finish(aot)
}

/// Compiles every function of `wasm` as [`compile`] does with [`Functions::All`], but in up to
/// `jobs` processes side by side: the defined functions are split into contiguous ranges of
/// about equal code size, each range is compiled as a [`Functions::Range`] in a child process of
/// its own, and the units are linked into one `.aot` (edgebox-aot-file). LLVM does not inline
/// across the ranges, which measured as no slower (see the crate README). The module must
/// record its engine in the `edgebox.engine` custom section and `options.custom_sections` must
/// copy it, as the linker requires of every unit. With one job, a [`Functions::Range`] or
/// software bounds checks, this is [`compile`].
pub fn compile_split(wasm: &[u8], options: &Options, jobs: usize) -> Result<Vec<u8>, AotError> {
    if jobs <= 1
        || options.functions != Functions::All
        || options.bounds_checks == BoundsChecks::Software
    {
        return compile(wasm, options);
    }
    check_header(wasm)?;
    let engine = edgebox_aot_file::ENGINE_SECTION;
    if !options.custom_sections.iter().any(|name| name == engine)
        || !wasm::has_custom_section(wasm, engine)
    {
        return Err(AotError::SplitNeedsEngineRecord);
    }
    let units = split::ranges(wasm, jobs)?;
    if units.len() <= 1 {
        return compile(wasm, options);
    }
    let mut unit_jobs = units
        .iter()
        .map(|unit| {
            let unit_options = Options {
                functions: Functions::Range(unit.clone()),
                ..options.clone()
            };
            Job::new(wasm, &unit_options)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let children = {
        let _guard = lock_compiler();
        child::start_all(&mut unit_jobs)?
    };
    let compiled = child::finish_all(children)?;
    let mut parts = Vec::with_capacity(compiled.len());
    for (job, aot) in unit_jobs.into_iter().zip(compiled) {
        parts.push(job.finish(aot)?);
    }
    let last = parts.len() - 1;
    let mut parts = parts.into_iter().enumerate();
    let (_, mut linked) = parts.next().expect("at least two units");
    for (index, part) in parts {
        let joined = {
            let (first, next) = (parse_unit(&linked)?, parse_unit(&part)?);
            if index == last {
                edgebox_aot_file::link(&first, &next)?
            } else {
                edgebox_aot_file::link_partial(&first, &next)?
            }
        };
        linked = joined;
    }
    seal(&linked)
}

/// A unit of [`compile_split`], parsed for the linker.
fn parse_unit(bytes: &[u8]) -> Result<edgebox_aot_file::AotFile<'_>, AotError> {
    edgebox_aot_file::AotFile::parse(bytes).map_err(AotError::SplitRead)
}

/// Holds [`COMPILER`], whether or not a thread panicked while holding it before.
fn lock_compiler() -> std::sync::MutexGuard<'static, ()> {
    COMPILER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One validated compilation: the marked module and everything the driver's options point to.
struct Job {
    module: Vec<u8>,
    module_size: u32,
    mode: BoundsChecks,
    opt_level: u32,
    size_level: u32,
    whole_module: bool,
    func_begin: u32,
    func_end: u32,
    section_names: Vec<CString>,
    /// What a complete image's seal records.
    seal: edgebox_seal::Record,
    /// The CPU name for LLVM.
    target_cpu: CString,
    /// Its explicit feature string, if not the CPU's own.
    cpu_features: Option<CString>,
    /// Software stack checks need LLVM's stack-usage file; WAMR would otherwise put it in the
    /// current folder. It lives in a private temporary folder removed with the job.
    stack_dir: Option<tempfile::TempDir>,
    stack_usage_file: Option<CString>,
}

impl Job {
    fn new(wasm: &[u8], options: &Options) -> Result<Job, AotError> {
        for (name, value) in [
            ("opt_level", options.opt_level),
            ("size_level", options.size_level),
        ] {
            if value > 3 {
                return Err(AotError::InvalidOption { name, value });
            }
        }
        check_header(wasm)?;

        let mode = options.bounds_checks;
        let defined = wasm::defined_function_count(wasm)?;
        let (whole_module, func_begin, func_end) = match &options.functions {
            Functions::All => (true, 0, defined),
            Functions::Range(range) => {
                if range.start > range.end || range.end > defined {
                    return Err(AotError::FunctionRange {
                        start: range.start,
                        end: range.end,
                        defined,
                    });
                }
                // Software stack checks wrap every function (`aot_func#N` around
                // `aot_func_internal#N`), which a range compilation does not handle.
                if mode == BoundsChecks::Software {
                    return Err(AotError::RangeNeedsHardwareChecks);
                }
                (false, range.start, range.end)
            }
        };
        let cpu = options.target_cpu.resolve()?;
        let marked = wasm::with_custom_section(wasm, BOUNDS_CHECKS_SECTION, mode.marker());
        let marked = wasm::with_custom_section(
            &marked,
            CPU_SECTION,
            format!("{} {}", cpu.name, cpu.features.to_hex()).as_bytes(),
        );
        let module = wasm::with_custom_section(
            &marked,
            edgebox_aot_file::FUNCTIONS_SECTION,
            format!("{func_begin}..{func_end}").as_bytes(),
        );
        let module_size =
            u32::try_from(module.len()).map_err(|_| AotError::TooLarge(wasm.len()))?;
        let stack_dir = match mode {
            BoundsChecks::Hardware => None,
            BoundsChecks::Software => Some(
                tempfile::Builder::new()
                    .prefix("edgebox-aot-")
                    .tempdir()
                    .map_err(AotError::TempDir)?,
            ),
        };
        let stack_usage_file = stack_dir
            .as_ref()
            .map(|dir| c_string(dir.path().join("stack.su").as_os_str().as_bytes()))
            .transpose()?;
        let section_names = [
            BOUNDS_CHECKS_SECTION,
            CPU_SECTION,
            edgebox_aot_file::FUNCTIONS_SECTION,
        ]
        .into_iter()
        .chain(options.custom_sections.iter().map(String::as_str))
        .map(|name| CString::new(name).map_err(|_| AotError::InvalidSectionName(name.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
        Ok(Job {
            module,
            module_size,
            mode,
            opt_level: options.opt_level,
            size_level: options.size_level,
            whole_module,
            func_begin,
            func_end,
            section_names,
            seal: edgebox_seal::Record {
                wamr: WAMR_BUILD.to_string(),
                bounds_checks: String::from_utf8_lossy(mode.marker()).into_owned(),
                cpu: cpu.name,
                features: cpu.features,
            },
            target_cpu: cpu.llvm_cpu,
            cpu_features: cpu.llvm_features,
            stack_dir,
            stack_usage_file,
        })
    }

    /// Runs the C driver; the caller holds [`COMPILER`].
    fn run(&mut self) -> Result<Vec<u8>, DriverFailure> {
        let section_ptrs: Vec<*const c_char> =
            self.section_names.iter().map(|n| n.as_ptr()).collect();
        let options = ffi::DriverOptions {
            opt_level: self.opt_level,
            size_level: self.size_level,
            software_bounds_checks: self.mode == BoundsChecks::Software,
            stack_usage_file: self
                .stack_usage_file
                .as_ref()
                .map_or(ptr::null(), |s| s.as_ptr()),
            custom_sections: section_ptrs.as_ptr(),
            custom_section_count: section_ptrs.len() as u32,
            whole_module: self.whole_module,
            func_begin: self.func_begin,
            func_end: self.func_end,
            target_cpu: self.target_cpu.as_ptr(),
            cpu_features: self
                .cpu_features
                .as_ref()
                .map_or(ptr::null(), |s| s.as_ptr()),
        };
        run_driver(&mut self.module, self.module_size, &options)
    }

    /// Checks the image the driver made for this job, and seals it if it is complete.
    fn finish(self, aot: Vec<u8>) -> Result<Vec<u8>, AotError> {
        drop(self.stack_dir);
        if bounds_checks_of(&aot) != Some(self.mode) {
            return Err(AotError::MissingMarker {
                expected: self.mode,
            });
        }
        let mut aot = aot;
        if self.whole_module {
            edgebox_seal::append(&mut aot, &self.seal);
        }
        Ok(aot)
    }
}

/// Seals a complete `.aot` made by linking units (edgebox-aot-file's `link`; [`compile`] and
/// [`compile_split`] seal what they return themselves): appends the `edgebox.seal` section
/// (edgebox-seal) that records this compiler's WAMR build, and the bounds-check mode and CPU
/// recorded in the file, with a digest of the whole file, which `edgebox` checks before it
/// loads anything. The file's bytes are kept as they are; a sealed file is refused.
pub fn seal(aot: &[u8]) -> Result<Vec<u8>, AotError> {
    let bad = |what: String| AotError::Seal(what);
    let file = edgebox_aot_file::AotFile::parse(aot).map_err(|e| bad(e.to_string()))?;
    if file.raw_custom_section(edgebox_seal::SECTION).is_some() {
        return Err(bad("it is sealed already".into()));
    }
    let text = |name: &str| {
        file.raw_custom_section(name)
            .and_then(|payload| std::str::from_utf8(payload).ok())
            .map(str::to_string)
            .ok_or_else(|| bad(format!("it has no `{name}` record")))
    };
    let bounds_checks = text(BOUNDS_CHECKS_SECTION)?;
    let cpu_record = text(CPU_SECTION)?;
    let malformed = || bad(format!("its `{CPU_SECTION}` record is malformed"));
    let (cpu, words) = cpu_record.split_once(' ').ok_or_else(malformed)?;
    let features = edgebox_seal::Features::from_hex(words.split(' ')).ok_or_else(malformed)?;
    let record = edgebox_seal::Record {
        wamr: WAMR_BUILD.to_string(),
        bounds_checks,
        cpu: cpu.to_string(),
        features,
    };
    let mut sealed = aot.to_vec();
    edgebox_seal::append(&mut sealed, &record);
    Ok(sealed)
}

/// The WAMR build this compiler's code is for, as seals record it: the version and our patch
/// set's fingerprint (`2.4.3+1a2b...`); the runtime must be the same build.
pub const WAMR_BUILD: &str = env!("EDGEBOX_AOT_WAMR_BUILD");

/// The version of the LLVM library this process runs (`19.1.7`): libLLVM is linked dynamically,
/// so a system upgrade changes it under the same [`COMPILER_ID`]; cache keys include both.
pub fn llvm_version() -> String {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: LLVMGetVersion only writes the three integers.
    unsafe { ffi::LLVMGetVersion(&mut major, &mut minor, &mut patch) };
    format!("{major}.{minor}.{patch}")
}

/// How many functions `wasm` defines (imports not counted): the end of a [`Functions::Range`]
/// that runs to the last function.
pub fn defined_functions(wasm: &[u8]) -> Result<u32, AotError> {
    wasm::defined_function_count(wasm)
}

/// The bounds-check mode recorded in an .aot image made by [`compile`], or `None` if `aot` is
/// not an .aot image or has no (or an unknown) [`BOUNDS_CHECKS_SECTION`].
pub fn bounds_checks_of(aot: &[u8]) -> Option<BoundsChecks> {
    let file = edgebox_aot_file::AotFile::parse(aot).ok()?;
    file.raw_custom_section(BOUNDS_CHECKS_SECTION)
        .and_then(BoundsChecks::from_marker)
}

fn check_header(wasm: &[u8]) -> Result<(), AotError> {
    if wasm.starts_with(&wasm::HEADER) {
        Ok(())
    } else if wasm.starts_with(&edgebox_aot_file::MAGIC) {
        Err(AotError::NotWasm(
            "this is already a WAMR .aot file (it starts with \\0aot)",
        ))
    } else if wasm.starts_with(&wasm::HEADER[..4]) {
        Err(AotError::NotWasm(
            "unsupported wasm binary version (WAMR loads version 1)",
        ))
    } else {
        Err(AotError::NotWasm(NO_WASM_MAGIC))
    }
}

const NO_WASM_MAGIC: &str = "it does not start with the wasm magic number \\0asm";

/// A temporary path as a C string.
fn c_string(bytes: &[u8]) -> Result<CString, AotError> {
    CString::new(bytes).map_err(|_| {
        AotError::TempDir(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the temporary path contains a NUL byte",
        ))
    })
}

/// A driver call that failed: its status code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DriverFailure {
    code: i32,
    message: String,
}

impl From<DriverFailure> for AotError {
    fn from(failure: DriverFailure) -> AotError {
        let DriverFailure { code, message } = failure;
        let stage = match code {
            ffi::code::INIT => return AotError::Init(message),
            ffi::code::NOT_WASM => return AotError::NotWasm(NO_WASM_MAGIC),
            ffi::code::LOAD => return AotError::InvalidWasm(message),
            ffi::code::COMP_DATA => Stage::PrepareModule,
            ffi::code::COMP_CONTEXT => Stage::CreateContext,
            ffi::code::COMPILE => Stage::Compile,
            ffi::code::EMIT => Stage::Emit,
            _ => {
                return AotError::Compile {
                    stage: Stage::Emit,
                    message: format!("the driver returned status {code} and no image"),
                }
            }
        };
        AotError::Compile { stage, message }
    }
}

/// Runs the C driver; the caller holds [`COMPILER`].
fn run_driver(
    module: &mut [u8],
    module_size: u32,
    options: &ffi::DriverOptions,
) -> Result<Vec<u8>, DriverFailure> {
    let mut out: *mut u8 = ptr::null_mut();
    let mut out_size: u32 = 0;
    let mut error = [0 as c_char; 512];
    // SAFETY: every pointer is valid for the call: `module` is writable and `module_size` long
    // (WAMR's loader may modify it and keeps pointers into it until the call returns), the
    // strings in `options` outlive the call, and `error` is as long as we say. The driver is not
    // reentrant, which COMPILER (held by our caller) guarantees.
    let code = unsafe {
        ffi::edgebox_aot_compile(
            module.as_mut_ptr(),
            module_size,
            options,
            &mut out,
            &mut out_size,
            error.as_mut_ptr(),
            error.len() as u32,
        )
    };
    if code == ffi::code::OK && !out.is_null() {
        // SAFETY: on success the driver returns a buffer of `out_size` bytes that stays valid
        // until it is freed with edgebox_aot_free, right after this copy.
        let aot = unsafe { std::slice::from_raw_parts(out, out_size as usize) }.to_vec();
        // SAFETY: `out` came from edgebox_aot_compile and is freed once.
        unsafe { ffi::edgebox_aot_free(out) };
        return Ok(aot);
    }
    // SAFETY: the driver NUL-terminates `error` on failure, and it was zeroed before.
    let message = unsafe { CStr::from_ptr(error.as_ptr()) }.to_string_lossy();
    let message = message
        .strip_prefix("Error: ")
        .unwrap_or(&message)
        .to_string();
    if code == ffi::code::OK {
        return Err(DriverFailure {
            code: ffi::code::EMIT,
            message: "the driver reported success but returned no image".into(),
        });
    }
    Err(DriverFailure { code, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        for mode in [BoundsChecks::Hardware, BoundsChecks::Software] {
            assert_eq!(BoundsChecks::from_marker(mode.marker()), Some(mode));
        }
        assert_eq!(BoundsChecks::from_marker(b"hws"), None);
        assert_eq!(BoundsChecks::from_marker(b""), None);
    }
}
