//! Finding an app's entry file from what the user passes to `edgeboxc build`.

use std::path::{Path, PathBuf};

use crate::error::BundleError;
use crate::package::PackageJson;

/// An app's entry point, as found by [`resolve_entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The app root: the directory given, or the folder of the file given. Module ids in the
    /// bundle are paths relative to it.
    pub root: PathBuf,
    /// The entry file (`root` joined with the `main` field, the index file, or the file given).
    pub main: PathBuf,
    /// The `name` field of the app's `package.json`, if it has one.
    pub name: Option<String>,
}

/// Finds the entry of `input`: a JavaScript file (`.js`, `.mjs`, `.cjs`), or a directory with a
/// `package.json` whose `main` names the entry (default `index.js`), or with an `index.js` /
/// `index.mjs`.
pub fn resolve_entry(input: &Path) -> Result<Entry, BundleError> {
    let metadata = std::fs::metadata(input).map_err(|e| BundleError::Entry {
        path: input.to_path_buf(),
        message: format!(
            "{e}; expected a .js/.mjs/.cjs file or an app directory with a package.json or index.js"
        ),
    })?;
    if metadata.is_file() {
        let root = match input.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        return Ok(Entry {
            root,
            main: input.to_path_buf(),
            name: None,
        });
    }
    let package_path = input.join("package.json");
    let package = if package_path.is_file() {
        Some(PackageJson::read(&package_path)?)
    } else {
        None
    };
    let name = package.as_ref().and_then(|p| p.name.clone());
    if let Some(main) = package.as_ref().and_then(|p| p.main.as_deref()) {
        let target = input.join(main);
        let found = entry_candidates(&target)
            .into_iter()
            .find(|candidate| candidate.is_file());
        return match found {
            Some(main) => Ok(Entry {
                root: input.to_path_buf(),
                main,
                name,
            }),
            None => Err(BundleError::Entry {
                path: package_path,
                message: format!(
                    "`main` is '{main}', but neither {} nor a folder index exists; fix `main` or create the file",
                    target.display()
                ),
            }),
        };
    }
    for index in ["index.js", "index.mjs"] {
        let main = input.join(index);
        if main.is_file() {
            return Ok(Entry {
                root: input.to_path_buf(),
                main,
                name,
            });
        }
    }
    Err(BundleError::Entry {
        path: input.to_path_buf(),
        message: if package.is_some() {
            "package.json has no `main` field and there is no index.js or index.mjs; add `main` or an index file".to_string()
        } else {
            "no package.json and no index.js or index.mjs; expected an app directory with one of them".to_string()
        },
    })
}

/// The files `main` may name, in Node's order: exact, with an extension, then a folder index.
fn entry_candidates(target: &Path) -> Vec<PathBuf> {
    let mut candidates = vec![target.to_path_buf()];
    for ext in ["js", "mjs", "cjs"] {
        let mut name = target.as_os_str().to_os_string();
        name.push(format!(".{ext}"));
        candidates.push(PathBuf::from(name));
    }
    for index in ["index.js", "index.mjs", "index.cjs"] {
        candidates.push(target.join(index));
    }
    candidates
}
