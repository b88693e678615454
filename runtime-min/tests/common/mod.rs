//! Shared helpers for the edgebox integration tests: build the C guests in `tests/guests/` to
//! wasm32-wasi with clang-19 (once per test binary) and run the real `edgebox` binary.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// The `edgebox` binary under test.
pub const EDGEBOX: &str = env!("CARGO_BIN_EXE_edgebox");

/// Builds `tests/guests/<name>.c` (once) and returns the .wasm path. `reactor` builds it as a
/// WASI reactor (no `_start`).
pub fn guest(name: &str, reactor: bool) -> PathBuf {
    static BUILT: OnceLock<Mutex<BTreeMap<(String, bool), PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    if let Some(path) = built.get(&(name.to_string(), reactor)) {
        return path.clone();
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/guests/{name}.c"));
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("guests");
    fs::create_dir_all(&out_dir).unwrap();
    let suffix = if reactor { "-reactor" } else { "" };
    let out = out_dir.join(format!("{name}{suffix}.wasm"));
    let tmp = out_dir.join(format!("{name}{suffix}.{}.tmp", std::process::id()));
    let mut cmd = Command::new("clang-19");
    let abi = Path::new(env!("CARGO_MANIFEST_DIR")).join("../compiler/guest/c");
    cmd.args(["--target=wasm32-wasi", "-O2", "-Wall", "-Werror", "-I"])
        .arg(abi)
        .arg("-o")
        .arg(&tmp)
        .arg(&src);
    if reactor {
        cmd.arg("-mexec-model=reactor");
    }
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run clang-19 ({e}): run scripts/setup.sh"));
    assert!(
        output.status.success(),
        "clang-19 failed on {}:\n{}",
        src.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    fs::rename(&tmp, &out).unwrap();
    built.insert((name.to_string(), reactor), out.clone());
    out
}

/// The probe guest (see tests/guests/probe.c).
pub fn probe() -> PathBuf {
    guest("probe", false)
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// Exit code (None: killed by a signal, which must never happen).
    pub code: Option<i32>,
    /// The app's (or edgebox's help) stdout.
    pub stdout: String,
    /// edgebox's and the app's stderr.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// A command running edgebox in `cwd` with a clean environment (plus `envs`).
pub fn edgebox(cwd: &Path, args: &[&str], envs: &[(&str, &str)]) -> Run {
    let output = Command::new(EDGEBOX)
        .current_dir(cwd)
        .args(args)
        .env_clear()
        .envs(envs.iter().copied())
        .output()
        .expect("run edgebox");
    output.into()
}

/// Runs the probe guest with `--config policy` (if given) in `cwd`.
pub fn probe_run(cwd: &Path, policy: Option<&Path>, args: &[&str]) -> Run {
    let probe = probe();
    let mut all: Vec<&str> = Vec::new();
    if let Some(policy) = policy {
        all.extend(["--config", policy.to_str().unwrap()]);
    }
    all.push(probe.to_str().unwrap());
    all.extend(args);
    edgebox(cwd, &all, &[])
}

/// Writes a policy file and returns its path.
pub fn write_policy(dir: &Path, name: &str, json: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, json).unwrap();
    path
}

/// Every entry under `root` (relative path → file contents / symlink target / "<dir>"), plus
/// each file's modification time, to prove from the host that nothing changed.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let meta = fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let mtime = meta.modified().unwrap();
            let value = if meta.file_type().is_symlink() {
                format!("-> {}", fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                walk(root, &path, out);
                "<dir>".to_string()
            } else {
                format!("{:?} {mtime:?}", fs::read_to_string(&path).unwrap())
            };
            out.insert(rel, value);
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}
