//! Finding the `edgebox` runtime that `edgeboxc run` hands the built app to.

use std::path::{Path, PathBuf};

/// Why no runtime was found.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// `--runtime` names no executable file.
    #[error("--runtime {}: not an executable file", .0.display())]
    NotExecutable(PathBuf),
    /// Neither beside edgeboxc nor on PATH.
    #[error(
        "cannot find the edgebox runtime: not beside edgeboxc ({}) and not on PATH; build it \
         with `cargo build --profile dist -p edgebox-runtime-min` and pass \
         --runtime target/dist/edgebox",
        .0.display()
    )]
    NotFound(PathBuf),
}

/// The runtime: `explicit` if given, else `edgebox` in the directory of the running edgeboxc,
/// else the first `edgebox` on PATH.
pub fn find(explicit: Option<&Path>) -> Result<PathBuf, RuntimeError> {
    if let Some(path) = explicit {
        return match is_executable(path) {
            true => Ok(path.to_path_buf()),
            false => Err(RuntimeError::NotExecutable(path.to_path_buf())),
        };
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("edgebox")))
        .unwrap_or_else(|| PathBuf::from("edgebox"));
    if is_executable(&beside) {
        return Ok(beside);
    }
    which::which("edgebox").map_err(|_| RuntimeError::NotFound(beside))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
