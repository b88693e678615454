//! Before/after: the same programs built by a baseline `edgeboxc` (`BASELINE_EDGEBOXC`, e.g. a
//! build of the commit before the engine was compiled once, whose `.aot` is one whole-module
//! compilation of a module linked and optimized as a whole) and by this one, in its default
//! mode (the app's code linked to the engine's cached compiled code) and with `--whole-aot`.
//! All run on the same `edgebox`, round-robin, so that machine load hits every build alike; the
//! baseline's `.aot` files predate seals, so the bench seals them for this `edgebox` first.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::measure::{round_robin, row_label};

/// One way of building: a label, the compiler and its extra flags.
pub struct Way<'a> {
    pub label: &'a str,
    pub edgeboxc: &'a Path,
    pub flags: &'a [&'a str],
}

/// Builds `program` into `out` the given way, with `cache` as the stage cache.
pub fn build(way: &Way<'_>, cache: &Path, program: &Path, out: &Path) {
    let status = Command::new(way.edgeboxc)
        .env("EDGEBOX_CACHE_DIR", cache)
        .args(["build", "-o"])
        .arg(out)
        .args(way.flags)
        .arg(program)
        .stderr(Stdio::null())
        .status()
        .expect("run edgeboxc");
    assert!(
        status.success(),
        "{} build of {program:?} failed",
        way.label
    );
}

/// Seals `aot`, which a baseline compiler from before seals wrote, for this edgebox: the WAMR
/// build and bounds-check mode of `current` (this compiler's build of the same program, for
/// the same runtime), and this machine's CPU, which the baseline compiled for.
fn seal_baseline(aot: &Path, current: &Path) {
    let mut bytes = std::fs::read(aot).expect("read the baseline .aot");
    if edgebox_seal::open(&bytes).is_ok() {
        return;
    }
    let current = edgebox_seal::open(&std::fs::read(current).expect("read this build's .aot"))
        .expect("this build's .aot is sealed");
    let record = edgebox_seal::Record {
        cpu: "baseline (host CPU)".into(),
        features: edgebox_seal::Features::host(),
        ..current
    };
    edgebox_seal::append(&mut bytes, &record);
    std::fs::write(aot, bytes).expect("write the sealed baseline .aot");
}

/// Prints the before/after table, or a note when no baseline compiler is given.
pub fn report(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path, runs: usize) {
    let Some(baseline) = std::env::var_os("BASELINE_EDGEBOXC") else {
        println!(
            "\n> note: before/after skipped: set BASELINE_EDGEBOXC to an edgeboxc built from \
             the baseline commit to compare.\n"
        );
        return;
    };
    let baseline = std::path::PathBuf::from(baseline);
    let ways = [
        Way {
            label: "baseline",
            edgeboxc: &baseline,
            flags: &[],
        },
        Way {
            label: "engine reused (default)",
            edgeboxc,
            flags: &[],
        },
        Way {
            label: "--whole-aot",
            edgeboxc,
            flags: &["--whole-aot"],
        },
    ];
    let cache = work.join("baseline-cache");
    // fib(38) and tak(24) run 3-5 ms, where this VM's runs fall into two modes (a fast one and
    // one ~1.6x slower, for every build alike); fib(43) and tak(30) run 30-120 ms.
    let programs = [
        ("hello", None),
        ("fib", Some("38")),
        ("fib", Some("43")),
        ("tak", Some("24")),
        ("tak", Some("30")),
        ("loop", Some("3000")),
    ];
    let mut built = std::collections::HashSet::new();
    for (i, way) in ways.iter().enumerate() {
        for (program, _) in programs.iter().filter(|(p, _)| built.insert((i, *p))) {
            build(
                way,
                &cache,
                &js.join(format!("{program}.js")),
                &work.join(format!("way-{i}")),
            );
        }
    }
    for (program, _) in programs {
        seal_baseline(
            &work.join("way-0").join(format!("{program}.aot")),
            &work.join("way-1").join(format!("{program}.aot")),
        );
    }

    println!(
        "\n## Before/after: the same programs, baseline vs this build (median and fastest of \
         {runs}, round-robin)\n"
    );
    print!("| program |");
    for way in &ways {
        print!(" {} ms |", way.label);
    }
    println!(" default vs baseline (median) |");
    println!("| --- |{}", " ---: |".repeat(ways.len() + 1));
    for (program, arg) in programs {
        let aots: Vec<_> = (0..ways.len())
            .map(|i| work.join(format!("way-{i}")).join(format!("{program}.aot")))
            .collect();
        let variants: Vec<Vec<&OsStr>> = aots.iter().map(|aot| vec![aot.as_os_str()]).collect();
        let times = round_robin(edgebox, &variants, arg.as_slice(), runs);
        print!("| {} |", row_label(program, arg.as_slice()));
        for (m, f) in &times {
            print!(" {m:.2} ({f:.2}) |");
        }
        println!(" {:.3}x |", times[1].0 / times[0].0);
    }
}
