//! Node-style module resolution: relative files, extension and `index` probing, `node_modules`
//! lookup up the parent folders, `package.json` `main` and `exports` (string, subpath map,
//! `*` patterns and Node's conditions).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::error::BundleError;
use crate::package::{Json, PackageJson};

/// Extensions tried, in order, after the exact name (and for `index`).
const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "json"];

/// QuickJS-NG's own modules, provided by the EdgeBox guest at run time (the runtime's
/// `__edgebox_require` asks the guest's `__edgebox_builtin` for them): the guest's file and OS
/// API until Node-style modules exist.
pub(crate) const ENGINE_MODULES: &[&str] = &["qjs:std", "qjs:os", "qjs:bjson"];

/// How a module is asked for; selects the `exports` conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `import`, `export ... from`, `import()`.
    Import,
    /// `require()`.
    Require,
}

impl Kind {
    /// Node 20's conditions (matched in the `exports` object's key order), but `node-addons`:
    /// a native addon cannot run in the sandbox, so the package's fallback is taken.
    fn conditions(self) -> &'static [&'static str] {
        match self {
            Kind::Import => &["node", "import", "module-sync", "default"],
            Kind::Require => &["node", "require", "module-sync", "default"],
        }
    }
}

/// A specifier that could not be resolved.
#[derive(Debug)]
pub(crate) enum ResolveError {
    /// Nothing matched (or a package's `exports` hides the subpath).
    NotFound {
        /// Why, when more can be said than "not found".
        reason: Option<String>,
        /// Absolute paths tried, in order.
        looked: Vec<PathBuf>,
    },
    /// A file on the way could not be read or parsed.
    Fatal(BundleError),
}

impl From<BundleError> for ResolveError {
    fn from(e: BundleError) -> Self {
        ResolveError::Fatal(e)
    }
}

/// Resolves specifiers to canonical file paths, caching `package.json` reads.
#[derive(Default)]
pub(crate) struct Resolver {
    packages: HashMap<PathBuf, Option<Rc<PackageJson>>>,
}

impl Resolver {
    /// Resolves `specifier` written in a file of folder `from_dir` (canonical) to the canonical
    /// path of a file. Built-ins are the caller's to check first.
    pub fn resolve(
        &mut self,
        specifier: &str,
        from_dir: &Path,
        kind: Kind,
    ) -> Result<PathBuf, ResolveError> {
        let mut looked = Vec::new();
        let found = if is_path_like(specifier) {
            let target = from_dir.join(specifier);
            if specifier.ends_with('/') {
                self.load_as_directory(&target, &mut looked)?
            } else {
                match load_as_file(&target, &mut looked) {
                    Some(file) => Some(file),
                    None => self.load_as_directory(&target, &mut looked)?,
                }
            }
        } else {
            self.load_node_modules(specifier, from_dir, kind, &mut looked)?
        };
        match found {
            Some(file) => canonical(&file),
            None => Err(ResolveError::NotFound {
                reason: None,
                looked,
            }),
        }
    }

    /// Whether `.js` files in the folder `dir` are ES modules: the nearest `package.json` up from
    /// it (not crossing a `node_modules` folder) says `"type": "module"`.
    pub fn is_module_scope(&mut self, dir: &Path) -> Result<bool, BundleError> {
        for dir in dir.ancestors() {
            if let Some(pkg) = self.package_json(dir)? {
                return Ok(pkg.type_module);
            }
            if dir.file_name().is_some_and(|n| n == "node_modules") {
                break;
            }
        }
        Ok(false)
    }

    /// The parsed `package.json` of folder `dir`, if it has one.
    pub fn package_json(&mut self, dir: &Path) -> Result<Option<Rc<PackageJson>>, BundleError> {
        if let Some(cached) = self.packages.get(dir) {
            return Ok(cached.clone());
        }
        let path = dir.join("package.json");
        let pkg = if path.is_file() {
            Some(Rc::new(PackageJson::read(&path)?))
        } else {
            None
        };
        self.packages.insert(dir.to_path_buf(), pkg.clone());
        Ok(pkg)
    }

    /// Node's LOAD_AS_DIRECTORY: `package.json` `main` (as a file, then as a folder index),
    /// then `index.*`.
    fn load_as_directory(
        &mut self,
        dir: &Path,
        looked: &mut Vec<PathBuf>,
    ) -> Result<Option<PathBuf>, ResolveError> {
        if !dir.is_dir() {
            return Ok(None);
        }
        if let Some(main) = self.package_json(dir)?.and_then(|p| p.main.clone()) {
            let target = dir.join(main);
            if let Some(file) =
                load_as_file(&target, looked).or_else(|| load_index(&target, looked))
            {
                return Ok(Some(file));
            }
        }
        Ok(load_index(dir, looked))
    }

