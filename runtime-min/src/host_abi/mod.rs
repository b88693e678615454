//! The `edgebox` import module beyond `stack_low` (which host.c provides): the host ABI of
//! compiler/guest/c/edgebox_host_abi.h — errors, child processes, HTTP requests and waiting. Each function
//! checks the guest's buffers, takes the run's [`Host`] and answers with a count or a negative
//! WASI errno; the message of a failure waits in [`last_error`].
//!
//! The state of a run belongs to the thread that runs the wasm (edgebox has one, edgeboxd one
//! per worker): [`install`] sets it up on that thread, before the module runs.

mod children;
mod commands;
mod net;
mod sandbox;
pub(crate) mod serve;
mod shell;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, c_void};
use std::sync::Mutex;
use std::thread::ThreadId;

use edgebox_policy::{Dir, Policy};

use children::{Children, Confinement, PollSet};
use commands::{CommandPolicy, Request, Stdio};
use net::{Chunk, Net};

/// The WASI errnos of the ABI (wasi/api.h numbering; returned negated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Errno {
    Acces = 2,
    Again = 6,
    Badf = 8,
    Inval = 28,
    Io = 29,
    Noent = 44,
    Nosys = 52,
    Pipe = 64,
    Srch = 71,
}

/// A request refused: the errno the guest gets and the message naming the rule.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) errno: Errno,
    pub(crate) message: String,
}

impl Errno {
    fn from_io(e: &std::io::Error) -> Errno {
        match e.raw_os_error() {
            Some(libc::EAGAIN) => Errno::Again,
            Some(libc::EACCES) | Some(libc::EPERM) => Errno::Acces,
            Some(libc::ENOENT) | Some(libc::ENOTDIR) => Errno::Noent,
            Some(libc::EPIPE) => Errno::Pipe,
            Some(libc::ESRCH) => Errno::Srch,
            Some(libc::EBADF) => Errno::Badf,
            _ => Errno::Io,
        }
    }

    fn negated(self) -> i32 {
        -(self as i32)
    }
}

/// What the host functions of one run work with.
struct Host {
    rules: CommandPolicy,
    dirs: Vec<Dir>,
    confinement: Confinement,
    children: Children,
    /// None when the eventfd the request threads wake the guest with could not be made.
    net: Option<Net>,
}

/// The host state of each thread that runs wasm (kept where every thread reaches it, so that
/// [`shutdown_all`] can end the children of a thread that cannot be stopped).
static HOSTS: Mutex<Option<HashMap<ThreadId, Host>>> = Mutex::new(None);

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets up the host functions for runs on this thread under `policy`; `env` holds the values
/// of the policy's variables (what the guest sees), `guest_cwd` the guest's current directory.
/// Says on stderr when commands will run unconfined (with `warn`).
pub(crate) fn install(
    policy: &Policy,
    env: Vec<(String, String)>,
    guest_cwd: std::path::PathBuf,
    warn: bool,
) {
    let path = commands::split_path(std::env::var_os("PATH"));
    let confinement = if !policy.os_sandbox {
        if warn && !policy.commands.is_empty() {
            eprintln!(
                "edgebox: warning: the policy sets \"osSandbox\": false: the commands it allows \
                 run without bubblewrap, with all of this user's access to the machine"
            );
        }
        Confinement::None
    } else {
        match sandbox::find_bwrap(&path) {
            Some(bwrap) => Confinement::Bubblewrap(bwrap),
            None => Confinement::Missing,
        }
    };
    let host = Host {
        rules: CommandPolicy {
            commands: policy.commands.clone(),
            dirs: policy.dirs.clone(),
            env,
            path,
            guest_cwd,
        },
        dirs: policy.dirs.clone(),
        confinement,
        children: Children::default(),
        net: Net::new(policy.network.clone()).ok(),
    };
    hosts()
        .get_or_insert_with(HashMap::new)
        .insert(std::thread::current().id(), host);
}

fn hosts() -> std::sync::MutexGuard<'static, Option<HashMap<ThreadId, Host>>> {
    HOSTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Ends the child processes and requests of this thread's run (call when the app is done).
pub(crate) fn shutdown() {
    with_host(|h| {
        h.children.kill_all();
        h.net = None;
    });
}

