//! The requests waiting for a worker: the server pushes, the workers take (one queue for all,
//! so that a free worker takes the next request whichever connection it came on).

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use edgebox_runtime_min::serve::Jobs;
use edgebox_runtime_min::Exchange;

use crate::metrics::Metrics;

#[derive(Default)]
struct State {
    jobs: VecDeque<Box<dyn Exchange>>,
    closed: bool,
}

/// The queue, and what the workers report through it.
pub struct Queue {
    state: Mutex<State>,
    wake: Condvar,
    metrics: Arc<Metrics>,
    pool_per_worker: usize,
}

impl Queue {
    /// An open, empty queue.
    pub fn new(metrics: Arc<Metrics>, pool_per_worker: usize) -> Queue {
        Queue {
            state: Mutex::default(),
            wake: Condvar::new(),
            metrics,
            pool_per_worker,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a request; gives it back when the queue is closed (the daemon is stopping).
    pub fn push(&self, job: Box<dyn Exchange>) -> Result<(), Box<dyn Exchange>> {
        let mut state = self.lock();
        if state.closed {
            return Err(job);
        }
        state.jobs.push_back(job);
        drop(state);
        self.wake.notify_one();
        Ok(())
    }

    /// No more requests: the workers stop once the queue is empty.
    pub fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }
}

impl Jobs for Queue {
    fn next(&self) -> Option<Box<dyn Exchange>> {
        let state = self.lock();
        let mut state = self
            .wake
            .wait_while(state, |s| s.jobs.is_empty() && !s.closed)
            .unwrap_or_else(|e| e.into_inner());
        state.jobs.pop_front()
    }

    fn recycled(&self, took: Duration, copied: Option<usize>) {
        self.metrics.recycled(took, copied);
    }

    fn created(&self, took: Duration) {
        self.metrics.created(took);
    }

    fn pool(&self, worker: usize, ready: usize) {
        self.metrics
            .pool(worker, ready, ready >= self.pool_per_worker);
    }
}
