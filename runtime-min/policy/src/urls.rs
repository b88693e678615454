//! URL rules: `allowedUrls` / `blockedUrls` patterns, request URL normalization, and which IP
//! addresses are not public. The host parses every request URL with [`normalize`] (or passes a
//! parsed one to [`Network::decide`], which normalizes it again) and matches the normalized
//! form, so that case, default ports, dot segments, percent-encoded unreserved characters,
//! numeric IPv4 forms, IDNA and trailing dots cannot make one URL look like another.
//!
//! Pattern syntax (README "The policy file", `allowedUrls`): `*` alone is every URL; otherwise
//! `scheme://host[:port][/path]`, scheme `http`, `https` or `*`; host literal (name, IPv4,
//! `[IPv6]`) or with `*` wildcards (`*.example.com`: subdomains only, one or more labels; a `*`
//! inside a label: any run of characters within that label; a bare `*`: any host); port
//! omitted: the scheme's default port only, `:*` any port; path omitted or `/*`: any path, else
//! a glob where `*` matches any run of characters, `/` included. The query is not matched.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// One `allowedUrls` / `blockedUrls` entry, parsed and normalized when the policy is loaded.
/// `Display` gives the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern {
    text: String,
    /// None: the pattern `*` (everything).
    rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    scheme: SchemeRule,
    host: HostRule,
    port: PortRule,
    /// None: any path. Else a glob on the normalized path.
    path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SchemeRule {
    Http,
    Https,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostRule {
    /// A bare `*`.
    Any,
    /// A host written out (normalized: lower case, punycode, IPv4 in dotted form).
    Literal(Host<String>),
    /// Labels with `*` in them (lower-case ASCII), then a fixed domain suffix (normalized).
    /// A first label that is exactly `*` stands for one or more labels.
    Wildcard { labels: Vec<String>, suffix: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PortRule {
    /// No port written: the scheme's default port only.
    Default,
    /// `:*`.
    Any,
    /// `:n`.
    Exact(u16),
}

/// The `allowedUrls` pattern that lets a request through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant<'a> {
    /// The matching pattern (the first one that names the host, else the first one).
    pub pattern: &'a UrlPattern,
    /// The pattern's host is written out literally (no `*` in it), so private/loopback
    /// destinations it names are allowed.
    pub names_host: bool,
}

/// Why a URL is refused; the message names the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlDenial {
    /// E.g. `blockedUrls[0] "https://evil.com/*" matches https://evil.com/x`.
    pub message: String,
}

impl UrlDenial {
    fn new(message: impl Into<String>) -> UrlDenial {
        UrlDenial {
            message: message.into(),
        }
    }
}

impl fmt::Display for UrlDenial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UrlDenial {}

/// The network grants of a policy: `allowedUrls`, `blockedUrls`, `rateLimitRps`,
/// `maxConnections`. The default grants no network access.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// `allowedUrls`, in file order. Empty: no network at all.
    pub allowed: Vec<UrlPattern>,
    /// `blockedUrls`, in file order: a match here refuses the URL whatever `allowed` says.
    pub blocked: Vec<UrlPattern>,
    /// `rateLimitRps`: most requests started per second.
    pub rate_limit_rps: Option<u32>,
    /// `maxConnections`: most HTTP connections open at once.
    pub max_connections: Option<u32>,
}

impl Network {
    /// Whether a request to `url` may go out: normalizes it like [`normalize`] (refusing what
    /// that refuses), then `blockedUrls` wins, then the first `allowedUrls` pattern that
    /// matches and names the host literally, else the first that matches. A URL whose host is
    /// an IP literal that is not public ([`is_non_public`]) is granted only by a pattern that
    /// names its host. The host must still check the addresses a name resolves to (a granted
    /// name may resolve to a private address): allow those only when `names_host`.
    pub fn decide(&self, url: &Url) -> Result<Grant<'_>, UrlDenial> {
        let url = normalize_url(url.clone())?;
        if self.allowed.is_empty() {
            return Err(UrlDenial::new(
                "allowedUrls is empty: the policy grants no network access",
            ));
        }
        if let Some((i, p)) = self
            .blocked
            .iter()
            .enumerate()
            .find(|(_, p)| p.matches(&url))
        {
            return Err(UrlDenial::new(format!(
                "blockedUrls[{i}] \"{p}\" matches {url}"
            )));
        }
        let mut first = None;
        for (i, pattern) in self.allowed.iter().enumerate() {
            if !pattern.matches(&url) {
                continue;
            }
            if pattern.names_host() {
                return Ok(Grant {
                    pattern,
                    names_host: true,
                });
            }
            first.get_or_insert((i, pattern));
        }
        let Some((i, pattern)) = first else {
            return Err(UrlDenial::new(format!(
                "no allowedUrls pattern matches {url}"
            )));
        };
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = ip.filter(|ip| is_non_public(*ip)) {
            return Err(UrlDenial::new(format!(
                "{url}: {ip} is not a public address (loopback, private, link-local, …): \
                 allowedUrls[{i}] \"{pattern}\" matches it, but only a pattern that names this \
                 host grants it"
            )));
        }
        Ok(Grant {
            pattern,
            names_host: false,
        })
    }
}

