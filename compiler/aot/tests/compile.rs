//! Compiles real wasm, built at test time by clang-19 for wasm32-wasi, with WAMR's compiler.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::thread;

use edgebox_aot::{bounds_checks_of, compile, AotError, BoundsChecks, Functions, Options, Stage};

const HELLO_C: &str = r#"
#include <stdio.h>
int main(void) {
    printf("hello from edgebox\n");
    return 0;
}
"#;

/// Loops, calls and memory traffic, so that optimization levels make a difference.
const WORK_C: &str = r#"
#include <stdio.h>
#include <stdlib.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20;
    unsigned *table = malloc(sizeof(unsigned) * 1024);
    unsigned sum = 0;
    for (int i = 0; i < 1024; i++) table[i] = (unsigned)(i * 2654435761u);
    for (int round = 0; round < n; round++)
        for (int i = 0; i < 1024; i++) sum += table[(i * 7 + round) & 1023] >> (round & 7);
    printf("%d %u\n", fib(n), sum);
    free(table);
    return 0;
}
"#;

/// Calls a host function the compiler knows nothing about (the runtime provides it).
const HOST_IMPORT_C: &str = r#"
#include <stdio.h>
__attribute__((import_module("edgebox"), import_name("now_ms")))
extern long long now_ms(void);
int main(void) {
    printf("%lld\n", now_ms());
    return 0;
}
"#;

const SIMD_C: &str = r#"
#include <stdio.h>
#include <wasm_simd128.h>
int data[8];
int main(int argc, char **argv) {
    for (int i = 0; i < 8; i++) data[i] = argc + i;
    v128_t a = wasm_v128_load(&data[0]);
    v128_t b = wasm_v128_load(&data[4]);
    wasm_v128_store(&data[0], wasm_i32x4_mul(a, b));
    printf("%d\n", data[argc & 3]);
    return 0;
}
"#;

/// Builds `source` with `clang-19 --target=wasm32-wasi -O2` (plus `extra` flags).
fn wasm_from_c(source: &str, extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("input.c");
    let wasm = dir.path().join("input.wasm");
    std::fs::write(&c, source).unwrap();
    let output = Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-O2"])
        .args(extra)
        .arg(&c)
        .arg("-o")
        .arg(&wasm)
        .output()
        .unwrap_or_else(|e| panic!("cannot run clang-19 (scripts/setup.sh installs it): {e}"));
    assert!(
        output.status.success(),
        "clang-19 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read(&wasm)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn hello() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| wasm_from_c(HELLO_C, &[]))
}

fn work() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| wasm_from_c(WORK_C, &[]))
}

/// The error `compile` returns; fails the test (without dumping the image) if it succeeds.
fn compile_err(wasm: &[u8], options: &Options) -> AotError {
    match compile(wasm, options) {
        Ok(aot) => panic!("expected an error, got a {}-byte .aot", aot.len()),
        Err(err) => err,
    }
}

fn with_mode(bounds_checks: BoundsChecks) -> Options {
    Options {
        bounds_checks,
        ..Options::default()
    }
}

#[test]
fn defaults_are_opt_3_size_3_hardware_portable_cpu_every_function() {
    assert_eq!(
        Options::default(),
        Options {
            opt_level: 3,
            size_level: 3,
            bounds_checks: BoundsChecks::Hardware,
            target_cpu: edgebox_aot::TargetCpu::Level("x86-64-v2".into()),
            functions: Functions::All,
            custom_sections: Vec::new(),
        }
    );
}

#[test]
fn a_function_range_compiles_only_those_functions() {
    let defined = edgebox_aot::defined_functions(work()).unwrap();
    assert!(defined > 4, "{defined}");
    let whole = compile(work(), &Options::default()).unwrap();
    let part = compile(
        work(),
        &Options {
            functions: Functions::Range(defined - 2..defined),
            ..Options::default()
        },
    )
    .unwrap();
    let whole = edgebox_aot_file::AotFile::parse(&whole).unwrap();
    let part = edgebox_aot_file::AotFile::parse(&part).unwrap();
    assert_eq!(part.init_data.func_count, defined);
    assert!(
        part.text.len() < whole.text.len() / 2,
        "{} of {}",
        part.text.len(),
        whole.text.len()
    );
    // Declared functions have no code here; their calls are relocations by name.
    assert!(part.function_offsets[..defined as usize - 2]
        .iter()
        .all(|&o| o == 0));
    assert_eq!(part.init_data.module, whole.init_data.module);
    assert_eq!(part.exports, whole.exports);
}

#[test]
fn every_aot_records_the_functions_it_has_code_for() {
    let defined = edgebox_aot::defined_functions(work()).unwrap();
    let record = |functions| {
        let aot = compile(
            work(),
            &Options {
                functions,
                ..Options::default()
            },
        )
        .unwrap();
        let file = edgebox_aot_file::AotFile::parse(&aot).unwrap();
        String::from_utf8(
            file.raw_custom_section(edgebox_aot_file::FUNCTIONS_SECTION)
                .unwrap()
                .to_vec(),
        )
        .unwrap()
    };
    assert_eq!(record(Functions::All), format!("0..{defined}"));
    assert_eq!(
        record(Functions::Range(2..defined)),
        format!("2..{defined}")
    );
}

