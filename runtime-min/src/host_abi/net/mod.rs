//! The network half of the host ABI (fetch, http, https): the guest asks for a request in JSON,
//! the host normalizes the URL, checks it against the policy's `allowedUrls` / `blockedUrls`,
//! and performs it on a thread of its own — DNS through the SSRF guard (guard.rs), the
//! `rateLimitRps` and `maxConnections` limits (limits.rs), HTTP/1.1 and TLS by ureq and rustls.
//! Redirects are not followed here: the guest follows them, so every hop is a new request that
//! the rules check again.

mod decode;
mod exchange;
mod guard;
mod limits;
mod notify;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use edgebox_policy::urls::normalize;
use edgebox_policy::Network;
use ureq::config::AutoHeaderValue;
use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::unversioned::transport::DefaultConnector;
use ureq::{Agent, SendBody};

use super::{Errno, Refusal};
pub(crate) use exchange::{Chunk, Exchange};
use exchange::{Failure, Head, Upload};
use guard::{GuardedResolver, PrivateDestination};
use limits::{ConnectionCap, RateLimit};
use notify::Notifier;

/// A request as the guest asks for it (edgebox_host_abi.h, `net_request`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<(String, String)>,
    /// The guest streams a body with `net_write` and ends it with `net_close_body`.
    #[serde(default)]
    body: bool,
    /// Undo the response's Content-Encoding (fetch).
    #[serde(default)]
    decode: bool,
}

/// Headers the client sets itself, from the URL and the body.
const CLIENT_HEADERS: &[&str] = &["host", "transfer-encoding"];
/// How long a connection attempt may take (undici's connect timeout).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// undici's `headersTimeout` and `bodyTimeout`: the wait for a response head, and for each read
/// of the body from the socket (not the time the app takes to read it).
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(300);
/// Requests an app may have open at once (each is a host thread and up to ~0.5 MiB of buffers).
const MAX_OPEN_REQUESTS: usize = 1024;
/// How much of the response body one read of the socket takes.
const READ_CHUNK: usize = 64 << 10;

/// What the request threads share.
struct Shared {
    /// The clients, made on first use, indexed by (https, names the host): one per scheme, and apart for requests
    /// whose pattern names the host (which may reach private addresses), so that a connection
    /// such a request opened is never reused by a request the SSRF guard must check.
    agents: [OnceLock<Agent>; 4],
    rate: Option<RateLimit>,
    cap: ConnectionCap,
    notifier: Arc<Notifier>,
}

/// The run's requests, by handle.
pub(crate) struct Net {
    network: Network,
    shared: Arc<Shared>,
    next: u32,
    table: BTreeMap<u32, Arc<Exchange>>,
}

impl Net {
    pub(crate) fn new(network: Network) -> std::io::Result<Net> {
        Ok(Net {
            shared: Arc::new(Shared {
                agents: Default::default(),
                rate: network.rate_limit_rps.map(RateLimit::new),
                cap: ConnectionCap::new(network.max_connections),
                notifier: Arc::new(Notifier::new()?),
            }),
            network,
            next: 0,
            table: BTreeMap::new(),
        })
    }

    /// Forgets every request (those still running are abandoned, as by a release); the
    /// connection pools stay for the next run.
    pub(crate) fn release_all(&mut self) {
        self.table.clear();
    }

    /// Checks and starts the request `json`; its handle. A refusal's message starts with Node's
    /// error code, as a failure's does (exchange.rs).
    pub(crate) fn request(&mut self, json: &[u8]) -> Result<u32, Refusal> {
        let request: Request = serde_json::from_slice(json).map_err(|e| Refusal {
            errno: Errno::Inval,
            message: format!("EINVAL net_request: a malformed request: {e}"),
        })?;
        let denied = |message: String| Refusal {
            errno: Errno::Acces,
            message: format!("EACCES {message}"),
        };
        if self.table.len() >= MAX_OPEN_REQUESTS {
            return Err(Refusal {
                errno: Errno::Again,
                message: format!(
                    "EMFILE net_request: {MAX_OPEN_REQUESTS} requests are open at once (the host's limit); release one first"
                ),
            });
        }
        let url = normalize(&request.url).map_err(|d| denied(d.message))?;
        let grant = self.network.decide(&url).map_err(|d| denied(d.message))?;
        let names_host = grant.names_host;
        let exchange = Exchange::new(self.shared.notifier.clone(), !request.body);
        let shared = self.shared.clone();
        let ex = exchange.clone();
        std::thread::Builder::new()
            .name("edgebox-net".into())
            .stack_size(256 << 10)
            .spawn(move || perform(&shared, &ex, request, url, names_host))
            .map_err(|e| Refusal {
                errno: Errno::Io,
                message: format!("EIO net_request: cannot start a thread: {e}"),
            })?;
        // Handles are never 0 and never one still open (the counter may wrap).
        loop {
            self.next = self.next.wrapping_add(1).max(1);
            if !self.table.contains_key(&self.next) {
                break;
            }
        }
        self.table.insert(self.next, exchange);
        Ok(self.next)
    }

