//! File helpers shared by the stages.

use std::fs::Permissions;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, renamed into place,
/// so a reader never sees a half-written artifact and a failure leaves nothing behind. The file
/// gets mode 0644 (less the umask).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Artifacts are for other users and services too: rw-r--r-- (the umask still applies),
    // not the 0600 of a temporary file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".edgebox-tmp-")
        .permissions(Permissions::from_mode(0o644))
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
