//! The policy's `rateLimitRps` and `maxConnections`. A request over either limit waits on its
//! own thread (the guest's event loop runs on) until it may go, as a browser queues requests
//! past its connection limit.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// At most `per_second` requests start in any one-second window.
pub(crate) struct RateLimit {
    per_second: usize,
    starts: Mutex<VecDeque<Instant>>,
}

impl RateLimit {
    pub(crate) fn new(per_second: u32) -> RateLimit {
        RateLimit {
            per_second: per_second as usize,
            starts: Mutex::new(VecDeque::new()),
        }
    }

    /// Waits until a request may start, and counts it.
    pub(crate) fn admit(&self) {
        let window = Duration::from_secs(1);
        let mut starts = self.starts.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            while starts
                .front()
                .is_some_and(|&t| now.duration_since(t) >= window)
            {
                starts.pop_front();
            }
            if starts.len() < self.per_second {
                starts.push_back(now);
                return;
            }
            let oldest = *starts.front().expect("a full window has a first start");
            drop(starts);
            std::thread::sleep(window.saturating_sub(now.duration_since(oldest)));
            starts = self.starts.lock().unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// At most `max` exchanges hold a connection at once: from before connecting until the
/// response body is read to its end (or the guest lets go of it).
pub(crate) struct ConnectionCap {
    max: usize,
    open: Mutex<usize>,
    freed: Condvar,
}

/// One connection's place under the cap, given back when dropped.
pub(crate) struct Slot<'a>(Option<&'a ConnectionCap>);

impl ConnectionCap {
    pub(crate) fn new(max: Option<u32>) -> ConnectionCap {
        ConnectionCap {
            max: max.map_or(usize::MAX, |m| m as usize),
            open: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits for a place.
    pub(crate) fn acquire(&self) -> Slot<'_> {
        if self.max == usize::MAX {
            return Slot(None);
        }
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while *open >= self.max {
            open = self.freed.wait(open).unwrap_or_else(|e| e.into_inner());
        }
        *open += 1;
        Slot(Some(self))
    }

    /// The most idle keep-alive connections worth keeping.
    pub(crate) fn idle_limit(&self) -> usize {
        self.max.min(16)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(cap) = self.0 {
            *cap.open.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
            cap.freed.notify_one();
        }
    }
}
