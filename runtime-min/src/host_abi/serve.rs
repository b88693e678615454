//! The serving calls of the host ABI (`serve_request`, `serve_body`, `serve_respond`,
//! `serve_write`, `serve_end`): the request an edgeboxd instance serves, held for the thread
//! that runs it while [`crate::serve`] calls the guest's `edgebox_serve_handle`. Without one
//! (edgebox, or edgeboxd between requests) every call fails with -ENOSYS.

use std::cell::RefCell;

use serde::Deserialize;

use super::{guest_bytes, guest_bytes_mut, Errno, ExecEnv};

/// The client has gone: nothing more can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// One request, as the daemon hands it to a worker, and where its response goes.
pub trait Exchange: Send {
    /// The head as the guest reads it: JSON `{"method", "url", "headers": [[name, value]]}`.
    fn head_json(&self) -> &[u8];
    /// The whole request body.
    fn body(&self) -> &[u8];
    /// Sends the response head (once).
    fn respond(&mut self, status: u16, headers: Vec<(String, String)>) -> Result<(), Gone>;
    /// Sends response-body bytes (after the head); may wait while the client is slow.
    fn write(&mut self, bytes: &[u8]) -> Result<(), Gone>;
    /// Ends the response body.
    fn end(&mut self);
    /// The instance is done with the request: how its run ended and how far the response got
    /// (the daemon answers what the app did not, and logs the request).
    fn finish(self: Box<Self>, served: crate::serve::Served);
}

/// Where a response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// No head sent.
    Nothing,
    /// The head (with this status) was sent, the body not ended.
    Head(u16),
    /// The whole response (with this status) was sent.
    Done(u16),
}

struct Current {
    exchange: Box<dyn Exchange>,
    /// How much of the body the guest has read.
    read: usize,
    progress: Progress,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// Makes `exchange` the request this thread's instance serves.
pub(crate) fn begin(exchange: Box<dyn Exchange>) {
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Current {
            exchange,
            read: 0,
            progress: Progress::Nothing,
        })
    });
}

/// Takes the request back once the instance is done with it, with how far its response got.
pub(crate) fn finish() -> Option<(Box<dyn Exchange>, Progress)> {
    CURRENT.with(|c| c.borrow_mut().take().map(|c| (c.exchange, c.progress)))
}

fn with_current(f: impl FnOnce(&mut Current) -> i32) -> i32 {
    CURRENT.with(|c| match c.borrow_mut().as_mut() {
        Some(current) => f(current),
        None => Errno::Nosys.negated(),
    })
}

pub(super) extern "C" fn request(_env: ExecEnv, buf: *mut u8, len: u32) -> i32 {
    with_current(|c| {
        let head = c.exchange.head_json();
        let n = head.len().min(len as usize);
        guest_bytes_mut(buf, n as u32).copy_from_slice(&head[..n]);
        i32::try_from(head.len()).unwrap_or(i32::MAX)
    })
}

pub(super) extern "C" fn body(_env: ExecEnv, buf: *mut u8, len: u32) -> i32 {
    with_current(|c| {
        let rest = &c.exchange.body()[c.read..];
        let n = rest.len().min(len as usize);
        guest_bytes_mut(buf, n as u32).copy_from_slice(&rest[..n]);
        c.read += n;
        n as i32
    })
}

/// The response head the guest sends.
#[derive(Deserialize)]
struct Head {
    status: u16,
    headers: Vec<(String, String)>,
}

pub(super) extern "C" fn respond(_env: ExecEnv, head: *const u8, len: u32) -> i32 {
    let head = guest_bytes(head, len);
    with_current(|c| {
        let Ok(head) = serde_json::from_slice::<Head>(head) else {
            return Errno::Inval.negated();
        };
        if c.progress != Progress::Nothing || !(200..=599).contains(&head.status) {
            return Errno::Inval.negated();
        }
        match c.exchange.respond(head.status, head.headers) {
            Ok(()) => {
                c.progress = Progress::Head(head.status);
                0
            }
            Err(Gone) => Errno::Pipe.negated(),
        }
    })
}

pub(super) extern "C" fn write(_env: ExecEnv, buf: *const u8, len: u32) -> i32 {
    let bytes = guest_bytes(buf, len);
    with_current(|c| {
        if !matches!(c.progress, Progress::Head(_)) {
            return Errno::Inval.negated();
        }
        match c.exchange.write(bytes) {
            Ok(()) => len as i32,
            Err(Gone) => Errno::Pipe.negated(),
        }
    })
}

pub(super) extern "C" fn end(_env: ExecEnv) -> i32 {
    with_current(|c| match c.progress {
        Progress::Head(status) => {
            c.exchange.end();
            c.progress = Progress::Done(status);
            0
        }
        _ => Errno::Inval.negated(),
    })
}
