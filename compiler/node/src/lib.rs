//! EdgeBox's Node.js layer: Node's built-in modules written in JavaScript (lib/, CommonJS, run
//! inside the guest), embedded here so that the bundler can include the ones an app reaches, and
//! the table of Node's globals with the module that provides each.
//!
//! Module names are Node's (`path`, `fs/promises`); `internal/...` modules are shared code that
//! only the Node layer itself may require (as `node:internal/...`).

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// Node.js's built-in modules (`require('module').builtinModules` of Node 20). Any `node:`
/// specifier names a built-in too.
const NODE_BUILTINS: &[&str] = &[
    "_http_agent",
    "_http_client",
    "_http_common",
    "_http_incoming",
    "_http_outgoing",
    "_http_server",
    "_stream_duplex",
    "_stream_passthrough",
    "_stream_readable",
    "_stream_transform",
    "_stream_wrap",
    "_stream_writable",
    "_tls_common",
    "_tls_wrap",
    "assert",
    "assert/strict",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "dns/promises",
    "domain",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "inspector/promises",
    "module",
    "net",
    "os",
    "path",
    "path/posix",
    "path/win32",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "readline/promises",
    "repl",
    "stream",
    "stream/consumers",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "util/types",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// What a built-in specifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// A module EdgeBox provides, by its name (without `node:`).
    Provided(&'static str),
    /// A Node built-in EdgeBox does not provide: requiring it throws `ERR_UNKNOWN_BUILTIN_MODULE`
    /// at run time.
    Unsupported,
}

/// Whether `specifier`, written in an app's module, names a Node built-in, and which. `None`:
/// not a built-in (a file or a package).
pub fn lookup(specifier: &str) -> Option<Builtin> {
    let (name, prefixed) = match specifier.strip_prefix("node:") {
        Some(name) => (name, true),
        None => (specifier, false),
    };
    if !prefixed && !NODE_BUILTINS.contains(&name) {
        return None;
    }
    Some(match provided(name) {
        Some(name) if !is_internal(name) => Builtin::Provided(name),
        _ => Builtin::Unsupported,
    })
}

/// The module `name` of the Node layer (internal ones included), by its canonical name.
pub fn provided(name: &str) -> Option<&'static str> {
    SOURCES
        .binary_search_by_key(&name, |&(n, _)| n)
        .ok()
        .map(|i| SOURCES[i].0)
}

/// The source of the Node layer's module `name`.
pub fn source(name: &str) -> Option<&'static str> {
    SOURCES
        .binary_search_by_key(&name, |&(n, _)| n)
        .ok()
        .map(|i| SOURCES[i].1)
}

/// Whether `name` is shared code of the Node layer rather than a module apps may require.
pub fn is_internal(name: &str) -> bool {
    name.starts_with("internal/")
}

/// Every module name of the Node layer, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|&(name, _)| name)
}

/// The module every bundle includes: the event loop (nextTick queue, microtasks, timers,
/// immediates, unhandled rejections, exit), which runs the app's entry.
pub const LOOP_MODULE: &str = "internal/loop";

/// The module a bundle includes when its entry has a default export: the fetch handler's side
/// of edgeboxd (the request as a `Request`, the `Response` sent back).
pub const SERVE_MODULE: &str = "internal/serve";

/// Modules that a bundle loads before the app, when its program is evaluated: in the build-time
/// snapshot, so that their set-up costs nothing at run time (when a bundle includes them). Such
/// a module must not read anything of the run (clock, arguments, environment, files) when it
/// loads; it binds those in the event loop's `start` hook.
pub const PRELOAD: &[&str] = &[
    "internal/errors",
    "internal/validators",
    "internal/inspect",
    "internal/loop",
    "events",
    "process",
    "console",
    "timers",
    "timers/promises",
    "path",
    "path/posix",
    "util",
    "util/types",
    "internal/comparisons",
    "assert",
    "assert/strict",
    "buffer",
    "string_decoder",
    "stream",
    "stream/promises",
    "internal/fs/errors",
    "internal/fs/utils",
    "fs",
    "fs/promises",
    "internal/fs/streams",
    "internal/encoding",
    "querystring",
    "internal/url",
    "url",
    "os",
    "internal/structured_clone",
    "internal/domexception",
    "internal/event_target",
    "internal/abort_controller",
    "internal/base64",
    "internal/microtask",
    "internal/crypto/random",
    "internal/crypto/webcrypto",
    "internal/crypto/lazy_transform",
    "internal/crypto/hash",
    "internal/crypto/pbkdf2",
    "internal/crypto/random_bytes",
    "crypto",
    "perf_hooks",
    "readline",
    "readline/promises",
    "child_process",
    "internal/webstreams/util",
    "internal/webstreams/queuingstrategies",
    "internal/webstreams/readable_ops",
    "internal/webstreams/default_controller",
    "internal/webstreams/byte_controller",
    "internal/webstreams/readers",
    "internal/webstreams/writablestream",
    "internal/webstreams/pipe",
    "internal/webstreams/readablestream",
    "internal/webstreams/tee",
    "internal/webstreams/transformstream",
    "internal/webstreams/encoding",
    "stream/web",
    "internal/blob",
    "internal/file",
    "internal/formdata",
    "internal/no_sockets",
    "net",
    "dns",
    "tls",
    "http2",
];