    /// Node's LOAD_NODE_MODULES: `node_modules/<name>` in `from_dir` and each parent folder.
    fn load_node_modules(
        &mut self,
        specifier: &str,
        from_dir: &Path,
        kind: Kind,
        looked: &mut Vec<PathBuf>,
    ) -> Result<Option<PathBuf>, ResolveError> {
        let Some((name, subpath)) = split_package_specifier(specifier) else {
            return Err(ResolveError::NotFound {
                reason: Some("not a valid package name".to_string()),
                looked: Vec::new(),
            });
        };
        for dir in from_dir.ancestors() {
            if dir.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            let package_dir = dir.join("node_modules").join(name);
            if !package_dir.is_dir() {
                looked.push(package_dir);
                continue;
            }
            let pkg = self.package_json(&package_dir)?;
            if let Some(exports) = pkg.as_ref().and_then(|p| p.exports.as_ref()) {
                return resolve_exports(&package_dir, name, exports, &subpath, kind, looked)
                    .map(Some);
            }
            let found = if subpath == "." {
                self.load_as_directory(&package_dir, looked)?
            } else {
                let target = package_dir.join(&subpath[2..]);
                match load_as_file(&target, looked) {
                    Some(file) => Some(file),
                    None => self.load_as_directory(&target, looked)?,
                }
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }
}

/// Relative (`./`, `../`, `.`, `..`) or absolute specifiers name files; others name packages.
fn is_path_like(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier.starts_with('/')
}

/// Splits `@scope/pkg/sub/path` into (`@scope/pkg`, `./sub/path`); the subpath of a bare
/// package is `.`.
fn split_package_specifier(specifier: &str) -> Option<(&str, String)> {
    let name_end = if specifier.starts_with('@') {
        let slash = specifier.find('/')?;
        specifier[slash + 1..]
            .find('/')
            .map_or(specifier.len(), |i| slash + 1 + i)
    } else {
        specifier.find('/').unwrap_or(specifier.len())
    };
    let name = &specifier[..name_end];
    let valid = !name.is_empty()
        && !name.ends_with('/')
        && !name.starts_with('.')
        && !name.contains('\\')
        && !name.contains('%');
    if !valid {
        return None;
    }
    let rest = &specifier[name_end..];
    let subpath = if rest.is_empty() || rest == "/" {
        ".".to_string()
    } else {
        format!(".{rest}")
    };
    Some((name, subpath))
}

/// Node's LOAD_AS_FILE: the exact name, then each extension appended.
fn load_as_file(path: &Path, looked: &mut Vec<PathBuf>) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    looked.push(path.to_path_buf());
    for ext in EXTENSIONS {
        let mut name = OsString::from(path.as_os_str());
        name.push(".");
        name.push(ext);
        let candidate = PathBuf::from(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        looked.push(candidate);
    }
    None
}

/// Node's LOAD_INDEX: `index.<ext>` in the folder.
fn load_index(dir: &Path, looked: &mut Vec<PathBuf>) -> Option<PathBuf> {
    for ext in EXTENSIONS {
        let candidate = dir.join(format!("index.{ext}"));
        if candidate.is_file() {
            return Some(candidate);
        }
        looked.push(candidate);
    }
    None
}

fn canonical(path: &Path) -> Result<PathBuf, ResolveError> {
    path.canonicalize().map_err(|source| {
        ResolveError::Fatal(BundleError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Node's PACKAGE_EXPORTS_RESOLVE for `subpath` (`.` or `./x`) of the package in `package_dir`.
fn resolve_exports(
    package_dir: &Path,
    name: &str,
    exports: &Json,
    subpath: &str,
    kind: Kind,
    looked: &mut Vec<PathBuf>,
) -> Result<PathBuf, ResolveError> {
    let invalid = |message: String| {
        ResolveError::Fatal(BundleError::PackageJson {
            path: package_dir.join("package.json"),
            message,
        })
    };
    let subpath_keys = match exports {
        Json::Object(entries) => {
            let dotted = entries.iter().filter(|(k, _)| k.starts_with('.')).count();
            if dotted != 0 && dotted != entries.len() {
                return Err(invalid(
                    "`exports` mixes subpath keys (starting with '.') and condition keys"
                        .to_string(),
                ));
            }
            dotted != 0
        }
        _ => false,
    };
    let target = if !subpath_keys {
        // The whole value is the target of ".".
        (subpath == ".").then(|| resolve_target(exports, None, kind))
    } else {
        let Json::Object(entries) = exports else {
            unreachable!("subpath keys come from an object")
        };
        match entries
            .iter()
            .find(|(k, _)| k == subpath && !k.contains('*'))
        {
            Some((_, target)) => Some(resolve_target(target, None, kind)),
            None => best_pattern(entries, subpath)
                .map(|(target, matched)| resolve_target(target, Some(matched), kind)),
        }
    };
    let Some(target) = target.flatten() else {
        return Err(ResolveError::NotFound {
            reason: Some(format!(
                "package '{name}' does not export '{subpath}' for {} (see the `exports` field of its package.json)",
                match kind {
                    Kind::Import => "import",
                    Kind::Require => "require",
                }
            )),
            looked: Vec::new(),
        });
    };
    let path = package_dir.join(&target[2..]);
    if path.is_file() {
        Ok(path)
    } else {
        looked.push(path);
        Err(ResolveError::NotFound {
            reason: Some(format!(
                "package '{name}' exports '{subpath}' as '{target}', which does not exist"
            )),
            looked: std::mem::take(looked),
        })
    }
}

/// The `*` pattern key matching `subpath` with the longest prefix, and what `*` matched.
fn best_pattern<'a>(
    entries: &'a [(String, Json)],
    subpath: &'a str,
) -> Option<(&'a Json, &'a str)> {
    entries
        .iter()
        .filter_map(|(key, target)| {
            let (prefix, suffix) = key.split_once('*')?;
            if suffix.contains('*')
                || subpath.len() < prefix.len() + suffix.len()
                || !subpath.starts_with(prefix)
                || !subpath.ends_with(suffix)
            {
                return None;
            }
            let matched = &subpath[prefix.len()..subpath.len() - suffix.len()];
            Some((prefix.len(), key.len(), target, matched))
        })
        .max_by_key(|&(prefix_len, key_len, ..)| (prefix_len, key_len))
        .map(|(_, _, target, matched)| (target, matched))
}

/// Node's PACKAGE_TARGET_RESOLVE: a `./` string (with `*` replaced), the first usable entry of
/// an array, or the first matching condition of an object (in key order). `None` when nothing
/// applies.
fn resolve_target(target: &Json, matched: Option<&str>, kind: Kind) -> Option<String> {
    match target {
        Json::String(s) => {
            if !s.starts_with("./") || s.split('/').any(|seg| seg == ".." || seg == "node_modules")
            {
                return None;
            }
            Some(match matched {
                Some(m) => s.replace('*', m),
                None => s.clone(),
            })
        }
        Json::Array(items) => items
            .iter()
            .find_map(|item| resolve_target(item, matched, kind)),
        Json::Object(entries) => entries
            .iter()
            .filter(|(condition, _)| kind.conditions().contains(&condition.as_str()))
            .find_map(|(_, value)| resolve_target(value, matched, kind)),
        Json::Null | Json::Bool | Json::Number => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exports(json: &str) -> Json {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn splits_package_specifiers() {
        assert_eq!(split_package_specifier("a"), Some(("a", ".".into())));
        assert_eq!(
            split_package_specifier("a/b/c"),
            Some(("a", "./b/c".into()))
        );
        assert_eq!(split_package_specifier("@s/a"), Some(("@s/a", ".".into())));
        assert_eq!(
            split_package_specifier("@s/a/b"),
            Some(("@s/a", "./b".into()))
        );
        assert_eq!(split_package_specifier("@s"), None);
        assert_eq!(split_package_specifier(".hidden"), None);
    }

    #[test]
    fn resolves_conditions_in_key_order() {
        let t = exports(r#"{"import":"./i.mjs","require":"./r.cjs","default":"./d.js"}"#);
        assert_eq!(
            resolve_target(&t, None, Kind::Import).as_deref(),
            Some("./i.mjs")
        );
        assert_eq!(
            resolve_target(&t, None, Kind::Require).as_deref(),
            Some("./r.cjs")
        );
        let t = exports(r#"{"default":"./d.js","import":"./i.mjs"}"#);
        assert_eq!(
            resolve_target(&t, None, Kind::Import).as_deref(),
            Some("./d.js")
        );
        let t = exports(r#"{"browser":"./b.js","node":{"import":"./n.mjs"}}"#);
        assert_eq!(
            resolve_target(&t, None, Kind::Import).as_deref(),
            Some("./n.mjs")
        );
        assert_eq!(resolve_target(&t, None, Kind::Require), None);
        let t = exports(r#"{"node-addons":"./a.js","module-sync":"./s.js","default":"./d.js"}"#);
        assert_eq!(
            resolve_target(&t, None, Kind::Require).as_deref(),
            Some("./s.js")
        );
        let t = exports(r#"[{"worker":"./w.js"},"./f.js"]"#);
        assert_eq!(
            resolve_target(&t, None, Kind::Require).as_deref(),
            Some("./f.js")
        );
        assert_eq!(
            resolve_target(&exports(r#""../x.js""#), None, Kind::Import),
            None
        );
    }

    #[test]
    fn picks_the_longest_pattern() {
        let Json::Object(entries) =
            exports(r#"{"./*":"./all/*.js","./lib/*":"./src/*.js","./lib/x":"./x.js"}"#)
        else {
            unreachable!()
        };
        let (target, matched) = best_pattern(&entries, "./lib/a/b").unwrap();
        assert_eq!(
            resolve_target(target, Some(matched), Kind::Import).as_deref(),
            Some("./src/a/b.js")
        );
    }
}
