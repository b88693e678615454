//! Wall-time and CPU-time limits: a thread beside the wasm thread that sleeps until a limit
//! could have been reached, checks, and when one is, stops the run in three steps, each one
//! only if the run is still going:
//!
//! 1. it raises the guest's interrupt flag ([`HostControl::interrupt`]), every
//!    [`INTERRUPT_INTERVAL`] for [`GRACE`]: QuickJS polls it (interpreter, frozen loops, regex
//!    matching; the host zeroes its countdown so the next call or back edge polls), so JS stops
//!    with an uncatchable error and the module exits after flushing its output — no host call,
//!    nothing on the fast path;
//! 2. after [`GRACE`], it terminates the instance (WAMR's exception, seen by the interpreter on
//!    its next branch or call and by AOT code when a call returns) and arms preemption;
//! 3. then, every [`PREEMPT_INTERVAL`], it signals the wasm thread: inside AOT code the signal
//!    leaves it through WAMR's trap path (a loop with no call in it), inside a blocking system
//!    call it makes the call return.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::control::HostControl;
use crate::trace;
use crate::wamr::{Terminator, PREEMPT_SIGNAL};

/// Trace phase: from the limit to the end of a run that stopped at the guest's own poll.
const STOPPED_AT_POLL: &str = "limit: stopped at JS poll";
/// Trace phase: from the limit to the end of a run that was terminated / preempted.
const STOPPED_BY_TERMINATION: &str = "limit: stopped by terminate";

/// How long JS gets to stop at its own poll before the instance is terminated.
pub(crate) const GRACE: Duration = Duration::from_millis(10);
/// How often the interrupt is raised again during the grace period.
const INTERRUPT_INTERVAL: Duration = Duration::from_millis(1);
/// How often the wasm thread is signalled once the instance is terminated.
const PREEMPT_INTERVAL: Duration = Duration::from_millis(5);
/// The longest sleep between checks of the CPU clock (CPU time cannot run ahead of wall time on
/// one thread, so the watchdog sleeps the CPU time left, but at least this little).
const MIN_CHECK: Duration = Duration::from_millis(1);

/// A limit that ended a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// `runtime.timeout_ms`.
    Wall(u32),
    /// `runtime.cpu_ms`.
    Cpu(u32),
    /// `runtime.max_instructions`.
    Instructions(u32),
}

impl Limit {
    /// The policy field that set it.
    pub(crate) fn field(&self) -> &'static str {
        match self {
            Limit::Wall(_) => "runtime.timeout_ms",
            Limit::Cpu(_) => "runtime.cpu_ms",
            Limit::Instructions(_) => "runtime.max_instructions",
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Wall(ms) => write!(f, "wall-time limit of {ms} ms"),
            Limit::Cpu(ms) => write!(f, "CPU time limit of {ms} ms"),
            Limit::Instructions(n) => write!(f, "instruction limit of {n}"),
        }
    }
}

/// The time limits of a run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TimeLimits {
    /// `runtime.timeout_ms`.
    pub(crate) wall_ms: Option<u32>,
    /// `runtime.cpu_ms`.
    pub(crate) cpu_ms: Option<u32>,
}

impl TimeLimits {
    fn any(&self) -> bool {
        self.wall_ms.is_some() || self.cpu_ms.is_some()
    }
}

/// What the watchdog acts on; everything in it stays valid until [`Watchdog::finish`] returns.
pub(crate) struct Target {
    /// The guest's control record (None for a module without one).
    pub(crate) control: Option<HostControl>,
    /// Terminates the instance.
    pub(crate) terminator: Terminator,
    /// The wasm thread (signalled).
    pub(crate) thread: libc::pthread_t,
    /// The wasm thread's CPU clock.
    pub(crate) cpu_clock: libc::clockid_t,
}

// SAFETY: pthread_t and clockid_t name a thread and its clock; the wasm thread outlives the
// watchdog (it joins it in Watchdog::finish). HostControl and Terminator are Send.
unsafe impl Send for Target {}

