//! The filesystem sandbox, tested by a guest that tries to escape it: reads outside the granted
//! dirs, every kind of change inside a read-only dir (verified on disk from the host), writes
//! that are allowed, write-only dirs, relative paths, the default deny-all policy.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::{probe_run, snapshot, write_policy, Run};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn s(path: impl AsRef<Path>) -> String {
    path.as_ref().to_str().unwrap().to_string()
}

fn assert_ok(run: &Run, what: &str) {
    assert_eq!(run.code, Some(0), "{what} should succeed: {run:?}");
}

fn assert_denied(run: &Run, what: &str) {
    assert_eq!(run.code, Some(1), "{what} should be refused: {run:?}");
    assert!(run.stdout.starts_with("error: "), "{what}: {run:?}");
}

/// A temp folder with `data/` (a file, a subdir, a symlink pointing out) and `secret.txt`
/// outside it.
fn layout() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    fs::create_dir_all(data.join("sub/empty")).unwrap();
    fs::write(data.join("file.txt"), "allowed\n").unwrap();
    fs::write(data.join("sub/inner.txt"), "inner\n").unwrap();
    fs::write(root.path().join("secret.txt"), "secret\n").unwrap();
    symlink("../secret.txt", data.join("escape")).unwrap();
    symlink("/etc/passwd", data.join("passwd")).unwrap();
    root
}

#[test]
fn reads_granted_files_and_nothing_outside() {
    let root = layout();
    let r = root.path();
    let data = r.join("data");
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "$PWD/data", "read": true}]}"#,
    );

    let run = probe_run(r, Some(&policy), &["read", p(&data.join("file.txt"))]);
    assert_ok(&run, "reading a granted file");
    assert_eq!(run.stdout, "allowed\n");
    let run = probe_run(r, Some(&policy), &["read", p(&data.join("sub/inner.txt"))]);
    assert_eq!(run.stdout, "inner\n");
    let run = probe_run(r, Some(&policy), &["ls", p(&data)]);
    assert_ok(&run, "listing a granted dir");
    let mut names: Vec<&str> = run.stdout.lines().collect();
    names.sort_unstable();
    assert_eq!(names, ["escape", "file.txt", "passwd", "sub"]);

    let outside = [
        "/etc/passwd".to_string(),
        r.join("secret.txt").display().to_string(),
        format!("{}/../secret.txt", data.display()),
        format!("{}/sub/../../secret.txt", data.display()),
        data.join("escape").display().to_string(),
        data.join("passwd").display().to_string(),
        "../secret.txt".to_string(),
        "secret.txt".to_string(),
    ];
    for path in &outside {
        let run = probe_run(r, Some(&policy), &["read", path]);
        assert_denied(&run, &format!("reading {path}"));
        assert!(
            !run.stdout.contains("secret") && !run.stdout.contains("root:"),
            "{run:?}"
        );
    }
    for dir in [r.to_str().unwrap(), "/", "/etc", "."] {
        assert_denied(
            &probe_run(r, Some(&policy), &["ls", dir]),
            &format!("listing {dir}"),
        );
    }
}

#[test]
fn read_only_dir_refuses_every_change() {
    let root = layout();
    let r = root.path();
    let data = r.join("data");
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "data", "read": true, "write": false}]}"#,
    );
    let before = snapshot(r);
    let f = data.join("file.txt");
    let attempts: Vec<Vec<String>> = vec![
        vec!["write".into(), p(&f).into(), "X".into()],
        vec!["append".into(), p(&f).into(), "X".into()],
        vec!["trunc".into(), p(&f).into()],
        vec!["truncate".into(), p(&f).into()],
        vec!["utimes".into(), p(&f).into()],
        vec!["create".into(), p(&data.join("new.txt")).into(), "X".into()],
        vec![
            "create".into(),
            p(&data.join("sub/new.txt")).into(),
            "X".into(),
        ],
        vec![
            "write".into(),
            p(&data.join("sub/inner.txt")).into(),
            "X".into(),
        ],
        vec![
            "rename".into(),
            p(&f).into(),
            p(&data.join("moved.txt")).into(),
        ],
        vec![
            "rename".into(),
            p(&data.join("sub")).into(),
            p(&data.join("sub2")).into(),
        ],
        vec!["unlink".into(), p(&f).into()],
        vec!["unlink".into(), p(&data.join("escape")).into()],
        vec!["mkdir".into(), p(&data.join("newdir")).into()],
        vec!["rmdir".into(), p(&data.join("sub/empty")).into()],
        vec![
            "symlink".into(),
            "file.txt".into(),
            p(&data.join("link")).into(),
        ],
        vec!["link".into(), p(&f).into(), p(&data.join("hard")).into()],
        vec!["utimes".into(), p(&data).into()],
    ];
    for args in &attempts {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_denied(&probe_run(r, Some(&policy), &args), &args.join(" "));
    }
    assert_eq!(snapshot(r), before, "the read-only dir changed on disk");
    // Reading still works after all that.
    assert_eq!(
        probe_run(r, Some(&policy), &["read", p(&f)]).stdout,
        "allowed\n"
    );
}

