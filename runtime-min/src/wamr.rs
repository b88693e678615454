//! Safe wrappers over our C shim (`src/host.h`, declared here by hand). WAMR is initialized per
//! thread: every type here must stay on the thread that created the [`Runtime`], which is
//! enforced by `Runtime` being neither `Send` nor `Sync` and everything else borrowing it.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::marker::PhantomData;
use std::ptr::NonNull;

use memmap2::MmapMut;

#[repr(C)]
struct EbxDir {
    guest: *const c_char,
    host: *const c_char,
    readable: u8,
    writable: u8,
}

#[repr(C)]
struct EbxInstanceConfig {
    stack_size: u32,
    heap_size: u32,
    max_memory_pages: u32,
    argv: *mut *mut c_char,
    argc: u32,
    env: *mut *const c_char,
    env_count: u32,
    dirs: *const EbxDir,
    dir_count: u32,
}

const EBX_EXITED: c_int = 0;
const EBX_NO_START: c_int = 2;
const EBX_RETURNED: c_int = 3;

extern "C" {
    fn ebx_init() -> bool;
    fn ebx_destroy();
    fn ebx_load(bytes: *mut u8, len: u32, err: *mut c_char, err_len: u32) -> *mut c_void;
    fn ebx_unload(module: *mut c_void);
    fn ebx_unlinked_import(module: *mut c_void, name: *mut c_char, name_len: u32) -> bool;
    fn ebx_hw_bound_check() -> bool;
    fn ebx_instantiate(
        module: *mut c_void,
        config: *const EbxInstanceConfig,
        err: *mut c_char,
        err_len: u32,
    ) -> *mut c_void;
    fn ebx_deinstantiate(instance: *mut c_void);
    fn ebx_create_exec_env(instance: *mut c_void, stack_size: u32) -> *mut c_void;
    fn ebx_destroy_exec_env(exec_env: *mut c_void);
    fn ebx_exec_env_singleton(instance: *mut c_void) -> *mut c_void;
    fn ebx_run_start(
        exec_env: *mut c_void,
        exit_code: *mut u32,
        msg: *mut c_char,
        msg_len: u32,
    ) -> c_int;
    fn ebx_export_global_memory(
        instance: *mut c_void,
        name: *const c_char,
        size: u32,
    ) -> *mut c_void;
    fn ebx_memory_bounds(instance: *mut c_void, size: *mut u64) -> *mut c_void;
    fn ebx_set_instruction_limit(exec_env: *mut c_void, count: c_int);
    fn ebx_terminate(instance: *mut c_void);
    fn ebx_preempt_track(module: *mut c_void);
    fn ebx_preempt_arm();
    fn ebx_call_export(
        exec_env: *mut c_void,
        name: *const c_char,
        value: *mut i32,
        msg: *mut c_char,
        msg_len: u32,
    ) -> c_int;
    fn ebx_memory_reset(
        instance: *mut c_void,
        image_fd: c_int,
        image_size: u64,
        mapped: bool,
    ) -> bool;
    fn ebx_fd_count(instance: *mut c_void) -> u32;
    fn ebx_fd_rights(instance: *mut c_void, fd: u32, base: *mut u64, inheriting: *mut u64)
        -> c_int;
    fn ebx_close_fds_from(instance: *mut c_void, exec_env: *mut c_void, first: u32);
}

/// The signal that preempts AOT code (`EBX_PREEMPT_SIGNAL` in host.h).
pub(crate) const PREEMPT_SIGNAL: c_int = libc::SIGURG;

const MESSAGE_LEN: usize = 256;

/// WAMR's exception text when the interpreter's instruction limit runs out.
pub(crate) const INSTRUCTION_LIMIT_TRAP: &str = "instruction limit exceeded";

fn message(buf: &[u8]) -> String {
    let text = CStr::from_bytes_until_nul(buf)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = text.trim();
    let text = text.strip_prefix("Exception: ").unwrap_or(text);
    if text.is_empty() {
        "unknown error".into()
    } else {
        text.to_string()
    }
}

/// WAMR, initialized on the current thread (torn down on drop).
pub(crate) struct Runtime {
    _not_send: PhantomData<*const ()>,
}

impl Runtime {
    /// Initializes WAMR on this thread; this thread then runs the wasm (WAMR sets up its
    /// signal handling and native-stack guard pages for it).
    pub(crate) fn init() -> Option<Runtime> {
        // SAFETY: no other WAMR state exists on this thread; paired with ebx_destroy in Drop.
        if !unsafe { ebx_init() } || !crate::host_abi::register() {
            return None;
        }
        Some(Runtime {
            _not_send: PhantomData,
        })
    }