/// Ends the child processes and requests of this thread's run, and starts the next run with
/// none (edgeboxd, between requests).
pub(crate) fn reset() {
    with_host(|h| {
        h.children.release_all();
        if let Some(net) = &mut h.net {
            net.release_all();
        }
    });
}

/// Ends the child processes of every thread's run (edgebox, before it exits without a thread
/// that could not be stopped).
pub(crate) fn shutdown_all() {
    for host in hosts().iter_mut().flat_map(HashMap::values_mut) {
        host.children.kill_all();
        host.net = None;
    }
}

fn with_host<T>(f: impl FnOnce(&mut Host) -> T) -> Option<T> {
    let id = std::thread::current().id();
    hosts().as_mut().and_then(|h| h.get_mut(&id)).map(f)
}

fn fail(errno: Errno, message: impl Into<String>) -> i32 {
    LAST_ERROR.with(|m| *m.borrow_mut() = message.into());
    errno.negated()
}

fn count(result: Result<usize, Errno>) -> i32 {
    match result {
        Ok(n) => n as i32,
        Err(errno) => errno.negated(),
    }
}

/// WAMR's native symbol record (lib_export.h).
#[repr(C)]
struct NativeSymbol {
    symbol: *const c_char,
    func_ptr: *mut c_void,
    signature: *const c_char,
    attachment: *mut c_void,
}

type ExecEnv = *mut c_void;

extern "C" {
    fn wasm_runtime_register_natives(
        module: *const c_char,
        symbols: *mut NativeSymbol,
        count: u32,
    ) -> bool;
    fn wasm_runtime_get_module_inst(exec_env: ExecEnv) -> *mut c_void;
    fn wasm_runtime_validate_native_addr(inst: *mut c_void, ptr: *mut c_void, size: u64) -> bool;
}

/// Whether `size` bytes at `ptr` lie inside the caller's linear memory (WAMR's signature
/// checks a `*` without `~` only for one byte).
fn inside_memory(env: ExecEnv, ptr: *mut c_void, size: u64) -> bool {
    // SAFETY: `env` is the exec env WAMR passed to the native function.
    unsafe { wasm_runtime_validate_native_addr(wasm_runtime_get_module_inst(env), ptr, size) }
}

/// Registers the functions with WAMR (call after WAMR is initialized, before loading: each
/// thread that initializes WAMR does, since WAMR forgets them when its last user tears it down).
pub(crate) fn register() -> bool {
    macro_rules! symbol {
        ($name:literal, $f:expr, $sig:literal) => {
            NativeSymbol {
                symbol: concat!($name, "\0").as_ptr().cast(),
                func_ptr: $f as *mut c_void,
                signature: concat!($sig, "\0").as_ptr().cast(),
                attachment: std::ptr::null_mut(),
            }
        };
    }
    let symbols = vec![
        symbol!("last_error", last_error, "(*~)i"),
        symbol!("source_line", source_line, "(*~i*~)i"),
        symbol!("proc_spawn", proc_spawn, "(*~*)i"),
        symbol!("proc_read", proc_read, "(ii*~)i"),
        symbol!("proc_write", proc_write, "(i*~)i"),
        symbol!("proc_close_stdin", proc_close_stdin, "(i)i"),
        symbol!("proc_status", proc_status, "(i*)i"),
        symbol!("proc_kill", proc_kill, "(ii)i"),
        symbol!("proc_release", proc_release, "(i)i"),
        symbol!("proc_wait", proc_wait, "(ii)i"),
        symbol!("net_request", net_request, "(*~*)i"),
        symbol!("net_write", net_write, "(i*~)i"),
        symbol!("net_close_body", net_close_body, "(i)i"),
        symbol!("net_response", net_response, "(i*~)i"),
        symbol!("net_read", net_read, "(i*~)i"),
        symbol!("net_release", net_release, "(i)i"),
        symbol!("wait", wait, "(ii)i"),
        symbol!("serve_request", serve::request, "(*~)i"),
        symbol!("serve_body", serve::body, "(*~)i"),
        symbol!("serve_respond", serve::respond, "(*~)i"),
        symbol!("serve_write", serve::write, "(*~)i"),
        symbol!("serve_end", serve::end, "()i"),
    ];
    // WAMR keeps (and sorts) the array for the life of the process.
    let symbols = Box::leak(symbols.into_boxed_slice());
    // SAFETY: the names and signatures are NUL-terminated statics; the array is leaked.
    unsafe {
        wasm_runtime_register_natives(
            c"edgebox".as_ptr(),
            symbols.as_mut_ptr(),
            symbols.len() as u32,
        )
    }
}

