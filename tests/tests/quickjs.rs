//! QuickJS-NG's own test programs (the `tests/` folder of the pinned engine package), every one
//! built by edgeboxc as an app and run by edgebox as .wasm and as .aot.
//!
//! A program passes the way QuickJS-NG's runner says it does: it exits normally (its `assert`s
//! throw on failure), or, when its front matter says `negative`, it fails with that error type in
//! that phase (`parse`: the build fails at a located syntax error; `runtime`: the run dies of an
//! uncaught error of that type). A program flagged `qjs:set-interrupt-handler` is a runaway that
//! the runner interrupts: here the policy's wall-time limit must stop it. The runner's globals
//! (`print`, `gc`) come from a prelude module imported before the program. The interpreter's and
//! the AOT code's output must be the same.
//!
//! The programs EdgeBox cannot run as they are, each with the reason, are in [`GAPS`]: each gap is
//! checked to fail the way it says, so a fix shows up as a failure of this test until the entry is
//! removed. The few assertions removed before the build (engine-internal probes, stack shapes)
//! are in [`ADAPTATIONS`], each with its reason.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use edgebox_e2e::{edgebox, edgeboxc, text};

/// Programs that do not pass as they are: (file, why, text in the account of the failure).
const GAPS: &[(&str, &str, &str)] = &[
    (
        "test_worker.js",
        "os.Worker needs threads, which wasm32-wasi does not have",
        "TypeError: not a function",
    ),
    (
        "test_worker_module.js",
        "the module test_worker.js runs inside an os.Worker",
        "cannot read property 'parent' of undefined",
    ),
    (
        "test_std.js",
        "std.tmpfile and std.popen: WASI has no temporary files or processes",
        "TypeError: not a function",
    ),
    (
        "atomics-store-leak.js",
        "no Atomics: QuickJS-NG for wasm32-wasi is built without CONFIG_ATOMICS (no threads)",
        "got |false|, expected |true|",
    ),
    (
        "bug1301.js",
        "no Atomics: QuickJS-NG for wasm32-wasi is built without CONFIG_ATOMICS (no threads)",
        "got |false|, expected |true|",
    ),
    (
        "bug1302.js",
        "no Atomics: QuickJS-NG for wasm32-wasi is built without CONFIG_ATOMICS (no threads)",
        "got |false|, expected |true|",
    ),
    (
        "bug1661.js",
        "an unhandled rejection ends the run, as in Node (QuickJS-NG's runner ignores it)",
        "UnhandledPromiseRejection",
    ),
    (
        "bug633/0.js",
        "a script runs as a CommonJS module, inside a function as in Node, where `const undefined` is legal",
        "expected the build to fail",
    ),
    (
        "function_source.js",
        "Function.prototype.toString gives the bundler's reprinted source, not the file's text",
        "^\n\nError: function f() {",
    ),
    (
        "import-attributes-identity.js",
        "`with { type: \"text\" }` (QuickJS-NG's own import type, which Node lacks) loads the JSON",
        "got |object|, expected |string|",
    ),
    (
        "reexport-error-module.js",
        "importing a name a module does not export is no link-time SyntaxError: it reads undefined",
        "got |false|, expected |true|",
    ),
];

/// Programs that are not tests: (file, why).
const NOT_TESTS: &[(&str, &str)] = &[
    ("assert.js", "the assertion helpers the tests import"),
    (
        "microbench.js",
        "QuickJS-NG's benchmark (timings, minutes under the interpreter)",
    ),
];

/// Text removed from a program before the build: (file, text, why).
const ADAPTATIONS: &[(&str, &str, &str)] = &[
    (
        "test_builtin.js",
        "    assert(qjs.getStringKind(\"xyzzy\".slice(1)),\n           /*JS_STRING_KIND_NORMAL*/0);\n",
        "probes the engine's string representation through run-test262's `qjs` object",
    ),
    (
        "test_builtin.js",
        "    assert(qjs.getStringKind(\"xyzzy\".repeat(512).slice(1)),\n           /*JS_STRING_KIND_SLICE*/1);\n",
        "probes the engine's string representation through run-test262's `qjs` object",
    ),
    (
        "test_builtin.js",
        "test_exception_prepare_stack();\n",
        "stack frames include the bundle's module loader frames below the app's (it counts them)",
    ),
];

