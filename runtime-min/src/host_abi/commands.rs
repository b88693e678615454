//! The command rules of the policy, applied to one request of the guest (`edgebox.proc_spawn`):
//! which program runs, with which arguments, in which directory and environment — or why it
//! does not. Nothing here starts anything (see children.rs).
//!
//! - A program is found on the host's PATH (or, named with a `/`, relative to the working
//!   directory) and judged by the basename of its real path: a symlink named `git` that points
//!   at `rm` is `rm`. A rule's name matches that basename, or the real basename of what the name
//!   itself resolves to on PATH (so `sh` matches `dash` where /bin/sh is dash, and `python3`
//!   matches `python3.11`).
//! - `denyCommands` wins; then `commands` (true / false / allowed first arguments), then
//!   `allowCommands`. No rule: denied.
//! - A program inside a directory the guest may write never runs (the guest could have put
//!   anything there under an allowed name).
//! - The working directory must be inside a `dirs` entry with `execute`.
//! - A command line (exec, `shell: true`) runs as `/bin/sh -c` only when `sh` is allowed;
//!   otherwise it is split into words, and shell syntax is refused (shell.rs).
//! - The environment: the policy's variables plus the request's, minus the loader's.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use edgebox_policy::{CommandRule, Commands, Dir};

use super::shell::split_words;
use super::{Errno, Refusal};

/// What the guest asks for (the JSON of `proc_spawn`, see edgebox_host_abi.h).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Request {
    pub(crate) file: Option<String>,
    #[serde(default)]
    pub(crate) args: Vec<String>,
    pub(crate) command: Option<String>,
    pub(crate) cwd: Option<String>,
    pub(crate) env: Option<BTreeMap<String, String>>,
    pub(crate) stdio: Option<[Stdio; 3]>,
    pub(crate) argv0: Option<String>,
}

/// What one of the child's standard streams is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stdio {
    /// A pipe to the guest.
    Pipe,
    /// edgebox's own stream.
    Inherit,
    /// /dev/null.
    Ignore,
}

/// A command the rules allow, ready to start.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Launch {
    /// The program's real path on the host.
    pub(crate) program: PathBuf,
    /// argv[0].
    pub(crate) argv0: String,
    /// argv[1..].
    pub(crate) args: Vec<String>,
    /// The working directory (a real path inside an execute grant).
    pub(crate) cwd: PathBuf,
    /// The whole environment of the child.
    pub(crate) env: Vec<(String, String)>,
}

fn denied(message: impl Into<String>) -> Refusal {
    Refusal {
        errno: Errno::Acces,
        message: message.into(),
    }
}

/// Environment variables that change how the dynamic loader or libc load code or data
/// (glibc's list of variables it drops for setuid programs, `unsecvars.h`), and the shell's
/// start-up files: never passed to a child.
const LOADER_VARIABLES: &[&str] = &[
    "GCONV_PATH",
    "GETCONF_DIR",
    "HOSTALIASES",
    "LOCALDOMAIN",
    "LOCPATH",
    "MALLOC_TRACE",
    "NIS_PATH",
    "NLSPATH",
    "RESOLV_HOST_CONF",
    "RES_OPTIONS",
    "TMPDIR",
    "TZDIR",
    "BASH_ENV",
    "ENV",
];

fn is_loader_variable(name: &str) -> bool {
    name.starts_with("LD_") || name.starts_with("DYLD_") || LOADER_VARIABLES.contains(&name)
}

/// The command rules and what they need to know of the host.
#[derive(Debug, Clone)]
pub(crate) struct CommandPolicy {
    pub(crate) commands: Commands,
    pub(crate) dirs: Vec<Dir>,
    /// The policy's variables with their values (what the guest's process.env holds).
    pub(crate) env: Vec<(String, String)>,
    /// The host's PATH (edgebox's own), where programs are found.
    pub(crate) path: Vec<PathBuf>,
    /// The guest's current directory (its default cwd).
    pub(crate) guest_cwd: PathBuf,
}

impl CommandPolicy {
    /// Applies the rules to `request`.
    pub(crate) fn decide(&self, request: &Request) -> Result<Launch, Refusal> {
        if self.commands.is_empty() {
            return Err(denied(
                "the policy allows no command: add `commands` or `allowCommands` to .edgebox.json",
            ));
        }
        let cwd = self.working_directory(request.cwd.as_deref())?;
        let (file, args, argv0) = match (&request.file, &request.command) {
            (Some(file), None) => (
                file.clone(),
                request.args.clone(),
                request.argv0.clone().unwrap_or_else(|| file.clone()),
            ),
            (None, Some(line)) => self.command_line(line)?,
            _ => {
                return Err(Refusal {
                    errno: Errno::Inval,
                    message: "a request names either `file` or `command`".into(),
                })
            }
        };
        let program = self.program(&file, &args, &cwd)?;
        let env = self.environment(request.env.as_ref());
        Ok(Launch {
            program,
            argv0,
            args,
            cwd,
            env,
        })
    }

