//! How `edgeboxc build` reuses work: the engine is built and compiled once and every app's
//! build reuses it (a new app, an edit to its code, an edit to a frozen function), and a failed
//! build leaves the previous artifact set as it was.

use std::os::unix::process::CommandExt;
use std::path::Path;

use edgebox_e2e::{build, edgebox, edgeboxc, fixture, text};

/// Text that no earlier run can have put in the (persistent) test cache.
fn nonce() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// The `--verbose` line of `stage` in a build log, and whether it came from the cache.
fn stage_cached(log: &str, stage: &str) -> bool {
    let line = log
        .lines()
        .find(|l| l.split_whitespace().next() == Some(stage))
        .unwrap_or_else(|| panic!("no {stage} line in:\n{log}"));
    line.ends_with("(cached)")
}

fn write_app(dir: &Path, source: &str) {
    std::fs::write(dir.join("index.js"), source).unwrap();
}

/// A folder `name` (the artifacts' name) for an app, inside a temporary folder.
fn app_dir(root: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let dir = root.path().join(name);
    std::fs::create_dir(&dir).unwrap();
    dir
}

fn run(artifact: &Path, args: &[&str]) -> String {
    let out = edgebox(&[]).arg(artifact).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

const APP: &str =
    "function scale(n) { let s = 0; for (let i = 0; i < n; i++) s += i * FACTOR; return s; }\n\
                   console.log(MESSAGE, scale(10));\n";

fn app_source(message: &str, factor: u32) -> String {
    format!("const MESSAGE = '{message}'; const FACTOR = {factor};\n{APP}")
}

#[test]
fn new_apps_and_edits_reuse_the_engines_compiled_code() {
    let root = tempfile::tempdir().unwrap();
    let app = app_dir(&root, "edited");
    let out = app.join("dist");
    let tag = nonce();

    // Any build compiles the engine once (in the test cache, usually before this test).
    build(&fixture("hello"), &root.path().join("hello"), &[]);

    write_app(&app, &app_source(&format!("first {tag}"), 2));
    let log = text(&build(app.as_path(), &out, &["--verbose"]).stderr);
    assert!(
        stage_cached(&log, "engine-aot"),
        "a new app compiled the engine:\n{log}"
    );
    assert!(!stage_cached(&log, "aot"), "{log}");
    assert!(log.contains("froze 1 of"), "{log}");
    let name = "edited";
    let aot = out.join(format!("{name}.aot"));
    assert_eq!(run(&aot, &[]), format!("first {tag} 90\n"));

    // An edit outside the frozen function: new bytecode, the same app code.
    write_app(app.as_path(), &app_source(&format!("second {tag}"), 2));
    let log = text(&build(app.as_path(), &out, &["--verbose"]).stderr);
    for stage in ["engine", "app", "engine-aot"] {
        assert!(stage_cached(&log, stage), "{stage} rebuilt:\n{log}");
    }
    assert!(!stage_cached(&log, "aot"), "{log}");
    assert_eq!(run(&aot, &[]), format!("second {tag} 90\n"));

    // An edit to the frozen function (new to the cache too): new app code, the same engine.
    let step = tag % 1000 + 1;
    write_app(
        app.as_path(),
        &app_source(&format!("second {tag}"), 2)
            .replace("s += i * FACTOR", &format!("s += i * FACTOR + {step}")),
    );
    let log = text(&build(app.as_path(), &out, &["--verbose"]).stderr);
    assert!(!stage_cached(&log, "app"), "{log}");
    assert!(stage_cached(&log, "engine-aot"), "{log}");
    let expected = format!("second {tag} {}\n", 90 + 10 * step);
    assert_eq!(run(&aot, &[]), expected);
    assert_eq!(run(&out.join(format!("{name}.wasm")), &[]), expected);
}

/// A build whose `.aot` cannot be written (a file size limit between the `.wasm` and the
/// `.aot`) fails and leaves the previous build's `.wasm`, `.aot` and policy as they were.
#[test]
fn a_failed_artifact_write_leaves_the_previous_set_intact() {
    let root = tempfile::tempdir().unwrap();
    let app = app_dir(&root, "limited");
    let out = app.join("dist");
    let tag = nonce();
    write_app(&app, &format!("console.log('before {tag}');\n"));
    std::fs::write(
        app.as_path().join(".edgebox.json"),
        "{ \"env\": [\"A\"] }\n",
    )
    .unwrap();
    build(app.as_path(), &out, &[]);
    let name = "limited";
    let files = ["wasm", "aot", "edgebox.json"].map(|ext| out.join(format!("{name}.{ext}")));
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let wasm_size = before[0].len() as u64;
    let aot_size = before[1].len() as u64;
    assert!(wasm_size + 100_000 < aot_size, "{wasm_size} vs {aot_size}");

    write_app(app.as_path(), &format!("console.log('after {tag}');\n"));
    std::fs::write(
        app.as_path().join(".edgebox.json"),
        "{ \"env\": [\"B\"] }\n",
    )
    .unwrap();
    let limit = wasm_size + 50_000;
    let mut command = edgeboxc();
    command.arg("build").arg(app.as_path()).arg("-o").arg(&out);
    // SAFETY: between fork and exec the child only calls async-signal-safe functions (signal,
    // setrlimit).
    unsafe {
        command.pre_exec(move || {
            // Writes past the limit fail with EFBIG instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rlimit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let failed = command.output().unwrap();
    let err = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{name}.aot")), "{err}");
    assert!(err.contains("previous artifacts are unchanged"), "{err}");
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert!(after == before, "the artifact set changed");
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(run(&files[1], &[]), format!("before {tag}\n"));

    // Without the limit the new set is written whole.
    build(app.as_path(), &out, &[]);
    assert_eq!(run(&files[1], &[]), format!("after {tag}\n"));
    assert_eq!(run(&files[0], &[]), format!("after {tag}\n"));
    assert_eq!(
        std::fs::read_to_string(&files[2]).unwrap(),
        "{ \"env\": [\"B\"] }\n"
    );
}

/// `--jobs` must be 1..=256: 0 is an error naming the option, before any work.
#[test]
fn a_jobs_count_out_of_range_is_refused() {
    let out_dir = tempfile::tempdir().unwrap();
    for bad in ["0", "257", "two"] {
        let out = edgeboxc()
            .args(["build", "--jobs", bad, "-o"])
            .arg(out_dir.path())
            .arg(fixture("hello"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--jobs {bad}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("--jobs"), "--jobs {bad}: {stderr}");
        assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0);
    }
}

/// `--target-cpu native` compiles for this machine's CPU (the seal records it) and the app runs
/// as the portable default does; an unknown CPU is an error listing the choices.
#[test]
fn the_target_cpu_is_chosen_recorded_and_checked() {
    let root = tempfile::tempdir().unwrap();
    let portable = root.path().join("portable");
    let native = root.path().join("native");
    build(&fixture("hello"), &portable, &[]);
    build(&fixture("hello"), &native, &["--target-cpu", "native"]);
    let seal_cpu = |dir: &Path| {
        let bytes = std::fs::read(dir.join("hello.aot")).unwrap();
        let at = bytes.windows(4).rposition(|w| w == b"cpu ").unwrap();
        let line = bytes[at..].split(|&b| b == b'\n').next().unwrap().to_vec();
        String::from_utf8(line).unwrap()
    };
    assert_eq!(seal_cpu(&portable), "cpu x86-64-v2");
    assert!(
        seal_cpu(&native).starts_with("cpu native:"),
        "{}",
        seal_cpu(&native)
    );
    assert_eq!(
        run(&native.join("hello.aot"), &[]),
        run(&portable.join("hello.aot"), &[])
    );

    let out = edgeboxc()
        .args(["build", "--target-cpu", "pentium", "-o"])
        .arg(root.path().join("bad"))
        .arg(fixture("hello"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unknown CPU \"pentium\"")
            && stderr.contains("x86-64, x86-64-v2, x86-64-v3, x86-64-v4"),
        "{stderr}"
    );
}

/// Without a terminal (as in CI) every stage says what it runs when it starts, and a build ends
/// with how to run the artifact and what its policy grants: deny-all without `.edgebox.json`.
#[test]
fn a_build_without_a_terminal_names_each_stage_and_ends_with_how_to_run_it() {
    let root = tempfile::tempdir().unwrap();
    let app = app_dir(&root, "told");
    write_app(&app, &app_source("told", 2));
    let out = app.join("dist");
    let log = text(&build(&app, &out, &["--no-aot"]).stderr);
    let started: Vec<&str> = log
        .lines()
        .filter_map(|l| l.strip_prefix("edgeboxc: "))
        .filter_map(|l| l.split(':').next())
        .collect();
    for stage in [
        "bundle", "bytecode", "freeze", "engine", "app", "link", "snapshot",
    ] {
        assert!(started.contains(&stage), "no line for {stage} in:\n{log}");
    }
    let wasm = out.join("told.wasm");
    assert!(
        log.contains(&format!("run it with: edgebox {}\n", wasm.display())),
        "{log}"
    );
    assert!(
        log.contains(
            "no .edgebox.json: the app gets no files, environment variables, commands or network"
        ),
        "{log}"
    );
    assert_eq!(run(&wasm, &[]), "told 90\n");

    std::fs::write(app.join(".edgebox.json"), r#"{"env": ["GREETING"]}"#).unwrap();
    let log = text(&build(&app, &out, &["--no-aot"]).stderr);
    assert!(
        log.contains(&format!(
            "what it may touch: edgebox --explain-policy {}\n",
            wasm.display()
        )),
        "{log}"
    );
    assert!(!log.contains("no .edgebox.json"), "{log}");
}

#[test]
fn edgeboxc_run_builds_and_runs_the_app_with_its_arguments_and_exit_code_as_node_does() {
    let app = tempfile::tempdir().unwrap();
    let main = app.path().join("main.js");
    std::fs::write(
        &main,
        "console.log(JSON.stringify(process.argv.slice(2)));\nprocess.exitCode = 3;\n",
    )
    .unwrap();
    let args = ["one", "--two", "-3", "four five"];
    let node = std::process::Command::new("node")
        .arg(&main)
        .args(args)
        .output()
        .unwrap();
    let out = app.path().join("dist");
    let ran = edgeboxc()
        .arg("run")
        .arg("-o")
        .arg(&out)
        .arg(&main)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        text(&ran.stdout),
        text(&node.stdout),
        "{}",
        text(&ran.stderr)
    );
    assert_eq!(ran.status.code(), node.status.code());
    assert!(
        out.join("main.aot").exists(),
        "the build's artifact is kept"
    );
    let log = text(&ran.stderr);
    assert!(!log.contains("run it with"), "{log}");

    // No runtime where --runtime says: an error naming it, before any build.
    let missing = app.path().join("no-such-edgebox");
    let failed = edgeboxc()
        .arg("run")
        .arg("--runtime")
        .arg(&missing)
        .arg(&main)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        text(&failed.stderr),
        format!(
            "error: --runtime {}: not an executable file\n",
            missing.display()
        )
    );
}
