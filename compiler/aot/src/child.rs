//! Running several compilations side by side, each in a forked child process.
//!
//! WAMR's compiler is not reentrant (global state in its runtime copy and its error buffer), so
//! one process compiles one module at a time; a child process of its own per unit is what lets
//! the units of [`crate::compile_split`] use every core. Forking a process that may have other
//! threads is safe here because the caller holds [`crate::COMPILER`] across the forks (no other
//! thread is inside WAMR or LLVM), glibc's `fork` leaves `malloc` usable in the child, and the
//! child closes every file descriptor but its result file, runs only the C driver and writes
//! its result before `_exit`, touching no other lock, running no destructor and returning to
//! no Rust caller. (A fatal LLVM error in the child would still `exit`; it is reported as a
//! child that ended without a result.)

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;

use crate::{AotError, DriverFailure, Job};

/// How a child's result file starts.
const RESULT_IMAGE: u8 = 0;
const RESULT_FAILURE: u8 = 1;

/// The child's exit status when it could not write its result.
const WRITE_FAILED: i32 = 70;

/// A started child: its process and the file it writes its result to.
pub(crate) struct UnitProcess {
    pid: libc::pid_t,
    result: File,
    start: u32,
    end: u32,
}

impl UnitProcess {
    fn error(&self, what: String) -> AotError {
        AotError::Child {
            start: self.start,
            end: self.end,
            what,
        }
    }
}

/// Starts every job in a child process of its own. The caller holds [`crate::COMPILER`] and
/// may release it once this returns. On failure, the children already started are stopped.
pub(crate) fn start_all(jobs: &mut [Job]) -> Result<Vec<UnitProcess>, AotError> {
    let mut children = Vec::with_capacity(jobs.len());
    for job in jobs.iter_mut() {
        match start(job) {
            Ok(child) => children.push(child),
            Err(error) => {
                stop(children);
                return Err(error);
            }
        }
    }
    Ok(children)
}

/// Waits for every child in order and returns their images; at the first failure, stops the
/// others and returns it.
pub(crate) fn finish_all(children: Vec<UnitProcess>) -> Result<Vec<Vec<u8>>, AotError> {
    let mut images = Vec::with_capacity(children.len());
    let mut children = children.into_iter();
    while let Some(child) = children.next() {
        match finish(child) {
            Ok(image) => images.push(image),
            Err(error) => {
                stop(children.collect());
                return Err(error);
            }
        }
    }
    Ok(images)
}

/// Kills and reaps children whose results are no longer wanted.
fn stop(children: Vec<UnitProcess>) {
    for child in children {
        // SAFETY: a plain syscall on a child this module started and has not reaped.
        unsafe { libc::kill(child.pid, libc::SIGKILL) };
        let _ = wait(child.pid);
    }
}

/// Forks a child that compiles `job` and writes the result to a fresh temporary file.
fn start(job: &mut Job) -> Result<UnitProcess, AotError> {
    let error = |what: String| AotError::Child {
        start: job.func_begin,
        end: job.func_end,
        what,
    };
    let result = tempfile::tempfile().map_err(|e| error(format!("has no result file: {e}")))?;
    // SAFETY: getpid has no preconditions.
    let parent = unsafe { libc::getpid() };
    // SAFETY: see the module comment; the child never returns from this block.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        let e = std::io::Error::last_os_error();
        return Err(error(format!("could not be started: {e}")));
    }
    if pid == 0 {
        run_child(job, &result, parent);
    }
    Ok(UnitProcess {
        pid,
        result,
        start: job.func_begin,
        end: job.func_end,
    })
}

/// The child's whole life: compile, write the result, `_exit`.
fn run_child(job: &mut Job, result: &File, parent: libc::pid_t) -> ! {
    // SAFETY: plain syscalls on this (single-threaded) child process. The compile must not
    // outlive an edgeboxc that was killed (checked again after the prctl, which would miss a
    // parent that died before it).
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        if libc::getppid() != parent {
            libc::_exit(WRITE_FAILED);
        }
    }
    close_inherited_fds(result.as_raw_fd());
    let mut out = result;
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        out.write_all(&encode(job.run())).is_ok()
    }));
    let status = if matches!(written, Ok(true)) {
        0
    } else {
        WRITE_FAILED
    };
    // SAFETY: ends the child without running the parent's destructors or atexit handlers.
    unsafe { libc::_exit(status) }
}

