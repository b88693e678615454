//! The pinned third-party sources EdgeBox builds from, and our patches to them.
//!
//! QuickJS-NG 0.16.2 comes from the crates.io package `rquickjs-sys =0.14.0`, WAMR 2.4.3 from
//! `wamrx-sys =0.3.0` and zlib 1.4 from `libz-sys =1.1.33` (its `src/zlib/`); build.rs finds
//! their folders through `cargo metadata`. Nothing of them is
//! copied into the repository: [`prepare`] makes a patched copy at build time, in a folder the
//! caller owns (normally a build cache).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/patches.rs"));

/// A third-party component we build from its registry package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Component {
    /// QuickJS-NG, the JavaScript engine (host compiler and guest runtime).
    QuickJs,
    /// WAMR, the WebAssembly runtime and AOT compiler.
    Wamr,
    /// zlib, the deflate/inflate library behind the guest's `node:zlib`.
    Zlib,
}

impl Component {
    /// Every component, in a fixed order.
    pub const ALL: [Component; 3] = [Component::QuickJs, Component::Wamr, Component::Zlib];

    /// Short name used for patch folders and cache keys.
    pub fn key(self) -> &'static str {
        match self {
            Component::QuickJs => "quickjs",
            Component::Wamr => "wamr",
            Component::Zlib => "zlib",
        }
    }

    /// Upstream version of the pinned sources.
    pub fn version(self) -> &'static str {
        match self {
            Component::QuickJs => "0.16.2",
            Component::Wamr => "2.4.3",
            Component::Zlib => "1.4",
        }
    }

    /// The registry package (name, exact version) the sources come from.
    pub fn package(self) -> (&'static str, &'static str) {
        match self {
            Component::QuickJs => ("rquickjs-sys", "0.14.0"),
            Component::Wamr => ("wamrx-sys", "0.3.0"),
            Component::Zlib => ("libz-sys", "1.1.33"),
        }
    }

    /// The unpatched source folder inside the registry package (read-only: never modify it).
    pub fn source_dir(self) -> &'static Path {
        Path::new(match self {
            Component::QuickJs => env!("EDGEBOX_QUICKJS_DIR"),
            Component::Wamr => env!("EDGEBOX_WAMR_DIR"),
            Component::Zlib => env!("EDGEBOX_ZLIB_DIR"),
        })
    }

    /// A stable hash of the version and our patches: changes whenever the sources a build
    /// sees change (use it in cache keys of anything built from them).
    pub fn fingerprint(self) -> u64 {
        patches_fingerprint(self)
    }

    /// Our patches for this component, in the order they are applied.
    pub fn patches(self) -> impl Iterator<Item = Patch> {
        PATCHES
            .iter()
            .filter(move |(component, _, _)| *component == self.key())
            .map(|&(_, name, text)| Patch { name, text })
    }
}

/// `quickjs-opcode.h` of the pinned QuickJS-NG (unpatched).
pub fn opcode_header() -> PathBuf {
    Component::QuickJs.source_dir().join("quickjs-opcode.h")
}

/// One of our patch files (a unified diff against the component's source folder).
#[derive(Debug, Clone, Copy)]
pub struct Patch {
    /// File name under `vendor/patches/<component>/`.
    pub name: &'static str,
    /// The unified diff.
    pub text: &'static str,
}

/// Why a patched copy could not be made.
#[derive(Debug, thiserror::Error)]
pub enum VendorError {
    /// Copying or writing files failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A patch file is not a valid unified diff, or names no file.
    #[error("patch vendor/patches/{component}/{patch} is not a usable unified diff: {reason}")]
    BadPatch {
        /// Component key.
        component: &'static str,
        /// Patch file name.
        patch: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A patch does not apply to the pinned sources.
    #[error("patch vendor/patches/{component}/{patch} does not apply to {file}: {reason}")]
    DoesNotApply {
        /// Component key.
        component: &'static str,
        /// Patch file name.
        patch: &'static str,
        /// The file the patch targets.
        file: String,
        /// What diffy reported.
        reason: String,
    },
}

/// Makes (once) a copy of `component`'s sources under `cache_dir` with all our patches applied,
/// and returns its path. The folder name includes a hash of the patches, so a changed patch gets
/// a fresh copy; the copy is built in a temporary folder and renamed into place when complete.
pub fn prepare(component: Component, cache_dir: &Path) -> Result<PathBuf, VendorError> {
    let dest = cache_dir.join(format!(
        "{}-{}-{:016x}",
        component.key(),
        component.version(),
        patches_fingerprint(component)
    ));
    if dest.join(STAMP).exists() {
        return Ok(dest);
    }
    fs::create_dir_all(cache_dir).map_err(io_err("create", cache_dir))?;
    let staging = cache_dir.join(format!(
        ".{}-staging-{}",
        component.key(),
        std::process::id()
    ));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err("remove", &staging))?;
    }
    copy_tree(component.source_dir(), &staging)?;
    for patch in component.patches() {
        apply_patch(component, patch, &staging)?;
    }
    fs::write(staging.join(STAMP), "").map_err(io_err("write", &staging.join(STAMP)))?;
    match fs::rename(&staging, &dest) {
        Ok(()) => Ok(dest),
        // Another process finished first: its copy is identical.
        Err(_) if dest.join(STAMP).exists() => {
            let _ = fs::remove_dir_all(&staging);
            Ok(dest)
        }
        Err(e) => Err(io_err("rename into", &dest)(e)),
    }
}

