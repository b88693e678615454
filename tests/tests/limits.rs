//! Run limits on JavaScript apps, built by `edgeboxc build` and run by `edgebox` as `.wasm` and as
//! `.aot`: runaway code of every kind (interpreted, frozen, a native path, a regex, promise jobs,
//! timer callbacks, a blocking sleep) stops within twice its limit plus 50 ms with exit code 124
//! and one line naming the limit; JS stops at its own poll where one exists (the output it
//! printed survives); deep structures and heap exhaustion end in catchable errors, never traps.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use edgebox_e2e::{binary, build, fixture, run_measured, text, Measured};

/// A fixture built once per test binary, as .wasm and .aot.
fn artifacts(
    name: &str,
    slot: &'static OnceLock<(tempfile::TempDir, [PathBuf; 2])>,
) -> [PathBuf; 2] {
    let (_, paths) = slot.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build(&fixture(name), out.path(), &[]);
        let paths = ["wasm", "aot"].map(|ext| out.path().join(format!("{name}.{ext}")));
        (out, paths)
    });
    paths.clone()
}

fn runaway() -> [PathBuf; 2] {
    static BUILT: OnceLock<(tempfile::TempDir, [PathBuf; 2])> = OnceLock::new();
    artifacts("runaway", &BUILT)
}

fn exhaustion() -> [PathBuf; 2] {
    static BUILT: OnceLock<(tempfile::TempDir, [PathBuf; 2])> = OnceLock::new();
    artifacts("exhaustion", &BUILT)
}

/// Runs `artifact args` under the policy `json` with start-up tracing on (it reports how the
/// run was stopped); a run that does not end is killed after 180 s (and fails its test; the
/// interpreter needs ~40 s for the deep structures: QuickJS-NG's JSON cycle check is quadratic).
fn run(json: &str, artifact: &Path, args: &[&str]) -> Measured {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, json).unwrap();
    let mut cmd = Command::new(binary("edgebox"));
    cmd.env_clear()
        .env("EDGEBOX_TRACE_STARTUP", "1")
        .arg("--config")
        .arg(&policy)
        .arg(artifact)
        .args(args);
    run_measured(&mut cmd, Duration::from_secs(180))
}

/// stderr without the trace lines.
fn errors(run: &Measured) -> String {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("edgebox: trace: "))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn stopped_at_js_poll(run: &Measured) -> bool {
    run.stderr
        .contains("edgebox: trace: limit: stopped at JS poll")
}
fn bound(limit_ms: u64) -> Duration {
    Duration::from_millis(2 * limit_ms + 50)
}

/// Modes that poll (interpreter, frozen loop, regex engine, timer callbacks): JS stops itself.
const POLLING: &[&str] = &["interpreted", "frozen", "regex", "timer", "timers"];
/// Modes that reach no poll, or not in time: a native path (it has none), promise jobs (a GC
/// pause can outlast the grace period), a sleep in the host.
const BACKSTOPPED: &[&str] = &["native", "promises", "sleep"];

