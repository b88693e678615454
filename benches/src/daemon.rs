//! edgeboxd against node's `http` server and `Bun.serve`, the same hello handler
//! (`js/serve-hello*`), loaded by wrk on loopback at 1, 16 and 64 connections: requests per
//! second, p50 / p99 latency (wrk's), and the server's RSS after the load (VmHWM, peak). Each
//! cell is the median of three 3-second wrk runs, servers taking turns. Then edgeboxd's own
//! figures from /metrics: the reset of an instance after a request vs making one from the
//! image (instantiate + map the image), in µs.
//!
//! Equal work: every server answers the same 6-byte body; edgeboxd runs each request in a fresh
//! instance (reset to the started image), node and Bun serve every request from one process
//! state. edgeboxd uses its default workers (one per CPU) and one I/O thread; node is one
//! thread; Bun as it comes. wrk runs on the same 2-CPU machine, with one thread.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::measure::median;

const CONNECTIONS: [u32; 3] = [1, 16, 64];
const REPEATS: usize = 3;
const SECONDS: u32 = 3;

struct Server {
    label: &'static str,
    child: Child,
    port: u16,
    admin: Option<u16>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command`, which prints its port (node, Bun: on stdout; edgeboxd: in its serving
/// line on stderr).
fn start(label: &'static str, mut command: Command, from_stderr: bool) -> Server {
    command.stdin(Stdio::null());
    if from_stderr {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
    } else {
        command.stdout(Stdio::piped()).stderr(Stdio::null());
    }
    let mut child = command.spawn().expect("start the server");
    let stream: Box<dyn std::io::Read + Send> = if from_stderr {
        Box::new(child.stderr.take().expect("piped"))
    } else {
        Box::new(child.stdout.take().expect("piped"))
    };
    let mut lines = BufReader::new(stream).lines();
    let (mut port, mut admin) = (None, None);
    for line in lines.by_ref() {
        let line = line.expect("the server's output");
        let after = |marker: &str| -> Option<u16> {
            let rest = &line[line.find(marker)? + marker.len()..];
            rest.split_whitespace()
                .next()?
                .rsplit(':')
                .next()?
                .parse()
                .ok()
        };
        if !from_stderr {
            port = line.trim().parse().ok();
            break;
        }
        if line.contains("serving") {
            port = after("on http://");
        }
        if line.contains("admin on") {
            admin = after("admin on http://");
            break;
        }
    }
    // Keep draining the server's log (edgeboxd logs every request) so it never blocks.
    std::thread::spawn(move || for _ in lines {});
    Server {
        label,
        child,
        port: port.expect("the server printed its port"),
        admin,
    }
}

struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn wrk(port: u16, connections: u32) -> Load {
    let out = Command::new("wrk")
        .args(["-t1", "--latency"])
        .arg(format!("-c{connections}"))
        .arg(format!("-d{SECONDS}s"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .expect("wrk runs (scripts/setup.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| -> Option<&str> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1))
    };
    let ms = |value: &str| -> f64 {
        let (number, factor) = if let Some(v) = value.strip_suffix("us") {
            (v, 1e-3)
        } else if let Some(v) = value.strip_suffix("ms") {
            (v, 1.0)
        } else if let Some(v) = value.strip_suffix('s') {
            (v, 1e3)
        } else {
            (value, 1.0)
        };
        number.parse::<f64>().expect("a wrk latency") * factor
    };
    Load {
        rps: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("wrk printed no Requests/sec:\n{text}")),
        p50_ms: ms(field("50%").expect("a p50")),
        p99_ms: ms(field("99%").expect("a p99")),
    }
}

/// The server's peak RSS in MiB (VmHWM).
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn metrics(port: u16) -> String {
    let out = Command::new("curl")
        .arg("-s")
        .arg(format!("http://127.0.0.1:{port}/metrics"))
        .output()
        .expect("curl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(f64::NAN)
}

pub fn report(edgeboxc: &Path, edgeboxd: &Path, bun: Option<&Path>, js: &Path, work: &Path) {
    let out = work.join("serve");
    let status = Command::new(edgeboxc)
        .env("EDGEBOX_CACHE_DIR", work.join("build-cache"))
        .args(["build", "-o"])
        .arg(&out)
        .arg(js.join("serve-hello.mjs"))
        .stderr(Stdio::null())
        .status()
        .expect("run edgeboxc");
    assert!(status.success(), "edgeboxc build serve-hello.mjs failed");
    let mut servers = Vec::new();
    let mut daemon = Command::new(edgeboxd);
    daemon
        .arg(out.join("serve-hello.aot"))
        .args(["--port", "0", "--admin-port", "0"]);
    servers.push(start("edgeboxd (fresh instance per request)", daemon, true));
    let mut node = Command::new("node");
    node.env_remove("NODE_EXTRA_CA_CERTS")
        .arg(js.join("serve-hello-node.js"));
    servers.push(start("node http", node, false));
    if let Some(bun) = bun {
        let mut command = Command::new(bun);
        command.arg(js.join("serve-hello-bun.js"));
        servers.push(start("Bun.serve", command, false));
    }
    std::thread::sleep(Duration::from_millis(300));
    // loads[server][connections] = the repeats.
    let mut loads: Vec<Vec<Vec<Load>>> = servers
        .iter()
        .map(|_| CONNECTIONS.iter().map(|_| Vec::new()).collect())
        .collect();
    for (c, &connections) in CONNECTIONS.iter().enumerate() {
        for _ in 0..REPEATS {
            for (s, server) in servers.iter().enumerate() {
                loads[s][c].push(wrk(server.port, connections));
            }
        }
    }
    println!(
        "\n## edgeboxd vs node http vs Bun.serve (hello, wrk -t1 on loopback, median of {REPEATS} x {SECONDS} s)\n"
    );
    println!("| server | connections | req/s | p50 ms | p99 ms | req/s vs node | peak RSS MiB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let node_rps: Vec<f64> = (0..CONNECTIONS.len())
        .map(|c| median(loads[1][c].iter().map(|l| l.rps).collect()))
        .collect();
    for (s, server) in servers.iter().enumerate() {
        let rss = peak_rss_mib(server.child.id());
        for (c, connections) in CONNECTIONS.iter().enumerate() {
            let runs = &loads[s][c];
            let rps = median(runs.iter().map(|l| l.rps).collect());
            println!(
                "| {} | {connections} | {rps:.0} | {:.3} | {:.3} | {:.2}x | {rss:.1} |",
                server.label,
                median(runs.iter().map(|l| l.p50_ms).collect()),
                median(runs.iter().map(|l| l.p99_ms).collect()),
                rps / node_rps[c],
            );
        }
    }
    if bun.is_none() {
        println!("\n(Bun.serve skipped: no Bun binary.)");
    }
    if let Some(admin) = servers[0].admin {
        let text = metrics(admin);
        let per = |total: &str, count: &str| metric(&text, total) / metric(&text, count) * 1e6;
        println!("\n| edgeboxd instance work (same run) | µs, mean |\n| --- | ---: |");
        println!(
            "| reset after a request (copy the image into the written pages, close fds, size) | {:.1} |",
            per("edgeboxd_reset_seconds_total", "edgeboxd_resets_total")
        );
        println!(
            "| make one from the image (instantiate + map the image) | {:.1} |",
            per(
                "edgeboxd_instance_create_seconds_total",
                "edgeboxd_instances_created_total"
            )
        );
        println!(
            "| image size | {:.1} MiB |",
            metric(&text, "edgeboxd_image_bytes") / (1 << 20) as f64
        );
        println!(
            "| pages a request wrote (copied back by its reset), mean | {:.0} |",
            metric(&text, "edgeboxd_reset_pages_total") / metric(&text, "edgeboxd_resets_total")
        );
    }
}
