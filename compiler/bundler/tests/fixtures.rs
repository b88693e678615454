//! Fixture tests: each folder under tests/fixtures/ is an app. Apps that bundle are run with
//! node as a global script (through `vm.runInThisContext`, so no `require`/`module` of node's is
//! in scope, as under QuickJS) and their stdout compared with `expected.txt`; where node can run
//! the original app directly, its stdout must be the same (a differential check). Apps that must
//! not bundle have `expected-error.txt`, compared with the whole error message.
//!
//! Under node, the guest's native functions that the bundled Node layer builds on are played by
//! node's own ([`NATIVE_UNDER_NODE`]); promise jobs then run when node runs them, so these
//! fixtures print from synchronous code only. The guest runs them for real in tests/.
//!
//! `EDGEBOX_BLESS=1` rewrites `expected.txt` / `expected-error.txt` from the current results.

use std::path::{Path, PathBuf};
use std::process::Command;

use edgebox_bundler::{bundle_with_root, resolve_entry, Bundle, BundleError};

fn fixture(name: &str) -> PathBuf {
    // Relative to the crate (cargo runs tests there), so that error messages are stable.
    Path::new("tests/fixtures").join(name)
}

fn blessing() -> bool {
    std::env::var_os("EDGEBOX_BLESS").is_some_and(|v| v == "1")
}

fn check_expected(path: &Path, actual: &str) {
    if blessing() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with EDGEBOX_BLESS=1 to create it)",
            path.display()
        )
    });
    assert_eq!(actual, expected, "{} differs", path.display());
}

fn bundle_app(name: &str) -> Result<Bundle, BundleError> {
    let entry = resolve_entry(&fixture(name)).expect("fixture entry");
    bundle_with_root(&entry.main, &entry.root)
}

