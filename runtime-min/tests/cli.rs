//! edgebox's command line and process contract: exit codes, argv, the environment allowlist,
//! policy errors, artifact errors, traps and the memory limit.

mod common;

use std::fs;
use std::path::Path;

use common::{edgebox, guest, probe, probe_run, write_policy, Run};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn exit_codes_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    for (args, code) in [
        (&["exit", "0"][..], 0),
        (&["exit", "7"], 7),
        (&["exit", "255"], 255),
        (&["return", "42"], 42),
        (&["return", "0"], 0),
    ] {
        let run = probe_run(dir.path(), None, args);
        assert_eq!(run.code, Some(code), "{args:?}: {run:?}");
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

#[test]
fn argv_is_the_artifact_then_the_apps_arguments_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app.wasm");
    fs::copy(probe(), &app).unwrap();
    let run = edgebox(
        dir.path(),
        &[
            "app.wasm",
            "args",
            "two words",
            "",
            "--config",
            "x.json",
            "ünï",
        ],
        &[],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout,
        "argv[0]=app.wasm\nargv[1]=args\nargv[2]=two words\nargv[3]=\nargv[4]=--config\n\
         argv[5]=x.json\nargv[6]=ünï\n"
    );
}

#[test]
fn only_allowlisted_environment_variables_are_visible() {
    let dir = tempfile::tempdir().unwrap();
    let policy = write_policy(
        dir.path(),
        "p.json",
        r#"{"env": ["EB_ALLOWED", "EB_UNSET", "EB_EMPTY"]}"#,
    );
    let vars = [
        ("EB_ALLOWED", "yes=really"),
        ("EB_SECRET", "hidden"),
        ("EB_EMPTY", ""),
        ("HOME", "/root"),
    ];
    let run = edgebox(
        dir.path(),
        &["--config", p(&policy), p(&probe()), "env"],
        &vars,
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "EB_ALLOWED=yes=really\nEB_EMPTY=\n");
    // Without a policy: nothing at all.
    let run = edgebox(dir.path(), &[p(&probe()), "env"], &vars);
    assert_eq!(run.stdout, "");
}

#[test]
fn the_policy_beside_the_artifact_applies_and_config_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("out")).unwrap();
    fs::copy(probe(), d.join("out/app.wasm")).unwrap();
    write_policy(&d.join("out"), "app.edgebox.json", r#"{"env": ["EB_A"]}"#);
    let other = write_policy(d, "other.json", r#"{"env": ["EB_B"]}"#);
    let vars = [("EB_A", "a"), ("EB_B", "b")];
    assert_eq!(
        edgebox(d, &["out/app.wasm", "env"], &vars).stdout,
        "EB_A=a\n"
    );
    assert_eq!(
        edgebox(d, &["--config", p(&other), "out/app.wasm", "env"], &vars).stdout,
        "EB_B=b\n"
    );
    let run = edgebox(
        d,
        &["--config", "missing.json", "out/app.wasm", "env"],
        &vars,
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("cannot read policy missing.json"),
        "{run:?}"
    );
}

#[test]
fn invalid_policies_are_refused_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("data")).unwrap();
    let cases = [
        (
            r#"{"runtime": {"stack_size": 65536}, "dir": []}"#,
            "1:36: `dir`: unknown field",
        ),
        (
            r#"{"runtime": {"max_pages": 1}}"#,
            "`runtime.max_pages`: unknown field",
        ),
        (
            r#"{"runtime": {"heap_size": true}}"#,
            "`runtime.heap_size`: expected a whole number, found a boolean",
        ),
        (
            r#"{"runtime": {"max_memory_pages": 70000}}"#,
            "`runtime.max_memory_pages`: expected a whole number from 1 to 65536",
        ),
        (
            r#"{"dirs": [{"path": "data", "read": 1}]}"#,
            "`dirs[0].read`: expected true or false, found a number",
        ),
        (
            r#"{"dirs": [{"path": "data", "read": false, "write": false}]}"#,
            "`dirs[0].read`: grants nothing",
        ),
        (
            r#"{"dirs": [{"path": "data", "read": true, "exec": true}]}"#,
            "`dirs[0].exec`: unknown field",
        ),
        (
            r#"{"dirs": [{"path": "nowhere", "read": true}]}"#,
            "`dirs[0].path`: cannot use",
        ),
        (
            r#"{"env": "HOME"}"#,
            "`env`: expected an array, found a string",
        ),
        ("{\n  \"env\": [\"A\",]\n}", "2:15: invalid JSON"),
    ];
    for (i, (json, expected)) in cases.iter().enumerate() {
        let policy = write_policy(d, &format!("bad{i}.edgebox.json"), json);
        let run = probe_run(d, Some(&policy), &["exit", "0"]);
        assert_eq!(run.code, Some(2), "{json}: {run:?}");
        assert!(
            run.stderr
                .starts_with(&format!("edgebox: {}:", policy.display())),
            "{json}: {run:?}"
        );
        assert!(
            run.stderr.contains(expected),
            "{json}: want {expected:?}, got {run:?}"
        );
        assert_eq!(run.stdout, "", "nothing may run under an invalid policy");
    }
}