extern "C" fn last_error(_env: ExecEnv, buf: *mut u8, len: u32) -> i32 {
    LAST_ERROR.with(|m| {
        let m = m.borrow();
        let n = m.len().min(len as usize);
        guest_bytes_mut(buf, n as u32).copy_from_slice(&m.as_bytes()[..n]);
        m.len() as i32
    })
}

/// The artifact the process runs, whose sources record [`source_line`] reads.
static ARTIFACT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
/// The sources record, read from [`ARTIFACT`] on the first [`source_line`] call.
static SOURCES: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();

/// Names the artifact whose sources [`source_line`] gives (edgebox, before the run).
pub(crate) fn set_artifact(path: &std::path::Path) {
    let _ = ARTIFACT.set(path.to_path_buf());
}

/// Copies line `line` of the app's file `file` from the artifact's own sources record (so the
/// guest gets only its own code) and returns its full length; -ENOENT when there is none. The
/// artifact is read only now: a run that never calls this pays nothing.
extern "C" fn source_line(
    _env: ExecEnv,
    file: *const u8,
    file_len: u32,
    line: u32,
    buf: *mut u8,
    len: u32,
) -> i32 {
    let sources = SOURCES.get_or_init(|| {
        let bytes = std::fs::read(ARTIFACT.get()?).ok()?;
        edgebox_aot_file::artifact_sources(&bytes)
    });
    let found = std::str::from_utf8(guest_bytes(file, file_len))
        .ok()
        .zip(sources.as_deref())
        .and_then(|(file, sources)| edgebox_aot_file::source_line(sources, file, line));
    match found {
        Some(text) => {
            let n = text.len().min(len as usize);
            guest_bytes_mut(buf, n as u32).copy_from_slice(&text.as_bytes()[..n]);
            text.len() as i32
        }
        None => Errno::Noent.negated(),
    }
}

