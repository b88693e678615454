//! WAMR 2.4.3 `.aot` files: reading, writing, and linking an app's compiled functions to the
//! engine's, compiled once.
//!
//! An `.aot` is WAMR's own relocatable format (version 6): the module's description and LLVM's
//! constant sections (INIT_DATA), all machine code in one blob (TEXT), each function's offset in
//! it (FUNCTION), exports, relocations the loader applies by name (RELOCATION), and copied wasm
//! custom sections. [`AotFile`] parses and writes the subset EdgeBox produces (x86-64, no literal
//! pool, no GC); [`link`] combines two compilations of one module into one file.

mod bytes;
mod file;
mod init_data;
mod link;
mod relocation;
mod sources;
#[cfg(test)]
mod testing;

pub use file::{AotFile, MAGIC, VERSION};
pub use init_data::{DataSection, InitData};
pub use link::{
    link, link_partial, LinkError, CODE_ALIGN, DATA_ALIGN, ENGINE_SECTION, FUNCTIONS_SECTION,
};
pub use relocation::{Group, Relocation, Relocations};
pub use sources::{
    artifact_sources, encode_sources, source_line, with_wasm_custom_section, SOURCES_SECTION,
};

/// Why bytes could not be read as an `.aot` file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AotFileError {
    /// The bytes do not start with `\0aot`.
    #[error("not a WAMR .aot file (no \\0aot magic number)")]
    NotAot,
    /// A WAMR `.aot` of another format version.
    #[error(".aot format version {0}; this WAMR (2.4.3) reads version {VERSION}")]
    Version(u32),
    /// Truncated or inconsistent.
    #[error("malformed .aot at byte {offset}: {what}")]
    Malformed {
        /// Where the problem was found.
        offset: usize,
        /// What is wrong.
        what: String,
    },
    /// Well-formed, but uses a feature EdgeBox does not build with.
    #[error(".aot at byte {offset} uses {what}, which EdgeBox does not build")]
    Unsupported {
        /// Where.
        offset: usize,
        /// The feature.
        what: String,
    },
}
