//! One HTTP request as a worker sees it ([`Exchange`]): the head and body the server read, and
//! channels back to the server for the response head, the body chunks and the end of the run.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame};
use tokio::sync::{mpsc, oneshot};

use edgebox_runtime_min::serve::Served;
use edgebox_runtime_min::{Exchange, Gone, Progress};

use crate::metrics::Metrics;

/// A response body that broke off (the app failed after sending the head): the connection is
/// closed instead of ending the body, so the client does not take a truncated body for whole.
#[derive(Debug, thiserror::Error)]
#[error("the app failed while sending the response body")]
pub struct BodyAborted;

/// What every response of the daemon carries.
pub type ResponseBody = BoxBody<Bytes, BodyAborted>;

/// A whole body.
pub fn full(bytes: impl Into<Bytes>) -> ResponseBody {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// Chunks a worker sends while the client reads them.
pub struct ChannelBody {
    chunks: mpsc::Receiver<Result<Bytes, BodyAborted>>,
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = BodyAborted;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyAborted>>> {
        self.chunks
            .poll_recv(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(Frame::data)))
    }
}

/// The response head a worker sends.
pub struct Head {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: ChannelBody,
}

/// How many chunks wait between a worker and a slow client before the worker waits too.
const BUFFERED_CHUNKS: usize = 16;
/// How often a worker that waits for a slow client checks the request's deadline.
const SLOW_CLIENT_CHECK: Duration = Duration::from_millis(1);

/// The worker's side of one request.
pub struct HttpExchange {
    head_json: Vec<u8>,
    body: Bytes,
    head: Option<oneshot::Sender<Head>>,
    chunks: Option<mpsc::Sender<Result<Bytes, BodyAborted>>>,
    receiver: Option<ChannelBody>,
    done: Option<oneshot::Sender<Served>>,
    deadline: Instant,
    metrics: Arc<Metrics>,
}

/// The server's side of one request.
pub struct Waiting {
    pub head: oneshot::Receiver<Head>,
    pub done: oneshot::Receiver<Served>,
}

impl HttpExchange {
    /// An exchange for the request `head_json` + `body`, which may run until `deadline`.
    pub fn new(
        head_json: Vec<u8>,
        body: Bytes,
        deadline: Instant,
        metrics: Arc<Metrics>,
    ) -> (HttpExchange, Waiting) {
        let (head_tx, head_rx) = oneshot::channel();
        let (done_tx, done_rx) = oneshot::channel();
        let (chunks_tx, chunks_rx) = mpsc::channel(BUFFERED_CHUNKS);
        let exchange = HttpExchange {
            head_json,
            body,
            head: Some(head_tx),
            chunks: Some(chunks_tx),
            receiver: Some(ChannelBody { chunks: chunks_rx }),
            done: Some(done_tx),
            deadline,
            metrics,
        };
        (
            exchange,
            Waiting {
                head: head_rx,
                done: done_rx,
            },
        )
    }
}

impl Exchange for HttpExchange {
    fn head_json(&self) -> &[u8] {
        &self.head_json
    }

    fn body(&self) -> &[u8] {
        &self.body
    }

    fn respond(&mut self, status: u16, headers: Vec<(String, String)>) -> Result<(), Gone> {
        let (Some(head), Some(body)) = (self.head.take(), self.receiver.take()) else {
            return Err(Gone);
        };
        head.send(Head {
            status,
            headers,
            body,
        })
        .map_err(|_| Gone)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Gone> {
        let chunks = self.chunks.as_ref().ok_or(Gone)?;
        let mut chunk = Ok(Bytes::copy_from_slice(bytes));
        loop {
            match chunks.try_send(chunk) {
                Ok(()) => return Ok(()),
                Err(mpsc::error::TrySendError::Closed(_)) => return Err(Gone),
                Err(mpsc::error::TrySendError::Full(back)) => {
                    // The client reads slower than the app writes: wait, but not past the
                    // request's deadline (the watchdog cannot stop a thread waiting here).
                    if Instant::now() >= self.deadline {
                        return Err(Gone);
                    }
                    chunk = back;
                    std::thread::sleep(SLOW_CLIENT_CHECK);
                }
            }
        }
    }

    fn end(&mut self) {
        self.chunks = None;
    }

    fn finish(mut self: Box<Self>, served: Served) {
        if !served.pooled {
            self.metrics.pool_misses.fetch_add(1, Relaxed);
        }
        if let (Some(chunks), Progress::Head(_)) = (self.chunks.take(), served.progress) {
            let _ = chunks.try_send(Err(BodyAborted));
        }
        if let Some(done) = self.done.take() {
            let _ = done.send(served);
        }
    }
}
