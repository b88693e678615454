//! The Node layer against Node itself: each program under tests/node/ runs under `node` (the
//! oracle, run here) and, built by edgeboxc, as .wasm and as .aot under edgebox; stdout, stderr
//! and the exit code must be node's. A program whose first line is
//! `// edgebox-test: stderr differs` has its stderr checked only for being non-empty (Node's
//! crash report names node's own files).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

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
    check_run_with_stdin(file, stem, out, args, stderr_differs, build_log, None);
}

/// Runs `file` under node and its build under edgebox (.wasm, .aot), both with `stdin` (when
/// given, else node's null stdin and edgebox's open empty pipe), and compares them.
fn check_run_with_stdin(
    file: &Path,
    stem: &str,
    out: &Path,
    args: &[&str],
    stderr_differs: bool,
    build_log: &str,
    stdin: Option<Stdin>,
) {
    let name = file.file_name().unwrap().to_string_lossy();
    let expected = match stdin {
        None => node(file, args),
        Some(stdin) => {
            let mut cmd = Command::new("node");
            cmd.arg(file)
                .args(args)
                .current_dir(file.parent().unwrap())
                .env_clear();
            run_with_stdin(&mut cmd, stdin)
        }
    };
    assert!(
        expected.code.is_some(),
        "{name} {args:?}: node did not finish in {STDIN_RUN_LIMIT:?}; its stdout:\n{}\nstderr:\n{}",
        expected.stdout,
        expected.stderr
    );
    for ext in ["wasm", "aot"] {
        let artifact = out.join(format!("{stem}.{ext}"));
        let got = match stdin {
            None => edgebox_run(&artifact, args),
            Some(stdin) => run_with_stdin(edgebox(&[]).arg(&artifact).args(args), stdin),
        };
        let label = format!("{name} {args:?} as .{ext}");
        assert_same(&label, &expected, &got, stderr_differs, build_log);
    }
}

/// Checks that edgebox's run `got` is node's `expected`.
fn assert_same(label: &str, expected: &Ran, got: &Ran, stderr_differs: bool, build_log: &str) {
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

/// Builds tests/node/`name` once and checks it as .wasm and .aot against node, edgebox running
/// in node's working directory (the program's folder) under `policy` (JSON; `{dir}` stands for
/// that folder) and with the host's PATH, where edgebox looks up the commands a policy allows
/// (node, run without an environment, finds them on its default path).
fn same_as_node_with_policy(name: &str, policy: &str) {
    let file = program(name);
    let dir = file.parent().unwrap();
    let out = tempfile::tempdir().unwrap();
    let built = build(&file, out.path(), &[]);
    let config = out.path().join("policy.edgebox.json");
    let root = std::fs::canonicalize(dir).unwrap();
    std::fs::write(&config, policy.replace("{dir}", root.to_str().unwrap())).unwrap();
    let expected = node(&file, &[]);
    let stem = file.file_stem().unwrap().to_str().unwrap();
    for ext in ["wasm", "aot"] {
        let mut cmd = edgebox(&[("PATH", "/usr/bin:/bin")]);
        cmd.current_dir(dir)
            .arg("--config")
            .arg(&config)
            .arg(out.path().join(format!("{stem}.{ext}")));
        let ran = run_measured(&mut cmd, Duration::from_secs(60));
        let got = Ran {
            code: ran.code,
            stdout: ran.stdout,
            stderr: ran.stderr,
        };
        let label = format!("{name} as .{ext}");
        assert_same(&label, &expected, &got, false, &text(&built.stderr));
    }
}

/// What a program's stdin is, under node and under edgebox alike.
#[derive(Debug, Clone, Copy)]
enum Stdin<'a> {
    /// A pipe that these bytes are written to, then closed.
    Piped(&'a [u8]),
    /// A pipe fed by `feed`, then closed, or left open until the program ends (`keep_open`).
    Pipe {
        feed: &'a [Feed<'a>],
        keep_open: bool,
    },
    /// A regular file holding these bytes.
    File(&'a [u8]),
    /// A terminal (a pseudo-terminal in canonical mode: lines as typed, ^D the end) fed by
    /// these steps, left open until the program ends.
    Terminal(&'a [Feed<'a>]),
}

