//! Atom numbers: built-in atoms (generated from the pinned `quickjs-atom.h`), the file's atom
//! table, and tagged integers.

use std::fmt;

include!(concat!(env!("OUT_DIR"), "/atoms.rs"));

/// `JS_ATOM_END` of the pinned QuickJS-NG: atom numbers below it are built in; in bytecode, an
/// index `idx >= JS_ATOM_END` refers to entry `idx - JS_ATOM_END` of the file's atom table.
pub const JS_ATOM_END: u32 = BUILTIN_ATOMS.len() as u32;

/// Bit 31 marks an atom that is an integer (`JS_ATOM_TAG_INT`), e.g. the key of `{1: x}`.
pub const JS_ATOM_TAG_INT: u32 = 1 << 31;

/// The text of built-in atom `n` (`None` for `JS_ATOM_NULL` and numbers past the table).
pub fn builtin_atom(n: u32) -> Option<&'static str> {
    match n {
        0 => None,
        _ => BUILTIN_ATOMS.get(n as usize).copied(),
    }
}

/// A resolved atom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Atom<'a> {
    /// `JS_ATOM_NULL` (no name).
    Null,
    /// A built-in atom (`JS_ATOM_<name>`).
    Builtin(&'static str),
    /// An entry of the file's atom table.
    File(&'a str),
    /// An integer atom.
    Int(u32),
}

impl<'a> Atom<'a> {
    /// The atom's text, if it is a string atom (not null, not an integer).
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Atom::Builtin(s) => Some(s),
            Atom::File(s) => Some(s),
            Atom::Null | Atom::Int(_) => None,
        }
    }

    /// The atom as an owned name: `None` for `JS_ATOM_NULL`, integers in decimal.
    pub fn to_name(&self) -> Option<String> {
        match self {
            Atom::Null => None,
            Atom::Int(n) => Some(n.to_string()),
            Atom::Builtin(s) => Some((*s).to_string()),
            Atom::File(s) => Some((*s).to_string()),
        }
    }
}

impl fmt::Display for Atom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Null => f.write_str("<null>"),
            Atom::Int(n) => write!(f, "{n}"),
            Atom::Builtin(s) | Atom::File(s) => write!(f, "{s:?}"),
        }
    }
}

/// Resolves a raw atom index (as stored in code operands, or after removing the tag bit of a
/// name's LEB128) against a file atom table.
pub(crate) fn resolve(table: &[String], idx: u32) -> Option<Atom<'_>> {
    if idx & JS_ATOM_TAG_INT != 0 {
        Some(Atom::Int(idx & !JS_ATOM_TAG_INT))
    } else if idx == 0 {
        Some(Atom::Null)
    } else if idx < JS_ATOM_END {
        builtin_atom(idx).map(Atom::Builtin)
    } else {
        table
            .get((idx - JS_ATOM_END) as usize)
            .map(|s| Atom::File(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_follows_the_header_order() {
        assert_eq!(builtin_atom(0), None);
        assert_eq!(builtin_atom(1), Some("null"));
        assert_eq!(builtin_atom(2), Some("false"));
        assert_eq!(builtin_atom(JS_ATOM_END - 1), BUILTIN_ATOMS.last().copied());
        assert_eq!(builtin_atom(JS_ATOM_END), None);
        assert!(BUILTIN_ATOMS.contains(&"length"));
        assert!(BUILTIN_ATOMS.contains(&"Symbol.iterator"));
    }

    #[test]
    fn resolve_distinguishes_ints_builtins_and_file_atoms() {
        let table = vec!["foo".to_string()];
        assert_eq!(resolve(&table, 0), Some(Atom::Null));
        assert_eq!(resolve(&table, 1), Some(Atom::Builtin("null")));
        assert_eq!(resolve(&table, JS_ATOM_END), Some(Atom::File("foo")));
        assert_eq!(resolve(&table, JS_ATOM_END + 1), None);
        assert_eq!(resolve(&table, JS_ATOM_TAG_INT | 7), Some(Atom::Int(7)));
    }
}
