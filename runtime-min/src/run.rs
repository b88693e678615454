//! One run: policy → artifact → WAMR (on a dedicated thread) → how the app ended.

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use memmap2::{MmapMut, MmapOptions};

use crate::artifact::{self, Format};
use crate::cli::RunArgs;
use crate::control::{self, HostControl};
use crate::host_abi;
use crate::trace;
use crate::wamr::{DirGrant, InstanceConfig, RunEnd, Runtime, INSTRUCTION_LIMIT_TRAP};
use crate::watchdog::{self, FinishOnDrop, Limit, Target, TimeLimits, Watchdog, Watched};
use edgebox_policy::{self as policy, HostContext, Limits, Policy, PolicyError};

/// Native stack of the thread that runs the wasm (AOT code and the interpreter run on it;
/// overflowing it is a trap, "native stack overflow", not a crash). Running on a dedicated
/// thread matters for start-up: WAMR's hardware bounds checks touch every page of the main
/// thread's stack once (~2,400 page faults for 8 MiB); our WAMR patch
/// `vendor/patches/wamr/0001-no-stack-touch-off-main-thread.patch` skips that for other
/// threads, whose stacks are mapped whole, so a full 8 MiB costs nothing at start-up.
pub(crate) const NATIVE_STACK_SIZE: usize = 8 << 20;

/// How the app ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `_start` returned (0) or the app called `proc_exit(code)`.
    Exited(u32),
    /// The wasm trapped; WAMR's exception text.
    Trapped(String),
    /// A run limit of the policy stopped the app.
    Limited(Limit),
}