/// Closes every descriptor above stdio but `keep`, so that the child holds none of the parent's
/// (another thread's pipes would otherwise stay open until the compile ends): `close_range`
/// where the kernel has it (5.9+), else one `close` per possible descriptor.
fn close_inherited_fds(keep: libc::c_int) {
    let keep = keep as libc::c_uint;
    let ranges = [
        (3, keep.saturating_sub(1)),
        (keep.max(2) + 1, libc::c_uint::MAX),
    ];
    for (first, last) in ranges.into_iter().filter(|(first, last)| first <= last) {
        // SAFETY: closing descriptors of this process; none is in use by Rust code here.
        let closed = unsafe { libc::syscall(libc::SYS_close_range, first, last, 0u32) } == 0;
        if !closed {
            // SAFETY: as above; getrlimit only writes `limit`.
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            let max = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
                limit.rlim_cur.min(65_536) as libc::c_uint
            } else {
                1024
            };
            for fd in first..=last.min(max) {
                // SAFETY: as above.
                unsafe { libc::close(fd as libc::c_int) };
            }
        }
    }
}

/// Waits for a child and reads its result.
fn finish(mut child: UnitProcess) -> Result<Vec<u8>, AotError> {
    let status =
        wait(child.pid).map_err(|e| child.error(format!("could not be waited for: {e}")))?;
    if libc::WIFSIGNALED(status) {
        return Err(child.error(format!("died from signal {}", libc::WTERMSIG(status))));
    }
    match libc::WEXITSTATUS(status) {
        0 => {}
        WRITE_FAILED => {
            return Err(
                child.error("could not write its result (is the temporary folder full?)".into())
            )
        }
        code => {
            return Err(child.error(format!(
                "exited with status {code} without a result (a fatal LLVM error?)"
            )))
        }
    }
    let mut bytes = Vec::new();
    child
        .result
        .seek(SeekFrom::Start(0))
        .and_then(|_| child.result.read_to_end(&mut bytes))
        .map_err(|e| child.error(format!("left an unreadable result: {e}")))?;
    decode(&bytes).ok_or_else(|| child.error("left a malformed result".into()))?
}

/// Waits for `pid` to end, retrying on interruption; returns its wait status.
fn wait(pid: libc::pid_t) -> std::io::Result<i32> {
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child and writes only `status`.
        if unsafe { libc::waitpid(pid, &mut status, 0) } == pid {
            return Ok(status);
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// A driver result as the child writes it: `RESULT_IMAGE` and the image, or `RESULT_FAILURE`,
/// the status code (little-endian) and the message.
fn encode(result: Result<Vec<u8>, DriverFailure>) -> Vec<u8> {
    match result {
        Ok(image) => [&[RESULT_IMAGE][..], &image].concat(),
        Err(DriverFailure { code, message }) => [
            &[RESULT_FAILURE][..],
            &code.to_le_bytes(),
            message.as_bytes(),
        ]
        .concat(),
    }
}

fn decode(bytes: &[u8]) -> Option<Result<Vec<u8>, AotError>> {
    match bytes.split_first()? {
        (&RESULT_IMAGE, image) => Some(Ok(image.to_vec())),
        (&RESULT_FAILURE, rest) => {
            let (code, message) = rest.split_first_chunk::<4>()?;
            Some(Err(DriverFailure {
                code: i32::from_le_bytes(*code),
                message: String::from_utf8_lossy(message).into_owned(),
            }
            .into()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_round_trip() {
        let image = decode(&encode(Ok(b"\0aot...".to_vec()))).unwrap().unwrap();
        assert_eq!(image, b"\0aot...");
        let failure = DriverFailure {
            code: crate::ffi::code::COMPILE,
            message: "bad".into(),
        };
        let error = decode(&encode(Err(failure))).unwrap().unwrap_err();
        assert!(
            matches!(error, AotError::Compile { ref message, .. } if message == "bad"),
            "{error:?}"
        );
        assert!(decode(&[]).is_none());
        assert!(decode(&[RESULT_FAILURE, 1]).is_none());
        assert!(decode(&[7]).is_none());
    }
}
