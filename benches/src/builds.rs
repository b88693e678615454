//! Build times of `edgeboxc build`, all stages including the AOT stage, in the situations of a
//! working day: the first build on a machine (empty cache), a new app while the engine is
//! cached, an edit that changes no frozen function, an edit that changes one, and a rebuild of
//! an unchanged app.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::measure::median;

/// One `edgeboxc build` with a given cache: its wall time and per-stage `--verbose` lines.
struct Builder<'a> {
    edgeboxc: &'a Path,
    cache: PathBuf,
    flags: &'a [&'a str],
}

impl Builder<'_> {
    /// Builds `input` into `out`; returns seconds and the stage lines (`stage ms ...`).
    fn build(&self, input: &Path, out: &Path) -> (f64, String) {
        let t = Instant::now();
        let output = Command::new(self.edgeboxc)
            .env("EDGEBOX_CACHE_DIR", &self.cache)
            .args(["build", "--verbose", "-o"])
            .arg(out)
            .args(self.flags)
            .arg(input)
            .stdout(Stdio::null())
            .output()
            .expect("run edgeboxc");
        let seconds = t.elapsed().as_secs_f64();
        let log = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "edgeboxc build {input:?} failed:\n{log}"
        );
        (seconds, log)
    }
}

/// The slowest stage of a `--verbose` build log, e.g. `aot 412 ms`.
fn slowest_stage(log: &str) -> String {
    log.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let stage = words.next()?;
            let ms: f64 = words.next()?.parse().ok()?;
            (words.next() == Some("ms")).then(|| (stage.to_string(), ms))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or_else(String::new, |(stage, ms)| format!("{stage} {ms:.0} ms"))
}

/// The stage cache (under the bench's scratch folder) of the builds with `--jobs 1`.
pub const ONE_UNIT_CACHE: &str = "build-cache-one-unit";

const EDITED_APP: &str =
    "// An app edited between builds: EDIT_MESSAGE is in code that is not frozen,
// EDIT_STEP is in the frozen function.
function kernel(n) {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (acc + i * EDIT_STEP) % 1000003;
  return acc;
}
console.log('EDIT_MESSAGE', kernel(1000));
";

fn write_app(dir: &Path, message: &str, step: u32) -> PathBuf {
    let file = dir.join("edited.js");
    let source = EDITED_APP
        .replace("EDIT_MESSAGE", message)
        .replace("EDIT_STEP", &step.to_string());
    std::fs::write(&file, source).expect("write the edited app");
    file
}

/// Prints the build-time table. `js` holds the bench programs; `work` is a scratch folder.
/// The cold build is also timed with the engine compiled in one unit (`--jobs 1`), into the
/// cache [`ONE_UNIT_CACHE`], which `units.rs` then reuses.
pub fn report(edgeboxc: &Path, js: &Path, work: &Path, runs: usize) {
    let builder = Builder {
        edgeboxc,
        cache: work.join("build-cache"),
        flags: &[],
    };
    let out = work.join("build-out");
    let (cold, cold_log) = builder.build(&js.join("hello.js"), &out);
    let one_unit = Builder {
        edgeboxc,
        cache: work.join(ONE_UNIT_CACHE),
        flags: &["--jobs", "1"],
    };
    let (cold_one_unit, cold_one_unit_log) = one_unit.build(&js.join("hello.js"), &out);
    let (new_app, new_app_log) = builder.build(&js.join("fib.js"), &out);
    let unchanged: Vec<f64> = (0..runs)
        .map(|_| builder.build(&js.join("fib.js"), &out).0)
        .collect();

    // Every edit is new content, so the cache cannot have it.
    let app_dir = work.join("edited");
    std::fs::create_dir_all(&app_dir).expect("create the edited app's folder");
    let first = write_app(&app_dir, "edit 0", 7);
    builder.build(&first, &out);
    let mut message_logs = Vec::new();
    let message_edits: Vec<f64> = (1..=runs)
        .map(|i| {
            let app = write_app(&app_dir, &format!("edit {i}"), 7);
            let (s, log) = builder.build(&app, &out);
            message_logs.push(log);
            s
        })
        .collect();
    let mut frozen_logs = Vec::new();
    let frozen_edits: Vec<f64> = (1..=runs as u32)
        .map(|i| {
            let app = write_app(&app_dir, "edit frozen", 7 + i);
            let (s, log) = builder.build(&app, &out);
            frozen_logs.push(log);
            s
        })
        .collect();
    let frozen_line = |logs: &[String]| {
        logs.iter()
            .find_map(|l| l.lines().find(|l| l.trim_start().starts_with("froze ")))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    };

    println!(
        "\n## Build time (edgeboxc build, every stage including AOT; edits: median of {runs})\n"
    );
    println!("| build | seconds | slowest stage |\n| --- | ---: | --- |");
    println!(
        "| cold: empty cache (hello.js; the engine built, and compiled in 2 units side by side, the default) | {cold:.2} | {} |",
        slowest_stage(&cold_log)
    );
    println!(
        "| cold, the engine compiled in one unit (`--jobs 1`) | {cold_one_unit:.2} | {} |",
        slowest_stage(&cold_one_unit_log)
    );
    println!(
        "| a new app while the engine is cached (fib.js) | {new_app:.2} | {} |",
        slowest_stage(&new_app_log)
    );
    println!(
        "| an edit that changes no frozen function | {:.2} | {} |",
        median(message_edits),
        slowest_stage(&message_logs[0])
    );
    println!(
        "| an edit that changes a frozen function | {:.2} | {} |",
        median(frozen_edits),
        slowest_stage(&frozen_logs[0])
    );
    println!(
        "| unchanged rebuild (fib.js) | {:.2} | |",
        median(unchanged)
    );
    println!(
        "\nThe edited app (`edited.js`): {}.",
        frozen_line(&frozen_logs)
    );
}