/// A global of Node that the Node layer provides: defined lazily, when first read, as the
/// module's `export` (or the module's exports when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Global {
    /// The global's name.
    pub name: &'static str,
    /// The module that provides it.
    pub module: &'static str,
    /// The property of the module's exports, or the exports themselves.
    pub export: Option<&'static str>,
}

const fn global(name: &'static str, module: &'static str, export: Option<&'static str>) -> Global {
    Global {
        name,
        module,
        export,
    }
}

/// Node's globals that the Node layer provides, sorted by name. A bundle defines those its
/// modules refer to (as free identifiers).
pub const GLOBALS: &[Global] = &[
    global(
        "AbortController",
        "internal/abort_controller",
        Some("AbortController"),
    ),
    global(
        "AbortSignal",
        "internal/abort_controller",
        Some("AbortSignal"),
    ),
    global("Blob", "internal/blob", Some("Blob")),
    global("Buffer", "buffer", Some("Buffer")),
    global(
        "ByteLengthQueuingStrategy",
        "internal/webstreams/queuingstrategies",
        Some("ByteLengthQueuingStrategy"),
    ),
    global(
        "CountQueuingStrategy",
        "internal/webstreams/queuingstrategies",
        Some("CountQueuingStrategy"),
    ),
    global("Crypto", "internal/crypto/webcrypto", Some("Crypto")),
    global("CustomEvent", "internal/event_target", Some("CustomEvent")),
    global(
        "DOMException",
        "internal/domexception",
        Some("DOMException"),
    ),
    global("Event", "internal/event_target", Some("Event")),
    global("EventTarget", "internal/event_target", Some("EventTarget")),
    global("File", "internal/file", Some("File")),
    global("FormData", "internal/formdata", Some("FormData")),
    global("Headers", "internal/fetch/headers", Some("Headers")),
    global("PerformanceEntry", "perf_hooks", Some("PerformanceEntry")),
    global("PerformanceMark", "perf_hooks", Some("PerformanceMark")),
    global(
        "PerformanceMeasure",
        "perf_hooks",
        Some("PerformanceMeasure"),
    ),
    global(
        "ReadableByteStreamController",
        "internal/webstreams/byte_controller",
        Some("ReadableByteStreamController"),
    ),
    global(
        "ReadableStream",
        "internal/webstreams/readablestream",
        Some("ReadableStream"),
    ),
    global(
        "ReadableStreamBYOBReader",
        "internal/webstreams/readers",
        Some("ReadableStreamBYOBReader"),
    ),
    global(
        "ReadableStreamBYOBRequest",
        "internal/webstreams/byte_controller",
        Some("ReadableStreamBYOBRequest"),
    ),
    global(
        "ReadableStreamDefaultController",
        "internal/webstreams/default_controller",
        Some("ReadableStreamDefaultController"),
    ),
    global(
        "ReadableStreamDefaultReader",
        "internal/webstreams/readers",
        Some("ReadableStreamDefaultReader"),
    ),
    global("Request", "internal/fetch/request", Some("Request")),
    global("Response", "internal/fetch/response", Some("Response")),
    global("TextDecoder", "internal/encoding", Some("TextDecoder")),
    global(
        "TextDecoderStream",
        "internal/webstreams/encoding",
        Some("TextDecoderStream"),
    ),
    global("TextEncoder", "internal/encoding", Some("TextEncoder")),
    global(
        "TextEncoderStream",
        "internal/webstreams/encoding",
        Some("TextEncoderStream"),
    ),
    global(
        "TransformStream",
        "internal/webstreams/transformstream",
        Some("TransformStream"),
    ),
    global(
        "TransformStreamDefaultController",
        "internal/webstreams/transformstream",
        Some("TransformStreamDefaultController"),
    ),
    global("URL", "internal/url", Some("URL")),
    global("URLSearchParams", "internal/url", Some("URLSearchParams")),
    global(
        "WritableStream",
        "internal/webstreams/writablestream",
        Some("WritableStream"),
    ),
    global(
        "WritableStreamDefaultController",
        "internal/webstreams/writablestream",
        Some("WritableStreamDefaultController"),
    ),
    global(
        "WritableStreamDefaultWriter",
        "internal/webstreams/writablestream",
        Some("WritableStreamDefaultWriter"),
    ),
    global("atob", "internal/base64", Some("atob")),
    global("btoa", "internal/base64", Some("btoa")),
    global("clearImmediate", "timers", Some("clearImmediate")),
    global("clearInterval", "timers", Some("clearInterval")),
    global("clearTimeout", "timers", Some("clearTimeout")),
    global("console", "console", None),
    global("crypto", "internal/crypto/webcrypto", Some("crypto")),
    global("fetch", "internal/fetch/fetch", Some("fetch")),
    global("global", "internal/global", None),
    global("performance", "perf_hooks", Some("performance")),
    global("process", "process", None),
    global(
        "queueMicrotask",
        "internal/microtask",
        Some("queueMicrotask"),
    ),
    global("setImmediate", "timers", Some("setImmediate")),
    global("setInterval", "timers", Some("setInterval")),
    global("setTimeout", "timers", Some("setTimeout")),
    global(
        "structuredClone",
        "internal/structured_clone",
        Some("structuredClone"),
    ),
];

