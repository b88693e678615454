//! Differential tests of the freezer: every program under `fixtures/freeze/` is built frozen
//! and with `--no-freeze`, and run: the frozen build as .wasm, as the default .aot (its frozen
//! functions compiled and linked to the engine's cached code) and as an .aot compiled whole,
//! the interpreted build as .wasm. Every output must be the interpreter's (stdout, stderr, exit
//! code). The frozen build must really have frozen the functions under test.

use std::path::Path;

use edgebox_e2e::{build, build_every_way, edgebox, fixture, text};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
    build_log: String,
}

fn run(artifact: &Path, build_log: String) -> Run {
    let result = edgebox(&[]).arg(artifact).output().expect("run edgebox");
    Run {
        stdout: text(&result.stdout),
        stderr: text(&result.stderr),
        code: result.status.code(),
        build_log,
    }
}

fn build_and_run(program: &Path, out: &Path, extra: &[&str], artifact: &str) -> Run {
    let built = build(program, out, extra);
    run(&out.join(artifact), text(&built.stderr))
}

/// Builds `program` both ways and asserts equal behaviour; returns the frozen build's log.
fn differential(program: &Path) -> String {
    differential_with(program, &[])
}

/// [`differential`], with `frozen_extra` passed to the frozen build only.
fn differential_with(program: &Path, frozen_extra: &[&str]) -> String {
    let stem = program.file_stem().unwrap().to_string_lossy().into_owned();
    let frozen_dir = tempfile::tempdir().unwrap();
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = build_and_run(
        program,
        plain_dir.path(),
        &["--no-aot", "--no-freeze"],
        &format!("{stem}.wasm"),
    );
    assert!(
        plain.build_log.contains("froze 0 of"),
        "--no-freeze froze something:\n{}",
        plain.build_log
    );
    let lines = |s: &str| s.lines().count();
    assert!(
        lines(&plain.stdout) > 5,
        "{}: too little output:\n{}{}",
        stem,
        plain.stdout,
        plain.stderr
    );
    let artifacts = build_every_way(program, &stem, frozen_dir.path(), frozen_extra);
    let log = text(&build(program, frozen_dir.path(), frozen_extra).stderr);
    for (label, artifact) in artifacts.all() {
        let frozen = run(artifact, log.clone());
        if frozen.stdout != plain.stdout {
            let diff = diffy::create_patch(&plain.stdout, &frozen.stdout);
            panic!("{stem} ({label}): frozen output differs from the interpreter's (- interpreted, + frozen):\n{diff}");
        }
        assert_eq!(
            frozen.stderr, plain.stderr,
            "{stem} ({label}): stderr differs"
        );
        assert_eq!(
            frozen.code, plain.code,
            "{stem} ({label}): exit code differs"
        );
    }
    log
}

fn frozen_names(log: &str) -> String {
    log.lines()
        .find(|l| l.trim_start().starts_with("froze "))
        .unwrap_or_else(|| panic!("no freeze line in the build log:\n{log}"))
        .to_string()
}

fn assert_froze(log: &str, names: &[&str]) {
    let line = frozen_names(log);
    for name in names {
        assert!(
            line.contains(&format!(" {name},"))
                || line.contains(&format!(" {name} "))
                || line.ends_with(&format!(" {name}")),
            "{name} was not frozen: {line}"
        );
    }
}

#[test]
fn arithmetic_matches_the_interpreter() {
    let log = differential(&fixture("freeze/arith.js"));
    assert_froze(
        &log,
        &[
            "add", "sub", "mul", "div", "mod", "pow", "bits", "compare", "unary", "incdec",
            "addLoc",
        ],
    );
}

#[test]
fn control_flow_and_calls_match_the_interpreter() {
    let log = differential(&fixture("freeze/control.js"));
    assert_froze(
        &log,
        &[
            "sumTo",
            "collatz",
            "pick",
            "useClosure",
            "tail",
            "callsMethod",
            "nested",
            "typeofAll",
        ],
    );
}

#[test]
fn objects_and_exceptions_match_the_interpreter() {
    let log = differential(&fixture("freeze/objects.js"));
    assert_froze(
        &log,
        &[
            "getX", "setX", "getLen", "elem", "setElem", "make", "sumArray", "fill", "thrower",
            "cat", "inObj",
        ],
    );
}

