//! Identities of the cached stages' code: for each stage, a hash of our sources that determine
//! its output and of the versions (from Cargo.lock) of the crates that do, so that a change to
//! any of them misses the cache instead of reusing an output the new code would not produce.
//! Tool versions (clang) and the engine, WAMR and guest fingerprints are added at run time.

use std::path::Path;

/// Per stage: its env-var suffix, our source files and folders (relative to compiler/), and
/// the registry crates whose code runs in it.
const STAGES: &[(&str, &[&str], &[&str])] = &[
    (
        "ENGINE",
        &[
            "src/stages/engine.rs",
            "src/stages/clang.rs",
            "src/stages/optimize.rs",
        ],
        &["wasm-opt", "wasm-opt-sys", "wasm-opt-cxx-sys"],
    ),
    (
        "APP",
        &[
            "src/stages/app.rs",
            "src/stages/clang.rs",
            "src/stages/optimize.rs",
        ],
        &["wasm-opt", "wasm-opt-sys", "wasm-opt-cxx-sys"],
    ),
    (
        "SNAPSHOT",
        &["src/stages/snapshot.rs", "snapshot/src"],
        &["wasmi", "wasmparser", "wasm-encoder"],
    ),
    (
        "AOT",
        &[
            "src/stages/aot.rs",
            "aot-file/src",
            "aot/src",
            "../seal/src",
        ],
        &["wasmparser", "wasm-encoder", "xxhash-rust"],
    ),
];

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(manifest.join("../Cargo.lock")).unwrap_or_default();
    println!("cargo:rerun-if-changed=../Cargo.lock");
    for (stage, paths, crates) in STAGES {
        let mut hash = Fnv::default();
        for path in *paths {
            let full = manifest.join(path);
            println!("cargo:rerun-if-changed={}", full.display());
            feed_path(&mut hash, &full, path);
        }
        for name in *crates {
            hash.feed(locked_version(&lock, name).as_bytes());
        }
        println!("cargo:rustc-env=EDGEBOX_STAGE_{stage}={:016x}", hash.0);
    }
}

/// Feeds a file, or every file under a folder in name order, with their relative names.
fn feed_path(hash: &mut Fnv, path: &Path, name: &str) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            let child = format!(
                "{name}/{}",
                entry.file_name().expect("named").to_string_lossy()
            );
            feed_path(hash, &entry, &child);
        }
    } else {
        hash.feed(name.as_bytes());
        hash.feed(
            &std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        );
    }
}

/// `name version` of the package `name` in Cargo.lock (every version, if several).
fn locked_version(lock: &str, name: &str) -> String {
    let mut found = String::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            if let Some(version) = lines.next() {
                found.push_str(name);
                found.push(' ');
                found.push_str(version);
                found.push('\n');
            }
        }
    }
    found
}

/// FNV-1a, with a separator after every part.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
