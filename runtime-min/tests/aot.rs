//! `.aot` end to end: the guests compiled by edgebox-aot (WAMR's AOT compiler), then run by
//! edgebox. Covers the seal (a hardware-mode .aot runs; one for software checks, another WAMR
//! or a CPU with features this one lacks, and truncated, unsealed or overwritten files are
//! refused before anything runs), traps in native code and the sandbox under AOT.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use common::{edgebox, probe, write_policy, Run};
use edgebox_aot::{BoundsChecks, Options};

/// The probe guest compiled to .aot for `mode` (once per test binary).
fn probe_aot(mode: BoundsChecks) -> PathBuf {
    static BUILT: OnceLock<Mutex<BTreeMap<&'static [u8], PathBuf>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    built
        .entry(mode.marker())
        .or_insert_with(|| {
            let wasm = fs::read(probe()).unwrap();
            let options = Options {
                bounds_checks: mode,
                ..Options::default()
            };
            let aot = edgebox_aot::compile(&wasm, &options).expect("AOT-compile the probe");
            let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "guests/probe-{}.aot",
                String::from_utf8_lossy(mode.marker())
            ));
            fs::write(&path, aot).unwrap();
            path
        })
        .clone()
}

/// A copy of the hardware-mode .aot, changed by `change`, written as `dir/name`.
fn crafted(dir: &Path, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = fs::read(probe_aot(BoundsChecks::Hardware)).unwrap();
    change(&mut bytes);
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// Replaces `from` by `to` (same length) in the seal's record and seals the file again, as a
/// compiler for another runtime or CPU would have.
fn reseal(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    let at = bytes
        .windows(from.len())
        .rposition(|w| w == from)
        .expect("pattern in the seal");
    bytes[at..at + to.len()].copy_from_slice(to);
    edgebox_seal::finish(bytes).unwrap();
}

fn run(dir: &Path, aot: &Path, args: &[&str]) -> Run {
    let mut all = vec![aot.to_str().unwrap()];
    all.extend(args);
    edgebox(dir, &all, &[])
}

#[test]
fn a_hardware_mode_aot_runs() {
    let dir = tempfile::tempdir().unwrap();
    let aot = probe_aot(BoundsChecks::Hardware);
    let out = run(dir.path(), &aot, &["args", "x y"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stdout,
        format!("argv[0]={}\nargv[1]=args\nargv[2]=x y\n", aot.display())
    );
    assert_eq!(run(dir.path(), &aot, &["exit", "9"]).code, Some(9));
}

#[test]
fn crafted_files_are_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sealed = fs::read(probe_aot(BoundsChecks::Hardware)).unwrap();
    let seal_size = {
        let name = b"edgebox.seal\0";
        let at = sealed.windows(name.len()).rposition(|w| w == name).unwrap();
        sealed.len() - (at - 14)
    };
    let features = |bytes: &[u8]| {
        let at = bytes.windows(9).rposition(|w| w == b"features ").unwrap();
        bytes[at..at + 9 + 7 * 9 - 1].to_vec()
    };
    let all_features = format!("features {}", ["ffffffff"; 7].join(" ")).into_bytes();
    let cases = [
        (
            probe_aot(BoundsChecks::Software),
            "was compiled for software bounds checks (`sw`), but this edgebox's WAMR is \
             built with hardware (guard-page) bounds checks (`hw`)",
        ),
        (
            crafted(d, "truncated.aot", |b| b.truncate(b.len() / 2)),
            "has no `edgebox.seal` section at its end: it is truncated",
        ),
        (
            crafted(d, "unsealed.aot", |b| b.truncate(b.len() - seal_size)),
            "has no `edgebox.seal` section at its end",
        ),
        (
            // Without the digest, int3 bytes over the code loaded and died of SIGTRAP.
            crafted(d, "int3.aot", |b| {
                let n = b.len();
                b[n / 4..n / 2].fill(0xcc)
            }),
            "its digest does not match its contents: the file is corrupt or was modified",
        ),
        (
            crafted(d, "one-bit.aot", |b| {
                let middle = b.len() / 2;
                b[middle] ^= 1;
            }),
            "its digest does not match its contents",
        ),
        (
            crafted(d, "other-wamr.aot", |b| {
                reseal(b, b"wamr 2.4.3+", b"wamr 9.9.9+")
            }),
            "was compiled for WAMR \"9.9.9+",
        ),
        (
            crafted(d, "other-cpu.aot", |b| {
                let from = features(b);
                reseal(b, &from, &all_features)
            }),
            "was compiled for CPU \"x86-64-v2\", which has ",
        ),
    ];
    for (aot, expected) in cases {
        let out = run(d, &aot, &["args"]);
        assert_eq!(out.code, Some(3), "{aot:?}: {out:?}");
        assert_eq!(out.stdout, "", "{aot:?} must not run");
        assert!(
            out.stderr
                .starts_with(&format!("edgebox: {}: {expected}", aot.display())),
            "{out:?}"
        );
        assert!(out.stderr.contains("rebuild it with"), "{out:?}");
    }
}

#[test]
fn native_code_traps_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let aot = probe_aot(BoundsChecks::Hardware);
    for (cmd, text) in [
        ("oob", "out of bounds memory access"),
        ("unreachable", "unreachable"),
        ("deep", "native stack overflow"),
    ] {
        let out = run(dir.path(), &aot, &[cmd]);
        assert_eq!(out.code, Some(134), "{cmd}: {out:?}");
        assert_eq!(
            out.stderr,
            format!("edgebox: {}: trap: {text}\n", aot.display())
        );
    }
}

#[test]
fn the_sandbox_holds_under_aot() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("data")).unwrap();
    fs::write(d.join("data/f.txt"), "kept\n").unwrap();
    let policy = write_policy(
        d,
        "p.json",
        r#"{"dirs": [{"path": "data", "read": true}], "runtime": {"max_memory_pages": 64}}"#,
    );
    let aot = probe_aot(BoundsChecks::Hardware);
    let aot = aot.to_str().unwrap();
    let file = d.join("data/f.txt");
    let file = file.to_str().unwrap();
    let with_policy = |args: &[&str]| {
        let mut all = vec!["--config", policy.to_str().unwrap(), aot];
        all.extend(args);
        edgebox(d, &all, &[])
    };
    assert_eq!(with_policy(&["read", file]).stdout, "kept\n");
    let out = with_policy(&["write", file, "X"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(with_policy(&["read", "/etc/passwd"]).code, Some(1));
    assert_eq!(fs::read_to_string(file).unwrap(), "kept\n");
    let out = with_policy(&["hog"]);
    assert!(
        out.stdout.starts_with("allocated ") && out.stdout.ends_with(" MiB\n"),
        "{out:?}"
    );
    let mib: u32 = out.stdout["allocated ".len()..out.stdout.len() - 5]
        .parse()
        .unwrap();
    assert!(mib < 4, "{mib} MiB under a 4 MiB cap");
}
