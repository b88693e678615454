//! Minimal command line around `edgebox_aot::compile`, for trying the compiler and timing it
//! before `edgeboxc aot` exists:
//!
//! ```text
//! cargo run -p edgebox-aot --release --example aotc -- in.wasm out.aot [--software] [--opt N] [--size N] [--functions A..B | --jobs N] [--keep-section NAME]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use edgebox_aot::{bounds_checks_of, compile_split, BoundsChecks, Functions, Options};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aotc: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut options = Options::default();
    let mut paths = Vec::new();
    let mut jobs = 1usize;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--software" => options.bounds_checks = BoundsChecks::Software,
            "--opt" => options.opt_level = level(args.next(), "--opt")?,
            "--size" => options.size_level = level(args.next(), "--size")?,
            "--functions" => options.functions = functions(args.next())?,
            "--jobs" => jobs = number(args.next(), "--jobs")?,
            "--keep-section" => options
                .custom_sections
                .push(args.next().ok_or("--keep-section needs a name")?),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let [input, output] = paths.as_slice() else {
        return Err(
            "usage: aotc in.wasm out.aot [--software] [--opt N] [--size N] [--functions A..B | --jobs N] [--keep-section NAME]"
                .into(),
        );
    };

    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let start = Instant::now();
    // One job (the default) is a plain `compile`.
    let aot =
        compile_split(&wasm, &options, jobs).map_err(|e| format!("{}: {e}", input.display()))?;
    let elapsed = start.elapsed();
    write_atomically(output, &aot)?;
    println!(
        "{} ({} bytes) -> {} ({} bytes, {} bounds checks) in {:.2?}",
        input.display(),
        wasm.len(),
        output.display(),
        aot.len(),
        bounds_checks_of(&aot).map_or("unknown".to_string(), |m| m.to_string()),
        elapsed
    );
    Ok(())
}

fn level(value: Option<String>, flag: &str) -> Result<u32, String> {
    value
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{flag} needs a number from 0 to 3"))
}

fn functions(value: Option<String>) -> Result<Functions, String> {
    let usage = || "--functions needs a range of defined functions, A..B".to_string();
    let value = value.ok_or_else(usage)?;
    let (start, end) = value.split_once("..").ok_or_else(usage)?;
    let start = start.parse().map_err(|_| usage())?;
    let end = end.parse().map_err(|_| usage())?;
    Ok(Functions::Range(start..end))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::io::Write::write_all(&mut temp, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    // NamedTempFile is created 0600; an .aot is an ordinary build output.
    std::fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    temp.persist(path)
        .map_err(|e| format!("{}: {}", path.display(), e.error))?;
    Ok(())
}

fn number(arg: Option<String>, flag: &str) -> Result<usize, String> {
    arg.and_then(|a| a.parse().ok())
        .ok_or_else(|| format!("{flag} needs a number"))
}