    /// The request's cwd (the guest's by default), which must lie inside an execute grant,
    /// also once its links are resolved.
    fn working_directory(&self, cwd: Option<&str>) -> Result<PathBuf, Refusal> {
        let named = match cwd {
            Some(c) => normalize(&self.guest_cwd.join(c)),
            None => self.guest_cwd.clone(),
        };
        let grant = |p: &Path| {
            self.dirs
                .iter()
                .any(|d| d.execute && (p.starts_with(&d.path) || p.starts_with(&d.canonical)))
        };
        if !grant(&named) {
            return Err(denied(format!(
                "the working directory {} is not inside a directory the policy grants with \
                 `\"execute\": true`",
                named.display()
            )));
        }
        let real = std::fs::canonicalize(&named).map_err(|_| Refusal {
            errno: Errno::Noent,
            message: format!("the working directory {} does not exist", named.display()),
        })?;
        let inside_real_grant = self
            .dirs
            .iter()
            .any(|d| d.execute && real.starts_with(&d.canonical));
        if !inside_real_grant {
            return Err(denied(format!(
                "the working directory {} leads to {} through a link, which is outside every \
                 `execute` grant",
                named.display(),
                real.display()
            )));
        }
        Ok(real)
    }

    /// A command line: `/bin/sh -c line` when `sh` is allowed, else its words.
    fn command_line(&self, line: &str) -> Result<(String, Vec<String>, String), Refusal> {
        let sh = self.which("sh");
        let allowed = |sh: &PathBuf| {
            real_basename(sh).is_some_and(|base| self.rule_for(&base, &["-c".into()]).is_ok())
        };
        if let Some(sh) = sh.filter(allowed) {
            let args = vec!["-c".into(), line.into()];
            return Ok((sh.display().to_string(), args, "/bin/sh".into()));
        }
        let mut words = split_words(line).map_err(|e| denied(e.0))?;
        let file = words.remove(0);
        Ok((file.clone(), words, file))
    }

    /// The real path of the program `file` names, if the rules allow it with `args`.
    fn program(&self, file: &str, args: &[String], cwd: &Path) -> Result<PathBuf, Refusal> {
        let found = if file.contains('/') {
            let p = normalize(&cwd.join(file));
            is_executable(&p).then_some(p)
        } else {
            self.which(file)
        };
        let Some(found) = found else {
            let base = Path::new(file)
                .file_name()
                .map(|b| b.to_string_lossy().into_owned());
            return Err(match base.filter(|b| self.rule_for(b, args).is_ok()) {
                Some(_) => Refusal {
                    errno: Errno::Noent,
                    message: format!("{file} is not an executable file on the host's PATH"),
                },
                None => denied(format!(
                    "{file} is not allowed by the policy's `commands` or `allowCommands`"
                )),
            });
        };
        let real = std::fs::canonicalize(&found).unwrap_or_else(|_| found.clone());
        let base = real_basename(&real).unwrap_or_default();
        self.rule_for(&base, args).map_err(|why| {
            let shown = if base == file {
                format!("`{base}`")
            } else {
                format!("{file} (the program {})", real.display())
            };
            denied(format!("{shown} {why}"))
        })?;
        let writable = self.dirs.iter().find(|d| {
            d.write
                && [&found, &real]
                    .iter()
                    .any(|p| p.starts_with(&d.path) || p.starts_with(&d.canonical))
        });
        if let Some(dir) = writable {
            return Err(denied(format!(
                "{} is inside {}, which the policy lets the guest write: a program there could be \
                 anything, so it does not run",
                found.display(),
                dir.path.display()
            )));
        }
        Ok(real)
    }