#[test]
fn native_recursion_and_rebinding_match_the_interpreter() {
    let log = differential(&fixture("freeze/recursion.js"));
    assert_froze(
        &log,
        &[
            "fib (native)",
            "tak (native)",
            "ack (native)",
            "rebound (native)",
        ],
    );
}

#[test]
fn native_recursion_without_unrolling_matches_the_interpreter() {
    let log = differential_with(&fixture("freeze/recursion.js"), &["--no-unroll"]);
    assert_froze(&log, &["fib (native)", "tak (native)", "ack (native)"]);
}

/// Stack exhaustion is a resource limit, not a value: frozen code may recurse deeper than the
/// interpreter before "Maximum call stack size exceeded", but never less deep (a program that
/// runs interpreted must run frozen).
#[test]
fn frozen_recursion_never_exhausts_the_stack_before_the_interpreter() {
    let program = fixture("freeze/depth.js");
    let depths = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let mut flags = vec!["--no-aot"];
        flags.extend_from_slice(extra);
        let run = build_and_run(&program, dir.path(), &flags, "depth.wasm");
        let numbers: Vec<u64> = run
            .stdout
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert_eq!(numbers.len(), 2, "{}{}", run.stdout, run.stderr);
        (numbers, run.build_log)
    };
    let (frozen, log) = depths(&[]);
    let (interpreted, _) = depths(&["--no-freeze"]);
    assert_froze(&log, &["deep (native)", "deepg"]);
    for (f, i) in frozen.iter().zip(&interpreted) {
        assert!(f >= i, "frozen depth {f} < interpreted depth {i}");
        assert!(*i > 1000, "interpreted depth {i}");
    }
}

/// proptest generates the inputs (ints around the int32 limits, doubles, specials, numeric
/// strings); one program checks them all, frozen vs interpreted.
#[test]
fn property_based_inputs_match_the_interpreter() {
    let mut runner = TestRunner::new(Config {
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        ..Config::default()
    });
    let number = proptest::prop_oneof![
        proptest::num::i32::ANY.prop_map(|v| v.to_string()),
        (-3i64..3).prop_map(|d| (i64::from(i32::MAX) + d).to_string()),
        (-3i64..3).prop_map(|d| (i64::from(i32::MIN) + d).to_string()),
        proptest::num::f64::ANY.prop_map(|v| {
            if v.is_nan() {
                "NaN".into()
            } else if v.is_infinite() {
                if v > 0.0 {
                    "Infinity".into()
                } else {
                    "-Infinity".into()
                }
            } else if v == 0.0 && v.is_sign_negative() {
                "-0".into()
            } else {
                format!("{v:e}")
            }
        }),
        proptest::num::i32::ANY.prop_map(|v| format!("\"{v}\"")),
        (0i64..60).prop_map(|e| format!("2 ** {e}")),
    ];
    let mut values = Vec::new();
    for _ in 0..120 {
        values.push(number.new_tree(&mut runner).unwrap().current());
    }
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("props.js");
    std::fs::copy(fixture("freeze/harness.js"), dir.path().join("harness.js")).unwrap();
    std::fs::write(
        &program,
        format!(
            "import {{ check, pairs }} from './harness.js';\n\
             function arith(a, b) {{ const s = a + b; const d = a - b; const m = a * b; return [s, d, m, a / b, a % b, a < b, a === b]; }}\n\
             function bits(a, b) {{ const x = a & b; return [x, a | b, a ^ b, a << b, a >> b, a >>> b]; }}\n\
             function fib(n) {{ return n < 2 ? n : fib(n - 1) + fib(n - 2); }}\n\
             const values = [{}];\n\
             const small = values.slice(0, 30);\n\
             check('arith', arith, pairs(small));\n\
             check('bits', bits, pairs(small));\n\
             check('fib', fib, values.map((v) => [typeof v === 'number' && Math.abs(v) > 22 ? v % 22 : v]));\n",
            values.join(", ")
        ),
    )
    .unwrap();
    let log = differential(&program);
    assert_froze(&log, &["arith", "bits", "fib (native)"]);
}