/// The guest's `__edgebox_native` (compiler/node/lib/internal/native.js) played by node's APIs.
const NATIVE_UNDER_NODE: &str = "\
const nodeProcess = process;
globalThis.__edgebox_native = {
  write: (fd, text) => (fd === 2 ? nodeProcess.stderr : nodeProcess.stdout).write(text),
  exit: (code) => nodeProcess.exit(code),
  now: () => performance.now(),
  hrtime: () => nodeProcess.hrtime.bigint(),
  sleep: (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
  runJobs: () => {},
  setRejectionHandler: () => {},
  promiseState: () => undefined,
  proxyParts: () => undefined,
  isatty: () => false,
  cwd: () => nodeProcess.cwd(),
  argv: nodeProcess.argv,
  env: nodeProcess.env,
  quickjsVersion: 'node',
};
";

/// Runs `code` with node as global code (not as a CommonJS module), then the function it ends
/// with (the app's runner, as the guest does), and returns its stdout.
fn run_as_script(code: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.js");
    std::fs::write(&file, code).unwrap();
    let output = Command::new("node")
        .arg("-e")
        .arg(format!(
            "{NATIVE_UNDER_NODE}require('vm').runInThisContext(require('fs').readFileSync(process.argv[1], 'utf8'), \
             {{ filename: 'bundle.js' }})()"
        ))
        .arg(&file)
        .output()
        .expect("node runs");
    if let Some(dump) = std::env::var_os("EDGEBOX_BUNDLER_DUMP") {
        std::fs::write(dump, code).unwrap();
    }
    assert!(
        output.status.success(),
        "bundle failed under node:\n{}\n--- bundle ---\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs the original app's entry with node (and `flags`) and returns its stdout.
fn run_original(entry: &Path, flags: &[&str]) -> String {
    let output = Command::new("node")
        .args(flags)
        .arg(entry)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "original app failed under node:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Bundles app `name`, runs the bundle, checks its stdout against `expected.txt` and against the
/// original app run by node (with `node_flags`).
fn run_fixture(name: &str, node_flags: &[&str]) -> Bundle {
    let bundle = bundle_app(name).unwrap_or_else(|e| panic!("{name} does not bundle:\n{e}"));
    let stdout = run_as_script(&bundle.code);
    check_expected(&fixture(name).join("expected.txt"), &stdout);
    let entry = resolve_entry(&fixture(name)).unwrap();
    assert_eq!(
        run_original(&entry.main, node_flags),
        stdout,
        "{name}: bundle and original differ"
    );
    bundle
}

fn error_fixture(name: &str) -> String {
    let error = match bundle_app(name) {
        Ok(_) => panic!("{name} bundled, but it should fail"),
        Err(e) => e.to_string(),
    };
    check_expected(
        &fixture(name).join("expected-error.txt"),
        &format!("{error}\n"),
    );
    error
}

#[test]
fn esm_app() {
    run_fixture("esm-app", &[]);
}

#[test]
fn cjs_app_with_node_modules() {
    let bundle = run_fixture("cjs-app", &[]);
    let ids: Vec<String> = bundle
        .modules
        .iter()
        .map(|p| {
            let root = fixture("cjs-app").canonicalize().unwrap();
            p.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(ids[0], "src/main.js", "entry first");
    for id in [
        "node_modules/tiny-pkg/lib/tiny.js",
        "node_modules/tiny-pkg/node_modules/version-dep/index.js",
        "node_modules/version-dep/index.js",
        "node_modules/@edgebox-fixture/cond/src/cjs.cjs",
        "src/data.json",
        "src/util/index.js",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
        assert!(
            bundle.code.contains(&format!("\"{id}\"")),
            "{id} is not a module id"
        );
    }
    assert!(
        !ids.iter()
            .any(|i| i.ends_with("esm.mjs") || i.ends_with("not-used.js")),
        "require must pick the `require` condition: {ids:?}"
    );
}

#[test]
fn esm_imports_cjs() {
    run_fixture("interop-esm-imports-cjs", &[]);
}

#[test]
fn cjs_requires_esm() {
    run_fixture(
        "interop-cjs-requires-esm",
        &["--experimental-require-module", "--no-warnings"],
    );
}

#[test]
fn cjs_cycle() {
    run_fixture("cycle-cjs", &[]);
}

#[test]
fn esm_cycle() {
    run_fixture("cycle-esm", &[]);
}

#[test]
fn syntax_error_in_module() {
    let error = error_fixture("error-syntax");
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(
        lines[0],
        "tests/fixtures/error-syntax/lib/broken.js:3:34: Expression expected"
    );
    assert_eq!(lines[1], " 3 | \tfor (const item of items) sum +=* item;");
    assert_eq!(lines[2], format!("   | \t{}^", " ".repeat(32)));
}

#[test]
fn syntax_error_in_commonjs() {
    let error = error_fixture("error-syntax-cjs");
    assert!(
        error.starts_with("tests/fixtures/error-syntax-cjs/index.js:3:37: "),
        "{error}"
    );
}

#[test]
fn missing_relative_module() {
    let error = error_fixture("error-missing-module");
    assert!(
        error.starts_with(
            "tests/fixtures/error-missing-module/index.js:2:25: cannot resolve './lib/absent'\n"
        ),
        "{error}"
    );
    assert!(error.contains("\n    tests/fixtures/error-missing-module/lib/absent.js\n"));
}

#[test]
fn missing_package() {
    // Node looks in every parent folder up to the file system root, so only the start of the
    // message is independent of where the repository is checked out.
    let error = match bundle_app("error-missing-package") {
        Ok(_) => panic!("error-missing-package bundled"),
        Err(e) => e.to_string(),
    };
    let expected = "\
tests/fixtures/error-missing-package/index.mjs:1:21: cannot resolve 'left-pad'
 1 | import leftPad from \"left-pad\";
   |                     ^
  looked for:
    tests/fixtures/error-missing-package/node_modules/left-pad
    tests/fixtures/node_modules/left-pad
    tests/node_modules/left-pad
";
    assert!(error.starts_with(expected), "{error}");
}

#[test]
fn a_builtin_edgebox_lacks_is_a_warning_and_throws_when_required() {
    let bundle = bundle_app("warn-builtin").unwrap();
    let warnings: Vec<String> = bundle.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        ["tests/fixtures/warn-builtin/lib/files.js:4:21: Node.js built-in module 'node:worker_threads' is not provided by EdgeBox: loading it throws ERR_UNKNOWN_BUILTIN_MODULE at run time
 4 |   threads = require(\"node:worker_threads\") && \"available\";
   |                     ^"]
    );
    assert_eq!(
        run_as_script(&bundle.code),
        "{\n  threads: 'ERR_UNKNOWN_BUILTIN_MODULE: No such built-in module: node:worker_threads'\n}\n"
    );
}

#[test]
fn a_require_inside_try_that_does_not_resolve_throws_when_it_runs() {
    let bundle = run_fixture("optional-require", &[]);
    let warnings: Vec<String> = bundle.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "tests/fixtures/optional-require/index.js:5:21: cannot resolve 'encoding-not-installed' (required inside a try block): that require throws MODULE_NOT_FOUND at run time
 5 |   convert = require(\"encoding-not-installed\").convert;
   |                     ^",
            "tests/fixtures/optional-require/index.js:13:20: cannot resolve './lib/absent-plugin' (required inside a try block): that require throws MODULE_NOT_FOUND at run time
 13 |     return require(\"./lib/absent-plugin\");
    |                    ^"
        ]
    );
}

#[test]
fn a_require_in_a_function_defined_inside_try_must_resolve() {
    let error = error_fixture("error-missing-in-closure");
    assert!(
        error.starts_with(
            "tests/fixtures/error-missing-in-closure/index.js:4:34: cannot resolve './absent'"
        ),
        "{error}"
    );
}

#[test]
fn top_level_await() {
    run_fixture("top-level-await", &[]);
}

#[test]
fn require_resolve() {
    run_fixture("require-resolve", &[]);
}

#[test]
fn import_meta_and_filename() {
    run_fixture("import-meta", &[]);
}

#[test]
fn invalid_json_module() {
    error_fixture("error-json");
}

#[test]
fn subpath_hidden_by_exports() {
    error_fixture("error-not-exported");
}