/// Why a run did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The policy file is unusable.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The policy asks for something this artifact cannot do.
    #[error("{}: {message}", path.display())]
    Mismatch {
        /// The artifact.
        path: PathBuf,
        /// What cannot apply, and what to do instead.
        message: String,
    },
    /// The artifact is unusable (unreadable, wrong format, refused, does not load).
    #[error("{}: {message}", path.display())]
    Artifact {
        /// The artifact.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// The host itself failed.
    #[error("{0}")]
    Host(String),
    /// A `useKeychain` secret could not be read.
    #[error(transparent)]
    Keychain(#[from] crate::keychain::KeychainError),
}

/// The policy of `args.artifact`, and the host's context.
fn load_policy(args: &RunArgs) -> Result<(Policy, HostContext), RunError> {
    let ctx = HostContext::current()
        .map_err(|e| RunError::Host(format!("cannot determine the current directory: {e}")))?;
    let policy = match policy::locate(&args.artifact, args.config.as_deref()) {
        Some(path) => Policy::load(&path, &ctx)?,
        None => Policy::default(),
    };
    Ok((policy, ctx))
}

/// What the policy of `args.artifact` grants, in words, with warnings for grants that open
/// much of the machine.
pub fn explain_policy(args: &RunArgs) -> Result<String, RunError> {
    let (policy, ctx) = load_policy(args)?;
    let source = match policy::locate(&args.artifact, args.config.as_deref()) {
        Some(path) => format!("policy {}", path.display()),
        None => "no policy file: the defaults (deny all)".into(),
    };
    let mut text = format!("{source}\n{}", policy.explain());
    for risk in policy.risks(ctx.home.as_deref()) {
        text.push_str(&format!("warning: {risk}\n"));
    }
    Ok(text)
}

/// What a run of an artifact needs, checked: its policy, its bytes (mapped) and what WAMR
/// instantiates it with.
pub(crate) struct Prepared {
    pub(crate) policy: Policy,
    pub(crate) bytes: MmapMut,
    pub(crate) config: InstanceConfig,
    /// The guest's environment (the policy's variables that are set, the keychain's secrets).
    pub(crate) env: Vec<(String, String)>,
    /// The guest's current directory.
    pub(crate) guest_cwd: PathBuf,
}

/// Reads the policy of `args.artifact`, maps and checks the artifact (format, seal, what the
/// policy asks of it) and reads the keychain's secrets.
pub(crate) fn prepare(args: &RunArgs) -> Result<Prepared, RunError> {
    let (policy, ctx) = trace::phase("policy (locate, read, parse)", || load_policy(args))?;
    let artifact_error = |message: String| RunError::Artifact {
        path: args.artifact.clone(),
        message,
    };
    let bytes = trace::phase("map artifact", || map(&args.artifact))
        .map_err(|e| artifact_error(format!("cannot read: {e}")))?;
    let format = artifact::detect(&bytes).ok_or_else(|| {
        artifact_error(
            "is not a WebAssembly module (`\\0asm`) or a WAMR AOT file (`\\0aot`): give edgebox \
             the .wasm or .aot that `edgeboxc build` wrote"
                .into(),
        )
    })?;
    if format == Format::Aot {
        trace::phase("check seal (digest, runtime, CPU)", || {
            artifact::check_aot(&bytes, &artifact::Runtime::this())
        })
        .map_err(|e| artifact_error(e.to_string()))?;
    }
    if format == Format::Aot && policy.limits.max_instructions.is_some() {
        return Err(RunError::Mismatch {
            path: args.artifact.clone(),
            message: "`runtime.max_instructions` counts interpreter instructions and cannot \
                      limit AOT code: use `runtime.cpu_ms` or `runtime.timeout_ms`, or run the \
                      .wasm"
                .into(),
        });
    }
    // Traced only where there is something to read: secret-tool is a process per secret.
    let secrets = if policy.keychain.is_empty() {
        Vec::new()
    } else {
        trace::phase("keychain (secret-tool)", || {
            crate::keychain::secrets(&policy.keychain)
        })?
    };
    let config = instance_config(args, &policy, &ctx.cwd, &secrets)?;
    let mut env = policy_env(&policy);
    env.extend(secrets);
    let guest_cwd = policy.guest_cwd(&ctx.cwd);
    Ok(Prepared {
        policy,
        bytes,
        config,
        env,
        guest_cwd,
    })
}

/// Runs `args.artifact` under its policy.
pub fn run(args: &RunArgs) -> Result<Outcome, RunError> {
    let Prepared {
        policy,
        bytes,
        config,
        env,
        guest_cwd,
        ..
    } = prepare(args)?;
    let artifact_error = |message: String| RunError::Artifact {
        path: args.artifact.clone(),
        message,
    };
    host_abi::set_artifact(&args.artifact);
    let limits = policy.limits;
    let watchdog = Arc::new(Watchdog::default());
    let watched = Arc::clone(&watchdog);

    let spawned = Instant::now();
    let pin = CpuPin::to_current_cpu();
    let thread = std::thread::Builder::new()
        .name("wasm".into())
        .stack_size(NATIVE_STACK_SIZE)
        .spawn(move || {
            if let Some(pin) = pin {
                pin.restore();
            }
            trace::record("thread start", spawned.elapsed());
            host_abi::install(&policy, env, guest_cwd, true);
            let _finish = FinishOnDrop(&watched);
            run_on_this_thread(bytes, &config, &limits, &watched)
        });
    if let Some(pin) = pin {
        pin.restore();
    }
    let thread =
        thread.map_err(|e| RunError::Host(format!("cannot start the wasm thread: {e}")))?;
    if let Watched::Abandoned(limit) = watchdog.watch(time_limits(&limits)) {
        // The process exits right after this; the wasm thread ends with it.
        host_abi::shutdown_all();
        return Ok(Outcome::Limited(limit));
    }
    let end = thread
        .join()
        .map_err(|_| RunError::Host("the wasm thread panicked".into()))?;
    match end {
        Ok((_, Some(limit))) => Ok(Outcome::Limited(limit)),
        Ok((RunEnd::Exited(code), None)) => Ok(Outcome::Exited(code)),
        Ok((RunEnd::Trapped(message), None)) => match limits.max_instructions {
            Some(count) if message == INSTRUCTION_LIMIT_TRAP => {
                Ok(Outcome::Limited(Limit::Instructions(count)))
            }
            _ => Ok(Outcome::Trapped(message)),
        },
        Ok((RunEnd::NoStart, None)) => Err(artifact_error(
            "exports no `_start`: it is not a WASI command (build it as an executable, not a library)"
                .into(),
        )),
        Err(Refused::Artifact(message)) => Err(artifact_error(message)),
        Err(Refused::Host(message)) => Err(RunError::Host(message)),
    }
}

/// Starts the wasm thread on the CPU the main thread runs on. The main thread only waits for
/// it, so that CPU is about to be free; left to itself, Linux places a new thread on the idlest
/// CPU by its load statistics, and on a busy machine it then waited behind another process for
/// up to 3 ms (measured with `EDGEBOX_TRACE_STARTUP`, phase "thread start"). The thread's
/// affinity is restored, exactly as it was, as soon as it runs.
#[derive(Clone, Copy)]
struct CpuPin {
    original: libc::cpu_set_t,
}

impl CpuPin {
    /// Restricts the calling thread (and the threads it creates) to its current CPU; None (and
    /// nothing changed) if the CPU or the affinity cannot be read or set.
    fn to_current_cpu() -> Option<CpuPin> {
        let size = std::mem::size_of::<libc::cpu_set_t>();
        // SAFETY: cpu_set_t is plain data; all-zero is the empty set. Pid 0 is this thread.
        unsafe {
            let mut original: libc::cpu_set_t = std::mem::zeroed();
            if libc::sched_getaffinity(0, size, &mut original) != 0 {
                return None;
            }
            let cpu = usize::try_from(libc::sched_getcpu()).ok()?;
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut one);
            (libc::sched_setaffinity(0, size, &one) == 0).then_some(CpuPin { original })
        }
    }

    /// Gives the calling thread the affinity it had before [`CpuPin::to_current_cpu`].
    fn restore(&self) {
        // SAFETY: `original` was filled by sched_getaffinity; pid 0 is this thread. A failure
        // leaves the thread on one CPU, which is still correct.
        unsafe {
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &self.original);
        }
    }
}