/// A step of what is written to a stdin pipe.
#[derive(Debug, Clone, Copy)]
enum Feed<'a> {
    /// These bytes.
    Write(&'a [u8]),
    /// Nothing until the program's stdout shows this text (so that the next write comes while
    /// the program waits for it, and lands in a read of its own).
    Await(&'a str),
}

/// How long a run with a given stdin may take before it is killed (and the test fails).
const STDIN_RUN_LIMIT: Duration = Duration::from_secs(60);

/// A program's stdout as read so far, and whether it has ended.
#[derive(Default)]
struct Seen {
    bytes: Vec<u8>,
    ended: bool,
}

/// Waits until the stdout in `seen` shows `expected`; false when it ended first or `deadline`
/// passed.
fn await_output(seen: &(Mutex<Seen>, Condvar), expected: &str, deadline: Instant) -> bool {
    let mut state = seen.0.lock().unwrap();
    loop {
        if text(&state.bytes).contains(expected) {
            return true;
        }
        let now = Instant::now();
        if state.ended || now >= deadline {
            return false;
        }
        state = seen.1.wait_timeout(state, deadline - now).unwrap().0;
    }
}

/// A pseudo-terminal: (master, slave), neither inherited by a child but as a stdio it is given.
fn open_pty() -> (std::os::fd::OwnedFd, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two fds it opened; no name, termios or window size is passed.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    for fd in [master, slave] {
        // SAFETY: fcntl on an fd this function owns; the child gets the slave as its stdin only.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: both fds were just opened and are owned by nothing else.
    unsafe {
        (
            std::os::fd::OwnedFd::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    }
}

/// Runs `cmd` with `stdin`, killing it after [`STDIN_RUN_LIMIT`] (`code` is then `None`).
fn run_with_stdin(cmd: &mut Command, stdin: Stdin) -> Ran {
    let file = tempfile::NamedTempFile::new().unwrap();
    let mut terminal = None;
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    match stdin {
        Stdin::Piped(_) | Stdin::Pipe { .. } => cmd.stdin(Stdio::piped()),
        Stdin::File(bytes) => {
            std::fs::write(file.path(), bytes).unwrap();
            cmd.stdin(std::fs::File::open(file.path()).unwrap())
        }
        Stdin::Terminal(_) => {
            let (master, slave) = open_pty();
            terminal = Some(master);
            cmd.stdin(Stdio::from(slave))
        }
    };
    let deadline = Instant::now() + STDIN_RUN_LIMIT;
    let mut child = cmd.spawn().expect("spawn");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let sink: Option<Box<dyn Write + Send>> = match (child.stdin.take(), terminal) {
        (Some(pipe), _) => Some(Box::new(pipe)),
        (None, Some(master)) => Some(Box::new(std::fs::File::from(master))),
        (None, None) => None,
    };
    let seen = (Mutex::new(Seen::default()), Condvar::new());
    let (status, stderr) = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                seen.0.lock().unwrap().bytes.extend_from_slice(&buf[..n]);
                seen.1.notify_all();
            }
            seen.0.lock().unwrap().ended = true;
            seen.1.notify_all();
        });
        let errors = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        // Feeds the pipe; a pipe kept open comes back, to be dropped once the program ended.
        let feeder = scope.spawn(|| {
            let whole;
            let (feed, keep_open) = match stdin {
                Stdin::Piped(bytes) => {
                    whole = [Feed::Write(bytes)];
                    (&whole[..], false)
                }
                Stdin::Pipe { feed, keep_open } => (feed, keep_open),
                Stdin::Terminal(feed) => (feed, true),
                Stdin::File(_) => return None,
            };
            let mut pipe = sink?;
            for step in feed {
                let fed = match step {
                    Feed::Write(bytes) => pipe.write_all(bytes).is_ok(),
                    Feed::Await(expected) => await_output(&seen, expected, deadline),
                };
                if !fed {
                    return None;
                }
            }
            keep_open.then_some(pipe)
        });
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        drop(feeder.join().unwrap());
        (status, errors.join().unwrap())
    });
    // The scope has joined the stdout reader.
    let stdout = text(&seen.0.lock().unwrap().bytes);
    Ran {
        code: status.and_then(|s| s.code()),
        stdout,
        stderr: text(&stderr),
    }
}

