//! Writing a build's artifacts (`.wasm`, `.aot`, policy) as one set: either every file is the
//! new build's, or every file is what it was before.
//!
//! Each new file is first written completely to a temporary file beside its target (and synced),
//! so a full disk or a size limit fails before anything is replaced. Then each target is
//! hard-linked to a backup name and the temporary file renamed over it (a reader sees the old
//! file or the new one, never none); if a rename fails, every target already replaced is
//! restored from its backup. The backups are removed at the end.

use std::fs::Permissions;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

/// One file of the set.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Where it goes.
    pub path: PathBuf,
    /// Its new contents; `None`: the file must not exist after the build (an `.aot` of an
    /// earlier build beside a `--no-aot` build's `.wasm`, a policy the app no longer has).
    pub contents: Option<Vec<u8>>,
}

/// Why the set could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// A new file could not be written or put in place; every file is as it was before.
    #[error("cannot {action} {path}: {source} (the previous artifacts are unchanged)")]
    Unchanged {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A new file could not be put in place, and restoring a file already replaced failed too.
    #[error(
        "cannot {action} {path}: {source}; restoring the previous artifacts failed too: {}",
        describe(unrestored)
    )]
    Mixed {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
        /// Targets left with the new build's file, and where their previous file was kept.
        unrestored: Vec<(PathBuf, PathBuf)>,
    },
    /// Every file is in place, but the folder could not be synced to disk.
    #[error("wrote the artifacts, but cannot sync the folder {path}: {source}")]
    Sync {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

fn describe(unrestored: &[(PathBuf, PathBuf)]) -> String {
    unrestored
        .iter()
        .map(|(target, kept)| {
            format!(
                "{} is the new build's, its previous version is {}",
                target.display(),
                kept.display()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn error<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> ArtifactError + 'p {
    move |source| ArtifactError::Unchanged {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A fully written, synced temporary file beside `path`, mode 0644 (less the umask).
fn stage(path: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".edgebox-tmp-")
        .permissions(Permissions::from_mode(0o644))
        .tempfile_in(folder(path))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// A target replaced so far, and how to put it back.
struct Replaced<'a> {
    path: &'a Path,
    /// A hard link to the previous file, if there was one.
    backup: Option<TempPath>,
}

/// Whether `artifact` is already what the build would write (same bytes, or absent as it must
/// be): such a file is left alone, its time stamps too.
fn is_current(artifact: &Artifact) -> bool {
    match &artifact.contents {
        Some(bytes) => std::fs::read(&artifact.path).is_ok_and(|old| old == *bytes),
        None => std::fs::symlink_metadata(&artifact.path).is_err(),
    }
}

/// Replaces every file of `set` (see the module docs). Files that already have their new
/// contents are not rewritten.
pub fn replace_all(set: &[Artifact]) -> Result<(), ArtifactError> {
    let set: Vec<&Artifact> = set.iter().filter(|a| !is_current(a)).collect();
    let mut staged = Vec::with_capacity(set.len());
    for artifact in &set {
        staged.push(match &artifact.contents {
            Some(bytes) => {
                Some(stage(&artifact.path, bytes).map_err(error("write", &artifact.path))?)
            }
            None => None,
        });
    }
    let mut replaced: Vec<Replaced<'_>> = Vec::with_capacity(set.len());
    for (artifact, new) in set.iter().copied().zip(staged) {
        match replace(&artifact.path, new) {
            Ok(done) => replaced.push(done),
            Err(ArtifactError::Unchanged {
                action,
                path,
                source,
            }) => {
                // This target is untouched; put back the ones replaced before it.
                let unrestored: Vec<(PathBuf, PathBuf)> = replaced
                    .into_iter()
                    .rev()
                    .filter_map(|done| restore(done).err())
                    .collect();
                return Err(if unrestored.is_empty() {
                    ArtifactError::Unchanged {
                        action,
                        path,
                        source,
                    }
                } else {
                    ArtifactError::Mixed {
                        action,
                        path,
                        source,
                        unrestored,
                    }
                });
            }
            Err(other) => return Err(other),
        }
    }
    // Dropping the backups removes them: the new set is complete.
    drop(replaced);
    if let Some(first) = set.first() {
        let dir = folder(&first.path);
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| ArtifactError::Sync {
                path: dir.to_path_buf(),
                source,
            })?;
    }
    Ok(())
}

/// Backs up `path` (if it exists) and puts `new` in its place (or removes it if `new` is
/// `None`). On failure `path` is untouched (the backup, a second link, is dropped).
fn replace(path: &Path, new: Option<NamedTempFile>) -> Result<Replaced<'_>, ArtifactError> {
    let backup = backup(path)?;
    match new {
        Some(file) => {
            file.persist(path)
                .map_err(|e| error("replace", path)(e.error))?;
        }
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(error("remove the stale", path)(e));
            }
            _ => {}
        },
    }
    Ok(Replaced { path, backup })
}

/// A hard link to the current `path` under a fresh temporary name, if `path` exists.
fn backup(path: &Path) -> Result<Option<TempPath>, ArtifactError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let dir = folder(path);
    // A fresh unique name: create a placeholder, then link over it.
    let placeholder = tempfile::Builder::new()
        .prefix(".edgebox-old-")
        .tempfile_in(dir)
        .map_err(error("back up", path))?
        .into_temp_path();
    let name = placeholder.to_path_buf();
    std::fs::remove_file(&name).map_err(error("back up", path))?;
    std::fs::hard_link(path, &name).map_err(error("back up", path))?;
    Ok(Some(placeholder))
}

