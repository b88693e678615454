//! Running clang-19 (and through it wasm-ld) for the wasm32-wasi stages.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// The C compiler driver (it runs wasm-ld for the link).
pub const CLANG: &str = "clang-19";

/// Why clang-19 could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum ClangError {
    /// clang-19 is not installed.
    #[error("{CLANG} was not found on PATH: install it with `apt-get install -y clang-19 lld-19` (or run scripts/setup.sh; `edgeboxc doctor` checks everything)")]
    Missing,
    /// clang-19 or wasm-ld reported an error.
    #[error("{CLANG} failed to build {what}:\n{stderr}")]
    Failed {
        /// What was being built.
        what: &'static str,
        /// What the tool printed.
        stderr: String,
    },
    /// Writing or reading the files clang works on failed.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl ClangError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ClangError {
        let path = path.into();
        move |source| ClangError::Io { path, source }
    }
}

fn spawn_error(what: &'static str) -> impl FnOnce(std::io::Error) -> ClangError {
    move |e| match e.kind() {
        std::io::ErrorKind::NotFound => ClangError::Missing,
        _ => ClangError::Failed {
            what,
            stderr: e.to_string(),
        },
    }
}

/// Runs clang-19 with `args` to build `what`; its output on failure becomes the error.
pub fn run<I, S>(what: &'static str, args: I) -> Result<(), ClangError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    output(what, args).map(drop)
}

/// Runs clang-19 and returns what it printed on stdout.
fn output<I, S>(what: &'static str, args: I) -> Result<String, ClangError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(CLANG)
        .args(args)
        .output()
        .map_err(spawn_error(what))?;
    if !output.status.success() {
        return Err(ClangError::Failed {
            what,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Everything about the toolchain that determines what clang-19 builds: its version, the
/// linker's, and [`libraries_fingerprint`], found concurrently (each takes a process start).
pub fn identity() -> Result<String, ClangError> {
    std::thread::scope(|s| {
        let linker = s.spawn(linker_version);
        let libraries = s.spawn(libraries_fingerprint);
        let clang = version()?;
        let join = |handle: std::thread::ScopedJoinHandle<'_, Result<String, ClangError>>| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        Ok(format!("{clang}\n{}\n{}", join(linker)?, join(libraries)?))
    })
}

/// `clang-19 --version`'s first line: part of the cache keys of what clang builds, so a
/// toolchain upgrade rebuilds.
pub fn version() -> Result<String, ClangError> {
    static VERSION: OnceLock<String> = OnceLock::new();
    if let Some(v) = VERSION.get() {
        return Ok(v.clone());
    }
    let line = output("its version", ["--version"])?
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    Ok(VERSION.get_or_init(|| line).clone())
}

/// The version line of the wasm-ld clang-19 runs (lld is its own package): part of the same
/// cache keys as [`version`].
pub fn linker_version() -> Result<String, ClangError> {
    static VERSION: OnceLock<String> = OnceLock::new();
    if let Some(v) = VERSION.get() {
        return Ok(v.clone());
    }
    let linker = output(
        "the path of wasm-ld",
        ["--target=wasm32-wasi", "-print-prog-name=wasm-ld"],
    )?;
    let version = Command::new(&linker)
        .arg("--version")
        .output()
        .map_err(spawn_error("wasm-ld's version"))?;
    let line = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    Ok(VERSION.get_or_init(|| format!("{linker}: {line}")).clone())
}

/// compiler-rt's builtins for wasm32 (`__multi3` and friends), which app code links itself.
pub fn builtins_archive() -> Result<PathBuf, ClangError> {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    if let Some(p) = PATH.get() {
        return Ok(p.clone());
    }
    let path = PathBuf::from(output(
        "the path of compiler-rt's builtins",
        ["--target=wasm32-wasi", "-print-libgcc-file-name"],
    )?);
    Ok(PATH.get_or_init(|| path).clone())
}

/// A hash of the wasm32-wasi libraries clang links (wasi-libc's folder and compiler-rt's
/// builtins), as lowercase hex: part of the cache keys of what clang links, so a wasi-libc or
/// compiler-rt upgrade rebuilds.
pub fn libraries_fingerprint() -> Result<String, ClangError> {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    if let Some(f) = FINGERPRINT.get() {
        return Ok(f.clone());
    }
    let libc = PathBuf::from(output(
        "the path of wasi-libc",
        ["--target=wasm32-wasi", "-print-file-name=libc.a"],
    )?);
    let folder = libc.parent().map(PathBuf::from).unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(ClangError::io(&folder))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.push(builtins_archive()?);
    let mut hasher = Sha256::new();
    for file in files {
        let bytes = std::fs::read(&file).map_err(ClangError::io(&file))?;
        hasher.update(file.as_os_str().as_encoded_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FINGERPRINT.get_or_init(|| hex).clone())
}
