//! `edgeboxc build`: the stages in order, each expensive one cached by the hash of what
//! determines its output, progress reported to an [`Observer`], and the artifacts written as one
//! set once every stage has succeeded.
//!
//! ```text
//! bundle → bytecode → freeze ─────────────┐
//! engine (once per engine build) ──┬─► app ─► link → snapshot → aot (engine code reused)
//!                                  └─────────────────────────────┘
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::{Cache, Key};
use crate::stages::aot::AotLinkError;
use crate::stages::app::AppError;
use crate::stages::artifacts::{self, Artifact, ArtifactError};
use crate::stages::engine::{EngineError, EngineOptions};
use crate::stages::link::{EngineLayout, LinkError};
use crate::stages::snapshot::SnapshotError;
use crate::stages::{aot, app, bundle, bytecode, clang, engine, freeze, link, snapshot};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// An app directory (package.json `main`, or index.js / index.mjs) or a single .js file.
    pub input: PathBuf,
    /// Where artifacts go; default: `dist/` in the app directory (or beside the file).
    pub out_dir: Option<PathBuf>,
    /// Stop at the `.wasm` (no AOT compilation).
    pub no_aot: bool,
    /// Interpret every function (no frozen C).
    pub no_freeze: bool,
    /// Do not unroll native paths of self-recursive functions.
    pub no_unroll: bool,
    /// LLVM optimization level for the AOT stage (0–3).
    pub opt_level: u32,
    /// Compile the whole module to `.aot` in one go instead of reusing the engine's compiled
    /// code (slower; the reference the reuse is tested against).
    pub whole_aot: bool,
    /// How many units the engine is compiled in, side by side (at least 1).
    pub jobs: usize,
    /// The CPU the code is compiled for.
    pub target_cpu: edgebox_aot::TargetCpu,
    /// Cache for stage outputs; `None` disables caching.
    pub cache: Option<Cache>,
    /// Folder the guest kit (engine archive, headers, glue) is written to.
    pub kit_dir: PathBuf,
    /// Skip the snapshot stage: the module initializes the engine at every start.
    pub no_snapshot: bool,
}

/// The pipeline's stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// JS files → one program (swc_core).
    Bundle,
    /// Program → QuickJS-NG bytecode.
    Bytecode,
    /// Bytecode → C for the functions that can be frozen (edgebox-freezer).
    Freeze,
    /// QuickJS-NG + libc + glue → the engine module (clang-19, wasm-ld, wasm-opt): once per
    /// engine build, shared by every app.
    Engine,
    /// Frozen C → the app's module, linked against the engine (clang-19, wasm-ld, wasm-opt).
    App,
    /// App module + bytecode placed into the engine module (edgebox-wasm-link).
    Link,
    /// `.wasm` → pre-initialized `.wasm`: the init runs at build time (wasmi).
    Snapshot,
    /// The engine's functions → machine code (WAMR compiler, LLVM 19): once per engine build.
    EngineAot,
    /// The app's functions → machine code, combined with the engine's into the `.aot`.
    Aot,
}

impl Stage {
    /// Lower-case name used in progress and reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Bundle => "bundle",
            Stage::Bytecode => "bytecode",
            Stage::Freeze => "freeze",
            Stage::Engine => "engine",
            Stage::App => "app",
            Stage::Link => "link",
            Stage::Snapshot => "snapshot",
            Stage::EngineAot => "engine-aot",
            Stage::Aot => "aot",
        }
    }
}

/// How one stage went.
#[derive(Debug, Clone)]
pub struct StageReport {
    /// Which stage.
    pub stage: Stage,
    /// Wall time (near zero when cached).
    pub duration: Duration,
    /// Size of the stage's output in bytes.
    pub output_size: usize,
    /// Whether the output came from the cache.
    pub cached: bool,
}

