//! The loopback HTTP and HTTPS server of the network tests (servers/http-fixture.js, run by
//! node), with a test CA made here: the server's certificate (for `localhost` and 127.0.0.1) is
//! signed by it, and a client trusts it through `SSL_CERT_FILE` (edgebox) or
//! `NODE_EXTRA_CA_CERTS` (node).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

use crate::repo_root;

/// A running fixture server; killed when dropped.
pub struct FixtureServer {
    child: Child,
    /// The HTTP port on 127.0.0.1.
    pub http: u16,
    /// The HTTPS port on 127.0.0.1.
    pub https: u16,
    /// The control port (/stats, /reset), not counted in the stats.
    pub control: u16,
    /// The test CA's certificate (PEM).
    pub ca: PathBuf,
    _dir: tempfile::TempDir,
}

fn write_test_pki(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "EdgeBox test CA");
    let ca_key = KeyPair::generate().expect("CA key");
    let ca = ca_params.self_signed(&ca_key).expect("CA certificate");
    let params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
        .expect("server params");
    let key = KeyPair::generate().expect("server key");
    let cert = params
        .signed_by(&key, &ca, &ca_key)
        .expect("server certificate");
    let paths = (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server-key.pem"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

impl FixtureServer {
    /// Starts the server and waits until both ports listen.
    pub fn start() -> FixtureServer {
        let dir = tempfile::tempdir().unwrap();
        let (ca, cert, key) = write_test_pki(dir.path());
        let mut child = Command::new("node")
            .arg(repo_root().join("tests/servers/http-fixture.js"))
            .arg(&cert)
            .arg(&key)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs the fixture server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the fixture server reports its ports");
        let port = |key: &str| -> u16 {
            let at = line.find(&format!("\"{key}\":")).expect("a port") + key.len() + 3;
            line[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .expect("a port number")
        };
        FixtureServer {
            http: port("http"),
            https: port("https"),
            control: port("control"),
            child,
            ca,
            _dir: dir,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn http_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.http)
    }

    /// `https://localhost:<port>`.
    pub fn https_base(&self) -> String {
        format!("https://localhost:{}", self.https)
    }

    /// GETs `path` from the control server (plain HTTP/1.0), the body as text: `/stats`.
    pub fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.control)).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: fixture\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        match response.split_once("\r\n\r\n") {
            Some((_, body)) => body.to_string(),
            None => response,
        }
    }

    /// The paths requested since the last reset (the server's /stats).
    pub fn requests(&self) -> Vec<String> {
        let stats = self.get("/stats");
        let list = stats
            .split("\"requests\":[")
            .nth(1)
            .and_then(|s| s.split(']').next())
            .unwrap_or("");
        list.split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_matches('"').to_string())
            .collect()
    }

    /// Forgets the requests seen so far.
    pub fn reset(&self) {
        self.get("/reset");
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
