//! The sandbox policy (`<stem>.edgebox.json` beside the artifact, or `--config PATH`): runtime
//! limits, the directories the guest may use and how, and the environment variables it sees.
//! A missing file means the defaults: no directories, no environment. See README.md.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

mod explain;
mod json;
pub mod urls;

pub use json::Pos;
use json::{Kind, Member, Value};
pub use urls::{Grant, Network, UrlDenial, UrlPattern};

/// The policy file of `app.aot` / `app.wasm` is `app` + this suffix, in the same folder.
pub const POLICY_SUFFIX: &str = ".edgebox.json";

/// Limits applied when the module is instantiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// WAMR's wasm stack for the run, in bytes (interpreter frames and operands, AOT frames).
    pub stack_size: u32,
    /// WAMR's host-managed app heap inside linear memory, in bytes (0: none).
    pub heap_size: u32,
    /// Most 64 KiB pages linear memory may grow to; `memory.grow` past it fails.
    pub max_memory_pages: u32,
    /// Most wasm instructions the interpreter may execute (`.wasm` only: AOT code is not
    /// metered, so an `.aot` run under this limit is refused).
    pub max_instructions: Option<u32>,
    /// Most wall-clock milliseconds the app may run, counted from the start of `_start`.
    pub timeout_ms: Option<u32>,
    /// Most milliseconds of CPU time the app's thread may use, counted from the start of
    /// `_start`.
    pub cpu_ms: Option<u32>,
    /// QuickJS's own memory limit, in bytes: an allocation past it is a catchable JS error
    /// (`InternalError: out of memory`). Below `max_memory_pages`, so it is reached first.
    pub max_heap_bytes: Option<u64>,
}

impl Limits {
    /// Defaults when the policy (or its `runtime` object) leaves a field out.
    pub const DEFAULT: Limits = Limits {
        stack_size: 8 << 20,
        heap_size: 0,
        max_memory_pages: 16384,
        max_instructions: None,
        timeout_ms: None,
        cpu_ms: None,
        max_heap_bytes: None,
    };
}

/// The `daemon` section: how `edgeboxd` serves the app (its command line overrides each field).
/// None of it changes what the app may do; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Daemon {
    /// `daemon.host`: the address to listen on (an IP address or `localhost`).
    pub host: Option<String>,
    /// `daemon.port`: the TCP port to listen on (0: any free port).
    pub port: Option<u16>,
    /// `daemon.pool_size`: instances kept ready, over all workers.
    pub pool_size: Option<u32>,
    /// `daemon.workers`: threads that run instances (requests served at once).
    pub workers: Option<u32>,
    /// `daemon.exec_timeout_ms`: most wall-clock milliseconds one request may run (then 504).
    pub exec_timeout_ms: Option<u32>,
    /// `daemon.max_body_bytes`: the largest request body accepted (then 413).
    pub max_body_bytes: Option<u64>,
}

const PORT_RANGE: (u64, u64) = (0, 65535);
const POOL_SIZE_RANGE: (u64, u64) = (1, 4096);
const WORKERS_RANGE: (u64, u64) = (1, 256);
const BODY_BYTES_RANGE: (u64, u64) = (0, 1 << 32);

const STACK_SIZE_RANGE: (u64, u64) = (4096, 256 << 20);
const HEAP_SIZE_RANGE: (u64, u64) = (0, 1 << 30);
const MAX_MEMORY_PAGES_RANGE: (u64, u64) = (1, 65536);
/// WAMR counts instructions in a C `int`.
const MAX_INSTRUCTIONS_RANGE: (u64, u64) = (1, i32::MAX as u64);
/// One millisecond to one week.
const MILLISECONDS_RANGE: (u64, u64) = (1, 7 * 24 * 3600 * 1000);
/// QuickJS needs some heap of its own before any app code runs; the limit must stay below all
/// of wasm32's 4 GiB (and fit the guest's 32-bit size_t).
const MAX_HEAP_BYTES_RANGE: (u64, u64) = (1 << 20, u32::MAX as u64);
/// `rateLimitRps`: requests started per second.
const RPS_RANGE: (u64, u64) = (1, 100_000);
/// `maxConnections`: HTTP connections open at once.
const CONNECTIONS_RANGE: (u64, u64) = (1, 10_000);
/// Bytes in a wasm page.
const WASM_PAGE_SIZE: u64 = 65536;

/// A directory the guest may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dir {
    /// Absolute path after expansion, normalized lexically: the name the guest sees.
    pub path: PathBuf,
    /// The same directory with symlinks resolved (to compare directories).
    pub canonical: PathBuf,
    /// The guest may list it and read files in it.
    pub read: bool,
    /// The guest may create, write, truncate, rename and remove things in it.
    pub write: bool,
    /// Commands may run with their working directory in it (see [`Commands`]).
    pub execute: bool,
}

/// What `commands` says of one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandRule {
    /// `true`: it runs with any arguments.
    Any,
    /// `false`: it never runs.
    Never,
    /// A list: it runs only when its first argument is one of these (a subcommand).
    FirstArg(Vec<String>),
}

/// The command rules: which programs the guest may start (child_process), by the basename of
/// the program's resolved real path. Empty (the default): no command runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commands {
    /// `commands`: program name → rule, in file order.
    pub listed: Vec<(String, CommandRule)>,
    /// `allowCommands`: programs that run with any arguments.
    pub allow: Vec<String>,
    /// `denyCommands`: programs that never run, whatever else says (deny wins).
    pub deny: Vec<String>,
}

impl Commands {
    /// Whether no rule lets anything run.
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.listed.iter().all(|(_, r)| *r == CommandRule::Never)
    }
}

/// A WASI preopen derived from the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preopen {
    /// The name the guest sees.
    pub guest: PathBuf,
    /// The host directory.
    pub host: PathBuf,
    /// Read rights kept.
    pub read: bool,
    /// Write rights kept.
    pub write: bool,
}