#[test]
fn a_function_range_needs_hardware_bounds_checks() {
    let error = compile_err(
        work(),
        &Options {
            functions: Functions::Range(0..1),
            bounds_checks: BoundsChecks::Software,
            ..Options::default()
        },
    );
    assert!(
        matches!(error, AotError::RangeNeedsHardwareChecks),
        "{error}"
    );
}

#[test]
fn a_function_range_beyond_the_module_is_refused() {
    let defined = edgebox_aot::defined_functions(work()).unwrap();
    let error = compile_err(
        work(),
        &Options {
            functions: Functions::Range(0..defined + 1),
            ..Options::default()
        },
    );
    assert!(
        matches!(error, AotError::FunctionRange { end, defined: d, .. } if end == defined + 1 && d == defined),
        "{error}"
    );
}

#[test]
fn requested_custom_sections_are_copied() {
    let mut wasm = work().to_vec();
    let mut section = wasm_encoder::Module::new();
    section.section(&wasm_encoder::CustomSection {
        name: "edgebox.test".into(),
        data: b"payload".as_slice().into(),
    });
    wasm.extend_from_slice(&section.finish()[8..]);
    let kept = compile(
        &wasm,
        &Options {
            custom_sections: vec!["edgebox.test".into(), "absent".into()],
            ..Options::default()
        },
    )
    .unwrap();
    let file = edgebox_aot_file::AotFile::parse(&kept).unwrap();
    assert_eq!(
        file.raw_custom_section("edgebox.test"),
        Some(&b"payload"[..])
    );
    assert_eq!(bounds_checks_of(&kept), Some(BoundsChecks::Hardware));
    let dropped = compile(&wasm, &Options::default()).unwrap();
    let file = edgebox_aot_file::AotFile::parse(&dropped).unwrap();
    assert_eq!(file.raw_custom_section("edgebox.test"), None);
}

#[test]
fn parsing_and_writing_an_aot_gives_the_same_bytes() {
    for wasm in [hello(), work()] {
        let aot = compile(wasm, &Options::default()).unwrap();
        let file = edgebox_aot_file::AotFile::parse(&aot).unwrap();
        assert!(file.to_bytes() == aot, "a round trip changed the file");
    }
}

#[test]
fn hello_compiles_to_an_aot_image_marked_hw() {
    let aot = compile(hello(), &Options::default()).unwrap();
    assert!(aot.starts_with(b"\0aot"), "{:?}", &aot[..8.min(aot.len())]);
    assert_eq!(u32::from_le_bytes(aot[4..8].try_into().unwrap()), 6);
    assert_eq!(bounds_checks_of(&aot), Some(BoundsChecks::Hardware));
}

#[test]
fn software_bounds_checks_are_marked_sw_and_change_the_code() {
    let hw = compile(work(), &with_mode(BoundsChecks::Hardware)).unwrap();
    let sw = compile(work(), &with_mode(BoundsChecks::Software)).unwrap();
    assert!(sw.starts_with(b"\0aot"));
    assert_eq!(bounds_checks_of(&hw), Some(BoundsChecks::Hardware));
    assert_eq!(bounds_checks_of(&sw), Some(BoundsChecks::Software));
    // Explicit checks on every access make the code larger.
    assert!(
        sw.len() > hw.len(),
        "sw {} bytes, hw {} bytes",
        sw.len(),
        hw.len()
    );
}

#[test]
fn software_mode_leaves_no_stack_usage_file_in_the_current_folder() {
    let before = stack_usage_files();
    compile(hello(), &with_mode(BoundsChecks::Software)).unwrap();
    assert_eq!(stack_usage_files(), before);
}

fn stack_usage_files() -> Vec<String> {
    std::fs::read_dir(".")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("wamrc-su"))
        .collect()
}

#[test]
fn every_opt_level_compiles_and_levels_differ() {
    let mut images = Vec::new();
    for opt_level in 0..=3 {
        let options = Options {
            opt_level,
            ..Options::default()
        };
        let aot = compile(work(), &options).unwrap();
        assert_eq!(bounds_checks_of(&aot), Some(BoundsChecks::Hardware));
        images.push(aot);
    }
    assert_ne!(images[0], images[3], "opt level 0 and 3 gave the same code");
}

#[test]
fn every_size_level_compiles() {
    for size_level in 0..=3 {
        let options = Options {
            size_level,
            ..Options::default()
        };
        let aot = compile(hello(), &options).unwrap();
        assert!(aot.starts_with(b"\0aot"), "size level {size_level}");
    }
}