    pub(crate) fn exchange(&self, handle: u32) -> Result<&Arc<Exchange>, Errno> {
        self.table.get(&handle).ok_or(Errno::Badf)
    }

    pub(crate) fn release(&mut self, handle: u32) -> Result<(), Errno> {
        self.table.remove(&handle).ok_or(Errno::Badf)?.release();
        Ok(())
    }

    /// The fd that is readable when an exchange has news, and whether one already has.
    pub(crate) fn poll_fd(&self) -> Option<(i32, bool)> {
        if self.table.is_empty() {
            return None;
        }
        let news = self.table.values().any(|ex| ex.has_news());
        Some((self.shared.notifier.fd(), news))
    }

    /// After a wait saw the poll fd readable.
    pub(crate) fn clear(&self) {
        self.shared.notifier.clear();
    }
}

/// Lets go of every exchange (the run ended).
impl Drop for Net {
    fn drop(&mut self) {
        for ex in self.table.values() {
            ex.release();
        }
    }
}

fn agent(tls: bool, idle_per_host: usize) -> Agent {
    let roots = match tls {
        // rustls-native-certs reads SSL_CERT_FILE / SSL_CERT_DIR, else the system's store.
        true => rustls_native_certs::load_native_certs()
            .certs
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()).to_owned())
            .collect(),
        false => Vec::new(),
    };
    let tls_config = TlsConfig::builder()
        .root_certs(RootCerts::Specific(Arc::new(roots)))
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .build();
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .allow_non_standard_methods(true)
        .user_agent(AutoHeaderValue::None)
        .accept(AutoHeaderValue::None)
        .accept_encoding(AutoHeaderValue::None)
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_recv_response(Some(RESPONSE_TIMEOUT))
        .timeout_per_read(Some(RESPONSE_TIMEOUT))
        // No proxy from HTTP_PROXY / ALL_PROXY: through a proxy the resolver (and so the SSRF
        // guard) would see only the proxy's address.
        .proxy(None)
        .max_idle_connections(64)
        .max_idle_connections_per_host(idle_per_host)
        .tls_config(tls_config)
        .build();
    Agent::with_parts(config, DefaultConnector::new(), GuardedResolver::default())
}

