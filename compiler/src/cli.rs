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
    /// Check every tool and library the pipeline calls; print the fix for anything missing.
    #[command(after_help = "\
Examples:
  edgeboxc doctor            # all green: exit 0; anything missing: its install command, exit 1

Everything doctor checks is installed by scripts/setup.sh.")]
    Doctor,

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