const STAMP: &str = ".edgebox-prepared";

fn patches_fingerprint(component: Component) -> u64 {
    // FNV-1a: stable across Rust versions, unlike DefaultHasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(component.version().as_bytes());
    for patch in component.patches() {
        feed(patch.name.as_bytes());
        feed(&[0]);
        feed(patch.text.as_bytes());
        feed(&[0]);
    }
    hash
}

fn apply_patch(component: Component, patch: Patch, root: &Path) -> Result<(), VendorError> {
    let bad = |reason: String| VendorError::BadPatch {
        component: component.key(),
        patch: patch.name,
        reason,
    };
    let parsed = diffy::Patch::from_str(patch.text).map_err(|e| bad(e.to_string()))?;
    let target = parsed
        .modified()
        .ok_or_else(|| bad("no `+++ b/<file>` line".into()))?;
    let relative = target.strip_prefix("b/").unwrap_or(target).to_string();
    if relative
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return Err(bad(format!(
            "target path {target:?} is not a plain relative path"
        )));
    }
    let file = root.join(&relative);
    let original = fs::read_to_string(&file).map_err(io_err("read", &file))?;
    let patched = diffy::apply(&original, &parsed).map_err(|e| VendorError::DoesNotApply {
        component: component.key(),
        patch: patch.name,
        file: relative.clone(),
        reason: e.to_string(),
    })?;
    fs::write(&file, patched).map_err(io_err("write", &file))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), VendorError> {
    fs::create_dir_all(to).map_err(io_err("create", to))?;
    for entry in fs::read_dir(from).map_err(io_err("read", from))? {
        let entry = entry.map_err(io_err("read", from))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        let kind = entry.file_type().map_err(io_err("stat", &path))?;
        if kind.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(io_err("copy", &path))?;
            // Registry sources are read-only; the copy must be writable for patches.
            let mut perms = fs::metadata(&dest)
                .map_err(io_err("stat", &dest))?
                .permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            fs::set_permissions(&dest, perms).map_err(io_err("chmod", &dest))?;
        }
    }
    Ok(())
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> VendorError + 'a {
    move |source| VendorError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_pinned_versions() {
        let header = fs::read_to_string(Component::QuickJs.source_dir().join("quickjs.h")).unwrap();
        assert!(header.contains("#define QJS_VERSION_MAJOR 0"));
        assert!(header.contains("#define QJS_VERSION_MINOR 16"));
        assert!(header.contains("#define QJS_VERSION_PATCH 2"));
        let wamr = fs::read_to_string(Component::Wamr.source_dir().join("core/version.h")).unwrap();
        assert!(wamr.contains("#define WAMR_VERSION_MAJOR 2"), "{wamr}");
        assert!(wamr.contains("#define WAMR_VERSION_MINOR 4"));
        assert!(wamr.contains("#define WAMR_VERSION_PATCH 3"));
        let zlib = fs::read_to_string(Component::Zlib.source_dir().join("zlib.h")).unwrap();
        assert!(zlib.contains("#define ZLIB_VERSION \"1.4\"\n"));
        assert!(opcode_header().is_file());
    }

    #[test]
    fn quickjs_copy_has_the_wasi_stack_limit_restored() {
        let cache = tempfile::tempdir().unwrap();
        let dir = prepare(Component::QuickJs, cache.path()).unwrap();
        let patched = fs::read_to_string(dir.join("quickjs.c")).unwrap();
        let pristine =
            fs::read_to_string(Component::QuickJs.source_dir().join("quickjs.c")).unwrap();
        assert!(pristine.contains("rt->stack_limit = 0; /* no limit */\n#else"));
        assert!(!patched.contains("#if defined(__wasi__)\n    rt->stack_limit = 0;"));
        assert!(!patched.contains("#ifdef __wasi__\n    rt->stack_size = 0;"));
        // A second call reuses the finished copy.
        assert_eq!(prepare(Component::QuickJs, cache.path()).unwrap(), dir);
    }

    #[test]
    fn every_patch_applies_and_names_its_component() {
        let cache = tempfile::tempdir().unwrap();
        for component in Component::ALL {
            let dir = prepare(component, cache.path()).unwrap();
            assert!(dir.join(STAMP).exists());
        }
        assert!(PATCHES
            .iter()
            .all(|(c, _, _)| Component::ALL.iter().any(|k| k.key() == *c)));
    }
}
