//! Wall-time and CPU-time limits: the main thread, which only waits for the wasm thread, sleeps
//! until a limit could have been reached, checks, and when one is, stops the run in three steps,
//! each one only if the run is still going:
//!
//! 1. it raises the guest's interrupt flag ([`HostControl::interrupt`]), every
//!    [`INTERRUPT_INTERVAL`], until the wasm thread has had [`GRACE`] of CPU time: QuickJS polls
//!    it (interpreter, frozen loops, regex matching; the host zeroes its countdown so the next
//!    call or back edge polls), so JS stops with an uncatchable error and the module exits after
//!    flushing its output — no host call, nothing on the fast path;
//! 2. then it terminates the instance (WAMR's exception, seen by the interpreter on its next
//!    branch or call; WAMR also wakes a blocking WASI call) and arms preemption;
//! 3. then, every [`PREEMPT_INTERVAL`], it signals the wasm thread: inside AOT code the signal
//!    leaves it through WAMR's trap path (a native path, a loop with no call in it);
//! 4. an app still running [`LAST_RESORT`] later is abandoned: edgebox reports the limit and
//!    exits without it.
//!
//! A run that ends after its limit was reached is reported as stopped by it, however it ended.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::control::HostControl;
use crate::trace;
use crate::wamr::{Terminator, PREEMPT_SIGNAL};

/// Trace phase: from the limit to the end of a run that stopped at the guest's own poll.
const STOPPED_AT_POLL: &str = "limit: stopped at JS poll";
/// Trace phase: from the limit to the end of a run that was terminated / preempted.
const STOPPED_BY_TERMINATION: &str = "limit: stopped by terminate";
/// Trace phase: from the limit to the moment a run that could not be stopped was abandoned.
const ABANDONED: &str = "limit: abandoned";

/// How much CPU time the wasm thread gets to stop at its own poll before the instance is
/// terminated, and the most wall time that may take.
const GRACE: Duration = Duration::from_millis(10);
const GRACE_WALL: Duration = Duration::from_millis(100);
/// How long after its termination an app that still runs is abandoned (see [`Watched`]).
const LAST_RESORT: Duration = Duration::from_millis(200);
/// How often the interrupt is raised again during the grace period.
const INTERRUPT_INTERVAL: Duration = Duration::from_millis(1);
/// How often the wasm thread is signalled once the instance is terminated.
const PREEMPT_INTERVAL: Duration = Duration::from_millis(5);
/// The shortest sleep between checks of the CPU clock (CPU time cannot run ahead of wall time on
/// one thread, so the watchdog sleeps the CPU time left, but at least this long).
const MIN_CHECK: Duration = Duration::from_millis(1);

/// A limit that ended a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `runtime.timeout_ms`.
    Wall(u32),
    /// `runtime.cpu_ms`.
    Cpu(u32),
    /// `runtime.max_instructions`.
    Instructions(u32),
}

impl Limit {
    /// The policy field that set it.
    pub fn field(&self) -> &'static str {
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
    /// Whether there is a time limit to watch.
    pub(crate) fn any(&self) -> bool {
        self.wall_ms.is_some() || self.cpu_ms.is_some()
    }
}

/// What the watchdog acts on; everything in it stays valid until the wasm thread calls
/// [`Watchdog::finish`], and the watchdog acts on it only under its lock, before that.
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

#[derive(Default)]
struct State {
    /// Set by the wasm thread when the app starts.
    target: Option<Target>,
    /// Set by the wasm thread when the app has ended (or will not start).
    finished: bool,
    fired: Option<Limit>,
}

/// Shared by the wasm thread, which runs the app, and the main thread, which has nothing else
/// to do while it waits for it and so watches it: no thread is created for the watchdog.
#[derive(Default)]
pub(crate) struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
}

impl Watchdog {
    /// The app starts now (wasm thread).
    pub(crate) fn start(&self, target: Target) {
        self.lock().target = Some(target);
        self.wake.notify_all();
    }

    /// The app has ended, or will not start (wasm thread, before it lets go of what the target
    /// names); returns the limit that stopped it, if one did.
    pub(crate) fn finish(&self) -> Option<Limit> {
        let mut state = self.lock();
        state.finished = true;
        state.target = None;
        self.wake.notify_all();
        state.fired
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Watches the app under `limits` until it finishes (main thread). Returns
    /// [`Watched::Abandoned`] when the app could not be stopped at all (see [`LAST_RESORT`]).
    pub(crate) fn watch(&self, limits: TimeLimits) -> Watched {
        if !limits.any() {
            return Watched::Finished;
        }
        let (cpu_clock, has_control, cpu_start) = {
            let state = self.lock();
            let state = self
                .wake
                .wait_while(state, |s| s.target.is_none() && !s.finished)
                .unwrap_or_else(|e| e.into_inner());
            match &state.target {
                // Under the lock: the clock belongs to the wasm thread, alive until `finish`.
                Some(t) if !state.finished => {
                    (t.cpu_clock, t.control.is_some(), cpu_time(t.cpu_clock))
                }
                _ => return Watched::Finished,
            }
        };
        let started = Instant::now();
        let limit = loop {
            let mut used = Duration::ZERO;
            if !self.act(|_| used = cpu_time(cpu_clock).saturating_sub(cpu_start)) {
                return Watched::Finished;
            }
            match check(limits, started.elapsed(), used) {
                Check::Reached(limit) => break limit,
                Check::Within(nap) => {
                    if self.sleep(nap) {
                        return Watched::Finished;
                    }
                }
            }
        };
        self.lock().fired = Some(limit);
        stop(self, has_control, limit)
    }
}

impl Stoppable for Watchdog {
    fn sleep(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .wake
            .wait_timeout_while(state, timeout, |s| !s.finished)
            .unwrap_or_else(|e| e.into_inner());
        state.finished
    }

