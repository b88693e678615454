//! Fixture apps built by `edgeboxc build` and run by `edgebox`: as .wasm (interpreter), as the
//! default .aot (the app's code linked to the engine's cached compiled code) and as an .aot
//! compiled whole (`--whole-aot`), which must all behave the same.

use edgebox_e2e::{build, build_every_way, edgebox, edgeboxc, fixture, text};

fn run(artifact: &std::path::Path, args: &[&str]) -> std::process::Output {
    edgebox(&[])
        .arg(artifact)
        .args(args)
        .output()
        .expect("run edgebox")
}

/// Builds a fixture every way and returns its three artifacts (interpreter, linked, whole).
fn build_all(name: &str, out: &std::path::Path) -> Vec<std::path::PathBuf> {
    let artifacts = build_every_way(&fixture(name), name, out, &[]);
    artifacts
        .all()
        .iter()
        .map(|(_, path)| path.to_path_buf())
        .collect()
}

#[test]
fn hello_builds_to_wasm_and_aot_and_every_artifact_runs() {
    let out = tempfile::tempdir().unwrap();
    let artifacts = build_every_way(&fixture("hello"), "hello", out.path(), &[]);
    for (label, artifact) in artifacts.all() {
        let result = run(artifact, &[]);
        assert_eq!(
            text(&result.stdout),
            "Hello from EdgeBox!\n",
            "{label}: {}",
            text(&result.stderr)
        );
        assert_eq!(result.status.code(), Some(0), "{label}");
    }
    assert!(
        !out.path().join("hello.edgebox.json").exists(),
        "no policy in the app, none written"
    );
}

#[test]
fn a_rebuild_of_an_unchanged_app_comes_from_the_cache() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("hello"), out.path(), &[]);
    let again = build(&fixture("hello"), out.path(), &["--verbose"]);
    let log = text(&again.stderr);
    for stage in ["engine", "app", "snapshot", "engine-aot", "aot"] {
        let line = log
            .lines()
            .find(|l| l.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no {stage} line in:\n{log}"));
        assert!(line.ends_with("(cached)"), "{stage} was rebuilt:\n{log}");
    }
}

#[test]
fn fib_runs_in_the_interpreter_and_natively() {
    let out = tempfile::tempdir().unwrap();
    for artifact in build_all("fib", out.path()) {
        let result = run(&artifact, &["20"]);
        assert_eq!(
            text(&result.stdout),
            "fib(20) = 6765\n",
            "{}",
            text(&result.stderr)
        );
    }
}

#[test]
fn multi_file_esm_app() {
    let out = tempfile::tempdir().unwrap();
    for artifact in build_all("esm-app", out.path()) {
        let result = run(&artifact, &[]);
        assert_eq!(
            text(&result.stdout),
            "hello, esm (v1.2)\nMODULES!\nsum=10 mean=5 v1.2\n",
            "{}: {}",
            artifact.display(),
            text(&result.stderr)
        );
    }
}

#[test]
fn commonjs_app_with_a_node_modules_package() {
    let out = tempfile::tempdir().unwrap();
    for artifact in build_all("cjs-app", out.path()) {
        let result = run(&artifact, &[]);
        assert_eq!(
            text(&result.stdout),
            "        id |      name\n         7 |     seven\n        42 | forty-two\n...x\n",
            "{}: {}",
            artifact.display(),
            text(&result.stderr)
        );
    }
}

#[test]
fn an_uncaught_exception_prints_message_and_stack_and_exits_1() {
    let out = tempfile::tempdir().unwrap();
    for artifact in build_all("throws", out.path()) {
        let result = run(&artifact, &[]);
        assert_eq!(result.status.code(), Some(1));
        assert_eq!(text(&result.stdout), "before\n");
        let err = text(&result.stderr);
        // Node's form: the code frame, a blank line, the error and its stack.
        let file = fixture("throws").canonicalize().unwrap().join("index.js");
        let frame = format!(
            "{}:2\n  throw new TypeError(\"something went wrong\");\n",
            file.display()
        );
        assert!(err.starts_with(&frame), "{err}");
        assert!(
            err.contains("^\n\nTypeError: something went wrong\n"),
            "{err}"
        );
        assert!(
            err.contains("at inner (") && err.contains("at outer ("),
            "{err}"
        );
    }
}

#[test]
fn a_syntax_error_stops_the_build_with_its_location_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().join("dist");
    let result = edgeboxc()
        .arg("build")
        .arg(fixture("syntax-error"))
        .arg("-o")
        .arg(&dist)
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let err = text(&result.stderr);
    assert!(err.contains("syntax-error/index.js:2:22: "), "{err}");
    assert!(
        err.contains(" 2 | const broken = (ok + ;\n"),
        "the offending line is shown: {err}"
    );
    assert_eq!(
        err.matches("index.js:2:22").count(),
        1,
        "reported once: {err}"
    );
    assert!(!dist.exists(), "no artifact after a failed build");
}

