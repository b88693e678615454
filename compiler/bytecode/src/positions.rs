//! Source positions: a function's pc-to-line table (QuickJS's `pc2line`) decoded and encoded,
//! and every function of a bytecode file moved to other positions, e.g. through a source map.
//!
//! The table lists, for increasing code offsets, where the code from that offset on came from.
//! It starts from the function's own line and column; each entry is either one byte
//! `1 + diff_pc * 5 + (diff_line + 1)` (for `diff_pc <= 50`, `-1 <= diff_line <= 3`) or `0`,
//! LEB128 `diff_pc`, SLEB128 `diff_line`; then SLEB128 `diff_col`. Lines and columns are 1-based
//! (columns count bytes of the source line), as `compute_pc2line_info` writes them and
//! `find_line_num` reads them.

use std::collections::HashMap;

use crate::atoms::JS_ATOM_END;
use crate::model::{AtomKind, Function, Value};
use crate::reader::{bc_csum, read};
use crate::ReadError;

/// A line and a column, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// One entry of a position table: the code from `pc` on came from `position`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PcPosition {
    /// Offset into the function's code.
    pub pc: u32,
    /// Where that code came from.
    pub position: Position,
}

/// A position in a named file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file name, as stack traces will show it.
    pub file: String,
    /// Where in it.
    pub position: Position,
}

const BASE: i64 = -1;
const RANGE: i64 = 5;
const OP_FIRST: i64 = 1;
const DIFF_PC_MAX: i64 = (255 - OP_FIRST) / RANGE;

/// The entries of `function`'s position table (empty without one).
pub fn decode(function: &Function) -> Result<Vec<PcPosition>, ReadError> {
    let Some(table) = &function.pc2line else {
        return Ok(Vec::new());
    };
    let malformed = || ReadError::PositionTable {
        function: function.id(),
    };
    let mut at = 0;
    let mut pc: i64 = 0;
    let mut line = i64::from(function.line);
    let mut column = i64::from(function.column);
    let mut out = Vec::new();
    while at < table.len() {
        let op = i64::from(table[at]);
        at += 1;
        if op == 0 {
            pc += i64::from(leb(table, &mut at).ok_or_else(malformed)?);
            line += i64::from(sleb(table, &mut at).ok_or_else(malformed)?);
        } else {
            let op = op - OP_FIRST;
            pc += op / RANGE;
            line += op % RANGE + BASE;
        }
        column += i64::from(sleb(table, &mut at).ok_or_else(malformed)?);
        let (Ok(pc), Ok(line), Ok(column)) = (
            u32::try_from(pc),
            u32::try_from(line),
            u32::try_from(column),
        ) else {
            return Err(malformed());
        };
        out.push(PcPosition {
            pc,
            position: Position { line, column },
        });
    }
    Ok(out)
}

/// The position table of a function that starts at `start`, as `compute_pc2line_info` would
/// write it: entries that repeat the previous position, or go back in the code, are left out.
pub fn encode(start: Position, entries: &[PcPosition]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut last_pc, mut last_line, mut last_column) =
        (0i64, i64::from(start.line), i64::from(start.column));
    for entry in entries {
        let (pc, line, column) = (
            i64::from(entry.pc),
            i64::from(entry.position.line),
            i64::from(entry.position.column),
        );
        let (diff_pc, diff_line, diff_column) =
            (pc - last_pc, line - last_line, column - last_column);
        if diff_pc < 0 || (diff_line == 0 && diff_column == 0) {
            continue;
        }
        if (BASE..BASE + RANGE).contains(&diff_line) && diff_pc <= DIFF_PC_MAX {
            out.push((diff_line - BASE + diff_pc * RANGE + OP_FIRST) as u8);
        } else {
            out.push(0);
            put_leb(&mut out, diff_pc as u32);
            put_sleb(&mut out, diff_line as i32);
        }
        put_sleb(&mut out, diff_column as i32);
        (last_pc, last_line, last_column) = (pc, line, column);
    }
    out
}

