//! The build-time snapshot (`edgeboxc build` runs `edgebox_init` at build time by default):
//! same behavior with and without it, byte-identical rebuilds, run-time values really come from
//! the run, and `edgeboxc snapshot` on its own.

use std::path::{Path, PathBuf};
use std::process::Output;

use edgebox_e2e::{build, edgebox, edgeboxc, fixture, text};

/// A fixture, the arguments and the environment it is run with.
type App = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

/// Every app fixture, with the arguments and environment it is run with.
const APPS: &[App] = &[
    ("hello", &[], &[]),
    ("fib", &["20"], &[]),
    ("esm-app", &[], &[]),
    ("cjs-app", &[], &[]),
    ("throws", &[], &[]),
    ("async", &[], &[]),
    ("async", &["reject"], &[]),
    (
        "policy-app",
        &[],
        &[("GREETING", "hi"), ("OTHER", "secret")],
    ),
];

fn run(artifact: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    edgebox(env)
        .arg(artifact)
        .args(args)
        .output()
        .expect("run edgebox")
}

/// The init export is in a module exactly when it was not snapshotted (the snapshot removes it;
/// the module is stripped, so the name can only be the export's).
fn has_init_export(wasm: &Path) -> bool {
    let bytes = std::fs::read(wasm).unwrap();
    bytes.windows(12).any(|w| w == b"edgebox_init")
}