enum Refused {
    Artifact(String),
    Host(String),
}

/// Everything WAMR does happens here, on the thread that initialized it, watched by `watchdog`
/// from the main thread. Returns how `_start` ended and the time limit that stopped it, if one
/// did.
fn run_on_this_thread(
    bytes: MmapMut,
    config: &InstanceConfig,
    limits: &Limits,
    watchdog: &Watchdog,
) -> Result<(RunEnd, Option<Limit>), Refused> {
    let runtime = trace::phase("WAMR init", Runtime::init)
        .ok_or_else(|| Refused::Host("cannot initialize the WAMR runtime".into()))?;
    let module = trace::phase("load (incl. relocation)", || runtime.load(bytes))
        .map_err(|e| Refused::Artifact(format!("cannot load: {e}")))?;
    if let Some(name) = module.unlinked_host_import() {
        return Err(Refused::Artifact(format!(
            "imports edgebox.{name}, which this edgebox does not provide (host ABI: \
             compiler/guest/c/edgebox_host_abi.h): run it with the edgebox of the edgeboxc that \
             built it, or rebuild it"
        )));
    }
    let instance = trace::phase("instantiate (memory, WASI)", || module.instantiate(config))
        .map_err(|e| Refused::Artifact(format!("cannot instantiate: {e}")))?;
    let exec_env = trace::phase("exec env", || instance.exec_env(config.stack_size))
        .ok_or_else(|| Refused::Host("cannot create the execution environment".into()))?;
    let control = HostControl::of(&instance).map_err(|e| Refused::Artifact(e.to_string()))?;
    if let Some(bytes) = limits.max_heap_bytes {
        let control = control.ok_or_else(|| {
            Refused::Artifact(format!(
                "has no `{}` record, so `runtime.max_heap_bytes` cannot apply: it was not \
                 built by edgeboxc",
                control::EXPORT
            ))
        })?;
        control.set_max_heap_bytes(bytes);
    }
    if let Some(count) = limits.max_instructions {
        exec_env.set_instruction_limit(count);
    }
    module.track_preemption();
    let (thread, cpu_clock) = watchdog::this_thread()
        .ok_or_else(|| Refused::Host("cannot read the wasm thread's CPU clock".into()))?;
    let target = Target {
        control,
        terminator: instance.terminator(),
        thread,
        cpu_clock,
    };
    let end = trace::phase("run _start", || {
        if time_limits(limits).any() {
            watchdog.start(target);
        }
        let end = exec_env.run_start();
        (end, watchdog.finish())
    });
    host_abi::shutdown();
    // The process exits right after the run: unmapping the code, the linear memory and the
    // stacks one by one (WAMR's destroy/deinstantiate/unload/destroy, ~0.1 ms for a QuickJS
    // app) would only duplicate what the kernel does at exit.
    std::mem::forget(exec_env);
    std::mem::forget(instance);
    std::mem::forget(module);
    std::mem::forget(runtime);
    Ok(end)
}

