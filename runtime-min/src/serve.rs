//! edgeboxd's instances: the app started once into an image, and workers that serve each
//! request on an instance in exactly that state.
//!
//! [`build_image`] instantiates the app, runs its start (`edgebox_serve_init`: the engine, the
//! app's entry, its event loop until nothing is pending) and copies its linear memory into a
//! memfd. A worker ([`run_worker`]) keeps instances whose memory is that image mapped
//! copy-on-write (`MAP_PRIVATE`); after each request it copies the image back into the pages
//! the instance has written ([`Restorer`]), shrinks memory back to the image's size and closes
//! the files the request opened, so nothing of one request reaches the next.
//! An instance that cannot be reset exactly (a request that changed the fds it started with)
//! is dropped, and a fresh one made from the image. Every request runs under the watchdog of
//! `edgebox` (`daemon.exec_timeout_ms`, `runtime.cpu_ms`).

use std::ffi::{c_int, CStr};
use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use edgebox_policy::Policy;

use crate::cli::RunArgs;
use crate::control::HostControl;
use crate::host_abi::{self, serve};
use crate::run::{self, Prepared, RunError, NATIVE_STACK_SIZE};
use crate::wamr::{CallEnd, Instance, InstanceConfig, Module, Runtime};
use crate::watchdog::{self, FinishOnDrop, Limit, Sentry, Target, TimeLimits, Watchdog, Watched};
use crate::Exchange;
use crate::Progress;

/// The guest's start of a serving instance and its per-request entry (glue.c).
const INIT_EXPORT: &CStr = c"edgebox_serve_init";
const HANDLE_EXPORT: &CStr = c"edgebox_serve_handle";
/// `EDGEBOX_SERVE_NO_HANDLER` (edgebox_host_abi.h).
const NO_HANDLER: i32 = 240;

/// The native stack a worker thread needs (as edgebox's wasm thread).
pub const WORKER_STACK_SIZE: usize = NATIVE_STACK_SIZE;

/// Why the daemon cannot serve the app.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The policy or the artifact is unusable (as for edgebox).
    #[error(transparent)]
    Run(#[from] RunError),
    /// The app cannot be served (no handler, a failed start, a policy edgeboxd cannot apply).
    #[error("{}: {message}", path.display())]
    App {
        /// The artifact.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// The host failed.
    #[error("{0}")]
    Host(String),
}

/// An app checked for serving: its policy and what its instances are made with.
pub struct App {
    artifact: PathBuf,
    policy: Policy,
    config: InstanceConfig,
    env: Vec<(String, String)>,
    guest_cwd: PathBuf,
}

impl App {
    /// Reads the policy of `artifact` (or `config`) and checks the artifact, as edgebox does.
    pub fn load(artifact: &Path, config: Option<&Path>) -> Result<App, ServeError> {
        let args = RunArgs {
            artifact: artifact.to_path_buf(),
            config: config.map(Path::to_path_buf),
            args: Vec::new(),
        };
        let Prepared {
            policy,
            config,
            env,
            guest_cwd,
            ..
        } = run::prepare(&args)?;
        if policy.limits.heap_size != 0 {
            return Err(ServeError::App {
                path: artifact.to_path_buf(),
                message: "`runtime.heap_size` must be 0 under edgeboxd: WAMR's app heap lives \
                          outside the memory image an instance is reset to"
                    .into(),
            });
        }
        Ok(App {
            artifact: artifact.to_path_buf(),
            policy,
            config,
            env,
            guest_cwd,
        })
    }

    /// The app's policy (its `daemon` section configures edgeboxd).
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn error(&self, message: impl Into<String>) -> ServeError {
        ServeError::App {
            path: self.artifact.clone(),
            message: message.into(),
        }
    }

    /// Loads the module on this thread (each thread that runs wasm has its own runtime).
    fn load_module<'r>(&self, runtime: &'r Runtime) -> Result<Module<'r>, ServeError> {
        let bytes =
            run::map(&self.artifact).map_err(|e| self.error(format!("cannot read: {e}")))?;
        let module = runtime
            .load(bytes)
            .map_err(|e| self.error(format!("cannot load: {e}")))?;
        if let Some(name) = module.unlinked_host_import() {
            return Err(self.error(format!(
                "imports edgebox.{name}, which this edgeboxd does not provide: rebuild it with \
                 the edgeboxc of this edgeboxd"
            )));
        }
        module.track_preemption();
        Ok(module)
    }

    fn time_limits(&self, exec_timeout_ms: Option<u32>) -> TimeLimits {
        TimeLimits {
            wall_ms: exec_timeout_ms.or(self.policy.limits.timeout_ms),
            cpu_ms: self.policy.limits.cpu_ms,
        }
    }
}