/// Normalizes a request URL: only http and https are accepted, userinfo (`user:pass@`) is
/// refused, a trailing dot in the host removed (`example.com.` == `example.com`), the fragment
/// dropped; the `url` crate has already lower-cased the host, applied IDNA, removed a default
/// port, resolved dot segments (`%2e` too) and read numeric IPv4 forms. Percent-encoded
/// unreserved characters in the path are decoded (`%61` → `a`) and the remaining escapes
/// upper-cased; an encoded `/` or `\` (`%2F`, `%5C`) stays encoded, and a path in which one
/// would make a `.` or `..` segment is refused (a server that decodes it would climb).
pub fn normalize(input: &str) -> Result<Url, UrlDenial> {
    let url = Url::parse(input)
        .map_err(|e| UrlDenial::new(format!("{input:?} is not a valid URL: {e}")))?;
    normalize_url(url)
}

fn normalize_url(mut url: Url) -> Result<Url, UrlDenial> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlDenial::new(format!(
            "{}: URLs are refused: only http and https",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        let host = url.host_str().unwrap_or("").to_string();
        return Err(UrlDenial::new(format!(
            "a URL with user info (`user:password@` before the host {host}) is refused: pass \
             credentials in a header"
        )));
    }
    let trimmed = match url.host() {
        Some(Host::Domain(d)) if d.ends_with('.') => Some(d[..d.len() - 1].to_string()),
        Some(_) => None,
        None => return Err(UrlDenial::new(format!("{url}: no host"))),
    };
    if let Some(host) = trimmed {
        if host.is_empty() || host.ends_with('.') {
            return Err(UrlDenial::new(format!(
                "{url}: the host has an empty label"
            )));
        }
        url.set_host(Some(&host))
            .map_err(|e| UrlDenial::new(format!("{url}: {e}")))?;
    }
    url.set_fragment(None);
    let path = normalize_path(url.path()).map_err(|m| UrlDenial::new(format!("{url}: {m}")))?;
    if path != url.path() {
        url.set_path(&path);
    }
    Ok(url)
}

/// Decodes percent-encoded unreserved characters (RFC 3986: letters, digits, `-._~`),
/// upper-cases the other escapes, and refuses `.` / `..` segments (plain ones are gone after
/// the `url` crate; these would come from an encoded slash).
fn normalize_path(path: &str) -> Result<String, String> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                let b = (h * 16 + l) as u8;
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    out.push(char::from(b));
                } else {
                    out.push('%');
                    out.push(char::from(bytes[i + 1]).to_ascii_uppercase());
                    out.push(char::from(bytes[i + 2]).to_ascii_uppercase());
                }
                i += 3;
                continue;
            }
        }
        // The url crate's path is ASCII (it percent-encodes everything else).
        out.push(char::from(bytes[i]));
        i += 1;
    }
    let split = out.replace("%2F", "/").replace("%5C", "/");
    if split.split('/').any(|s| s == "." || s == "..") {
        return Err(format!(
            "the path {out} makes a `.` or `..` segment through an encoded slash (%2F or %5C): \
             refused"
        ));
    }
    Ok(out)
}

/// `*` matches any run of characters (possibly empty); everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

