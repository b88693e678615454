//! The freezer: compiles QuickJS-NG bytecode functions to C that the guest engine calls instead
//! of interpreting them (see the `0002-frozen-functions` QuickJS patch for the hook).
//!
//! For every function in a bytecode file, [`freeze`] decides whether it can be frozen
//! ([`analysis`]: every opcode has a handler pattern this generator takes, no generator/async,
//! no locals captured by closures), renders it through the Handlebars templates of its
//! instructions' handler patterns ([`emit`]), and adds a native int32 path to self-recursive
//! numeric functions ([`native`]). The generated file ends with `edgebox_frozen_lookup`, which the
//! guest glue installs with `JS_SetFrozenLookup`. The [`Report`] says what was frozen and, for
//! every function that was not, why.

pub mod analysis;
pub mod emit;
pub mod insn;
pub mod native;
pub mod qjsc;
mod report;
pub mod stack_ops;

use std::collections::BTreeSet;

use serde_json::json;

use edgebox_bytecode::{Bytecode, Function};
use edgebox_opcodes::Opcode;

pub use analysis::Rejection;
pub use report::{FunctionReport, Outcome, Report};

/// Why a bytecode file could not be frozen at all.
#[derive(Debug, thiserror::Error)]
pub enum FreezeError {
    /// The bytecode could not be read (version, truncation, garbage).
    #[error("{source_name}: {error}")]
    Bytecode {
        /// The file (or name) the bytecode came from.
        source_name: String,
        /// What the reader reported.
        error: edgebox_bytecode::ReadError,
    },
}

/// The frozen C and what went into it.
#[derive(Debug, Clone)]
pub struct Frozen {
    /// A C file defining the frozen functions and `edgebox_frozen_lookup`.
    pub c_source: String,
    /// What was frozen, and why the rest was not.
    pub report: Report,
}

/// What to freeze.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options<'a> {
    /// Freeze eligible functions (false: emit only an empty lookup, for `--no-freeze`).
    pub enabled: bool,
    /// Give self-recursive numeric functions a native int32 path.
    pub native_paths: bool,
    /// Unroll native paths with few self-calls one level (off: one native call per JS call, as
    /// the benchmarks use to compare equal work).
    pub unroll_recursion: bool,
    /// Only the functions with these ordinals are the app's; the rest (module wrappers, the
    /// Node layer, the bundle's runtime) run in the interpreter and are left out of the report.
    /// `None`: every function is the app's.
    pub app_functions: Option<&'a BTreeSet<u32>>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            enabled: true,
            native_paths: true,
            unroll_recursion: true,
            app_functions: None,
        }
    }
}

/// Names of the opcodes the freezer compiles (every opcode with a handler pattern, except the
/// patterns that need the interpreter's frame).
pub fn supported_opcodes() -> Vec<&'static str> {
    Opcode::ALL
        .iter()
        .filter(|op| !op.info().temporary)
        .filter(|op| {
            op.pattern().is_some_and(|p| {
                !matches!(
                    p,
                    edgebox_opcodes::HandlerPattern::Closure
                        | edgebox_opcodes::HandlerPattern::CloseLocal
                )
            })
        })
        .map(|op| op.name())
        .collect()
}

/// Freezes the functions of serialized bytecode (`JS_WriteObject` output). `source_name`
/// names the input in errors and in the generated file's header.
pub fn freeze(bytecode: &[u8], source_name: &str, options: Options) -> Result<Frozen, FreezeError> {
    let parsed = edgebox_bytecode::read(bytecode).map_err(|error| FreezeError::Bytecode {
        source_name: source_name.to_string(),
        error,
    })?;
    Ok(freeze_parsed(&parsed, source_name, options))
}

fn freeze_parsed(bytecode: &Bytecode, source_name: &str, options: Options) -> Frozen {
    let hb = emit::registry();
    let mut functions = Vec::new();
    let mut entries = Vec::new();
    let mut reports = Vec::new();
    for function in bytecode.functions() {
        if options
            .app_functions
            .is_some_and(|app| !app.contains(&function.ordinal))
        {
            continue;
        }
        let outcome = if options.enabled {
            freeze_one(&hb, function, options, &mut functions, &mut entries)
        } else {
            Outcome::Disabled
        };
        reports.push(FunctionReport::new(function, outcome));
    }
    let report = Report { functions: reports };
    let c_source = hb
        .render(
            "module",
            &json!({
                "source": source_name,
                "frozen_count": entries.len(),
                "function_count": report.functions.len(),
                "functions": functions,
                "entries": entries,
            }),
        )
        .unwrap_or_else(|e| panic!("module template: {e}"));
    Frozen { c_source, report }
}

fn freeze_one(
    hb: &handlebars::Handlebars<'_>,
    function: &Function,
    options: Options,
    functions: &mut Vec<String>,
    entries: &mut Vec<serde_json::Value>,
) -> Outcome {
    let plan = match analysis::plan(function) {
        Ok(plan) => plan,
        Err(why) => return Outcome::Rejected(why),
    };
    let native = options
        .native_paths
        .then(|| {
            native::render(
                function,
                &plan,
                &emit::c_name(function, "edgebox_native"),
                options.unroll_recursion,
            )
        })
        .flatten();
    let has_native = native.is_some();
    functions.push(emit::function(hb, function, &plan, native));
    entries.push(json!({
        "ordinal": function.ordinal,
        "code_len": function.code.len(),
        "code_hash": format!("0x{:016x}", function.code_hash),
        "cname": emit::c_name(function, "edgebox_frozen"),
    }));
    Outcome::Frozen {
        instructions: plan.insns.len(),
        native: has_native,
    }
}
