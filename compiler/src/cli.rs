//! Command-line definitions for `edgeboxc`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// edgeboxc — compiles JavaScript apps into sandboxed, AOT-compiled WebAssembly modules.
#[derive(Debug, Parser)]
#[command(name = "edgeboxc", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build an app into a sandboxed WebAssembly module (.wasm) and native code (.aot).
    #[command(after_help = "\
Examples:
  edgeboxc build fixtures/hello              # -> fixtures/hello/dist/hello.wasm + hello.aot
  edgeboxc build app.js -o out --verbose     # one file; per-stage time and size
  edgeboxc build myapp --no-aot              # stop at the .wasm (runs in the interpreter)

The app's .edgebox.json (if any) is validated and written beside the artifacts as
<name>.edgebox.json, where `edgebox` reads it. Stage outputs are cached by content hash in
$EDGEBOX_CACHE_DIR (default ~/.cache/edgebox), so rebuilding an unchanged app takes well under a second.")]
    Build(BuildArgs),

    /// Build an app (cached) and run it with `edgebox`: one command for both.
    #[command(after_help = "\
Examples:
  edgeboxc run fixtures/hello                 # build (or reuse) dist/hello.aot, then run it
  edgeboxc run app.js one two --flag          # what follows the app goes to the app
  edgeboxc run --runtime target/dist/edgebox fixtures/hello

The build is the one `edgeboxc build` does, with the same options and cache; it prints its
progress and warnings on stderr, then edgebox takes this process's place, so the exit code and
output are the app's. The runtime is --runtime, else `edgebox` beside edgeboxc, else on PATH.")]
    Run(RunArgs),

    /// AOT-compile a .wasm into a WAMR .aot with LLVM 19.
    #[command(after_help = "\
Examples:
  edgeboxc aot app.wasm -o app.aot
  edgeboxc aot app.wasm -o app.aot --opt-level 1
  edgeboxc aot app.wasm -o app-sw.aot --bounds-checks software

The .aot records its bounds-check mode; `edgebox` refuses files built for another mode.")]
    Aot(AotArgs),

    /// Pre-initialize a .wasm: run its init export at build time and store the memory it leaves.
    #[command(after_help = "\
Examples:
  edgeboxc snapshot app.wasm app.snap.wasm
  edgeboxc snapshot lib.wasm lib.snap.wasm --init-func my_init

The init runs in an interpreter with a closed, deterministic WASI: clocks read a fixed time,
randomness is a fixed stream, there are no arguments, environment variables or directories, and
any other import (files, sockets, ...) stops the snapshot with an error naming it. Its memory
(non-zero ranges only) and mutable globals become the module's initial state, and the init
export is removed. `edgeboxc build` does this by default (--no-snapshot skips it).")]
    Snapshot(SnapshotArgs),

    /// Check every tool and library the pipeline calls; print the fix for anything missing.
    #[command(after_help = "\
Examples:
  edgeboxc doctor            # all green: exit 0; anything missing: its install command, exit 1

Everything doctor checks is installed by scripts/setup.sh.")]
    Doctor,

    /// Compile the functions of qjsc output (a C bytecode array) to C with exact semantics.
    #[command(after_help = "\
Examples:
  qjsc -o hello_bc.c hello.js && edgeboxc freeze hello_bc.c -o hello_frozen.c
  edgeboxc freeze hello_bc.c --explain           # what was frozen and, for the rest, why
  edgeboxc freeze hello_bc.c --dump              # disassemble the bytecode

The input is the C file `qjsc -o` writes (`const uint8_t qjsc_x[N] = { ... };`), read with a C
parser (tree-sitter-c). The output defines the frozen functions and `edgebox_frozen_lookup`,
which the EdgeBox guest installs with JS_SetFrozenLookup; it compiles against the patched
QuickJS-NG headers of the guest kit.")]
    Freeze(FreezeArgs),

    /// Regenerate the opcode table from a quickjs-opcode.h and report what changed.
    #[command(after_help = "\
Examples:
  edgeboxc gen-opcodes
      Summarize the pinned QuickJS-NG header (271 opcodes) against the built-in table.
  edgeboxc gen-opcodes --header ../quickjs-ng/quickjs-opcode.h
      After a QuickJS-NG upgrade: list opcodes added, removed, renumbered, changed in size,
      stack effect or format, and those with no handler pattern.
  edgeboxc gen-opcodes --header new.h --base old.h --out opcodes.rs
      Compare two headers and write the Rust table generated from new.h.")]
    GenOpcodes(GenOpcodesArgs),
}

/// Arguments of `edgeboxc freeze`.
#[derive(Debug, Args)]
pub struct FreezeArgs {
    /// qjsc output: a C file with one `uint8_t` bytecode array
    pub input: PathBuf,

    /// Write the frozen C here (written atomically) [default: stdout]
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// The array to read when the file has several
    #[arg(long, value_name = "NAME")]
    pub array: Option<String>,

    /// Print what was frozen and, for every function that was not, why
    #[arg(long)]
    pub explain: bool,

