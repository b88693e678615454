//! Helpers for the end-to-end tests: find the workspace's `edgeboxc` and `edgebox` binaries, build
//! fixtures into temporary folders, run artifacts, and compare output.

pub mod http_fixture;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repo")
        .to_path_buf()
}

/// A fixture folder under `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("fixtures").join(name)
}

/// A workspace binary built beside this test (`cargo test --workspace` builds them all).
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>");
    let path = profile_dir.join(name);
    assert!(
        path.exists(),
        "{} is not built: run `cargo build --workspace` (or `cargo test --workspace`)",
        path.display()
    );
    path
}

/// The stage cache shared by every e2e test run, so unchanged fixtures are not recompiled.
pub fn cache_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .join("edgebox-test-cache")
}

/// `edgeboxc` with the shared test cache.
pub fn edgeboxc() -> Command {
    let mut cmd = Command::new(binary("edgeboxc"));
    cmd.env("EDGEBOX_CACHE_DIR", cache_dir());
    cmd
}

/// `edgebox` with a clean environment plus `env` (so env-allowlist tests see only what they set).
pub fn edgebox(env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(binary("edgebox"));
    cmd.env_clear();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Builds `input` into `out_dir` with extra `args`; panics with the compiler's output on failure.
pub fn build(input: &Path, out_dir: &Path, args: &[&str]) -> Output {
    let out = edgeboxc()
        .arg("build")
        .arg(input)
        .arg("-o")
        .arg(out_dir)
        .args(args)
        .output()
        .expect("run edgeboxc");
    assert!(
        out.status.success(),
        "edgeboxc build {} failed:\n{}",
        input.display(),
        text(&out.stderr)
    );
    out
}

/// A fixture built every way the end-to-end tests compare.
#[derive(Debug, Clone)]
pub struct Artifacts {
    /// The `.wasm` (runs in WAMR's interpreter).
    pub wasm: PathBuf,
    /// The `.aot` of the default build: the app's functions compiled and linked to the engine's
    /// cached compiled code.
    pub aot: PathBuf,
    /// The `.aot` compiled whole (`--whole-aot`): the reference for [`Artifacts::aot`].
    pub whole_aot: PathBuf,
}

impl Artifacts {
    /// The three artifacts, each with a label for assertion messages.
    pub fn all(&self) -> [(&'static str, &Path); 3] {
        [
            ("wasm", &self.wasm),
            ("aot", &self.aot),
            ("whole aot", &self.whole_aot),
        ]
    }
}

/// Builds `input` (artifact name `name`) into `out` by default and into `out/whole` with
/// `--whole-aot`, plus `args` for both; the two builds' `.wasm` files must be identical.
pub fn build_every_way(input: &Path, name: &str, out: &Path, args: &[&str]) -> Artifacts {
    build(input, out, args);
    let whole = out.join("whole");
    let mut whole_args = args.to_vec();
    whole_args.push("--whole-aot");
    build(input, &whole, &whole_args);
    let wasm = out.join(format!("{name}.wasm"));
    let same = std::fs::read(&wasm).ok() == std::fs::read(whole.join(format!("{name}.wasm"))).ok();
    assert!(same, "{name}: --whole-aot changed the .wasm");
    Artifacts {
        wasm,
        aot: out.join(format!("{name}.aot")),
        whole_aot: whole.join(format!("{name}.aot")),
    }
}

/// Lossy UTF-8.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// How a measured run ended.
#[derive(Debug)]
pub struct Measured {
    /// Exit code (None: killed by a signal).
    pub code: Option<i32>,
    /// Its stdout, lossy UTF-8.
    pub stdout: String,
    /// Its stderr, lossy UTF-8.
    pub stderr: String,
    /// From spawn to exit.
    pub wall: Duration,
    /// The child's user + system CPU time, as the kernel accounted it.
    pub cpu: Duration,
}

/// Runs `cmd` with stdin an open, empty pipe, and measures it; a run still going after
/// `kill_after` is killed (so that a test fails instead of hanging).
// The child is reaped by wait4 (for its CPU time), which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_measured(cmd: &mut Command, kill_after: Duration) -> Measured {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the command");
    let _stdin = child.stdin.take();
    let pid = child.id() as i32;
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let killer = std::thread::spawn(move || {
        if finished.recv_timeout(kill_after).is_err() {
            // SAFETY: the child is not reaped before this thread is joined.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut out = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out.read_to_end(&mut bytes);
        bytes
    });
    let mut err = Vec::new();
    let _ = child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_end(&mut err);
    let stdout = reader.join().expect("stdout reader");
    // Wait for the exit without reaping, so that the killer can never signal a reused pid; reap
    // (and read the CPU time) once the killer is gone.
    // SAFETY: a zeroed siginfo_t and rusage are valid out-parameters; the child is ours.
    let exited = unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        )
    };
    let wall = started.elapsed();
    let _ = done.send(());
    killer.join().expect("killer thread");
    assert_eq!(exited, 0, "waitid");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; the child has exited and is reaped here, once.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: text(&stdout),
        stderr: text(&err),
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
    }
}
