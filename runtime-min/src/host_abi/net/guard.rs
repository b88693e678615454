//! The SSRF guard: the client's DNS resolver. A request whose URL the rules allowed through a
//! pattern that does not spell out its host (`*`, `https://*.example.com/*`) must not reach a
//! loopback, private or link-local address, whatever the name resolves to; the addresses
//! checked here are the ones the client connects to, so a name cannot resolve one way for the
//! check and another for the connection.

use std::cell::Cell;
use std::net::SocketAddr;

use edgebox_policy::urls::is_non_public;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

thread_local! {
    /// Whether the request on this thread was allowed by a pattern that names its host.
    static NAMES_HOST: Cell<bool> = const { Cell::new(false) };
    /// The first address the request's host resolved to (for Node's error messages).
    static RESOLVED: Cell<Option<SocketAddr>> = const { Cell::new(None) };
}

/// Sets what the guard knows of the request about to run on this thread.
pub(crate) fn begin(names_host: bool) {
    NAMES_HOST.set(names_host);
    RESOLVED.set(None);
}

/// The first address the current request's host resolved to, once it has.
pub(crate) fn resolved() -> Option<SocketAddr> {
    RESOLVED.get()
}

/// A refused destination: the message names the address and the rule.
#[derive(Debug)]
pub(crate) struct PrivateDestination(pub(crate) String);

impl std::fmt::Display for PrivateDestination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PrivateDestination {}

#[derive(Debug, Default)]
pub(crate) struct GuardedResolver {
    inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        // Node reports every failed lookup as ENOTFOUND.
        let addrs = self
            .inner
            .resolve(uri, config, timeout)
            .map_err(|_| ureq::Error::HostNotFound)?;
        RESOLVED.set(addrs.first().copied());
        if !NAMES_HOST.get() {
            if let Some(addr) = addrs.iter().find(|a| is_non_public(a.ip())) {
                let host = uri.host().unwrap_or_default();
                return Err(ureq::Error::Other(Box::new(PrivateDestination(format!(
                    "{host} resolves to {}, a loopback, private or link-local address: only an \
                     allowedUrls pattern that spells out this host may reach it",
                    addr.ip()
                )))));
            }
        }
        Ok(addrs)
    }
}
