//! `edgeboxd`: serves an EdgeBox app's fetch handler over HTTP/1.1, every request in a fresh
//! instance in the app's started state (runtime-min's `serve`). This file is the CLI edge: it
//! renders errors once and maps them to exit codes.

mod cli;
mod exchange;
mod metrics;
mod queue;
mod server;
mod settings;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use edgebox_runtime_min::run::RunError;
use edgebox_runtime_min::serve::{self, App, Image, ServeError};

use metrics::Metrics;
use queue::Queue;
use settings::{Settings, SettingsError};

/// How long a draining daemon waits for the requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the daemon stopped.
#[derive(Debug, thiserror::Error)]
enum DaemonError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Host(String),
}

impl DaemonError {
    /// edgebox's exit codes: 2 usage or policy, 3 the artifact or app, 4 the host.
    fn exit_code(&self) -> u8 {
        match self {
            DaemonError::Settings(_)
            | DaemonError::Serve(ServeError::Run(
                RunError::Policy(_) | RunError::Mismatch { .. },
            )) => 2,
            DaemonError::Serve(
                ServeError::Run(RunError::Artifact { .. }) | ServeError::App { .. },
            ) => 3,
            _ => 4,
        }
    }
}

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("edgeboxd: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(args: &cli::Args) -> Result<(), DaemonError> {
    let app = Arc::new(App::load(&args.artifact, args.config.as_deref())?);
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let settings = Settings::resolve(args, &app.policy().daemon, cpus)?;
    let image = Arc::new(serve::build_image(&app, Some(settings.exec_timeout_ms))?);
    let metrics = Arc::new(Metrics::new(settings.workers, image.size()));
    let queue = Arc::new(Queue::new(Arc::clone(&metrics), settings.pool_per_worker));
    let workers = start_workers(&app, &image, &settings, &queue)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| DaemonError::Host(format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(listen(args, &settings, &image, &metrics, &queue))?;
    queue.close();
    for worker in workers {
        let _ = worker.join();
    }
    eprintln!("edgeboxd: drained, exiting");
    Ok(())
}

fn start_workers(
    app: &Arc<App>,
    image: &Arc<Image>,
    settings: &Settings,
    queue: &Arc<Queue>,
) -> Result<Vec<std::thread::JoinHandle<()>>, DaemonError> {
    (0..settings.workers)
        .map(|index| {
            let (app, image, queue) = (Arc::clone(app), Arc::clone(image), Arc::clone(queue));
            let (pool, timeout) = (settings.pool_per_worker, settings.exec_timeout_ms);
            std::thread::Builder::new()
                .name(format!("edgeboxd-worker-{index}"))
                .stack_size(serve::WORKER_STACK_SIZE)
                .spawn(move || {
                    if let Err(error) =
                        serve::run_worker(&app, &image, index, pool, Some(timeout), &*queue)
                    {
                        // A worker that cannot serve leaves the daemon unable to keep its
                        // promise of capacity: stop, and let the supervisor restart it.
                        eprintln!("edgeboxd: worker {index}: {error}");
                        std::process::exit(4);
                    }
                })
                .map_err(|e| DaemonError::Host(format!("cannot start a worker thread: {e}")))
        })
        .collect()
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, DaemonError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| DaemonError::Listen { addr, source })
}

async fn listen(
    args: &cli::Args,
    settings: &Settings,
    image: &Image,
    metrics: &Arc<Metrics>,
    queue: &Arc<Queue>,
) -> Result<(), DaemonError> {
    let listener = bind(settings.listen).await?;
    let local = listener
        .local_addr()
        .map_err(|e| DaemonError::Host(format!("cannot read the listening address: {e}")))?;
    let admin = match settings.admin {
        Some(addr) => Some(bind(addr).await?),
        None => None,
    };
    eprintln!(
        "edgeboxd: serving {} on http://{local} ({} workers x {} instances; image {:.1} MiB, \
         started in {:.1} ms)",
        args.artifact.display(),
        settings.workers,
        settings.pool_per_worker,
        image.size() as f64 / (1 << 20) as f64,
        image.start_time.as_secs_f64() * 1e3
    );
    if let Some(admin) = admin {
        if let Ok(addr) = admin.local_addr() {
            eprintln!("edgeboxd: admin on http://{addr} (/healthz /readyz /metrics)");
        }
        tokio::spawn(serve_admin(admin, Arc::clone(metrics)));
    }
    let context = Arc::new(server::Context {
        queue: Arc::clone(queue),
        metrics: Arc::clone(metrics),
        listen: local,
        exec_timeout: Duration::from_millis(settings.exec_timeout_ms.into()),
        max_body_bytes: settings.max_body_bytes,
    });
    let graceful = GracefulShutdown::new();
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let context = Arc::clone(&context);
                let service = service_fn(move |request| server::handle(request, Arc::clone(&context)));
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = &mut stop => break,
        }
    }
    metrics.draining.store(true, Relaxed);
    drop(listener);
    eprintln!("edgeboxd: draining");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            eprintln!("edgeboxd: requests still open after {} s; stopping", DRAIN_TIMEOUT.as_secs());
        }
    }
    Ok(())
}

/// Answers the admin endpoints (server::admin) on `listener`.
async fn serve_admin(listener: TcpListener, metrics: Arc<Metrics>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let metrics = Arc::clone(&metrics);
        let service = service_fn(move |request| server::admin(request, Arc::clone(&metrics)));
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// SIGTERM or SIGINT.
async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}
