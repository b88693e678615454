//! `edgeboxc`: the EdgeBox compiler's command line. Errors from the library modules are typed;
//! they are rendered here, once.

use std::error::Error;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use edgebox_compiler::cli::{
    AotArgs, BoundsChecksArg, BuildArgs, Cli, Command, FreezeArgs, RunArgs, SnapshotArgs,
};
use edgebox_compiler::pipeline::{self, BuildOptions};
use edgebox_compiler::progress::TerminalProgress;
use edgebox_compiler::{cache, doctor, fsutil, gen_opcodes, runtime};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            // Every error's message already includes its cause.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn Error>> {
    match cli.command {
        Command::Doctor => {
            let report = doctor::run(&doctor::Toolchain::debian());
            print!("{report}");
            Ok(if report.all_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::GenOpcodes(args) => {
            print!("{}", gen_opcodes::run(&args)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Build(args) => build(&args),
        Command::Run(args) => run_app(&args),
        Command::Aot(args) => aot(&args),
        Command::Freeze(args) => freeze(&args),
        Command::Snapshot(args) => snapshot(&args),
    }
}

fn build(args: &BuildArgs) -> Result<ExitCode, Box<dyn Error>> {
    let report = build_report(args)?;
    summarize(args, &report);
    let artifact = report.aot.as_ref().unwrap_or(&report.wasm);
    eprintln!("run it with: edgebox {}", artifact.display());
    match &report.policy {
        Some(_) => eprintln!(
            "what it may touch: edgebox --explain-policy {}",
            artifact.display()
        ),
        None => eprintln!(
            "no .edgebox.json: the app gets no files, environment variables, commands or network"
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `edgeboxc run`: the build (its progress and warnings only), then `edgebox` in this process's
/// place, so the app's output, exit code and signals are the run's own.
fn run_app(args: &RunArgs) -> Result<ExitCode, Box<dyn Error>> {
    let runtime = runtime::find(args.runtime.as_deref())?;
    let report = build_report(&args.build)?;
    let artifact = report.aot.as_ref().unwrap_or(&report.wasm);
    let error = std::process::Command::new(&runtime)
        .arg(artifact)
        .args(&args.args)
        .exec();
    Err(format!("cannot run {}: {error}", runtime.display()).into())
}

/// Builds the app, printing its warnings.
fn build_report(args: &BuildArgs) -> Result<pipeline::BuildReport, Box<dyn Error>> {
    let cache_dir = cache::default_dir();
    let options = BuildOptions {
        input: args.input.clone(),
        out_dir: args.out_dir.clone(),
        no_aot: args.no_aot,
        no_freeze: args.no_freeze,
        no_unroll: args.no_unroll,
        opt_level: args.opt_level,
        whole_aot: args.whole_aot,
        jobs: args.jobs as usize,
        target_cpu: args.target_cpu.clone(),
        cache: (!args.no_cache).then(|| cache::Cache::new(&cache_dir)),
        kit_dir: cache_dir,
        no_snapshot: args.no_snapshot,
    };
    let report = pipeline::build(&options, &mut TerminalProgress::new(args.verbose))?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for risk in &report.policy_risks {
        eprintln!("warning: {risk}");
    }
    Ok(report)
}

/// What was built: modules, frozen functions, artifacts.
fn summarize(args: &BuildArgs, report: &pipeline::BuildReport) {
    let total: f64 = report.stages.iter().map(|s| s.duration.as_secs_f64()).sum();
    let public: Vec<&str> = report
        .node_modules
        .iter()
        .copied()
        .filter(|name| !edgebox_node::is_internal(name))
        .collect();
    eprintln!(
        "built {} ({} module{}{}) in {:.1} s",
        report.name,
        report.modules.len(),
        if report.modules.len() == 1 { "" } else { "s" },
        if public.is_empty() {
            String::new()
        } else {
            format!("; Node built-ins: {}", public.join(", "))
        },
        total
    );
    let frozen: Vec<String> = report
        .freeze
        .frozen()
        .map(|f| match f.outcome {
            edgebox_freezer::Outcome::Frozen { native: true, .. } => format!("{} (native)", f.name),
            _ => f.name.clone(),
        })
        .collect();
    eprintln!(
        "  froze {} of {} functions{}{}",
        frozen.len(),
        report.freeze.functions.len(),
        if frozen.is_empty() { "" } else { ": " },
        frozen.join(", ")
    );
    if args.verbose {
        eprint!("{}", report.freeze);
    }
    for path in [
        Some(&report.wasm),
        report.aot.as_ref(),
        report.policy.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        eprintln!("  {} ({} KB)", path.display(), size.div_ceil(1024));
    }
}

fn aot(args: &AotArgs) -> Result<ExitCode, Box<dyn Error>> {
    let wasm = std::fs::read(&args.input)
        .map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let bounds_checks = match args.bounds_checks {
        BoundsChecksArg::Hardware => edgebox_aot::BoundsChecks::Hardware,
        BoundsChecksArg::Software => edgebox_aot::BoundsChecks::Software,
    };
    let options = edgebox_aot::Options {
        opt_level: args.opt_level,
        bounds_checks,
        target_cpu: args.target_cpu.clone(),
        ..edgebox_aot::Options::default()
    };
    let aot = edgebox_aot::compile(&wasm, &options)
        .map_err(|e| format!("{}: {e}", args.input.display()))?;
    write_output(&args.output, &aot)?;
    eprintln!(
        "wrote {} ({} KB)",
        args.output.display(),
        aot.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

fn snapshot(args: &SnapshotArgs) -> Result<ExitCode, Box<dyn Error>> {
    let wasm = std::fs::read(&args.input)
        .map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let options = edgebox_snapshot::Options {
        init_func: args.init_func.clone(),
    };
    let snapshot = edgebox_snapshot::snapshot(&wasm, &options)
        .map_err(|e| format!("{}: {e}", args.input.display()))?;
    write_output(&args.output, &snapshot.wasm)?;
    eprintln!(
        "wrote {} ({} KB; {} pages of memory, {} KB in {} data segments)",
        args.output.display(),
        snapshot.wasm.len().div_ceil(1024),
        snapshot.memory_pages,
        snapshot.data_bytes.div_ceil(1024),
        snapshot.segments
    );
    Ok(ExitCode::SUCCESS)
}

fn freeze(args: &FreezeArgs) -> Result<ExitCode, Box<dyn Error>> {
    let file = args.input.display().to_string();
    let source =
        std::fs::read_to_string(&args.input).map_err(|e| format!("cannot read {file}: {e}"))?;
    let array = edgebox_freezer::qjsc::extract(&source, &file, args.array.as_deref())?;
    let source_name = format!("{file} ({})", array.name);
    if args.dump {
        let bytecode =
            edgebox_bytecode::read(&array.bytes).map_err(|e| format!("{source_name}: {e}"))?;
        print!("{}", edgebox_bytecode::disassemble(&bytecode));
        return Ok(ExitCode::SUCCESS);
    }
    let options = edgebox_freezer::Options {
        native_paths: !args.no_native,
        unroll_recursion: !args.no_unroll,
        ..edgebox_freezer::Options::default()
    };
    let frozen = edgebox_freezer::freeze(&array.bytes, &source_name, options)?;
    match &args.output {
        Some(path) => write_output(path, frozen.c_source.as_bytes())?,
        None => print!("{}", frozen.c_source),
    }
    let report = frozen.report.to_string();
    if args.explain {
        eprint!("{report}");
    } else {
        eprintln!("{}", report.lines().next().unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}

fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    fsutil::write_atomic(path, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}