#[test]
fn every_app_behaves_the_same_with_and_without_the_snapshot() {
    let out = tempfile::tempdir().unwrap();
    let mut built = std::collections::HashSet::new();
    for (name, args, env) in APPS {
        let snap = out.path().join("snapshot").join(name);
        let plain = out.path().join("plain").join(name);
        if built.insert(*name) {
            build(&fixture(name), &snap, &[]);
            build(&fixture(name), &plain, &["--no-snapshot"]);
            assert!(
                !has_init_export(&snap.join(format!("{name}.wasm"))),
                "{name}"
            );
            assert!(
                has_init_export(&plain.join(format!("{name}.wasm"))),
                "{name}"
            );
        }
        for ext in ["wasm", "aot"] {
            let file = format!("{name}.{ext}");
            let with = run(&snap.join(&file), args, env);
            let without = run(&plain.join(&file), args, env);
            assert_eq!(
                (text(&with.stdout), text(&with.stderr), with.status.code()),
                (
                    text(&without.stdout),
                    text(&without.stderr),
                    without.status.code()
                ),
                "{file} {args:?}: snapshot (left) and no snapshot (right) differ"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_app_are_byte_identical() {
    let mut artifacts: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for _ in 0..2 {
        // A fresh cache each time, so every stage really runs.
        let cache = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let result = edgeboxc()
            .env("EDGEBOX_CACHE_DIR", cache.path())
            .arg("build")
            .arg(fixture("hello"))
            .arg("-o")
            .arg(out.path())
            .arg("--verbose")
            .output()
            .unwrap();
        let log = text(&result.stderr);
        assert!(result.status.success(), "{log}");
        assert!(
            log.lines()
                .any(|l| l.trim_start().starts_with("snapshot") && !l.ends_with("(cached)")),
            "the snapshot stage ran:\n{log}"
        );
        artifacts.push((
            std::fs::read(out.path().join("hello.wasm")).unwrap(),
            std::fs::read(out.path().join("hello.aot")).unwrap(),
        ));
    }
    assert!(artifacts[0].0 == artifacts[1].0, "the .wasm files differ");
    assert!(artifacts[0].1 == artifacts[1].1, "the .aot files differ");
}

const DYNAMIC_APP: &str = r#"
const t0 = performance.now();
console.log(JSON.stringify({
  random: Math.random(),
  argv: process.argv.slice(2),
  env: process.env,
  now: Date.now(),
  sinceStart: t0,
}));
"#;

/// The snapshotted dynamic app (.wasm and .aot) and its policy, built once.
fn dynamic_app(dir: &Path) -> [PathBuf; 2] {
    std::fs::write(dir.join("app.js"), DYNAMIC_APP).unwrap();
    std::fs::write(dir.join(".edgebox.json"), "{ \"env\": [\"SNAP_VAR\"] }\n").unwrap();
    let out = dir.join("dist");
    build(&dir.join("app.js"), &out, &[]);
    assert!(!has_init_export(&out.join("app.wasm")));
    [out.join("app.wasm"), out.join("app.aot")]
}

/// `"key":value` of the one-line JSON the dynamic app prints.
fn field<'a>(json: &'a str, key: &str) -> &'a str {
    let start = json
        .find(&format!("\"{key}\":"))
        .unwrap_or_else(|| panic!("no {key} in {json}"))
        + key.len()
        + 3;
    let rest = &json[start..];
    let depth_end = rest
        .char_indices()
        .scan(0i32, |depth, (i, c)| {
            match c {
                '[' | '{' => *depth += 1,
                ']' | '}' => *depth -= 1,
                _ => {}
            }
            Some((i, c, *depth))
        })
        .find(|(_, c, depth)| *depth < 0 || (*depth == 0 && *c == ','))
        .map_or(rest.len(), |(i, _, _)| i);
    &rest[..depth_end]
}

#[test]
fn argv_env_clocks_and_math_random_are_run_time_values_in_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    for artifact in dynamic_app(dir.path()) {
        let a = run(&artifact, &["one", "two"], &[("SNAP_VAR", "first")]);
        let b = run(&artifact, &["three"], &[("SNAP_VAR", "second")]);
        let (a, b) = (text(&a.stdout), text(&b.stdout));
        let name = artifact.display();
        assert_eq!(field(&a, "argv"), "[\"one\",\"two\"]", "{name}: {a}");
        assert_eq!(field(&b, "argv"), "[\"three\"]", "{name}: {b}");
        assert_eq!(field(&a, "env"), "{\"SNAP_VAR\":\"first\"}", "{name}: {a}");
        assert_eq!(field(&b, "env"), "{\"SNAP_VAR\":\"second\"}", "{name}: {b}");
        assert_ne!(
            field(&a, "random"),
            field(&b, "random"),
            "{name}: Math.random replays the same sequence"
        );
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as f64;
        let app_now: f64 = field(&a, "now").parse().unwrap();
        assert!(
            (now_ms - app_now).abs() < 600_000.0,
            "{name}: Date.now() {app_now} is not the run's time {now_ms}"
        );
        let since_start: f64 = field(&a, "sinceStart").parse().unwrap();
        assert!(
            (0.0..5_000.0).contains(&since_start),
            "{name}: performance.now() {since_start} does not count from the run's start"
        );
    }
}

#[test]
fn edgeboxc_snapshot_preinitializes_a_module_and_refuses_bad_input() {
    let out = tempfile::tempdir().unwrap();
    build(
        &fixture("hello"),
        out.path(),
        &["--no-snapshot", "--no-aot"],
    );
    let plain = out.path().join("hello.wasm");
    let snap = out.path().join("hello.snap.wasm");
    let result = edgeboxc()
        .arg("snapshot")
        .arg(&plain)
        .arg(&snap)
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(!has_init_export(&snap));
    let ran = run(&snap, &[], &[]);
    assert_eq!(
        text(&ran.stdout),
        "Hello from EdgeBox!\n",
        "{}",
        text(&ran.stderr)
    );

    let fails = |args: &[&Path], extra: &[&str]| {
        let result = edgeboxc()
            .arg("snapshot")
            .args(args)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1));
        text(&result.stderr)
    };
    // Snapshotting twice: the init export is gone.
    let again = out.path().join("again.wasm");
    let err = fails(&[&snap, &again], &[]);
    assert!(
        err.contains("hello.snap.wasm: the module exports no function `edgebox_init`")
            && err.contains("--init-func"),
        "{err}"
    );
    assert!(!again.exists(), "nothing written on failure");
    let err = fails(&[&plain, &again], &["--init-func", "nope"]);
    assert!(err.contains("no function `nope`"), "{err}");
    let missing = out.path().join("missing.wasm");
    let err = fails(&[&missing, &again], &[]);
    assert!(
        err.contains("cannot read") && err.contains("missing.wasm"),
        "{err}"
    );
    let js = fixture("hello").join("index.js");
    let err = fails(&[&js, &again], &[]);
    assert!(
        err.contains("index.js: not a valid WebAssembly module"),
        "{err}"
    );
}

#[test]
fn an_unchanged_app_takes_its_snapshot_from_the_cache() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("hello"), out.path(), &["--no-aot"]);
    let log = text(&build(&fixture("hello"), out.path(), &["--no-aot", "--verbose"]).stderr);
    let line = log
        .lines()
        .find(|l| l.trim_start().starts_with("snapshot"))
        .unwrap_or_else(|| panic!("no snapshot line in:\n{log}"));
    assert!(line.ends_with("(cached)"), "{log}");
    let plain = text(
        &build(
            &fixture("hello"),
            out.path(),
            &["--no-aot", "--verbose", "--no-snapshot"],
        )
        .stderr,
    );
    assert!(
        !plain
            .lines()
            .any(|l| l.trim_start().starts_with("snapshot")),
        "--no-snapshot skips the stage:\n{plain}"
    );
}
