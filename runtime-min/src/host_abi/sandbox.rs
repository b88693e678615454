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
    args.push(lossy(&launch.program));
    args.extend(launch.args.iter().cloned());
    args
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
            program: "/usr/bin/git".into(),
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
                "--chdir /w/app --setenv LANG C --json-status-fd 9 -- /usr/bin/git status"
            ),
            "{args}"
        );
        assert!(!args.contains("/etc/shadow") && !args.contains("--bind /etc"));
    }
}
