/// Flags every guest C file is compiled with: the engine archive (build.rs, which includes
/// this file) and each app's glue and bytecode (the pipeline's link stage).
pub const CFLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "-O2",
    "-std=gnu11",
    "-funsigned-char",
    "-D_GNU_SOURCE",
    "-DQUICKJS_NG_BUILD",
    "-D_WASI_EMULATED_PROCESS_CLOCKS",
    "-D_WASI_EMULATED_SIGNAL",
];