/// The app's memory once started: what every request's instance starts from.
pub struct Image {
    fd: OwnedFd,
    size: u64,
    /// The memfd mapped read-only: where the bytes of a page a request wrote come back from.
    view: memmap2::Mmap,
    /// How long the start took (instantiate, init, copy).
    pub start_time: Duration,
}

impl Image {
    /// The image's size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// The pagemap entry bits of a page (Documentation/admin-guide/mm/pagemap.rst).
const PAGE_PRESENT: u64 = 1 << 63;
const PAGE_SWAPPED: u64 = 1 << 62;
const PAGE_FILE_OR_SHARED: u64 = 1 << 61;
const PAGE_SIZE: usize = 4096;

/// Puts the image back into the pages of an instance's memory that requests wrote.
///
/// The first reset of an instance maps the image copy-on-write; a page a request writes then
/// becomes the instance's own (a private, anonymous page). Dropping such pages after every
/// request (`madvise(MADV_DONTNEED)`) made the next request fault on each of them again, each
/// fault a copy and, with the server's other threads running, a TLB shootdown of the other
/// CPUs: ~140 faults and ~0.5 ms per hello request (measured with `perf`). Instead the
/// worker keeps those pages and copies the image's bytes back into them: the pages that are
/// the instance's own are the ones `/proc/self/pagemap` does not report as file pages.
struct Restorer {
    pagemap: std::fs::File,
    entries: Vec<u64>,
}

impl Restorer {
    fn open() -> std::io::Result<Restorer> {
        Ok(Restorer {
            pagemap: std::fs::File::open("/proc/self/pagemap")?,
            entries: Vec::new(),
        })
    }

    /// Copies the image into every page of `memory` (its first `image.size` bytes) that is no
    /// longer the image's; returns how many pages it copied.
    fn restore(&mut self, memory: &mut [u8], image: &Image) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let len = memory.len().min(image.size as usize);
        let pages = len / PAGE_SIZE;
        self.entries.resize(pages, 0);
        let first = memory.as_ptr() as usize / PAGE_SIZE;
        // SAFETY: the u64 entries viewed as bytes, for the read.
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(self.entries.as_mut_ptr().cast::<u8>(), pages * 8)
        };
        self.pagemap.read_exact_at(bytes, (first * 8) as u64)?;
        let mut copied = 0;
        for (page, entry) in self.entries.iter().enumerate() {
            let in_memory = entry & (PAGE_PRESENT | PAGE_SWAPPED) != 0;
            if in_memory && entry & PAGE_FILE_OR_SHARED == 0 {
                let range = page * PAGE_SIZE..(page + 1) * PAGE_SIZE;
                memory[range.clone()].copy_from_slice(&image.view[range]);
                copied += 1;
            }
        }
        Ok(copied)
    }
}

/// Starts the app on a thread of its own, under `exec_timeout_ms` (else the policy's time
/// limits), and keeps its memory as the image.
pub fn build_image(app: &Arc<App>, exec_timeout_ms: Option<u32>) -> Result<Image, ServeError> {
    let limits = app.time_limits(exec_timeout_ms);
    let watchdog = Arc::new(Watchdog::default());
    let (watched, thread_app) = (Arc::clone(&watchdog), Arc::clone(app));
    let thread = std::thread::Builder::new()
        .name("edgeboxd-image".into())
        .stack_size(NATIVE_STACK_SIZE)
        .spawn(move || {
            let _finish = FinishOnDrop(&watched);
            image_on_this_thread(&thread_app, &watched, limits)
        })
        .map_err(|e| ServeError::Host(format!("cannot start a thread: {e}")))?;
    if let Watched::Abandoned(limit) = watchdog.watch(limits) {
        return Err(app.error(format!("did not finish starting within its {limit}")));
    }
    thread
        .join()
        .map_err(|_| ServeError::Host("the image thread panicked".into()))?
}

