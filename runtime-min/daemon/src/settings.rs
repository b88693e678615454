//! The daemon's settings: the command line over the policy's `daemon` section over defaults.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use edgebox_policy::Daemon;

use crate::cli::Args;

/// How the daemon serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Where it listens.
    pub listen: SocketAddr,
    /// Where the admin endpoints listen, if anywhere.
    pub admin: Option<SocketAddr>,
    /// Worker threads.
    pub workers: usize,
    /// Instances kept ready by each worker.
    pub pool_per_worker: usize,
    /// Most milliseconds a request may run.
    pub exec_timeout_ms: u32,
    /// The largest request body.
    pub max_body_bytes: u64,
}

const DEFAULT_PORT: u16 = 8080;
const DEFAULT_EXEC_TIMEOUT_MS: u32 = 30_000;
const DEFAULT_MAX_BODY_BYTES: u64 = 10 << 20;

/// A bad command-line value.
#[derive(Debug, thiserror::Error)]
#[error("--{option}: {message}")]
pub struct SettingsError {
    option: &'static str,
    message: String,
}

fn error(option: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        option,
        message: message.into(),
    }
}

impl Settings {
    /// Merges `args` over `daemon`; `cpus` is the default worker count.
    pub fn resolve(args: &Args, daemon: &Daemon, cpus: usize) -> Result<Settings, SettingsError> {
        let host = match args.host.as_deref().or(daemon.host.as_deref()) {
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some("localhost") => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some(text) => text.parse().map_err(|_| {
                error(
                    "host",
                    format!("{text:?} is not an IP address or localhost"),
                )
            })?,
        };
        let port = args.port.or(daemon.port).unwrap_or(DEFAULT_PORT);
        let workers = match args.workers.or(daemon.workers) {
            Some(0) => return Err(error("workers", "must be at least 1")),
            Some(n) => n as usize,
            None => cpus.max(1),
        };
        let pool = match args.pool_size.or(daemon.pool_size) {
            Some(0) => return Err(error("pool-size", "must be at least 1")),
            Some(n) => n as usize,
            None => 2 * workers,
        };
        let exec_timeout_ms = match args.exec_timeout_ms.or(daemon.exec_timeout_ms) {
            Some(0) => return Err(error("exec-timeout-ms", "must be at least 1")),
            Some(ms) => ms,
            None => DEFAULT_EXEC_TIMEOUT_MS,
        };
        let admin = match args.admin_port {
            Some(p) if p == port && p != 0 => {
                return Err(error("admin-port", format!("{p} is the serving port")))
            }
            Some(p) => Some(SocketAddr::new(host, p)),
            None => None,
        };
        Ok(Settings {
            listen: SocketAddr::new(host, port),
            admin,
            workers,
            pool_per_worker: pool.div_ceil(workers),
            exec_timeout_ms,
            max_body_bytes: args
                .max_body_bytes
                .or(daemon.max_body_bytes)
                .unwrap_or(DEFAULT_MAX_BODY_BYTES),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(line: &[&str]) -> Args {
        Args::parse_from(["edgeboxd", "app.aot"].iter().chain(line))
    }

    #[test]
    fn defaults_then_policy_then_command_line() {
        let none = Settings::resolve(&args(&[]), &Daemon::default(), 2).unwrap();
        assert_eq!(none.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!((none.workers, none.pool_per_worker), (2, 2));
        assert_eq!(none.exec_timeout_ms, 30_000);
        assert_eq!(none.max_body_bytes, 10 << 20);
        let daemon = Daemon {
            host: Some("::1".into()),
            port: Some(9000),
            workers: Some(3),
            pool_size: Some(7),
            exec_timeout_ms: Some(100),
            max_body_bytes: Some(5),
        };
        let file = Settings::resolve(&args(&[]), &daemon, 2).unwrap();
        assert_eq!(file.listen, "[::1]:9000".parse().unwrap());
        assert_eq!((file.workers, file.pool_per_worker), (3, 3));
        assert_eq!((file.exec_timeout_ms, file.max_body_bytes), (100, 5));
        let line = args(&[
            "--port",
            "0",
            "--workers",
            "1",
            "--pool-size",
            "1",
            "--host",
            "localhost",
        ]);
        let both = Settings::resolve(&line, &daemon, 2).unwrap();
        assert_eq!(both.listen, "127.0.0.1:0".parse().unwrap());
        assert_eq!((both.workers, both.pool_per_worker), (1, 1));
    }

    #[test]
    fn bad_values_name_the_option() {
        let cases = [
            (vec!["--workers", "0"], "--workers: must be at least 1"),
            (vec!["--pool-size", "0"], "--pool-size: must be at least 1"),
            (
                vec!["--host", "example.com"],
                "--host: \"example.com\" is not an IP address or localhost",
            ),
            (
                vec!["--admin-port", "8080"],
                "--admin-port: 8080 is the serving port",
            ),
            (
                vec!["--exec-timeout-ms", "0"],
                "--exec-timeout-ms: must be at least 1",
            ),
        ];
        for (line, expected) in cases {
            let error = Settings::resolve(&args(&line), &Daemon::default(), 2).unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }
}
