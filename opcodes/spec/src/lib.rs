//! `quickjs-opcode.h` as data.
//!
//! The header is an X-macro list: `FMT(name)` entries (operand formats), `DEF(name, size, n_pop,
//! n_push, format)` entries (opcodes that appear in final bytecode) and `def(...)` entries
//! (temporary opcodes that exist only while QuickJS compiles). [`parse`] reads it with a C-token
//! lexer and a small grammar — comments, spacing and line breaks do not matter — and numbers the
//! entries exactly as `quickjs.c` does; [`render_rust`] turns the result into the Rust table that
//! `edgebox-opcodes` compiles; [`compare`] reports what changed between two headers.

mod diff;
mod lexer;
mod parser;
mod render;

pub use diff::{compare, Change, Report};
pub use parser::parse;
pub use render::render_rust;

/// Everything the header defines, numbered as QuickJS numbers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Operand formats, in header order (`OP_FMT_*` = index).
    pub formats: Vec<String>,
    /// Runtime opcodes (`DEF`) in byte order, then temporary opcodes (`def`).
    pub opcodes: Vec<OpcodeDef>,
}

/// One `DEF` or `def` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpcodeDef {
    /// The opcode's name, e.g. `push_i32` (QuickJS's `OP_push_i32`).
    pub name: String,
    /// Its numeric value. Temporary opcodes share values with runtime ones (they never coexist).
    pub byte: u8,
    /// Instruction size in bytes, opcode included.
    pub size: u8,
    /// Stack values popped (for `npop` formats: the fixed part).
    pub n_pop: u8,
    /// Stack values pushed.
    pub n_push: u8,
    /// Operand format: an entry of [`Spec::formats`].
    pub format: String,
    /// `def` entry: emitted during compilation only, never in final bytecode.
    pub temporary: bool,
    /// 1-based line of the entry in the header.
    pub line: usize,
}

impl Spec {
    /// Opcodes that appear in final bytecode (`DEF`).
    pub fn runtime(&self) -> impl Iterator<Item = &OpcodeDef> {
        self.opcodes.iter().filter(|op| !op.temporary)
    }

    /// Looks an opcode up by name.
    pub fn get(&self, name: &str) -> Option<&OpcodeDef> {
        self.opcodes.iter().find(|op| op.name == name)
    }
}

/// A header that cannot be turned into an opcode table, with the place that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct SpecError {
    /// The header's name as given to [`parse`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and, where possible, what to do.
    pub message: String,
}

/// Rust identifier for an opcode or format name: `push_i32` → `PushI32`.
pub fn rust_ident(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'X');
    }
    out
}