/// Puts back what `done.path` was before. If that fails, the backup is kept, and the error is
/// the target and where its previous file now is.
fn restore(done: Replaced<'_>) -> Result<(), (PathBuf, PathBuf)> {
    match done.backup {
        Some(backup) => {
            let restored = std::fs::rename(&backup, done.path).is_ok();
            // Either way the TempPath must not delete anything: after a rename its name is
            // gone, and after a failed one it is the only copy of the previous file.
            let kept = match backup.keep() {
                Ok(path) => path,
                Err(e) => {
                    let path = e.path.to_path_buf();
                    std::mem::forget(e.path);
                    path
                }
            };
            if restored {
                Ok(())
            } else {
                Err((done.path.to_path_buf(), kept))
            }
        }
        None => match std::fs::remove_file(done.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err((
                done.path.to_path_buf(),
                PathBuf::from("(none: there was no previous version)"),
            )),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(dir: &Path, name: &str, contents: Option<&str>) -> Artifact {
        Artifact {
            path: dir.join(name),
            contents: contents.map(|c| c.as_bytes().to_vec()),
        }
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name)).ok()
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".edgebox-"))
            .collect()
    }

    #[test]
    fn replaces_creates_and_removes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("app.wasm"), "old wasm").unwrap();
        std::fs::write(d.join("app.aot"), "old aot").unwrap();
        replace_all(&[
            artifact(d, "app.wasm", Some("new wasm")),
            artifact(d, "app.aot", None),
            artifact(d, "app.edgebox.json", Some("{}")),
        ])
        .unwrap();
        assert_eq!(read(d, "app.wasm").as_deref(), Some("new wasm"));
        assert_eq!(read(d, "app.aot"), None);
        assert_eq!(read(d, "app.edgebox.json").as_deref(), Some("{}"));
        assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
        let mode = std::fs::metadata(d.join("app.wasm"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "readable by others: {mode:o}");
    }

    #[test]
    fn files_that_already_have_their_contents_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("app.wasm"), "same").unwrap();
        let before = std::fs::metadata(d.join("app.wasm"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        replace_all(&[
            artifact(d, "app.wasm", Some("same")),
            artifact(d, "app.aot", None),
        ])
        .unwrap();
        let after = std::fs::metadata(d.join("app.wasm"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged artifact was rewritten");
    }

    #[test]
    fn a_failed_replacement_restores_every_file_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("app.wasm"), "old wasm").unwrap();
        std::fs::write(d.join("app.aot"), "old aot").unwrap();
        // A non-empty folder where the policy goes: the rename over it fails, after the .wasm
        // and the .aot were already replaced.
        std::fs::create_dir(d.join("app.edgebox.json")).unwrap();
        std::fs::write(d.join("app.edgebox.json/keep"), "").unwrap();
        let error = replace_all(&[
            artifact(d, "app.wasm", Some("new wasm")),
            artifact(d, "app.aot", Some("new aot")),
            artifact(d, "app.edgebox.json", Some("{}")),
        ])
        .unwrap_err();
        assert!(error.to_string().contains("app.edgebox.json"), "{error}");
        assert!(error
            .to_string()
            .contains("previous artifacts are unchanged"));
        assert_eq!(read(d, "app.wasm").as_deref(), Some("old wasm"));
        assert_eq!(read(d, "app.aot").as_deref(), Some("old aot"));
        assert!(d.join("app.edgebox.json/keep").exists());
        assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    }

    #[test]
    fn a_failed_replacement_removes_files_that_did_not_exist_before() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("app.aot")).unwrap();
        std::fs::write(d.join("app.aot/keep"), "").unwrap();
        replace_all(&[
            artifact(d, "app.wasm", Some("new wasm")),
            artifact(d, "app.aot", Some("new aot")),
        ])
        .unwrap_err();
        assert_eq!(read(d, "app.wasm"), None);
        assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    }
}