impl fmt::Display for UrlPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl UrlPattern {
    /// Parses and normalizes a pattern (the error says what is wrong, without the field name).
    pub fn parse(text: &str) -> Result<UrlPattern, String> {
        let rule = match text {
            "*" => None,
            _ => Some(Rule::parse(text)?),
        };
        Ok(UrlPattern {
            text: text.to_string(),
            rule,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is `*` alone (every URL).
    pub fn is_everything(&self) -> bool {
        self.rule.is_none()
    }

    /// Whether the host is a bare `*` (any host), including the pattern `*` itself.
    pub fn any_host(&self) -> bool {
        self.rule.as_ref().is_none_or(|r| r.host == HostRule::Any)
    }

    /// Whether the host is written out literally (no `*` in it).
    pub fn names_host(&self) -> bool {
        matches!(
            self.rule,
            Some(Rule {
                host: HostRule::Literal(_),
                ..
            })
        )
    }

    /// Whether the wildcard host covers a whole top-level domain (`*.com`).
    pub(crate) fn wildcard_tld(&self) -> bool {
        matches!(&self.rule, Some(Rule { host: HostRule::Wildcard { suffix, .. }, .. })
            if !suffix.contains('.'))
    }

    /// Whether a URL matches, as it is: pass a normalized URL ([`normalize`];
    /// [`Network::decide`] normalizes for you).
    pub fn matches(&self, url: &Url) -> bool {
        let Some(rule) = &self.rule else {
            return true;
        };
        let scheme_ok = match rule.scheme {
            SchemeRule::Http => url.scheme() == "http",
            SchemeRule::Https => url.scheme() == "https",
            SchemeRule::Any => matches!(url.scheme(), "http" | "https"),
        };
        let port_ok = match rule.port {
            PortRule::Default => url.port().is_none(),
            PortRule::Any => true,
            PortRule::Exact(n) => url.port_or_known_default() == Some(n),
        };
        let path_ok = rule.path.as_deref().is_none_or(|p| glob(p, url.path()));
        scheme_ok && port_ok && path_ok && rule.host.matches(url.host())
    }
}

impl HostRule {
    fn matches(&self, host: Option<Host<&str>>) -> bool {
        let Some(host) = host else {
            return false;
        };
        match (self, host) {
            (HostRule::Any, _) => true,
            (HostRule::Literal(want), host) => match (want, host) {
                (Host::Domain(w), Host::Domain(h)) => w == h,
                (Host::Ipv4(w), Host::Ipv4(h)) => *w == h,
                (Host::Ipv6(w), Host::Ipv6(h)) => *w == h,
                _ => false,
            },
            (HostRule::Wildcard { labels, suffix }, Host::Domain(name)) => {
                let Some(front) = name
                    .strip_suffix(suffix.as_str())
                    .and_then(|f| f.strip_suffix('.'))
                else {
                    return false;
                };
                let have: Vec<&str> = front.split('.').collect();
                if have.iter().any(|l| l.is_empty()) {
                    return false;
                }
                let (many, rest) = match labels.first().map(String::as_str) {
                    Some("*") => (true, &labels[1..]),
                    _ => (false, &labels[..]),
                };
                let fits = match many {
                    true => have.len() > rest.len(),
                    false => have.len() == rest.len(),
                };
                fits && have[have.len() - rest.len()..]
                    .iter()
                    .zip(rest)
                    .all(|(h, p)| glob(p, h))
            }
            (HostRule::Wildcard { .. }, _) => false,
        }
    }
}

impl Rule {
    fn parse(text: &str) -> Result<Rule, String> {
        let (scheme, rest) = text.split_once("://").ok_or(
            "expected `*` or scheme://host[:port][/path] (e.g. \"https://api.example.com/*\")",
        )?;
        let scheme = match scheme {
            "http" => SchemeRule::Http,
            "https" => SchemeRule::Https,
            "*" => SchemeRule::Any,
            other => {
                return Err(format!(
                    "scheme {other:?}: expected http, https or * (lower case)"
                ))
            }
        };
        if rest.contains(['?', '#']) {
            return Err(
                "a pattern has no query or fragment (the query is not matched): remove it".into(),
            );
        }
        if rest.contains(['\\', ' ', '\0']) || rest.chars().any(char::is_control) {
            return Err("contains a backslash, a space or a control character".into());
        }
        let (authority, path) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(
                "user info (`user@`) is not part of a pattern: URLs that carry it are refused"
                    .into(),
            );
        }
        let (host, port) = split_port(authority)?;
        let port = match port {
            None => PortRule::Default,
            Some("*") => PortRule::Any,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => PortRule::Exact(n),
                _ => return Err(format!("port {p:?}: expected 1 to 65535 or *")),
            },
        };
        let host = host_rule(host)?;
        let path = match path {
            "" | "/*" => None,
            p => Some(pattern_path(p)?),
        };
        Ok(Rule {
            scheme,
            host,
            port,
            path,
        })
    }
}

/// `host:port` → (`host`, Some(`port`)); `[v6]:port` too.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("an IPv6 host needs its closing `]`")?;
        let (host, after) = authority.split_at(end + 1);
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(format!("unexpected {after:?} after the IPv6 host")),
            },
        };
    }
    Ok(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn host_rule(host: &str) -> Result<HostRule, String> {
    if host.is_empty() {
        return Err("no host (write `*` for any host)".into());
    }
    if host == "*" {
        return Ok(HostRule::Any);
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    if !host.contains('*') {
        return Host::parse(host)
            .map(HostRule::Literal)
            .map_err(|e| format!("host {host:?}: {e}"));
    }
    let all: Vec<&str> = host.split('.').collect();
    let last_wild = all.iter().rposition(|l| l.contains('*')).unwrap_or(0);
    let suffix = all[last_wild + 1..].join(".");
    if suffix.is_empty() {
        return Err(format!(
            "host {host:?}: a `*` needs a domain after it (e.g. `*.example.com`), or write `*` \
             alone for any host"
        ));
    }
    let suffix = match Host::parse(&suffix) {
        Ok(Host::Domain(d)) => d,
        Ok(_) => return Err(format!("host {host:?}: `*` cannot stand in an IP address")),
        Err(e) => return Err(format!("host {host:?}: {suffix}: {e}")),
    };
    let mut labels = Vec::new();
    for (i, label) in all[..=last_wild].iter().enumerate() {
        let ok = !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_*".contains(&b));
        if !ok {
            return Err(format!(
                "host {host:?}: label {label:?}: next to a `*`, labels are ASCII letters, digits, \
                 `-` and `_` (write a non-ASCII label in its xn-- form)"
            ));
        }
        if i > 0 && *label == "*" && labels.first().map(String::as_str) == Some("*") {
            return Err(format!(
                "host {host:?}: a leading `*.` already stands for any number of labels"
            ));
        }
        labels.push(label.to_ascii_lowercase());
    }
    Ok(HostRule::Wildcard { labels, suffix })
}

/// A pattern's path, normalized like a request's (dot segments, unreserved escapes).
fn pattern_path(path: &str) -> Result<String, String> {
    let url = Url::parse(&format!("http://h{path}")).map_err(|e| format!("path: {e}"))?;
    normalize_path(url.path()).map_err(|e| format!("path: {e}"))
}

/// Whether `ip` is not a public unicast address: loopback, private (10/8, 172.16/12,
/// 192.168/16), shared/CGNAT (100.64/10), link-local (169.254/16, fe80::/10), unspecified and
/// "this network" (0/8, ::), unique-local (fc00::/7), site-local (fec0::/10), multicast,
/// broadcast, reserved (240/4), documentation (192.0.2/24, 198.51.100/24, 203.0.113/24,
/// 2001:db8::/32, 3fff::/20), benchmarking (198.18/15), IETF protocol assignments (192.0.0/24,
/// 2001::/23), the 6to4 relay (192.88.99/24), anything outside 2000::/3 in IPv6; an IPv6 address
/// embedding an IPv4 one (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64
/// `64:ff9b::/96`, 6to4 `2002::/16`) is judged by that IPv4 address.
pub fn is_non_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_non_public(v4),
        IpAddr::V6(v6) => v6_non_public(v6),
    }
}

