//! Builds the QuickJS-NG engine archive for wasm32-wasi with clang-19 from the pinned sources
//! (our patches applied: QuickJS's stack limit restored under WASI). Cargo caches the result, so
//! the ~30 s compile happens once, not once per app.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs, thread};

use edgebox_vendor::Component;

/// Engine sources, biggest first (quickjs.c dominates; the rest compile beside it).
const SOURCES: &[&str] = &[
    "quickjs.c",
    "quickjs-libc.c",
    "libregexp.c",
    "libunicode.c",
    "dtoa.c",
];

include!("src/cflags.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/cflags.rs");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let src = edgebox_vendor::prepare(Component::QuickJs, &out.join("sources"))
        .unwrap_or_else(|e| panic!("edgebox-guest: {e}"));
    let objects = out.join("objects");
    fs::create_dir_all(&objects).unwrap();

    let jobs: usize = env::var("NUM_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2)
        .max(1);
    let chunks: Vec<Vec<&str>> = (0..jobs)
        .map(|j| SOURCES.iter().copied().skip(j).step_by(jobs).collect())
        .collect();
    let built: Vec<PathBuf> = thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(|| {
                    chunk
                        .iter()
                        .map(|f| compile(&src, f, &objects))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    let archive = out.join("libquickjs-wasm32-wasi.a");
    let _ = fs::remove_file(&archive);
    run(
        Command::new("llvm-ar-19")
            .arg("rcs")
            .arg(&archive)
            .args(&built),
        "llvm-ar-19",
    );

    let include = out.join("include");
    fs::create_dir_all(&include).unwrap();
    for header in ["quickjs.h", "quickjs-libc.h"] {
        fs::copy(src.join(header), include.join(header)).unwrap();
    }
    println!(
        "cargo:rustc-env=EDGEBOX_GUEST_ARCHIVE={}",
        archive.display()
    );
    println!(
        "cargo:rustc-env=EDGEBOX_GUEST_INCLUDE={}",
        include.display()
    );
}

fn compile(src: &Path, file: &str, objects: &Path) -> PathBuf {
    let object = objects.join(file.replace(".c", ".o"));
    run(
        Command::new("clang-19")
            .args(CFLAGS)
            .arg("-w")
            .arg("-c")
            .arg(src.join(file))
            .arg("-o")
            .arg(&object),
        "clang-19",
    );
    object
}

fn run(cmd: &mut Command, tool: &str) {
    let status = cmd.status().unwrap_or_else(|e| {
        panic!(
            "edgebox-guest: cannot run {tool} ({e}); install the toolchain with scripts/setup.sh"
        )
    });
    assert!(status.success(), "edgebox-guest: {tool} failed: {cmd:?}");
}
