//! `edgebox-bench`: one run, side by side, medians and ratios.
//!
//! 1. cold start of hello: `edgebox hello.aot`, `edgebox hello.wasm`, native `qjs`, `node`;
//! 2. fib(N) timed inside the script on the same four, plus native C (gcc -O2);
//! 3. build time of hello with `edgeboxc build`: cold (empty cache) and cached.
//!
//! Run: `cargo build --release --workspace && cargo run --release -p edgebox-benches`
//! (`EDGEBOXC=path` / `EDGEBOX=path` pick other builds of the two binaries).
//! The machine is noisy: every figure is a median of repeated runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let mut runs = 30usize;
    let mut fib_n = 30u32;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--fib" => fib_n = args.next().and_then(|v| v.parse().ok()).expect("--fib N"),
            _ => {
                eprintln!("usage: edgebox-bench [--runs N] [--fib N]");
                std::process::exit(2);
            }
        }
    }
    let bins = binaries_dir();
    let pick = |var: &str, name: &str| {
        std::env::var_os(var).map_or_else(|| bins.join(name), PathBuf::from)
    };
    let (edgeboxc, edgebox) = (pick("EDGEBOXC", "edgeboxc"), pick("EDGEBOX", "edgebox"));
    for b in [&edgeboxc, &edgebox] {
        assert!(
            b.exists(),
            "{} missing: run `cargo build --release --workspace` first",
            b.display()
        );
    }
    let qjs = PathBuf::from(env!("EDGEBOX_BENCH_QJS"));
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");

    // 3. build times (first, so the cold build really starts from an empty cache).
    let cache = work.path().join("cache");
    let build = |label: &str| {
        let t = Instant::now();
        let status = Command::new(&edgeboxc)
            .env("EDGEBOX_CACHE_DIR", &cache)
            .args(["build", "-o"])
            .arg(&out)
            .arg(js.join(format!("{label}.js")))
            .stderr(Stdio::null())
            .status()
            .expect("run edgeboxc");
        assert!(status.success(), "edgeboxc build {label}.js failed");
        t.elapsed().as_secs_f64()
    };
    let cold_build = build("hello");
    let cached_builds: Vec<f64> = (0..5).map(|_| build("hello")).collect();
    build("fib");

    // 1. cold start.
    let node_env = |c: &mut Command| {
        c.env_remove("NODE_EXTRA_CA_CERTS");
    };
    let hello = js.join("hello.js");
    let starters: Vec<(&str, Command)> = vec![
        (
            "edgebox hello.aot",
            cmd(&edgebox, &[out.join("hello.aot").as_os_str()]),
        ),
        (
            "edgebox hello.wasm",
            cmd(&edgebox, &[out.join("hello.wasm").as_os_str()]),
        ),
        ("qjs (native QuickJS-NG)", cmd(&qjs, &[hello.as_os_str()])),
        ("node", {
            let mut c = cmd(Path::new("node"), &[hello.as_os_str()]);
            node_env(&mut c);
            c
        }),
    ];
    println!("## Cold start: hello ({runs} runs after a warm-up, median)\n");
    println!("| runtime | median ms | vs edgebox .aot |\n| --- | ---: | ---: |");
    let mut base = None;
    for (label, mut c) in starters {
        let median = median((0..runs + 3).map(|_| time_ms(&mut c)).skip(3).collect());
        let b = *base.get_or_insert(median);
        println!("| {label} | {median:.2} | {:.2}x |", median / b);
    }

    // 2. fib timed inside the script.
    let fib_c = work.path().join("fib_c");
    let status = Command::new("gcc")
        .args(["-O2", "-o"])
        .arg(&fib_c)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("c/fib.c"))
        .status()
        .expect("run gcc");
    assert!(status.success(), "gcc failed");
    let n = fib_n.to_string();
    let fib_js = js.join("fib.js");
    let fibbers: Vec<(&str, Command)> = vec![
        ("native C (gcc -O2)", cmd(&fib_c, &[n.as_ref()])),
        (
            "edgebox fib.aot",
            cmd(&edgebox, &[out.join("fib.aot").as_os_str(), n.as_ref()]),
        ),
        (
            "edgebox fib.wasm",
            cmd(&edgebox, &[out.join("fib.wasm").as_os_str(), n.as_ref()]),
        ),
        (
            "qjs (native QuickJS-NG)",
            cmd(&qjs, &[fib_js.as_os_str(), n.as_ref()]),
        ),
        (
            "node",
            cmd(Path::new("node"), &[fib_js.as_os_str(), n.as_ref()]),
        ),
    ];
    println!("\n## fib({fib_n}) timed inside the program (5 runs, median)\n");
    println!("| runtime | median ms | vs native C |\n| --- | ---: | ---: |");
    let mut base = None;
    for (label, mut c) in fibbers {
        let median = median((0..5).map(|_| inner_time_ms(&mut c)).collect());
        let b = *base.get_or_insert(median);
        println!("| {label} | {median:.1} | {:.2}x |", median / b);
    }

    println!("\n## Build time of hello.js (edgeboxc build, all stages incl. AOT)\n");
    println!("| build | seconds |\n| --- | ---: |");
    println!("| cold (empty cache) | {cold_build:.2} |");
    println!("| cached (median of 5) | {:.2} |", median(cached_builds));
}

fn binaries_dir() -> PathBuf {
    std::env::current_exe()
        .expect("exe path")
        .parent()
        .expect("exe dir")
        .to_path_buf()
}

fn cmd(program: &Path, args: &[&std::ffi::OsStr]) -> Command {
    let mut c = Command::new(program);
    c.args(args).stdin(Stdio::null());
    c
}

fn time_ms(c: &mut Command) -> f64 {
    let t = Instant::now();
    let out = c
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(out.success(), "{c:?} failed");
    ms
}

/// Runs a program that prints `... time_ms <x>` and returns x.
fn inner_time_ms(c: &mut Command) -> f64 {
    let out = c.output().expect("spawn");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .split("time_ms ")
        .nth(1)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("{c:?} printed no time_ms: {stdout}"))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len().is_multiple_of(2) {
        (xs[m - 1] + xs[m]) / 2.0
    } else {
        xs[m]
    }
}