    /// Print the disassembled bytecode instead of freezing
    #[arg(long)]
    pub dump: bool,

    /// No native int32 paths for self-recursive functions
    #[arg(long)]
    pub no_native: bool,

    /// Do not unroll native paths one level (one native call per JS call)
    #[arg(long)]
    pub no_unroll: bool,
}

/// Arguments of `edgeboxc gen-opcodes`.
#[derive(Debug, Args)]
pub struct GenOpcodesArgs {
    /// Header to read [default: quickjs-opcode.h of the pinned QuickJS-NG 0.16.2]
    #[arg(long, value_name = "PATH")]
    pub header: Option<PathBuf>,

    /// Header to compare against [default: the table built into edgeboxc]
    #[arg(long, value_name = "PATH")]
    pub base: Option<PathBuf>,

    /// Write the generated Rust opcode table here (written atomically; `-` for stdout)
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// Arguments of `edgeboxc run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The build: the app and every option of `edgeboxc build`
    #[command(flatten)]
    pub build: BuildArgs,
    /// The `edgebox` runtime to run the app with (default: beside edgeboxc, else on PATH)
    #[arg(long, value_name = "PATH")]
    pub runtime: Option<PathBuf>,
    /// Arguments for the app (everything after the app)
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub args: Vec<std::ffi::OsString>,
}

/// Arguments of `edgeboxc build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// App directory (package.json `main`, or index.js / index.mjs) or a single .js/.mjs file
    pub input: PathBuf,

    /// Output directory [default: dist/ inside the app directory, or beside the file]
    #[arg(short, long, value_name = "OUTDIR")]
    pub out_dir: Option<PathBuf>,

    /// Stop after the .wasm (skip AOT compilation)
    #[arg(long)]
    pub no_aot: bool,

    /// Interpret every function: no frozen C
    #[arg(long)]
    pub no_freeze: bool,

    /// Do not unroll the native paths of self-recursive functions one level
    #[arg(long)]
    pub no_unroll: bool,

    /// LLVM optimization level of the AOT stage
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=3))]
    pub opt_level: u32,

    /// Print each stage's time and output size
    #[arg(short, long)]
    pub verbose: bool,

    /// Rebuild every stage, ignoring (and not filling) the cache
    #[arg(long)]
    pub no_cache: bool,

    /// Skip the build-time snapshot: the module initializes the engine at every start
    #[arg(long)]
    pub no_snapshot: bool,

    /// AOT-compile the whole module instead of reusing the engine's cached compiled code
    /// (slower: the reference the reuse is tested against)
    #[arg(long)]
    pub whole_aot: bool,

    /// Units the engine is compiled in, side by side in processes of their own (its compiled
    /// code depends on N, so the fixed default keeps builds identical across machines)
    #[arg(short, long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub jobs: u32,

    /// The CPU the code is compiled for: a portable x86-64 level (x86-64, x86-64-v2,
    /// x86-64-v3, x86-64-v4) or `native` (this machine's CPU with all its features; the .aot
    /// then runs only on CPUs that have them all)
    #[arg(long, value_name = "CPU", default_value = edgebox_aot::DEFAULT_TARGET_CPU, value_parser = parse_target_cpu)]
    pub target_cpu: edgebox_aot::TargetCpu,
}

/// Arguments of `edgeboxc snapshot`.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The WebAssembly module to pre-initialize
    pub input: PathBuf,

    /// Where to write the pre-initialized module (written atomically)
    pub output: PathBuf,

    /// The exported function to run at build time
    #[arg(long, value_name = "NAME", default_value = edgebox_snapshot::DEFAULT_INIT_FUNC)]
    pub init_func: String,
}

/// Arguments of `edgeboxc aot`.
#[derive(Debug, Args)]
pub struct AotArgs {
    /// The WebAssembly module to compile
    pub input: PathBuf,

    /// Where to write the .aot (written atomically)
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,

    /// LLVM optimization level
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=3))]
    pub opt_level: u32,

    /// Bounds-check mode recorded in the .aot; `edgebox` runs only `hardware` files
    #[arg(long, value_enum, default_value_t = BoundsChecksArg::Hardware)]
    pub bounds_checks: BoundsChecksArg,

    /// The CPU the code is compiled for: a portable x86-64 level or `native`
    #[arg(long, value_name = "CPU", default_value = edgebox_aot::DEFAULT_TARGET_CPU, value_parser = parse_target_cpu)]
    pub target_cpu: edgebox_aot::TargetCpu,
}

/// How compiled code keeps memory accesses inside the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BoundsChecksArg {
    /// Guard pages: no per-access cost (what `edgebox` is built for)
    Hardware,
    /// Explicit checks on every access: slower code, cheaper start-up
    Software,
}

/// `--target-cpu`: `native` or a portable level.
fn parse_target_cpu(name: &str) -> Result<edgebox_aot::TargetCpu, String> {
    edgebox_aot::TargetCpu::parse(name).ok_or_else(|| {
        format!(
            "unknown CPU {name:?}: use `native` or one of {}",
            edgebox_seal::levels().collect::<Vec<_>>().join(", ")
        )
    })
}