    /// Loads a `.wasm` or `.aot` image, which the module keeps (WAMR points into it, and may
    /// write to it: a private mapping copies only the pages written).
    pub(crate) fn load(&self, mut bytes: MmapMut) -> Result<Module<'_>, String> {
        let len = u32::try_from(bytes.len()).map_err(|_| "is larger than 4 GiB".to_string())?;
        let mut err = [0u8; MESSAGE_LEN];
        // SAFETY: the buffer lives in the returned Module until after ebx_unload.
        let raw = unsafe {
            ebx_load(
                bytes.as_mut_ptr(),
                len,
                err.as_mut_ptr().cast(),
                MESSAGE_LEN as u32,
            )
        };
        match NonNull::new(raw) {
            Some(raw) => Ok(Module {
                raw,
                _bytes: bytes,
                _runtime: PhantomData,
            }),
            None => Err(message(&err)),
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // SAFETY: every Module/Instance borrows the Runtime, so all are gone by now.
        unsafe { ebx_destroy() }
    }
}

/// A loaded module.
pub(crate) struct Module<'r> {
    raw: NonNull<c_void>,
    _bytes: MmapMut,
    _runtime: PhantomData<&'r Runtime>,
}

/// A directory to preopen.
pub(crate) struct DirGrant {
    /// The name the guest sees.
    pub(crate) guest: CString,
    /// The host directory.
    pub(crate) host: CString,
    /// Keep read rights.
    pub(crate) read: bool,
    /// Keep write rights.
    pub(crate) write: bool,
}

/// Everything an instance is created with.
pub(crate) struct InstanceConfig {
    /// WAMR wasm stack size, bytes.
    pub(crate) stack_size: u32,
    /// WAMR app heap, bytes.
    pub(crate) heap_size: u32,
    /// Linear memory cap, pages.
    pub(crate) max_memory_pages: u32,
    /// WASI argv (argv[0] included).
    pub(crate) argv: Vec<CString>,
    /// WASI environment, `NAME=value`.
    pub(crate) env: Vec<CString>,
    /// Preopened directories, in fd order.
    pub(crate) dirs: Vec<DirGrant>,
}

/// Whether this runtime's WAMR was built with hardware (guard-page) bounds checks, as its own
/// configuration says (not a constant of ours).
pub(crate) fn hardware_bounds_checks() -> bool {
    // SAFETY: reads a compile-time setting of the C shim.
    unsafe { ebx_hw_bound_check() }
}

impl Module<'_> {
    /// The first function the module imports from `edgebox` that this host does not provide
    /// (with that signature), if any.
    pub(crate) fn unlinked_host_import(&self) -> Option<String> {
        let mut name = [0u8; MESSAGE_LEN];
        // SAFETY: the module is loaded; the buffer's length is passed.
        unsafe {
            ebx_unlinked_import(
                self.raw.as_ptr(),
                name.as_mut_ptr().cast(),
                MESSAGE_LEN as u32,
            )
        }
        .then(|| message(&name))
    }

    /// Lets the preemption signal leave this module's AOT code (nothing for `.wasm`; see
    /// [`Terminator::arm_preemption`]).
    pub(crate) fn track_preemption(&self) {
        // SAFETY: the module is live; the shim only records its code range.
        unsafe { ebx_preempt_track(self.raw.as_ptr()) }
    }

    /// Instantiates the module with WASI (args, env, preopens with their rights) and limits.
    pub(crate) fn instantiate(&self, config: &InstanceConfig) -> Result<Instance<'_>, String> {
        let mut argv: Vec<*mut c_char> =
            config.argv.iter().map(|a| a.as_ptr().cast_mut()).collect();
        let mut env: Vec<*const c_char> = config.env.iter().map(|e| e.as_ptr()).collect();
        let dirs: Vec<EbxDir> = config
            .dirs
            .iter()
            .map(|d| EbxDir {
                guest: d.guest.as_ptr(),
                host: d.host.as_ptr(),
                readable: u8::from(d.read),
                writable: u8::from(d.write),
            })
            .collect();
        let raw_config = EbxInstanceConfig {
            stack_size: config.stack_size,
            heap_size: config.heap_size,
            max_memory_pages: config.max_memory_pages,
            argv: argv.as_mut_ptr(),
            argc: argv.len() as u32,
            env: env.as_mut_ptr(),
            env_count: env.len() as u32,
            dirs: dirs.as_ptr(),
            dir_count: dirs.len() as u32,
        };
        let mut err = [0u8; MESSAGE_LEN];
        // SAFETY: all pointers reference `config`, `argv`, `env`, `dirs`, alive for the call
        // (WAMR copies what it keeps).
        let raw = unsafe {
            ebx_instantiate(
                self.raw.as_ptr(),
                &raw_config,
                err.as_mut_ptr().cast(),
                MESSAGE_LEN as u32,
            )
        };
        match NonNull::new(raw) {
            Some(raw) => Ok(Instance {
                raw,
                _module: PhantomData,
            }),
            None => Err(message(&err)),
        }
    }
}

