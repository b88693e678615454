//! Running several compilations side by side, each in a forked child process.
//!
//! WAMR's compiler is not reentrant (global state in its runtime copy and its error buffer), so
//! one process compiles one module at a time; a child process of its own per unit is what lets
//! the units of [`crate::compile_split`] use every core. Forking a process that may have other
//! threads is safe here because the parent holds [`crate::COMPILER`] across the forks (no other
//! thread is inside WAMR or LLVM), glibc's `fork` leaves `malloc` usable in the child, and the
//! child runs only the C driver and writes its result to a file before `_exit`, touching no
//! other lock, running no destructor and returning to no Rust caller.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use crate::{AotError, DriverFailure, Job};

/// How a child's result file starts.
const OK: u8 = 0;
const FAILED: u8 = 1;

/// A started child: its process and the file it writes its result to.
struct Child {
    pid: libc::pid_t,
    result: File,
    start: u32,
    end: u32,
}

/// Runs every job in a child process of its own, all at once, and returns their images in
/// order. The caller holds [`crate::COMPILER`].
pub(crate) fn run_all(jobs: &mut [Job]) -> Result<Vec<Vec<u8>>, AotError> {
    let mut children = Vec::with_capacity(jobs.len());
    for job in jobs.iter_mut() {
        match start(job) {
            Ok(child) => children.push(child),
            Err(error) => {
                for child in children {
                    // SAFETY: plain syscalls on a child this function started.
                    unsafe { libc::kill(child.pid, libc::SIGKILL) };
                    let _ = wait(child.pid);
                }
                return Err(error);
            }
        }
    }
    let mut images = Vec::with_capacity(children.len());
    let mut first_error = None;
    for child in children {
        match finish(child) {
            Ok(image) => images.push(image),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(images),
    }
}

fn child_error(job: &Job, what: String) -> AotError {
    AotError::Child {
        start: job.func_begin,
        end: job.func_end,
        what,
    }
}

/// Forks a child that compiles `job` and writes the result to a fresh temporary file.
fn start(job: &mut Job) -> Result<Child, AotError> {
    let result =
        tempfile::tempfile().map_err(|e| child_error(job, format!("has no result file: {e}")))?;
    // SAFETY: see the module comment; the child never returns from this block.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        let error = std::io::Error::last_os_error();
        return Err(child_error(job, format!("could not be started: {error}")));
    }
    if pid == 0 {
        // SAFETY: prctl only sets this process's parent-death signal; the compile must not
        // outlive an edgeboxc that was killed.
        unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
        let mut out = &result;
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let encoded = encode(job.run());
            out.write_all(&encoded).is_ok()
        }));
        let status = if matches!(written, Ok(true)) { 0 } else { 70 };
        // SAFETY: ends the child without running the parent's destructors or atexit handlers.
        unsafe { libc::_exit(status) };
    }
    Ok(Child {
        pid,
        result,
        start: job.func_begin,
        end: job.func_end,
    })
}

/// Waits for a child and reads its result.
fn finish(mut child: Child) -> Result<Vec<u8>, AotError> {
    let error = |what: String| AotError::Child {
        start: child.start,
        end: child.end,
        what,
    };
    let status = wait(child.pid).map_err(|e| error(format!("could not be waited for: {e}")))?;
    if libc::WIFSIGNALED(status) {
        return Err(error(format!(
            "died from signal {}",
            libc::WTERMSIG(status)
        )));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(error(format!(
            "exited with status {} without a result",
            libc::WEXITSTATUS(status)
        )));
    }
    let mut bytes = Vec::new();
    child
        .result
        .seek(SeekFrom::Start(0))
        .and_then(|_| child.result.read_to_end(&mut bytes))
        .map_err(|e| error(format!("left an unreadable result: {e}")))?;
    decode(&bytes).ok_or_else(|| error("left a malformed result".into()))?
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

/// A driver result as the child writes it: `OK` and the image, or `FAILED`, the status code
/// (little-endian) and the message.
fn encode(result: Result<Vec<u8>, DriverFailure>) -> Vec<u8> {
    match result {
        Ok(image) => [&[OK][..], &image].concat(),
        Err(DriverFailure { code, message }) => {
            [&[FAILED][..], &code.to_le_bytes(), message.as_bytes()].concat()
        }
    }
}

fn decode(bytes: &[u8]) -> Option<Result<Vec<u8>, AotError>> {
    match bytes.split_first()? {
        (&OK, image) => Some(Ok(image.to_vec())),
        (&FAILED, rest) => {
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
        assert!(decode(&[FAILED, 1]).is_none());
        assert!(decode(&[7]).is_none());
    }
}
