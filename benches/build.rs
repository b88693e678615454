//! Builds native QuickJS-NG (`qjs`, CMake target `qjs_exe`) from the same pinned registry
//! sources the guest uses, as the "native QuickJS-NG" column of the benchmarks.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let src = edgebox_vendor::prepare(edgebox_vendor::Component::QuickJs, &out.join("sources"))
        .unwrap_or_else(|e| panic!("edgebox-benches: {e}"));
    let dst = cmake::Config::new(&src)
        .profile("Release")
        .build_target("qjs_exe")
        .build();
    let qjs = dst.join("build").join("qjs");
    assert!(qjs.exists(), "CMake did not produce {}", qjs.display());
    println!("cargo:rustc-env=EDGEBOX_BENCH_QJS={}", qjs.display());
}
