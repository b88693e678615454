//! Running programs and reading numbers off them: wall time, peak RSS, the time a program
//! reports itself, edgebox's start-up trace, medians.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn cmd(program: &Path, args: &[&OsStr]) -> Command {
    let mut c = Command::new(program);
    c.args(args).stdin(Stdio::null());
    c
}

/// node without `NODE_EXTRA_CA_CERTS` (it costs ~45 ms per start here).
pub fn node(args: &[&OsStr]) -> Command {
    let mut c = cmd(Path::new("node"), args);
    c.env_remove("NODE_EXTRA_CA_CERTS");
    c
}

pub fn time_ms(c: &mut Command) -> f64 {
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

/// Runs the program to completion and returns its peak resident set (wait4's `ru_maxrss`), MB.
// The child is reaped by wait4 (std's wait cannot return its rusage).
#[allow(clippy::zombie_processes)]
pub fn peak_rss_mb(c: &mut Command) -> f64 {
    let child = c
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits pid_t");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; both out-pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 {c:?}");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{c:?} failed (status {status})"
    );
    // Linux reports ru_maxrss in KiB.
    usage.ru_maxrss as f64 / 1024.0
}

/// Runs a program that prints `... time_ms <x>` and returns x.
pub fn inner_time_ms(c: &mut Command) -> f64 {
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

/// Runs edgebox with `EDGEBOX_TRACE_STARTUP=1` `runs` times (after a warm-up) and returns the
/// median of each phase it reports, in its order.
pub fn trace_medians(c: &mut Command, runs: usize) -> Vec<(String, f64)> {
    let mut phases: Vec<(String, Vec<f64>)> = Vec::new();
    for i in 0..runs + 3 {
        let out = c.output().expect("spawn");
        assert!(out.status.success(), "{c:?} failed");
        if i < 3 {
            continue;
        }
        for line in String::from_utf8_lossy(&out.stderr).lines() {
            let Some(rest) = line.strip_prefix("edgebox: trace: ") else {
                continue;
            };
            let Some((name, ms)) = rest
                .trim_end()
                .strip_suffix(" ms")
                .and_then(|r| r.rsplit_once(' '))
            else {
                continue;
            };
            let (name, Ok(ms)) = (name.trim(), ms.trim().parse::<f64>()) else {
                continue;
            };
            match phases.iter_mut().find(|(n, _)| n == name) {
                Some((_, v)) => v.push(ms),
                None => phases.push((name.to_string(), vec![ms])),
            }
        }
    }
    assert!(!phases.is_empty(), "{c:?} printed no start-up trace");
    phases
        .into_iter()
        .map(|(name, v)| (name, median(v)))
        .collect()
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len().is_multiple_of(2) {
        (xs[m - 1] + xs[m]) / 2.0
    } else {
        xs[m]
    }
}

/// A program of a round-robin table and its arguments: with any, the program times itself
/// (`time_ms`; a second argument is how many runs of the kernel it takes the fastest of);
/// without, edgebox's whole run is timed.
pub fn row_label(program: &str, args: &[&str]) -> String {
    match args {
        [] => format!("{program} start-up (wall)"),
        [n] => format!("{program}({n}) inside the program"),
        [n, reps, ..] => format!("{program}({n}) inside the program, fastest of {reps} in it"),
    }
}

/// Runs edgebox once per variant (its arguments before the program's `args`) in each of `runs`
/// rounds after two warm-up rounds, so that machine load hits every variant alike; returns each
/// variant's median and fastest milliseconds (see [`row_label`] for what is timed).
pub fn round_robin(
    edgebox: &Path,
    variants: &[Vec<&OsStr>],
    args: &[&str],
    runs: usize,
) -> Vec<(f64, f64)> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for round in 0..runs + 2 {
        for (variant, t) in variants.iter().zip(times.iter_mut()) {
            let mut all = variant.clone();
            all.extend(args.iter().map(OsStr::new));
            let mut c = cmd(edgebox, &all);
            let ms = if args.is_empty() {
                time_ms(&mut c)
            } else {
                inner_time_ms(&mut c)
            };
            if round >= 2 {
                t.push(ms);
            }
        }
    }
    times
        .into_iter()
        .map(|t| {
            let fastest = t.iter().copied().fold(f64::INFINITY, f64::min);
            (median(t), fastest)
        })
        .collect()
}
