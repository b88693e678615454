//! `fs` in the guest, for real on disk. tests/node/fs.js runs under node (the oracle) and, built
//! by edgeboxc, as .wasm and .aot under a policy granting its working directory: the output and
//! the tree left on disk must be node's. tests/node/fs-escape.js tries every fs call against
//! what the policy does not grant (absolute paths, `..`, symlinks, the current directory,
//! read-only directories); the host then checks that nothing outside changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use edgebox_e2e::{build, edgebox, repo_root, run_measured, text, Measured};

/// tests/node/`name` built once per test binary: (its output folder, the program's stem).
fn built(name: &'static str) -> PathBuf {
    static BUILT: OnceLock<std::sync::Mutex<BTreeMap<&'static str, (tempfile::TempDir, PathBuf)>>> =
        OnceLock::new();
    let mut map = BUILT.get_or_init(Default::default).lock().unwrap();
    map.entry(name)
        .or_insert_with(|| {
            let out = tempfile::tempdir().unwrap();
            let built = build(&repo_root().join("tests/node").join(name), out.path(), &[]);
            assert!(
                built.status.success(),
                "build {name}: {}",
                text(&built.stderr)
            );
            let stem = Path::new(name).file_stem().unwrap().to_owned();
            let path = out.path().join(stem);
            (out, path)
        })
        .1
        .clone()
}

/// Runs the built program (`ext` is wasm or aot) under a policy of `dirs` (path, write).
fn run_guest(program: &Path, ext: &str, dirs: &[(&Path, bool)], args: &[&Path]) -> Measured {
    let grants: Vec<String> = dirs
        .iter()
        .map(|(p, write)| {
            format!(
                r#"{{"path": "{}", "read": true, "write": {write}}}"#,
                p.display()
            )
        })
        .collect();
    let policy_dir = tempfile::tempdir().unwrap();
    let policy = policy_dir.path().join("policy.json");
    std::fs::write(&policy, format!(r#"{{"dirs": [{}]}}"#, grants.join(", "))).unwrap();
    let mut cmd = edgebox(&[]);
    cmd.arg("--config")
        .arg(&policy)
        .arg(program.with_extension(ext))
        .args(args);
    run_measured(&mut cmd, Duration::from_secs(60))
}

/// Everything under `root`: relative path → what it is (file contents, link target with
/// `root` written as `<root>`, or `dir`).
fn tree(root: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap().display().to_string();
                format!(
                    "link {}",
                    target.replace(&root.display().to_string(), "<root>")
                )
            } else if meta.is_dir() {
                walk(root, &path, out);
                "dir".to_string()
            } else {
                format!("file {:?}", text(&std::fs::read(&path).unwrap()))
            };
            out.insert(mask_temp_names(&name), what);
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// mkdtemp's random suffix (`tmp-XXXXXX`) as the program prints it.
fn mask_temp_names(name: &str) -> String {
    match name.find("tmp-") {
        Some(i) if name.len() >= i + 10 => format!("{}tmp-XXXXXX{}", &name[..i], &name[i + 10..]),
        _ => name.to_string(),
    }
}

#[test]
fn fs_calls_give_nodes_output_and_leave_nodes_tree() {
    let program = built("fs.js");
    let node_dir = tempfile::tempdir().unwrap();
    let node_root = std::fs::canonicalize(node_dir.path()).unwrap();
    let node = Command::new("node")
        .arg(repo_root().join("tests/node/fs.js"))
        .arg(&node_root)
        .env_clear()
        .output()
        .expect("node runs (scripts/setup.sh installs it)");
    assert!(node.status.success(), "node: {}", text(&node.stderr));
    let expected_tree = tree(&node_root);
    assert!(
        expected_tree.len() > 5,
        "node left a tree: {expected_tree:?}"
    );
    for ext in ["wasm", "aot"] {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let got = run_guest(&program, ext, &[(&root, true)], &[&root]);
        assert_eq!(got.stderr, text(&node.stderr), ".{ext}: stderr");
        let expected = text(&node.stdout).replace(&node_root.display().to_string(), "<root>");
        let stdout = got.stdout.replace(&root.display().to_string(), "<root>");
        if stdout != expected {
            panic!(
                ".{ext}: stdout differs from node's (- node, + edgebox):\n{}",
                diffy::create_patch(&expected, &stdout)
            );
        }
        assert_eq!(got.code, Some(0), ".{ext}: exit code");
        assert_eq!(tree(&root), expected_tree, ".{ext}: the tree on disk");
    }
}

struct EscapeLayout {
    _dir: tempfile::TempDir,
    rw: PathBuf,
    ro: PathBuf,
    outside: PathBuf,
}

/// rw/ (granted read-write) with links out of it, ro/ (granted read-only), outside/ (not
/// granted, holding secret.txt).
fn escape_layout() -> EscapeLayout {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let (rw, ro, outside) = (root.join("rw"), root.join("ro"), root.join("outside"));
    for d in [&rw, &ro, &outside] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(outside.join("secret.txt"), "secret\n").unwrap();
    std::fs::write(ro.join("file.txt"), "read-only\n").unwrap();
    std::os::unix::fs::symlink(&outside, rw.join("link-out")).unwrap();
    std::os::unix::fs::symlink("../outside", rw.join("rel-out")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), rw.join("secret-link")).unwrap();
    EscapeLayout {
        _dir: dir,
        rw,
        ro,
        outside,
    }
}

/// Contents and modification times of every file under `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, (String, std::time::SystemTime)> {
    tree(dir)
        .into_iter()
        .map(|(name, what)| {
            let mtime = std::fs::symlink_metadata(dir.join(&name))
                .and_then(|m| m.modified())
                .unwrap();
            (name, (what, mtime))
        })
        .collect()
}