/// The global called `name`, if the Node layer provides it.
pub fn global_named(name: &str) -> Option<&'static Global> {
    GLOBALS.iter().find(|g| g.name == name)
}

/// Modules that the Node layer loads on demand by a name the bundler does not follow, and the
/// word (an identifier or a property name in an app's code) that brings each into a bundle:
/// `process.stdin`, `const { stdin } = process`, `import { stdin } from "node:process"` and
/// `process.openStdin()` need the stdin streams (node:internal/stdin, with the stream and fs
/// modules), which every other app does without; `require("buffer").Blob` and `.File` need
/// node:internal/blob and node:internal/file (with the web streams of `blob.stream()`).
pub const NAMED_MODULES: &[(&str, &str)] = &[
    ("Blob", "internal/blob"),
    ("File", "internal/file"),
    ("openStdin", "internal/stdin"),
    ("stdin", "internal/stdin"),
];

/// The module that an app naming `word` needs in its bundle, if any (see [`NAMED_MODULES`]).
pub fn module_named_by(word: &str) -> Option<&'static str> {
    NAMED_MODULES
        .iter()
        .find(|&&(w, _)| w == word)
        .map(|&(_, module)| module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_builtins_with_and_without_prefix() {
        assert_eq!(lookup("events"), Some(Builtin::Provided("events")));
        assert_eq!(lookup("node:events"), Some(Builtin::Provided("events")));
        assert_eq!(
            lookup("node:child_process"),
            Some(Builtin::Provided("child_process"))
        );
        assert_eq!(lookup("worker_threads"), Some(Builtin::Unsupported));
        assert_eq!(
            lookup("dns/promises"),
            Some(Builtin::Provided("dns/promises"))
        );
        assert_eq!(lookup("node:anything"), Some(Builtin::Unsupported));
        assert_eq!(lookup("node:internal/errors"), Some(Builtin::Unsupported));
        assert_eq!(lookup("internal/errors"), None);
        assert_eq!(lookup("fs-extra"), None);
        assert_eq!(lookup("util/"), None);
    }

    #[test]
    fn process_versions_edgebox_is_this_crates_version() {
        let line = format!("const EDGEBOX_VERSION = \"{}\";", env!("CARGO_PKG_VERSION"));
        assert!(source("process").unwrap().contains(&line), "{line}");
    }

    #[test]
    fn every_global_comes_from_an_embedded_module() {
        for g in GLOBALS {
            assert!(
                source(g.module).is_some(),
                "{}: no module {}",
                g.name,
                g.module
            );
        }
        assert!(GLOBALS.windows(2).all(|w| w[0].name < w[1].name), "sorted");
        assert!(source(LOOP_MODULE).is_some());
        assert!(source(SERVE_MODULE).is_some());
        for name in PRELOAD {
            assert!(source(name).is_some(), "preloaded {name} is not a module");
        }
        for (word, module) in NAMED_MODULES {
            assert!(source(module).is_some(), "{word}: no module {module}");
        }
    }
}