#[test]
fn a_wall_time_limit_stops_every_kind_of_runaway_js() {
    for artifact in runaway() {
        for &mode in POLLING.iter().chain(BACKSTOPPED) {
            let ended = run(r#"{"runtime": {"timeout_ms": 300}}"#, &artifact, &[mode]);
            let what = format!("{} {mode}: {ended:#?}", artifact.display());
            assert_eq!(ended.code, Some(124), "{what}");
            assert_eq!(ended.stdout, "running\n", "{what}");
            assert_eq!(
                errors(&ended),
                format!(
                    "edgebox: {}: wall-time limit of 300 ms exceeded (runtime.timeout_ms)\n",
                    artifact.display()
                ),
                "{what}"
            );
            assert!(ended.wall <= bound(300), "{what}");
            if POLLING.contains(&mode) {
                assert!(stopped_at_js_poll(&ended), "{what}");
            }
        }
    }
}

#[test]
fn without_a_snapshot_short_callbacks_still_stop_at_their_poll() {
    // The glue records where QuickJS counts down to its next poll when it creates the context:
    // at build time with a snapshot, in `main` without one. The host must find it either way,
    // or JS made of short timer callbacks polls only every few seconds.
    let out = tempfile::tempdir().unwrap();
    build(&fixture("runaway"), out.path(), &["--no-snapshot"]);
    for ext in ["wasm", "aot"] {
        let artifact = out.path().join(format!("runaway.{ext}"));
        let ended = run(
            r#"{"runtime": {"timeout_ms": 300}}"#,
            &artifact,
            &["timers"],
        );
        assert_eq!(ended.code, Some(124), "{ext}: {ended:#?}");
        assert!(stopped_at_js_poll(&ended), "{ext}: {ended:#?}");
    }
}

#[test]
fn a_cpu_time_limit_stops_busy_js() {
    for artifact in runaway() {
        for mode in [
            "interpreted",
            "frozen",
            "native",
            "regex",
            "promises",
            "timers",
        ] {
            let ended = run(r#"{"runtime": {"cpu_ms": 200}}"#, &artifact, &[mode]);
            let what = format!("{} {mode}: {ended:#?}", artifact.display());
            assert_eq!(ended.code, Some(124), "{what}");
            assert_eq!(
                errors(&ended),
                format!(
                    "edgebox: {}: CPU time limit of 200 ms exceeded (runtime.cpu_ms)\n",
                    artifact.display()
                ),
                "{what}"
            );
            assert!(ended.cpu <= bound(200), "{what}");
        }
    }
}

#[test]
fn an_app_within_its_limits_runs_as_without_them() {
    for artifact in runaway() {
        let ended = run(
            r#"{"runtime": {"timeout_ms": 10000, "cpu_ms": 10000, "max_heap_bytes": 67108864}}"#,
            &artifact,
            &["finite"],
        );
        assert_eq!(ended.code, Some(0), "{ended:#?}");
        assert_eq!(ended.stdout, "running\n6765\n", "{ended:#?}");
        assert_eq!(errors(&ended), "", "{ended:#?}");
    }
}

#[test]
fn deep_structures_in_c_built_ins_throw_range_errors_as_in_node() {
    let node = Command::new("node")
        .arg(fixture("exhaustion").join("index.js"))
        .arg("deep")
        .output()
        .expect("run node (scripts/setup.sh installs it)");
    assert!(node.status.success(), "{}", text(&node.stderr));
    for artifact in exhaustion() {
        let ended = run("{}", &artifact, &["deep"]);
        assert_eq!(ended.code, Some(0), "{}: {ended:#?}", artifact.display());
        assert_eq!(ended.stdout, text(&node.stdout), "{}", artifact.display());
    }
}

#[test]
fn console_log_of_a_deep_structure_does_not_trap() {
    for artifact in exhaustion() {
        let ended = run("{}", &artifact, &["console"]);
        assert_eq!(ended.code, Some(0), "{}: {ended:#?}", artifact.display());
        assert!(ended.stdout.ends_with("\nstill running\n"), "{ended:#?}");
        assert_eq!(errors(&ended), "", "{ended:#?}");
    }
}

#[test]
fn the_js_heap_limit_is_a_catchable_error() {
    let limited = r#"{"runtime": {"max_heap_bytes": 16777216}}"#;
    for artifact in exhaustion() {
        // Under the limit the string is made; over it, the allocation throws and the app goes on.
        let small = run(limited, &artifact, &["heap", "4"]);
        assert_eq!(
            small.stdout, "allocated 4 MiB\nafter [1,2,3]\n",
            "{small:#?}"
        );
        let large = run(limited, &artifact, &["heap", "32"]);
        assert_eq!(
            large.stdout, "caught InternalError out of memory\nafter [1,2,3]\n",
            "{large:#?}"
        );
        assert_eq!(large.code, Some(0), "{large:#?}");
        // Without the limit, the same allocation fits in linear memory.
        let unlimited = run("{}", &artifact, &["heap", "32"]);
        assert_eq!(
            unlimited.stdout, "allocated 32 MiB\nafter [1,2,3]\n",
            "{unlimited:#?}"
        );
    }
}

#[test]
fn a_memory_bomb_ends_with_a_clean_error() {
    for (policy, what) in [
        (r#"{"runtime": {"max_heap_bytes": 33554432}}"#, "heap limit"),
        (
            r#"{"runtime": {"max_memory_pages": 512}}"#,
            "linear memory cap",
        ),
    ] {
        for artifact in exhaustion() {
            let ended = run(policy, &artifact, &["bomb"]);
            let label = format!("{} under the {what}: {ended:#?}", artifact.display());
            assert_eq!(ended.code, Some(1), "{label}");
            // After the code frame, or, where there was no memory left to make one, as it is.
            let errors = errors(&ended);
            assert!(
                errors.contains("^\n\nInternalError: out of memory\n")
                    || errors.starts_with("Uncaught InternalError: out of memory\n"),
                "{label}"
            );
        }
    }
}

#[test]
fn a_heap_limit_on_a_module_without_the_control_record_is_refused() {
    // A plain WASI command (no edgeboxc glue) cannot apply the JS heap limit.
    let dir = tempfile::tempdir().unwrap();
    let wasm = dir.path().join("plain.wasm");
    let module =
        wat::parse_str(r#"(module (memory (export "memory") 1) (func (export "_start")))"#);
    std::fs::write(&wasm, module.unwrap()).unwrap();
    let ended = run(r#"{"runtime": {"max_heap_bytes": 16777216}}"#, &wasm, &[]);
    assert_eq!(ended.code, Some(3), "{ended:#?}");
    assert!(
        errors(&ended).contains(
            "has no `edgebox_host_control` record, so `runtime.max_heap_bytes` cannot apply"
        ),
        "{ended:#?}"
    );
}
