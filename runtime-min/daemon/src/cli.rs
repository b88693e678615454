//! The command line: `edgeboxd <app.aot | app.wasm> [options]`. Every option overrides the
//! same field of the policy's `daemon` section.

use std::path::PathBuf;

use clap::Parser;

/// Serves an EdgeBox app's fetch handler (`export default { fetch(request) }`) over HTTP/1.1:
/// every request runs in a fresh instance in the app's started state, under the app's policy
/// (.edgebox.json, as for edgebox).
#[derive(Debug, Parser)]
#[command(name = "edgeboxd", version)]
pub struct Args {
    /// The .aot or .wasm that `edgeboxc build` wrote.
    pub artifact: PathBuf,
    /// The policy file (default: <folder>/<stem>.edgebox.json beside the artifact).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The address to listen on [policy: daemon.host; default 127.0.0.1].
    #[arg(long)]
    pub host: Option<String>,
    /// The port to listen on, 0 for any free one [daemon.port; default 8080].
    #[arg(long)]
    pub port: Option<u16>,
    /// Instances kept ready, over all workers [daemon.pool_size; default 2 per worker].
    #[arg(long, value_name = "N")]
    pub pool_size: Option<u32>,
    /// Threads that run instances: requests served at once [daemon.workers; default: the
    /// CPUs this process may use].
    #[arg(long, value_name = "N")]
    pub workers: Option<u32>,
    /// Most milliseconds a request may run, then 504 [daemon.exec_timeout_ms; default 30000].
    #[arg(long, value_name = "MS")]
    pub exec_timeout_ms: Option<u32>,
    /// The largest request body accepted, then 413 [daemon.max_body_bytes; default 10 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_body_bytes: Option<u64>,
    /// Serve /healthz, /readyz and /metrics (Prometheus) on this port of the same host.
    #[arg(long, value_name = "PORT")]
    pub admin_port: Option<u16>,
}
