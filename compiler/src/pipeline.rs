//! `edgeboxc build`: bundle → bytecode → link → optimize → snapshot → aot, with every expensive stage
//! cached by the hash of its inputs, progress reported to an [`Observer`], and the artifacts
//! written only once every stage has succeeded (each atomically).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::{Cache, Key};
use crate::fsutil::write_atomic;
use crate::stages::link::{LinkError, LinkOptions};
use crate::stages::optimize::OptimizeError;
use crate::stages::snapshot::SnapshotError;
use crate::stages::{bytecode, link, optimize, snapshot};

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
    /// Bytecode + glue + engine → `.wasm` (clang-19, wasm-ld).
    Link,
    /// `.wasm` → optimized `.wasm` (wasm-opt).
    Optimize,
    /// `.wasm` → pre-initialized `.wasm`: the init runs at build time (wasmi, walrus). After
    /// `Optimize`, because wasm-opt's memory packing would split the snapshot's merged data
    /// segments again (657 → 2,134 for hello), and every segment costs at load time.
    Snapshot,
    /// `.wasm` → `.aot` (WAMR compiler, LLVM 19).
    Aot,
}

impl Stage {
    /// Lower-case name used in progress and reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Bundle => "bundle",
            Stage::Bytecode => "bytecode",
            Stage::Freeze => "freeze",
            Stage::Link => "link",
            Stage::Optimize => "optimize",
            Stage::Snapshot => "snapshot",
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
    /// The freezer could not read the bytecode.
    #[error(transparent)]
    Freeze(#[from] edgebox_freezer::FreezeError),
    /// clang-19 / wasm-ld failed.
    #[error(transparent)]
    Link(#[from] LinkError),
    /// Running the init at build time failed (the message says why and what to do).
    #[error("snapshot of {app}: {source}")]
    Snapshot {
        /// The app's entry file.
        app: PathBuf,
        /// What went wrong (boxed: the error keeps what the init printed).
        source: Box<SnapshotError>,
    },
    /// wasm-opt failed.
    #[error(transparent)]
    Optimize(#[from] OptimizeError),
    /// The WAMR AOT compiler failed.
    #[error("AOT compilation failed: {0}")]
    Aot(#[from] edgebox_aot::AotError),
    /// The app's `.edgebox.json` is invalid (the message names file, line:column and field).
    #[error(transparent)]
    Policy(#[from] edgebox_policy::PolicyError),
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

/// Version of the cached link and optimize outputs: bump when their code changes in a way the
/// keys cannot see (the keys already hold the full tool command lines and tool versions).
const LINK_VERSION: &str = "link-3";
const OPTIMIZE_VERSION: &str = "wasm-opt-116.1-O2-no-remove-unused-brs-3";

/// Runs the whole pipeline.
pub fn build(
    options: &BuildOptions,
    observer: &mut dyn Observer,
) -> Result<BuildReport, BuildError> {
    let mut stages = Vec::new();
    let mut run = |stage: Stage,
                   detail: &str,
                   observer: &mut dyn Observer,
                   f: &mut dyn FnMut() -> Result<(Vec<u8>, bool), BuildError>| {
        observer.started(stage, detail);
        let start = Instant::now();
        let (bytes, cached) = f()?;
        let report = StageReport {
            stage,
            duration: start.elapsed(),
            output_size: bytes.len(),
            cached,
        };
        observer.finished(&report);
        stages.push(report);
        Ok::<_, BuildError>(bytes)
    };

    let entry = edgebox_bundler::resolve_entry(&options.input)?;
    let app_dir = entry.root.clone();
    // The policy is checked before any work, and written with the artifacts at the end.
    let policy_text = read_policy(&app_dir)?;
    let name = artifact_name(&entry, &options.input);
    let mut bundle = None;
    let program = run(
        Stage::Bundle,
        &entry.main.display().to_string(),
        observer,
        &mut || {
            let b = edgebox_bundler::bundle_with_root(&entry.main, &entry.root)?;
            let code = b.code.clone().into_bytes();
            bundle = Some(b);
            Ok((code, false))
        },
    )?;
    let modules = bundle.map(|b| b.modules).unwrap_or_default();
    let program = String::from_utf8(program).expect("bundler output is UTF-8");

    let file_name = format!("{name}.js");
    let bytecode = run(Stage::Bytecode, &file_name, observer, &mut || {
        Ok((bytecode::compile(&program, &file_name)?, false))
    })?;

    let mut freeze_report = None;
    let frozen_c = run(Stage::Freeze, &file_name, observer, &mut || {
        let frozen = edgebox_freezer::freeze(
            &bytecode,
            &file_name,
            edgebox_freezer::Options {
                enabled: !options.no_freeze,
                unroll_recursion: !options.no_unroll,
                ..edgebox_freezer::Options::default()
            },
        )?;
        freeze_report = Some(frozen.report);
        Ok((frozen.c_source.into_bytes(), false))
    })?;
    let frozen_c = String::from_utf8(frozen_c).expect("generated C is UTF-8");

    let kit = edgebox_guest::materialize(&options.kit_dir)
        .map_err(io_error("write the guest kit to", &options.kit_dir))?;
    let link_options = LinkOptions::default();
    let wasm = run(
        Stage::Link,
        "clang-19 + wasm-ld, QuickJS-NG engine",
        observer,
        &mut || {
            let key = Key::new("link", LINK_VERSION)
                .with(&bytecode)
                .with(&frozen_c)
                .with(edgebox_guest::fingerprint().to_le_bytes())
                .with(link::flags(link_options).join("\0"))
                .with(link::clang_version()?);
            cached(options.cache.as_ref(), &key, || {
                let scratch = tempfile::tempdir().map_err(io_error(
                    "create a scratch folder in",
                    &std::env::temp_dir(),
                ))?;
                Ok(link::link(
                    &bytecode,
                    &frozen_c,
                    &kit,
                    link_options,
                    scratch.path(),
                )?)
            })
        },
    )?;

    let wasm = run(
        Stage::Optimize,
        &format!("{} KB", wasm.len() / 1024),
        observer,
        &mut || {
            let key = Key::new("optimize", OPTIMIZE_VERSION).with(&wasm);
            cached(options.cache.as_ref(), &key, || {
                let scratch = tempfile::tempdir().map_err(io_error(
                    "create a scratch folder in",
                    &std::env::temp_dir(),
                ))?;
                Ok(optimize::optimize(&wasm, scratch.path())?)
            })
        },
    )?;

    let wasm = if options.no_snapshot {
        wasm
    } else {
        run(
            Stage::Snapshot,
            &format!("runs {} at build time", snapshot::DEFAULT_INIT_FUNC),
            observer,
            &mut || {
                let snapshot_options = snapshot::Options::default();
                let key = Key::new("snapshot", snapshot::VERSION)
                    .with(&wasm)
                    .with(&snapshot_options.init_func);
                cached(options.cache.as_ref(), &key, || {
                    snapshot::snapshot(&wasm, &snapshot_options)
                        .map(|s| s.wasm)
                        .map_err(|source| BuildError::Snapshot {
                            app: entry.main.clone(),
                            source: Box::new(source),
                        })
                })
            },
        )?
    };

    let aot = if options.no_aot {
        None
    } else {
        let aot_options = edgebox_aot::Options {
            opt_level: options.opt_level,
            ..edgebox_aot::Options::default()
        };
        Some(run(
            Stage::Aot,
            &format!(
                "{} KB of wasm, LLVM opt level {}",
                wasm.len() / 1024,
                options.opt_level
            ),
            observer,
            &mut || {
                let key = Key::new("aot", edgebox_aot::COMPILER_ID)
                    .with(&wasm)
                    .with(format!("{aot_options:?}"))
                    .with(host_cpu());
                cached(options.cache.as_ref(), &key, || {
                    Ok(edgebox_aot::compile(&wasm, &aot_options)?)
                })
            },
        )?)
    };

    // Every stage succeeded: write the artifacts (policy last, so it never sits beside
    // artifacts of another build).
    let out_dir = options
        .out_dir
        .clone()
        .unwrap_or_else(|| app_dir.join("dist"));
    std::fs::create_dir_all(&out_dir).map_err(io_error("create", &out_dir))?;
    let wasm_path = out_dir.join(format!("{name}.wasm"));
    write_atomic(&wasm_path, &wasm).map_err(io_error("write", &wasm_path))?;
    let aot_path = out_dir.join(format!("{name}.aot"));
    let aot_path = match aot {
        Some(bytes) => {
            write_atomic(&aot_path, &bytes).map_err(io_error("write", &aot_path))?;
            Some(aot_path)
        }
        None => {
            // An .aot from an earlier build would run old code beside the new .wasm.
            remove_if_present(&aot_path)?;
            None
        }
    };
    let policy_path = out_dir.join(format!("{name}.edgebox.json"));
    let policy = match policy_text {
        Some(text) => {
            write_atomic(&policy_path, text.as_bytes()).map_err(io_error("write", &policy_path))?;
            Some(policy_path)
        }
        None => {
            // The app has no policy (any more): it runs with the deny-all default.
            remove_if_present(&policy_path)?;
            None
        }
    };
    Ok(BuildReport {
        name,
        wasm: wasm_path,
        aot: aot_path,
        policy,
        modules,
        stages,
        freeze: freeze_report.expect("the freeze stage ran"),
    })
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

/// Returns the cached output for `key`, or computes and stores it.
fn cached(
    cache: Option<&Cache>,
    key: &Key,
    compute: impl FnOnce() -> Result<Vec<u8>, BuildError>,
) -> Result<(Vec<u8>, bool), BuildError> {
    if let Some(bytes) = cache.and_then(|c| c.get(key)) {
        return Ok((bytes, true));
    }
    let bytes = compute()?;
    if let Some(cache) = cache {
        // A cache that cannot be written only costs time next build.
        let _ = cache.put(key, &bytes);
    }
    Ok((bytes, false))
}

/// The package name (scope dropped), else the app directory's name, else the file's stem;
/// reduced to `[A-Za-z0-9._-]`.
fn artifact_name(entry: &edgebox_bundler::Entry, input: &Path) -> String {
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

/// The app's `.edgebox.json`, checked against the policy schema, if it has one.
fn read_policy(app_dir: &Path) -> Result<Option<String>, BuildError> {
    let source = app_dir.join(".edgebox.json");
    if !source.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&source).map_err(io_error("read", &source))?;
    edgebox_policy::check_schema(&text, &source)?;
    Ok(Some(text))
}

fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error("remove the stale", path)(e))
        }
        _ => Ok(()),
    }
}