    /// Whether the program whose real basename is `base` may run with `args`; else why not.
    fn rule_for(&self, base: &str, args: &[String]) -> Result<(), String> {
        if let Some(name) = self.commands.deny.iter().find(|n| self.names(n, base)) {
            return Err(format!("is denied by `denyCommands` ({name:?})"));
        }
        for (name, rule) in &self.commands.listed {
            if !self.names(name, base) {
                continue;
            }
            return match rule {
                CommandRule::Any => Ok(()),
                CommandRule::Never => Err(format!("is denied by `commands.{name}`: false")),
                CommandRule::FirstArg(allowed) => match args.first() {
                    Some(first) if allowed.contains(first) => Ok(()),
                    first => Err(format!(
                        "runs only as `{name} {}` (`commands.{name}`), not with {}",
                        allowed.join("|"),
                        first.map_or("no argument".into(), |f| format!("first argument {f:?}"))
                    )),
                },
            };
        }
        if self.commands.allow.iter().any(|n| self.names(n, base)) {
            return Ok(());
        }
        Err("is not allowed by the policy's `commands` or `allowCommands`".into())
    }

    /// Whether the rule name `name` names the program whose real basename is `base`.
    fn names(&self, name: &str, base: &str) -> bool {
        name == base
            || self
                .which(name)
                .and_then(|p| real_basename(&p))
                .is_some_and(|b| b == base)
    }

    /// `name` on the host's PATH: the first executable regular file.
    fn which(&self, name: &str) -> Option<PathBuf> {
        self.path
            .iter()
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    }

