//! The Node layer against Node itself: each program under tests/node/ runs under `node` (the
//! oracle, run here) and, built by edgeboxc, as .wasm and as .aot under edgebox; stdout, stderr
//! and the exit code must be node's. A program whose first line is
//! `// edgebox-test: stderr differs` has its stderr checked only for being non-empty (Node's
//! crash report names node's own files).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use edgebox_e2e::{build, edgebox, repo_root, run_measured, text};

fn program(name: &str) -> PathBuf {
    repo_root().join("tests/node").join(name)
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn node(file: &Path, args: &[&str]) -> Ran {
    let out = Command::new("node")
        .arg(file)
        .args(args)
        .current_dir(file.parent().unwrap())
        .env_clear()
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    Ran {
        code: out.status.code(),
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

fn edgebox_run(artifact: &Path, args: &[&str]) -> Ran {
    let mut cmd = edgebox(&[]);
    cmd.arg(artifact).args(args);
    let ran = run_measured(&mut cmd, Duration::from_secs(60));
    Ran {
        code: ran.code,
        stdout: ran.stdout,
        stderr: ran.stderr,
    }
}

/// Builds tests/node/`name` once and checks it as .wasm and .aot against node.
fn same_as_node(name: &str, args: &[&str]) {
    same_as_node_for_each(name, &[args]);
}

/// Builds tests/node/`name` once and checks it, with each of `runs` as its arguments, as .wasm
/// and .aot against node.
fn same_as_node_for_each(name: &str, runs: &[&[&str]]) {
    let file = program(name);
    let source = std::fs::read_to_string(&file).unwrap();
    let stderr_differs = source.starts_with("// edgebox-test: stderr differs");
    let out = tempfile::tempdir().unwrap();
    let built = build(&file, out.path(), &[]);
    let stem = file.file_stem().unwrap().to_str().unwrap();
    for args in runs {
        check_run(
            &file,
            stem,
            out.path(),
            args,
            stderr_differs,
            &text(&built.stderr),
        );
    }
}

fn check_run(
    file: &Path,
    stem: &str,
    out: &Path,
    args: &[&str],
    stderr_differs: bool,
    build_log: &str,
) {
    let name = file.file_name().unwrap().to_string_lossy();
    let expected = node(file, args);
    for ext in ["wasm", "aot"] {
        let artifact = out.join(format!("{stem}.{ext}"));
        let got = edgebox_run(&artifact, args);
        let label = format!("{name} {args:?} as .{ext}");
        if got.stdout != expected.stdout {
            let diff = diffy::create_patch(&expected.stdout, &got.stdout);
            panic!(
                "{label}: stdout differs from node's (- node, + edgebox):\n{diff}\nstderr:\n{}\nbuild:\n{}",
                got.stderr,
                build_log
            );
        }
        if stderr_differs {
            assert_eq!(
                got.stderr.is_empty(),
                expected.stderr.is_empty(),
                "{label}: stderr:\n{}",
                got.stderr
            );
        } else {
            assert_eq!(got.stderr, expected.stderr, "{label}: stderr");
        }
        assert_eq!(got.code, expected.code, "{label}: exit code");
    }
}

#[test]
fn event_loop_order() {
    same_as_node("event-loop.js", &[]);
}

#[test]
fn console_and_inspect_formatting() {
    same_as_node("console.js", &[]);
}

#[test]
fn path_functions_and_errors() {
    same_as_node("path.js", &[]);
}

#[test]
fn event_emitter() {
    same_as_node("events.js", &[]);
}

#[test]
fn process_events_exit_codes_and_uncaught_errors_taken_by_listeners() {
    same_as_node("process.js", &[]);
}

#[test]
fn an_uncaught_error_runs_exit_listeners_and_exits_1() {
    same_as_node("uncaught.js", &[]);
}

#[test]
fn an_unhandled_rejection_exits_1_after_the_microtasks() {
    same_as_node("unhandled-rejection.js", &[]);
}

#[test]
fn builtins_resolve_with_and_without_the_node_prefix() {
    same_as_node("builtins.js", &[]);
}

#[test]
fn a_throwing_tick_leaves_the_rest_of_the_queue_for_later() {
    same_as_node("tick-errors.js", &[]);
}

#[test]
fn assert_messages_and_errors() {
    same_as_node("assert.js", &[]);
}

#[test]
fn util_functions_and_types() {
    same_as_node("util.js", &[]);
}

#[test]
fn buffer_and_text_encoding() {
    same_as_node("buffer.js", &[]);
}

#[test]
fn corner_cases_of_exit_codes_ordering_globals_and_paths() {
    same_as_node_for_each(
        "edge-cases.js",
        &[
            &["exit-listener-throws-with-exit-code"],
            &["exit-listener-throws"],
            &["uncaught-listener-throws"],
            &["non-error-rejection"],
            &["fractional-delays"],
            &["throwing-immediate"],
            &["globals-by-property"],
            &["internal-modules-are-not-reachable"],
            &["own-path"],
            &["interval-keeps-running"],
            &["rejection-handled-late"],
            &["structured-clone"],
        ],
    );
}

#[test]
fn url_querystring_and_os() {
    same_as_node("url.js", &[]);
}

#[test]
fn web_event_target_and_dom_exception() {
    same_as_node("web-events.js", &[]);
}

#[test]
fn web_abort_controller_and_signal() {
    same_as_node("web-abort.js", &[]);
}

#[test]
fn web_base64_microtask_crypto_performance() {
    same_as_node("web-globals.js", &[]);
}

#[test]
fn string_decoder_encodings_and_splits() {
    same_as_node("string_decoder.js", &[]);
}

#[test]
fn stream_readable_writable_duplex_transform() {
    same_as_node("stream.js", &[]);
}

#[test]
fn stream_pipeline_finished_and_promises() {
    same_as_node("stream-pipeline.js", &[]);
}

#[test]
fn tty_isatty_write_stream_colour_depth_and_errors() {
    same_as_node("tty.js", &[]);
}

#[test]
fn constants_merges_os_and_fs_constants() {
    same_as_node("constants.js", &[]);
}

#[test]
fn crypto_hashes_hmac_pbkdf2_random_and_errors() {
    same_as_node("crypto.js", &[]);
}
