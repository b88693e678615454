//! edgeboxd against a real daemon on loopback: the fetch handler answers as node's run of the
//! same handler does; every request starts from the app's started state (a counter, module
//! state, a global, Math.random); faults answer 500 / 504 with the details only in the log, and
//! the daemon keeps serving; the policy applies inside handlers; SIGTERM drains; an app without
//! a handler and a bad `daemon` section are refused at start; the admin endpoints report.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use edgebox_e2e::{binary, build, repo_root, text};

/// The test app, built once for all the tests of this file.
fn app() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            build(&repo_root().join("tests/daemon/app.mjs"), dir.path(), &[]);
            let aot = dir.path().join("app.aot");
            (dir, aot)
        })
        .1
}

/// A running edgeboxd, killed when dropped.
struct Daemon {
    child: Child,
    port: u16,
    admin: Option<u16>,
    log: Arc<Mutex<String>>,
    _policy: tempfile::TempDir,
}

impl Daemon {
    /// Starts edgeboxd on `artifact` under `policy` with `args`, and waits until it listens.
    fn start(artifact: &Path, policy: &str, args: &[&str]) -> Daemon {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("policy.edgebox.json");
        std::fs::write(&config, policy).unwrap();
        let mut child = Command::new(binary("edgeboxd"))
            .arg(artifact)
            .arg("--config")
            .arg(&config)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start edgeboxd");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port_after = |log: &str, marker: &str| -> Option<u16> {
            let rest = &log[log.find(marker)? + marker.len()..];
            let address = rest.split_whitespace().next()?;
            address.rsplit(':').next()?.parse().ok()
        };
        let started = Instant::now();
        loop {
            let seen = log.lock().unwrap().clone();
            if let Some(port) = port_after(&seen, "on http://") {
                let admin = port_after(&seen, "admin on http://");
                if args.contains(&"--admin-port") && admin.is_none() {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                return Daemon {
                    child,
                    port,
                    admin,
                    log,
                    _policy: dir,
                };
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("edgeboxd exited ({status}) before listening:\n{seen}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "edgeboxd did not listen within 60 s:\n{seen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log has `count` lines containing `needle`.
    fn wait_for_log(&self, needle: &str, count: usize) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if log.matches(needle).count() >= count {
                return log;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no {needle:?} x{count} in the log:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response as read off the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        text(&self.body)
    }
}

/// Sends one HTTP/1.1 request (its own connection, closed after) and reads the response.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn get(port: u16, path: &str) -> Answer {
    request(port, "GET", path, &[], b"")
}

fn parse(raw: &[u8]) -> Answer {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = text(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v == "chunked")
    {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size = usize::from_str_radix(text(&raw[..line_end]).trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[line_end + 2..line_end + 2 + size]);
        raw = &raw[line_end + 2 + size + 2..];
    }
}

/// What the tests compare of a response: [status, content-type, location, x-custom, body].
fn summary(answer: &Answer) -> String {
    let value = |name| answer.header(name).map(str::to_string);
    format!(
        "[{},{},{},{},{}]",
        answer.status,
        json(value("content-type")),
        json(value("location")),
        json(value("x-custom")),
        json(Some(answer.text()))
    )
}

fn json(value: Option<String>) -> String {
    match value {
        None => "null".into(),
        Some(text) => {
            let mut out = String::from('"');
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
    }
}

/// A request both node and the daemon are asked: method, path, headers, body.
type Asked = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
);

#[test]
fn the_handler_answers_as_node_runs_it() {
    // (method, path, headers, body): what both node and the daemon are asked.
    let requests: [Asked; 9] = [
        ("GET", "/", &[], None),
        (
            "POST",
            "/echo",
            &[("content-type", "text/plain")],
            Some("the body"),
        ),
        (
            "PUT",
            "/echo",
            &[("content-type", "application/x-thing")],
            Some(""),
        ),
        (
            "POST",
            "/json-in",
            &[("content-type", "application/json")],
            Some("{\"a\":[1,2]}"),
        ),
        ("POST", "/bytes", &[], Some("abcdef")),
        ("GET", "/redirect", &[], None),
        ("GET", "/query?q=search%20me", &[("x-a", "header a")], None),
        ("GET", "/stream", &[], None),
        ("GET", "/no-such-route", &[], None),
    ];
    let list: Vec<String> = requests
        .iter()
        .map(|(method, path, headers, body)| {
            let headers: Vec<String> = headers
                .iter()
                .map(|(n, v)| {
                    format!(
                        "[{},{}]",
                        json(Some(n.to_string())),
                        json(Some(v.to_string()))
                    )
                })
                .collect();
            format!(
                "{{\"method\":\"{method}\",\"path\":{},\"headers\":[{}],\"body\":{}}}",
                json(Some(path.to_string())),
                headers.join(","),
                json(body.map(str::to_string))
            )
        })
        .collect();
    let oracle = Command::new("node")
        .arg(repo_root().join("tests/daemon/oracle.mjs"))
        .arg(repo_root().join("tests/daemon/app.mjs"))
        .arg(format!("[{}]", list.join(",")))
        .output()
        .expect("run node");
    assert!(oracle.status.success(), "node: {}", text(&oracle.stderr));
    let expected = text(&oracle.stdout);
    let daemon = Daemon::start(app(), "{}", &[]);
    let mut got = String::new();
    for (method, path, headers, body) in requests {
        let answer = request(
            daemon.port,
            method,
            path,
            headers,
            body.unwrap_or("").as_bytes(),
        );
        got.push_str(&summary(&answer));
        got.push('\n');
    }
    // node's `/` says "hello from x" too: the handler builds its URL itself.
    assert_eq!(got, expected, "daemon log:\n{}", daemon.log());
    let log = daemon.wait_for_log("edgeboxd: ", 9 + 1);
    assert!(log.contains("edgeboxd: POST /json-in 202 "), "{log}");
    assert!(log.contains("edgeboxd: GET /redirect 307 "), "{log}");
}

#[test]
fn every_request_starts_from_the_started_state() {
    let daemon = Daemon::start(
        app(),
        r#"{"runtime": {"max_memory_pages": 1024}}"#,
        &["--workers", "2", "--pool-size", "2"],
    );
    let answers: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..10)
                        .map(|_| get(daemon.port, "/state").text())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    });
    let mut randoms = Vec::new();
    for answer in &answers {
        // The counter, the module's array and the global are those of the started app.
        assert!(
            answer.starts_with("{\"count\":1,\"remembered\":1,\"leak\":1,\"random\":"),
            "{answer}"
        );
        randoms.push(answer.rsplit(':').next().unwrap().to_string());
    }
    randoms.sort();
    randoms.dedup();
    assert_eq!(
        randoms.len(),
        answers.len(),
        "Math.random repeated across requests"
    );
    // A request that wrote much memory and one that grew it leave nothing behind either.
    assert_eq!(get(daemon.port, "/oom").status, 500);
    assert!(get(daemon.port, "/state")
        .text()
        .starts_with("{\"count\":1,"));
}

#[test]
fn faults_answer_500_or_504_and_the_daemon_keeps_serving() {
    let daemon = Daemon::start(
        app(),
        r#"{"runtime": {"max_memory_pages": 1024}}"#,
        &[
            "--exec-timeout-ms",
            "400",
            "--admin-port",
            "0",
            "--workers",
            "1",
        ],
    );
    let cases = [
        ("/throw", 500, "(the fetch handler failed: see above)"),
        ("/reject", 500, "(the fetch handler failed: see above)"),
        (
            "/not-a-response",
            500,
            "(the fetch handler failed: see above)",
        ),
        ("/exit", 500, "(process.exit(3))"),
        ("/oom", 500, "(the fetch handler failed: see above)"),
        ("/loop", 504, "(wall-time limit of 400 ms exceeded)"),
    ];
    for (path, status, logged) in cases {
        let answer = get(daemon.port, path);
        assert_eq!(answer.status, status, "{path}: {}", answer.text());
        assert!(
            !answer.text().contains("secret detail"),
            "{path}: details went to the client"
        );
        let log = daemon.wait_for_log(&format!("GET {path} {status} "), 1);
        let line = log
            .lines()
            .find(|l| l.contains(&format!("GET {path} {status} ")))
            .unwrap();
        assert!(line.ends_with(logged), "{path}: {line}");
        // Still serving, from a clean instance.
        assert_eq!(get(daemon.port, "/state").status, 200);
    }
    // A streamed answer is counted when its run ends, just after the client has it.
    let log = daemon.wait_for_log("GET /state 200 ", cases.len());
    assert!(log.contains("Error: secret detail of the failure"), "{log}");
    assert!(log.contains("InternalError: out of memory"), "{log}");
    let metrics = get(daemon.admin.unwrap(), "/metrics").text();
    assert!(
        metrics.contains("edgeboxd_requests_total{status=\"500\"} 5\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("edgeboxd_requests_total{status=\"504\"} 1\n"),
        "{metrics}"
    );
    assert!(metrics.contains("edgeboxd_timeouts_total 1\n"), "{metrics}");
    assert!(
        metrics.contains("edgeboxd_request_duration_seconds_count 12\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("edgeboxd_resets_total 12\n")
            || metrics.contains("edgeboxd_resets_total 11\n"),
        "{metrics}"
    );
    // Every request writes to its instance (its stack at least): each reset copies pages back.
    let pages: u64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("edgeboxd_reset_pages_total "))
        .and_then(|n| n.parse().ok())
        .expect("edgeboxd_reset_pages_total");
    assert!(pages >= 11, "{metrics}");
    assert_eq!(get(daemon.admin.unwrap(), "/healthz").status, 200);
    assert_eq!(get(daemon.admin.unwrap(), "/readyz").status, 200);
}

#[test]
fn the_policy_applies_inside_handlers() {
    // No file granted, and one URL that is not the one the handler asks for.
    let daemon = Daemon::start(
        app(),
        r#"{"allowedUrls": ["http://127.0.0.1:1/only"]}"#,
        &[],
    );
    let fs = get(daemon.port, "/fs");
    assert_eq!((fs.status, fs.text()), (403, "denied: EACCES".to_string()));
    let fetch = get(daemon.port, "/fetch?url=http://127.0.0.1:61999/x");
    assert_eq!(
        (fetch.status, fetch.text()),
        (403, "denied: EACCES".to_string())
    );
}

#[test]
fn bodies_over_the_limit_get_413_and_streams_arrive_whole() {
    let daemon = Daemon::start(app(), r#"{"daemon": {"max_body_bytes": 16}}"#, &[]);
    let big = request(daemon.port, "POST", "/echo", &[], &[b'x'; 17]);
    assert_eq!(big.status, 413);
    let small = request(
        daemon.port,
        "POST",
        "/echo",
        &[("content-type", "a/b")],
        &[b'x'; 16],
    );
    assert_eq!(small.text(), format!("POST a/b {}", "x".repeat(16)));
    let stream = get(daemon.port, "/stream");
    assert_eq!(stream.header("transfer-encoding"), Some("chunked"));
    assert_eq!(stream.text(), "one two three");
    let empty = get(daemon.port, "/empty");
    assert_eq!((empty.status, empty.body.len()), (204, 0));
}

#[test]
fn sigterm_drains_the_requests_in_flight() {
    let mut daemon = Daemon::start(app(), "{}", &[]);
    let port = daemon.port;
    let slow = std::thread::spawn(move || get(port, "/slow"));
    daemon.wait_for_log("serving", 1);
    std::thread::sleep(Duration::from_millis(100));
    // SAFETY: a plain signal to our own child.
    unsafe { libc::kill(daemon.child.id() as i32, libc::SIGTERM) };
    let answer = slow.join().unwrap();
    assert_eq!(
        (answer.status, answer.text()),
        (200, "slow done".to_string())
    );
    let status = daemon.child.wait().unwrap();
    assert!(status.success(), "{status}: {}", daemon.log());
    // The log is read on another thread: wait for its last line.
    let log = daemon.wait_for_log("edgeboxd: drained, exiting", 1);
    assert!(log.contains("edgeboxd: draining"), "{log}");
}

#[test]
fn an_app_without_a_handler_and_a_bad_daemon_section_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    build(
        &repo_root().join("tests/daemon/no-handler.mjs"),
        dir.path(),
        &[],
    );
    let out = Command::new(binary("edgeboxd"))
        .arg(dir.path().join("no-handler.aot"))
        .args(["--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "no-handler.aot: exports no fetch handler: its entry module must `export default {"
        ),
        "{stderr}"
    );
    let policy = dir.path().join("bad.edgebox.json");
    std::fs::write(&policy, r#"{"daemon": {"workers": 0}}"#).unwrap();
    let out = Command::new(binary("edgeboxd"))
        .arg(app())
        .arg("--config")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.edgebox.json:1:24: `daemon.workers`: expected a whole number from 1 to 256, found 0"), "{stderr}");
}