/// The globals QuickJS-NG's runner gives its test programs.
const RUNNER_PRELUDE: &str = "\
import * as std from \"qjs:std\";
globalThis.print = (...args) => console.log(...args);
globalThis.gc = () => std.gc();
";

/// The wall-time limit that stops the runaway programs.
const RUNAWAY_POLICY: &str = r#"{ "runtime": { "timeout_ms": 1000 } }"#;

#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Exits normally.
    Pass,
    /// The build fails at a syntax error.
    ParseError,
    /// The run dies of an uncaught error of this type.
    Throws(String),
    /// The run is stopped by the policy's wall-time limit.
    Runaway,
}

/// What the front matter (`/*--- ... ---*/`) of `source` expects.
fn expectation(source: &str) -> Expect {
    let front = source
        .split_once("/*---")
        .and_then(|(_, rest)| rest.split_once("---*/"))
        .map_or("", |(front, _)| front);
    if front.contains("qjs:set-interrupt-handler") {
        return Expect::Runaway;
    }
    let field = |name: &str| {
        front
            .lines()
            .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
    };
    match (field("phase:").as_deref(), field("type:")) {
        (Some("parse"), _) => Expect::ParseError,
        (Some("runtime"), Some(kind)) => Expect::Throws(kind),
        _ => Expect::Pass,
    }
}

/// The package's test programs, relative to its tests folder (sorted).
fn programs(tests: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(tests).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                if inner.extension().is_some_and(|e| e == "js") {
                    let file = inner.file_name().unwrap().to_string_lossy().into_owned();
                    found.push(format!("{name}/{file}"));
                }
            }
        } else if name.ends_with(".js")
            && !name.starts_with("fixture_")
            && !NOT_TESTS.iter().any(|(n, _)| *n == name)
        {
            found.push(name);
        }
    }
    found.sort();
    found
}

