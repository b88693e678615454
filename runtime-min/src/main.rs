//! `edgebox`: runs a WASI command module (`.aot` or `.wasm`) under its sandbox policy.
//! This file is the CLI edge: it renders errors once and maps every ending to an exit code.

use std::io::Write;
use std::process::ExitCode;

use edgebox_runtime_min::cli::{self, Command};
use edgebox_runtime_min::run::{self, Outcome, RunError};
use edgebox_runtime_min::{artifact, trace};

/// Exit codes of edgebox itself (an app that runs gets its own exit code passed through).
mod exit {
    /// Bad command line or invalid policy file.
    pub(crate) const USAGE: u8 = 2;
    /// The artifact cannot be read, is not wasm/aot, is refused (its seal: corrupt, truncated,
    /// another WAMR, bounds-check mode or CPU), does not load, does not instantiate, or has no
    /// `_start`.
    pub(crate) const ARTIFACT: u8 = 3;
    /// The host failed (runtime initialization, thread creation), or a `useKeychain` secret
    /// could not be read.
    pub(crate) const HOST: u8 = 4;
    /// A run limit of the policy (wall time, CPU time, instructions) stopped the app (like
    /// GNU timeout).
    pub(crate) const LIMIT: u8 = 124;
    /// The app trapped (like wasmtime: 128 + SIGABRT).
    pub(crate) const TRAP: u8 = 134;
}

fn main() -> ExitCode {
    trace::init();
    let command = match cli::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("edgebox: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(exit::USAGE);
        }
    };
    let args = match command {
        Command::Help => return print(cli::USAGE),
        Command::Version => {
            return print(&format!(
                "edgebox {} (WAMR {}, bounds checks: {})\n",
                env!("CARGO_PKG_VERSION"),
                env!("EDGEBOX_WAMR_VERSION"),
                artifact::BoundsCheckMode::of_runtime().marker()
            ))
        }
        Command::ExplainPolicy(args) => {
            return match run::explain_policy(&args) {
                Ok(text) => print(&text),
                Err(error) => {
                    eprintln!("edgebox: {error}");
                    ExitCode::from(exit::USAGE)
                }
            }
        }
        Command::Run(args) => args,
    };
    let result = run::run(&args);
    trace::report();
    match result {
        // WASI exit codes are u32; the OS keeps the low 8 bits, as for a native exit().
        Ok(Outcome::Exited(code)) => ExitCode::from(code as u8),
        Ok(Outcome::Trapped(message)) => {
            eprintln!("edgebox: {}: trap: {message}", args.artifact.display());
            ExitCode::from(exit::TRAP)
        }
        Ok(Outcome::Limited(limit)) => {
            eprintln!(
                "edgebox: {}: {limit} exceeded ({})",
                args.artifact.display(),
                limit.field()
            );
            ExitCode::from(exit::LIMIT)
        }
        Err(error) => {
            eprintln!("edgebox: {error}");
            ExitCode::from(match error {
                RunError::Policy(_) | RunError::Mismatch { .. } => exit::USAGE,
                RunError::Artifact { .. } => exit::ARTIFACT,
                RunError::Host(_) | RunError::Keychain(_) => exit::HOST,
            })
        }
    }
}

fn print(text: &str) -> ExitCode {
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(exit::HOST),
    }
}