impl Drop for Module<'_> {
    fn drop(&mut self) {
        // SAFETY: instances borrow the module, so none is left.
        unsafe { ebx_unload(self.raw.as_ptr()) }
    }
}

/// An instantiated module.
pub(crate) struct Instance<'m> {
    raw: NonNull<c_void>,
    _module: PhantomData<&'m Module<'m>>,
}

/// How running `_start` ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunEnd {
    /// Returned normally (0) or called `proc_exit(code)`.
    Exited(u32),
    /// Trapped, with WAMR's exception text.
    Trapped(String),
    /// No `_start` export.
    NoStart,
}

/// Reads the size of an instance's linear memory from any thread (see [`Instance::memory`]).
#[derive(Clone, Copy)]
pub(crate) struct MemoryProbe {
    instance: NonNull<c_void>,
}

// SAFETY: the probe only reads the memory's size, a word that the wasm thread may grow meanwhile
// (memory never shrinks or moves here, so a stale value is only smaller). run.rs never frees
// the instance.
unsafe impl Send for MemoryProbe {}

impl MemoryProbe {
    fn bounds(&self) -> Option<(NonNull<u8>, u64)> {
        let mut size = 0u64;
        // SAFETY: see the Send impl; the shim writes the size.
        let base = unsafe { ebx_memory_bounds(self.instance.as_ptr(), &mut size) };
        NonNull::new(base).map(|base| (base.cast(), size))
    }

    /// The memory's size in bytes now.
    pub(crate) fn size(&self) -> u64 {
        self.bounds().map_or(0, |(_, size)| size)
    }
}

/// Ends a run from another thread (see [`Instance::terminator`]).
#[derive(Clone, Copy)]
pub(crate) struct Terminator {
    instance: NonNull<c_void>,
}

// SAFETY: wasm_runtime_terminate takes WAMR's cluster and exception locks: it is made to be
// called from another thread while the instance runs. run.rs never frees the instance, and the
// watchdog uses a Terminator only while the app runs.
unsafe impl Send for Terminator {}

impl Terminator {
    /// Sets the exception "terminated by user": the interpreter stops at its next branch or
    /// call, AOT code when a call returns, a blocking WASI call when it returns.
    pub(crate) fn terminate(&self) {
        // SAFETY: see the Send impl.
        unsafe { ebx_terminate(self.instance.as_ptr()) }
    }

    /// Lets [`PREEMPT_SIGNAL`] leave AOT code that runs without calls (after [`Self::terminate`]).
    pub(crate) fn arm_preemption(&self) {
        // SAFETY: sets a flag the signal handler reads.
        unsafe { ebx_preempt_arm() }
    }
}

/// How a call of an exported `() -> i32` function ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CallEnd {
    /// It returned this value.
    Returned(i32),
    /// It called `proc_exit(code)`.
    Exited(u32),
    /// It trapped, with WAMR's exception text.
    Trapped(String),
    /// There is no such export.
    Missing,
}