/// Copies the package's tests folder to `to`, with the [`ADAPTATIONS`], and adds the runner
/// prelude.
fn copy_suite(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_suite(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
    for (file, removed, _) in ADAPTATIONS {
        let path = to.join(file);
        if let Ok(source) = std::fs::read_to_string(&path) {
            assert!(source.contains(removed), "{file} no longer has {removed:?}");
            std::fs::write(&path, source.replace(removed, "")).unwrap();
        }
    }
    if to.join("assert.js").exists() {
        std::fs::write(to.join("__qjs_runner.js"), RUNNER_PRELUDE).unwrap();
    }
}

/// Checks one program against its expectation, or, for one of the [`GAPS`], that it still
/// fails the way the entry says.
fn check(suite: &Path, out: &Path, program: &str) -> Result<(), String> {
    let result = build_and_run(suite, out, program);
    let Some((_, why, failure)) = GAPS.iter().find(|(name, _, _)| *name == program) else {
        return result;
    };
    match result {
        Ok(()) => Err(format!(
            "listed in GAPS ({why}) but passes: remove the entry"
        )),
        Err(account) if account.contains(failure) => Ok(()),
        Err(account) => Err(format!(
            "listed in GAPS ({why}) as failing with {failure:?}, but:\n{account}"
        )),
    }
}

/// Builds and runs one program; `Err` says how it went against its front matter.
fn build_and_run(suite: &Path, out: &Path, program: &str) -> Result<(), String> {
    let path = suite.join(program);
    let source = std::fs::read_to_string(&path).unwrap();
    let expect = expectation(&source);
    let dir = path.parent().unwrap();
    let stem = program.replace(['/', '.'], "_");
    let prelude = if dir == suite {
        "./__qjs_runner.js"
    } else {
        "../__qjs_runner.js"
    };
    let file_name = path.file_name().unwrap().to_string_lossy();
    let entry = dir.join(format!("{stem}.run.js"));
    std::fs::write(
        &entry,
        format!("import \"{prelude}\";\nimport \"./{file_name}\";\n"),
    )
    .unwrap();
    let built = edgeboxc()
        .arg("build")
        .arg(&entry)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let log = text(&built.stderr);
    if expect == Expect::ParseError {
        let located = format!("{}:", path.display());
        return if !built.status.success() && log.contains(&located) {
            Ok(())
        } else {
            Err(format!(
                "expected the build to fail at a syntax error in {program}:\n{log}"
            ))
        };
    }
    if !built.status.success() {
        return Err(format!("build failed:\n{log}"));
    }
    let mut outputs = Vec::new();
    for ext in ["wasm", "aot"] {
        let artifact = out.join(format!("{stem}.run.{ext}"));
        let mut cmd = edgebox(&[]);
        if expect == Expect::Runaway {
            let policy = out.join("runaway.edgebox.json");
            std::fs::write(&policy, RUNAWAY_POLICY).unwrap();
            cmd.arg("--config").arg(policy);
        }
        let run = cmd.arg(&artifact).output().unwrap();
        let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
        let code = run.status.code();
        let ok = match &expect {
            Expect::Pass => code == Some(0) && !stderr.contains("Uncaught"),
            Expect::Throws(kind) => code == Some(1) && uncaught(&stderr).starts_with(kind.as_str()),
            Expect::Runaway => code == Some(124) && stderr.contains("wall-time limit"),
            Expect::ParseError => unreachable!("handled above"),
        };
        if !ok {
            return Err(format!(
                "as .{ext}, expected {expect:?}, got exit {code:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
            ));
        }
        outputs.push(stdout);
    }
    if outputs[0] != outputs[1] {
        return Err(format!(
            "the .wasm and the .aot printed different output:\n{}\n---\n{}",
            outputs[0], outputs[1]
        ));
    }
    Ok(())
}

/// The uncaught error an app printed: after `Uncaught `, or, when the app's code is in its
/// stack, after Node's code frame (`file:line`, the line, a caret) and a blank line.
fn uncaught(stderr: &str) -> &str {
    match stderr.strip_prefix("Uncaught ") {
        Some(error) => error,
        None => stderr.split_once("^\n\n").map_or("", |(_, error)| error),
    }
}

fn package_tests() -> PathBuf {
    edgebox_vendor::Component::QuickJs
        .source_dir()
        .join("tests")
}

#[test]
fn every_quickjs_ng_test_program_runs_as_an_app() {
    let tests = package_tests();
    let work = tempfile::tempdir().unwrap();
    let suite = work.path().join("tests");
    std::fs::create_dir_all(&suite).unwrap();
    copy_suite(&tests, &suite);
    let queue = Mutex::new(programs(&tests));
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (queue, failures, suite, work) = (&queue, &failures, &suite, work.path());
            scope.spawn(move || loop {
                let Some(program) = queue.lock().unwrap().pop() else {
                    break;
                };
                let out = work.join(format!("out{worker}"));
                let _ = std::fs::remove_dir_all(&out);
                if let Err(why) = check(suite, &out, &program) {
                    failures.lock().unwrap().push(format!("{program}: {why}"));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of QuickJS-NG's test programs failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_suite_is_the_whole_tests_folder() {
    let listed = programs(&package_tests());
    assert!(listed.len() > 80, "only {} programs found", listed.len());
    for (gap, _, _) in GAPS {
        assert!(
            listed.iter().any(|p| p == gap),
            "GAPS names {gap}, not in the package"
        );
    }
    for name in [
        "test_language.js",
        "test_loop.js",
        "test_builtin.js",
        "bug39/1.js",
    ] {
        assert!(listed.iter().any(|p| p == name), "{name} not listed");
    }
}

#[test]
fn front_matter_gives_the_expectation() {
    let negative = "/*---\nnegative:\n  phase: runtime\n  type: RangeError\n---*/\nf()";
    assert_eq!(expectation(negative), Expect::Throws("RangeError".into()));
    let parse = "/*---\nnegative:\n  phase: parse\n  type: SyntaxError\n---*/\n";
    assert_eq!(expectation(parse), Expect::ParseError);
    let runaway = "/*---\nflags: [qjs:set-interrupt-handler]\nnegative:\n  phase: runtime\n  type: InternalError\n---*/";
    assert_eq!(expectation(runaway), Expect::Runaway);
    assert_eq!(expectation("print(1)"), Expect::Pass);
}