#[derive(Default)]
struct State {
    finished: bool,
    fired: Option<Limit>,
}

/// Shared between the wasm thread and the watchdog thread.
#[derive(Default)]
pub(crate) struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
}

impl Watchdog {
    /// Runs `body` (the app) on this thread under `limits`, watched from a scoped thread;
    /// returns what `body` returned and the limit that stopped it, if one did.
    pub(crate) fn run<T>(
        limits: TimeLimits,
        target: Target,
        body: impl FnOnce() -> T,
    ) -> Result<(T, Option<Limit>), std::io::Error> {
        if !limits.any() {
            return Ok((body(), None));
        }
        let watchdog = Watchdog::default();
        std::thread::scope(|scope| {
            let watcher = std::thread::Builder::new()
                .name("watchdog".into())
                .stack_size(64 << 10)
                .spawn_scoped(scope, || watchdog.watch(limits, target))?;
            let result = body();
            watchdog.lock().finished = true;
            watchdog.wake.notify_all();
            // A panic in the watchdog is a bug; the run's own result still stands.
            let _ = watcher.join();
            Ok((result, watchdog.lock().fired))
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sleeps up to `timeout`; true if the run finished meanwhile.
    fn sleep(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .wake
            .wait_timeout_while(state, timeout, |s| !s.finished)
            .unwrap_or_else(|e| e.into_inner());
        state.finished
    }

    fn watch(&self, limits: TimeLimits, target: Target) {
        let started = Instant::now();
        let cpu_start = cpu_time(target.cpu_clock);
        let wall = limits.wall_ms.map(|ms| Duration::from_millis(ms.into()));
        let cpu = limits.cpu_ms.map(|ms| Duration::from_millis(ms.into()));
        let limit = loop {
            let elapsed = started.elapsed();
            let used = cpu_time(target.cpu_clock).saturating_sub(cpu_start);
            if let (Some(ms), Some(wall)) = (limits.wall_ms, wall) {
                if elapsed >= wall {
                    break Limit::Wall(ms);
                }
            }
            if let (Some(ms), Some(cpu)) = (limits.cpu_ms, cpu) {
                if used >= cpu {
                    break Limit::Cpu(ms);
                }
            }
            let wall_left = wall.map(|w| w - elapsed);
            let cpu_left = cpu.map(|c| (c - used).max(MIN_CHECK));
            let nap = match (wall_left, cpu_left) {
                (Some(w), Some(c)) => w.min(c),
                (Some(w), None) => w,
                (None, Some(c)) => c,
                (None, None) => return,
            };
            if self.sleep(nap) {
                return;
            }
        };
        self.lock().fired = Some(limit);
        let reached = Instant::now();
        if let Some(control) = target.control {
            while reached.elapsed() < GRACE {
                control.interrupt();
                if self.sleep(INTERRUPT_INTERVAL) {
                    trace::record(STOPPED_AT_POLL, reached.elapsed());
                    return;
                }
            }
        }
        target.terminator.terminate();
        target.terminator.arm_preemption();
        loop {
            // SAFETY: the wasm thread is alive: it joins this thread before it ends.
            unsafe { libc::pthread_kill(target.thread, PREEMPT_SIGNAL) };
            if self.sleep(PREEMPT_INTERVAL) {
                trace::record(STOPPED_BY_TERMINATION, reached.elapsed());
                return;
            }
        }
    }
}

/// The calling thread's handle and CPU clock.
pub(crate) fn this_thread() -> Option<(libc::pthread_t, libc::clockid_t)> {
    // SAFETY: pthread_self is always valid; the clock id is written on success.
    unsafe {
        let thread = libc::pthread_self();
        let mut clock: libc::clockid_t = 0;
        (libc::pthread_getcpuclockid(thread, &mut clock) == 0).then_some((thread, clock))
    }
}

fn cpu_time(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; the clock belongs to a live thread.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