fn time_limits(limits: &Limits) -> TimeLimits {
    TimeLimits {
        wall_ms: limits.timeout_ms,
        cpu_ms: limits.cpu_ms,
    }
}

/// Maps the artifact copy-on-write: WAMR reads it in place (and the pages it never reads are
/// never loaded), and its writes, if any, stay private to this process. The file must not be
/// truncated while edgebox runs (as for any mapped executable).
pub(crate) fn map(path: &Path) -> std::io::Result<MmapMut> {
    let file = fs::File::open(path)?;
    // SAFETY: a private mapping; edgebox never assumes the file stays unchanged beyond what a
    // mapped executable assumes (truncation underneath would fault, like for a binary).
    unsafe { MmapOptions::new().map_copy(&file) }
}

fn c_string(bytes: &[u8], what: &str) -> Result<CString, RunError> {
    CString::new(bytes).map_err(|_| RunError::Host(format!("{what} contains a NUL byte")))
}

fn c_path(path: &Path) -> Result<CString, RunError> {
    c_string(
        path.as_os_str().as_bytes(),
        &format!("path {}", path.display()),
    )
}

/// How the guest learns its current directory (glue.c reads it and removes it from the
/// environment the app sees).
const GUEST_CWD_VAR: &str = "EDGEBOX_CWD";

/// The policy's variables that are set, with their values: what the guest's environment holds.
fn policy_env(policy: &Policy) -> Vec<(String, String)> {
    policy
        .env
        .iter()
        .filter(|n| *n != GUEST_CWD_VAR)
        .filter_map(|n| Some((n.clone(), std::env::var(n).ok()?)))
        .collect()
}

/// What WAMR instantiates the module with; `secrets` are the useKeychain variables.
fn instance_config(
    args: &RunArgs,
    policy: &Policy,
    cwd: &Path,
    secrets: &[(String, String)],
) -> Result<InstanceConfig, RunError> {
    let mut argv = vec![c_path(&args.artifact)?];
    for arg in &args.args {
        argv.push(c_string(arg.as_bytes(), "an argument")?);
    }
    let mut env = Vec::new();
    for name in policy.env.iter().filter(|n| *n != GUEST_CWD_VAR) {
        if let Some(value) = std::env::var_os(name) {
            let mut entry = name.as_bytes().to_vec();
            entry.push(b'=');
            entry.extend_from_slice(value.as_bytes());
            env.push(c_string(&entry, "an environment variable")?);
        }
    }
    for (name, secret) in secrets {
        env.push(c_string(
            format!("{name}={secret}").as_bytes(),
            "a keychain secret",
        )?);
    }
    let mut entry = format!("{GUEST_CWD_VAR}=").into_bytes();
    entry.extend_from_slice(policy.guest_cwd(cwd).as_os_str().as_bytes());
    env.push(c_string(&entry, "the current directory")?);
    let mut dirs = Vec::new();
    for preopen in policy.preopens() {
        dirs.push(DirGrant {
            guest: c_path(&preopen.guest)?,
            host: c_path(&preopen.host)?,
            read: preopen.read,
            write: preopen.write,
        });
    }
    Ok(InstanceConfig {
        stack_size: policy.limits.stack_size,
        heap_size: policy.limits.heap_size,
        max_memory_pages: policy.limits.max_memory_pages,
        argv,
        env,
        dirs,
    })
}
