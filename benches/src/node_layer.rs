//! What the Node layer costs at start-up: an app that uses nothing of Node, hello (console),
//! and an app that loads fs, path, events and util, built the same way and run round-robin. The
//! Node layer's modules are loaded in the build-time snapshot (edgebox_node::PRELOAD), so what
//! remains is the larger memory image and the modules loaded at run time.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::baseline::{build, Way};
use crate::measure::{round_robin, row_label};

/// Prints the table.
pub fn report(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path, runs: usize) {
    let way = Way {
        label: "default",
        edgeboxc,
        flags: &[],
    };
    let out = work.join("node-layer");
    let programs = ["empty", "hello", "node-modules"];
    for program in programs {
        build(
            &way,
            &work.join("build-cache"),
            &js.join(format!("{program}.js")),
            &out,
        );
    }
    let aots: Vec<_> = programs
        .iter()
        .map(|p| out.join(format!("{p}.aot")))
        .collect();
    let sizes: Vec<u64> = aots
        .iter()
        .map(|a| std::fs::metadata(a).map(|m| m.len()).unwrap_or(0))
        .collect();
    let variants: Vec<Vec<&OsStr>> = aots.iter().map(|a| vec![a.as_os_str()]).collect();
    let times = round_robin(edgebox, &variants, &[], runs);
    println!(
        "\n## Node layer start-up cost: .aot with snapshot (median and fastest of {runs}, round-robin)\n"
    );
    println!("| program | .aot KiB | median ms | fastest ms | median vs empty |\n| --- | ---: | ---: | ---: | ---: |");
    for ((program, (median, fastest)), size) in programs.iter().zip(&times).zip(&sizes) {
        println!(
            "| {} | {} | {median:.2} | {fastest:.2} | {:+.2} ms |",
            row_label(program, &[]),
            size / 1024,
            median - times[0].0
        );
    }
}

/// The Node layer's work against node's: js/node-suite.js, the same program under node and as
/// an .aot under edgebox (in one run), each case timed inside the program (median of 3 after a
/// warm-up). Prints the table of times and ratios.
pub fn suite(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path) {
    let way = Way {
        label: "default",
        edgeboxc,
        flags: &[],
    };
    let data = work.join("node-suite-data");
    write_suite_data(&data);
    let out = work.join("node-suite");
    build(
        &way,
        &work.join("build-cache"),
        &js.join("node-suite.js"),
        &out,
    );
    let policy = out.join("suite-policy.json");
    std::fs::write(
        &policy,
        format!(
            r#"{{"dirs": [{{"path": "{}", "read": true}}]}}"#,
            data.display()
        ),
    )
    .expect("write the policy");
    let node_times = suite_times(
        Command::new("node")
            .arg(js.join("node-suite.js"))
            .arg(&data),
    );
    let edgebox_times = suite_times(
        Command::new(edgebox)
            .arg("--config")
            .arg(&policy)
            .arg(out.join("node-suite.aot"))
            .arg(&data),
    );
    println!("\n## Node layer work vs node (js/node-suite.js; each case: median of 3 after a warm-up, timed inside the program)\n");
    println!("| case | node ms | edgebox .aot ms | edgebox / node |\n| --- | ---: | ---: | ---: |");
    for ((case, node_ms), (_, edgebox_ms)) in node_times.iter().zip(&edgebox_times) {
        println!(
            "| {case} | {node_ms:.2} | {edgebox_ms:.2} | {:.1}x |",
            edgebox_ms / node_ms
        );
    }
}

/// `<case>\t<ms>` lines of a run of node-suite.js.
fn suite_times(cmd: &mut Command) -> Vec<(String, f64)> {
    let out = cmd.output().expect("run node-suite.js");
    assert!(
        out.status.success(),
        "node-suite.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (case, ms) = line.split_once('\t')?;
            Some((case.to_string(), ms.parse().ok()?))
        })
        .collect()
}

/// big.bin (10 MiB of pseudo-random bytes), big.json (an array of ~5 MB) and many/ (10,000
/// empty files).
fn write_suite_data(data: &Path) {
    let many = data.join("many");
    std::fs::create_dir_all(&many).expect("create the suite's data folder");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..10 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(data.join("big.bin"), bytes).expect("write big.bin");
    let rows: Vec<String> = (0..83_000)
        .map(|i| {
            format!(
                r#"{{"id":{i},"name":"item {i}","tags":["a","b"],"v":{}}}"#,
                i as f64 * 1.5
            )
        })
        .collect();
    std::fs::write(data.join("big.json"), format!("[{}]", rows.join(","))).expect("write big.json");
    for i in 0..10_000 {
        std::fs::write(many.join(format!("f{i}")), "").expect("write many/");
    }
}