/// `bytes` (a `JS_WriteObject` bytecode file) with every function's file name, line, column and
/// position table moved through `map`, and the checksum recomputed. A function takes the file of
/// its own position if that maps, else of its first entry that maps; it keeps only the entries
/// that map into that file (the code of a dropped entry counts as the previous entry's). A
/// function of which nothing maps is left as it was. New file names are added to the atom
/// table; code, constants and everything else stay byte for byte.
pub fn remap_positions(
    bytes: &[u8],
    mut map: impl FnMut(Position) -> Option<Located>,
) -> Result<Vec<u8>, ReadError> {
    let parsed = read(bytes)?;
    let mut atoms = AtomAppender::new(&parsed.atoms, &parsed.atom_kinds);
    let mut edits = Vec::new();
    let mut functions = Vec::new();
    collect_functions(&parsed.root, &mut functions);
    for function in functions {
        let Some(field) = &function.positions_field else {
            continue;
        };
        let own = map(Position {
            line: function.line,
            column: function.column,
        });
        let entries: Vec<(u32, Option<Located>)> = decode(function)?
            .into_iter()
            .map(|entry| (entry.pc, map(entry.position)))
            .collect();
        let Some(file) = own
            .as_ref()
            .or_else(|| entries.iter().find_map(|(_, located)| located.as_ref()))
            .map(|located| located.file.clone())
        else {
            continue;
        };
        let kept: Vec<PcPosition> = entries
            .into_iter()
            .filter_map(|(pc, located)| {
                located.filter(|l| l.file == file).map(|l| PcPosition {
                    pc,
                    position: l.position,
                })
            })
            .collect();
        let start = match own.filter(|l| l.file == file) {
            Some(located) => located.position,
            None => kept[0].position,
        };
        let table = encode(start, &kept);
        let mut field_bytes = Vec::new();
        put_leb(&mut field_bytes, atoms.index(&file) << 1);
        put_leb(&mut field_bytes, start.line);
        put_leb(&mut field_bytes, start.column);
        put_leb(&mut field_bytes, table.len() as u32);
        field_bytes.extend_from_slice(&table);
        edits.push((field.clone(), field_bytes));
    }
    let (count, added) = atoms.finish();
    let mut table_head = Vec::new();
    put_leb(&mut table_head, count);
    let mut table_count_end = parsed.atom_table_field.start;
    leb(bytes, &mut table_count_end).ok_or(ReadError::Leb128 {
        offset: parsed.atom_table_field.start,
        what: "the atom count",
    })?;
    edits.push((parsed.atom_table_field.start..table_count_end, table_head));
    let table_end = parsed.atom_table_field.end;
    edits.push((table_end..table_end, added));
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    let mut at = 0;
    for (range, replacement) in edits {
        out.extend_from_slice(&bytes[at..range.start]);
        out.extend_from_slice(&replacement);
        at = range.end;
    }
    out.extend_from_slice(&bytes[at..]);
    // Header: the version byte, then the checksum of everything after it.
    let checksum = bc_csum(&out[5..]);
    out[1..5].copy_from_slice(&checksum.to_le_bytes());
    Ok(out)
}

fn collect_functions<'a>(value: &'a Value, out: &mut Vec<&'a Function>) {
    match value {
        Value::Function(f) => {
            out.push(f);
            f.cpool.iter().for_each(|v| collect_functions(v, out));
        }
        Value::Module(m) => collect_functions(&m.function, out),
        _ => {}
    }
}

/// The file's string atoms by text, and the ones to add at the end of its table.
struct AtomAppender {
    existing: HashMap<String, u32>,
    count: u32,
    added: Vec<u8>,
}

impl AtomAppender {
    fn new(atoms: &[String], kinds: &[AtomKind]) -> AtomAppender {
        let existing = atoms
            .iter()
            .zip(kinds)
            .enumerate()
            .filter(|(_, (_, kind))| **kind == AtomKind::String)
            .map(|(i, (text, _))| (text.clone(), JS_ATOM_END + i as u32))
            .collect();
        AtomAppender {
            existing,
            count: atoms.len() as u32,
            added: Vec::new(),
        }
    }

    /// The atom index (as the file writes it) of the string `text`, added if new.
    fn index(&mut self, text: &str) -> u32 {
        if let Some(&index) = self.existing.get(text) {
            return index;
        }
        let index = JS_ATOM_END + self.count;
        self.count += 1;
        self.added.push(1); // JS_ATOM_TYPE_STRING
        put_string(&mut self.added, text);
        self.existing.insert(text.to_string(), index);
        index
    }

    /// The table's new entry count, and the bytes of the added entries.
    fn finish(self) -> (u32, Vec<u8>) {
        (self.count, self.added)
    }
}

/// `JS_WriteString`: Latin-1 when every character fits, else UTF-16LE.
fn put_string(out: &mut Vec<u8>, text: &str) {
    if text.chars().all(|c| (c as u32) < 0x100) {
        put_leb(out, (text.chars().count() as u32) << 1);
        out.extend(text.chars().map(|c| c as u8));
    } else {
        let units: Vec<u16> = text.encode_utf16().collect();
        put_leb(out, (units.len() as u32) << 1 | 1);
        units
            .iter()
            .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
    }
}

fn put_leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_sleb(out: &mut Vec<u8>, v: i32) {
    put_leb(out, ((v << 1) ^ (v >> 31)) as u32);
}

fn leb(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for i in 0..5 {
        let byte = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(byte & 0x7f).wrapping_shl(7 * i);
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn sleb(bytes: &[u8], at: &mut usize) -> Option<i32> {
    let v = leb(bytes, at)?;
    Some(((v >> 1) as i32) ^ -((v & 1) as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pc: u32, line: u32, column: u32) -> PcPosition {
        PcPosition {
            pc,
            position: Position { line, column },
        }
    }

    #[test]
    fn leb_and_sleb_round_trip() {
        for v in [0u32, 1, 127, 128, 300, 1 << 20, u32::MAX] {
            let mut out = Vec::new();
            put_leb(&mut out, v);
            assert_eq!(leb(&out, &mut 0), Some(v));
        }
        for v in [0i32, 1, -1, 63, -64, 64, -65, i32::MAX, i32::MIN] {
            let mut out = Vec::new();
            put_sleb(&mut out, v);
            assert_eq!(sleb(&out, &mut 0), Some(v));
        }
    }

    #[test]
    fn encode_uses_the_short_form_and_skips_repeats_and_going_back() {
        let start = Position {
            line: 10,
            column: 3,
        };
        let table = encode(
            start,
            &[
                entry(0, 10, 3),
                entry(4, 11, 5),
                entry(2, 40, 1),
                entry(400, 9, 1),
            ],
        );
        // (4, +1, +2): one byte 1 + 4*5 + 2, then sleb(2); (400, -2, -4): the long form.
        assert_eq!(table, vec![23, 4, 0, 0x8c, 0x03, 3, 7]);
    }
}
