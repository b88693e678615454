//! The engine compiled in units side by side (the default, 2) vs in one unit (`--jobs 1`), and
//! for the portable default CPU (`x86-64-v2`) vs `--target-cpu native`: the same programs built
//! each way with `--no-freeze`, so that the engine's code (the interpreter) does the work, run
//! round-robin on the same `edgebox`. The units are compiled without inlining across them; this
//! table shows what that costs, and what the portable default costs against native code.

use std::ffi::OsStr;
use std::path::Path;

use crate::baseline::{build, Way};
use crate::builds::ONE_UNIT_CACHE;
use crate::measure::{round_robin, row_label};

/// Prints the table. `work` is the bench's scratch folder, whose [`ONE_UNIT_CACHE`] and
/// `build-cache` already hold the engine compiled each way (the cold builds of `builds.rs`).
pub fn report(edgeboxc: &Path, edgebox: &Path, js: &Path, work: &Path, runs: usize) {
    let ways = [
        (
            Way {
                label: "one unit (`--jobs 1`)",
                edgeboxc,
                flags: &["--no-freeze", "--jobs", "1"],
            },
            work.join(ONE_UNIT_CACHE),
        ),
        (
            Way {
                label: "units side by side (default)",
                edgeboxc,
                flags: &["--no-freeze"],
            },
            work.join("build-cache"),
        ),
        (
            Way {
                label: "side by side, `--target-cpu native`",
                edgeboxc,
                flags: &["--no-freeze", "--target-cpu", "native"],
            },
            work.join("build-cache"),
        ),
    ];
    // Each program runs its kernel 25 times and reports the fastest: this VM's noise comes in
    // bursts, which the fastest of many short runs inside one process avoids.
    let programs: [(&str, &[&str]); 5] = [
        ("loop", &["600", "25"]),
        ("fib", &["25", "25"]),
        ("tak", &["18", "25"]),
        ("nbody", &["20000", "25"]),
        ("collections", &["6", "25"]),
    ];
    for (i, (way, cache)) in ways.iter().enumerate() {
        for (program, _) in programs {
            build(
                way,
                cache,
                &js.join(format!("{program}.js")),
                &work.join(format!("units-{i}")),
            );
        }
    }

    println!(
        "\n## The engine compiled in units side by side vs in one, portable vs native CPU \
         (`--no-freeze`: the interpreter does the work; median and fastest of {runs} runs, \
         round-robin)\n"
    );
    print!("| program |");
    for (way, _) in &ways {
        print!(" {} ms |", way.label);
    }
    println!(" side by side vs one (median) | (fastest) | native vs portable (fastest) |");
    println!("| --- |{}", " ---: |".repeat(ways.len() + 3));
    for (program, args) in programs {
        let aots: Vec<_> = (0..ways.len())
            .map(|i| {
                work.join(format!("units-{i}"))
                    .join(format!("{program}.aot"))
            })
            .collect();
        let variants: Vec<Vec<&OsStr>> = aots.iter().map(|aot| vec![aot.as_os_str()]).collect();
        let times = round_robin(edgebox, &variants, args, runs);
        print!("| {} |", row_label(program, args));
        for (m, f) in &times {
            print!(" {m:.2} ({f:.2}) |");
        }
        println!(
            " {:.3}x | {:.3}x | {:.3}x |",
            times[1].0 / times[0].0,
            times[1].1 / times[0].1,
            times[2].1 / times[1].1
        );
    }
}