#[test]
fn nothing_moves_or_links_between_a_read_only_and_a_writable_dir() {
    let root = layout();
    let r = root.path();
    let (data, out) = (r.join("data"), r.join("out"));
    fs::create_dir(&out).unwrap();
    fs::write(out.join("mine.txt"), "mine\n").unwrap();
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "data", "read": true}, {"path": "out", "read": true, "write": true}]}"#,
    );
    let before = snapshot(&data);
    let (file, mine) = (s(data.join("file.txt")), s(out.join("mine.txt")));
    let (hard, taken, planted) = (
        s(out.join("hard.txt")),
        s(out.join("taken.txt")),
        s(data.join("planted.txt")),
    );
    let attempts = [
        // A hard link of a read-only file into the writable dir would make it writable.
        ["link", &file, &hard],
        ["rename", &file, &taken],
        ["rename", &mine, &planted],
        ["link", &mine, &planted],
        ["symlink", &mine, &planted],
    ];
    for args in &attempts {
        assert_denied(&probe_run(r, Some(&policy), args), &args.join(" "));
    }
    assert_eq!(snapshot(&data), before);
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        1,
        "out/ gained an entry"
    );
    // Copying by reading and writing is what the policy allows.
    let run = probe_run(
        r,
        Some(&policy),
        &["create", p(&out.join("copy.txt")), "allowed\n"],
    );
    assert_ok(&run, "creating in the writable dir");
}

#[test]
fn writable_dir_allows_changes() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let out = r.join("out");
    fs::create_dir(&out).unwrap();
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "./out/", "read": true, "write": true}]}"#,
    );
    let a = out.join("a.txt");
    let (sa, d, b, link, gone) = (
        s(&a),
        s(out.join("d")),
        s(out.join("d/b.txt")),
        s(out.join("s")),
        s(out.join("gone.txt")),
    );
    let steps: [&[&str]; 7] = [
        &["create", &sa, "one"],
        &["append", &sa, "+two"],
        &["mkdir", &d],
        &["rename", &sa, &b],
        &["symlink", "d/b.txt", &link],
        &["create", &gone, "x"],
        &["unlink", &gone],
    ];
    for args in steps {
        assert_ok(&probe_run(r, Some(&policy), args), &args.join(" "));
    }
    assert_eq!(fs::read_to_string(out.join("d/b.txt")).unwrap(), "one+two");
    assert_eq!(fs::read_link(out.join("s")).unwrap(), Path::new("d/b.txt"));
    assert!(!out.join("gone.txt").exists() && !a.exists());
    assert_eq!(
        probe_run(r, Some(&policy), &["read", p(&out.join("s"))]).stdout,
        "one+two"
    );
    assert_ok(
        &probe_run(r, Some(&policy), &["trunc", p(&out.join("d/b.txt"))]),
        "trunc",
    );
    assert_eq!(fs::read_to_string(out.join("d/b.txt")).unwrap(), "");
    // Still confined: a writable dir grants nothing outside itself.
    assert_denied(
        &probe_run(r, Some(&policy), &["create", p(&r.join("x.txt")), "x"]),
        "create outside",
    );
    assert_denied(
        &probe_run(
            r,
            Some(&policy),
            &["create", &format!("{}/../y.txt", out.display()), "x"],
        ),
        "create via ..",
    );
    assert!(!r.join("x.txt").exists() && !r.join("y.txt").exists());
}

#[test]
fn write_only_dir_hides_contents() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let drop = r.join("drop");
    fs::create_dir(&drop).unwrap();
    fs::write(drop.join("old.txt"), "old\n").unwrap();
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "drop", "write": true}]}"#,
    );
    assert_denied(
        &probe_run(r, Some(&policy), &["read", p(&drop.join("old.txt"))]),
        "read",
    );
    assert_denied(&probe_run(r, Some(&policy), &["ls", p(&drop)]), "ls");
    assert_ok(
        &probe_run(
            r,
            Some(&policy),
            &["create", p(&drop.join("new.txt")), "new"],
        ),
        "create",
    );
    assert_eq!(fs::read_to_string(drop.join("new.txt")).unwrap(), "new");
}

