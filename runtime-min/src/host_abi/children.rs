//! The guest's child processes: started after the command rules allowed them (commands.rs),
//! inside bubblewrap unless the policy opts out (sandbox.rs), named to the guest by small
//! handles. Pipes are non-blocking: the guest's event loop waits in [`Children::wait`].

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command};

use edgebox_policy::Dir;

use super::commands::{Launch, Stdio};
use super::sandbox::bwrap_args;
use super::{Errno, Refusal};

/// How commands are confined.
#[derive(Debug, Clone)]
pub(crate) enum Confinement {
    /// Inside bubblewrap (its path), seeing only `dirs`.
    Bubblewrap(PathBuf),
    /// bubblewrap is not installed: every spawn fails, saying so.
    Missing,
    /// `"osSandbox": false`: run directly.
    None,
}

struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Option<ChildStdout>,
    stderr: Option<ChildStderr>,
    /// bubblewrap's status pipe, kept open so that its last report does not raise SIGPIPE.
    _status: Option<File>,
    /// The sandbox's init (bubblewrap's pid 1, whose child is the command), when sandboxed.
    init: Option<i32>,
    /// Readable when the process exits.
    pidfd: Option<OwnedFd>,
    /// (exit code or -1, signal or 0), once reaped.
    exit: Option<(i32, i32)>,
    /// Exited, and the guest has not asked yet.
    exit_unseen: bool,
    /// Inside bubblewrap (see [`Process::reap`]).
    sandboxed: bool,
    /// A write returned EAGAIN: wait for the pipe to drain.
    stdin_full: bool,
}

/// Every child of the run, by handle.
#[derive(Default)]
pub(crate) struct Children {
    next: u32,
    table: BTreeMap<u32, Process>,
}

fn io_refusal(what: &str, e: &std::io::Error) -> Refusal {
    Refusal {
        errno: Errno::from_io(e),
        message: format!("{what}: {e}"),
    }
}

impl Children {
    /// Starts `launch` with `stdio`, confined as `confinement` says; returns its handle once it
    /// runs.
    pub(crate) fn spawn(
        &mut self,
        launch: &Launch,
        stdio: [Stdio; 3],
        confinement: &Confinement,
        dirs: &[Dir],
    ) -> Result<u32, Refusal> {
        let (mut command, status) = match confinement {
            Confinement::Missing => {
                return Err(Refusal {
                    errno: Errno::Nosys,
                    message: "commands run inside bubblewrap, which is not installed on this \
                              host: install it (Debian: apt-get install bubblewrap), or set \
                              \"osSandbox\": false in the policy to run commands unconfined"
                        .into(),
                })
            }
            Confinement::Bubblewrap(bwrap) => {
                let (read, write) = pipe().map_err(|e| io_refusal("cannot create a pipe", &e))?;
                let mut command = Command::new(bwrap);
                command.args(bwrap_args(launch, dirs, write.as_raw_fd()));
                let fd = write.as_raw_fd();
                // SAFETY: between fork and exec only async-signal-safe calls (fcntl).
                unsafe {
                    command.pre_exec(move || {
                        if libc::fcntl(fd, libc::F_SETFD, 0) != 0 {
                            return Err(std::io::Error::last_os_error());
                        }
                        Ok(())
                    });
                }
                (command, Some((read, write)))
            }
            Confinement::None => {
                let mut command = Command::new(&launch.program);
                command
                    .arg0(&launch.argv0)
                    .args(&launch.args)
                    .current_dir(&launch.cwd);
                (command, None)
            }
        };
        command.env_clear();
        if let Confinement::None = confinement {
            command.envs(launch.env.iter().map(|(k, v)| (k, v)));
        }
        command
            .stdin(stdio_of(stdio[0]))
            .stdout(stdio_of(stdio[1]))
            .stderr(stdio_of(stdio[2]));
        // SAFETY: prctl is async-signal-safe. The child (bubblewrap, or the command) gets
        // SIGKILL when the thread that started it (edgebox's wasm thread) ends.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = command
            .spawn()
            .map_err(|e| io_refusal(&format!("cannot start {}", launch.program.display()), &e))?;
        let status = match status {
            Some((read, write)) => {
                drop(write);
                let mut read = File::from(read);
                let Some(init) = started(&mut read) else {
                    let code = child.wait().ok().and_then(|s| s.code()).unwrap_or(-1);
                    return Err(Refusal {
                        errno: Errno::Nosys,
                        message: format!(
                            "bubblewrap could not set up the sandbox (it exited with {code}; its \
                             message is on stderr): this host may not allow unprivileged user \
                             namespaces, or set \"osSandbox\": false in the policy"
                        ),
                    });
                };
                Some((read, init))
            }
            None => None,
        };
        let (status, init) = status.unzip();
        let pidfd = pidfd_open(child.id() as i32);
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        for fd in [
            stdin.as_ref().map(|s| s.as_raw_fd()),
            stdout.as_ref().map(|s| s.as_raw_fd()),
            stderr.as_ref().map(|s| s.as_raw_fd()),
        ]
        .into_iter()
        .flatten()
        {
            set_nonblocking(fd);
        }
        self.next += 1;
        self.table.insert(
            self.next,
            Process {
                child,
                stdin,
                stdout,
                stderr,
                _status: status,
                init,
                pidfd,
                exit: None,
                exit_unseen: false,
                sandboxed: matches!(confinement, Confinement::Bubblewrap(_)),
                stdin_full: false,
            },
        );
        Ok(self.next)
    }