fn image_on_this_thread(
    app: &App,
    watchdog: &Watchdog,
    limits: TimeLimits,
) -> Result<Image, ServeError> {
    let started = Instant::now();
    let runtime =
        Runtime::init().ok_or_else(|| ServeError::Host("cannot initialize WAMR".into()))?;
    let module = app.load_module(&runtime)?;
    let instance = module
        .instantiate(&app.config)
        .map_err(|e| app.error(format!("cannot instantiate: {e}")))?;
    let control = HostControl::of(&instance).map_err(|e| app.error(e.to_string()))?;
    if let (Some(bytes), Some(control)) = (app.policy.limits.max_heap_bytes, control) {
        control.set_max_heap_bytes(bytes);
    }
    let exec_env = instance
        .exec_env(app.config.stack_size)
        .ok_or_else(|| ServeError::Host("cannot create an execution environment".into()))?;
    let first_free = instance.fd_rights().len() as u32;
    host_abi::install(&app.policy, app.env.clone(), app.guest_cwd.clone(), true);
    let target = target(&instance, control)?;
    if limits.any() {
        watchdog.start(target);
    }
    let end = exec_env.call_export(INIT_EXPORT);
    let limit = watchdog.finish();
    host_abi::reset();
    if let Some(limit) = limit {
        return Err(app.error(format!(
            "did not finish starting within its {limit} ({}): an app that serves must not keep \
             its event loop busy at the top level",
            limit_field(limit)
        )));
    }
    match end {
        CallEnd::Returned(0) => {}
        CallEnd::Returned(NO_HANDLER) => {
            return Err(app.error(
                "exports no fetch handler: its entry module must `export default { async \
                 fetch(request) { return new Response(\"...\") } }`",
            ))
        }
        CallEnd::Returned(code) => {
            return Err(app.error(format!(
                "failed while starting (exit code {code}; its error is above)"
            )))
        }
        CallEnd::Exited(code) => {
            return Err(app.error(format!(
                "exited while starting (exit code {code}): an app that serves must not call \
                 process.exit at the top level"
            )))
        }
        CallEnd::Trapped(message) => {
            return Err(app.error(format!("trapped while starting: {message}")))
        }
        CallEnd::Missing => {
            return Err(app.error(
                "has no `edgebox_serve_init` export: it was built by an edgeboxc without \
                 edgeboxd support; rebuild it",
            ))
        }
    }
    instance.close_fds_from(&exec_env, first_free);
    let (base, probe) = instance
        .memory()
        .ok_or_else(|| app.error("has no linear memory"))?;
    let size = probe.size();
    // SAFETY: linear memory is `size` bytes from `base`, and nothing runs in it now.
    let memory = unsafe { std::slice::from_raw_parts(base.as_ptr(), size as usize) };
    let keep_error = |e: std::io::Error| ServeError::Host(format!("cannot keep the image: {e}"));
    let fd = memfd(memory).map_err(keep_error)?;
    // SAFETY: the memfd is sealed (see memfd()): nothing writes, grows or shrinks it again.
    let view = unsafe { memmap2::Mmap::map(&fd) }.map_err(keep_error)?;
    Ok(Image {
        fd,
        size,
        view,
        start_time: started.elapsed(),
    })
}

fn limit_field(limit: Limit) -> &'static str {
    match limit {
        Limit::Wall(_) => "daemon.exec_timeout_ms or runtime.timeout_ms",
        other => other.field(),
    }
}

