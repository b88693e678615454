//! The sandbox seen from a real app: fixtures/sandbox built by edgeboxc (AOT) and run by edgebox
//! under policies written per test. Every capability is tried from inside, and the host checks
//! that nothing changed where the policy denies it.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use edgebox_e2e::{build, edgebox, edgeboxc, fixture, text};

/// The sandbox app, built once for all tests in this file (AOT: the path users run).
fn app() -> &'static Path {
    static APP: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &APP.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build(&fixture("sandbox"), out.path(), &[]);
        let aot = out.path().join("sandbox.aot");
        (out, aot)
    })
    .1
}

/// Runs the app with `policy` (JSON) as its config and the given environment.
fn run_with(policy: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("policy.edgebox.json");
    std::fs::write(&config, policy).unwrap();
    edgebox(env)
        .arg("--config")
        .arg(&config)
        .arg(app())
        .args(args)
        .output()
        .unwrap()
}

struct Dirs {
    _root: tempfile::TempDir,
    ro: PathBuf,
    rw: PathBuf,
    outside: PathBuf,
}

fn dirs() -> Dirs {
    let root = tempfile::tempdir().unwrap();
    let (ro, rw, outside) = (
        root.path().join("ro"),
        root.path().join("rw"),
        root.path().join("outside"),
    );
    for d in [&ro, &rw, &outside] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(ro.join("data.txt"), "read-only data\n").unwrap();
    std::fs::write(outside.join("secret.txt"), "secret\n").unwrap();
    Dirs {
        _root: root,
        ro,
        rw,
        outside,
    }
}