impl Instance<'_> {
    /// Maps the image of `size` bytes in `fd` over linear memory (`mapped` false), or, once
    /// the caller has restored the image's bytes (`mapped` true), drops memory grown beyond
    /// it; sets memory's size to the image's and clears the instance's exception (see
    /// `ebx_memory_reset` in host.h). False if it cannot: the instance must then be dropped.
    pub(crate) fn reset_memory(&self, fd: c_int, size: u64, mapped: bool) -> bool {
        // SAFETY: the instance is live and not running; the shim checks the size.
        unsafe { ebx_memory_reset(self.raw.as_ptr(), fd, size, mapped) }
    }

    /// The WASI rights (base, inheriting) of every fd below the fd table's size, None for a
    /// closed one.
    pub(crate) fn fd_rights(&self) -> Vec<Option<(u64, u64)>> {
        // SAFETY: the instance is live; the shim writes the two rights on success.
        unsafe {
            (0..ebx_fd_count(self.raw.as_ptr()))
                .map(|fd| {
                    let (mut base, mut inheriting) = (0, 0);
                    (ebx_fd_rights(self.raw.as_ptr(), fd, &mut base, &mut inheriting) != 0)
                        .then_some((base, inheriting))
                })
                .collect()
        }
    }

    /// Closes every WASI fd from `first` on.
    pub(crate) fn close_fds_from(&self, exec_env: &ExecEnv<'_>, first: u32) {
        // SAFETY: both are live and used on their runtime's thread.
        unsafe { ebx_close_fds_from(self.raw.as_ptr(), exec_env.raw.as_ptr(), first) }
    }

    /// A handle that ends the run of this instance from another thread.
    pub(crate) fn terminator(&self) -> Terminator {
        Terminator { instance: self.raw }
    }

    /// The `size` bytes of linear memory at the address held by the exported i32 global
    /// `name`, if the module has such a global and the bytes are inside its memory. Linear
    /// memory does not move (hardware bounds checks reserve it whole), so the pointer stays
    /// valid while the instance lives.
    pub(crate) fn export_global_memory(&self, name: &str, size: u32) -> Option<NonNull<u8>> {
        let name = CString::new(name).ok()?;
        // SAFETY: the instance is live; the shim checks the range.
        NonNull::new(unsafe { ebx_export_global_memory(self.raw.as_ptr(), name.as_ptr(), size) })
            .map(NonNull::cast)
    }

    /// The base of linear memory and a probe of its size, if the module has a memory (the base
    /// stays valid while the instance lives, as for [`Self::export_global_memory`]).
    pub(crate) fn memory(&self) -> Option<(NonNull<u8>, MemoryProbe)> {
        let probe = MemoryProbe { instance: self.raw };
        probe.bounds().map(|(base, _)| (base, probe))
    }

    /// Creates the execution environment that runs this instance, with a wasm stack of
    /// `stack_size` bytes; None if WAMR cannot allocate it.
    pub(crate) fn exec_env(&self, stack_size: u32) -> Option<ExecEnv<'_>> {
        // SAFETY: the instance is live and used on its runtime's thread.
        let raw = unsafe { ebx_create_exec_env(self.raw.as_ptr(), stack_size) };
        NonNull::new(raw).map(|raw| ExecEnv {
            raw,
            owned: true,
            _instance: PhantomData,
        })
    }

    /// The execution environment WAMR keeps with this instance (its stack is made once and
    /// reused by every call; released with the instance); None if WAMR cannot allocate it.
    pub(crate) fn kept_exec_env(&self) -> Option<ExecEnv<'_>> {
        // SAFETY: the instance is live and used on its runtime's thread.
        let raw = unsafe { ebx_exec_env_singleton(self.raw.as_ptr()) };
        NonNull::new(raw).map(|raw| ExecEnv {
            raw,
            owned: false,
            _instance: PhantomData,
        })
    }
}

impl Drop for Instance<'_> {
    fn drop(&mut self) {
        // SAFETY: created by ebx_instantiate, released once.
        unsafe { ebx_deinstantiate(self.raw.as_ptr()) }
    }
}

/// The execution environment (wasm stack, native stack bounds) of an instance.
pub(crate) struct ExecEnv<'i> {
    raw: NonNull<c_void>,
    /// Made by us (destroyed on drop), or the instance's own (released with it).
    owned: bool,
    _instance: PhantomData<&'i Instance<'i>>,
}

impl ExecEnv<'_> {
    /// Lets the interpreter run at most `count` wasm instructions (then it traps with
    /// [`INSTRUCTION_LIMIT_TRAP`]); AOT code is not metered.
    pub(crate) fn set_instruction_limit(&self, count: u32) {
        let count = c_int::try_from(count).unwrap_or(c_int::MAX);
        // SAFETY: the exec env is live and used on its runtime's thread.
        unsafe { ebx_set_instruction_limit(self.raw.as_ptr(), count) }
    }

    /// Calls the exported function `name`, of type `() -> i32`.
    pub(crate) fn call_export(&self, name: &CStr) -> CallEnd {
        let mut value = 0i32;
        let mut msg = [0u8; MESSAGE_LEN];
        // SAFETY: the exec env is live and used on its runtime's thread.
        let outcome = unsafe {
            ebx_call_export(
                self.raw.as_ptr(),
                name.as_ptr(),
                &mut value,
                msg.as_mut_ptr().cast(),
                MESSAGE_LEN as u32,
            )
        };
        match outcome {
            EBX_RETURNED => CallEnd::Returned(value),
            EBX_EXITED => CallEnd::Exited(value as u32),
            EBX_NO_START => CallEnd::Missing,
            _ => CallEnd::Trapped(message(&msg)),
        }
    }

    /// Runs the WASI command entry point `_start`.
    pub(crate) fn run_start(&self) -> RunEnd {
        let mut code = 0u32;
        let mut msg = [0u8; MESSAGE_LEN];
        // SAFETY: the exec env is live and used on its runtime's thread.
        let outcome = unsafe {
            ebx_run_start(
                self.raw.as_ptr(),
                &mut code,
                msg.as_mut_ptr().cast(),
                MESSAGE_LEN as u32,
            )
        };
        match outcome {
            EBX_EXITED => RunEnd::Exited(code),
            EBX_NO_START => RunEnd::NoStart,
            _ => RunEnd::Trapped(message(&msg)),
        }
    }
}

impl Drop for ExecEnv<'_> {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: created by ebx_create_exec_env, released once.
            unsafe { ebx_destroy_exec_env(self.raw.as_ptr()) }
        }
    }
}