/// Builds tests/node/`name` once and checks it, with each of `runs` (arguments and stdin), as
/// .wasm and .aot against node given the same stdin.
fn same_as_node_with_stdin(name: &str, runs: &[(&[&str], Stdin)]) -> String {
    let file = program(name);
    let source = std::fs::read_to_string(&file).unwrap();
    let stderr_differs = source.starts_with("// edgebox-test: stderr differs");
    let out = tempfile::tempdir().unwrap();
    let built = build(&file, out.path(), &[]);
    let stem = file.file_stem().unwrap().to_str().unwrap();
    let log = text(&built.stderr);
    for &(args, stdin) in runs {
        check_run_with_stdin(
            &file,
            stem,
            out.path(),
            args,
            stderr_differs,
            &log,
            Some(stdin),
        );
    }
    log
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
fn url_plain_http_fast_path() {
    same_as_node("url-plain.js", &[]);
}

#[test]
fn net_address_checks_dns_answers_without_a_query_and_http2_constants() {
    same_as_node("net-dns.js", &[]);
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
fn web_streams_readable_writable_transform_pipes_and_byte_streams() {
    same_as_node("web-streams.js", &[]);
}

#[test]
fn web_blob_file_and_form_data() {
    same_as_node("blob-formdata.js", &[]);
}

#[test]
fn punycode_encodes_decodes_and_fails_as_in_node() {
    same_as_node("punycode.js", &[]);
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

#[test]
fn zlib_formats_forms_errors_and_streams() {
    same_as_node("zlib.js", &[]);
}

/// tests/node/child_process.js under a policy that allows the commands it runs (and the name of
/// one that is on no PATH, so that it is missing rather than denied), in bubblewrap.
#[test]
fn child_process_sync_and_async_forms_errors_stdio_and_timeouts() {
    same_as_node_with_policy(
        "child_process.js",
        r#"{"dirs": [{"path": "{dir}", "read": true, "execute": true}],
            "allowCommands": ["sh", "echo", "cat", "true", "false", "printf", "sleep",
                              "no-such-command-edgebox"]}"#,
    );
}

/// tests/node/zlib.js given a directory: fs streams through gzip into a file there and back, as
/// .wasm and .aot under a policy granting a directory of their own.
#[test]
fn zlib_streams_files_through_fs() {
    let file = program("zlib.js");
    let out = tempfile::tempdir().unwrap();
    build(&file, out.path(), &[]);
    let node_dir = tempfile::tempdir().unwrap();
    let expected = node(&file, &[node_dir.path().to_str().unwrap()]);
    assert_eq!(expected.code, Some(0), "node: {}", expected.stderr);
    assert!(
        expected.stdout.contains("file stream back"),
        "{}",
        expected.stdout
    );
    for ext in ["wasm", "aot"] {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let policy = out.path().join(format!("policy-{ext}.json"));
        let grant = format!(
            r#"{{"dirs": [{{"path": "{}", "read": true, "write": true}}]}}"#,
            root.display()
        );
        std::fs::write(&policy, grant).unwrap();
        let mut cmd = edgebox(&[]);
        cmd.arg("--config")
            .arg(&policy)
            .arg(out.path().join(format!("zlib.{ext}")))
            .arg(&root);
        let got = run_measured(&mut cmd, Duration::from_secs(60));
        if got.stdout != expected.stdout {
            panic!(
                "zlib.js <dir> as .{ext}: stdout differs from node's (- node, + edgebox):\n{}\nstderr:\n{}",
                diffy::create_patch(&expected.stdout, &got.stdout),
                got.stderr
            );
        }
        assert_eq!(got.stderr, expected.stderr, ".{ext}: stderr");
        assert_eq!(got.code, Some(0), ".{ext}: exit code");
    }
}

/// A pipe nothing is written to, open until the program ends.
const OPEN_PIPE: Stdin<'static> = Stdin::Pipe {
    feed: &[],
    keep_open: true,
};

/// `len` bytes of every value, in an order without short cycles.
fn bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[test]
fn stdin_data_end_for_await_read_pipe_over_pipes_and_files() {
    let small = bytes(3000);
    let big = bytes(1_300_000);
    let text = "line one\nzweite Zeile ü\n€ and more\n".repeat(200);
    let mut runs: Vec<(&[&str], Stdin)> = Vec::new();
    for args in [
        &["data"][..],
        &["forAwait"],
        &["readable"],
        &["resume"],
        &["openStdin"],
    ] {
        runs.extend([
            (args, Stdin::Piped(&small)),
            (args, Stdin::Piped(&big)),
            (args, Stdin::Piped(b"")),
            (args, Stdin::File(&small)),
            (args, Stdin::File(b"")),
        ]);
    }
    runs.push((&["pipe"], Stdin::Piped(text.as_bytes())));
    runs.push((&["pipe"], Stdin::File(text.as_bytes())));
    runs.push((&["closed"], Stdin::Piped(&small)));
    same_as_node_with_stdin("stdin-stream.js", &runs);
}

#[test]
fn stdin_set_encoding_keeps_a_character_split_across_reads() {
    // "a€b" with the euro sign's three bytes split after the first: the second write waits
    // until the first chunk was printed, so the two arrive in separate reads.
    let feed = [
        Feed::Write(b"a\xe2"),
        Feed::Await("chunk 1"),
        Feed::Write(b"\x82\xacb"),
    ];
    same_as_node_with_stdin(
        "stdin-stream.js",
        &[(
            &["encoding"],
            Stdin::Pipe {
                feed: &feed,
                keep_open: false,
            },
        )],
    );
}

#[test]
fn a_timer_fires_while_the_loop_waits_for_stdin() {
    // The second line is written only once the timer set at the first has fired: the loop must
    // wake from its wait on stdin for the timer, then again for the line.
    let feed = [
        Feed::Write(b"first\n"),
        Feed::Await("timer fired"),
        Feed::Write(b"second\n"),
    ];
    same_as_node_with_stdin(
        "stdin-stream.js",
        &[(
            &["timer"],
            Stdin::Pipe {
                feed: &feed,
                keep_open: false,
            },
        )],
    );
}

#[test]
fn a_paused_or_unrefed_stdin_does_not_keep_the_process_alive() {
    let feed = [Feed::Write(b"x\n")];
    same_as_node_with_stdin(
        "stdin-stream.js",
        &[
            (
                &["pause"],
                Stdin::Pipe {
                    feed: &feed,
                    keep_open: true,
                },
            ),
            (&["unref"], OPEN_PIPE),
        ],
    );
}

#[test]
fn an_app_that_never_reads_stdin_ends_with_an_open_stdin_pipe() {
    let log = same_as_node_with_stdin("stdin-untouched.js", &[(&[], OPEN_PIPE)]);
    // Nor does its bundle carry the stdin streams.
    let builtins = log
        .lines()
        .find(|line| line.contains("Node built-ins"))
        .unwrap_or_default();
    assert!(!builtins.contains("stream"), "{builtins}");
}

#[test]
fn top_level_await_in_the_entry() {
    same_as_node_for_each(
        "top-level-await.mjs",
        &[&["settle"], &["hang"], &["hang-code"], &["reject"]],
    );
}

#[test]
fn readline_lines_of_stdin_with_every_line_ending() {
    let mixed: &[u8] =
        b"alpha\r\nbeta\rgamma\n\n\r\ndelta\r\r\n\xc3\xbcber \xe2\x82\xac\nlast without newline";
    let split = [
        Feed::Write(b"one\r"),
        Feed::Await("line \"one\""),
        Feed::Write(b"\ntwo\r\n"),
        Feed::Await("line \"two\""),
        Feed::Write(b"\nthree"),
    ];
    let many: String = (0..20000)
        .map(|i| {
            format!(
                "{}{}",
                "x".repeat(i % 37),
                if i % 3 == 0 { "\r\n" } else { "\n" }
            )
        })
        .collect();
    same_as_node_with_stdin(
        "readline.js",
        &[
            (&["lines"], Stdin::Piped(mixed)),
            (&["lines"], Stdin::File(mixed)),
            (&["lines"], Stdin::Piped(b"")),
            (
                &["crlfSplit"],
                Stdin::Pipe {
                    feed: &split,
                    keep_open: false,
                },
            ),
            (&["forAwait"], Stdin::Piped(many.as_bytes())),
            (&["forAwait"], Stdin::File(many.as_bytes())),
        ],
    );
}

#[test]
fn readline_questions_answered_from_stdin() {
    let answered = [
        Feed::Await("Name? "),
        Feed::Write(b"Alice\n"),
        Feed::Await("Colour? "),
        Feed::Write(b"blue\n"),
        Feed::Await("Again? "),
        Feed::Write(b"yes\nextra\n"),
    ];
    let promised = [
        Feed::Await("First? "),
        Feed::Write(b"one\n"),
        Feed::Await("Second? "),
        Feed::Write(b"two\nrest 1\nrest 2\n"),
    ];
    same_as_node_with_stdin(
        "readline.js",
        &[
            (&["questions"], Stdin::Piped(b"Alice\nblue\nagain\nextra\n")),
            (
                &["questions"],
                Stdin::Pipe {
                    feed: &answered,
                    keep_open: false,
                },
            ),
            (
                &["promises"],
                Stdin::Pipe {
                    feed: &promised,
                    keep_open: false,
                },
            ),
        ],
    );
}

#[test]
fn readline_close_mid_stream_pauses_stdin_and_lets_the_process_end() {
    let feed = [Feed::Write(b"one\ntwo\nthree\n")];
    same_as_node_with_stdin(
        "readline.js",
        &[
            (
                &["closeMidStream"],
                Stdin::Piped(b"one\ntwo\nthree\nfour\n"),
            ),
            (
                &["closeLater"],
                Stdin::Pipe {
                    feed: &feed,
                    keep_open: true,
                },
            ),
        ],
    );
}

#[test]
fn readline_over_streams_cursor_keypress_promises_and_errors() {
    same_as_node_for_each(
        "readline.js",
        &[
            &["passthrough"],
            &["iteration"],
            &["prompt"],
            &["abort"],
            &["cursor"],
            &["keypress"],
            &["errors"],
        ],
    );
}

#[test]
fn annex_b_for_in_initializers() {
    same_as_node("annex-b-for-in.js", &[]);
}

#[test]
fn readline_on_a_terminal_stdin_reads_its_lines_and_ends() {
    // WAMR shows a terminal to the guest as a plain character device: stdin must still wait
    // for its lines in the loop, end at ^D, and let the program end after its last answer.
    let lines = [
        Feed::Write("alpha\nbeta ü\n".as_bytes()),
        Feed::Await("line \"beta ü\""),
        // ^D ends a read at "partial" (not a line yet), the next ^D is the end.
        Feed::Write(b"partial\x04"),
        Feed::Write(b"\x04"),
    ];
    let answers = [
        Feed::Await("Name? "),
        Feed::Write(b"Alice\n"),
        Feed::Await("Colour? "),
        Feed::Write(b"blue\n"),
        Feed::Await("Again? "),
        Feed::Write(b"yes\n"),
    ];
    same_as_node_with_stdin(
        "readline.js",
        &[
            (&["lines"], Stdin::Terminal(&lines)),
            (&["questions"], Stdin::Terminal(&answers)),
        ],
    );
}