/// A validated policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Runtime limits.
    pub limits: Limits,
    /// Granted directories, in file order.
    pub dirs: Vec<Dir>,
    /// Names of the environment variables passed through (values come from edgebox's own
    /// environment at run time; unset ones are skipped).
    pub env: Vec<String>,
    /// Which commands the guest may start.
    pub commands: Commands,
    /// `osSandbox` (default true): commands run inside bubblewrap; false runs them directly
    /// (edgebox warns).
    pub os_sandbox: bool,
    /// `allowedUrls`, `blockedUrls`, `rateLimitRps`, `maxConnections`: which URLs the guest
    /// may fetch, and how fast. Default: no network.
    pub network: Network,
    /// `useKeychain`: environment variable name → the Secret Service attributes of the secret
    /// that becomes its value, both in file order.
    pub keychain: Vec<(String, Vec<(String, String)>)>,
    /// `daemon`: how edgeboxd serves the app (edgebox ignores it).
    pub daemon: Daemon,
}

impl Default for Policy {
    /// Deny-all: default limits, no directories, no environment, no commands, no network.
    fn default() -> Self {
        Policy {
            limits: Limits::DEFAULT,
            dirs: Vec::new(),
            env: Vec::new(),
            commands: Commands::default(),
            os_sandbox: true,
            network: Network::default(),
            keychain: Vec::new(),
            daemon: Daemon::default(),
        }
    }
}

/// What path expansion needs from the outside world (explicit, so it can be tested).
/// Built by [`HostContext::current`] or [`HostContext::new`].
#[derive(Debug, Clone)]
pub struct HostContext {
    /// `$HOME` / `~` (None if HOME is unset).
    pub home: Option<PathBuf>,
    /// The current directory (`$PWD`, base of relative paths).
    pub cwd: PathBuf,
    /// Look at the granted directories (existence, duplicates, nesting): true for every
    /// context but [`check_schema`]'s, which runs at build time on another machine.
    check_dirs: bool,
}

impl HostContext {
    /// A context with this home folder and current directory.
    pub fn new(home: Option<PathBuf>, cwd: PathBuf) -> HostContext {
        HostContext {
            home,
            cwd,
            check_dirs: true,
        }
    }

    /// The context of this process.
    pub fn current() -> io::Result<HostContext> {
        Ok(HostContext {
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            cwd: std::env::current_dir()?,
            check_dirs: true,
        })
    }
}

/// Checks policy text against the schema (fields, types, values, path syntax) without looking
/// at the file system — what `edgeboxc build` can check before the app reaches its machine —
/// and returns the grants that open much of the machine ([`Policy::risks`]). `~`, `$HOME` and
/// relative paths expand against `home` (a placeholder when unknown) and `dir` (the app's
/// folder, where the policy lives).
pub fn check_schema(
    text: &str,
    path: &Path,
    home: Option<PathBuf>,
    dir: &Path,
) -> Result<Vec<String>, PolicyError> {
    let ctx = HostContext {
        home: Some(home.clone().unwrap_or_else(|| PathBuf::from("/home/user"))),
        cwd: dir.to_path_buf(),
        check_dirs: false,
    };
    Ok(Policy::parse(text, path, &ctx)?.risks(home.as_deref()))
}

/// Why a policy file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("cannot read policy {}: {source}", path.display())]
    Read {
        /// The policy file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file is not valid JSON (or not UTF-8).
    #[error("{}:{pos}: invalid JSON: {message}", path.display())]
    Syntax {
        /// The policy file.
        path: PathBuf,
        /// Where.
        pos: Pos,
        /// What is wrong.
        message: String,
    },
    /// A field is unknown, has the wrong type, or a value that cannot be used.
    #[error("{}:{pos}: `{field}`: {message}", path.display())]
    Field {
        /// The policy file.
        path: PathBuf,
        /// Where the offending value (or member name) starts.
        pos: Pos,
        /// The field, e.g. `dirs[0].read`.
        field: String,
        /// What is wrong and what to do.
        message: String,
    },
}

/// The policy file that applies to `artifact`: `override_path` if given, else
/// `<folder>/<stem>.edgebox.json` if it exists, else None (the defaults apply).
pub fn locate(artifact: &Path, override_path: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = override_path {
        return Some(path.to_path_buf());
    }
    let beside = beside(artifact);
    beside.exists().then_some(beside)
}

/// `<folder>/<stem>.edgebox.json` for `<folder>/<stem>.<ext>`.
pub fn beside(artifact: &Path) -> PathBuf {
    let stem = artifact.file_stem().unwrap_or(artifact.as_os_str());
    let mut name = stem.to_os_string();
    name.push(POLICY_SUFFIX);
    artifact.with_file_name(name)
}

impl Policy {
    /// Reads and validates the policy file at `path`.
    pub fn load(path: &Path, ctx: &HostContext) -> Result<Policy, PolicyError> {
        let bytes = fs::read(path).map_err(|source| PolicyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| PolicyError::Syntax {
            path: path.to_path_buf(),
            pos: Pos { line: 1, col: 1 },
            message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        })?;
        Policy::parse(&text, path, ctx)
    }

    /// Validates policy text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path, ctx: &HostContext) -> Result<Policy, PolicyError> {
        let root = json::parse(text).map_err(|e| PolicyError::Syntax {
            path: path.to_path_buf(),
            pos: e.pos,
            message: e.message,
        })?;
        Reader { path, ctx }.policy(&root)
    }

    /// The preopens for this policy: every granted directory under its own absolute path, so
    /// that the guest resolves an absolute path only against a granted directory (the longest
    /// matching prefix) and never against anything else. There is no `.` preopen: wasi-libc
    /// would resolve every absolute path that matches no other preopen against it.
    pub fn preopens(&self) -> Vec<Preopen> {
        self.dirs
            .iter()
            .map(|d| Preopen {
                guest: d.path.clone(),
                host: d.path.clone(),
                read: d.read,
                write: d.write,
            })
            .collect()
    }

    /// The current directory as the guest names it: inside a granted directory, that
    /// directory's name joined with the rest of the real path (so relative paths resolve through
    /// the preopen even when the granted name goes through a symlink); elsewhere, the real path
    /// (relative paths then resolve outside every grant and are denied).
    pub fn guest_cwd(&self, cwd: &Path) -> PathBuf {
        let Ok(real) = fs::canonicalize(cwd) else {
            return cwd.to_path_buf();
        };
        self.dirs
            .iter()
            .filter_map(|d| Some((d, real.strip_prefix(&d.canonical).ok()?)))
            .max_by_key(|(d, _)| d.canonical.components().count())
            .map(|(d, rest)| match rest.as_os_str().is_empty() {
                true => d.path.clone(),
                false => d.path.join(rest),
            })
            .unwrap_or(real)
    }
}