#[test]
fn out_of_range_options_are_refused() {
    let options = Options {
        opt_level: 4,
        ..Options::default()
    };
    let err = compile_err(hello(), &options);
    assert!(
        matches!(
            err,
            AotError::InvalidOption {
                name: "opt_level",
                value: 4
            }
        ),
        "{err}"
    );
    let options = Options {
        size_level: 9,
        ..Options::default()
    };
    let err = compile_err(hello(), &options);
    assert!(
        matches!(
            err,
            AotError::InvalidOption {
                name: "size_level",
                value: 9
            }
        ),
        "{err}"
    );
}

#[test]
fn output_is_deterministic() {
    let a = compile(work(), &Options::default()).unwrap();
    let b = compile(work(), &Options::default()).unwrap();
    assert!(a == b, "two compilations of the same module differ");
}

#[test]
fn garbage_is_not_wasm() {
    for input in [&b""[..], b"\0as", b"hello world, not wasm", &[0xff; 64]] {
        let err = compile_err(input, &Options::default());
        assert!(matches!(err, AotError::NotWasm(_)), "{input:?}: {err}");
        assert!(err.to_string().contains("magic number"), "{err}");
    }
}

#[test]
fn an_aot_file_is_not_wasm() {
    let aot = compile(hello(), &Options::default()).unwrap();
    let err = compile_err(&aot, &Options::default());
    assert!(
        err.to_string().contains("already a WAMR .aot file"),
        "{err}"
    );
}

#[test]
fn wrong_wasm_version_is_refused() {
    let err = compile_err(b"\0asm\x02\0\0\0", &Options::default());
    assert!(err.to_string().contains("version"), "{err}");
}

#[test]
fn truncated_wasm_gets_wamrs_error_text() {
    let wasm = hello();
    for len in [9, wasm.len() / 3, wasm.len() / 2, wasm.len() - 1] {
        let err = compile_err(&wasm[..len], &Options::default());
        let AotError::InvalidWasm(message) = &err else {
            panic!("{len} bytes: expected InvalidWasm, got {err:?}");
        };
        assert!(!message.is_empty(), "{len} bytes: empty message");
        assert!(err
            .to_string()
            .starts_with("WAMR cannot load the wasm module: "));
    }
}

#[test]
fn corrupt_code_gets_wamrs_error_text() {
    // A well-formed module whose single function adds two values it does not have.
    let module: &[u8] = &[
        0, b'a', b's', b'm', 1, 0, 0, 0, // header
        1, 4, 1, 0x60, 0, 0, // type section: () -> ()
        3, 2, 1, 0, // function section: one function of type 0
        10, 5, 1, 3, 0, 0x6a, 0x0b, // code section: body = [i32.add, end]
    ];
    let err = compile_err(module, &Options::default());
    assert!(matches!(err, AotError::InvalidWasm(_)), "{err:?}");
}

#[test]
fn an_existing_marker_in_the_input_is_replaced() {
    let mut wasm = hello().to_vec();
    let name = b"edgebox.bounds_checks";
    wasm.push(0);
    wasm.push((1 + name.len() + 2) as u8);
    wasm.push(name.len() as u8);
    wasm.extend_from_slice(name);
    wasm.extend_from_slice(b"sw");
    let aot = compile(&wasm, &with_mode(BoundsChecks::Hardware)).unwrap();
    assert_eq!(bounds_checks_of(&aot), Some(BoundsChecks::Hardware));
}

#[test]
fn host_imports_need_no_definition_at_compile_time() {
    let wasm = wasm_from_c(HOST_IMPORT_C, &[]);
    let aot = compile(&wasm, &Options::default()).unwrap();
    assert!(aot.starts_with(b"\0aot"));
    let name = b"now_ms";
    assert!(
        aot.windows(name.len()).any(|w| w == name),
        "import name missing from the .aot"
    );
}

#[test]
fn simd_modules_get_a_clear_error() {
    let wasm = wasm_from_c(SIMD_C, &["-msimd128"]);
    let err = compile_err(&wasm, &Options::default());
    let AotError::Compile { stage, message } = &err else {
        panic!("expected a compile error, got {err:?}");
    };
    assert_eq!(*stage, Stage::CreateContext);
    assert!(message.contains("SIMD"), "{message}");
}

#[test]
fn concurrent_calls_are_serialized() {
    let handles: Vec<_> = (0..3)
        .map(|i| {
            thread::spawn(move || {
                let mode = if i % 2 == 0 {
                    BoundsChecks::Hardware
                } else {
                    BoundsChecks::Software
                };
                (mode, compile(hello(), &with_mode(mode)).unwrap())
            })
        })
        .collect();
    for handle in handles {
        let (mode, aot) = handle.join().unwrap();
        assert_eq!(bounds_checks_of(&aot), Some(mode));
    }
}

#[test]
fn bounds_checks_of_garbage_is_none() {
    assert_eq!(bounds_checks_of(b""), None);
    assert_eq!(bounds_checks_of(hello()), None);
    let aot = compile(hello(), &Options::default()).unwrap();
    for len in [4, 8, 100, aot.len() / 2] {
        // Prefixes are not valid images; the marker is the last section.
        assert_eq!(bounds_checks_of(&aot[..len]), None, "{len} bytes");
    }
}