#[test]
fn no_fs_call_reaches_outside_the_grants_or_changes_a_read_only_dir() {
    let program = built("fs-escape.js");
    for ext in ["wasm", "aot"] {
        let l = escape_layout();
        let outside_before = snapshot(&l.outside);
        let ro_before = snapshot(&l.ro);
        let got = run_guest(
            &program,
            ext,
            &[(&l.rw, true), (&l.ro, false)],
            &[&l.rw, &l.ro, &l.outside],
        );
        assert_eq!(got.code, Some(0), ".{ext}: {}", got.stderr);
        let lines: Vec<&str> = got.stdout.lines().collect();
        assert!(
            lines.len() > 150,
            ".{ext}: every attempt ran:\n{}",
            got.stdout
        );
        assert!(
            lines
                .last()
                .unwrap()
                .starts_with("fsp.writeFile absolute symlink: denied"),
            ".{ext}: the promise attempts ran:\n{}",
            got.stdout
        );
        for line in &lines {
            let (what, result) = line.split_once(": ").unwrap();
            let rest = result
                .strip_prefix("denied ")
                .unwrap_or_else(|| panic!(".{ext}: {what} was allowed"));
            let (code, message) = rest.split_once(' ').unwrap();
            assert!(
                message.starts_with(&format!("{code}: ")),
                ".{ext}: {what}: Node's message format: {message}"
            );
            if !what.starts_with("existsSync") {
                assert!(
                    ["EACCES", "ENOENT", "ENOTDIR", "EBADF"].contains(&code),
                    ".{ext}: {what}: {code}"
                );
            }
        }
        assert_eq!(
            snapshot(&l.outside),
            outside_before,
            ".{ext}: outside/ changed"
        );
        assert_eq!(snapshot(&l.ro), ro_before, ".{ext}: ro/ changed");
        let left: Vec<String> = tree(&l.rw).into_keys().collect();
        for stolen in [
            "stolen.txt",
            "copied.txt",
            "hard.txt",
            "cp-out",
            "moved.txt",
            "ro-hard.txt",
        ] {
            assert!(
                !left.iter().any(|name| name == stolen),
                ".{ext}: {stolen} appeared in rw/: {left:?}"
            );
        }
    }
}

#[test]
fn read_file_sync_of_fd_0_reads_stdin_as_node_does() {
    use std::io::Write;
    let program = built("stdin.js");
    let input = "first line\nzweite Zeile ü\n".repeat(5000);
    let feed = |cmd: &mut Command| {
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let bytes = input.clone();
        let writer = std::thread::spawn(move || stdin.write_all(bytes.as_bytes()).unwrap());
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        text(&out.stdout)
    };
    let expected = feed(
        Command::new("node")
            .arg(repo_root().join("tests/node/stdin.js"))
            .env_clear(),
    );
    assert!(expected.ends_with(" 135000\n"), "{expected}");
    for ext in ["wasm", "aot"] {
        let got = feed(edgebox(&[]).arg(program.with_extension(ext)));
        assert_eq!(got, expected, ".{ext}");
    }
}
