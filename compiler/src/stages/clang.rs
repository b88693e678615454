//! Running clang-19 (and through it wasm-ld) for the wasm32-wasi stages.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

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
    Ok(())
}

fn query(what: &'static str, args: &[&str]) -> Result<String, ClangError> {
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

/// `clang-19 --version`'s first line: part of the cache keys of what clang builds, so a
/// toolchain upgrade rebuilds.
pub fn version() -> Result<String, ClangError> {
    static VERSION: OnceLock<String> = OnceLock::new();
    if let Some(v) = VERSION.get() {
        return Ok(v.clone());
    }
    let line = query("its version", &["--version"])?
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    Ok(VERSION.get_or_init(|| line).clone())
}

/// compiler-rt's builtins for wasm32 (`__multi3` and friends), which app code links itself.
pub fn builtins_archive() -> Result<PathBuf, ClangError> {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    if let Some(p) = PATH.get() {
        return Ok(p.clone());
    }
    let path = PathBuf::from(query(
        "the path of compiler-rt's builtins",
        &["--target=wasm32-wasi", "-print-libgcc-file-name"],
    )?);
    Ok(PATH.get_or_init(|| path).clone())
}