struct Reader<'a> {
    path: &'a Path,
    ctx: &'a HostContext,
}

impl Reader<'_> {
    fn error(&self, pos: Pos, field: &str, message: impl Into<String>) -> PolicyError {
        PolicyError::Field {
            path: self.path.to_path_buf(),
            pos,
            field: field.to_string(),
            message: message.into(),
        }
    }

    fn wrong_type(&self, value: &Value, field: &str, wanted: &str) -> PolicyError {
        self.error(
            value.pos,
            field,
            format!("expected {wanted}, found {}", value.kind.type_name()),
        )
    }

    /// The members of an object, rejecting names not in `known`.
    fn object<'v>(
        &self,
        value: &'v Value,
        field: &str,
        known: &[&str],
    ) -> Result<&'v [Member], PolicyError> {
        let Kind::Object(members) = &value.kind else {
            return Err(self.wrong_type(value, field, "an object"));
        };
        for member in members {
            let name = &member.name;
            if !known.contains(&name.as_str()) {
                let full = if field.is_empty() {
                    name.clone()
                } else {
                    format!("{field}.{name}")
                };
                return Err(self.error(
                    member.name_pos,
                    &full,
                    format!("unknown field (expected one of: {})", known.join(", ")),
                ));
            }
        }
        Ok(members)
    }

    fn policy(&self, root: &Value) -> Result<Policy, PolicyError> {
        let mut policy = Policy::default();
        let known = [
            "runtime",
            "dirs",
            "env",
            "commands",
            "allowCommands",
            "denyCommands",
            "osSandbox",
            "allowedUrls",
            "blockedUrls",
            "rateLimitRps",
            "maxConnections",
            "useKeychain",
            "daemon",
        ];
        let mut keychain_pos = Vec::new();
        for Member { name, value, .. } in self.object(root, "", &known)? {
            let net = &mut policy.network;
            match name.as_str() {
                "runtime" => policy.limits = self.limits(value)?,
                "dirs" => policy.dirs = self.dirs(value)?,
                "env" => policy.env = self.env(value)?,
                "commands" => policy.commands.listed = self.command_rules(value)?,
                "allowCommands" => policy.commands.allow = self.command_names(value, name)?,
                "denyCommands" => policy.commands.deny = self.command_names(value, name)?,
                "osSandbox" => policy.os_sandbox = self.boolean(value, name)?,
                "allowedUrls" => net.allowed = self.url_patterns(value, name)?,
                "blockedUrls" => net.blocked = self.url_patterns(value, name)?,
                "rateLimitRps" => net.rate_limit_rps = Some(self.integer(value, name, RPS_RANGE)?),
                "maxConnections" => {
                    net.max_connections = Some(self.integer(value, name, CONNECTIONS_RANGE)?)
                }
                "daemon" => policy.daemon = self.daemon(value)?,
                _ => (policy.keychain, keychain_pos) = self.keychain(value)?,
            }
        }
        for ((name, _), pos) in policy.keychain.iter().zip(keychain_pos) {
            if policy.env.contains(name) {
                return Err(self.error(
                    pos,
                    &format!("useKeychain.{name}"),
                    format!(
                        "{name} is also in `env`: a variable comes from the environment or from \
                         the keychain, not both"
                    ),
                ));
            }
        }
        Ok(policy)
    }

    /// `allowedUrls` / `blockedUrls`: a list of URL patterns ([`UrlPattern`]).
    fn url_patterns(&self, value: &Value, field: &str) -> Result<Vec<UrlPattern>, PolicyError> {
        let mut patterns = Vec::new();
        for (i, item) in self.array(value, field)?.iter().enumerate() {
            let field = format!("{field}[{i}]");
            let text = self.string(item, &field)?;
            let pattern = UrlPattern::parse(text)
                .map_err(|m| self.error(item.pos, &field, format!("{text:?}: {m}")))?;
            patterns.push(pattern);
        }
        Ok(patterns)
    }

    /// `useKeychain`: `{"GITHUB_TOKEN": {"service": "github", "account": "me"}}`.
    #[allow(clippy::type_complexity)]
    fn keychain(
        &self,
        value: &Value,
    ) -> Result<(Vec<(String, Vec<(String, String)>)>, Vec<Pos>), PolicyError> {
        let Kind::Object(members) = &value.kind else {
            return Err(self.wrong_type(value, "useKeychain", "an object"));
        };
        let (mut entries, mut positions) = (Vec::new(), Vec::new());
        for member in members {
            let field = format!("useKeychain.{}", member.name);
            self.env_name(&member.name, member.name_pos, &field)?;
            let Kind::Object(attrs) = &member.value.kind else {
                return Err(self.wrong_type(
                    &member.value,
                    &field,
                    "an object of Secret Service attributes (e.g. {\"service\": \"github\"})",
                ));
            };
            if attrs.is_empty() {
                return Err(self.error(
                    member.value.pos,
                    &field,
                    "no attributes: name the secret (e.g. {\"service\": \"github\", \"account\": \"me\"})",
                ));
            }
            let mut pairs = Vec::new();
            for attr in attrs {
                let field = format!("{field}.{}", attr.name);
                if attr.name.is_empty() || attr.name.contains('\0') {
                    return Err(self.error(attr.name_pos, &field, "is not an attribute name"));
                }
                let text = self.string(&attr.value, &field)?;
                pairs.push((attr.name.clone(), text.to_string()));
            }
            entries.push((member.name.clone(), pairs));
            positions.push(member.name_pos);
        }
        Ok((entries, positions))
    }

    /// `daemon`: `{"port": 8080, "workers": 2, "exec_timeout_ms": 5000, ...}`.
    fn daemon(&self, value: &Value) -> Result<Daemon, PolicyError> {
        let mut daemon = Daemon::default();
        let known = [
            "host",
            "port",
            "pool_size",
            "workers",
            "exec_timeout_ms",
            "max_body_bytes",
        ];
        for Member { name, value, .. } in self.object(value, "daemon", &known)? {
            let field = format!("daemon.{name}");
            let small = |range| self.integer(value, &field, range);
            match name.as_str() {
                "host" => {
                    let host = self.string(value, &field)?;
                    if host != "localhost" && host.parse::<std::net::IpAddr>().is_err() {
                        return Err(self.error(
                            value.pos,
                            &field,
                            format!("{host:?} is not an IP address or localhost"),
                        ));
                    }
                    daemon.host = Some(host.to_string());
                }
                "port" => daemon.port = Some(small(PORT_RANGE)? as u16),
                "pool_size" => daemon.pool_size = Some(small(POOL_SIZE_RANGE)?),
                "workers" => daemon.workers = Some(small(WORKERS_RANGE)?),
                "exec_timeout_ms" => daemon.exec_timeout_ms = Some(small(MILLISECONDS_RANGE)?),
                _ => {
                    daemon.max_body_bytes =
                        Some(self.whole_number(value, &field, BODY_BYTES_RANGE)?)
                }
            }
        }
        Ok(daemon)
    }

    fn limits(&self, value: &Value) -> Result<Limits, PolicyError> {
        let mut limits = Limits::DEFAULT;
        let known = [
            "stack_size",
            "heap_size",
            "max_memory_pages",
            "max_instructions",
            "timeout_ms",
            "cpu_ms",
            "max_heap_bytes",
        ];
        let mut heap_pos = None;
        for Member { name, value, .. } in self.object(value, "runtime", &known)? {
            let field = format!("runtime.{name}");
            let small = |range| self.integer(value, &field, range);
            match name.as_str() {
                "stack_size" => limits.stack_size = small(STACK_SIZE_RANGE)?,
                "heap_size" => limits.heap_size = small(HEAP_SIZE_RANGE)?,
                "max_memory_pages" => limits.max_memory_pages = small(MAX_MEMORY_PAGES_RANGE)?,
                "max_instructions" => {
                    limits.max_instructions = Some(small(MAX_INSTRUCTIONS_RANGE)?)
                }
                "timeout_ms" => limits.timeout_ms = Some(small(MILLISECONDS_RANGE)?),
                "cpu_ms" => limits.cpu_ms = Some(small(MILLISECONDS_RANGE)?),
                _ => {
                    limits.max_heap_bytes =
                        Some(self.whole_number(value, &field, MAX_HEAP_BYTES_RANGE)?);
                    heap_pos = Some(value.pos);
                }
            }
        }
        if let (Some(heap), Some(pos)) = (limits.max_heap_bytes, heap_pos) {
            let memory = u64::from(limits.max_memory_pages) * WASM_PAGE_SIZE;
            if heap >= memory {
                return Err(self.error(
                    pos,
                    "runtime.max_heap_bytes",
                    format!(
                        "{heap} is not below the linear memory cap (runtime.max_memory_pages {} \
                         × 64 KiB = {memory} bytes): memory would run out before the JS heap \
                         limit is reached",
                        limits.max_memory_pages
                    ),
                ));
            }
        }
        Ok(limits)
    }

    fn integer(&self, value: &Value, field: &str, range: (u64, u64)) -> Result<u32, PolicyError> {
        let n = self.whole_number(value, field, range)?;
        Ok(u32::try_from(n).expect("u32 ranges only"))
    }

    fn whole_number(
        &self,
        value: &Value,
        field: &str,
        (min, max): (u64, u64),
    ) -> Result<u64, PolicyError> {
        let Kind::Number(text) = &value.kind else {
            return Err(self.wrong_type(value, field, "a whole number"));
        };
        text.parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                self.error(
                    value.pos,
                    field,
                    format!("expected a whole number from {min} to {max}, found {text}"),
                )
            })
    }

    fn boolean(&self, value: &Value, field: &str) -> Result<bool, PolicyError> {
        match value.kind {
            Kind::Bool(b) => Ok(b),
            _ => Err(self.wrong_type(value, field, "true or false")),
        }
    }

    fn string<'v>(&self, value: &'v Value, field: &str) -> Result<&'v str, PolicyError> {
        match &value.kind {
            Kind::String(s) => Ok(s),
            _ => Err(self.wrong_type(value, field, "a string")),
        }
    }

    fn array<'v>(&self, value: &'v Value, field: &str) -> Result<&'v [Value], PolicyError> {
        match &value.kind {
            Kind::Array(items) => Ok(items),
            _ => Err(self.wrong_type(value, field, "an array")),
        }
    }

    fn dirs(&self, value: &Value) -> Result<Vec<Dir>, PolicyError> {
        let mut dirs: Vec<Dir> = Vec::new();
        let mut positions = Vec::new();
        for (i, item) in self.array(value, "dirs")?.iter().enumerate() {
            let field = format!("dirs[{i}]");
            let members = self.object(item, &field, &["path", "read", "write", "execute"])?;
            let (mut path, mut read, mut write, mut execute) = (None, false, false, false);
            for Member { name, value, .. } in members {
                let field = format!("{field}.{name}");
                match name.as_str() {
                    "path" => path = Some((self.string(value, &field)?, value.pos)),
                    "read" => read = self.boolean(value, &field)?,
                    "write" => write = self.boolean(value, &field)?,
                    _ => execute = self.boolean(value, &field)?,
                }
            }
            let Some((raw, path_pos)) = path else {
                return Err(self.error(
                    item.pos,
                    &format!("{field}.path"),
                    "missing (the directory to grant)",
                ));
            };
            if !read && !write && !execute {
                return Err(self.error(
                    item.pos,
                    &format!("{field}.read"),
                    "grants nothing: set `read`, `write` or `execute` to true (or remove the entry)",
                ));
            }
            let field = format!("{field}.path");
            let path = expand(raw, self.ctx).map_err(|m| self.error(path_pos, &field, m))?;
            let canonical = if !self.ctx.check_dirs {
                Ok(normalize(&path))
            } else {
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => fs::canonicalize(&path),
                    Ok(_) => {
                        return Err(self.error(
                            path_pos,
                            &field,
                            format!("{} is not a directory", path.display()),
                        ))
                    }
                    Err(e) => Err(e),
                }
            }
            .map_err(|e| {
                self.error(
                    path_pos,
                    &field,
                    format!("cannot use {}: {e}", path.display()),
                )
            })?;
            let duplicate = dirs.iter().position(|d| d.canonical == canonical);
            if let Some(j) = duplicate.filter(|_| self.ctx.check_dirs) {
                return Err(self.error(
                    path_pos,
                    &field,
                    format!("same directory as dirs[{j}]: merge the two entries"),
                ));
            }
            dirs.push(Dir {
                path,
                canonical,
                read,
                write,
                execute,
            });
            positions.push(path_pos);
        }
        if self.ctx.check_dirs {
            self.check_nesting(&dirs, &positions)?;
        }
        Ok(dirs)
    }

    /// A directory inside another granted directory cannot have fewer rights than it: the guest
    /// could reach it through the outer one (and the outer one's `.` preopen).
    fn check_nesting(&self, dirs: &[Dir], positions: &[Pos]) -> Result<(), PolicyError> {
        for (i, inner) in dirs.iter().enumerate() {
            for (j, outer) in dirs.iter().enumerate() {
                if i == j || !inner.canonical.starts_with(&outer.canonical) {
                    continue;
                }
                let lost: Vec<&str> = [
                    ("read", outer.read && !inner.read),
                    ("write", outer.write && !inner.write),
                ]
                .iter()
                .filter(|(_, lost)| *lost)
                .map(|(name, _)| *name)
                .collect();
                if !lost.is_empty() {
                    return Err(self.error(
                        positions[i],
                        &format!("dirs[{i}].path"),
                        format!(
                            "{} is inside dirs[{j}] ({}), which grants {} that this entry does not: \
                             the guest could use it through dirs[{j}]; grant the same rights or move it",
                            inner.path.display(),
                            outer.path.display(),
                            lost.join(" and ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `commands`: `{"git": ["status", "log"], "node": true, "rm": false}`.
    fn command_rules(&self, value: &Value) -> Result<Vec<(String, CommandRule)>, PolicyError> {
        let Kind::Object(members) = &value.kind else {
            return Err(self.wrong_type(value, "commands", "an object"));
        };
        let mut rules = Vec::new();
        for member in members {
            let field = format!("commands.{}", member.name);
            self.command_name(&member.name, member.name_pos, &field)?;
            let rule = match &member.value.kind {
                Kind::Bool(true) => CommandRule::Any,
                Kind::Bool(false) => CommandRule::Never,
                Kind::Array(items) => {
                    let mut args = Vec::new();
                    for (i, item) in items.iter().enumerate() {
                        args.push(self.string(item, &format!("{field}[{i}]"))?.to_string());
                    }
                    CommandRule::FirstArg(args)
                }
                _ => {
                    return Err(self.wrong_type(
                        &member.value,
                        &field,
                        "true, false or a list of allowed first arguments",
                    ))
                }
            };
            rules.push((member.name.clone(), rule));
        }
        Ok(rules)
    }

    /// `allowCommands` / `denyCommands`: a list of program names.
    fn command_names(&self, value: &Value, field: &str) -> Result<Vec<String>, PolicyError> {
        let mut names = Vec::new();
        for (i, item) in self.array(value, field)?.iter().enumerate() {
            let field = format!("{field}[{i}]");
            let name = self.string(item, &field)?;
            self.command_name(name, item.pos, &field)?;
            names.push(name.to_string());
        }
        Ok(names)
    }

    /// A rule names a program by its basename: no path, nothing empty.
    fn command_name(&self, name: &str, pos: Pos, field: &str) -> Result<(), PolicyError> {
        if name.is_empty() || name.contains(['/', '\0']) || name == "." || name == ".." {
            return Err(self.error(
                pos,
                field,
                format!(
                    "{name:?} is not a program name (give the basename, e.g. \"git\", not a path)"
                ),
            ));
        }
        Ok(())
    }

    fn env(&self, value: &Value) -> Result<Vec<String>, PolicyError> {
        let mut names = Vec::new();
        for (i, item) in self.array(value, "env")?.iter().enumerate() {
            let field = format!("env[{i}]");
            let name = self.string(item, &field)?;
            self.env_name(name, item.pos, &field)?;
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        Ok(names)
    }

    /// An environment variable name: not empty, no `=` or NUL.
    fn env_name(&self, name: &str, pos: Pos, field: &str) -> Result<(), PolicyError> {
        if name.is_empty() || name.contains(['=', '\0']) {
            return Err(self.error(
                pos,
                field,
                format!("{name:?} is not a variable name (give names only; values come from the environment)"),
            ));
        }
        Ok(())
    }
}

/// Expands `~`, `$HOME` and `$PWD`, makes the path absolute (relative to the current
/// directory) and removes `.` and `..` components lexically.
fn expand(raw: &str, ctx: &HostContext) -> Result<PathBuf, String> {
    if raw.is_empty() {
        return Err("is empty".into());
    }
    if raw.contains('\0') {
        return Err("contains a NUL character".into());
    }
    let home = || {
        ctx.home
            .as_deref()
            .ok_or_else(|| format!("{raw:?} needs $HOME, which is not set"))
    };
    let mut expanded = OsString::new();
    let mut rest = raw;
    if let Some(after) = raw.strip_prefix('~') {
        if !(after.is_empty() || after.starts_with('/')) {
            return Err(format!(
                "{raw:?}: `~user` is not supported; use $HOME/… or an absolute path"
            ));
        }
        expanded.push(home()?);
        rest = after;
    }
    while let Some(dollar) = rest.find('$') {
        expanded.push(&rest[..dollar]);
        let var = &rest[dollar + 1..];
        let (value, len) = if var.starts_with("HOME") {
            (home()?, 4)
        } else if var.starts_with("PWD") {
            (ctx.cwd.as_path(), 3)
        } else {
            return Err(format!("{raw:?}: only $HOME and $PWD are expanded"));
        };
        if !(var[len..].is_empty() || var[len..].starts_with('/')) {
            return Err(format!("{raw:?}: only $HOME and $PWD are expanded"));
        }
        expanded.push(value);
        rest = &var[len..];
    }
    expanded.push(rest);
    Ok(normalize(&ctx.cwd.join(expanded)))
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for part in path.components() {
        match part {
            Component::Normal(name) => out.push(name),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(cwd: &Path) -> HostContext {
        HostContext {
            home: Some(PathBuf::from("/home/u")),
            cwd: cwd.to_path_buf(),
            check_dirs: true,
        }
    }

    fn parse(text: &str, cwd: &Path) -> Result<Policy, String> {
        Policy::parse(text, Path::new("/p/app.edgebox.json"), &ctx(cwd)).map_err(|e| e.to_string())
    }

    #[test]
    fn expands_home_pwd_tilde_and_relative_paths() {
        let c = ctx(Path::new("/work/proj"));
        assert_eq!(expand("~", &c).unwrap(), Path::new("/home/u"));
        assert_eq!(expand("~/a/./b/", &c).unwrap(), Path::new("/home/u/a/b"));
        assert_eq!(expand("$HOME/x", &c).unwrap(), Path::new("/home/u/x"));
        assert_eq!(
            expand("$PWD/data", &c).unwrap(),
            Path::new("/work/proj/data")
        );
        assert_eq!(expand("$PWD", &c).unwrap(), Path::new("/work/proj"));
        assert_eq!(
            expand("data/../out", &c).unwrap(),
            Path::new("/work/proj/out")
        );
        assert_eq!(expand("/abs/../../etc", &c).unwrap(), Path::new("/etc"));
        assert!(expand("~bob/x", &c).unwrap_err().contains("~user"));
        assert!(expand("$USER/x", &c)
            .unwrap_err()
            .contains("only $HOME and $PWD"));
        assert!(expand("$HOMEX", &c)
            .unwrap_err()
            .contains("only $HOME and $PWD"));
        let no_home = HostContext {
            home: None,
            cwd: PathBuf::from("/"),
            check_dirs: true,
        };
        assert!(expand("~/x", &no_home).unwrap_err().contains("not set"));
    }

    #[test]
    fn defaults_and_full_policy() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse("{}", dir.path()).unwrap();
        assert_eq!(p, Policy::default());
        fs::create_dir(dir.path().join("data")).unwrap();
        let p = parse(
            r#"{ "runtime": { "stack_size": 65536, "heap_size": 0, "max_memory_pages": 32 },
                 "dirs": [ { "path": "$PWD/data", "read": true, "write": false } ],
                 "env": ["HOME", "LANG", "HOME"] }"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            p.limits,
            Limits {
                stack_size: 65536,
                heap_size: 0,
                max_memory_pages: 32,
                ..Limits::DEFAULT
            }
        );
        assert_eq!(p.dirs[0].path, dir.path().join("data"));
        assert!(p.dirs[0].read && !p.dirs[0].write);
        assert_eq!(p.env, ["HOME", "LANG"]);
        let partial = parse(r#"{"runtime": {"max_memory_pages": 2}}"#, dir.path()).unwrap();
        assert_eq!(partial.limits.stack_size, Limits::DEFAULT.stack_size);
    }

    #[test]
    fn daemon_section() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse(
            r#"{ "daemon": { "host": "::1", "port": 0, "pool_size": 8, "workers": 2,
                             "exec_timeout_ms": 250, "max_body_bytes": 1024 } }"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            p.daemon,
            Daemon {
                host: Some("::1".into()),
                port: Some(0),
                pool_size: Some(8),
                workers: Some(2),
                exec_timeout_ms: Some(250),
                max_body_bytes: Some(1024),
            }
        );
        let cases = [
            (r#"{"daemon": {"port": 65536}}"#, "`daemon.port`: expected a whole number from 0 to 65535, found 65536"),
            (r#"{"daemon": {"host": "example.com"}}"#, "`daemon.host`: \"example.com\" is not an IP address or localhost"),
            (r#"{"daemon": {"workers": 0}}"#, "`daemon.workers`: expected a whole number from 1 to 256, found 0"),
            (r#"{"daemon": {"pool_size": "4"}}"#, "`daemon.pool_size`: expected a whole number, found a string"),
            (r#"{"daemon": {"exec_timeout_ms": 0}}"#, "`daemon.exec_timeout_ms`: expected a whole number from 1"),
            (r#"{"daemon": {"timeout": 1}}"#, "`daemon.timeout`: unknown field (expected one of: host, port, pool_size, workers, exec_timeout_ms, max_body_bytes)"),
        ];
        for (text, expected) in cases {
            let error = parse(text, dir.path()).unwrap_err();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn run_limits() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse(
            r#"{ "runtime": { "max_instructions": 2147483647, "timeout_ms": 200, "cpu_ms": 1,
                              "max_heap_bytes": 1048576, "max_memory_pages": 17 } }"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(p.limits.max_instructions, Some(i32::MAX as u32));
        assert_eq!(p.limits.timeout_ms, Some(200));
        assert_eq!(p.limits.cpu_ms, Some(1));
        assert_eq!(p.limits.max_heap_bytes, Some(1 << 20));
        let cases = [
            (r#"{"runtime": {"timeout_ms": 0}}"#, "`runtime.timeout_ms`: expected a whole number from 1 to 604800000, found 0"),
            (r#"{"runtime": {"cpu_ms": "200"}}"#, "`runtime.cpu_ms`: expected a whole number, found a string"),
            (r#"{"runtime": {"cpu_ms": 604800001}}"#, "`runtime.cpu_ms`: expected a whole number from 1"),
            (r#"{"runtime": {"max_instructions": 2147483648}}"#, "`runtime.max_instructions`: expected a whole number from 1 to 2147483647"),
            (r#"{"runtime": {"max_heap_bytes": 1000}}"#, "`runtime.max_heap_bytes`: expected a whole number from 1048576 to 4294967295"),
            (r#"{"runtime": {"max_heap_bytes": 1048576, "max_memory_pages": 16}}"#, "app.edgebox.json:1:32: `runtime.max_heap_bytes`: 1048576 is not below the linear memory cap (runtime.max_memory_pages 16 × 64 KiB = 1048576 bytes)"),
            (r#"{"runtime": {"max_memory_pages": 16, "max_heap_bytes": 2097152}}"#, "`runtime.max_heap_bytes`: 2097152 is not below"),
        ];
        for (text, expected) in cases {
            let error = parse(text, dir.path()).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn errors_name_the_file_position_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let cases = [
            (r#"{"dirz": []}"#, "/p/app.edgebox.json:1:2: `dirz`: unknown field (expected one of: runtime, dirs, env, commands, allowCommands, denyCommands, osSandbox, allowedUrls, blockedUrls, rateLimitRps, maxConnections, useKeychain, daemon)"),
            (r#"{"runtime": {"stack": 1}}"#, "`runtime.stack`: unknown field"),
            (r#"{"runtime": {"stack_size": "1"}}"#, "`runtime.stack_size`: expected a whole number, found a string"),
            (r#"{"runtime": {"stack_size": 1.5}}"#, "`runtime.stack_size`: expected a whole number from 4096"),
            (r#"{"runtime": {"max_memory_pages": 0}}"#, "`runtime.max_memory_pages`: expected a whole number from 1 to 65536, found 0"),
            (r#"{"runtime": {"heap_size": -1}}"#, "`runtime.heap_size`"),
            (r#"{"dirs": {}}"#, "`dirs`: expected an array, found an object"),
            (r#"{"dirs": [{"path": ".", "read": "yes"}]}"#, "`dirs[0].read`: expected true or false, found a string"),
            (r#"{"dirs": [{"path": ".", "mode": "r"}]}"#, "`dirs[0].mode`: unknown field"),
            (r#"{"dirs": [{"read": true}]}"#, "`dirs[0].path`: missing"),
            (r#"{"dirs": [{"path": ".", "read": false, "write": false}]}"#, "`dirs[0].read`: grants nothing"),
            (r#"{"dirs": [{"path": ".", "read": true}]}"#, ""),
            (r#"{"dirs": [{"path": "nope", "read": true}]}"#, "`dirs[0].path`: cannot use"),
            (r#"{"dirs": [{"path": ".", "read": true}, {"path": "$PWD", "write": true}]}"#, "`dirs[1].path`: same directory as dirs[0]"),
            (r#"{"env": ["A=B"]}"#, "`env[0]`: \"A=B\" is not a variable name"),
            (r#"{"env": [1]}"#, "`env[0]`: expected a string, found a number"),
            (r#"[]"#, "expected an object, found an array"),
            ("{\n\"env\": [}", "/p/app.edgebox.json:2:9: invalid JSON: expected a JSON value, found `}`"),
        ];
        for (text, expected) in cases {
            match parse(text, d) {
                Ok(_) => assert!(expected.is_empty(), "{text} should fail with {expected}"),
                Err(e) => assert!(
                    !expected.is_empty() && e.contains(expected),
                    "{text}: got {e:?}, want {expected:?}"
                ),
            }
        }
    }

    #[test]
    fn command_rules() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse(
            r#"{"commands": {"git": ["status", "log"], "node": true, "rm": false},
                "allowCommands": ["ls"], "denyCommands": ["curl"], "osSandbox": false,
                "dirs": [{"path": ".", "execute": true}]}"#,
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            p.commands.listed,
            [
                (
                    "git".into(),
                    CommandRule::FirstArg(vec!["status".into(), "log".into()])
                ),
                ("node".into(), CommandRule::Any),
                ("rm".into(), CommandRule::Never),
            ]
        );
        assert_eq!(
            (p.commands.allow, p.commands.deny),
            (vec!["ls".into()], vec!["curl".into()])
        );
        assert!(!p.os_sandbox && p.dirs[0].execute && !p.dirs[0].read);
        assert!(Policy::default().os_sandbox && Policy::default().commands.is_empty());
        for (text, expected) in [
            (
                r#"{"commands": {"/bin/rm": true}}"#,
                "`commands./bin/rm`: \"/bin/rm\" is not a program name",
            ),
            (
                r#"{"commands": {"git": "status"}}"#,
                "`commands.git`: expected true, false or a list",
            ),
            (
                r#"{"commands": {"git": [1]}}"#,
                "`commands.git[0]`: expected a string",
            ),
            (r#"{"allowCommands": ["a/b"]}"#, "`allowCommands[0]`"),
            (
                r#"{"denyCommands": "rm"}"#,
                "`denyCommands`: expected an array",
            ),
            (r#"{"osSandbox": 0}"#, "`osSandbox`: expected true or false"),
        ] {
            let e = parse(text, dir.path()).unwrap_err();
            assert!(e.contains(expected), "{text}: got {e:?}, want {expected:?}");
        }
    }

    #[test]
    fn network_and_keychain_fields() {
        let dir = tempfile::tempdir().unwrap();
        let p = parse(
            r#"{"allowedUrls": ["https://api.github.com/*", "*"],
                "blockedUrls": ["https://evil.com/*"], "rateLimitRps": 100000, "maxConnections": 1,
                "useKeychain": {"GITHUB_TOKEN": {"service": "github", "account": "me"},
                                "NPM_TOKEN": {"service": "npm"}}, "env": ["HOME"]}"#,
            dir.path(),
        )
        .unwrap();
        let texts = |v: &[UrlPattern]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert_eq!(texts(&p.network.allowed), ["https://api.github.com/*", "*"]);
        assert_eq!(texts(&p.network.blocked), ["https://evil.com/*"]);
        assert_eq!(
            (p.network.rate_limit_rps, p.network.max_connections),
            (Some(100000), Some(1))
        );
        let attrs = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            p.keychain,
            [
                (
                    "GITHUB_TOKEN".to_string(),
                    attrs(&[("service", "github"), ("account", "me")])
                ),
                ("NPM_TOKEN".to_string(), attrs(&[("service", "npm")])),
            ]
        );
        let url = urls::normalize("https://API.github.com:443/repos").unwrap();
        assert!(p.network.decide(&url).unwrap().names_host);
        let none = parse(r#"{"allowedUrls": []}"#, dir.path()).unwrap();
        assert_eq!(none.network, Network::default());
        assert!(none.network.decide(&url).is_err());

        let d = dir.path();
        for (text, expected) in [
            (
                r#"{"allowedUrls": ["https://a.com/", "*", "ftp://x/"]}"#,
                "/p/app.edgebox.json:1:41: `allowedUrls[2]`: \"ftp://x/\": scheme \"ftp\": expected http, https or * (lower case)",
            ),
            (
                r#"{"blockedUrls": ["https://a.com/?q"]}"#,
                "1:18: `blockedUrls[0]`: \"https://a.com/?q\": a pattern has no query",
            ),
            (
                r#"{"allowedUrls": "*"}"#,
                "1:17: `allowedUrls`: expected an array, found a string",
            ),
            (
                r#"{"allowedUrls": [1]}"#,
                "`allowedUrls[0]`: expected a string, found a number",
            ),
            (
                r#"{"rateLimitRps": 0}"#,
                "1:18: `rateLimitRps`: expected a whole number from 1 to 100000, found 0",
            ),
            (
                r#"{"rateLimitRps": 100001}"#,
                "`rateLimitRps`: expected a whole number from 1 to 100000, found 100001",
            ),
            (
                r#"{"maxConnections": 10001}"#,
                "1:20: `maxConnections`: expected a whole number from 1 to 10000, found 10001",
            ),
            (
                r#"{"maxConnections": "4"}"#,
                "`maxConnections`: expected a whole number, found a string",
            ),
            (
                r#"{"useKeychain": []}"#,
                "1:17: `useKeychain`: expected an object, found an array",
            ),
            (
                r#"{"useKeychain": {"A=B": {"service": "x"}}}"#,
                "1:18: `useKeychain.A=B`: \"A=B\" is not a variable name",
            ),
            (
                r#"{"useKeychain": {"T": "github"}}"#,
                "1:23: `useKeychain.T`: expected an object of Secret Service attributes",
            ),
            (
                r#"{"useKeychain": {"T": {}}}"#,
                "1:23: `useKeychain.T`: no attributes",
            ),
            (
                r#"{"useKeychain": {"T": {"service": 1}}}"#,
                "1:35: `useKeychain.T.service`: expected a string, found a number",
            ),
            (
                r#"{"useKeychain": {"T": {"service": "x"}}, "env": ["T"]}"#,
                "1:18: `useKeychain.T`: T is also in `env`",
            ),
            (
                r#"{"allowedUrl": []}"#,
                "`allowedUrl`: unknown field (expected one of: runtime, dirs, env, commands, allowCommands, denyCommands, osSandbox, allowedUrls, blockedUrls, rateLimitRps, maxConnections, useKeychain, daemon)",
            ),
        ] {
            let e = parse(text, d).unwrap_err();
            assert!(e.contains(expected), "{text}: got {e:?}, want {expected:?}");
        }
    }

    #[test]
    fn a_nested_dir_cannot_have_fewer_rights() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ro")).unwrap();
        let err = parse(
            r#"{"dirs": [{"path": ".", "read": true, "write": true}, {"path": "ro", "read": true}]}"#,
            dir.path(),
        )
        .unwrap_err();
        assert!(
            err.contains("`dirs[1].path`") && err.contains("grants write"),
            "{err}"
        );
        // More rights inside is fine.
        parse(
            r#"{"dirs": [{"path": ".", "read": true}, {"path": "ro", "read": true, "write": true}]}"#,
            dir.path(),
        )
        .unwrap();
    }

    #[test]
    fn dirs_are_preopened_under_their_absolute_names_and_cwd_is_named_through_them() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&sub, &link).unwrap();
        let p = parse(r#"{"dirs": [{"path": "link", "read": true}]}"#, dir.path()).unwrap();
        let pre = p.preopens();
        assert_eq!(pre.len(), 1);
        assert_eq!(pre[0].guest, link);
        assert!(pre.iter().all(|p| p.guest.is_absolute()), "no `.` preopen");
        fs::create_dir(sub.join("deeper")).unwrap();
        assert_eq!(p.guest_cwd(&sub.join("deeper")), link.join("deeper"));
        let outside = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            p.guest_cwd(dir.path()),
            outside,
            "cwd outside every dir: its real path"
        );
    }

    #[test]
    fn policy_file_lives_beside_the_artifact() {
        assert_eq!(
            beside(Path::new("out/app.aot")),
            Path::new("out/app.edgebox.json")
        );
        assert_eq!(beside(Path::new("app.wasm")), Path::new("app.edgebox.json"));
        assert_eq!(
            locate(Path::new("x.aot"), Some(Path::new("c.json"))),
            Some(PathBuf::from("c.json"))
        );
        assert_eq!(locate(Path::new("/nonexistent/x.aot"), None), None);
    }

    #[test]
    fn schema_check_needs_no_directories_but_catches_field_errors() {
        let path = Path::new("app/.edgebox.json");
        let ok =
            r#"{ "dirs": [ { "path": "/does/not/exist/here", "read": true } ], "env": ["HOME"] }"#;
        let check = |text| check_schema(text, path, None, Path::new("/app"));
        assert_eq!(check(ok).unwrap(), Vec::<String>::new());
        let risky = check(r#"{ "dirs": [ { "path": "~", "write": true } ] }"#).unwrap();
        assert!(risky.is_empty(), "an unknown home is not named: {risky:?}");
        let risky = check_schema(
            r#"{ "dirs": [ { "path": "/", "write": true } ] }"#,
            path,
            None,
            Path::new("/app"),
        );
        assert!(risky.unwrap()[0].contains("the whole machine"));
        let unknown = check(r#"{ "dir": [] }"#).unwrap_err().to_string();
        assert!(
            unknown.starts_with("app/.edgebox.json:1:3: `dir`: unknown field"),
            "{unknown}"
        );
        let typed = check(r#"{ "runtime": { "stack_size": "big" } }"#)
            .unwrap_err()
            .to_string();
        assert!(typed.contains("`runtime.stack_size`"), "{typed}");
    }
}