#[test]
fn write_only_files_cannot_be_moved_or_linked_where_they_can_be_read() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let (drop, open) = (r.join("drop"), r.join("open"));
    fs::create_dir(&drop).unwrap();
    fs::create_dir(&open).unwrap();
    fs::write(drop.join("old.txt"), "old\n").unwrap();
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "drop", "write": true},
                     {"path": "open", "read": true, "write": true}]}"#,
    );
    let before = snapshot(r);
    let old = drop.join("old.txt");
    for (op, target) in [("rename", "moved.txt"), ("link", "linked.txt")] {
        assert_denied(
            &probe_run(r, Some(&policy), &[op, p(&old), p(&open.join(target))]),
            op,
        );
    }
    assert_eq!(snapshot(r), before, "nothing moved or linked");
}

#[test]
fn relative_paths_resolve_in_the_current_dir_only_when_it_is_granted() {
    let root = layout();
    let r = root.path();
    let data = r.join("data");
    let policy = write_policy(
        r,
        "p.json",
        &format!(
            r#"{{"dirs": [{{"path": "{}", "read": true}}]}}"#,
            data.display()
        ),
    );
    // cwd = data: `file.txt` and `sub/inner.txt` are found, still read-only, still confined.
    assert_eq!(
        probe_run(&data, Some(&policy), &["read", "file.txt"]).stdout,
        "allowed\n"
    );
    assert_eq!(
        probe_run(&data, Some(&policy), &["read", "./sub/inner.txt"]).stdout,
        "inner\n"
    );
    assert_denied(
        &probe_run(&data, Some(&policy), &["read", "../secret.txt"]),
        "read ../",
    );
    // An absolute path resolves only against the grants, never against the current directory
    // (there is no `.` preopen for wasi-libc to fall back on).
    assert_denied(
        &probe_run(&data, Some(&policy), &["read", "/file.txt"]),
        "/file.txt",
    );
    assert_denied(
        &probe_run(&data, Some(&policy), &["read", "/etc/passwd"]),
        "/etc/passwd",
    );
    assert_denied(
        &probe_run(&data, Some(&policy), &["read", "escape"]),
        "read symlink out",
    );
    assert_denied(
        &probe_run(&data, Some(&policy), &["create", "new.txt", "x"]),
        "create .",
    );
    assert_denied(
        &probe_run(&data, Some(&policy), &["write", "file.txt", "x"]),
        "write .",
    );
    // cwd = data/sub (inside the granted dir): relative paths work with its rights.
    assert_eq!(
        probe_run(&data.join("sub"), Some(&policy), &["read", "inner.txt"]).stdout,
        "inner\n"
    );
    assert_denied(
        &probe_run(
            &data.join("sub"),
            Some(&policy),
            &["read", "../../secret.txt"],
        ),
        "..",
    );
    // cwd = root (not granted): no relative access at all.
    assert_denied(
        &probe_run(r, Some(&policy), &["read", "data/file.txt"]),
        "relative from ungranted cwd",
    );
    assert_eq!(
        fs::read_to_string(data.join("file.txt")).unwrap(),
        "allowed\n"
    );
    assert!(!data.join("new.txt").exists());
}

#[test]
fn default_policy_grants_no_dirs() {
    let root = layout();
    let r = root.path();
    // No policy beside the artifact and no --config: deny all.
    let app = r.join("app.wasm");
    fs::copy(common::probe(), &app).unwrap();
    let run = |args: &[&str]| -> Run {
        let mut all = vec![p(&app)];
        all.extend(args);
        common::edgebox(r, &all, &[("HOME", p(r))])
    };
    for path in [
        "secret.txt",
        "data/file.txt",
        "/etc/passwd",
        p(&r.join("secret.txt")),
    ] {
        assert_denied(&run(&["read", path]), path);
    }
    assert_denied(&run(&["ls", "."]), "ls .");
    assert_denied(&run(&["create", p(&r.join("new.txt")), "x"]), "create");
    assert!(!r.join("new.txt").exists());
}

#[test]
fn a_read_only_dir_inside_a_writable_one_is_refused() {
    let root = layout();
    let r = root.path();
    let policy = write_policy(
        r,
        "p.json",
        r#"{"dirs": [{"path": "$PWD", "read": true, "write": true}, {"path": "$PWD/data", "read": true}]}"#,
    );
    let run = probe_run(r, Some(&policy), &["create", "data/x.txt", "x"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("`dirs[1].path`") && run.stderr.contains("grants write"),
        "{run:?}"
    );
    assert!(!r.join("data/x.txt").exists());
}