    fn process(&mut self, handle: u32) -> Result<&mut Process, Errno> {
        self.table.get_mut(&handle).ok_or(Errno::Badf)
    }

    /// Reads from the child's stdout (1) or stderr (2): bytes read, 0 at the end.
    pub(crate) fn read(
        &mut self,
        handle: u32,
        stream: u32,
        buf: &mut [u8],
    ) -> Result<usize, Errno> {
        let process = self.process(handle)?;
        let pipe = match stream {
            1 => process.stdout.as_ref().map(|p| p.as_raw_fd()),
            2 => process.stderr.as_ref().map(|p| p.as_raw_fd()),
            _ => None,
        }
        .ok_or(Errno::Badf)?;
        // SAFETY: `buf` is valid for its length; the fd is open (owned by `process`).
        let n = unsafe { libc::read(pipe, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            return Err(Errno::from_io(&std::io::Error::last_os_error()));
        }
        if n == 0 {
            match stream {
                1 => process.stdout = None,
                _ => process.stderr = None,
            }
        }
        Ok(n as usize)
    }

    /// Writes to the child's stdin: bytes accepted.
    pub(crate) fn write(&mut self, handle: u32, buf: &[u8]) -> Result<usize, Errno> {
        let process = self.process(handle)?;
        let pipe = process.stdin.as_ref().ok_or(Errno::Badf)?.as_raw_fd();
        // SAFETY: as in read. SIGPIPE is ignored in Rust programs: a closed pipe is EPIPE.
        let n = unsafe { libc::write(pipe, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            let errno = Errno::from_io(&std::io::Error::last_os_error());
            process.stdin_full = errno == Errno::Again;
            return Err(errno);
        }
        process.stdin_full = false;
        Ok(n as usize)
    }

    /// Closes the child's stdin.
    pub(crate) fn close_stdin(&mut self, handle: u32) -> Result<(), Errno> {
        self.process(handle)?.stdin = None;
        Ok(())
    }

    /// (exit code or -1, signal or 0) once the child has exited.
    pub(crate) fn status(&mut self, handle: u32) -> Result<Option<(i32, i32)>, Errno> {
        let process = self.process(handle)?;
        process.reap();
        process.exit_unseen = false;
        Ok(process.exit)
    }

    /// Sends `signal` to the child (to bubblewrap, which then takes the command with it).
    pub(crate) fn kill(&mut self, handle: u32, signal: i32) -> Result<(), Errno> {
        let process = self.process(handle)?;
        if !(1..=64).contains(&signal) {
            return Err(Errno::Inval);
        }
        process.reap();
        if process.exit.is_some() {
            return Err(Errno::Srch);
        }
        // The command itself: inside bubblewrap it is the child of the sandbox's init, which
        // takes no signal but SIGKILL from outside (and killing bubblewrap would leave the
        // init behind, waiting for it); without the sandbox, our own child.
        let (pid, signal) = match process.init {
            Some(init) => first_child(init).map_or((init, libc::SIGKILL), |cmd| (cmd, signal)),
            None => (process.child.id() as i32, signal),
        };
        // SAFETY: plain syscall. Our child is unreaped, so its pid (and the init's, which lives
        // as long as it) cannot have been reused; the command's pid was read from the init
        // just now.
        if unsafe { libc::kill(pid, signal) } != 0 {
            return Err(Errno::from_io(&std::io::Error::last_os_error()));
        }
        Ok(())
    }

    /// Kills every child still running, sandbox and all: the run is over. (bubblewrap's
    /// `--die-with-parent` does not take the sandbox's init along when bubblewrap itself is
    /// killed, so edgebox does it.)
    pub(crate) fn kill_all(&mut self) {
        for process in self.table.values_mut() {
            process.reap();
            if process.exit.is_some() {
                continue;
            }
            for pid in [process.init, Some(process.child.id() as i32)]
                .into_iter()
                .flatten()
            {
                // SAFETY: plain syscall on our unreaped child and its sandbox's init.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
    }

    /// Kills every child still running and forgets them all, once reaped (edgeboxd, between
    /// requests).
    pub(crate) fn release_all(&mut self) {
        self.kill_all();
        for (_, mut process) in std::mem::take(&mut self.table) {
            if process.exit.is_none() {
                let _ = process.child.wait();
            }
        }
    }

    /// Forgets `handle`, closing its pipes.
    pub(crate) fn release(&mut self, handle: u32) -> Result<(), Errno> {
        self.table.remove(&handle).map(drop).ok_or(Errno::Badf)
    }

    /// What `edgebox.wait` watches for every child.
    pub(crate) fn poll_set(&mut self) -> PollSet {
        let mut set = PollSet::default();
        for process in self.table.values_mut() {
            process.watch(&mut set);
        }
        set
    }

    /// What `edgebox.proc_wait` watches for the child `handle`.
    pub(crate) fn poll_set_of(&mut self, handle: u32) -> Result<PollSet, Errno> {
        let mut set = PollSet::default();
        self.process(handle)?.watch(&mut set);
        Ok(set)
    }
}

/// The fds whose readiness a wait watches, with their events. `news`: a child already has news
/// (an exit the guest has not seen); `blind`: a running child has no pidfd (its exit must be
/// looked for).
#[derive(Default)]
pub(crate) struct PollSet {
    pub(crate) news: bool,
    pub(crate) blind: bool,
    pub(crate) fds: Vec<libc::pollfd>,
}

impl Process {
    /// Adds what tells of this child's news to `set`.
    fn watch(&mut self, set: &mut PollSet) {
        let watch = |fd: RawFd, events| libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        self.reap();
        set.news |= self.exit_unseen;
        let pipes = [
            self.stdout.as_ref().map(|p| p.as_raw_fd()),
            self.stderr.as_ref().map(|p| p.as_raw_fd()),
        ];
        for pipe in pipes.into_iter().flatten() {
            set.fds.push(watch(pipe, libc::POLLIN));
        }
        if let (true, Some(stdin)) = (self.stdin_full, &self.stdin) {
            set.fds.push(watch(stdin.as_raw_fd(), libc::POLLOUT));
        }
        match (self.exit, &self.pidfd) {
            (None, Some(pidfd)) => set.fds.push(watch(pidfd.as_raw_fd(), libc::POLLIN)),
            (None, None) => set.blind = true,
            _ => {}
        }
    }

    /// Records the exit status if the child has exited (without blocking). bubblewrap reports
    /// a command killed by signal n as exit code 128 + n: inside it, such a code is taken for
    /// that signal (a command that exits 129–192 by itself is told apart by nothing).
    fn reap(&mut self) {
        if self.exit.is_some() {
            return;
        }
        if let Ok(Some(status)) = self.child.try_wait() {
            self.exit = Some(match (status.signal(), status.code()) {
                (Some(signal), _) => (-1, signal),
                (None, Some(code)) if self.sandboxed && (129..=192).contains(&code) => {
                    (-1, code - 128)
                }
                (None, code) => (code.unwrap_or(-1), 0),
            });
            self.exit_unseen = true;
            self.pidfd = None;
        }
    }
}

/// The pid (in edgebox's namespace) of the sandbox's init, once bubblewrap reports the start
/// (`{"child-pid": N, ...}` on its status pipe); None if the pipe closed first (no sandbox).
fn started(status: &mut File) -> Option<i32> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let text = String::from_utf8_lossy(&seen);
        if let Some(at) = text.find("\"child-pid\"") {
            let rest = &text[at + 11..];
            if let Some(end) = rest.find([',', '}']) {
                let digits: String = rest[..end].chars().filter(char::is_ascii_digit).collect();
                return digits.parse().ok();
            }
        }
        match status.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

/// The first child of `pid` (the command under the sandbox's init), from /proc; the init
/// forks it just after bubblewrap reports the start, so a kill right after the spawn waits for
/// it (up to 100 ms).
fn first_child(pid: i32) -> Option<i32> {
    let list = format!("/proc/{pid}/task/{pid}/children");
    for _ in 0..100 {
        let children = std::fs::read_to_string(&list).ok()?;
        if let Some(child) = children.split_whitespace().next() {
            return child.parse().ok();
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    None
}

fn stdio_of(stdio: Stdio) -> std::process::Stdio {
    match stdio {
        Stdio::Pipe => std::process::Stdio::piped(),
        Stdio::Inherit => std::process::Stdio::inherit(),
        Stdio::Ignore => std::process::Stdio::null(),
    }
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two fds pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: both fds were just created and are owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn set_nonblocking(fd: RawFd) {
    // SAFETY: fcntl on an fd we own.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
    }
}

/// A pidfd of `pid` (Linux 5.3+), readable once it exits; None where unsupported (the exit is
/// then noticed when its pipes close, or at the next look).
fn pidfd_open(pid: i32) -> Option<OwnedFd> {
    // SAFETY: plain syscall; a non-negative result is a new fd that we own.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}
