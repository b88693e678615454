//! Run limits on vs off: the same `.aot` files run by the same `edgebox` under an empty policy
//! and under one that sets every run limit (wall time, CPU time, JS heap: the main thread
//! watches and the guest's memory limit is armed, but no limit is reached), round-robin, so that
//! machine load hits both alike.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::measure::{round_robin, row_label};

/// Limits far above what the programs use: the run pays for watching, never for stopping.
const LIMITS_ON: &str =
    r#"{"runtime": {"timeout_ms": 600000, "cpu_ms": 600000, "max_heap_bytes": 536870912}}"#;

/// Prints the table.
pub fn report(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path, runs: usize) {
    let dir = work.join("limits");
    std::fs::create_dir_all(&dir).expect("limits work dir");
    let off = dir.join("off.json");
    let on = dir.join("on.json");
    std::fs::write(&off, "{}").expect("write policy");
    std::fs::write(&on, LIMITS_ON).expect("write policy");
    let cache = work.join("build-cache");
    let programs = [
        ("hello", None),
        ("fib", Some("38")),
        ("tak", Some("30")),
        ("nbody", Some("300000")),
        ("loop", Some("3000")),
    ];
    for (program, _) in programs {
        let status = Command::new(edgeboxc)
            .env("EDGEBOX_CACHE_DIR", &cache)
            .args(["build", "-o"])
            .arg(&dir)
            .arg(js.join(format!("{program}.js")))
            .stderr(Stdio::null())
            .status()
            .expect("run edgeboxc");
        assert!(status.success(), "build of {program} failed");
    }
    println!(
        "\n## Run limits on vs off: the same .aot, default build (median and fastest of \
         {runs}, round-robin)\n"
    );
    println!("| program | limits off ms | limits on ms | on vs off (median) |");
    println!("| --- | ---: | ---: | ---: |");
    for (program, arg) in programs {
        let aot = dir.join(format!("{program}.aot"));
        let variants = [&off, &on]
            .map(|policy| vec![OsStr::new("--config"), policy.as_os_str(), aot.as_os_str()]);
        let [(off_ms, off_fastest), (on_ms, on_fastest)] =
            round_robin(edgebox, &variants, arg.as_slice(), runs)[..]
        else {
            unreachable!("one result per variant");
        };
        println!(
            "| {} | {off_ms:.2} ({off_fastest:.2}) | {on_ms:.2} ({on_fastest:.2}) | {:.3}x |",
            row_label(program, arg.as_slice()),
            on_ms / off_ms
        );
    }
}