/// A memfd holding `bytes`, sealed: nothing can write, grow or shrink it any more.
fn memfd(bytes: &[u8]) -> std::io::Result<OwnedFd> {
    let flags = libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING;
    // SAFETY: a plain syscall with a NUL-terminated name; the fd is owned from here on.
    let fd = unsafe { libc::memfd_create(c"edgeboxd-image".as_ptr(), flags) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` was just created and is owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes)?;
    let seals = libc::F_SEAL_WRITE | libc::F_SEAL_GROW | libc::F_SEAL_SHRINK | libc::F_SEAL_SEAL;
    // SAFETY: fcntl on an fd we own, not mapped shared and writable anywhere.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(OwnedFd::from(file))
}

fn target(instance: &Instance<'_>, control: Option<HostControl>) -> Result<Target, ServeError> {
    let (thread, cpu_clock) = watchdog::this_thread()
        .ok_or_else(|| ServeError::Host("cannot read the thread's CPU clock".into()))?;
    Ok(Target {
        control,
        terminator: instance.terminator(),
        thread,
        cpu_clock,
    })
}

/// How a request's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The handler ran to its end (it may still have sent no response: see [`Progress`]).
    Answered,
    /// An exception escaped the handler (the guest reported it on stderr).
    Failed,
    /// The app called process.exit(code).
    Exited(u32),
    /// The instance trapped (WAMR's message: out of bounds, unreachable, stack overflow...).
    Trapped(String),
    /// A time limit stopped it.
    Limited(Limit),
}

/// What a worker reports of one request.
pub struct Served {
    /// How the run ended.
    pub end: End,
    /// How far the response got.
    pub progress: Progress,
    /// Whether a ready instance was waiting (false: one had to be made for it).
    pub pooled: bool,
}

/// Where a worker takes its requests from and reports how its instances fare.
pub trait Jobs: Sync {
    /// The next request; None when the worker should stop.
    fn next(&self) -> Option<Box<dyn Exchange>>;
    /// An instance was reset after a request (`copied`: how many pages of the image it copied
    /// back), or dropped because it could not be (None).
    fn recycled(&self, took: Duration, copied: Option<usize>);
    /// A fresh instance was made from the image.
    fn created(&self, took: Duration);
    /// The instance pool of this worker now holds `ready` instances.
    fn pool(&self, worker: usize, ready: usize);
}

/// An instance in the image's state.
struct Slot<'m> {
    instance: Instance<'m>,
    control: Option<HostControl>,
    /// The WASI fds it starts with and their rights: a request must leave them so.
    fds: Vec<Option<(u64, u64)>>,
}

impl<'m> Slot<'m> {
    fn new(app: &App, module: &'m Module<'_>, image: &Image) -> Result<Slot<'m>, ServeError> {
        let instance = module
            .instantiate(&app.config)
            .map_err(|e| app.error(format!("cannot instantiate: {e}")))?;
        if !instance.reset_memory(image.fd.as_raw_fd() as c_int, image.size, false) {
            return Err(ServeError::Host(format!(
                "cannot map the memory image: {}",
                std::io::Error::last_os_error()
            )));
        }
        let control = HostControl::of(&instance).map_err(|e| app.error(e.to_string()))?;
        let fds = instance.fd_rights();
        Ok(Slot {
            instance,
            control,
            fds,
        })
    }

    /// Closes what the request opened and resets memory; how many pages it copied back, or
    /// None if the instance must go.
    fn recycle(
        &self,
        exec_env: &crate::wamr::ExecEnv<'_>,
        image: &Image,
        restorer: &mut Restorer,
    ) -> Option<usize> {
        self.instance
            .close_fds_from(exec_env, self.fds.len() as u32);
        let fds = self.instance.fd_rights();
        let (kept, rest) = fds.split_at(self.fds.len().min(fds.len()));
        if kept != self.fds.as_slice() || rest.iter().any(Option::is_some) {
            return None;
        }
        let (base, probe) = self.instance.memory()?;
        // SAFETY: linear memory is `probe.size()` bytes from `base` and nothing runs in it.
        let memory =
            unsafe { std::slice::from_raw_parts_mut(base.as_ptr(), probe.size() as usize) };
        let copied = restorer.restore(memory, image).ok()?;
        self.instance
            .reset_memory(image.fd.as_raw_fd() as c_int, image.size, true)
            .then_some(copied)
    }
}

/// Serves requests from `jobs` until it says stop, keeping `pool` instances ready, each
/// request under `exec_timeout_ms` (else the policy's time limits). Call on a thread with
/// [`WORKER_STACK_SIZE`] of stack.
pub fn run_worker(
    app: &App,
    image: &Image,
    worker: usize,
    pool: usize,
    exec_timeout_ms: Option<u32>,
    jobs: &dyn Jobs,
) -> Result<(), ServeError> {
    let runtime =
        Runtime::init().ok_or_else(|| ServeError::Host("cannot initialize WAMR".into()))?;
    let module = app.load_module(&runtime)?;
    host_abi::install(&app.policy, app.env.clone(), app.guest_cwd.clone(), false);
    let limits = app.time_limits(exec_timeout_ms);
    let watcher = Watcher::spawn(limits)?;
    let mut restorer = Restorer::open()
        .map_err(|e| ServeError::Host(format!("cannot read /proc/self/pagemap: {e}")))?;
    let make = || -> Result<Slot<'_>, ServeError> {
        let started = Instant::now();
        let slot = Slot::new(app, &module, image)?;
        jobs.created(started.elapsed());
        Ok(slot)
    };
    let mut ready = Vec::with_capacity(pool);
    while ready.len() < pool {
        ready.push(make()?);
    }
    jobs.pool(worker, ready.len());
    while let Some(exchange) = jobs.next() {
        let (slot, pooled) = match ready.pop() {
            Some(slot) => (slot, true),
            None => (make()?, false),
        };
        jobs.pool(worker, ready.len());
        let exec_env = slot
            .instance
            .kept_exec_env()
            .ok_or_else(|| ServeError::Host("cannot create an execution environment".into()))?;
        serve::begin(exchange);
        watcher.begin(target(&slot.instance, slot.control)?);
        let end = exec_env.call_export(HANDLE_EXPORT);
        let limit = watcher.end();
        host_abi::reset();
        let (exchange, progress) = serve::finish().expect("begun above");
        let end = match (limit, end) {
            (Some(limit), _) => End::Limited(limit),
            (None, CallEnd::Returned(0)) => End::Answered,
            (None, CallEnd::Returned(_)) => End::Failed,
            (None, CallEnd::Exited(code)) => End::Exited(code),
            (None, CallEnd::Trapped(message)) => End::Trapped(message),
            (None, CallEnd::Missing) => End::Trapped("no edgebox_serve_handle export".into()),
        };
        exchange.finish(Served {
            end,
            progress,
            pooled,
        });
        let started = Instant::now();
        let copied = slot.recycle(&exec_env, image, &mut restorer);
        drop(exec_env);
        jobs.recycled(started.elapsed(), copied);
        if copied.is_some() {
            ready.push(slot);
        }
        // The pool is filled again between requests, not while one waits.
        while ready.len() < pool {
            ready.push(make()?);
        }
        jobs.pool(worker, ready.len());
    }
    Ok(())
}

/// The thread that watches a worker's requests under the time limits (as edgebox's main
/// thread watches its run), without a hand-off per request (see [`Sentry`]).
struct Watcher {
    sentry: Option<Arc<Sentry>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watcher {
    fn spawn(limits: TimeLimits) -> Result<Watcher, ServeError> {
        if !limits.any() {
            return Ok(Watcher {
                sentry: None,
                thread: None,
            });
        }
        let sentry = Arc::new(Sentry::new(limits));
        let watched = Arc::clone(&sentry);
        let thread = std::thread::Builder::new()
            .name("edgeboxd-watch".into())
            .spawn(move || {
                if let Watched::Abandoned(limit) = watched.watch() {
                    eprintln!(
                        "edgeboxd: a request could not be stopped at its {limit}; its worker is \
                         lost"
                    );
                }
            })
            .map_err(|e| ServeError::Host(format!("cannot start a thread: {e}")))?;
        Ok(Watcher {
            sentry: Some(sentry),
            thread: Some(thread),
        })
    }

    /// A request starts on `target` (when there are limits).
    fn begin(&self, target: Target) {
        if let Some(sentry) = &self.sentry {
            sentry.begin(target);
        }
    }

    /// The request has ended; the limit that stopped it, if one did.
    fn end(&self) -> Option<Limit> {
        self.sentry.as_ref().and_then(|sentry| sentry.end())
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some(sentry) = self.sentry.take() {
            sentry.close();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
