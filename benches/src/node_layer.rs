//! What the Node layer costs at start-up: an app that uses nothing of Node, hello (console),
//! and an app that loads path, events and util, built the same way and run round-robin. The
//! Node layer's modules are loaded in the build-time snapshot (edgebox_node::PRELOAD), so what
//! remains is the larger memory image and the modules loaded at run time.

use std::ffi::OsStr;
use std::path::Path;

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
