//! `edgebox-bench`: one run, side by side, medians and ratios.
//!
//! 1. cold start of hello: `edgebox hello.aot` built with and without the build-time snapshot,
//!    `edgebox hello.wasm`, native `qjs`, `bun` and `node`; then edgebox's own per-phase
//!    start-up breakdown (`EDGEBOX_TRACE_STARTUP=1`);
//! 2. peak RSS of a program that keeps 600,000 small objects alive (`js/objects.js`) on edgebox
//!    `.aot`, `qjs`, `bun` and `node`;
//! 3. fib(N) (default 45) timed inside the script on the same runtimes, plus native C (gcc -O2);
//!    edgebox runs both the default build and `--no-unroll` (the native path unrolled one level
//!    lets clang merge fib's duplicate pure calls, so the default does less work than the C; the
//!    `--no-unroll` row makes one call per JS call, like the C). Then the freezer's effect: fib,
//!    tak and a numeric loop kernel on edgebox `.aot` built with the freezer (default), with
//!    `--no-unroll` and with `--no-freeze`;
//! 4. build time of `edgeboxc build` (every stage, AOT included): cold (empty cache), a new app
//!    while the engine is cached, an edit that changes no frozen function, an edit that changes
//!    one, an unchanged rebuild (see `builds.rs`);
//! 5. before/after: hello start-up, fib, tak and the loop kernel built by a baseline compiler
//!    (`BASELINE_EDGEBOXC=path`) and by this one, default and `--whole-aot` (see `baseline.rs`);
//!    then the engine compiled in units side by side vs in one unit, on interpreter-bound
//!    programs (see `units.rs`);
//! 6. run limits on vs off: hello start-up, fib, tak, an n-body kernel and the loop kernel, the
//!    same `.aot` under an empty policy and under one with every run limit set (see `limits.rs`);
//! 7. sizes: the artifacts and the edgebox binary;
//! 8. (before 7) edgeboxd vs node `http` vs `Bun.serve` under wrk (see `daemon.rs`).
//!
//! Run: `cargo build --release --workspace && cargo run --release -p edgebox-benches`
//! (`--only-limits`: section 6 alone; `--only-builds`: section 4 and the engine-units table;
//! `--only-node`: the Node-layer tables; `--only-host`: spawnSync and the network table;
//! `--only-daemon`: edgeboxd vs node http vs Bun.serve under wrk, see `daemon.rs`)
//! (`EDGEBOXC=path` / `EDGEBOX=path` pick other builds of the two binaries). Bun comes from the
//! npm package `@oven/bun-linux-x64`, installed with npm into `target/bench-tools` on the first
//! run (`BUN=path` uses another binary); without it the bun rows are skipped with a note.
//! node runs without `NODE_EXTRA_CA_CERTS`, which adds ~45 ms to its start in this environment.
//! The machine is noisy: every figure is a median of repeated runs.

mod baseline;
mod builds;
mod daemon;
mod limits;
mod measure;
mod node_layer;
mod units;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use measure::{cmd, inner_time_ms, median, node, peak_rss_mb, time_ms, trace_medians};

/// The npm package that carries the Bun binary.
const BUN_PACKAGE: &str = "@oven/bun-linux-x64";