/// The `len` guest bytes at `ptr`, which WAMR checked (its signature `*~`). With `len` 0 WAMR
/// may pass a null pointer (an offset at the end of memory), which a slice must not hold.
fn guest_bytes<'a>(ptr: *const u8, len: u32) -> &'a [u8] {
    if len == 0 || ptr.is_null() {
        return &[];
    }
    // SAFETY: WAMR checked that `len` bytes at `ptr` are linear memory.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}

/// `guest_bytes`, writable.
fn guest_bytes_mut<'a>(ptr: *mut u8, len: u32) -> &'a mut [u8] {
    if len == 0 || ptr.is_null() {
        return &mut [];
    }
    // SAFETY: WAMR checked that `len` bytes at `ptr` are linear memory.
    unsafe { std::slice::from_raw_parts_mut(ptr, len as usize) }
}

extern "C" fn proc_spawn(env: ExecEnv, request: *const u8, len: u32, handle: *mut u32) -> i32 {
    if !inside_memory(env, handle.cast(), 4) {
        return fail(
            Errno::Inval,
            "proc_spawn: the handle's address is outside memory",
        );
    }
    let text = guest_bytes(request, len);
    let request: Request = match serde_json::from_slice(text) {
        Ok(r) => r,
        Err(e) => {
            return fail(
                Errno::Inval,
                format!("proc_spawn: a malformed request: {e}"),
            )
        }
    };
    let spawned = with_host(|host| {
        let launch = host.rules.decide(&request)?;
        let stdio = request.stdio.unwrap_or([Stdio::Pipe; 3]);
        host.children
            .spawn(&launch, stdio, &host.confinement, &host.dirs)
    });
    match spawned {
        Some(Ok(h)) => {
            // SAFETY: checked above (4 bytes inside linear memory).
            unsafe { handle.write_unaligned(h) };
            0
        }
        Some(Err(refusal)) => fail(refusal.errno, refusal.message),
        None => fail(Errno::Nosys, "no command may run here"),
    }
}

extern "C" fn proc_read(_env: ExecEnv, handle: u32, stream: u32, buf: *mut u8, len: u32) -> i32 {
    let buf = guest_bytes_mut(buf, len);
    count(with_host(|h| h.children.read(handle, stream, buf)).unwrap_or(Err(Errno::Badf)))
}

extern "C" fn proc_write(_env: ExecEnv, handle: u32, buf: *const u8, len: u32) -> i32 {
    let buf = guest_bytes(buf, len);
    count(with_host(|h| h.children.write(handle, buf)).unwrap_or(Err(Errno::Badf)))
}

extern "C" fn proc_close_stdin(_env: ExecEnv, handle: u32) -> i32 {
    let r = with_host(|h| h.children.close_stdin(handle)).unwrap_or(Err(Errno::Badf));
    count(r.map(|()| 0))
}

extern "C" fn proc_status(env: ExecEnv, handle: u32, status: *mut i32) -> i32 {
    if !inside_memory(env, status.cast(), 8) {
        return Errno::Inval.negated();
    }
    match with_host(|h| h.children.status(handle)).unwrap_or(Err(Errno::Badf)) {
        Ok(Some((code, signal))) => {
            // SAFETY: checked above (8 bytes inside linear memory).
            unsafe {
                status.write_unaligned(code);
                status.add(1).write_unaligned(signal);
            }
            1
        }
        Ok(None) => 0,
        Err(errno) => errno.negated(),
    }
}

extern "C" fn proc_kill(_env: ExecEnv, handle: u32, signal: i32) -> i32 {
    let r = with_host(|h| h.children.kill(handle, signal)).unwrap_or(Err(Errno::Badf));
    count(r.map(|()| 0))
}

extern "C" fn proc_release(_env: ExecEnv, handle: u32) -> i32 {
    let r = with_host(|h| h.children.release(handle)).unwrap_or(Err(Errno::Badf));
    count(r.map(|()| 0))
}

extern "C" fn net_request(env: ExecEnv, request: *const u8, len: u32, handle: *mut u32) -> i32 {
    if !inside_memory(env, handle.cast(), 4) {
        return fail(
            Errno::Inval,
            "net_request: the handle's address is outside memory",
        );
    }
    let json = guest_bytes(request, len);
    let started = with_host(|host| match &mut host.net {
        Some(net) => net.request(json),
        None => Err(Refusal {
            errno: Errno::Nosys,
            message: "ENOSYS the network is not available in this run".into(),
        }),
    });
    match started {
        Some(Ok(h)) => {
            // SAFETY: checked above (4 bytes inside linear memory).
            unsafe { handle.write_unaligned(h) };
            0
        }
        Some(Err(refusal)) => fail(refusal.errno, refusal.message),
        None => fail(
            Errno::Nosys,
            "ENOSYS the network is not available in this run",
        ),
    }
}

/// Runs `f` on the exchange `handle`.
fn with_exchange<T>(handle: u32, f: impl FnOnce(&net::Exchange) -> T) -> Result<T, Errno> {
    with_host(|h| match &h.net {
        Some(net) => net.exchange(handle).map(|ex| f(ex)),
        None => Err(Errno::Badf),
    })
    .unwrap_or(Err(Errno::Badf))
}

extern "C" fn net_write(_env: ExecEnv, handle: u32, buf: *const u8, len: u32) -> i32 {
    let buf = guest_bytes(buf, len);
    match with_exchange(handle, |ex| ex.write(buf)) {
        Ok(Some(n)) => n as i32,
        Ok(None) => Errno::Again.negated(),
        Err(errno) => errno.negated(),
    }
}

extern "C" fn net_close_body(_env: ExecEnv, handle: u32) -> i32 {
    count(with_exchange(handle, |ex| ex.end_upload()).map(|()| 0))
}

extern "C" fn net_response(_env: ExecEnv, handle: u32, buf: *mut u8, len: u32) -> i32 {
    match with_exchange(handle, |ex| ex.head()) {
        Ok(None) => 0,
        Ok(Some(Ok(head))) => {
            let n = head.len().min(len as usize);
            guest_bytes_mut(buf, n as u32).copy_from_slice(&head.as_bytes()[..n]);
            head.len() as i32
        }
        Ok(Some(Err(failure))) => fail(Errno::Io, failure.render()),
        Err(errno) => errno.negated(),
    }
}

extern "C" fn net_read(_env: ExecEnv, handle: u32, buf: *mut u8, len: u32) -> i32 {
    let buf = guest_bytes_mut(buf, len);
    match with_exchange(handle, |ex| ex.read(buf)) {
        Ok(Chunk::Bytes(n)) => n as i32,
        Ok(Chunk::End) => 0,
        Ok(Chunk::Pending) => Errno::Again.negated(),
        Ok(Chunk::Broken(failure)) => fail(Errno::Io, failure.render()),
        Err(errno) => errno.negated(),
    }
}

extern "C" fn net_release(_env: ExecEnv, handle: u32) -> i32 {
    let released = with_host(|h| match &mut h.net {
        Some(net) => net.release(handle),
        None => Err(Errno::Badf),
    });
    count(released.unwrap_or(Err(Errno::Badf)).map(|()| 0))
}

/// `EDGEBOX_WAIT_STDIN` / `EDGEBOX_WAIT_CHILDREN` / `EDGEBOX_WAIT_NET`.
const WAIT_STDIN: u32 = 1;
const WAIT_CHILDREN: u32 = 2;
const WAIT_NET: u32 = 4;
/// How often a child without a pidfd is looked at while waiting.
const BLIND_POLL_MS: i32 = 10;

extern "C" fn wait(_env: ExecEnv, timeout_ms: i32, what: u32) -> i32 {
    let set = match what & WAIT_CHILDREN {
        0 => PollSet::default(),
        _ => with_host(|h| h.children.poll_set()).unwrap_or_default(),
    };
    let net = match what & WAIT_NET {
        0 => None,
        _ => with_host(|h| h.net.as_ref().and_then(Net::poll_fd)).flatten(),
    };
    if net.is_some_and(|(_, news)| news) {
        return WAIT_NET as i32;
    }
    let bits = poll(
        set,
        net.map(|(fd, _)| fd),
        what & WAIT_STDIN != 0,
        timeout_ms,
    );
    if bits & WAIT_NET as i32 != 0 {
        with_host(|h| h.net.as_ref().map(Net::clear));
    }
    bits
}

extern "C" fn proc_wait(_env: ExecEnv, handle: u32, timeout_ms: i32) -> i32 {
    match with_host(|h| h.children.poll_set_of(handle)) {
        Some(Ok(set)) => i32::from(poll(set, None, false, timeout_ms) != 0),
        Some(Err(errno)) => errno.negated(),
        None => Errno::Badf.negated(),
    }
}

/// Blocks until something in `set`, the network's fd `net` (or fd 0, with `stdin`) is ready or
/// `timeout_ms` passes (-1: no limit); returns the EDGEBOX_WAIT_* bits that are ready. The
/// host's lock is not held while it blocks.
fn poll(set: PollSet, net: Option<i32>, stdin: bool, timeout_ms: i32) -> i32 {
    if set.news {
        return WAIT_CHILDREN as i32;
    }
    let mut fds = set.fds;
    let children = fds.len();
    if let Some(fd) = net {
        fds.push(libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        });
    }
    let net_end = fds.len();
    if stdin {
        fds.push(libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        });
    }
    let timeout = match (set.blind, timeout_ms) {
        (true, t) if !(0..=BLIND_POLL_MS).contains(&t) => BLIND_POLL_MS,
        (_, t) => t.max(-1),
    };
    // SAFETY: `fds` is a valid array of its length.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout) };
    if n <= 0 {
        return if set.blind { WAIT_CHILDREN as i32 } else { 0 };
    }
    let ready = |fds: &[libc::pollfd]| fds.iter().any(|f| f.revents != 0);
    let mut bits = 0;
    if ready(&fds[..children]) {
        bits |= WAIT_CHILDREN;
    }
    if ready(&fds[children..net_end]) {
        bits |= WAIT_NET;
    }
    if ready(&fds[net_end..]) {
        bits |= WAIT_STDIN;
    }
    bits as i32
}
