//! `edgeboxc`: the EdgeBox compiler's command line. Errors from the library modules are typed;
//! they are rendered here, once.

use std::process::ExitCode;

use clap::Parser;

use edgebox_compiler::cli::{Cli, Command};
use edgebox_compiler::{doctor, gen_opcodes};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Doctor => {
            let report = doctor::run(&doctor::Toolchain::debian());
            print!("{report}");
            return if report.all_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Command::GenOpcodes(args) => gen_opcodes::run(&args).map(|summary| print!("{summary}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}
