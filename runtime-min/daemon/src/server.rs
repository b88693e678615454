//! The HTTP side: reads a request, queues it for a worker, answers with what the app sends
//! (or 500 / 504 / 413 / 503 when it cannot), and logs one line per request on stderr.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::{Request, Response, StatusCode};

use edgebox_runtime_min::serve::{End, Served};
use edgebox_runtime_min::Progress;

use crate::exchange::{full, Head, HttpExchange, ResponseBody, Waiting};
use crate::metrics::Metrics;
use crate::queue::Queue;

/// What every request is served with.
pub struct Context {
    pub queue: Arc<Queue>,
    pub metrics: Arc<Metrics>,
    pub listen: SocketAddr,
    pub exec_timeout: Duration,
    pub max_body_bytes: u64,
}

/// How long the server waits past the request's time limit for the watchdog to stop it before
/// it answers 504 itself.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// Headers of one connection that the app's response may not set.
const HOP_BY_HOP: [&str; 5] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "te",
];

/// Serves one request.
pub async fn handle(
    request: Request<Incoming>,
    context: Arc<Context>,
) -> Result<Response<ResponseBody>, Infallible> {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let (status, response, reason) = serve(request, &context, started).await;
    match response {
        Respond::Now(response) => {
            log(&context.metrics, &method, &path, status, started, &reason);
            Ok(response)
        }
        Respond::Streaming(response, done) => {
            let metrics = Arc::clone(&context.metrics);
            tokio::spawn(async move {
                let reason = match done.await {
                    Ok(served) => describe(&served),
                    Err(_) => String::new(),
                };
                log(&metrics, &method, &path, status, started, &reason);
            });
            Ok(response)
        }
    }
}

enum Respond {
    /// The response is complete.
    Now(Response<ResponseBody>),
    /// The app streams the body; the run ends when the receiver says.
    Streaming(
        Response<ResponseBody>,
        tokio::sync::oneshot::Receiver<Served>,
    ),
}

fn plain(status: StatusCode, text: &str) -> Response<ResponseBody> {
    let mut response = Response::new(full(format!("{text}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    response
}

fn refuse(status: StatusCode, reason: &str) -> (u16, Respond, String) {
    let text = status.canonical_reason().unwrap_or("Error");
    (
        status.as_u16(),
        Respond::Now(plain(status, text)),
        reason.to_string(),
    )
}

async fn serve(
    request: Request<Incoming>,
    context: &Context,
    started: Instant,
) -> (u16, Respond, String) {
    let too_large = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|n| n > context.max_body_bytes);
    if too_large {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, " (body over max_body_bytes)");
    }
    let head_json = head_json(&request, context.listen);
    let limit = usize::try_from(context.max_body_bytes).unwrap_or(usize::MAX);
    let body = match Limited::new(request.into_body(), limit).collect().await {
        Ok(body) => body.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, " (body over max_body_bytes)")
        }
        Err(_) => return refuse(StatusCode::BAD_REQUEST, " (the request body broke off)"),
    };
    let deadline = started + context.exec_timeout;
    let (exchange, Waiting { mut head, mut done }) =
        HttpExchange::new(head_json, body, deadline, Arc::clone(&context.metrics));
    if context.queue.push(Box::new(exchange)).is_err() {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, " (draining)");
    }
    let give_up = tokio::time::sleep_until(tokio::time::Instant::from_std(deadline + STOP_GRACE));
    tokio::select! {
        biased;
        Ok(head) = &mut head => respond(head, done),
        served = &mut done => {
            // The head, if any, was sent before the run ended.
            if let Ok(head) = head.try_recv() {
                let (status, response) = build(head);
                let reason = served.as_ref().map(describe).unwrap_or_default();
                return (status, Respond::Now(response), reason);
            }
            match served {
                Ok(served) => unanswered(&served, &context.metrics),
                Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, " (the worker stopped)"),
            }
        }
        () = give_up => {
            context.metrics.timeouts.fetch_add(1, Relaxed);
            refuse(StatusCode::GATEWAY_TIMEOUT, " (not stopped at its time limit)")
        }
    }
}

/// The request head as the guest reads it (edgebox_host_abi.h serve_request).
fn head_json(request: &Request<Incoming>, listen: SocketAddr) -> Vec<u8> {
    let authority = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| listen.to_string(), str::to_string);
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let headers: Vec<(&str, String)> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "method": request.method().as_str(),
        "url": format!("http://{authority}{target}"),
        "headers": headers,
    }))
    .expect("JSON of strings")
}

fn build(head: Head) -> (u16, Response<ResponseBody>) {
    let mut response = Response::new(head.body.boxed());
    let Ok(status) = StatusCode::from_u16(head.status) else {
        return (
            500,
            plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"),
        );
    };
    *response.status_mut() = status;
    for (name, value) in head.headers {
        if HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                response.headers_mut().append(name, value);
            }
            _ => {
                return (
                    500,
                    plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"),
                )
            }
        }
    }
    (head.status, response)
}

fn respond(head: Head, done: tokio::sync::oneshot::Receiver<Served>) -> (u16, Respond, String) {
    let (status, response) = build(head);
    (status, Respond::Streaming(response, done), String::new())
}

/// The run ended without a response head: 504 for a time limit, 500 for anything else.
fn unanswered(served: &Served, metrics: &Metrics) -> (u16, Respond, String) {
    match served.end {
        End::Limited(_) => {
            metrics.timeouts.fetch_add(1, Relaxed);
            refuse(StatusCode::GATEWAY_TIMEOUT, &describe(served))
        }
        _ => refuse(StatusCode::INTERNAL_SERVER_ERROR, &describe(served)),
    }
}

/// What the log line says of how the run ended (empty for a plain answer).
fn describe(served: &Served) -> String {
    let response = match served.progress {
        Progress::Nothing => " (no response)",
        Progress::Head(_) => " (body cut off)",
        Progress::Done(_) => "",
    };
    match &served.end {
        End::Answered => response.to_string(),
        End::Failed => " (the fetch handler failed: see above)".to_string(),
        End::Exited(code) => format!(" (process.exit({code}))"),
        End::Trapped(message) => format!(" (trap: {message})"),
        End::Limited(limit) => format!(" ({limit} exceeded)"),
    }
}

fn log(metrics: &Metrics, method: &str, path: &str, status: u16, started: Instant, reason: &str) {
    let took = started.elapsed();
    metrics.request(status, took);
    // One write, so that the line stays whole beside what the guests write to stderr
    // (eprintln! writes each piece of its format on its own).
    let line = format!(
        "edgeboxd: {method} {path} {status} {:.2}ms{reason}\n",
        took.as_secs_f64() * 1e3
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Serves the admin endpoints: /healthz (alive), /readyz (every worker's pool filled, not
/// draining), /metrics (Prometheus text).
pub async fn admin(
    request: Request<Incoming>,
    metrics: Arc<Metrics>,
) -> Result<Response<ResponseBody>, Infallible> {
    Ok(match request.uri().path() {
        "/healthz" => plain(StatusCode::OK, "ok"),
        "/readyz" if metrics.ready() => plain(StatusCode::OK, "ready"),
        "/readyz" => plain(StatusCode::SERVICE_UNAVAILABLE, "not ready"),
        "/metrics" => {
            let mut response = Response::new(full(Bytes::from(metrics.render())));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            response
        }
        _ => plain(StatusCode::NOT_FOUND, "Not Found"),
    })
}
