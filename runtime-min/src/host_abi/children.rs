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

use super::commands::{Launch, Refusal, Stdio};
use super::sandbox::bwrap_args;
use super::Errno;

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
    /// Readable when the process exits.
    pidfd: Option<OwnedFd>,
    /// (exit code or -1, signal or 0), once reaped.
    exit: Option<(i32, i32)>,
    /// Exited, and the guest has not asked yet.
    exit_unseen: bool,
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
                if !started(&mut read) {
                    let code = child.wait().ok().and_then(|s| s.code()).unwrap_or(-1);
                    return Err(Refusal {
                        errno: Errno::Nosys,
                        message: format!(
                            "bubblewrap could not set up the sandbox (it exited with {code}; its \
                             message is on stderr): this host may not allow unprivileged user \
                             namespaces, or set \"osSandbox\": false in the policy"
                        ),
                    });
                }
                Some(read)
            }
            None => None,
        };
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
                pidfd,
                exit: None,
                exit_unseen: false,
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
        // SAFETY: plain syscall; the pid is our unreaped child, so it cannot have been reused.
        if unsafe { libc::kill(process.child.id() as i32, signal) } != 0 {
            return Err(Errno::from_io(&std::io::Error::last_os_error()));
        }
        Ok(())
    }

    /// Forgets `handle`, closing its pipes.
    pub(crate) fn release(&mut self, handle: u32) -> Result<(), Errno> {
        self.table.remove(&handle).map(drop).ok_or(Errno::Badf)
    }

    /// The fds whose readiness `edgebox.wait` watches for the children, with their events;
    /// `true` first when a child already has news (an exit the guest has not seen); `true`
    /// second when a running child has no pidfd (its exit must be looked for).
    pub(crate) fn poll_set(&mut self) -> (bool, bool, Vec<libc::pollfd>) {
        let mut news = false;
        let mut blind = false;
        let mut fds = Vec::new();
        let watch = |fd: RawFd, events| libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        for process in self.table.values_mut() {
            if process.exit.is_none() {
                process.reap();
            }
            news |= process.exit_unseen;
            for pipe in [
                process.stdout.as_ref().map(|p| p.as_raw_fd()),
                process.stderr.as_ref().map(|p| p.as_raw_fd()),
            ]
            .into_iter()
            .flatten()
            {
                fds.push(watch(pipe, libc::POLLIN));
            }
            if let (true, Some(stdin)) = (process.stdin_full, &process.stdin) {
                fds.push(watch(stdin.as_raw_fd(), libc::POLLOUT));
            }
            match (process.exit, &process.pidfd) {
                (None, Some(pidfd)) => fds.push(watch(pidfd.as_raw_fd(), libc::POLLIN)),
                (None, None) => blind = true,
                _ => {}
            }
        }
        (news, blind, fds)
    }
}

impl Process {
    /// Records the exit status if the child has exited (without blocking).
    fn reap(&mut self) {
        if self.exit.is_some() {
            return;
        }
        if let Ok(Some(status)) = self.child.try_wait() {
            self.exit = Some(match status.signal() {
                Some(signal) => (-1, signal),
                None => (status.code().unwrap_or(-1), 0),
            });
            self.exit_unseen = true;
            self.pidfd = None;
        }
    }
}

/// Whether bubblewrap reported the command's start (`"child-pid"`) before closing the pipe.
fn started(status: &mut File) -> bool {
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !seen.windows(11).any(|w| w == b"\"child-pid\"") {
        match status.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    true
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