/// Receives progress while the pipeline runs.
pub trait Observer {
    /// A stage begins; `detail` says what it works on.
    fn started(&mut self, stage: Stage, detail: &str);
    /// A stage ended successfully.
    fn finished(&mut self, report: &StageReport);
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Artifact name (package name or file stem).
    pub name: String,
    /// The `.wasm` written.
    pub wasm: PathBuf,
    /// The `.aot` written, unless `--no-aot`.
    pub aot: Option<PathBuf>,
    /// The policy written beside the artifacts, if the app has one.
    pub policy: Option<PathBuf>,
    /// Every JS file bundled.
    pub modules: Vec<PathBuf>,
    /// The modules of EdgeBox's Node layer bundled (internal ones included).
    pub node_modules: Vec<&'static str>,
    /// What the bundler warns about (each message names the file, line and column).
    pub warnings: Vec<bundle::Warning>,
    /// Grants of the app's policy that open much of the machine (each names the policy file).
    pub policy_risks: Vec<String>,
    /// Per-stage timing and sizes.
    pub stages: Vec<StageReport>,
    /// What the freeze stage froze, and why the rest was not.
    pub freeze: edgebox_freezer::Report,
}

/// Why a build failed. Each variant is one stage's typed error.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Bundling (or reading the app) failed; the message names file:line:column.
    #[error(transparent)]
    Bundle(#[from] edgebox_bundler::BundleError),
    /// QuickJS rejected the bundled program.
    #[error(transparent)]
    Bytecode(#[from] bytecode::CompileError),
    /// The program's bytecode could not be read back to drop source texts or move its positions
    /// (a bug).
    #[error("the compiled program cannot be read back: {0}")]
    StripSources(#[from] edgebox_bytecode::ReadError),
    /// The freezer could not read the bytecode.
    #[error(transparent)]
    Freeze(#[from] edgebox_freezer::FreezeError),
    /// The engine module could not be built.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// The app's code could not be built.
    #[error(transparent)]
    App(#[from] AppError),
    /// clang-19 is missing or broken.
    #[error(transparent)]
    Clang(#[from] clang::ClangError),
    /// The app could not be placed into the engine.
    #[error("linking {app} into the engine: {source}")]
    Link {
        /// The app's entry file.
        app: PathBuf,
        /// Why.
        source: LinkError,
    },
    /// Running the init at build time failed (the message says why and what to do).
    #[error("snapshot of {app}: {source}")]
    Snapshot {
        /// The app's entry file.
        app: PathBuf,
        /// What went wrong (boxed: the error keeps what the init printed).
        source: Box<SnapshotError>,
    },
    /// The WAMR AOT compiler failed.
    #[error("AOT compilation failed: {0}")]
    Aot(#[from] edgebox_aot::AotError),
    /// The engine's and the app's compiled code could not be combined.
    #[error("combining the engine's and the app's compiled code: {0}")]
    AotLink(#[from] AotLinkError),
    /// The app's `.edgebox.json` is invalid (the message names file, line:column and field).
    #[error(transparent)]
    Policy(#[from] edgebox_policy::PolicyError),
    /// The artifacts could not be written (the previous ones are unchanged).
    #[error(transparent)]
    Artifacts(#[from] ArtifactError),
    /// Reading or writing files failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> BuildError + 'a {
    move |source| BuildError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Runs stages: reports each to the observer, and serves cached ones from the cache.
struct Runner<'o> {
    observer: &'o mut dyn Observer,
    cache: Option<&'o Cache>,
    reports: Vec<StageReport>,
}

impl Runner<'_> {
    /// Runs `work` as `stage` (never cached).
    fn run<T: AsRef<[u8]>>(
        &mut self,
        stage: Stage,
        detail: &str,
        work: impl FnOnce() -> Result<T, BuildError>,
    ) -> Result<T, BuildError> {
        self.observer.started(stage, detail);
        let start = Instant::now();
        let output = work()?;
        self.finish(stage, start, output.as_ref().len(), false);
        Ok(output)
    }

    /// The cached output of `stage` for `key`, or `work`'s, which is then stored.
    fn cached(
        &mut self,
        stage: Stage,
        detail: &str,
        key: &Key,
        work: impl FnOnce() -> Result<Vec<u8>, BuildError>,
    ) -> Result<Vec<u8>, BuildError> {
        self.observer.started(stage, detail);
        let start = Instant::now();
        if let Some(bytes) = self.cache.and_then(|c| c.get(key)) {
            self.finish(stage, start, bytes.len(), true);
            return Ok(bytes);
        }
        let bytes = work()?;
        if let Some(cache) = self.cache {
            // A cache that cannot be written only costs time next build.
            let _ = cache.put(key, &bytes);
        }
        self.finish(stage, start, bytes.len(), false);
        Ok(bytes)
    }

    fn finish(&mut self, stage: Stage, start: Instant, output_size: usize, cached: bool) {
        let report = StageReport {
            stage,
            duration: start.elapsed(),
            output_size,
            cached,
        };
        self.observer.finished(&report);
        self.reports.push(report);
    }
}

fn scratch() -> Result<tempfile::TempDir, BuildError> {
    tempfile::tempdir().map_err(io_error(
        "create a scratch folder in",
        &std::env::temp_dir(),
    ))
}

/// Runs the whole pipeline.
pub fn build(
    options: &BuildOptions,
    observer: &mut dyn Observer,
) -> Result<BuildReport, BuildError> {
    let mut runner = Runner {
        observer,
        cache: options.cache.as_ref(),
        reports: Vec::new(),
    };
    let entry = bundle::resolve_entry(&options.input)?;
    let app_dir = entry.root.clone();
    // The policy is checked before any work, and written with the artifacts at the end.
    let (policy_text, policy_risks) = read_policy(&app_dir)?;
    let name = artifact_name(&entry, &options.input);

    let mut modules = Vec::new();
    let mut node_modules = Vec::new();
    let mut warnings = Vec::new();
    let mut bundled = None;
    runner.run(Stage::Bundle, &entry.main.display().to_string(), || {
        let bundle = bundled.insert(bundle::bundle(&entry)?);
        modules = std::mem::take(&mut bundle.modules);
        node_modules = std::mem::take(&mut bundle.node_modules);
        warnings = std::mem::take(&mut bundle.warnings);
        Ok(bundle.code.clone())
    })?;
    let bundle = bundled.expect("the bundle stage ran");
    let app_lines = bundle.app_lines;

    let file_name = format!("{name}.js");
    let mut app_functions = BTreeSet::new();
    let bytecode = runner.run(Stage::Bytecode, &file_name, || {
        let positions = bundle.original_positions()?;
        let compiled = bytecode::compile(&bundle.code).map_err(|e| {
            bytecode::map_compile_error(e, &positions, &entry.main.display().to_string())
        })?;
        let stripped = bytecode::strip_sources(&compiled, app_lines)?;
        app_functions = bytecode::app_functions(&stripped, app_lines)?;
        Ok(bytecode::map_positions(&stripped, &positions)?)
    })?;

    let mut freeze_report = None;
    let frozen_c = runner.run(Stage::Freeze, &file_name, || {
        let frozen = freeze::freeze(
            &bytecode,
            &file_name,
            freeze::Options {
                enabled: !options.no_freeze,
                unroll_recursion: !options.no_unroll,
                app_functions: Some(&app_functions),
                ..freeze::Options::default()
            },
        )?;
        freeze_report = Some(frozen.report);
        Ok(frozen.c_source)
    })?;

    let kit = edgebox_guest::materialize(&options.kit_dir)
        .map_err(io_error("write the guest kit to", &options.kit_dir))?;
    let toolchain = clang::identity()?;

    // The engine with the smallest app area that holds the app: its bytecode is a lower bound
    // of what it needs (its data is known once its code is linked); the link says if the area
    // is too small, and the next size is tried.
    let mut engine_options = EngineOptions::default().with_area_for(bytecode.len());
    let (engine_wasm, linked) = loop {
        let engine_key = Key::new("engine", env!("EDGEBOX_STAGE_ENGINE"))
            .with(edgebox_guest::fingerprint().to_le_bytes())
            .with(engine::flags(&engine_options).join("\0"))
            .with(&toolchain);
        let engine_wasm = runner.cached(
            Stage::Engine,
            &format!(
                "clang-19 + wasm-ld + wasm-opt: QuickJS-NG, {} MiB app area",
                engine_options.app_area_size >> 20
            ),
            &engine_key,
            || Ok(engine::build(&kit, &engine_options, scratch()?.path())?),
        )?;
        let layout = EngineLayout::read(&engine_wasm).map_err(|source| BuildError::Link {
            app: entry.main.clone(),
            source,
        })?;
        let app_key = Key::new("app", env!("EDGEBOX_STAGE_APP"))
            .with(&frozen_c)
            .with(edgebox_guest::fingerprint().to_le_bytes())
            .with(app::flags(&layout).join("\0"))
            .with(&toolchain);
        let app_wasm = runner.cached(
            Stage::App,
            "clang-19 + wasm-ld + wasm-opt: the frozen functions",
            &app_key,
            || Ok(app::build(&frozen_c, &kit, &layout, scratch()?.path())?),
        )?;
        let outcome = runner.run(Stage::Link, "app module + bytecode into the engine", || {
            match link::link(&engine_wasm, Some(&app_wasm), &bytecode) {
                Ok(linked) => Ok(Some(linked)),
                Err(LinkError::AreaTooSmall { .. }) if engine_options.larger_area().is_some() => {
                    Ok(None)
                }
                Err(source) => Err(BuildError::Link {
                    app: entry.main.clone(),
                    source,
                }),
            }
            .map(LinkOutcome)
        })?;
        match outcome.0 {
            Some(linked) => break (engine_wasm, linked),
            None => {
                engine_options = engine_options
                    .larger_area()
                    .expect("checked when the link failed");
            }
        }
    };

    let wasm = if options.no_snapshot {
        linked.wasm.clone()
    } else {
        let snapshot_options = snapshot::Options::default();
        let key = Key::new("snapshot", env!("EDGEBOX_STAGE_SNAPSHOT"))
            .with(&linked.wasm)
            .with(&snapshot_options.init_func);
        runner.cached(
            Stage::Snapshot,
            &format!("runs {} at build time", snapshot::DEFAULT_INIT_FUNC),
            &key,
            || {
                snapshot::snapshot(&linked.wasm, &snapshot_options)
                    .map(|s| s.wasm)
                    .map_err(|source| BuildError::Snapshot {
                        app: entry.main.clone(),
                        source: Box::new(source),
                    })
            },
        )?
    };

    // The app's sources, for the code frame of an uncaught error (never loaded by a run).
    let sources = edgebox_aot_file::encode_sources(
        bundle
            .sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    let wasm = edgebox_aot_file::with_wasm_custom_section(
        &wasm,
        edgebox_aot_file::SOURCES_SECTION,
        &sources,
    );

    let target = aot::Target {
        opt_level: options.opt_level,
        cpu: options.target_cpu.clone(),
    };
    let aot = if options.no_aot {
        None
    } else if options.whole_aot {
        let key = aot_key("aot-whole", &wasm, &aot::whole_options(&target));
        Some(runner.cached(
            Stage::Aot,
            &format!(
                "the whole module, {} KB of wasm, {}",
                wasm.len() / 1024,
                describe(&target)
            ),
            &key,
            || Ok(aot::whole(&wasm, &target)?),
        )?)
    } else {
        let engine_module = link::link(&engine_wasm, None, &[])
            .map_err(|source| BuildError::Link {
                app: entry.main.clone(),
                source,
            })?
            .wasm;
        let engine_key = aot_key("engine-aot", &engine_module, &aot::engine_options(&target))
            .with(format!("units {}", options.jobs));
        let engine_unit = runner.cached(
            Stage::EngineAot,
            &format!(
                "{} engine functions in up to {} {}, {}",
                linked.engine_functions,
                options.jobs,
                if options.jobs == 1 {
                    "unit"
                } else {
                    "units side by side"
                },
                describe(&target)
            ),
            &engine_key,
            || Ok(aot::engine_unit(&engine_module, &target, options.jobs)?),
        )?;
        let app_options = aot::app_options(&wasm, linked.engine_functions, &target)?;
        let key = aot_key("aot", &wasm, &app_options).with(&engine_unit);
        Some(runner.cached(
            Stage::Aot,
            &format!(
                "the app's functions, {}, with the engine's code",
                describe(&target)
            ),
            &key,
            || {
                let app_unit = aot::app_unit(&wasm, linked.engine_functions, &target)?;
                Ok(aot::link_units(&engine_unit, &app_unit)?)
            },
        )?)
    };

    // Every stage succeeded: replace the artifact set as a whole.
    let out_dir = options
        .out_dir
        .clone()
        .unwrap_or_else(|| app_dir.join("dist"));
    std::fs::create_dir_all(&out_dir).map_err(io_error("create", &out_dir))?;
    let wasm_path = out_dir.join(format!("{name}.wasm"));
    let aot_path = out_dir.join(format!("{name}.aot"));
    let policy_path = out_dir.join(format!("{name}.edgebox.json"));
    let has_aot = aot.is_some();
    let has_policy = policy_text.is_some();
    artifacts::replace_all(&[
        Artifact {
            path: wasm_path.clone(),
            contents: Some(wasm),
        },
        // An .aot from an earlier build would run old code beside the new .wasm.
        Artifact {
            path: aot_path.clone(),
            contents: aot,
        },
        // No policy (any more): the app runs with the deny-all default.
        Artifact {
            path: policy_path.clone(),
            contents: policy_text.map(String::into_bytes),
        },
    ])?;
    Ok(BuildReport {
        name,
        wasm: wasm_path,
        aot: has_aot.then_some(aot_path),
        policy: has_policy.then_some(policy_path),
        modules,
        node_modules,
        warnings,
        policy_risks,
        stages: runner.reports,
        freeze: freeze_report.expect("the freeze stage ran"),
    })
}

/// The link stage's result (its size, for the report, is the linked module's).
struct LinkOutcome(Option<edgebox_wasm_link::Linked>);

impl AsRef<[u8]> for LinkOutcome {
    fn as_ref(&self) -> &[u8] {
        self.0.as_ref().map_or(&[], |l| l.wasm.as_slice())
    }
}

/// The cache key of an AOT compilation of `wasm` with `options`: the compiler's identity (WAMR,
/// our driver and patches), the LLVM library's exact version, the options (the target CPU among
/// them; for `native` also the host CPU's model and flags), and our
/// code that combines units.
fn aot_key(stage: &'static str, wasm: &[u8], options: &edgebox_aot::Options) -> Key {
    let key = Key::new(stage, env!("EDGEBOX_STAGE_AOT"))
        .with(edgebox_aot::COMPILER_ID)
        .with(edgebox_aot::llvm_version())
        .with(wasm)
        .with(format!("{options:?}"));
    // Code for a portable level is the same on every build machine; native code is not.
    match options.target_cpu {
        edgebox_aot::TargetCpu::Native => key.with(host_cpu()),
        edgebox_aot::TargetCpu::Level(_) => key,
    }
}

/// The LLVM level and target CPU, for progress lines.
fn describe(target: &aot::Target) -> String {
    let cpu = match &target.cpu {
        edgebox_aot::TargetCpu::Level(name) => name.clone(),
        edgebox_aot::TargetCpu::Native => format!("native ({})", edgebox_aot::host_cpu_name()),
    };
    format!("LLVM opt level {}, CPU {cpu}", target.opt_level)
}

/// The host CPU (model and feature flags): the AOT compiler targets it, so an `.aot` from a
/// shared cache must come from the same kind of CPU.
fn host_cpu() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map_or("", |(_, v)| v.trim())
            .to_string()
    };
    format!("{}\n{}", field("model name"), field("flags"))
}

/// The package name (scope dropped), else the app directory's name, else the file's stem;
/// reduced to `[A-Za-z0-9._-]`.
fn artifact_name(entry: &bundle::Entry, input: &Path) -> String {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
    let dir_name = || {
        let dir = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
        dir.file_name().map(|s| s.to_string_lossy().into_owned())
    };
    let raw = match &entry.name {
        Some(name) => name.rsplit('/').next().unwrap_or(name).to_string(),
        None if input.is_dir() => dir_name().unwrap_or_else(|| "app".into()),
        None => stem(&entry.main).unwrap_or_else(|| "app".into()),
    };
    let clean: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        format!("app{clean}")
    } else {
        clean
    }
}

/// The app's `.edgebox.json`, checked against the policy schema, if it has one, and the
/// grants in it that open much of the machine.
fn read_policy(app_dir: &Path) -> Result<(Option<String>, Vec<String>), BuildError> {
    let source = app_dir.join(".edgebox.json");
    if !source.exists() {
        return Ok((None, Vec::new()));
    }
    let text = std::fs::read_to_string(&source).map_err(io_error("read", &source))?;
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let risks = edgebox_policy::check_schema(&text, &source, home, app_dir)?;
    let risks = risks
        .into_iter()
        .map(|r| format!("{}: {r}", source.display()))
        .collect();
    Ok((Some(text), risks))
}
