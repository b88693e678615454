//! Builds WAMR's AOT compiler from the pinned, patched WAMR sources, plus our driver
//! (src/driver.c), into one static library with CMake (CMakeLists.txt), hides every symbol but
//! the driver's entry points, and links it against the system's shared LLVM 19 found through
//! `llvm-config-19` (or `$LLVM_CONFIG`).

use std::env;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

use edgebox_vendor::Component;

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    for file in ["build.rs", "CMakeLists.txt", "src/driver.c", "src/driver.h"] {
        println!("cargo:rerun-if-changed={file}");
    }
    println!("cargo:rerun-if-env-changed=LLVM_CONFIG");

    let wamr = edgebox_vendor::prepare(Component::Wamr, &out_dir)
        .unwrap_or_else(|e| fail(&format!("cannot prepare the WAMR sources: {e}")));

    let llvm = LlvmConfig::find();
    let version = llvm.query("--version");
    if !version.starts_with("19.") {
        fail(&format!(
            "{} reports LLVM {version}; WAMR's compiler is built against LLVM 19 \
             (install llvm-19-dev, see scripts/setup.sh, or point LLVM_CONFIG at LLVM 19's llvm-config)",
            llvm.program
        ));
    }

    let dst = cmake::Config::new(&manifest_dir)
        .define("WAMR_ROOT", &wamr)
        .define("LLVM_DIR", llvm.query("--cmakedir"))
        .profile("Release")
        // Our CMakeLists.txt sets every flag; cc's defaults would add -g and the profile's -O.
        .no_default_flags(true)
        .build_target("edgebox_wamrc")
        .build();
    let private_dir = out_dir.join("private");
    hide_wamr_symbols(&dst.join("build/libedgebox_wamrc.a"), &private_dir);
    println!("cargo:rustc-link-search=native={}", private_dir.display());
    println!("cargo:rustc-link-lib=static=edgebox_wamrc");
    println!(
        "cargo:rustc-env=EDGEBOX_AOT_SOURCE_HASH={:016x}",
        source_hash()
    );
    println!(
        "cargo:rustc-env=EDGEBOX_AOT_WAMR_BUILD={}+{:016x}",
        Component::Wamr.version(),
        Component::Wamr.fingerprint()
    );
    println!(
        "cargo:rustc-env=EDGEBOX_AOT_STATIC_LIB={}",
        private_dir.join("libedgebox_wamrc.a").display()
    );

    // Debian's LLVM is one shared library (libLLVM-19.so -> libLLVM.so.19.1). Its soname lives in
    // /usr/lib/x86_64-linux-gnu, so the dynamic loader finds it without an rpath.
    println!("cargo:rustc-link-search=native={}", llvm.query("--libdir"));
    for flag in llvm.query("--libs").split_whitespace() {
        match flag.strip_prefix("-l") {
            Some(lib) => println!("cargo:rustc-link-lib=dylib={lib}"),
            None => fail(&format!(
                "unexpected `{} --libs` output: {flag}",
                llvm.program
            )),
        }
    }
    println!("cargo:rustc-link-lib=dylib=stdc++");
}

/// The C functions src/ffi.rs calls: the only global symbols the library keeps.
const EXPORTS: [&str; 2] = ["edgebox_aot_compile", "edgebox_aot_free"];

/// Makes `private_dir/libedgebox_wamrc.a` from `archive`: all its objects linked into one
/// (`ld -r`), then every strong global definition but [`EXPORTS`] made local (`objcopy`). The compiler's
/// copy of WAMR's runtime then cannot clash with the real runtime (about a thousand shared
/// names) when both end up in one binary. References to LLVM, libc and libstdc++ stay undefined.
fn hide_wamr_symbols(archive: &Path, private_dir: &Path) {
    std::fs::create_dir_all(private_dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", private_dir.display())));
    let linked = private_dir.join("edgebox_wamrc_all.o");
    let object = private_dir.join("edgebox_wamrc.o");
    let library = private_dir.join("libedgebox_wamrc.a");
    run(Command::new("ld")
        .arg("-r")
        .arg("-o")
        .arg(&linked)
        .arg("--whole-archive")
        .arg(archive));
    // Localize the strong global definitions only. Weak and unique symbols (C++ inline
    // functions, template instances, their typeinfo) must stay global: the final link merges
    // them with the other copies in the binary (binaryen's, libstdc++'s), and hiding them
    // leaves duplicate code whose unwind tables break C++ exceptions elsewhere in the process.
    let symbols = private_dir.join("localize.txt");
    let nm = Command::new("nm")
        .args(["--defined-only", "--extern-only"])
        .arg(&linked)
        .output()
        .unwrap_or_else(|e| fail(&format!("cannot run nm: {e} (binutils is needed)")));
    if !nm.status.success() {
        fail(&format!("nm {} failed", linked.display()));
    }
    let strong: String = String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace().rev();
            let (name, kind) = (parts.next()?, parts.next()?);
            let strong = matches!(kind, "T" | "D" | "B" | "R" | "G" | "S" | "C");
            (strong && !EXPORTS.contains(&name)).then(|| format!("{name}\n"))
        })
        .collect();
    std::fs::write(&symbols, strong)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", symbols.display())));
    run(Command::new("objcopy")
        .arg(format!("--localize-symbols={}", symbols.display()))
        .arg(&linked)
        .arg(&object));
    // `ar` adds to an existing archive: start from nothing.
    let _ = std::fs::remove_file(&library);
    run(Command::new("ar").arg("crs").arg(&library).arg(&object));
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run {command:?}: {e} (binutils is needed)")));
    if !status.success() {
        fail(&format!("{command:?} failed with {status}"));
    }
}

/// The `llvm-config` program of the LLVM to build against.
struct LlvmConfig {
    program: String,
}

impl LlvmConfig {
    fn find() -> Self {
        let program = env::var("LLVM_CONFIG").unwrap_or_else(|_| "llvm-config-19".to_string());
        LlvmConfig { program }
    }

    fn query(&self, arg: &str) -> String {
        let output = Command::new(&self.program)
            .arg(arg)
            .output()
            .unwrap_or_else(|e| {
                fail(&format!(
                    "cannot run `{} {arg}`: {e} (install llvm-19-dev, see scripts/setup.sh)",
                    self.program
                ))
            });
        if !output.status.success() {
            fail(&format!(
                "`{} {arg}` failed: {}",
                self.program,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if arg.ends_with("dir") && !Path::new(&text).is_dir() {
            fail(&format!(
                "`{} {arg}` names a missing folder: {text}",
                self.program
            ));
        }
        text
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: edgebox-aot: {message}");
    process::exit(1);
}

/// FNV-1a over our compiler sources (driver, CMake build) and the WAMR patch set: part of the
/// identity of every .aot this crate produces (see `edgebox_aot::COMPILER_ID`).
fn source_hash() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in ["CMakeLists.txt", "src/driver.c", "src/driver.h"] {
        feed(&std::fs::read(file).unwrap_or_else(|e| fail(&format!("cannot read {file}: {e}"))));
    }
    feed(&edgebox_vendor::Component::Wamr.fingerprint().to_le_bytes());
    hash
}
