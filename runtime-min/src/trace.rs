//! Start-up tracing: with `EDGEBOX_TRACE_STARTUP=1` in its environment, edgebox prints the time
//! of each phase of a run to stderr when the run ends, one `edgebox: trace: <phase> <ms>` line
//! per phase, then the total from `main` to the end of the run. Phases are timed on whichever
//! thread runs them; everything is a no-op when the variable is unset.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The environment variable that turns tracing on (value `1`).
pub(crate) const ENV_VAR: &str = "EDGEBOX_TRACE_STARTUP";

struct Trace {
    start: Instant,
    phases: Mutex<Vec<(&'static str, Duration)>>,
}

static TRACE: OnceLock<Option<Trace>> = OnceLock::new();

/// Reads [`ENV_VAR`] and starts the clock; call first thing in `main`.
pub fn init() {
    TRACE.get_or_init(|| {
        (std::env::var_os(ENV_VAR).as_deref() == Some("1".as_ref())).then(|| Trace {
            start: Instant::now(),
            phases: Mutex::new(Vec::new()),
        })
    });
}

/// Runs `f`, recording its duration as phase `name` when tracing is on.
pub(crate) fn phase<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !matches!(TRACE.get(), Some(Some(_))) {
        return f();
    }
    let t = Instant::now();
    let value = f();
    record(name, t.elapsed());
    value
}

/// Records `elapsed` as phase `name` when tracing is on.
pub(crate) fn record(name: &'static str, elapsed: Duration) {
    if let Some(Some(trace)) = TRACE.get() {
        if let Ok(mut phases) = trace.phases.lock() {
            phases.push((name, elapsed));
        }
    }
}

/// Prints the recorded phases and the total since [`init`] to stderr, when tracing is on.
pub fn report() {
    let Some(Some(trace)) = TRACE.get() else {
        return;
    };
    let total = trace.start.elapsed();
    let Ok(phases) = trace.phases.lock() else {
        return;
    };
    let mut text = String::new();
    for (name, d) in phases.iter() {
        text.push_str(&line(name, *d));
    }
    text.push_str(&line("total (main to end of run)", total));
    eprint!("{text}");
}

/// Whole microseconds, printed as milliseconds with three decimals (integer arithmetic: float
/// formatting would cost edgebox ~25 KB of code).
fn line(name: &str, d: Duration) -> String {
    let us = d.as_micros();
    format!(
        "edgebox: trace: {name:<28} {:>4}.{:03} ms\n",
        us / 1000,
        us % 1000
    )
}
