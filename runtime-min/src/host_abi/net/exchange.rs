//! One HTTP exchange, shared by the guest (through the host functions) and the thread that
//! performs it: the request body the guest streams in, the response head, the response body
//! the thread streams out. Both sides block only on their own condition; the thread tells the
//! guest of news through the run's [`Notifier`](super::notify::Notifier).

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::notify::Notifier;

/// Bytes buffered on either side before the writer is held back (the guest gets -EAGAIN, the
/// thread stops reading the socket).
pub(crate) const HIGH_WATER: usize = 256 << 10;

/// How an exchange failed, in Node's terms: `code` is Node's error code (`ECONNREFUSED`,
/// `ENOTFOUND`, `EACCES` for a policy denial, ...), `message` what Node's error says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// What `last_error` gives the guest: the code, a space, the message.
    pub(crate) fn render(&self) -> String {
        format!("{} {}", self.code, self.message)
    }
}

/// The response head as the guest reads it (JSON).
#[derive(Debug, serde::Serialize)]
pub(crate) struct Head {
    pub(crate) status: u16,
    #[serde(rename = "statusText")]
    pub(crate) status_text: String,
    /// In the order received, names lower-cased.
    pub(crate) headers: Vec<(String, String)>,
}

#[derive(Default)]
struct State {
    /// The request body not yet sent.
    upload: VecDeque<u8>,
    /// The guest has ended the request body.
    upload_ended: bool,
    /// The guest was told the upload buffer is full: tell it when there is room again.
    upload_full: bool,
    head: Option<Result<String, Failure>>,
    /// The response body not yet read by the guest.
    download: VecDeque<u8>,
    /// The body ended (Ok) or broke off (Err).
    download_end: Option<Result<(), Failure>>,
    /// The guest let go of the exchange: stop.
    released: bool,
    /// Something the guest has not looked at yet.
    news: bool,
}

/// See the module documentation.
pub(crate) struct Exchange {
    state: Mutex<State>,
    /// Signalled when the guest adds upload bytes, ends the upload, reads download bytes or
    /// lets go.
    guest_moved: Condvar,
    notifier: Arc<Notifier>,
}

/// What [`Exchange::read`] found.
pub(crate) enum Chunk {
    Bytes(usize),
    End,
    Pending,
    Broken(Failure),
}

impl Exchange {
    pub(crate) fn new(notifier: Arc<Notifier>, upload_ended: bool) -> Arc<Exchange> {
        Arc::new(Exchange {
            state: Mutex::new(State {
                upload_ended,
                ..State::default()
            }),
            guest_moved: Condvar::new(),
            notifier,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn tell_guest(&self, mut state: MutexGuard<'_, State>) {
        state.news = true;
        drop(state);
        self.notifier.notify();
    }

    // ---- the guest's side ----

    /// Queues request-body bytes; `None` when the buffer is full (the guest is told when it
    /// drains).
    pub(crate) fn write(&self, bytes: &[u8]) -> Option<usize> {
        let mut state = self.lock();
        let room = HIGH_WATER.saturating_sub(state.upload.len());
        if room == 0 && !bytes.is_empty() {
            state.upload_full = true;
            return None;
        }
        let n = room.min(bytes.len());
        state.upload.extend(&bytes[..n]);
        drop(state);
        self.guest_moved.notify_all();
        Some(n)
    }

    pub(crate) fn end_upload(&self) {
        self.lock().upload_ended = true;
        self.guest_moved.notify_all();
    }

    /// The response head (JSON) or the failure, once known.
    pub(crate) fn head(&self) -> Option<Result<String, Failure>> {
        let mut state = self.lock();
        state.news = false;
        state.head.clone()
    }

    pub(crate) fn read(&self, buf: &mut [u8]) -> Chunk {
        let mut state = self.lock();
        state.news = false;
        if !state.download.is_empty() {
            let n = buf.len().min(state.download.len());
            for (dst, src) in buf.iter_mut().zip(state.download.drain(..n)) {
                *dst = src;
            }
            drop(state);
            self.guest_moved.notify_all();
            return Chunk::Bytes(n);
        }
        match &state.download_end {
            Some(Ok(())) => Chunk::End,
            Some(Err(f)) => Chunk::Broken(f.clone()),
            None => Chunk::Pending,
        }
    }

    pub(crate) fn release(&self) {
        self.lock().released = true;
        self.guest_moved.notify_all();
    }

    /// Whether something happened that the guest has not looked at.
    pub(crate) fn has_news(&self) -> bool {
        self.lock().news
    }

    // ---- the thread's side ----

    pub(crate) fn released(&self) -> bool {
        self.lock().released
    }

    pub(crate) fn set_head(&self, head: Result<String, Failure>) {
        let mut state = self.lock();
        state.head = Some(head);
        self.tell_guest(state);
    }

    /// Waits until the guest has read the download buffer below [`HIGH_WATER`]; false when it
    /// let go instead.
    pub(crate) fn wait_for_room(&self) -> bool {
        let mut state = self.lock();
        while state.download.len() >= HIGH_WATER && !state.released {
            state = self
                .guest_moved
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        !state.released
    }

    pub(crate) fn push_download(&self, bytes: &[u8]) {
        let mut state = self.lock();
        state.download.extend(bytes);
        self.tell_guest(state);
    }

    pub(crate) fn end_download(&self, end: Result<(), Failure>) {
        let mut state = self.lock();
        state.download_end = Some(end);
        self.tell_guest(state);
    }
}

/// The request body as the HTTP client reads it: what the guest writes, until it ends it.
pub(crate) struct Upload(pub(crate) Arc<Exchange>);

impl Read for Upload {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let ex = &self.0;
        let mut state = ex.lock();
        loop {
            if state.released {
                return Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "request aborted",
                ));
            }
            if !state.upload.is_empty() {
                let n = buf.len().min(state.upload.len());
                for (dst, src) in buf.iter_mut().zip(state.upload.drain(..n)) {
                    *dst = src;
                }
                if std::mem::take(&mut state.upload_full) {
                    ex.tell_guest(state);
                }
                return Ok(n);
            }
            if state.upload_ended || buf.is_empty() {
                return Ok(0);
            }
            state = ex
                .guest_moved
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
    }
}
