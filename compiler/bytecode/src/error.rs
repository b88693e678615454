//! Why a buffer is not readable QuickJS-NG bytecode.

use std::fmt;

/// Names a function in error messages: its ordinal (see [`crate::Function::ordinal`]) and, when
/// it has one, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionId {
    /// 0-based order in which the reader met the function's tag.
    pub ordinal: u32,
    /// The function's name, if it has one.
    pub name: Option<String>,
}

impl fmt::Display for FunctionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) if !name.is_empty() => write!(f, "function #{} `{name}`", self.ordinal),
            _ => write!(f, "function #{} (anonymous)", self.ordinal),
        }
    }
}

/// Why [`crate::read`] or [`crate::Function::instructions`] failed. Offsets are byte offsets into
/// the whole serialized buffer; `pc` values are offsets into one function's code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The first byte is not the `BC_VERSION` this reader understands.
    #[error(
        "bytecode version {found:#04x} is not supported: expected {expected:#04x} \
         (QuickJS-NG 0.16.2); recompile the source with the pinned QuickJS-NG"
    )]
    Version {
        /// The version byte found.
        found: u8,
        /// The version this reader reads.
        expected: u8,
    },
    /// The input ends before a field is complete.
    #[error("truncated input at byte offset {offset}: reading {what} needs {needed} byte(s), {available} left")]
    Truncated {
        /// Where the field starts.
        offset: usize,
        /// What was being read.
        what: &'static str,
        /// Bytes the field needs (for LEB128 numbers: at least one more).
        needed: usize,
        /// Bytes left in the input.
        available: usize,
    },
    /// A LEB128 number does not end within 5 bytes (QuickJS's limit for 32-bit values).
    #[error(
        "invalid LEB128 number at byte offset {offset} (reading {what}): no end within 5 bytes"
    )]
    Leb128 {
        /// Where the number starts.
        offset: usize,
        /// What was being read.
        what: &'static str,
    },
    /// The checksum after the version byte does not match the rest of the buffer.
    #[error("checksum mismatch: header says {stored:#010x}, contents hash to {computed:#010x} (the buffer was modified or cut)")]
    Checksum {
        /// The checksum stored at offset 1.
        stored: u32,
        /// `bc_csum` of the bytes after the checksum.
        computed: u32,
    },
    /// A value tag that `JS_ReadObjectRec` does not know.
    #[error("unknown value tag {tag} at byte offset {offset}")]
    UnknownTag {
        /// Offset of the tag byte.
        offset: usize,
        /// The tag byte.
        tag: u8,
    },
    /// A function's pc-to-line table does not decode (a number runs past its end).
    #[error("the position table of {function} is malformed")]
    PositionTable {
        /// The function.
        function: FunctionId,
    },
    /// An atom-table entry has an invalid type byte.
    #[error("invalid atom type {kind} for atom-table entry {index} at byte offset {offset}")]
    AtomType {
        /// Offset of the type byte.
        offset: usize,
        /// Index in the file's atom table.
        index: u32,
        /// The type byte.
        kind: u8,
    },
    /// An atom index refers neither to a built-in atom nor to the file's atom table.
    #[error("atom index {index} at byte offset {offset} is out of range: {builtin} built-in atoms and {table} file atoms")]
    AtomOutOfRange {
        /// Where the index was read.
        offset: usize,
        /// The index.
        index: u32,
        /// Number of built-in atoms (`JS_ATOM_END`, including `JS_ATOM_NULL`).
        builtin: u32,
        /// Number of entries in the file's atom table.
        table: u32,
    },
    /// A string is longer than QuickJS allows (`JS_STRING_LEN_MAX`).
    #[error("string at byte offset {offset} claims {len} characters, more than QuickJS's limit of {max}")]
    StringTooLong {
        /// Where the string's length starts.
        offset: usize,
        /// The claimed length.
        len: u32,
        /// `JS_STRING_LEN_MAX`.
        max: u32,
    },
    /// Text that must be UTF-8 (function source) is not.
    #[error("invalid UTF-8 in {what} at byte offset {offset}")]
    InvalidUtf8 {
        /// Where the text starts.
        offset: usize,
        /// What the text is.
        what: &'static str,
    },
    /// A count claims more items than the rest of the input could possibly hold.
    #[error("{what} at byte offset {offset} is {count}, but only {available} byte(s) are left (each item needs at least {min_item_size})")]
    CountTooLarge {
        /// Where the count was read.
        offset: usize,
        /// What is counted.
        what: &'static str,
        /// The claimed count.
        count: u64,
        /// Bytes left after the count.
        available: usize,
        /// The smallest possible size of one item, in bytes.
        min_item_size: usize,
    },
    /// A field's value does not fit the field (e.g. a 16-bit count above 65535).
    #[error("{what} at byte offset {offset} is {value}, outside the valid range 0..={max}")]
    ValueOutOfRange {
        /// Where the value was read.
        offset: usize,
        /// The field.
        what: &'static str,
        /// The value read.
        value: u64,
        /// The largest valid value.
        max: u64,
    },
    /// Fields of one structure contradict each other.
    #[error("inconsistent data at byte offset {offset}: {message}")]
    Inconsistent {
        /// Where the contradicting field was read.
        offset: usize,
        /// What contradicts what.
        message: String,
    },
    /// A byte in a function's code is not a runtime opcode of the pinned QuickJS-NG.
    #[error("unknown opcode byte {byte:#04x} at pc {pc} in {function}")]
    UnknownOpcode {
        /// The function.
        function: FunctionId,
        /// Offset in the function's code.
        pc: u32,
        /// The byte.
        byte: u8,
    },
    /// A short opcode whose implied operand cannot be derived from its name (`get_loc2` -> 2):
    /// the pinned opcode table changed in a way this crate does not know yet.
    #[error("opcode `{opcode}` at pc {pc} in {function}: its implied operand cannot be derived from its name; update edgebox-bytecode for the new opcode table")]
    UnsupportedOpcode {
        /// The function.
        function: FunctionId,
        /// Offset of the instruction.
        pc: u32,
        /// The opcode's name.
        opcode: &'static str,
    },
    /// An instruction runs past the end of its function's code.
    #[error("instruction `{opcode}` at pc {pc} in {function} needs {size} bytes but the code ends after {available}")]
    TruncatedInstruction {
        /// The function.
        function: FunctionId,
        /// Offset of the instruction.
        pc: u32,
        /// The opcode's name.
        opcode: &'static str,
        /// The instruction's size.
        size: usize,
        /// Bytes of code left at `pc`.
        available: usize,
    },
    /// A jump target lies outside the function's code.
    #[error("instruction `{opcode}` at pc {pc} in {function} jumps to {target}, outside the code (0..{len})")]
    LabelOutOfRange {
        /// The function.
        function: FunctionId,
        /// Offset of the instruction.
        pc: u32,
        /// The opcode's name.
        opcode: &'static str,
        /// The computed target.
        target: i64,
        /// Length of the code.
        len: usize,
    },
    /// An operand indexes past the table it refers to (locals, arguments, closure variables,
    /// constant pool, atoms).
    #[error("instruction `{opcode}` at pc {pc} in {function}: {table} index {index} is out of range (0..{len})")]
    OperandOutOfRange {
        /// The function.
        function: FunctionId,
        /// Offset of the instruction.
        pc: u32,
        /// The opcode's name.
        opcode: &'static str,
        /// Which table (`local`, `argument`, `closure variable`, `constant`).
        table: &'static str,
        /// The index.
        index: u32,
        /// The table's length.
        len: u32,
    },
    /// Values nest deeper than the reader's limit.
    #[error("values nest deeper than {limit} levels at byte offset {offset}")]
    TooDeep {
        /// Offset of the tag that went too deep.
        offset: usize,
        /// The limit.
        limit: u32,
    },
    /// Bytes remain after the root value.
    #[error("{count} trailing byte(s) after the root value at byte offset {offset}")]
    TrailingBytes {
        /// Where the trailing bytes start.
        offset: usize,
        /// How many there are.
        count: usize,
    },
}
