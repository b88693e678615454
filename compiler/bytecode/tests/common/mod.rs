//! Shared helpers: real bytecode from the host QuickJS-NG, and hand-made buffers.

#![allow(dead_code)]

use edgebox_qjs_host::{compile, SourceKind};

/// Compiles a script with the pinned QuickJS-NG (host build).
pub fn script(src: &str) -> Vec<u8> {
    compile(src, "t.js", SourceKind::Script).unwrap()
}

/// Compiles an ES module named `m.js` (it may import itself as `./m.js`).
pub fn module(src: &str) -> Vec<u8> {
    compile(src, "m.js", SourceKind::Module).unwrap()
}

/// Unsigned LEB128.
pub fn leb(mut v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// A buffer with the given file atoms (8-bit strings) and root value bytes; the checksum is the
/// `0xffffffff` escape hatch, which the reader (like QuickJS) accepts without checking.
pub fn buffer(atoms: &[&str], root: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1c, 0xff, 0xff, 0xff, 0xff];
    out.extend(leb(atoms.len() as u32));
    for a in atoms {
        out.push(1);
        out.extend(leb((a.len() as u32) << 1));
        out.extend(a.as_bytes());
    }
    out.extend(root);
    out
}

/// A hand-made function value (`BC_TAG_FUNCTION_BYTECODE`) without debug info.
#[derive(Clone, Default)]
pub struct Func {
    pub name_atom: u32,
    pub arg_count: u32,
    pub var_count: u32,
    /// Raw bytes of the variable definitions (count = arg_count + var_count when non-empty).
    pub vars: Vec<Vec<u8>>,
    pub cpool: Vec<Vec<u8>>,
    pub code: Vec<u8>,
    /// Appends a debug section with this source text (raw bytes).
    pub source: Option<Vec<u8>>,
}

impl Func {
    pub fn bytes(&self) -> Vec<u8> {
        let debug = self.source.is_some();
        let mut out = vec![12];
        let flags: u16 = if debug { 1 << 11 } else { 0 };
        out.extend(flags.to_le_bytes());
        out.push(1);
        out.extend(leb(self.name_atom << 1));
        for v in [self.arg_count, self.var_count, self.arg_count, 4, 0, 0] {
            out.extend(leb(v));
        }
        out.extend(leb(self.cpool.len() as u32));
        out.extend(leb(self.code.len() as u32));
        out.extend(leb(self.vars.len() as u32));
        for v in &self.vars {
            out.extend(v);
        }
        for c in &self.cpool {
            out.extend(c);
        }
        out.extend(&self.code);
        if let Some(src) = &self.source {
            out.extend(leb(0)); // file name: JS_ATOM_NULL
            out.extend(leb(1));
            out.extend(leb(1));
            out.extend(leb(0)); // no pc2line
            out.extend(leb(src.len() as u32));
            out.extend(src);
        }
        out
    }
}

/// A variable definition: name atom, scope 0, no next, plain.
pub fn var(name_atom: u32) -> Vec<u8> {
    let mut v = leb(name_atom << 1);
    v.extend([0, 0, 0]);
    v
}

/// The byte of a runtime opcode, looked up by name.
pub fn op(name: &str) -> u8 {
    edgebox_opcodes::Opcode::from_name(name).unwrap().byte()
}