fn policy(d: &Dirs) -> String {
    format!(
        r#"{{ "dirs": [ {{ "path": "{}", "read": true, "write": false }},
                        {{ "path": "{}", "read": true, "write": true }} ],
             "env": ["ALLOWED"] }}"#,
        d.ro.display(),
        d.rw.display()
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn reads_an_allowed_file() {
    let d = dirs();
    let out = run_with(&policy(&d), &[], &["read", p(&d.ro.join("data.txt"))]);
    assert_eq!(
        text(&out.stdout),
        "read: allowed\nread-only data\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn cannot_read_outside_the_granted_dirs() {
    let d = dirs();
    let escapes = [
        d.outside.join("secret.txt"),
        d.ro.join("../outside/secret.txt"),
        PathBuf::from("/etc/passwd"),
    ];
    for path in &escapes {
        let out = run_with(&policy(&d), &[], &["read", p(path)]);
        assert_eq!(
            text(&out.stdout),
            "read: denied\n",
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
    }
    std::os::unix::fs::symlink(d.outside.join("secret.txt"), d.ro.join("link.txt")).unwrap();
    let out = run_with(&policy(&d), &[], &["read", p(&d.ro.join("link.txt"))]);
    assert_eq!(
        text(&out.stdout),
        "read: denied\n",
        "a symlink out of a granted dir"
    );
}

#[test]
fn a_read_only_dir_denies_every_write_and_the_disk_is_unchanged() {
    let d = dirs();
    let data = d.ro.join("data.txt");
    let cases: [(&str, Vec<String>); 5] = [
        ("write", vec![p(&data).into()]),
        ("write", vec![p(&d.ro.join("new.txt")).into()]),
        (
            "rename",
            vec![p(&data).into(), p(&d.ro.join("moved.txt")).into()],
        ),
        ("remove", vec![p(&data).into()]),
        ("mkdir", vec![p(&d.ro.join("sub")).into()]),
    ];
    for (check, args) in &cases {
        let mut all = vec![*check];
        all.extend(args.iter().map(String::as_str));
        let out = run_with(&policy(&d), &[], &all);
        assert_eq!(
            text(&out.stdout),
            format!("{check}: denied\n"),
            "{all:?}: {}",
            text(&out.stderr)
        );
    }
    let mut names: Vec<_> = std::fs::read_dir(&d.ro)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["data.txt"]);
    assert_eq!(std::fs::read_to_string(&data).unwrap(), "read-only data\n");
}

#[test]
fn a_read_write_dir_allows_writes() {
    let d = dirs();
    let target = d.rw.join("out.txt");
    let out = run_with(&policy(&d), &[], &["write", p(&target)]);
    assert_eq!(
        text(&out.stdout),
        "write: allowed\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "written by the guest\n"
    );
}

#[test]
fn only_allowlisted_env_vars_are_visible() {
    let d = dirs();
    let out = run_with(
        &policy(&d),
        &[("ALLOWED", "yes"), ("SECRET", "no")],
        &["env"],
    );
    assert_eq!(
        text(&out.stdout),
        "{\"ALLOWED\":\"yes\"}\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_a_policy_file_the_app_gets_no_env_and_no_dirs() {
    let d = dirs();
    assert!(!app().with_file_name("sandbox.edgebox.json").exists());
    let env = edgebox(&[("ALLOWED", "yes")])
        .arg(app())
        .arg("env")
        .output()
        .unwrap();
    assert_eq!(text(&env.stdout), "{}\n", "{}", text(&env.stderr));
    let read = edgebox(&[])
        .arg(app())
        .arg("read")
        .arg(p(&d.ro.join("data.txt")))
        .output()
        .unwrap();
    assert_eq!(text(&read.stdout), "read: denied\n");
}

#[test]
fn the_default_policy_grants_nothing() {
    let d = dirs();
    let out = run_with(
        "{}",
        &[("ALLOWED", "yes")],
        &["read", p(&d.ro.join("data.txt"))],
    );
    assert_eq!(text(&out.stdout), "read: denied\n");
    let out = run_with("{}", &[("ALLOWED", "yes")], &["env"]);
    assert_eq!(text(&out.stdout), "{}\n");
}

#[test]
fn deep_recursion_is_a_catchable_range_error_natively_and_in_the_interpreter() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("policy.edgebox.json");
    std::fs::write(&config, "{}").unwrap();
    for artifact in [app().to_path_buf(), app().with_extension("wasm")] {
        let out = edgebox(&[])
            .arg("--config")
            .arg(&config)
            .arg(&artifact)
            .arg("recurse")
            .output()
            .unwrap();
        assert_eq!(
            text(&out.stdout),
            "RangeError: Maximum call stack size exceeded\n",
            "{}: {}",
            artifact.display(),
            text(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn exceeding_the_memory_limit_fails_cleanly() {
    // 512 pages = 32 MiB: the app runs out after fewer than 64 chunks of 512 KiB (with the
    // default 1 GiB it would get past 1,500).
    let out = run_with(
        r#"{ "runtime": { "max_memory_pages": 512 } }"#,
        &[],
        &["memory"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let chunks: u32 = stdout
        .strip_prefix("InternalError: out of memory after ")
        .and_then(|rest| rest.strip_suffix(" chunks\n"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output: {stdout}"));
    assert!(
        (1..64).contains(&chunks),
        "{chunks} chunks under a 32 MiB limit"
    );
}

#[test]
fn the_apps_exit_code_is_edgeboxs_exit_code() {
    let out = run_with("{}", &[], &["exit", "3"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        text(&out.stdout),
        "exiting\n",
        "output is flushed before process.exit"
    );
}

#[test]
fn an_aot_built_for_software_bounds_checks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wasm = app().with_extension("wasm");
    let sw = dir.path().join("sw.aot");
    let compiled = edgeboxc()
        .arg("aot")
        .arg(&wasm)
        .arg("-o")
        .arg(&sw)
        .args(["--bounds-checks", "software"])
        .output()
        .unwrap();
    assert!(compiled.status.success(), "{}", text(&compiled.stderr));
    let out = edgebox(&[]).arg(&sw).arg("exit").arg("0").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "exit code 3: unusable artifact");
    let err = text(&out.stderr);
    assert!(err.contains("bounds"), "{err}");
    assert!(text(&out.stdout).is_empty(), "nothing ran");
}
