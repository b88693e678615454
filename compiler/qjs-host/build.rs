//! Compiles QuickJS-NG (pinned registry sources, our patches applied) for the host, with our
//! compile shim, into a static library.

use std::env;
use std::path::PathBuf;

use edgebox_vendor::Component;

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let src = edgebox_vendor::prepare(Component::QuickJs, &out.join("sources"))
        .unwrap_or_else(|e| panic!("edgebox-qjs-host: {e}"));
    println!("cargo:rerun-if-changed=src/compile.c");
    println!("cargo:rerun-if-changed=build.rs");
    cc::Build::new()
        .files(["quickjs.c", "libregexp.c", "libunicode.c", "dtoa.c"].map(|f| src.join(f)))
        .file("src/compile.c")
        .include(&src)
        .std("gnu11")
        .opt_level(2)
        .flag("-funsigned-char")
        .define("_GNU_SOURCE", None)
        .define("QUICKJS_NG_BUILD", None)
        .warnings(false)
        .compile("edgebox_qjs_host");
    println!("cargo:rustc-link-lib=m");
}
