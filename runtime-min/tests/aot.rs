//! `.aot` end to end: the guests compiled by edgebox-aot (WAMR's AOT compiler), then run by
//! edgebox. Covers the bounds-check contract (hw runs; sw, missing and unknown markers are
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

/// A copy of the hardware-mode .aot with `from` replaced by `to` (same length).
fn tampered(dir: &Path, name: &str, from: &[u8], to: &[u8]) -> PathBuf {
    let mut bytes = fs::read(probe_aot(BoundsChecks::Hardware)).unwrap();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern in the .aot");
    bytes[at..at + to.len()].copy_from_slice(to);
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
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
fn other_modes_and_missing_markers_are_refused_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let marker = b"edgebox.bounds_checks\0hw";
    let cases = [
        (
            probe_aot(BoundsChecks::Software),
            "was compiled for software bounds checks (`sw`) but this edgebox runs hardware \
             (guard-page) bounds checks (`hw`)",
        ),
        (
            tampered(
                d,
                "unmarked.aot",
                b"edgebox.bounds_checks",
                b"edgebox.bounds_checkz",
            ),
            "has no `edgebox.bounds_checks` section, so it was not built by edgeboxc",
        ),
        (
            tampered(d, "unknown.aot", marker, b"edgebox.bounds_checks\0xx"),
            "has an unknown bounds-check marker \"xx\" (expected `hw`)",
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
        assert!(
            out.stderr.contains("rebuild it with `edgeboxc aot`"),
            "{out:?}"
        );
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
