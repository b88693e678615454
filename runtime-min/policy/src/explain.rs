//! A policy in words (`edgebox --explain-policy`), and the grants that open much of the
//! machine, which edgeboxc and edgebox warn about.

use std::fmt::Write;
use std::path::Path;

use crate::{CommandRule, Policy};

/// Shells: allowing one lets the app run any program the sandbox can see.
const SHELLS: &[&str] = &["sh", "bash", "dash", "zsh", "ksh", "fish", "busybox"];

impl Policy {
    /// What the policy grants, one line per grant, in words.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let l = &self.limits;
        let _ = writeln!(
            out,
            "limits: wasm stack {} KiB, memory up to {} MiB{}{}{}",
            l.stack_size / 1024,
            u64::from(l.max_memory_pages) * 64 / 1024,
            l.max_heap_bytes.map_or(String::new(), |b| format!(
                ", JS heap up to {} MiB",
                b >> 20
            )),
            l.timeout_ms
                .map_or(String::new(), |t| format!(", {t} ms of wall time")),
            l.cpu_ms
                .map_or(String::new(), |t| format!(", {t} ms of CPU time")),
        );
        if self.dirs.is_empty() {
            out.push_str("directories: none\n");
        }
        for dir in &self.dirs {
            let rights: Vec<&str> = [
                (dir.read, "read (list, read files)"),
                (dir.write, "write (create, change, remove)"),
                (dir.execute, "execute (commands may run in it)"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, what)| *what)
            .collect();
            let _ = writeln!(
                out,
                "directory {}: {}",
                dir.path.display(),
                rights.join(", ")
            );
        }
        match self.env.is_empty() {
            true => out.push_str("environment: none\n"),
            false => {
                let _ = writeln!(
                    out,
                    "environment: {} (values from edgebox's environment)",
                    self.env.join(", ")
                );
            }
        }
        self.explain_commands(&mut out);
        self.explain_network(&mut out);
        out
    }

    fn explain_network(&self, out: &mut String) {
        let n = &self.network;
        if n.allowed.is_empty() {
            out.push_str("network: none\n");
        }
        for pattern in &n.allowed {
            let what = match pattern.is_everything() {
                true => {
                    "any URL (http and https; private addresses only through a pattern naming them)"
                }
                false => "allowed",
            };
            let _ = writeln!(out, "url {pattern}: {what}");
        }
        for pattern in &n.blocked {
            let _ = writeln!(out, "url {pattern}: blocked (blockedUrls wins)");
        }
        if !n.allowed.is_empty() {
            let _ = writeln!(
                out,
                "network limits: {}, {}",
                n.rate_limit_rps
                    .map_or("no request rate limit".into(), |r| format!(
                        "at most {r} requests started per second"
                    )),
                n.max_connections
                    .map_or("no connection cap".into(), |c| format!(
                        "at most {c} connections open at once"
                    )),
            );
        }
        for (name, attrs) in &self.keychain {
            let attrs: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
            let _ = writeln!(
                out,
                "keychain: {name} is set from the Secret Service secret with {} (the value is never shown)",
                attrs.join(", ")
            );
        }
    }

    fn explain_commands(&self, out: &mut String) {
        let c = &self.commands;
        if c.is_empty() {
            out.push_str("commands: none may run\n");
            return;
        }
        for (name, rule) in &c.listed {
            let what = match rule {
                CommandRule::Any => "with any arguments".to_string(),
                CommandRule::Never => "never".to_string(),
                CommandRule::FirstArg(args) => format!("only as `{name} {}`", args.join("|")),
            };
            let _ = writeln!(out, "command {name}: runs {what}");
        }
        for name in &c.allow {
            let _ = writeln!(out, "command {name}: runs with any arguments");
        }
        for name in &c.deny {
            let _ = writeln!(out, "command {name}: never runs (denyCommands)");
        }
        out.push_str(if self.os_sandbox {
            "commands run inside bubblewrap: they see the directories above (as granted, \
             write-only ones not at all), the system's program directories read-only, a private \
             /tmp; no network\n"
        } else {
            "commands run WITHOUT an OS sandbox (\"osSandbox\": false): with all of this user's \
             access to the machine\n"
        });
    }

    /// Grants that open much of the machine: writing `/` or the home directory (`home`),
    /// reading `/`, a shell as a command, commands without the OS sandbox, any URL, any host,
    /// a whole top-level domain.
    pub fn risks(&self, home: Option<&Path>) -> Vec<String> {
        let mut risks = Vec::new();
        for (i, dir) in self.dirs.iter().enumerate() {
            let root = dir.canonical == Path::new("/");
            let is_home = home.is_some_and(|h| dir.canonical == h || dir.path == h);
            if dir.write && (root || is_home) {
                risks.push(format!(
                    "dirs[{i}] lets the app write {} ({}): grant a folder for its data instead",
                    dir.path.display(),
                    if root {
                        "the whole machine"
                    } else {
                        "your home directory"
                    }
                ));
            } else if dir.read && root {
                risks.push(format!(
                    "dirs[{i}] lets the app read the whole machine (/): grant the folders it needs"
                ));
            }
        }
        let shell = |name: &str| SHELLS.contains(&name);
        let shells: Vec<&str> = self
            .commands
            .listed
            .iter()
            .filter(|(n, r)| shell(n) && *r != CommandRule::Never)
            .map(|(n, _)| n.as_str())
            .chain(
                self.commands
                    .allow
                    .iter()
                    .map(String::as_str)
                    .filter(|n| shell(n)),
            )
            .filter(|n| !self.commands.deny.iter().any(|d| d == n))
            .collect();
        for name in shells {
            risks.push(format!(
                "`{name}` is an allowed command: the app can run any program the sandbox can \
                 see through it (and every exec / shell: true command line runs through sh)"
            ));
        }
        if !self.os_sandbox && !self.commands.is_empty() {
            risks.push(
                "\"osSandbox\": false: allowed commands run with all of this user's access to \
                 the machine"
                    .into(),
            );
        }
        self.network_risks(&mut risks);
        risks
    }

    fn network_risks(&self, risks: &mut Vec<String>) {
        if self.network.blocked.iter().any(|b| b.is_everything()) {
            return;
        }
        for (i, pattern) in self.network.allowed.iter().enumerate() {
            if pattern.is_everything() {
                risks.push(format!(
                    "allowedUrls[{i}] \"*\" lets the app fetch any URL, including any site it \
                     can send your data to (private and loopback addresses still need a \
                     pattern naming them): list the hosts it needs"
                ));
            } else if pattern.any_host() {
                risks.push(format!(
                    "allowedUrls[{i}] \"{pattern}\" has `*` as its host: the app can reach any \
                     host (private and loopback addresses still need a pattern naming them): \
                     list the hosts it needs"
                ));
            } else if pattern.wildcard_tld() {
                risks.push(format!(
                    "allowedUrls[{i}] \"{pattern}\" matches every host under a top-level \
                     domain: name the sites"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{HostContext, Policy};

    fn policy(json: &str) -> Policy {
        let ctx = HostContext {
            home: Some(PathBuf::from("/home/u")),
            cwd: PathBuf::from("/app"),
            check_dirs: false,
        };
        Policy::parse(json, std::path::Path::new("p.json"), &ctx).unwrap()
    }

    #[test]
    fn explains_every_grant() {
        let text = policy(
            r#"{"dirs": [{"path": ".", "read": true, "execute": true}], "env": ["LANG"],
                "commands": {"git": ["status"]}, "allowCommands": ["ls"],
                "runtime": {"timeout_ms": 500}}"#,
        )
        .explain();
        for part in [
            "500 ms of wall time",
            "directory /app: read (list, read files), execute",
            "environment: LANG",
            "command git: runs only as `git status`",
            "command ls: runs with any arguments",
            "inside bubblewrap",
            "network: none",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        let none = Policy::default().explain();
        assert!(none.contains("directories: none") && none.contains("commands: none may run"));
        assert!(none.contains("network: none") && !none.contains("keychain"));
    }

    #[test]
    fn explains_network_and_keychain_grants() {
        let p = policy(
            r#"{"allowedUrls": ["https://api.github.com/*", "*"], "blockedUrls": ["*://*.evil.com:*"],
                "rateLimitRps": 20, "maxConnections": 4,
                "useKeychain": {"GITHUB_TOKEN": {"service": "github", "account": "me"}}}"#,
        );
        let text = p.explain();
        for part in [
            "url https://api.github.com/*: allowed\n",
            "url *: any URL (http and https; private addresses only through a pattern naming them)",
            "url *://*.evil.com:*: blocked (blockedUrls wins)",
            "network limits: at most 20 requests started per second, at most 4 connections open at once",
            "keychain: GITHUB_TOKEN is set from the Secret Service secret with service=\"github\", account=\"me\" (the value is never shown)",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        assert!(!text.contains("network: none"), "{text}");
        let unlimited = policy(r#"{"allowedUrls": ["https://x.org/"]}"#).explain();
        assert!(unlimited.contains("network limits: no request rate limit, no connection cap"));
    }

    #[test]
    fn warns_about_any_url_and_any_host() {
        let risks = policy(
            r#"{"allowedUrls": ["*", "https://*/*", "https://*.com/", "https://*.github.com/*",
                                "http://127.0.0.1:*"]}"#,
        )
        .risks(None);
        assert_eq!(risks.len(), 3, "{risks:#?}");
        assert!(risks[0].starts_with("allowedUrls[0] \"*\" lets the app fetch any URL, including"));
        assert!(
            risks[0].contains("private and loopback addresses still need a pattern naming them")
        );
        assert!(risks[1].starts_with("allowedUrls[1] \"https://*/*\" has `*` as its host"));
        assert!(risks[2].starts_with(
            "allowedUrls[2] \"https://*.com/\" matches every host under a top-level domain"
        ));
        let fenced = policy(r#"{"allowedUrls": ["*"], "blockedUrls": ["*"]}"#);
        assert!(fenced.risks(None).is_empty());
    }

    #[test]
    fn warns_about_grants_that_open_the_machine() {
        let home = std::path::Path::new("/home/u");
        let risks = policy(
            r#"{"dirs": [{"path": "/", "read": true}, {"path": "~", "read": true, "write": true}],
                "allowCommands": ["sh"], "commands": {"bash": true}, "osSandbox": false}"#,
        )
        .risks(Some(home));
        let all = risks.join("\n");
        for part in [
            "the whole machine (/)",
            "your home directory",
            "`sh`",
            "`bash`",
            "osSandbox",
        ] {
            assert!(all.contains(part), "{part:?} in {all}");
        }
        let safe = policy(r#"{"allowCommands": ["sh"], "denyCommands": ["sh"]}"#);
        assert!(safe.risks(Some(home)).is_empty());
    }
}
