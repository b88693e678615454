//! Builds WAMR's runtime from the pinned sources (patched copy from `edgebox-vendor`) together
//! with our C shim `src/host.c` into one static library, through `CMakeLists.txt`.

use std::env;
use std::path::PathBuf;

use edgebox_vendor::Component;

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let wamr = match edgebox_vendor::prepare(Component::Wamr, &out) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("edgebox-runtime-min: cannot prepare the WAMR sources: {e}");
            std::process::exit(1);
        }
    };

    // The same optimized build for every cargo profile: tests exercise what ships.
    let dst = cmake::Config::new(env!("CARGO_MANIFEST_DIR"))
        .define("WAMR_ROOT_DIR", &wamr)
        .profile("MinSizeRel")
        .build();

    println!(
        "cargo:rustc-env=EDGEBOX_WAMR_VERSION={}",
        Component::Wamr.version()
    );
    // What an .aot's seal must name: the version and our patch set (edgeboxc records the same).
    println!(
        "cargo:rustc-env=EDGEBOX_WAMR_BUILD={}+{:016x}",
        Component::Wamr.version(),
        Component::Wamr.fingerprint()
    );
    println!(
        "cargo:rustc-link-search=native={}",
        dst.join("lib").display()
    );
    println!("cargo:rustc-link-lib=static=edgebox_host");
    println!("cargo:rustc-link-lib=dylib=m");
    // Size budget: fold identical functions (rustc links with lld) and ship edgebox stripped.
    println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
    println!("cargo:rustc-link-arg-bins=-Wl,--strip-all");
    println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    for file in ["CMakeLists.txt", "src/host.c", "src/host.h", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
    }
}