fn main() {
    let mut runs = 30usize;
    let mut fib_n = 45u32;
    let (mut only_limits, mut only_builds, mut only_node, mut only_host, mut only_daemon) =
        (false, false, false, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--fib" => fib_n = args.next().and_then(|v| v.parse().ok()).expect("--fib N"),
            "--only-limits" => only_limits = true,
            "--only-builds" => only_builds = true,
            "--only-node" => only_node = true,
            "--only-host" => only_host = true,
            "--only-daemon" => only_daemon = true,
            _ => {
                eprintln!(
                    "usage: edgebox-bench [--runs N] [--fib N] [--only-limits | --only-builds | --only-node | --only-host | --only-daemon]"
                );
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
    let bun = bun_binary(&bins);
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let out_no_snap = work.path().join("out-no-snapshot");
    if only_daemon {
        let edgeboxd = pick("EDGEBOXD", "edgeboxd");
        daemon::report(&edgeboxc, &edgeboxd, bun.as_deref(), &js, work.path());
        return;
    }
    if only_limits {
        limits::report(&edgeboxc, &edgebox, &js, work.path(), runs.min(15));
        return;
    }
    if only_host {
        node_layer::spawn(&edgeboxc, &edgebox, &js, work.path());
        node_layer::net(&edgeboxc, &edgebox, &js, work.path());
        return;
    }
    if only_node {
        node_layer::report(&edgeboxc, &edgebox, &js, work.path(), runs);
        node_layer::suite(&edgeboxc, &edgebox, &js, work.path());
        node_layer::spawn(&edgeboxc, &edgebox, &js, work.path());
        node_layer::net(&edgeboxc, &edgebox, &js, work.path());
        return;
    }

    // 4. build times (first, so the cold build really starts from an empty cache; the other
    // builds then share its cache).
    builds::report(&edgeboxc, &js, work.path(), 5);
    if only_builds {
        units::report(&edgeboxc, &edgebox, &js, work.path(), runs.min(15));
        return;
    }
    let cache = work.path().join("build-cache");
    let build = |label: &str, out: &Path, extra: &[&str]| {
        let status = Command::new(&edgeboxc)
            .env("EDGEBOX_CACHE_DIR", &cache)
            .args(["build", "-o"])
            .arg(out)
            .args(extra)
            .arg(js.join(format!("{label}.js")))
            .stderr(Stdio::null())
            .status()
            .expect("run edgeboxc");
        assert!(
            status.success(),
            "edgeboxc build {label}.js {extra:?} failed"
        );
    };
    build("hello", &out, &[]);
    build("hello", &out_no_snap, &["--no-snapshot"]);
    let out_interp = work.path().join("out-no-freeze");
    let out_no_unroll = work.path().join("out-no-unroll");
    for program in ["fib", "tak", "loop"] {
        build(program, &out, &[]);
        build(program, &out_no_unroll, &["--no-unroll"]);
        build(program, &out_interp, &["--no-freeze"]);
    }
    build("objects", &out, &[]);

    // 1. cold start.
    let hello = js.join("hello.js");
    let mut starters: Vec<(&str, Command)> = vec![
        (
            "edgebox hello.aot (snapshot)",
            cmd(&edgebox, &[out.join("hello.aot").as_os_str()]),
        ),
        (
            "edgebox hello.aot (no snapshot)",
            cmd(&edgebox, &[out_no_snap.join("hello.aot").as_os_str()]),
        ),
        (
            "edgebox hello.wasm (snapshot, interpreter)",
            cmd(&edgebox, &[out.join("hello.wasm").as_os_str()]),
        ),
        ("qjs (native QuickJS-NG)", cmd(&qjs, &[hello.as_os_str()])),
    ];
    if let Some(bun) = &bun {
        starters.push(("bun", cmd(bun, &[hello.as_os_str()])));
    }
    starters.push(("node", node(&[hello.as_os_str()])));
    println!(
        "## Cold start: hello ({runs} rounds after a warm-up, each round runs every runtime once; \
         median and fastest)\n"
    );
    println!(
        "| runtime | median ms | fastest ms | median vs edgebox .aot |\n| --- | ---: | ---: | ---: |"
    );
    // Round-robin, so that a burst of load on the shared machine hits every runtime alike.
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); starters.len()];
    for round in 0..runs + 3 {
        for ((_, c), t) in starters.iter_mut().zip(&mut times) {
            let ms = time_ms(c);
            if round >= 3 {
                t.push(ms);
            }
        }
    }
    let mut base = None;
    for ((label, _), t) in starters.iter().zip(times) {
        let fastest = t.iter().copied().fold(f64::INFINITY, f64::min);
        let median = median(t);
        let b = *base.get_or_insert(median);
        println!(
            "| {label} | {median:.2} | {fastest:.2} | {:.2}x |",
            median / b
        );
    }

    println!(
        "\n## edgebox start-up phases: hello.aot with snapshot (EDGEBOX_TRACE_STARTUP=1, \
         median of {runs})\n"
    );
    println!("| phase | median ms |\n| --- | ---: |");
    let mut traced = cmd(&edgebox, &[out.join("hello.aot").as_os_str()]);
    traced.env("EDGEBOX_TRACE_STARTUP", "1");
    for (phase, ms) in trace_medians(&mut traced, runs) {
        println!("| {phase} | {ms:.3} |");
    }

    // 2. peak RSS.
    let objects = js.join("objects.js");
    let mut holders: Vec<(&str, Command)> = vec![
        (
            "edgebox objects.aot",
            cmd(&edgebox, &[out.join("objects.aot").as_os_str()]),
        ),
        ("qjs (native QuickJS-NG)", cmd(&qjs, &[objects.as_os_str()])),
    ];
    if let Some(bun) = &bun {
        holders.push(("bun", cmd(bun, &[objects.as_os_str()])));
    }
    holders.push(("node", node(&[objects.as_os_str()])));
    println!("\n## Peak RSS: 600,000 live objects `{{id, name, value}}` (median of 5)\n");
    println!("| runtime | peak RSS MB | vs edgebox .aot |\n| --- | ---: | ---: |");
    let mut base = None;
    for (label, mut c) in holders {
        let mb = median((0..5).map(|_| peak_rss_mb(&mut c)).collect());
        let b = *base.get_or_insert(mb);
        println!("| {label} | {mb:.1} | {:.2}x |", mb / b);
    }

    // 3. fib timed inside the script.
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
    // The slow runtimes get one run at fib(N >= 40) (native QuickJS-NG needs minutes there).
    let slow_runs = if fib_n >= 40 { 1 } else { 5 };
    let mut fibbers: Vec<(&str, Command, usize)> = vec![
        ("native C (gcc -O2)", cmd(&fib_c, &[n.as_ref()]), 5),
        (
            "edgebox fib.aot (frozen, native int32 path)",
            cmd(&edgebox, &[out.join("fib.aot").as_os_str(), n.as_ref()]),
            5,
        ),
        (
            "edgebox fib.aot (frozen, --no-unroll: one native call per JS call)",
            cmd(
                &edgebox,
                &[out_no_unroll.join("fib.aot").as_os_str(), n.as_ref()],
            ),
            5,
        ),
        (
            "qjs (native QuickJS-NG)",
            cmd(&qjs, &[fib_js.as_os_str(), n.as_ref()]),
            slow_runs,
        ),
    ];
    if let Some(bun) = &bun {
        fibbers.push(("bun", cmd(bun, &[fib_js.as_os_str(), n.as_ref()]), 5));
    }
    fibbers.push(("node", node(&[fib_js.as_os_str(), n.as_ref()]), 5));
    println!("\n## fib({fib_n}) timed inside the program (median of 5; qjs: {slow_runs} run)\n");
    println!("| runtime | median ms | vs native C |\n| --- | ---: | ---: |");
    let mut base = None;
    for (label, mut c, runs) in fibbers {
        let median = median((0..runs).map(|_| inner_time_ms(&mut c)).collect());
        let b = *base.get_or_insert(median);
        println!("| {label} | {median:.1} | {:.2}x |", median / b);
    }

    // The freezer: the same programs frozen and interpreted, both AOT-compiled.
    println!("\n## Frozen vs interpreted (edgebox .aot, timed inside the program, median of 3)\n");
    println!(
        "| program | frozen ms | frozen --no-unroll ms | --no-freeze ms | speed-up | speed-up --no-unroll |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (program, arg) in [("fib", "30"), ("tak", "24"), ("loop", "3000")] {
        let time = |dir: &Path| {
            let aot = dir.join(format!("{program}.aot"));
            let mut c = cmd(&edgebox, &[aot.as_os_str(), arg.as_ref()]);
            median((0..3).map(|_| inner_time_ms(&mut c)).collect())
        };
        let (frozen, no_unroll, interpreted) =
            (time(&out), time(&out_no_unroll), time(&out_interp));
        println!(
            "| {program}({arg}) | {frozen:.1} | {no_unroll:.1} | {interpreted:.1} | {:.1}x | {:.1}x |",
            interpreted / frozen,
            interpreted / no_unroll
        );
    }

    // 5. before/after.
    baseline::report(&edgeboxc, &edgebox, &js, work.path(), runs.min(15));
    units::report(&edgeboxc, &edgebox, &js, work.path(), runs.min(15));

    // 6. run limits on vs off.
    limits::report(&edgeboxc, &edgebox, &js, work.path(), runs.min(15));
    node_layer::report(&edgeboxc, &edgebox, &js, work.path(), runs);
    node_layer::suite(&edgeboxc, &edgebox, &js, work.path());
    node_layer::spawn(&edgeboxc, &edgebox, &js, work.path());
    node_layer::net(&edgeboxc, &edgebox, &js, work.path());
    daemon::report(
        &edgeboxc,
        &pick("EDGEBOXD", "edgeboxd"),
        bun.as_deref(),
        &js,
        work.path(),
    );

    // 7. sizes.
    println!("\n## Sizes\n");
    println!("| file | bytes | KiB |\n| --- | ---: | ---: |");
    let dist = bins
        .parent()
        .map(|target| target.join("dist").join("edgebox"));
    let sized: Vec<(String, PathBuf)> = vec![
        ("hello.wasm (snapshot)".into(), out.join("hello.wasm")),
        ("hello.aot (snapshot)".into(), out.join("hello.aot")),
        (
            "hello.wasm (no snapshot)".into(),
            out_no_snap.join("hello.wasm"),
        ),
        (
            "hello.aot (no snapshot)".into(),
            out_no_snap.join("hello.aot"),
        ),
        (
            if std::env::var_os("EDGEBOX").is_some() {
                format!("edgebox ({})", edgebox.display())
            } else {
                "edgebox (release profile, stripped)".into()
            },
            edgebox.clone(),
        ),
    ]
    .into_iter()
    .chain(
        dist.filter(|d| d.exists() && std::env::var_os("EDGEBOX").is_none())
            .map(|d| ("edgebox (`--profile dist`)".to_string(), d)),
    )
    .collect();
    for (label, path) in sized {
        let bytes = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .len();
        println!("| {label} | {bytes} | {:.0} |", bytes as f64 / 1024.0);
    }
}

fn binaries_dir() -> PathBuf {
    std::env::current_exe()
        .expect("exe path")
        .parent()
        .expect("exe dir")
        .to_path_buf()
}

/// `BUN=path`, else the binary of [`BUN_PACKAGE`] under `target/bench-tools`, installed with
/// npm the first time. None (with a note) when npm cannot fetch it.
fn bun_binary(bins: &Path) -> Option<PathBuf> {
    if let Some(bun) = std::env::var_os("BUN") {
        return Some(PathBuf::from(bun));
    }
    let tools = bins.parent()?.join("bench-tools");
    let bun = tools
        .join("node_modules")
        .join(BUN_PACKAGE)
        .join("bin")
        .join("bun");
    if !bun.exists() {
        eprintln!(
            "installing {BUN_PACKAGE} into {} with npm...",
            tools.display()
        );
        let _ = std::fs::create_dir_all(&tools);
        let installed = Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&tools)
            .arg(BUN_PACKAGE)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed || !bun.exists() {
            println!(
                "> note: bun skipped: `npm install {BUN_PACKAGE}` failed (offline?); set BUN=path \
                 to a bun binary to include it.\n"
            );
            return None;
        }
    }
    Some(bun)
}
