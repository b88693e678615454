//! Stage `bundle`: the app's files (ESM, CommonJS, JSON, node_modules) → one script (swc_core,
//! see edgebox-bundler).

pub use edgebox_bundler::{resolve_entry, Bundle, BundleError, Entry, Warning};

/// Bundles the program that starts at `entry.main`, module ids relative to `entry.root`.
pub fn bundle(entry: &Entry) -> Result<Bundle, BundleError> {
    edgebox_bundler::bundle_with_root(&entry.main, &entry.root)
}
