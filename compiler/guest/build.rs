//! Builds the engine archive for wasm32-wasi with clang-19 from the pinned sources: QuickJS-NG
//! (our patches applied: QuickJS's stack limit restored under WASI) and zlib (as released, for
//! node:zlib). Cargo caches the result, so the ~30 s compile happens once, not once per app.

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

/// zlib's library sources (libz-sys's list without the gz* file functions, which node:zlib does
/// not use).
const ZLIB_SOURCES: &[&str] = &[
    "deflate.c",
    "inflate.c",
    "trees.c",
    "inftrees.c",
    "inffast.c",
    "crc32.c",
    "adler32.c",
    "zutil.c",
    "compress.c",
    "uncompr.c",
    "infback.c",
];

include!("src/cflags.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/cflags.rs");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let src = edgebox_vendor::prepare(Component::QuickJs, &out.join("sources"))
        .unwrap_or_else(|e| panic!("edgebox-guest: {e}"));
    let zlib = edgebox_vendor::prepare(Component::Zlib, &out.join("sources"))
        .unwrap_or_else(|e| panic!("edgebox-guest: {e}"));
    let objects = out.join("objects");
    fs::create_dir_all(objects.join("zlib")).unwrap();
    let sources: Vec<(PathBuf, PathBuf)> = SOURCES
        .iter()
        .map(|f| (src.join(f), objects.join(f.replace(".c", ".o"))))
        .chain(ZLIB_SOURCES.iter().map(|f| {
            (
                zlib.join(f),
                objects.join("zlib").join(f.replace(".c", ".o")),
            )
        }))
        .collect();

    let jobs: usize = env::var("NUM_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2)
        .max(1);
    let chunks: Vec<Vec<&(PathBuf, PathBuf)>> = (0..jobs)
        .map(|j| sources.iter().skip(j).step_by(jobs).collect())
        .collect();
    let built: Vec<PathBuf> = thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(|| {
                    chunk
                        .iter()
                        .map(|(source, object)| compile(source, object))
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
    for header in ["zlib.h", "zconf.h"] {
        fs::copy(zlib.join(header), include.join(header)).unwrap();
    }
    fs::write(
        out.join("quickjs_api.rs"),
        quickjs_api_table(&fs::read_to_string(src.join("quickjs.h")).unwrap()),
    )
    .unwrap();
    println!(
        "cargo:rustc-env=EDGEBOX_GUEST_ARCHIVE={}",
        archive.display()
    );
    println!(
        "cargo:rustc-env=EDGEBOX_GUEST_INCLUDE={}",
        include.display()
    );
}

fn compile(source: &Path, object: &Path) -> PathBuf {
    run(
        Command::new("clang-19")
            .args(CFLAGS)
            .arg("-w")
            .arg("-c")
            .arg(source)
            .arg("-o")
            .arg(object),
        "clang-19",
    );
    object.to_path_buf()
}

fn run(cmd: &mut Command, tool: &str) {
    let status = cmd.status().unwrap_or_else(|e| {
        panic!(
            "edgebox-guest: cannot run {tool} ({e}); install the toolchain with scripts/setup.sh"
        )
    });
    assert!(status.success(), "edgebox-guest: {tool} failed: {cmd:?}");
}

/// The functions the patched `quickjs.h` declares `JS_EXTERN`, as a Rust table: the engine
/// exports them, so that an app's frozen code can call any of them.
fn quickjs_api_table(header: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = header;
    while let Some(at) = rest.find("\nJS_EXTERN ") {
        rest = &rest[at + 1..];
        let declaration = &rest[..rest.find(';').unwrap_or(rest.len())];
        if let Some(paren) = declaration.find('(') {
            let name = declaration[..paren]
                .trim_end()
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    assert!(
        names.contains(&"JS_FrozenOp") && names.contains(&"JS_NewRuntime"),
        "edgebox-guest: the JS_EXTERN scan of quickjs.h found {} functions, not the API",
        names.len()
    );
    let mut table = String::from(
        "/// Functions the pinned, patched quickjs.h declares `JS_EXTERN` (generated by build.rs).\n\
         pub const QUICKJS_API: &[&str] = &[\n",
    );
    for name in names {
        table.push_str(&format!("    \"{name}\",\n"));
    }
    table.push_str("];\n");
    table
}