#[test]
fn bad_artifacts_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let wasm = fs::read(probe()).unwrap();
    fs::write(d.join("truncated.wasm"), &wasm[..wasm.len() / 2]).unwrap();
    fs::write(d.join("text.wasm"), "console.log('hi')\n").unwrap();
    fs::write(d.join("empty.aot"), "").unwrap();
    fs::copy(common::EDGEBOX, d.join("native.aot")).unwrap();
    let mut garbage_aot = b"\0aot\x05\0\0\0".to_vec();
    garbage_aot.extend([0xff; 64]);
    fs::write(d.join("garbage.aot"), garbage_aot).unwrap();
    fs::copy(guest("probe", true), d.join("reactor.wasm")).unwrap();
    fs::create_dir(d.join("dir.wasm")).unwrap();
    let cases = [
        ("missing.wasm", "missing.wasm: cannot read: No such file"),
        ("truncated.wasm", "truncated.wasm: cannot load: "),
        (
            "text.wasm",
            "text.wasm: is not a WebAssembly module (`\\0asm`) or a WAMR AOT file",
        ),
        ("empty.aot", "empty.aot: is not a WebAssembly module"),
        ("native.aot", "native.aot: is not a WebAssembly module"),
        (
            "garbage.aot",
            "garbage.aot: has no `edgebox.seal` section at its end",
        ),
        ("reactor.wasm", "reactor.wasm: exports no `_start`"),
        ("dir.wasm", "dir.wasm: cannot read: "),
    ];
    for (file, expected) in cases {
        let run = edgebox(d, &[file], &[]);
        assert_eq!(run.code, Some(3), "{file}: {run:?}");
        assert!(
            run.stderr.starts_with(&format!("edgebox: {expected}")),
            "{file}: {run:?}"
        );
        assert_eq!(run.stdout, "", "{file}");
    }
}

#[test]
fn traps_are_reported_and_the_host_survives() {
    let dir = tempfile::tempdir().unwrap();
    for (cmd, text) in [
        ("oob", "out of bounds memory access"),
        ("unreachable", "unreachable"),
        ("recurse", ""),
        ("deep", "wasm operand stack overflow"),
    ] {
        let run = probe_run(dir.path(), None, &[cmd]);
        assert_eq!(run.code, Some(134), "{cmd}: {run:?}");
        let prefix = format!("edgebox: {}: trap: {text}", probe().display());
        assert!(run.stderr.starts_with(&prefix), "{cmd}: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{cmd}: {run:?}");
    }
}

fn allocated_mib(run: &Run) -> u32 {
    assert_eq!(run.code, Some(0), "{run:?}");
    run.stdout
        .strip_prefix("allocated ")
        .and_then(|s| s.strip_suffix(" MiB\n"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output {run:?}"))
}

#[test]
fn linear_memory_stops_at_max_memory_pages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let small = write_policy(d, "small.json", r#"{"runtime": {"max_memory_pages": 64}}"#);
    let large = write_policy(d, "large.json", r#"{"runtime": {"max_memory_pages": 512}}"#);
    let small = allocated_mib(&probe_run(d, Some(&small), &["hog"]));
    let large = allocated_mib(&probe_run(d, Some(&large), &["hog"]));
    // 64 pages = 4 MiB and 512 pages = 32 MiB of linear memory, part of it static data/stack.
    assert!((1..4).contains(&small), "{small} MiB under a 4 MiB cap");
    assert!((28..32).contains(&large), "{large} MiB under a 32 MiB cap");
}

#[test]
fn usage_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let run = edgebox(dir.path(), &[], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("missing the artifact") && run.stderr.contains("usage: edgebox"));
    let run = edgebox(dir.path(), &["--bogus", "x.aot"], &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("unknown option `--bogus`"));
    let run = edgebox(dir.path(), &["--version"], &[]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.starts_with("edgebox ") && run.stdout.contains("WAMR 2.4.3"),
        "{run:?}"
    );
    assert!(run.stdout.contains("bounds checks: hw"), "{run:?}");
    let run = edgebox(dir.path(), &["--help"], &[]);
    assert!(run.stdout.contains("--config PATH"));
}

#[test]
fn start_up_does_not_fault_in_the_native_stack() {
    // The wasm runs on an 8 MiB thread; without our WAMR patch, setting up the stack guard
    // pages would touch all of it (~2,000 page faults). /usr/bin/time is from scripts/setup.sh.
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "faults=%R"])
        .arg(common::EDGEBOX)
        .arg(probe())
        .args(["exit", "0"])
        .current_dir(dir.path())
        .output()
        .expect("run /usr/bin/time (package `time`, see scripts/setup.sh)");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let faults: u32 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("faults="))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no fault count in {stderr:?}"));
    assert!(
        faults < 1200,
        "{faults} minor page faults for a trivial run"
    );
}

#[test]
fn start_up_trace_lists_every_phase_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let probe = probe();
    let args = [p(&probe), "exit", "0"];
    let traced = edgebox(dir.path(), &args, &[("EDGEBOX_TRACE_STARTUP", "1")]);
    assert_eq!(traced.code, Some(0), "{traced:?}");
    let lines: Vec<&str> = traced
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("edgebox: trace: "))
        .collect();
    let phases = [
        "policy (locate, read, parse)",
        "map artifact",
        "thread start",
        "WAMR init",
        "load (incl. relocation)",
        "instantiate (memory, WASI)",
        "exec env",
        "run _start",
        "total (main to end of run)",
    ];
    assert_eq!(lines.len(), phases.len(), "{traced:?}");
    for (line, phase) in lines.iter().zip(phases) {
        let ms: f64 = line
            .strip_prefix(phase)
            .and_then(|rest| rest.trim().strip_suffix(" ms"))
            .and_then(|ms| ms.parse().ok())
            .unwrap_or_else(|| panic!("`{line}` is not a time for `{phase}`"));
        assert!((0.0..60_000.0).contains(&ms), "{line}");
    }
    for envs in [&[][..], &[("EDGEBOX_TRACE_STARTUP", "0")][..]] {
        let plain = edgebox(dir.path(), &args, envs);
        assert_eq!(plain.code, Some(0), "{plain:?}");
        assert!(!plain.stderr.contains("edgebox: trace:"), "{plain:?}");
    }
}
