//! The OS sandbox of a spawned command: bubblewrap's command line. The child sees the system's
//! program directories and a few files of /etc read-only, a private /tmp, /proc and a minimal
//! /dev, and the policy's directories under their own names: read-only when granted `read` or
//! `execute` only, read-write when granted `read` and `write`. A write-only grant is not
//! mounted (bubblewrap cannot make a directory writable but unreadable). No network, its own
//! PID, IPC, UTS and cgroup namespaces, a new session (no terminal to inject input into), and
//! it dies with edgebox.

use std::path::{Path, PathBuf};

use edgebox_policy::Dir;

use super::commands::Launch;

/// The system directories a program needs to run, mounted read-only (or re-created as the
/// symlinks they are on a merged-/usr system).
const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];

/// What of /etc programs commonly read: the loader's cache, the alternatives links, names of
/// users and groups, time zone, certificates. Not the rest (shadow, ssh keys, …).
const ETC_ENTRIES: &[&str] = &[
    "/etc/alternatives",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/ssl",
    "/etc/ca-certificates",
];

/// The bubblewrap program (found on the host's PATH).
pub(crate) const BWRAP: &str = "bwrap";

/// bubblewrap's arguments that run `launch` confined to `dirs`; bubblewrap reports the
/// child's start on `status_fd` (its `--json-status-fd`).
pub(crate) fn bwrap_args(launch: &Launch, dirs: &[Dir], status_fd: i32) -> Vec<String> {
    let mut args: Vec<String> = [
        "--die-with-parent",
        "--unshare-all",
        "--new-session",
        "--clearenv",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for dir in SYSTEM_DIRS {
        let path = Path::new(dir);
        match std::fs::read_link(path) {
            Ok(target) => push(&mut args, &["--symlink", &lossy(&target), dir]),
            Err(_) if path.is_dir() => push(&mut args, &["--ro-bind", dir, dir]),
            Err(_) => {}
        }
    }
    for entry in ETC_ENTRIES {
        if Path::new(entry).exists() {
            push(&mut args, &["--ro-bind", entry, entry]);
        }
    }
    let mut mounted: Vec<&Dir> = dirs.iter().filter(|d| d.read || d.execute).collect();
    mounted.sort_by_key(|d| d.path.components().count());
    for dir in mounted {
        let how = if dir.write { "--bind" } else { "--ro-bind" };
        push(&mut args, &[how, &lossy(&dir.canonical), &lossy(&dir.path)]);
    }
    push(&mut args, &["--chdir", &lossy(&launch.cwd)]);
    for (name, value) in &launch.env {
        push(&mut args, &["--setenv", name, value]);
    }
    push(
        &mut args,
        &["--json-status-fd", &status_fd.to_string(), "--"],
    );
    args.push(exec_name(launch, dirs));
    args.extend(launch.args.iter().cloned());
    args
}

/// What bubblewrap is told to execute. bubblewrap 0.8 (Debian 12) has no `--argv0`: it
/// `execvp`s its first argument, which then becomes the command's argv[0]. So the app's argv0
/// (Node's: the name it spawned, `sh` for `sh -c 'echo $0'`) is passed when `execvp` inside the
/// sandbox is certain to find the program the rules checked with it: an absolute path in a
/// system directory (the same files inside and out) that leads to the program, or a bare name
/// when no directory of the child's PATH before it is granted to the app and the first file of
/// that name in a system directory is the program. Otherwise the program's real path is
/// passed, and argv[0] is that path.
fn exec_name(launch: &Launch, dirs: &[Dir]) -> String {
    let real = lossy(&launch.program);
    let name = launch.argv0.as_str();
    let system = |p: &Path| SYSTEM_DIRS.iter().any(|s| p.starts_with(s));
    let is_program = |p: &Path| std::fs::canonicalize(p).is_ok_and(|c| c == launch.program);
    if name.starts_with('/') {
        let path = Path::new(name);
        return if system(path) && is_program(path) {
            name.to_string()
        } else {
            real
        };
    }
    if name.is_empty() || name.contains('/') {
        return real;
    }
    let path = launch.env.iter().find(|(k, _)| k == "PATH");
    for dir in super::commands::split_path(path.map(|(_, v)| v.into())) {
        let granted = dirs
            .iter()
            .any(|d| dir.starts_with(&d.path) || d.path.starts_with(&dir));
        if granted {
            return real;
        }
        let candidate = dir.join(name);
        if !system(&dir) || !super::commands::is_executable(&candidate) {
            continue;
        }
        return if is_program(&candidate) {
            name.to_string()
        } else {
            real
        };
    }
    real
}

fn push(args: &mut Vec<String>, more: &[&str]) {
    args.extend(more.iter().map(|s| s.to_string()));
}

fn lossy(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// bubblewrap on the host's PATH, if installed.
pub(crate) fn find_bwrap(path: &[PathBuf]) -> Option<PathBuf> {
    path.iter().map(|d| d.join(BWRAP)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(argv0: &str, path: &str) -> Launch {
        Launch {
            program: std::fs::canonicalize("/bin/sh").unwrap(),
            argv0: argv0.into(),
            args: vec![],
            cwd: "/".into(),
            env: vec![("PATH".into(), path.into())],
        }
    }

    #[test]
    fn argv0_is_kept_only_where_the_sandbox_finds_the_same_program() {
        let real = std::fs::canonicalize("/bin/sh")
            .unwrap()
            .display()
            .to_string();
        assert_eq!(exec_name(&launch("sh", "/usr/bin:/bin"), &[]), "sh");
        assert_eq!(exec_name(&launch("/bin/sh", "/usr/bin"), &[]), "/bin/sh");
        assert_eq!(exec_name(&launch("/tmp/sh", "/usr/bin"), &[]), real);
        assert_eq!(
            exec_name(&launch("cat", "/usr/bin"), &[]),
            real,
            "another program"
        );
        let work = Dir {
            path: "/w".into(),
            canonical: "/w".into(),
            read: true,
            write: true,
            execute: true,
        };
        let on_path = exec_name(&launch("sh", "/w/bin:/usr/bin"), &[work]);
        assert_eq!(on_path, real, "a grant on PATH");
    }

    #[test]
    fn grants_are_mounted_as_granted_outer_first() {
        let dir = |path: &str, read, write, execute| Dir {
            path: PathBuf::from(path),
            canonical: PathBuf::from(path),
            read,
            write,
            execute,
        };
        let launch = Launch {
            program: "/opt/tool/git".into(),
            argv0: "git".into(),
            args: vec!["status".into()],
            cwd: "/w/app".into(),
            env: vec![("LANG".into(), "C".into())],
        };
        let args = bwrap_args(
            &launch,
            &[
                dir("/w/app/out", true, true, false),
                dir("/w/app", true, false, true),
                dir("/w/drop", false, true, false),
            ],
            9,
        )
        .join(" ");
        let outer = args.find("--ro-bind /w/app /w/app").unwrap();
        let inner = args.find("--bind /w/app/out /w/app/out").unwrap();
        assert!(outer < inner, "{args}");
        assert!(
            !args.contains("/w/drop"),
            "write-only grants are not mounted: {args}"
        );
        assert!(args.contains("--unshare-all") && !args.contains("--share-net"));
        assert!(
            args.ends_with(
                "--chdir /w/app --setenv LANG C --json-status-fd 9 -- /opt/tool/git status"
            ),
            "{args}"
        );
        assert!(!args.contains("/etc/shadow") && !args.contains("--bind /etc"));
    }
}
