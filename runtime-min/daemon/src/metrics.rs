//! The daemon's counters, and their Prometheus text exposition (`/metrics`).

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the request latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Everything `/metrics` reports; shared by the server, the workers and the admin listener.
pub struct Metrics {
    /// Requests answered, by status code.
    by_status: Mutex<Vec<(u16, u64)>>,
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_ns: AtomicU64,
    /// Requests stopped by a time limit (answered 504).
    pub timeouts: AtomicU64,
    /// Requests that found no ready instance.
    pub pool_misses: AtomicU64,
    /// Instances reset after a request.
    pub resets: AtomicU64,
    reset_ns: AtomicU64,
    reset_pages: AtomicU64,
    /// Instances dropped because they could not be reset exactly.
    pub discarded: AtomicU64,
    /// Instances made from the image.
    pub created: AtomicU64,
    create_ns: AtomicU64,
    /// Ready instances, per worker.
    ready: Vec<AtomicUsize>,
    /// Whether each worker has filled its pool once, and how many have.
    filled_once: Vec<AtomicBool>,
    filled: AtomicUsize,
    /// Set when the daemon starts draining.
    pub draining: AtomicBool,
    /// The image's size in bytes.
    pub image_bytes: u64,
}

impl Metrics {
    /// Counters for `workers` workers.
    pub fn new(workers: usize, image_bytes: u64) -> Metrics {
        Metrics {
            by_status: Mutex::new(Vec::new()),
            latency_buckets: Default::default(),
            latency_count: AtomicU64::new(0),
            latency_sum_ns: AtomicU64::new(0),
            timeouts: AtomicU64::new(0),
            pool_misses: AtomicU64::new(0),
            resets: AtomicU64::new(0),
            reset_ns: AtomicU64::new(0),
            reset_pages: AtomicU64::new(0),
            discarded: AtomicU64::new(0),
            created: AtomicU64::new(0),
            create_ns: AtomicU64::new(0),
            ready: (0..workers).map(|_| AtomicUsize::new(0)).collect(),
            filled_once: (0..workers).map(|_| AtomicBool::new(false)).collect(),
            filled: AtomicUsize::new(0),
            draining: AtomicBool::new(false),
            image_bytes,
        }
    }

    /// A request was answered with `status` after `took`.
    pub fn request(&self, status: u16, took: Duration) {
        {
            let mut by_status = self.by_status.lock().unwrap_or_else(|e| e.into_inner());
            match by_status.iter_mut().find(|(s, _)| *s == status) {
                Some((_, n)) => *n += 1,
                None => {
                    by_status.push((status, 1));
                    by_status.sort_unstable();
                }
            }
        }
        let seconds = took.as_secs_f64();
        for (bucket, bound) in self.latency_buckets.iter().zip(BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Relaxed);
        self.latency_sum_ns
            .fetch_add(took.as_nanos() as u64, Relaxed);
    }

    /// An instance was reset (`kept`) or dropped.
    pub fn recycled(&self, took: Duration, copied: Option<usize>) {
        if let Some(pages) = copied {
            self.resets.fetch_add(1, Relaxed);
            self.reset_ns.fetch_add(took.as_nanos() as u64, Relaxed);
            self.reset_pages.fetch_add(pages as u64, Relaxed);
        } else {
            self.discarded.fetch_add(1, Relaxed);
        }
    }

    /// An instance was made from the image.
    pub fn created(&self, took: Duration) {
        self.created.fetch_add(1, Relaxed);
        self.create_ns.fetch_add(took.as_nanos() as u64, Relaxed);
    }

    /// Worker `worker` holds `ready` instances (`full`: as many as it keeps).
    pub fn pool(&self, worker: usize, ready: usize, full: bool) {
        self.ready[worker].store(ready, Relaxed);
        if full && !self.filled_once[worker].swap(true, Relaxed) {
            self.filled.fetch_add(1, Relaxed);
        }
    }

    /// Every worker has filled its pool and the daemon is not draining.
    pub fn ready(&self) -> bool {
        self.filled.load(Relaxed) >= self.ready.len() && !self.draining.load(Relaxed)
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let metric = |out: &mut String, name: &str, kind: &str, help: &str, value: f64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        out.push_str("# HELP edgeboxd_requests_total Requests answered, by status code.\n");
        out.push_str("# TYPE edgeboxd_requests_total counter\n");
        for (status, n) in self
            .by_status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(out, "edgeboxd_requests_total{{status=\"{status}\"}} {n}");
        }
        out.push_str("# HELP edgeboxd_request_duration_seconds Time from the request to the end of its run.\n");
        out.push_str("# TYPE edgeboxd_request_duration_seconds histogram\n");
        for (bucket, bound) in self.latency_buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "edgeboxd_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Relaxed)
            );
        }
        let count = self.latency_count.load(Relaxed);
        let _ = writeln!(
            out,
            "edgeboxd_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "edgeboxd_request_duration_seconds_sum {}",
            self.latency_sum_ns.load(Relaxed) as f64 / 1e9
        );
        let _ = writeln!(out, "edgeboxd_request_duration_seconds_count {count}");
        let ready: usize = self.ready.iter().map(|r| r.load(Relaxed)).sum();
        let n = |counter: &AtomicU64| counter.load(Relaxed) as f64;
        let seconds = |ns: &AtomicU64| ns.load(Relaxed) as f64 / 1e9;
        let rows: [(&str, &str, &str, f64); 11] = [
            (
                "edgeboxd_pool_ready",
                "gauge",
                "Instances ready to serve.",
                ready as f64,
            ),
            (
                "edgeboxd_pool_misses_total",
                "counter",
                "Requests that found no ready instance.",
                n(&self.pool_misses),
            ),
            (
                "edgeboxd_timeouts_total",
                "counter",
                "Requests stopped by a time limit (504).",
                n(&self.timeouts),
            ),
            (
                "edgeboxd_resets_total",
                "counter",
                "Instances reset to the image after a request.",
                n(&self.resets),
            ),
            (
                "edgeboxd_reset_seconds_total",
                "counter",
                "Time spent resetting instances.",
                seconds(&self.reset_ns),
            ),
            (
                "edgeboxd_reset_pages_total",
                "counter",
                "Pages of the image copied back into instances by resets (the pages requests wrote).",
                n(&self.reset_pages),
            ),
            (
                "edgeboxd_discarded_total",
                "counter",
                "Instances dropped because they could not be reset exactly.",
                n(&self.discarded),
            ),
            (
                "edgeboxd_instances_created_total",
                "counter",
                "Instances made from the image.",
                n(&self.created),
            ),
            (
                "edgeboxd_instance_create_seconds_total",
                "counter",
                "Time spent making instances from the image.",
                seconds(&self.create_ns),
            ),
            (
                "edgeboxd_image_bytes",
                "gauge",
                "Size of the memory image every request starts from.",
                self.image_bytes as f64,
            ),
            (
                "edgeboxd_draining",
                "gauge",
                "1 once the daemon drains (SIGTERM / SIGINT).",
                f64::from(u8::from(self.draining.load(Relaxed))),
            ),
        ];
        for (name, kind, help, value) in rows {
            metric(&mut out, name, kind, help, value);
        }
        out
    }
}