fn v4_non_public(ip: Ipv4Addr) -> bool {
    let n = u32::from(ip);
    let within = |base: [u8; 4], bits: u32| {
        let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
        n & mask == u32::from(Ipv4Addr::from(base)) & mask
    };
    [
        ([0, 0, 0, 0], 8),
        ([10, 0, 0, 0], 8),
        ([100, 64, 0, 0], 10),
        ([127, 0, 0, 0], 8),
        ([169, 254, 0, 0], 16),
        ([172, 16, 0, 0], 12),
        ([192, 0, 0, 0], 24),
        ([192, 0, 2, 0], 24),
        ([192, 88, 99, 0], 24),
        ([192, 168, 0, 0], 16),
        ([198, 18, 0, 0], 15),
        ([198, 51, 100, 0], 24),
        ([203, 0, 113, 0], 24),
        ([224, 0, 0, 0], 4),
        ([240, 0, 0, 0], 4),
    ]
    .iter()
    .any(|&(base, bits)| within(base, bits))
}

fn v6_non_public(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded =
        |hi: u16, lo: u16| v4_non_public(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    if s[..5] == [0; 5] && (s[5] == 0xffff || s[5] == 0) {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated; also :: and ::1).
        return s[5] == 0 || embedded(s[6], s[7]);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return embedded(s[6], s[7]);
    }
    if s[0] == 0x2002 {
        return embedded(s[1], s[2]);
    }
    let within = |prefix: u128, bits: u32| {
        let mask = u128::MAX << (128 - bits);
        u128::from(ip) & mask == prefix & mask
    };
    !within(0x2000 << 112, 3)
        || within(0x2001_0db8 << 96, 32)
        || within(0x2001 << 112, 23)
        || within(0x3fff << 112, 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> UrlPattern {
        UrlPattern::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn network(allowed: &[&str], blocked: &[&str]) -> Network {
        Network {
            allowed: allowed.iter().map(|p| pattern(p)).collect(),
            blocked: blocked.iter().map(|p| pattern(p)).collect(),
            ..Network::default()
        }
    }

    /// The decision on a URL string, as the host makes it: normalize, then decide.
    fn decide(net: &Network, url: &str) -> Result<(String, bool), String> {
        let url = normalize(url).map_err(|e| e.message)?;
        net.decide(&url)
            .map(|g| (g.pattern.to_string(), g.names_host))
            .map_err(|e| e.message)
    }

    fn allowed(net: &Network, url: &str) -> bool {
        decide(net, url).is_ok()
    }

    #[test]
    fn normalizes_what_would_make_one_url_look_like_another() {
        let n = |u: &str| {
            normalize(u)
                .map(|u| u.to_string())
                .unwrap_or_else(|e| e.message)
        };
        assert_eq!(
            n("HTTP://EXAMPLE.com:80/a/../b#frag"),
            "http://example.com/b"
        );
        assert_eq!(n("https://example.com:443/"), "https://example.com/");
        assert_eq!(n("http://example.com./x"), "http://example.com/x");
        assert_eq!(
            n("http://example.com/%2e%2e/admin"),
            "http://example.com/admin"
        );
        assert_eq!(
            n("http://example.com/a/.%2E/admin"),
            "http://example.com/admin"
        );
        assert_eq!(n("http://example.com/%61dmin"), "http://example.com/admin");
        assert_eq!(
            n("http://example.com/a%2fb%3f"),
            "http://example.com/a%2Fb%3F"
        );
        assert_eq!(n("http://2130706433/"), "http://127.0.0.1/");
        assert_eq!(n("http://0x7f.0.0.1/"), "http://127.0.0.1/");
        assert_eq!(n("http://0x7f.1/"), "http://127.0.0.1/");
        assert_eq!(n("http://0177.0.0.1/"), "http://127.0.0.1/");
        assert_eq!(n("http://[0:0::1]/"), "http://[::1]/");
        assert_eq!(n("http://[::ffff:127.0.0.1]/"), "http://[::ffff:7f00:1]/");
        assert_eq!(n("http://ExAmple.xn--p1ai/"), "http://example.xn--p1ai/");
        assert_eq!(n("http://ExAmple.РФ/"), "http://example.xn--p1ai/");
        assert_eq!(n("http://example.com\\a\\b"), "http://example.com/a/b");
        for (url, part) in [
            (
                "ftp://example.com/",
                "ftp: URLs are refused: only http and https",
            ),
            ("file:///etc/passwd", "file: URLs are refused"),
            ("http://allowed.com@evil.com/", "user info"),
            (
                "http://u:secret@evil.com/",
                "before the host evil.com) is refused",
            ),
            ("http://example.com../", "empty label"),
            ("http://example.com/a/..%2F..%2Fadmin", "encoded slash"),
            ("http://example.com/a/%2E%2E%5Cadmin", "encoded slash"),
            ("not a url", "is not a valid URL"),
        ] {
            let e = n(url);
            assert!(e.contains(part), "{url}: {e}");
        }
        assert!(!n("http://u:secret@evil.com/").contains("secret"));
    }

    #[test]
    fn case_ports_and_paths() {
        let net = network(&["https://api.example.com/v1/*"], &[]);
        assert!(allowed(&net, "https://API.Example.COM/v1/users"));
        assert!(allowed(&net, "https://api.example.com:443/v1/x?q=1"));
        assert!(allowed(&net, "https://api.example.com/v1/"));
        assert!(!allowed(&net, "https://api.example.com/v1"));
        assert!(!allowed(&net, "https://api.example.com:8443/v1/x"));
        assert!(!allowed(&net, "http://api.example.com/v1/x"), "scheme");
        assert!(!allowed(&net, "https://api.example.com/v2/x"));
        assert!(
            !allowed(&net, "https://api.example.com/v1/../v2/x"),
            "dot segments"
        );
        assert!(!allowed(&net, "https://api.example.com/v1/%2e%2e/v2/x"));
        assert!(!allowed(&net, "https://api.example.com/v1%2F..%2Fv2/x"));
        assert!(
            allowed(&net, "https://api.example.com/%76%31/x"),
            "%76%31 is v1"
        );

        let net = network(&["http://example.com/b"], &[]);
        assert!(allowed(&net, "HTTP://EXAMPLE.com:80/a/../b"));
        assert!(
            !allowed(&net, "http://example.com/b/c"),
            "a path without * is exact"
        );

        let net = network(&["http://example.com:8080"], &[]);
        assert!(allowed(&net, "http://example.com:8080/any/path"));
        assert!(
            !allowed(&net, "http://example.com/"),
            "only the port written"
        );
        let net = network(&["*://example.com:*"], &[]);
        assert!(allowed(&net, "http://example.com:1/") && allowed(&net, "https://example.com/"));
        let net = network(&["https://example.com:443/"], &[]);
        assert!(
            allowed(&net, "https://example.com/"),
            "the default port written out"
        );
        assert!(!allowed(&net, "https://example.com/x"));

        let net = network(&["https://example.com/admin"], &[]);
        assert!(allowed(&net, "https://example.com/%61dmin"));
        assert!(allowed(&net, "https://example.com/public/%2e%2e/admin"));
        assert!(
            allowed(&net, "https://example.com/admin#x/../y"),
            "the fragment is dropped"
        );
    }

    #[test]
    fn userinfo_does_not_hide_the_host() {
        let net = network(&["http://allowed.com/*"], &[]);
        let tricky = Url::parse("http://allowed.com@evil.com/").unwrap();
        assert_eq!(tricky.host_str(), Some("evil.com"));
        let e = net.decide(&tricky).unwrap_err().message;
        assert!(e.contains("user info"), "{e}");
        assert!(
            !pattern("http://allowed.com/*").matches(&tricky),
            "evil.com is not allowed.com"
        );
        assert!(UrlPattern::parse("http://me@allowed.com/")
            .unwrap_err()
            .contains("user info"));
    }

    #[test]
    fn hosts_ipv4_ipv6_idna_and_trailing_dots() {
        let net = network(&["http://[::1]:8080/*", "http://127.0.0.1/*"], &[]);
        assert_eq!(
            decide(&net, "http://[0:0::1]:8080/x"),
            Ok(("http://[::1]:8080/*".into(), true))
        );
        assert!(allowed(&net, "http://2130706433/"));
        assert!(allowed(&net, "http://0x7f.0.0.1/"));
        assert!(allowed(&net, "http://127.1/"));
        assert!(!allowed(&net, "http://[::ffff:127.0.0.1]/"), "another host");
        assert!(!allowed(&net, "http://127.0.0.2/"));

        let net = network(&["http://ExAmple.РФ/*"], &[]);
        assert!(allowed(&net, "http://ExAmple.xn--p1ai/"));
        assert!(allowed(&net, "http://example.рф./"));
        let net = network(&["http://example.com./"], &[]);
        assert!(allowed(&net, "http://example.com/") && allowed(&net, "http://EXAMPLE.com./"));
        let net = network(&["http://0x7f.1/"], &[]);
        assert!(
            allowed(&net, "http://127.0.0.1/"),
            "patterns read IPv4 forms too"
        );
    }

    #[test]
    fn wildcard_hosts() {
        let net = network(&["https://*.example.com/*"], &[]);
        assert!(allowed(&net, "https://a.example.com/"));
        assert!(allowed(&net, "https://a.b.EXAMPLE.com./x"));
        assert!(!allowed(&net, "https://example.com/"), "subdomains only");
        assert!(!allowed(&net, "https://example.com.evil.com/"));
        assert!(!allowed(&net, "https://evilexample.com/"));
        assert!(!allowed(&net, "https://a.example.com.evil.com/"));
        assert!(!allowed(&net, "https://a.example.co/"));
        assert_eq!(
            decide(&net, "https://a.example.com/"),
            Ok(("https://*.example.com/*".into(), false))
        );
        let net = network(&["https://api-*.example.com/"], &[]);
        assert!(allowed(&net, "https://api-v1.example.com/"));
        assert!(!allowed(&net, "https://api-v1.x.example.com/"), "one label");
        assert!(!allowed(&net, "https://x.api-v1.example.com/"));
        let net = network(&["https://*/*"], &[]);
        assert!(allowed(&net, "https://anything.org/x"));
        assert!(allowed(&net, "https://93.184.215.14/"));
        assert!(!allowed(&net, "http://anything.org/x"));
        for (bad, part) in [
            ("example.com", "expected `*` or scheme://host"),
            ("ftp://example.com/", "scheme \"ftp\""),
            ("HTTP://example.com/", "scheme \"HTTP\""),
            ("https://*.*/", "a `*` needs a domain after it"),
            ("https://example.*/", "a `*` needs a domain after it"),
            ("https://*.1.2.3/", "cannot stand in an IP address"),
            ("https://*.ex ample.com/", "space"),
            ("https://é*.example.com/", "xn--"),
            ("https://example.com:0/", "port \"0\""),
            ("https://example.com:99999/", "port \"99999\""),
            ("https://example.com:/", "port \"\""),
            ("https:///x", "no host"),
            ("https://[::1/", "closing `]`"),
            ("https://example.com/?q=1", "no query"),
            ("https://exa_mple%.com/", "host"),
        ] {
            let e = UrlPattern::parse(bad).unwrap_err();
            assert!(e.contains(part), "{bad}: {e}");
        }
    }

    #[test]
    fn blocked_wins_and_empty_grants_nothing() {
        let net = network(&["*"], &["https://evil.com/*", "*://*.evil.com:*"]);
        assert_eq!(
            decide(&net, "https://evil.com/x"),
            Err("blockedUrls[0] \"https://evil.com/*\" matches https://evil.com/x".into())
        );
        assert!(decide(&net, "http://a.EVIL.com:8080/")
            .unwrap_err()
            .starts_with("blockedUrls[1]"));
        assert!(allowed(&net, "https://example.org/"));
        let net = network(&["https://evil.com/*"], &["https://evil.com/*"]);
        assert!(!allowed(&net, "https://evil.com/"));
        assert_eq!(
            decide(&Network::default(), "https://example.org/"),
            Err("allowedUrls is empty: the policy grants no network access".into())
        );
        let net = network(&["https://example.org/*"], &[]);
        assert_eq!(
            decide(&net, "http://127.0.0.1:8080/"),
            Err("no allowedUrls pattern matches http://127.0.0.1:8080/".into())
        );
    }

    #[test]
    fn private_addresses_need_a_pattern_naming_them() {
        let net = network(&["*"], &[]);
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://0.0.0.0/",
        ] {
            let e = decide(&net, url).unwrap_err();
            assert!(
                e.contains("is not a public address") && e.contains("allowedUrls[0] \"*\""),
                "{url}: {e}"
            );
        }
        assert_eq!(decide(&net, "http://localhost/"), Ok(("*".into(), false)));
        let net = network(&["*", "http://127.0.0.1:*"], &[]);
        assert_eq!(
            decide(&net, "http://127.0.0.1:3000/"),
            Ok(("http://127.0.0.1:*".into(), true))
        );
    }

    #[test]
    fn non_public_addresses() {
        let non_public = [
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:192.168.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
            "3fff::1",
            "100::1",
        ];
        let public = [
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.0.1",
            "192.169.0.1",
            "198.20.0.1",
            "223.255.255.254",
            "2606:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ];
        for ip in non_public {
            assert!(is_non_public(ip.parse().unwrap()), "{ip} is not public");
        }
        for ip in public {
            assert!(!is_non_public(ip.parse().unwrap()), "{ip} is public");
        }
    }

    #[test]
    fn globs() {
        assert!(glob("/a/*", "/a/b/c"));
        assert!(glob("/a/*/c", "/a/b/x/c"));
        assert!(glob("*", ""));
        assert!(!glob("/a/*/c", "/a/c"));
        assert!(glob("/*.json", "/x/y.json"));
        assert!(!glob("/*.json", "/x/y.json5"));
    }
}
