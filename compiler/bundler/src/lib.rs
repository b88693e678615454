//! Bundles an app's ES modules and CommonJS files (node_modules included) into one program with
//! swc_core.
//!
//! The output is a single script (no `import`/`export`), ready to be compiled as global code:
//! every module becomes a `function (module, exports, require)` registered under its id (its
//! path relative to the app root), ES modules converted to CommonJS by swc's `common_js` pass,
//! and a small runtime registry evaluates the entry. See README.md for the supported features.

mod annex_b;
mod emit;
mod entry;
mod error;
mod graph;
mod package;
mod positions;
mod resolve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use swc_core::common::{Globals, GLOBALS};

pub use entry::{resolve_entry, Entry};
pub use error::{BundleError, Location, Warning};
pub use positions::{Original, OriginalPositions};

/// One self-contained script made from an app's modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The script. Deterministic: the same files give byte-identical code, with no absolute path
    /// except where a module asks for its own (`__filename`, `__dirname`, `import.meta`).
    pub code: String,
    /// Lines 1 to `app_lines` of `code` hold the app's own modules; the modules of the Node
    /// layer and the bundle's runtime follow them.
    pub app_lines: u32,
    /// Every file included (canonical paths), entry first, in the order they were found.
    pub modules: Vec<PathBuf>,
    /// What a stack trace calls each of the source map's sources that is one of the app's
    /// files, as Node does: a CommonJS file by its absolute path, an ES module by its `file:`
    /// URL. (The others are the Node layer's, named by their `node:` ids.)
    pub trace_names: BTreeMap<String, String>,
    /// The text of each of the app's JavaScript files, by its trace name: what a code frame
    /// shows.
    pub sources: BTreeMap<String, String>,
    /// The modules of EdgeBox's Node layer included (names, sorted), internal ones too.
    pub node_modules: Vec<&'static str>,
    /// What the build should report without failing, in the order found.
    pub warnings: Vec<Warning>,
    /// A source map (JSON, version 3) from `code` back to the files, named by module id.
    pub source_map: Option<String>,
}

/// Bundles the program that starts at the file `entry`, module ids relative to its folder.
pub fn bundle(entry: &Path) -> Result<Bundle, BundleError> {
    let root = match entry.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    bundle_with_root(entry, root)
}

/// Bundles the program that starts at the file `entry`, module ids relative to `root` (the app
/// directory, e.g. [`Entry::root`]).
pub fn bundle_with_root(entry: &Path, root: &Path) -> Result<Bundle, BundleError> {
    GLOBALS.set(&Globals::new(), || {
        let graph = graph::Graph::load(entry, root)?;
        emit::emit(graph)
    })
}
