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

    // QuickJS-NG's own `qjsc` on the same engine, so tests can feed `edgeboxc freeze` real qjsc
    // output. Only qjsc.c and quickjs-libc.c are compiled again; the engine comes from the
    // library above.
    let qjsc = out.join("qjsc");
    let status = cc::Build::new()
        .get_compiler()
        .to_command()
        .args([
            "-O1",
            "-std=gnu11",
            "-funsigned-char",
            "-D_GNU_SOURCE",
            "-DQUICKJS_NG_BUILD",
            "-w",
        ])
        .arg("-I")
        .arg(&src)
        .arg(src.join("qjsc.c"))
        .arg(src.join("quickjs-libc.c"))
        .arg(out.join("libedgebox_qjs_host.a"))
        .args(["-lm", "-lpthread", "-o"])
        .arg(&qjsc)
        .status()
        .unwrap_or_else(|e| panic!("edgebox-qjs-host: cannot run the C compiler for qjsc: {e}"));
    assert!(status.success(), "edgebox-qjs-host: building qjsc failed");
    println!("cargo:rustc-env=EDGEBOX_QJSC={}", qjsc.display());
}