/// Runs on the request's thread: waits for the limits, sends the request, streams the
/// response into the exchange.
fn perform(shared: &Shared, ex: &Arc<Exchange>, request: Request, url: url::Url, names_host: bool) {
    if let Some(rate) = &shared.rate {
        rate.admit();
    }
    let _slot = shared.cap.acquire();
    if ex.released() {
        return;
    }
    let tls = url.scheme() == "https";
    let agent = shared.agents[usize::from(tls) * 2 + usize::from(names_host)]
        .get_or_init(|| agent(tls, shared.cap.idle_limit()));
    let mut builder = ureq::http::Request::builder()
        .method(request.method.as_str())
        .uri(url.as_str());
    for (name, value) in &request.headers {
        if !CLIENT_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    let body = match request.body {
        true => SendBody::from_owned_reader(Upload(ex.clone())),
        false => SendBody::none(),
    };
    let built = match builder.body(body) {
        Ok(r) => r,
        Err(e) => return ex.set_head(Err(Failure::new("ERR_INVALID_ARG_VALUE", e.to_string()))),
    };
    guard::begin(names_host);
    let response = match agent.run(built) {
        Ok(r) => r,
        Err(e) => return ex.set_head(Err(failure(e, &url))),
    };
    let head = Head {
        status: response.status().as_u16(),
        status_text: response
            .status()
            .canonical_reason()
            .unwrap_or_default()
            .to_string(),
        headers: response
            .headers()
            .iter()
            .map(|(k, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_string(), value)
            })
            .collect(),
    };
    let encoding = response
        .headers()
        .get_all("content-encoding")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    let codings = decode::count(&encoding);
    if request.decode && codings > decode::MAX_CODINGS {
        // undici's check, an Error without a code (host_request.js).
        return ex.set_head(Err(Failure::new(
            "Error",
            format!(
                "too many content-encodings in response: {codings}, maximum allowed is {}",
                decode::MAX_CODINGS
            ),
        )));
    }
    ex.set_head(Ok(serde_json::to_string(&head).expect("a head serializes")));
    let raw: Box<dyn Read + Send> = Box::new(response.into_body().into_reader());
    let mut body = match request.decode && !encoding.is_empty() {
        true => decode::decoded(&encoding, raw),
        false => raw,
    };
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        if !ex.wait_for_room() {
            return;
        }
        match body.read(&mut buf) {
            Ok(0) => return ex.end_download(Ok(())),
            Ok(n) => ex.push_download(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return ex.end_download(Err(io_failure(&e, "read", &url))),
        }
    }
}

/// Node's error for a request that failed before its response came.
fn failure(e: ureq::Error, url: &url::Url) -> Failure {
    let host = url.host_str().unwrap_or_default().to_string();
    match e {
        ureq::Error::Other(inner) => match inner.downcast::<PrivateDestination>() {
            Ok(denied) => Failure::new("EACCES", denied.0),
            Err(inner) => Failure::new("EIO", inner.to_string()),
        },
        ureq::Error::HostNotFound => {
            Failure::new("ENOTFOUND", format!("getaddrinfo ENOTFOUND {host}"))
        }
        ureq::Error::Io(e) => io_failure(&e, "connect", url),
        ureq::Error::Timeout(t) => Failure::new("ETIMEDOUT", format!("{t} timed out ({host})")),
        ureq::Error::Rustls(e) => tls_failure(&e, &host),
        other => Failure::new("EIO", other.to_string()),
    }
}

fn io_failure(e: &std::io::Error, syscall: &str, url: &url::Url) -> Failure {
    use std::io::ErrorKind;
    let target = guard::resolved()
        .map(|a| a.to_string())
        .unwrap_or_else(|| url.host_str().unwrap_or_default().to_string());
    if let Some(tls) = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return tls_failure(tls, url.host_str().unwrap_or_default());
    }
    let code = match e.kind() {
        ErrorKind::ConnectionRefused => "ECONNREFUSED",
        ErrorKind::ConnectionReset => "ECONNRESET",
        ErrorKind::ConnectionAborted => "ECONNABORTED",
        ErrorKind::TimedOut => "ETIMEDOUT",
        ErrorKind::UnexpectedEof => "ECONNRESET",
        ErrorKind::HostUnreachable => "EHOSTUNREACH",
        ErrorKind::NetworkUnreachable => "ENETUNREACH",
        _ => "EIO",
    };
    match code {
        "EIO" => Failure::new(code, e.to_string()),
        "ECONNRESET" => Failure::new(code, "socket hang up"),
        _ => Failure::new(code, format!("{syscall} {code} {target}")),
    }
}

/// Node's (OpenSSL's) codes for the certificate errors rustls reports.
fn tls_failure(e: &rustls::Error, host: &str) -> Failure {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => Failure::new(
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "unable to verify the first certificate",
        ),
        rustls::Error::InvalidCertificate(C::NotValidForName)
        | rustls::Error::InvalidCertificate(C::NotValidForNameContext { .. }) => Failure::new(
            "ERR_TLS_CERT_ALTNAME_INVALID",
            format!("Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames"),
        ),
        rustls::Error::InvalidCertificate(C::Expired)
        | rustls::Error::InvalidCertificate(C::ExpiredContext { .. }) => {
            Failure::new("CERT_HAS_EXPIRED", "certificate has expired")
        }
        other => Failure::new("EPROTO", other.to_string()),
    }
}
