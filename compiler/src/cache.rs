//! Content-addressed cache for stage outputs: a stage's output is stored under the SHA-256 of
//! everything that determines it (stage name and version, tool identity, options, input bytes),
//! so an unchanged input is never recompiled and a changed one never reuses a stale result.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::fsutil::write_atomic;

/// The cache folder: `$EDGEBOX_CACHE_DIR`, else `$XDG_CACHE_HOME/edgebox`, else
/// `$HOME/.cache/edgebox`, else `.edgebox-cache` in the current folder.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("EDGEBOX_CACHE_DIR") {
        return dir.into();
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("edgebox");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".cache/edgebox"),
        None => PathBuf::from(".edgebox-cache"),
    }
}

/// A cache rooted at a folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// A cache key under construction: feed it every input of a stage.
#[derive(Debug, Clone)]
pub struct Key {
    stage: &'static str,
    hasher: Sha256,
}

impl Key {
    /// Starts a key for `stage`; `version` changes whenever the stage's output format changes.
    pub fn new(stage: &'static str, version: &str) -> Key {
        let mut hasher = Sha256::new();
        for part in [
            stage.as_bytes(),
            version.as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
        ] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        Key { stage, hasher }
    }

    /// Adds one input (length-prefixed, so parts cannot run into each other).
    pub fn with(mut self, part: impl AsRef<[u8]>) -> Key {
        let part = part.as_ref();
        self.hasher.update((part.len() as u64).to_le_bytes());
        self.hasher.update(part);
        self
    }

    fn hex(&self) -> String {
        let digest = self.hasher.clone().finalize();
        digest.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

impl Cache {
    /// A cache in `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Cache {
        Cache { root: root.into() }
    }

    /// The cache's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.root.join("stages").join(key.stage).join(key.hex())
    }

    /// The stored output for `key`, if any.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        std::fs::read(self.path(key)).ok()
    }

    /// Stores `bytes` under `key` (atomically).
    pub fn put(&self, key: &Key, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key);
        std::fs::create_dir_all(path.parent().expect("cache paths have a parent"))?;
        write_atomic(&path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_every_part_and_its_boundaries() {
        let a = Key::new("link", "1").with("ab").with("c").hex();
        assert_eq!(a, Key::new("link", "1").with("ab").with("c").hex());
        assert_ne!(a, Key::new("link", "1").with("a").with("bc").hex());
        assert_ne!(a, Key::new("link", "2").with("ab").with("c").hex());
        assert_ne!(a, Key::new("aot", "1").with("ab").with("c").hex());
    }

    #[test]
    fn stores_and_returns_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let key = Key::new("aot", "1").with(b"wasm");
        assert_eq!(cache.get(&key), None);
        cache.put(&key, b"aot bytes").unwrap();
        assert_eq!(cache.get(&key).as_deref(), Some(&b"aot bytes"[..]));
    }
}
