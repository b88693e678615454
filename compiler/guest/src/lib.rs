//! What goes inside every EdgeBox module besides the app: the engine archive for wasm32-wasi
//! (QuickJS-NG and zlib, built by build.rs from the pinned, patched sources and embedded here, so
//! `edgeboxc` is self-contained), our C glue (`c/glue.c`: runtime set-up, console, process,
//! performance, error reporting) and the seam between the engine module and an app
//! (`c/edgebox_app.h`, [`QUICKJS_API`], [`LIBC_API`]).

use std::io;
use std::path::{Path, PathBuf};

/// The engine archive (`libquickjs.a` for wasm32-wasi): QuickJS-NG and zlib.
pub const ENGINE_ARCHIVE: &[u8] = include_bytes!(env!("EDGEBOX_GUEST_ARCHIVE"));
/// `quickjs.h` of the pinned engine (compiled glue and generated C include it).
pub const QUICKJS_H: &str = include_str!(concat!(env!("EDGEBOX_GUEST_INCLUDE"), "/quickjs.h"));
/// `quickjs-libc.h` of the pinned engine.
pub const QUICKJS_LIBC_H: &str =
    include_str!(concat!(env!("EDGEBOX_GUEST_INCLUDE"), "/quickjs-libc.h"));
/// The headers of the pinned zlib, whose code the engine archive holds (`node_zlib.c` includes
/// them).
pub const ZLIB_HEADERS: &[(&str, &str)] = &[
    (
        "zlib.h",
        include_str!(concat!(env!("EDGEBOX_GUEST_INCLUDE"), "/zlib.h")),
    ),
    (
        "zconf.h",
        include_str!(concat!(env!("EDGEBOX_GUEST_INCLUDE"), "/zconf.h")),
    ),
];
/// Our glue, compiled into the engine module: the module's `main` (`glue.c`) and the native
/// functions of the Node layer, one file per area (`node_*.c`, installed on `__edgebox_native`
/// by glue.c through `edgebox_natives.h`).
pub const GLUE_SOURCES: &[(&str, &str)] = &[
    ("glue.c", include_str!("../c/glue.c")),
    ("node_fs.c", include_str!("../c/node_fs.c")),
    ("node_encoding.c", include_str!("../c/node_encoding.c")),
    ("node_crypto.c", include_str!("../c/node_crypto.c")),
    ("node_zlib.c", include_str!("../c/node_zlib.c")),
    (
        "node_child_process.c",
        include_str!("../c/node_child_process.c"),
    ),
    ("node_net.c", include_str!("../c/node_net.c")),
    ("node_serve.c", include_str!("../c/node_serve.c")),
];
/// The headers glue and app code include besides the engine's: the records through which the
/// engine finds an app (`edgebox_app.h`), the record through which the host controls a run
/// (`edgebox_host_control.h`), the host's functions (`edgebox_host_abi.h`) and the glue's own
/// seam (`edgebox_natives.h`).
pub const HEADERS: &[(&str, &str)] = &[
    ("edgebox_app.h", include_str!("../c/edgebox_app.h")),
    (
        "edgebox_host_control.h",
        include_str!("../c/edgebox_host_control.h"),
    ),
    (
        "edgebox_host_abi.h",
        include_str!("../c/edgebox_host_abi.h"),
    ),
    ("edgebox_natives.h", include_str!("../c/edgebox_natives.h")),
];

include!(concat!(env!("OUT_DIR"), "/quickjs_api.rs"));

/// C library functions the engine exports for app code besides [`QUICKJS_API`]: those clang
/// emits calls to on its own (block copies, `%` on doubles). An app calling anything else the
/// engine does not export fails to link with a message naming the function.
pub const LIBC_API: &[&str] = &["memcpy", "memmove", "memset", "memcmp", "fmod", "fmodf"];

mod cflags;
pub use cflags::CFLAGS;

/// Libraries the engine needs at link time (after the archive).
pub const LINK_LIBS: &[&str] = &[
    "-lwasi-emulated-process-clocks",
    "-lwasi-emulated-signal",
    "-lm",
];

/// The guest kit written to disk: what clang-19 needs to compile and link an app.
#[derive(Debug, Clone)]
pub struct Kit {
    /// Folder holding `quickjs.h`, `quickjs-libc.h`, [`ZLIB_HEADERS`] and [`HEADERS`].
    pub include_dir: PathBuf,
    /// The engine archive.
    pub archive: PathBuf,
    /// [`GLUE_SOURCES`], in that order.
    pub glue: Vec<PathBuf>,
}

/// Writes the kit under `cache_dir` (once per content: the folder name is a hash of it) and
/// returns its paths. Files are written to a temporary folder and renamed into place.
pub fn materialize(cache_dir: &Path) -> io::Result<Kit> {
    let dir = cache_dir.join(format!("guest-{:016x}", fingerprint()));
    let kit = Kit {
        include_dir: dir.join("include"),
        archive: dir.join("libquickjs.a"),
        glue: GLUE_SOURCES
            .iter()
            .map(|(name, _)| dir.join(name))
            .collect(),
    };
    if dir.join(".complete").exists() {
        return Ok(kit);
    }
    std::fs::create_dir_all(cache_dir)?;
    let staging = tempfile::Builder::new()
        .prefix(".guest-")
        .tempdir_in(cache_dir)?;
    let s = staging.path();
    std::fs::create_dir_all(s.join("include"))?;
    std::fs::write(s.join("include/quickjs.h"), QUICKJS_H)?;
    std::fs::write(s.join("include/quickjs-libc.h"), QUICKJS_LIBC_H)?;
    for (name, text) in ZLIB_HEADERS.iter().chain(HEADERS) {
        std::fs::write(s.join("include").join(name), text)?;
    }
    std::fs::write(s.join("libquickjs.a"), ENGINE_ARCHIVE)?;
    for (name, text) in GLUE_SOURCES {
        std::fs::write(s.join(name), text)?;
    }
    std::fs::write(s.join(".complete"), "")?;
    let staged = staging.keep();
    if std::fs::rename(&staged, &dir).is_err() {
        // Another process won the race; its kit is identical.
        std::fs::remove_dir_all(&staged)?;
    }
    Ok(kit)
}

/// FNV-1a over everything in the kit (use it in cache keys of anything built from the kit).
pub fn fingerprint() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let files = ZLIB_HEADERS
        .iter()
        .chain(HEADERS)
        .chain(GLUE_SOURCES)
        .map(|(_, text)| text.as_bytes());
    for part in [
        ENGINE_ARCHIVE,
        QUICKJS_H.as_bytes(),
        QUICKJS_LIBC_H.as_bytes(),
    ]
    .into_iter()
    .chain(files)
    {
        for &b in part.iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