    /// The policy's variables, then the request's (which may replace them), minus the
    /// loader's.
    fn environment(&self, extra: Option<&BTreeMap<String, String>>) -> Vec<(String, String)> {
        let mut env: BTreeMap<String, String> = self.env.iter().cloned().collect();
        if let Some(extra) = extra {
            env.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        env.into_iter()
            .filter(|(k, v)| {
                !is_loader_variable(k)
                    && !k.is_empty()
                    && !k.contains(['=', '\0'])
                    && !v.contains('\0')
            })
            .collect()
    }
}

/// Where programs are looked for when PATH is unset: libc's default (`_PATH_DEFPATH`), as for
/// execvp and libuv.
const DEFAULT_PATH: &str = "/usr/bin:/bin";

/// The directories of a PATH value (relative ones are skipped: they would depend on the
/// working directory).
pub(crate) fn split_path(path: Option<OsString>) -> Vec<PathBuf> {
    let path = path.unwrap_or_else(|| DEFAULT_PATH.into());
    std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .collect()
}

pub(crate) fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn real_basename(path: &Path) -> Option<String> {
    let real = std::fs::canonicalize(path).ok()?;
    Some(real.file_name()?.to_string_lossy().into_owned())
}

/// `path` without `.` and `..` components (lexically).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    struct Setup {
        _dir: tempfile::TempDir,
        root: PathBuf,
        policy: CommandPolicy,
    }

    /// A host with bin/{git,rm,sh} (sh a link to dash), a work dir granted with execute and a
    /// data dir granted without.
    fn setup(commands: Commands) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let bin = root.join("bin");
        fs::create_dir(&bin).unwrap();
        for name in ["git", "rm", "dash", "echo"] {
            fs::write(bin.join(name), "#!/bin/true\n").unwrap();
            fs::set_permissions(bin.join(name), fs::Permissions::from_mode(0o755)).unwrap();
        }
        symlink("dash", bin.join("sh")).unwrap();
        for d in ["work", "data"] {
            fs::create_dir(root.join(d)).unwrap();
        }
        let grant = |name: &str, execute| Dir {
            path: root.join(name),
            canonical: root.join(name),
            read: true,
            write: false,
            execute,
        };
        let policy = CommandPolicy {
            commands,
            dirs: vec![grant("work", true), grant("data", false)],
            env: vec![("LANG".into(), "C".into())],
            path: vec![bin],
            guest_cwd: root.join("work"),
        };
        Setup {
            _dir: dir,
            root,
            policy,
        }
    }

    fn commands(json: &str) -> Commands {
        let ctx = edgebox_policy::HostContext::new(None, PathBuf::from("/"));
        edgebox_policy::Policy::parse(json, Path::new("p.json"), &ctx)
            .unwrap()
            .commands
    }

    fn file(name: &str, args: &[&str]) -> Request {
        Request {
            file: Some(name.into()),
            args: args.iter().map(|a| a.to_string()).collect(),
            ..Request::default()
        }
    }

    fn line(command: &str) -> Request {
        Request {
            command: Some(command.into()),
            ..Request::default()
        }
    }

    #[test]
    fn no_rules_no_commands() {
        let s = setup(Commands::default());
        let err = s.policy.decide(&file("git", &["status"])).unwrap_err();
        assert_eq!(err.errno, Errno::Acces);
        assert!(err.message.contains("allows no command"), "{}", err.message);
    }

    #[test]
    fn a_list_filters_the_first_argument_and_deny_wins() {
        let s = setup(commands(
            r#"{"commands": {"git": ["status", "log"]}, "allowCommands": ["rm", "echo"],
                "denyCommands": ["rm"]}"#,
        ));
        let ok = s.policy.decide(&file("git", &["status", "-s"])).unwrap();
        assert_eq!(ok.program, s.root.join("bin/git"));
        assert_eq!(ok.args, ["status", "-s"]);
        assert_eq!(ok.cwd, s.root.join("work"));
        for (req, rule) in [
            (file("git", &["push"]), "commands.git"),
            (file("git", &[]), "no argument"),
            (file("rm", &["-rf", "/"]), "denyCommands"),
            (file("cat", &[]), "not allowed"),
        ] {
            let err = s.policy.decide(&req).unwrap_err();
            assert_eq!(err.errno, Errno::Acces);
            assert!(err.message.contains(rule), "{}", err.message);
        }
        assert!(s.policy.decide(&file("echo", &["hi"])).is_ok());
    }

    #[test]
    fn programs_are_judged_by_their_real_path() {
        let s = setup(commands(r#"{"allowCommands": ["git"]}"#));
        let work = s.root.join("work");
        symlink(s.root.join("bin/rm"), work.join("git")).unwrap();
        for name in ["./git".to_string(), work.join("git").display().to_string()] {
            let err = s.policy.decide(&file(&name, &[])).unwrap_err();
            assert!(err.message.contains("bin/rm"), "{}", err.message);
        }
        let abs = s.root.join("bin/git").display().to_string();
        assert!(s.policy.decide(&file(&abs, &[])).is_ok());
    }

    #[test]
    fn the_working_directory_needs_an_execute_grant() {
        let s = setup(commands(r#"{"allowCommands": ["git"]}"#));
        let data = s.root.join("data").display().to_string();
        for cwd in [data.as_str(), "../data", "/", "../work/../data"] {
            let req = Request {
                cwd: Some(cwd.into()),
                ..file("git", &[])
            };
            let err = s.policy.decide(&req).unwrap_err();
            assert!(err.message.contains("execute"), "{cwd}: {}", err.message);
        }
        symlink(s.root.join("data"), s.root.join("work/out")).unwrap();
        let req = Request {
            cwd: Some("out".into()),
            ..file("git", &[])
        };
        assert!(s.policy.decide(&req).unwrap_err().message.contains("link"));
    }

    #[test]
    fn command_lines_use_sh_only_when_sh_is_allowed() {
        let without = setup(commands(r#"{"allowCommands": ["git", "echo"]}"#));
        let ok = without.policy.decide(&line("git 'log' --oneline")).unwrap();
        assert_eq!(
            (ok.argv0.as_str(), ok.args.as_slice()),
            ("git", &["log".to_string(), "--oneline".into()][..])
        );
        for bad in ["echo hi; rm -rf /", "git status | sh", "echo $(id)"] {
            let err = without.policy.decide(&line(bad)).unwrap_err();
            assert!(err.message.contains("shell syntax"), "{}", err.message);
        }
        let with = setup(commands(r#"{"allowCommands": ["sh"]}"#));
        let ok = with.policy.decide(&line("echo hi | wc -l")).unwrap();
        assert_eq!(ok.args, ["-c", "echo hi | wc -l"]);
        assert_eq!(ok.program, with.root.join("bin/dash"));
    }

    #[test]
    fn the_child_gets_policy_and_request_variables_but_no_loader_ones() {
        let s = setup(commands(r#"{"allowCommands": ["git"]}"#));
        let env: BTreeMap<String, String> = [
            ("LD_PRELOAD", "/tmp/evil.so"),
            ("LD_LIBRARY_PATH", "/tmp"),
            ("GCONV_PATH", "/tmp"),
            ("FOO", "bar"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let req = Request {
            env: Some(env),
            ..file("git", &[])
        };
        let ok = s.policy.decide(&req).unwrap();
        assert_eq!(
            ok.env,
            [("FOO".into(), "bar".into()), ("LANG".into(), "C".into())]
        );
    }

    #[test]
    fn an_allowed_name_missing_from_path_is_enoent() {
        let s = setup(commands(r#"{"allowCommands": ["nosuch"]}"#));
        assert_eq!(
            s.policy.decide(&file("nosuch", &[])).unwrap_err().errno,
            Errno::Noent
        );
        assert_eq!(
            s.policy.decide(&file("other", &[])).unwrap_err().errno,
            Errno::Acces
        );
    }
}
