//! Run limits (`runtime.timeout_ms`, `runtime.cpu_ms`, `runtime.max_instructions`) on code that
//! never finishes by itself, as `.wasm` and as `.aot`: a loop with no call in it, an exponential
//! recursion, a blocking read and a long sleep. Each run must end with exit code 124 and the
//! line naming the limit, within twice the limit plus 50 ms (wall time for `timeout_ms`, the
//! process's CPU time for `cpu_ms`, measured by the kernel for the child).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use common::{guest, write_policy, EDGEBOX};
use edgebox_e2e::{run_measured, Measured};

/// The runaway guest as .wasm and as .aot (built once).
fn artifacts() -> &'static [PathBuf; 2] {
    static BUILT: OnceLock<[PathBuf; 2]> = OnceLock::new();
    BUILT.get_or_init(|| {
        let wasm = guest("runaway", false);
        let aot = wasm.with_extension("aot");
        let bytes = edgebox_aot::compile(&fs::read(&wasm).unwrap(), &Default::default())
            .expect("AOT-compile the runaway guest");
        fs::write(&aot, bytes).unwrap();
        [wasm, aot]
    })
}

/// Runs `artifact args` under `policy` (killed after 20 s: a run that is not stopped fails).
fn run_limited(policy: &Path, artifact: &Path, args: &[&str]) -> Measured {
    let mut cmd = Command::new(EDGEBOX);
    cmd.arg("--config").arg(policy).arg(artifact).args(args);
    run_measured(&mut cmd, Duration::from_secs(20))
}

const WALL_300: &str = "wall-time limit of 300 ms exceeded (runtime.timeout_ms)";
const CPU_200: &str = "CPU time limit of 200 ms exceeded (runtime.cpu_ms)";

/// Asserts that `artifact`'s run ended at a limit: exit code 124 and, as its only stderr line,
/// `edgebox: <artifact>: <limit>`.
fn assert_stopped(ended: &Measured, artifact: &Path, limit: &str, what: &str) {
    assert_eq!(ended.code, Some(124), "{what}");
    assert_eq!(
        ended.stderr,
        format!("edgebox: {}: {limit}\n", artifact.display()),
        "{what}"
    );
}

fn bound(limit_ms: u64) -> Duration {
    Duration::from_millis(2 * limit_ms + 50)
}

#[test]
fn wall_time_stops_every_kind_of_runaway() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write_policy(dir.path(), "p.json", r#"{"runtime": {"timeout_ms": 300}}"#);
    for artifact in artifacts() {
        for how in ["spin", "recurse", "read", "sleep"] {
            let ended = run_limited(&policy, artifact, &[how]);
            let what = format!("{} {how}: {ended:?}", artifact.display());
            assert_stopped(&ended, artifact, WALL_300, &what);
            assert_eq!(ended.stdout, "running\n", "{what}");
            assert!(ended.wall <= bound(300), "{what}");
        }
    }
}

/// A loop of 256 MiB `memory.fill`s, which the interpreter runs as calls of the host's `memset`:
/// the thread is nearly always in host code. (edgeboxc's AOT compiler refuses bulk-memory
/// instructions, so no `.aot` can spend its time there.)
const FILL_LOOP: &str = r#"
(module
  (memory (export "memory") 4096)
  (func (export "_start")
    (loop $again
      (memory.fill (i32.const 0) (i32.const 0) (i32.const 268435456))
      (br $again))))
"#;

#[test]
fn a_loop_that_lives_in_host_memset_stops_at_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = dir.path().join("fill.wasm");
    fs::write(&wasm, wat::parse_str(FILL_LOOP).unwrap()).unwrap();
    let policy = write_policy(dir.path(), "p.json", r#"{"runtime": {"timeout_ms": 300}}"#);
    let ended = run_limited(&policy, &wasm, &[]);
    let what = format!("{ended:?}");
    assert_stopped(&ended, &wasm, WALL_300, &what);
    assert!(ended.wall <= bound(300), "{what}");
}

#[test]
fn cpu_time_stops_busy_code_and_not_a_sleeper() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write_policy(dir.path(), "p.json", r#"{"runtime": {"cpu_ms": 200}}"#);
    for artifact in artifacts() {
        for how in ["spin", "recurse"] {
            let ended = run_limited(&policy, artifact, &[how]);
            let what = format!("{} {how}: {ended:?}", artifact.display());
            assert_stopped(&ended, artifact, CPU_200, &what);
            assert!(ended.cpu <= bound(200), "{what}");
        }
    }
    // A sleeping app uses no CPU: with both limits, the wall-time limit ends it.
    let both = write_policy(
        dir.path(),
        "both.json",
        r#"{"runtime": {"cpu_ms": 100, "timeout_ms": 400}}"#,
    );
    for artifact in artifacts() {
        let ended = run_limited(&both, artifact, &["sleep"]);
        assert_eq!(ended.code, Some(124), "{ended:?}");
        assert!(
            ended.stderr.contains("wall-time limit of 400 ms"),
            "{ended:?}"
        );
        assert!(ended.wall >= Duration::from_millis(400), "{ended:?}");
    }
}

#[test]
fn a_run_within_its_limits_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write_policy(
        dir.path(),
        "p.json",
        r#"{"runtime": {"cpu_ms": 5000, "timeout_ms": 5000, "max_instructions": 100000000}}"#,
    );
    let [wasm, aot] = artifacts();
    for artifact in [wasm, aot] {
        let policy = if artifact == aot {
            write_policy(
                dir.path(),
                "aot.json",
                r#"{"runtime": {"cpu_ms": 5000, "timeout_ms": 5000}}"#,
            )
        } else {
            policy.clone()
        };
        let ended = run_limited(&policy, artifact, &["count", "1000"]);
        assert_eq!(ended.code, Some(0), "{ended:?}");
        assert_eq!(ended.stdout, "running\ndone\n", "{ended:?}");
        assert_eq!(ended.stderr, "", "{ended:?}");
    }
}

#[test]
fn the_instruction_limit_counts_interpreted_instructions_and_refuses_aot() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write_policy(
        dir.path(),
        "p.json",
        r#"{"runtime": {"max_instructions": 5000000}}"#,
    );
    let [wasm, aot] = artifacts();
    let ended = run_limited(&policy, wasm, &["spin"]);
    assert_stopped(
        &ended,
        wasm,
        "instruction limit of 5000000 exceeded (runtime.max_instructions)",
        "spin",
    );
    // Counting to 1,000 takes far fewer instructions; to 10,000,000 far more.
    assert_eq!(run_limited(&policy, wasm, &["count", "1000"]).code, Some(0));
    assert_eq!(
        run_limited(&policy, wasm, &["count", "10000000"]).code,
        Some(124)
    );
    let refused = run_limited(&policy, aot, &["count", "1"]);
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert_eq!(refused.stdout, "");
    assert!(
        refused.stderr.contains(
            "`runtime.max_instructions` counts interpreter instructions and cannot limit AOT code"
        ),
        "{refused:?}"
    );
}