/// `spawnSync("true")` ×100 (js/spawn-sync.js) under node and as an .aot under edgebox, inside
/// bubblewrap (the default) and with `"osSandbox": false` (the same work as node's); median of
/// 5 runs each, timed inside the program.
pub fn spawn(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path) {
    let way = Way {
        label: "default",
        edgeboxc,
        flags: &[],
    };
    let out = work.join("spawn-sync");
    build(
        &way,
        &work.join("build-cache"),
        &js.join("spawn-sync.js"),
        &out,
    );
    let cwd = work.join("spawn-cwd");
    std::fs::create_dir_all(&cwd).expect("create the spawn bench's folder");
    let policy = |name: &str, sandbox: bool| {
        let path = out.join(name);
        std::fs::write(
            &path,
            format!(
                r#"{{"dirs": [{{"path": "{}", "execute": true}}], "env": ["PATH"],
                    "allowCommands": ["true"], "osSandbox": {sandbox}}}"#,
                cwd.display()
            ),
        )
        .expect("write the policy");
        path
    };
    let sandboxed = policy("sandboxed.json", true);
    let direct = policy("direct.json", false);
    let aot = out.join("spawn-sync.aot");
    let time = |cmd: &mut dyn FnMut() -> Command| {
        let runs: Vec<f64> = (0..5)
            .map(|_| {
                let output = cmd().arg(&cwd).output().expect("run spawn-sync.js");
                assert!(
                    output.status.success(),
                    "spawn-sync.js failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                String::from_utf8_lossy(&output.stdout)
                    .trim()
                    .parse()
                    .expect("spawn-sync.js prints milliseconds")
            })
            .collect();
        crate::measure::median(runs)
    };
    let node = time(&mut || {
        let mut c = Command::new("node");
        c.arg(js.join("spawn-sync.js"));
        c
    });
    let edgebox_run = |policy: &Path| {
        let mut c = Command::new(edgebox);
        c.arg("--config").arg(policy).arg(&aot);
        c
    };
    let boxed = time(&mut || edgebox_run(&sandboxed));
    let plain = time(&mut || edgebox_run(&direct));
    println!("\n## child_process.spawnSync(\"true\") ×100 (js/spawn-sync.js, timed inside the program, median of 5)\n");
    println!("| runtime | ms | per spawn ms | vs node |\n| --- | ---: | ---: | ---: |");
    for (label, ms) in [
        ("node", node),
        ("edgebox .aot, inside bubblewrap (default)", boxed),
        ("edgebox .aot, \"osSandbox\": false (node's work)", plain),
    ] {
        println!(
            "| {label} | {ms:.1} | {:.2} | {:.2}x |",
            ms / 100.0,
            ms / node
        );
    }
}

/// The network benchmark (js/net.js) against the loopback fixture server
/// (tests/servers/http-fixture.js, run by node): a 10 MB fetch download, 1,000 sequential small
/// fetches and 1,000 http.get requests over keep-alive, under node and as an .aot under edgebox
/// (the host performs the requests); median of 5 runs each, timed inside the program.
pub fn net(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path) {
    let way = Way {
        label: "default",
        edgeboxc,
        flags: &[],
    };
    let out = work.join("net");
    build(&way, &work.join("build-cache"), &js.join("net.js"), &out);
    let fixture = js.join("../../tests/servers/http-fixture.js");
    let mut server = Command::new("node")
        .arg(&fixture)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs the fixture server");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().expect("piped stdout")),
        &mut line,
    )
    .expect("the fixture server reports its port");
    let port: String = line
        .split("\"http\":")
        .nth(1)
        .expect("an http port")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let base = format!("http://127.0.0.1:{port}");
    let policy = out.join("net.edgebox.json");
    std::fs::write(
        &policy,
        format!(r#"{{"allowedUrls": ["http://127.0.0.1:{port}/*"]}}"#),
    )
    .expect("write the policy");
    let time = |cmd: &mut dyn FnMut() -> Command| -> Vec<f64> {
        let runs: Vec<Vec<f64>> = (0..5)
            .map(|_| {
                let output = cmd().arg(&base).output().expect("run net.js");
                assert!(
                    output.status.success(),
                    "net.js failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                String::from_utf8_lossy(&output.stdout)
                    .split_whitespace()
                    .map(|t| t.parse().expect("net.js prints milliseconds"))
                    .collect()
            })
            .collect();
        (0..3)
            .map(|i| crate::measure::median(runs.iter().map(|r| r[i]).collect()))
            .collect()
    };
    let node = time(&mut || {
        let mut c = Command::new("node");
        c.arg(js.join("net.js"));
        c
    });
    let aot = out.join("net.aot");
    let boxed = time(&mut || {
        let mut c = Command::new(edgebox);
        c.arg("--config").arg(&policy).arg(&aot);
        c
    });
    let _ = server.kill();
    let _ = server.wait();
    println!("\n## Network (js/net.js against a loopback server, timed inside the program, median of 5)\n");
    println!("| work | node ms | edgebox .aot ms | edgebox / node |\n| --- | ---: | ---: | ---: |");
    for (i, label) in [
        "fetch: one 10 MB download",
        "fetch: 1,000 small requests, keep-alive",
        "http.get: 1,000 small requests, keep-alive",
    ]
    .iter()
    .enumerate()
    {
        println!(
            "| {label} | {:.1} | {:.1} | {:.2}x |",
            node[i],
            boxed[i],
            boxed[i] / node[i]
        );
    }
}