#[test]
fn a_syntax_error_only_quickjs_finds_names_the_original_file_and_line_as_node_does() {
    let app = tempfile::tempdir().unwrap();
    let app = app.path().canonicalize().unwrap();
    std::fs::write(
        app.join("main.js"),
        "// entry\nrequire(\"./lib/objects.js\");\n",
    )
    .unwrap();
    std::fs::create_dir(app.join("lib")).unwrap();
    let objects = app.join("lib/objects.js");
    std::fs::write(
        &objects,
        "const a = 1;\n\nvar o = { __proto__: a, __proto__: null };\n",
    )
    .unwrap();
    let node = std::process::Command::new("node")
        .arg(app.join("main.js"))
        .output()
        .expect("node runs");
    let node_err = text(&node.stderr);
    // Node's report starts with `file:line` of the error.
    let node_place = node_err.lines().next().unwrap();
    assert!(node_err.contains("Duplicate __proto__"), "{node_err}");
    let dist = app.join("dist");
    // The build fails; what it says.
    let failed_build = || {
        let result = edgeboxc()
            .arg("build")
            .arg(app.join("main.js"))
            .arg("-o")
            .arg(&dist)
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1));
        assert!(!dist.exists(), "no artifact after a failed build");
        text(&result.stderr)
    };
    let err = failed_build();
    assert!(
        err.contains(&format!("{node_place}:")) && err.contains("duplicate __proto__"),
        "node: {node_place}; edgeboxc: {err}"
    );

    // One QuickJS gives no position for names the app and says so.
    std::fs::write(&objects, "var r = /(?<n>x)(?<n>y)/;\n").unwrap();
    let err = failed_build();
    let expected = format!(
        "the app of {}: duplicate group name (QuickJS does not say where)",
        app.join("main.js").display()
    );
    assert!(err.contains(&expected), "{err}");
}

#[test]
fn promise_jobs_run_before_exit_and_unhandled_rejections_fail() {
    let out = tempfile::tempdir().unwrap();
    for artifact in build_all("async", out.path()) {
        let ok = run(&artifact, &[]);
        assert_eq!(text(&ok.stdout), "sync done\nmicrotask\nasync result 42\n");
        assert_eq!(ok.status.code(), Some(0));
        let rejected = run(&artifact, &["reject"]);
        assert_eq!(rejected.status.code(), Some(1));
        assert!(
            text(&rejected.stderr).contains("nobody handles this"),
            "{}",
            text(&rejected.stderr)
        );
    }
}

#[test]
fn the_apps_policy_travels_beside_the_artifacts_and_applies() {
    let out = tempfile::tempdir().unwrap();
    build(&fixture("policy-app"), out.path(), &["--no-aot"]);
    let policy = out.path().join("policy-app.edgebox.json");
    assert!(
        policy.exists(),
        "edgeboxc writes the policy beside the artifacts"
    );
    let result = edgebox(&[("GREETING", "hi"), ("OTHER", "secret")])
        .arg(out.path().join("policy-app.wasm"))
        .output()
        .unwrap();
    assert_eq!(
        text(&result.stdout),
        "{\"GREETING\":\"hi\"}\n",
        "{}",
        text(&result.stderr)
    );
}

#[test]
fn an_invalid_policy_stops_the_build_before_any_work() {
    let app = tempfile::tempdir().unwrap();
    std::fs::write(app.path().join("index.js"), "console.log(1);\n").unwrap();
    std::fs::write(
        app.path().join(".edgebox.json"),
        "{ \"env\": [\"A\"], \"dir\": [] }\n",
    )
    .unwrap();
    let dist = app.path().join("dist");
    let result = edgeboxc().arg("build").arg(app.path()).output().unwrap();
    assert_eq!(result.status.code(), Some(1));
    let err = text(&result.stderr);
    assert!(
        err.contains(".edgebox.json:1:17: `dir`: unknown field"),
        "{err}"
    );
    assert!(!dist.exists(), "nothing written");
}

#[test]
fn a_changed_source_is_rebuilt_and_no_aot_removes_a_stale_aot() {
    let app = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("hello").join("index.js"),
        app.path().join("index.js"),
    )
    .unwrap();
    std::fs::copy(
        fixture("hello").join("package.json"),
        app.path().join("package.json"),
    )
    .unwrap();
    build(app.path(), out.path(), &[]);
    assert!(out.path().join("hello.aot").exists());

    // Unique content, so no earlier run can have filled the (persistent) test cache with it.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let changed = format!("changed {nonce}");
    std::fs::write(
        app.path().join("index.js"),
        format!("console.log('{changed}');\n"),
    )
    .unwrap();
    let log = text(&build(app.path(), out.path(), &["--no-aot", "--verbose"]).stderr);
    let snapshot = log
        .lines()
        .find(|l| l.trim_start().starts_with("snapshot"))
        .unwrap();
    assert!(
        !snapshot.ends_with("(cached)"),
        "a changed app must be rebuilt:\n{log}"
    );
    assert!(
        !out.path().join("hello.aot").exists(),
        "the old .aot would run old code"
    );
    let result = run(&out.path().join("hello.wasm"), &[]);
    assert_eq!(text(&result.stdout), format!("{changed}\n"));
}