    // Under the lock, unless the app has finished (then the thread and the instance the
    // target names may be gone).
    fn act(&self, f: impl FnOnce(&Target)) -> bool {
        let state = self.lock();
        match (&state.target, state.finished) {
            (Some(target), false) => {
                f(target);
                true
            }
            _ => false,
        }
    }
}

/// A run that a watching thread can act on while it lasts.
trait Stoppable {
    /// Runs `f` on the run's target unless the run is over; false if it is.
    fn act(&self, f: impl FnOnce(&Target)) -> bool;
    /// Sleeps up to `timeout`; true if the run ended meanwhile.
    fn sleep(&self, timeout: Duration) -> bool;
}

/// Where a run stands against its limits.
enum Check {
    /// This limit is reached.
    Reached(Limit),
    /// None is; the soonest one could be, from now.
    Within(Duration),
}

/// Checks a run that has taken `elapsed` of wall time and `used` of CPU time.
fn check(limits: TimeLimits, elapsed: Duration, used: Duration) -> Check {
    let wall = limits
        .wall_ms
        .map(|ms| (ms, Duration::from_millis(ms.into())));
    let cpu = limits
        .cpu_ms
        .map(|ms| (ms, Duration::from_millis(ms.into())));
    if let Some((ms, wall)) = wall {
        if elapsed >= wall {
            return Check::Reached(Limit::Wall(ms));
        }
    }
    if let Some((ms, cpu)) = cpu {
        if used >= cpu {
            return Check::Reached(Limit::Cpu(ms));
        }
    }
    let wall_left = wall.map(|(_, w)| w - elapsed);
    let cpu_left = cpu.map(|(_, c)| (c - used).max(MIN_CHECK));
    Check::Within(match (wall_left, cpu_left) {
        (Some(w), Some(c)) => w.min(c),
        (Some(w), None) => w,
        (None, Some(c)) => c,
        (None, None) => Duration::MAX,
    })
}

/// Stops a run that reached `limit` (the steps in the module's doc), unless it ends first.
fn stop(run: &impl Stoppable, has_control: bool, limit: Limit) -> Watched {
    let reached = Instant::now();
    if has_control {
        // The grace is the wasm thread's CPU time, so that a thread the machine does not
        // schedule still gets its chance to reach a poll (bounded in wall time).
        let mut grace_start = Duration::ZERO;
        run.act(|t| grace_start = cpu_time(t.cpu_clock));
        loop {
            let mut ran = Duration::ZERO;
            let raised = run.act(|t| {
                if let Some(control) = t.control {
                    control.interrupt();
                }
                ran = cpu_time(t.cpu_clock).saturating_sub(grace_start);
            });
            if !raised || run.sleep(INTERRUPT_INTERVAL) {
                trace::record(STOPPED_AT_POLL, reached.elapsed());
                return Watched::Finished;
            }
            if ran >= GRACE || reached.elapsed() >= GRACE_WALL {
                break;
            }
        }
    }
    // WAMR's terminate may wait (50 ms steps) for a blocking WASI call to wake up; the wasm
    // thread needs none of the watchdog's lock to leave it.
    if !run.act(|t| {
        t.terminator.terminate();
        t.terminator.arm_preemption();
    }) {
        trace::record(STOPPED_AT_POLL, reached.elapsed());
        return Watched::Finished;
    }
    let terminated = Instant::now();
    loop {
        // SAFETY: `act` runs this only while the wasm thread runs the app.
        let signalled = run.act(|t| unsafe {
            libc::pthread_kill(t.thread, PREEMPT_SIGNAL);
        });
        if !signalled || run.sleep(PREEMPT_INTERVAL) {
            trace::record(STOPPED_BY_TERMINATION, reached.elapsed());
            return Watched::Finished;
        }
        if terminated.elapsed() >= LAST_RESORT {
            trace::record(ABANDONED, reached.elapsed());
            return Watched::Abandoned(limit);
        }
    }
}

/// Watches the runs of one wasm thread, one after another (edgeboxd's requests on a worker),
/// from a thread of its own that a run neither wakes when it starts nor when it ends: the
/// watching thread sleeps until the current run could have reached a limit, and looks again.
/// A run that starts while it sleeps cannot reach its limit before it wakes, as every run has
/// the same limits. Only a run being stopped is woken for.
pub(crate) struct Sentry {
    limits: TimeLimits,
    state: Mutex<SentryState>,
    wake: Condvar,
}

#[derive(Default)]
struct SentryState {
    /// Counts the runs begun: tells a run from the next.
    run: u64,
    current: Option<Run>,
    fired: Option<Limit>,
    /// A run is being stopped: its end wakes the watching thread.
    stopping: bool,
    /// The worker is going away: the watching thread returns.
    closed: bool,
}

struct Run {
    target: Target,
    started: Instant,
    cpu_start: Duration,
}

impl Sentry {
    pub(crate) fn new(limits: TimeLimits) -> Sentry {
        Sentry {
            limits,
            state: Mutex::default(),
            wake: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SentryState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A run starts on `target` (wasm thread).
    pub(crate) fn begin(&self, target: Target) {
        let cpu_start = match self.limits.cpu_ms {
            Some(_) => cpu_time(target.cpu_clock),
            None => Duration::ZERO,
        };
        let mut state = self.lock();
        state.run += 1;
        state.fired = None;
        state.current = Some(Run {
            target,
            started: Instant::now(),
            cpu_start,
        });
    }

    /// The run has ended (wasm thread, before it lets go of what the target names); returns
    /// the limit that stopped it, if one did.
    pub(crate) fn end(&self) -> Option<Limit> {
        let mut state = self.lock();
        state.current = None;
        if state.stopping {
            self.wake.notify_all();
        }
        state.fired.take()
    }

    /// No run will begin again: the watching thread returns.
    pub(crate) fn close(&self) {
        let mut state = self.lock();
        state.current = None;
        state.closed = true;
        self.wake.notify_all();
    }

    /// Watches runs until [`Sentry::close`] (the watching thread); returns
    /// [`Watched::Abandoned`] when a run could not be stopped.
    pub(crate) fn watch(&self) -> Watched {
        let mut state = self.lock();
        loop {
            if state.closed {
                return Watched::Finished;
            }
            let nap = match &state.current {
                None => match check(self.limits, Duration::ZERO, Duration::ZERO) {
                    Check::Within(nap) => nap,
                    Check::Reached(_) => Duration::ZERO,
                },
                Some(run) => {
                    let used = match self.limits.cpu_ms {
                        Some(_) => cpu_time(run.target.cpu_clock).saturating_sub(run.cpu_start),
                        None => Duration::ZERO,
                    };
                    match check(self.limits, run.started.elapsed(), used) {
                        Check::Within(nap) => nap,
                        Check::Reached(limit) => {
                            let has_control = run.target.control.is_some();
                            let watched = SentryRun {
                                sentry: self,
                                run: state.run,
                            };
                            state.fired = Some(limit);
                            state.stopping = true;
                            drop(state);
                            let result = stop(&watched, has_control, limit);
                            state = self.lock();
                            state.stopping = false;
                            if let Watched::Abandoned(_) = result {
                                return result;
                            }
                            continue;
                        }
                    }
                }
            };
            state = self
                .wake
                .wait_timeout(state, nap)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// One run of a [`Sentry`], as the steps that stop it see it.
struct SentryRun<'s> {
    sentry: &'s Sentry,
    run: u64,
}

impl SentryRun<'_> {
    fn lasts(&self, state: &SentryState) -> bool {
        state.run == self.run && state.current.is_some() && !state.closed
    }
}

impl Stoppable for SentryRun<'_> {
    fn act(&self, f: impl FnOnce(&Target)) -> bool {
        let state = self.sentry.lock();
        match &state.current {
            Some(run) if self.lasts(&state) => {
                f(&run.target);
                true
            }
            _ => false,
        }
    }

    fn sleep(&self, timeout: Duration) -> bool {
        let state = self.sentry.lock();
        let (state, _) = self
            .sentry
            .wake
            .wait_timeout_while(state, timeout, |s| self.lasts(s))
            .unwrap_or_else(|e| e.into_inner());
        !self.lasts(&state)
    }
}

/// How watching ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Watched {
    /// The app finished (by itself or stopped); its thread can be joined.
    Finished,
    /// The app was not stopped within [`LAST_RESORT`] of its termination (its thread would have
    /// to spend its time in host code that neither returns nor wakes up; no such case is known,
    /// this is the guarantee that edgebox never hangs): edgebox ends the process without
    /// joining it.
    Abandoned(Limit),
}

/// Marks the app finished when dropped: every way out of the wasm thread's run lets the
/// watchdog go.
pub(crate) struct FinishOnDrop<'w>(pub(crate) &'w Watchdog);

impl Drop for FinishOnDrop<'_> {
    fn drop(&mut self) {
        self.0.finish();
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
