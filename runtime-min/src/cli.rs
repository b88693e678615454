//! Command-line parsing, by hand (edgebox has a size budget and a tiny grammar):
//! `edgebox [--config PATH] [--explain-policy] <app.aot|app.wasm> [args...]`, `--version`,
//! `--help`.
//! Options go before the artifact; everything after it belongs to the app.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

/// The usage text for `--help` and usage errors.
pub const USAGE: &str = "\
usage: edgebox [--config PATH] [--explain-policy] <app.aot | app.wasm> [args...]
       edgebox --version | --help

Runs a WASI command module (export `_start`) under its sandbox policy: by default
<folder>/<stem>.edgebox.json beside the artifact, or PATH with --config. Without a
policy file the app gets no directories and no environment variables.

options:
  --config PATH     use this policy file instead of the one beside the artifact
  --explain-policy  print what the policy grants, in words, and exit without running
  --version, -V     print the version, the WAMR version and the bounds-check mode
  --help, -h        print this help

environment:
  EDGEBOX_TRACE_STARTUP=1   print the time of each start-up phase to stderr
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run an artifact.
    Run(RunArgs),
    /// Print what the artifact's policy grants.
    ExplainPolicy(RunArgs),
    /// Print the version.
    Version,
    /// Print the usage.
    Help,
}

/// The arguments of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunArgs {
    /// The `.aot` / `.wasm` file, as given (also the app's argv[0]).
    pub artifact: PathBuf,
    /// `--config PATH`.
    pub config: Option<PathBuf>,
    /// The app's arguments after argv[0].
    pub args: Vec<OsString>,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let mut config = None;
    let mut explain = false;
    let artifact = loop {
        let Some(arg) = args.next() else {
            return Err("missing the artifact to run (an .aot or .wasm file)".into());
        };
        let text = arg.to_string_lossy();
        match text.as_ref() {
            "--help" | "-h" => return Ok(Command::Help),
            "--version" | "-V" => return Ok(Command::Version),
            "--explain-policy" => explain = true,
            "--config" => match args.next() {
                Some(path) => config = Some(PathBuf::from(path)),
                None => return Err("--config needs a PATH".into()),
            },
            "--" => match args.next() {
                Some(path) => break path,
                None => return Err("missing the artifact to run after `--`".into()),
            },
            _ if text.starts_with("--config=") => {
                let path = &arg.as_bytes()["--config=".len()..];
                config = Some(PathBuf::from(OsStr::from_bytes(path)));
            }
            _ if text.starts_with('-') && text.len() > 1 => {
                return Err(format!(
                    "unknown option `{text}` (options go before the artifact)"
                ));
            }
            _ => break arg,
        }
    };
    let run = RunArgs {
        artifact: PathBuf::from(artifact),
        config,
        args: args.collect(),
    };
    Ok(if explain {
        Command::ExplainPolicy(run)
    } else {
        Command::Run(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn parses_runs_and_passes_app_args_verbatim() {
        assert_eq!(
            run(&["--config", "p.json", "app.aot", "--help", "-x", "--"]),
            Ok(Command::Run(RunArgs {
                artifact: "app.aot".into(),
                config: Some("p.json".into()),
                args: ["--help", "-x", "--"].iter().map(OsString::from).collect(),
            }))
        );
        assert_eq!(
            run(&["--config=c.json", "--", "-app.wasm"]),
            Ok(Command::Run(RunArgs {
                artifact: "-app.wasm".into(),
                config: Some("c.json".into()),
                args: vec![],
            }))
        );
        assert_eq!(
            run(&["--explain-policy", "app.aot", "x"]),
            Ok(Command::ExplainPolicy(RunArgs {
                artifact: "app.aot".into(),
                config: None,
                args: vec!["x".into()],
            }))
        );
        assert_eq!(run(&["--version"]), Ok(Command::Version));
        assert_eq!(run(&["-h"]), Ok(Command::Help));
    }

    #[test]
    fn rejects_bad_command_lines() {
        assert!(run(&[]).unwrap_err().contains("missing the artifact"));
        assert!(run(&["--config"]).unwrap_err().contains("needs a PATH"));
        assert!(run(&["--conf", "a.aot"])
            .unwrap_err()
            .contains("unknown option `--conf`"));
        assert!(run(&["--"]).unwrap_err().contains("after `--`"));
    }
}
