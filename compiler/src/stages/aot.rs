//! Stage `aot`: `.wasm` → `.aot` with WAMR's AOT compiler (LLVM 19), in one of two ways.
//!
//! - **Engine reused** (the default): the engine's functions are compiled once, from the engine
//!   module with no app ([`engine_unit`], in as many units side by side as there are jobs), and
//!   cached; per app only the functions after the
//!   engine's are compiled ([`app_unit`]), and [`link_units`] combines the two into one `.aot`
//!   (edgebox-aot-file). The engine's part of every linked module is the engine module's own
//!   (edgebox-wasm-link), so its compiled code is valid for every app; the link refuses units
//!   compiled against different engines.
//! - **Whole module** ([`whole`]): every function compiled in one go, as a reference.

use edgebox_aot::{AotError, Functions, Options, TargetCpu};
use edgebox_wasm_link::ENGINE_SECTION;

/// Why the two compilations could not be combined.
#[derive(Debug, thiserror::Error)]
pub enum AotLinkError {
    /// A unit is not a readable `.aot` (a bug, or a corrupt cache entry).
    #[error("cannot read the {unit} unit: {source}")]
    Read {
        /// `engine` or `app`.
        unit: &'static str,
        /// What is wrong.
        source: edgebox_aot_file::AotFileError,
    },
    /// The units do not fit together.
    #[error(transparent)]
    Link(#[from] edgebox_aot_file::LinkError),
    /// The linked file could not be sealed.
    #[error(transparent)]
    Seal(#[from] AotError),
}

/// What every unit of one build is compiled for.
#[derive(Debug, Clone)]
pub struct Target {
    /// LLVM optimization level, 0 to 3.
    pub opt_level: u32,
    /// The CPU the code is compiled for.
    pub cpu: TargetCpu,
}

/// The options of a unit; `app`: one with the app's code, which carries its sources record.
fn options(target: &Target, functions: Functions, app: bool) -> Options {
    let mut custom_sections = vec![ENGINE_SECTION.to_string()];
    if app {
        custom_sections.push(edgebox_aot_file::SOURCES_SECTION.to_string());
    }
    Options {
        opt_level: target.opt_level,
        target_cpu: target.cpu.clone(),
        functions,
        custom_sections,
        ..Options::default()
    }
}

/// The options the engine unit is compiled with, for its cache key.
pub fn engine_options(target: &Target) -> Options {
    options(target, Functions::All, false)
}

/// Compiles every function of `engine_module` (the engine linked with no app), split into
/// `jobs` units that compile side by side in processes of their own and are then linked
/// (`edgebox_aot::compile_split`); the result depends on `jobs`, so its cache key must too.
pub fn engine_unit(
    engine_module: &[u8],
    target: &Target,
    jobs: usize,
) -> Result<Vec<u8>, AotError> {
    edgebox_aot::compile_split(engine_module, &engine_options(target), jobs)
}

/// The options an app unit of `module` is compiled with, for its cache key.
pub fn app_options(
    module: &[u8],
    engine_functions: u32,
    target: &Target,
) -> Result<Options, AotError> {
    let defined = edgebox_aot::defined_functions(module)?;
    Ok(options(
        target,
        Functions::Range(engine_functions..defined),
        true,
    ))
}

/// Compiles only the app's functions of `module`: those after the engine's `engine_functions`.
pub fn app_unit(
    module: &[u8],
    engine_functions: u32,
    target: &Target,
) -> Result<Vec<u8>, AotError> {
    edgebox_aot::compile(module, &app_options(module, engine_functions, target)?)
}

/// Combines an engine unit and an app unit into one sealed `.aot`.
pub fn link_units(engine: &[u8], app: &[u8]) -> Result<Vec<u8>, AotLinkError> {
    let read = |unit: &'static str, bytes| {
        edgebox_aot_file::AotFile::parse(bytes)
            .map_err(|source| AotLinkError::Read { unit, source })
    };
    let linked = edgebox_aot_file::link(&read("engine", engine)?, &read("app", app)?)?;
    Ok(edgebox_aot::seal(&linked)?)
}

/// The options the whole module is compiled with, for its cache key.
pub fn whole_options(target: &Target) -> Options {
    options(target, Functions::All, true)
}

/// Compiles every function of `module`.
pub fn whole(module: &[u8], target: &Target) -> Result<Vec<u8>, AotError> {
    edgebox_aot::compile(module, &whole_options(target))
}
