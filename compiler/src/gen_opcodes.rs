//! `edgeboxc gen-opcodes`: regenerates the opcode table from a header (e.g. a newer QuickJS-NG)
//! and reports how it differs from the table edgeboxc was built with.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use edgebox_opcode_spec::{compare, parse, render_rust, OpcodeDef, Report, Spec, SpecError};
use edgebox_opcodes::{pattern, Opcode};

use crate::cli::GenOpcodesArgs;
use crate::fsutil::write_atomic;

/// Why gen-opcodes failed.
#[derive(Debug, thiserror::Error)]
pub enum GenOpcodesError {
    /// The header could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The header.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The header is not a valid opcode list.
    #[error("{0}\n  (a quickjs-opcode.h lists FMT(name) entries in `#ifdef FMT` and DEF/def(name, size, n_pop, n_push, format) entries in `#ifdef DEF`)")]
    Spec(SpecError),
    /// The table could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What gen-opcodes found, printed as its report.
#[derive(Debug)]
pub struct Summary {
    /// The header read.
    pub header: String,
    /// What it was compared against.
    pub base: String,
    /// The parsed header.
    pub spec: Spec,
    /// Differences from the base.
    pub report: Report,
    /// Runtime opcodes with no handler pattern (the freezer cannot handle them).
    pub unhandled: Vec<String>,
    /// Where the Rust table was written, if anywhere.
    pub written: Option<String>,
}

/// Runs the command.
pub fn run(args: &GenOpcodesArgs) -> Result<Summary, GenOpcodesError> {
    let header_path = args
        .header
        .clone()
        .unwrap_or_else(edgebox_vendor::opcode_header);
    let header = if args.header.is_some() {
        header_path.display().to_string()
    } else {
        format!(
            "{} (pinned QuickJS-NG {})",
            header_path.display(),
            edgebox_vendor::Component::QuickJs.version()
        )
    };
    let spec = read_spec(&header_path)?;
    let (base_spec, base) = match &args.base {
        Some(path) => (read_spec(path)?, path.display().to_string()),
        None => (built_in_spec(), "the table built into edgeboxc".to_string()),
    };
    let report = compare(&base_spec, &spec);
    let unhandled = spec
        .runtime()
        .filter(|op| pattern(&op.name).is_none())
        .map(|op| op.name.clone())
        .collect();

    let written = match &args.out {
        None => None,
        Some(out) => {
            let label = header_path
                .file_name()
                .map_or("header".into(), |n| n.to_string_lossy().into_owned());
            let code = render_rust(&spec, &label, &header_path.display().to_string())
                .map_err(GenOpcodesError::Spec)?;
            let write_err = |source| GenOpcodesError::Write {
                path: out.clone(),
                source,
            };
            if out == Path::new("-") {
                std::io::stdout()
                    .write_all(code.as_bytes())
                    .map_err(write_err)?;
                Some("standard output".into())
            } else {
                write_atomic(out, code.as_bytes()).map_err(write_err)?;
                Some(out.display().to_string())
            }
        }
    };
    Ok(Summary {
        header,
        base,
        spec,
        report,
        unhandled,
        written,
    })
}

fn read_spec(path: &Path) -> Result<Spec, GenOpcodesError> {
    let text = std::fs::read_to_string(path).map_err(|source| GenOpcodesError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&path.display().to_string(), &text).map_err(GenOpcodesError::Spec)
}

/// The compiled-in table as a [`Spec`], so it can be compared with any header.
fn built_in_spec() -> Spec {
    Spec {
        formats: edgebox_opcodes::Format::ALL
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        opcodes: Opcode::ALL
            .iter()
            .map(|op| {
                let i = op.info();
                OpcodeDef {
                    name: i.name.into(),
                    byte: i.byte,
                    size: i.size,
                    n_pop: i.n_pop,
                    n_push: i.n_push,
                    format: i.format.name().into(),
                    temporary: i.temporary,
                    line: 0,
                }
            })
            .collect(),
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let runtime = self.spec.runtime().count();
        writeln!(f, "header:   {}", self.header)?;
        writeln!(
            f,
            "opcodes:  {} ({runtime} runtime, {} temporary), {} formats",
            self.spec.opcodes.len(),
            self.spec.opcodes.len() - runtime,
            self.spec.formats.len()
        )?;
        writeln!(
            f,
            "compared with {}: {}",
            self.base,
            if self.report.is_empty() {
                "no differences"
            } else {
                ""
            }
        )?;
        if !self.report.is_empty() {
            for line in self.report.to_string().lines() {
                writeln!(f, "  {line}")?;
            }
        }
        writeln!(
            f,
            "handler patterns: {} of {runtime} runtime opcodes; without one ({}): {}",
            runtime - self.unhandled.len(),
            self.unhandled.len(),
            self.unhandled.join(", ")
        )?;
        if let Some(out) = &self.written {
            writeln!(f, "wrote the Rust opcode table to {out}")?;
        }
        Ok(())
    }
}
