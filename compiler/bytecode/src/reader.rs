//! The reader proper: a port of `JS_ReadObjectAtoms`, `JS_ReadObjectRec` and the functions it
//! calls, building [`Value`]s instead of engine objects.

use num_bigint::BigInt;

use crate::atoms::{self, builtin_atom, JS_ATOM_END};
use crate::error::ReadError;
use crate::instructions::Operands;
use crate::model::{
    fnv1a64, AtomKind, Bytecode, ClosureType, ClosureVar, Export, Function, FunctionFlags,
    FunctionKind, Import, Module, TypedArrayKind, Value, VarDef, VarKind,
};

/// `BC_VERSION` of QuickJS-NG 0.16.2: the first byte of every buffer.
pub const BC_VERSION: u8 = 0x1c;

/// `JS_STRING_LEN_MAX`.
const STRING_LEN_MAX: u32 = (1 << 30) - 1;

/// The reader's own limit on the atom-table size (`JS_ReadObjectAtoms` refuses more).
const MAX_ATOMS: u32 = 1_000_000;

/// How [`read_with`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Check the header's checksum like `JS_ReadObject` does (`0xffffffff` always passes).
    pub verify_checksum: bool,
    /// Deepest nesting of values (functions in constant pools, arrays, ...) accepted.
    pub max_depth: u32,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            verify_checksum: true,
            max_depth: 256,
        }
    }
}

/// Reads the whole output of `JS_WriteObject(..., JS_WRITE_OBJ_BYTECODE)` with the default
/// options. Every function's code is checked: known opcodes, complete instructions, atom and
/// table indices in range, jump targets inside the code. Stricter than `JS_ReadObject` in
/// three ways, all signs of a damaged buffer: bytes after the root value, 16-bit header fields
/// above 65535 (QuickJS truncates them) and a variable count other than
/// `arg_count + var_count` are errors.
pub fn read(bytes: &[u8]) -> Result<Bytecode, ReadError> {
    read_with(bytes, ReadOptions::default())
}

/// [`read`] with explicit options.
pub fn read_with(bytes: &[u8], options: ReadOptions) -> Result<Bytecode, ReadError> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        atoms: Vec::new(),
        next_ordinal: 0,
        depth: 0,
        max_depth: options.max_depth,
    };
    let version = r.u8("the version byte")?;
    if version != BC_VERSION {
        return Err(ReadError::Version {
            found: version,
            expected: BC_VERSION,
        });
    }
    let stored = r.u32("the checksum")?;
    if options.verify_checksum && stored != u32::MAX {
        let computed = bc_csum(&bytes[r.pos..]);
        if computed != stored {
            return Err(ReadError::Checksum { stored, computed });
        }
    }
    let atom_table_start = r.pos;
    let atom_kinds = r.atom_table()?;
    let atom_table_field = atom_table_start..r.pos;
    let root = r.value()?;
    if r.pos != bytes.len() {
        return Err(ReadError::TrailingBytes {
            offset: r.pos,
            count: bytes.len() - r.pos,
        });
    }
    Ok(Bytecode {
        atoms: r.atoms,
        atom_kinds,
        root,
        atom_table_field,
    })
}

/// QuickJS's `bc_csum` over `p`, including its quirk: when the length is a non-zero multiple
/// of 4, the last word is not mixed in.
pub fn bc_csum(p: &[u8]) -> u32 {
    const K: u32 = 0x9e37_0001;
    let n = p.len();
    let mut h: u32 = 0;
    let mut i = 0;
    while i + 4 < n {
        h = h.wrapping_add(u32::from_le_bytes([p[i], p[i + 1], p[i + 2], p[i + 3]]));
        h = h.wrapping_mul(K);
        i += 4;
    }
    let tail = match n - i {
        3 => u32::from(p[i]) | u32::from(p[i + 1]) << 8 | u32::from(p[i + 2]) << 16,
        2 => u32::from(p[i]) | u32::from(p[i + 1]) << 8,
        1 => u32::from(p[i]),
        _ => 0,
    };
    h.wrapping_add(tail).wrapping_mul(K)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    atoms: Vec<String>,
    next_ordinal: u32,
    depth: u32,
    max_depth: u32,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ReadError> {
        if self.remaining() < n {
            return Err(ReadError::Truncated {
                offset: self.pos,
                what,
                needed: n,
                available: self.remaining(),
            });
        }
        let buf: &'a [u8] = self.buf;
        let out = &buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, ReadError> {
        Ok(self.bytes(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, ReadError> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ReadError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, ReadError> {
        let b = self.bytes(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// `get_leb128`: at most 5 bytes; bits past 32 are dropped as in C.
    fn leb(&mut self, what: &'static str) -> Result<u32, ReadError> {
        let start = self.pos;
        let mut v: u32 = 0;
        for i in 0..5 {
            let Some(&a) = self.buf.get(self.pos) else {
                self.pos = start;
                return Err(ReadError::Truncated {
                    offset: start,
                    what,
                    needed: i + 1,
                    available: i,
                });
            };
            self.pos += 1;
            v |= u32::from(a & 0x7f).wrapping_shl(7 * i as u32);
            if a & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ReadError::Leb128 {
            offset: start,
            what,
        })
    }

    /// `get_sleb128` (zigzag).
    fn sleb(&mut self, what: &'static str) -> Result<i32, ReadError> {
        let v = self.leb(what)?;
        Ok(((v >> 1) as i32) ^ -((v & 1) as i32))
    }

    fn leb_max(&mut self, what: &'static str, max: u32) -> Result<u32, ReadError> {
        let offset = self.pos;
        let v = self.leb(what)?;
        if v > max {
            return Err(ReadError::ValueOutOfRange {
                offset,
                what,
                value: u64::from(v),
                max: u64::from(max),
            });
        }
        Ok(v)
    }

    fn leb_u16(&mut self, what: &'static str) -> Result<u16, ReadError> {
        Ok(self.leb_max(what, u32::from(u16::MAX))? as u16)
    }

    /// A count of items that each take at least `min_item_size` bytes: refuses counts the rest
    /// of the input cannot hold, so garbage never makes us allocate much.
    fn count(&mut self, what: &'static str, min_item_size: usize) -> Result<usize, ReadError> {
        let offset = self.pos;
        let count = self.leb(what)?;
        let available = self.remaining();
        if (count as usize).saturating_mul(min_item_size) > available {
            return Err(ReadError::CountTooLarge {
                offset,
                what,
                count: u64::from(count),
                available,
                min_item_size,
            });
        }
        Ok(count as usize)
    }

    /// `JS_ReadString` without conversion: (is_wide_char, raw bytes).
    fn raw_string(&mut self, what: &'static str) -> Result<(bool, &'a [u8]), ReadError> {
        let offset = self.pos;
        let v = self.leb(what)?;
        let wide = v & 1 != 0;
        let len = v >> 1;
        if len > STRING_LEN_MAX {
            return Err(ReadError::StringTooLong {
                offset,
                len,
                max: STRING_LEN_MAX,
            });
        }
        let size = (len as usize) << usize::from(wide);
        Ok((wide, self.bytes(size, what)?))
    }

    fn string(&mut self, what: &'static str) -> Result<String, ReadError> {
        let (wide, bytes) = self.raw_string(what)?;
        Ok(decode_string(wide, bytes))
    }

    /// `bc_get_atom`: LEB128 of `idx << 1`, or `(n << 1) | 1` for integer atom `n`.
    fn atom(&mut self, what: &'static str) -> Result<Option<String>, ReadError> {
        let offset = self.pos;
        let v = self.leb(what)?;
        if v & 1 != 0 {
            return Ok(Some((v >> 1).to_string()));
        }
        self.resolve(offset, v >> 1)
    }

    fn resolve(&self, offset: usize, idx: u32) -> Result<Option<String>, ReadError> {
        atoms::resolve(&self.atoms, idx)
            .map(|a| a.to_name())
            .ok_or(ReadError::AtomOutOfRange {
                offset,
                index: idx,
                builtin: JS_ATOM_END,
                table: self.atoms.len() as u32,
            })
    }

    /// A name: `JS_ATOM_NULL` reads as the empty string.
    fn name(&mut self, what: &'static str) -> Result<String, ReadError> {
        Ok(self.atom(what)?.unwrap_or_default())
    }

    /// `JS_ReadObjectAtoms` after the header.
    fn atom_table(&mut self) -> Result<Vec<AtomKind>, ReadError> {
        let offset = self.pos;
        let count = self.count("the atom count", 1)?;
        if count > MAX_ATOMS as usize {
            return Err(ReadError::ValueOutOfRange {
                offset,
                what: "the atom count",
                value: count as u64,
                max: u64::from(MAX_ATOMS),
            });
        }
        let mut kinds = Vec::with_capacity(count);
        self.atoms.reserve(count);
        for index in 0..count as u32 {
            let offset = self.pos;
            let kind = self.u8("an atom-table entry type")?;
            if kind & 0x80 != 0 {
                let high = if kind & 0x40 != 0 {
                    self.leb("a built-in atom number")?
                } else {
                    0
                };
                let n = high.wrapping_shl(6) | u32::from(kind & 0x3f);
                let Some(text) = builtin_atom(n) else {
                    return Err(ReadError::AtomOutOfRange {
                        offset,
                        index: n,
                        builtin: JS_ATOM_END,
                        table: index,
                    });
                };
                self.atoms.push(text.to_string());
                kinds.push(AtomKind::Builtin(n));
            } else {
                let atom_kind = match kind {
                    1 => AtomKind::String,
                    2 => AtomKind::GlobalSymbol,
                    3 => AtomKind::Symbol,
                    _ => {
                        return Err(ReadError::AtomType {
                            offset,
                            index,
                            kind,
                        })
                    }
                };
                let text = self.string("an atom string")?;
                self.atoms.push(text);
                kinds.push(atom_kind);
            }
        }
        Ok(kinds)
    }

    /// `JS_ReadObjectRec`.
    fn value(&mut self) -> Result<Value, ReadError> {
        if self.depth >= self.max_depth {
            return Err(ReadError::TooDeep {
                offset: self.pos,
                limit: self.max_depth,
            });
        }
        self.depth += 1;
        // Frames are large in debug builds; grow the stack on the heap instead of overflowing.
        let value = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.value_inner());
        self.depth -= 1;
        value
    }

    fn value_inner(&mut self) -> Result<Value, ReadError> {
        let offset = self.pos;
        let tag = self.u8("a value tag")?;
        Ok(match tag {
            1 => Value::Null,
            2 => Value::Undefined,
            3 => Value::Bool(false),
            4 => Value::Bool(true),
            5 => Value::Int32(self.sleb("an int32")?),
            6 => Value::Float64(f64::from_bits(self.u64("a float64")?)),
            7 => Value::String(self.string("a string")?),
            8 => self.object()?,
            9 => Value::Array(self.values("an array length")?),
            10 => self.bigint()?,
            11 => self.template()?,
            12 => Value::Function(Box::new(self.function()?)),
            13 => Value::Module(Box::new(self.module()?)),
            14 => self.typed_array()?,
            15 => self.array_buffer()?,
            16 => self.shared_array_buffer()?,
            17 => self.regexp()?,
            18 => self.date()?,
            19 => Value::ObjectValue(Box::new(self.value()?)),
            20 => Value::ObjectReference(self.leb("an object reference")?),
            21 => self.map()?,
            22 => Value::Set(self.values("a Set's size")?),
            23 => Value::Symbol(self.name("a symbol")?),
            _ => return Err(ReadError::UnknownTag { offset, tag }),
        })
    }

    fn object(&mut self) -> Result<Value, ReadError> {
        let n = self.count("an object's property count", 2)?;
        let mut props = Vec::with_capacity(n);
        for _ in 0..n {
            let key = self.name("a property name")?;
            props.push((key, self.value()?));
        }
        Ok(Value::Object(props))
    }

    fn bigint(&mut self) -> Result<Value, ReadError> {
        let len = self.leb("a BigInt length")?;
        let bytes = self.bytes(len as usize, "BigInt digits")?;
        Ok(Value::BigInt(BigInt::from_signed_bytes_le(bytes)))
    }

    fn template(&mut self) -> Result<Value, ReadError> {
        let cooked = self.values("a template's length")?;
        let raw = Box::new(self.value()?);
        Ok(Value::Template { cooked, raw })
    }

    fn typed_array(&mut self) -> Result<Value, ReadError> {
        let kind_offset = self.pos;
        let kind = self.u8("a typed array kind")?;
        let Some(&kind) = TypedArrayKind::ALL.get(usize::from(kind)) else {
            return Err(ReadError::ValueOutOfRange {
                offset: kind_offset,
                what: "a typed array kind",
                value: u64::from(kind),
                max: TypedArrayKind::ALL.len() as u64 - 1,
            });
        };
        let length = self.leb("a typed array length")?;
        let offset = self.leb("a typed array offset")?;
        let buffer = Box::new(self.value()?);
        Ok(Value::TypedArray {
            kind,
            length,
            offset,
            buffer,
        })
    }

    fn array_buffer(&mut self) -> Result<Value, ReadError> {
        let (byte_length, max_byte_length) = self.buffer_lengths()?;
        let bytes = self
            .bytes(byte_length as usize, "ArrayBuffer contents")?
            .to_vec();
        Ok(Value::ArrayBuffer {
            bytes,
            max_byte_length,
        })
    }

    fn shared_array_buffer(&mut self) -> Result<Value, ReadError> {
        let (byte_length, max_byte_length) = self.buffer_lengths()?;
        Ok(Value::SharedArrayBuffer {
            byte_length,
            max_byte_length,
            pointer: self.u64("a SharedArrayBuffer pointer")?,
        })
    }

    fn regexp(&mut self) -> Result<Value, ReadError> {
        let pattern = self.string("a regexp pattern")?;
        let offset = self.pos;
        let (wide, bytes) = self.raw_string("regexp bytecode")?;
        if wide {
            return Err(ReadError::Inconsistent {
                offset,
                message: "regexp bytecode is a 16-bit string (must be 8-bit)".into(),
            });
        }
        Ok(Value::RegExp {
            pattern,
            bytecode: bytes.to_vec(),
        })
    }

    fn date(&mut self) -> Result<Value, ReadError> {
        let offset = self.pos;
        let time = self.value()?;
        if !matches!(time, Value::Int32(_) | Value::Float64(_)) {
            return Err(ReadError::Inconsistent {
                offset,
                message: "a Date's time value must be a number".into(),
            });
        }
        Ok(Value::Date(Box::new(time)))
    }

    fn map(&mut self) -> Result<Value, ReadError> {
        let n = self.count("a Map's size", 2)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let key = self.value()?;
            entries.push((key, self.value()?));
        }
        Ok(Value::Map(entries))
    }

    fn values(&mut self, what: &'static str) -> Result<Vec<Value>, ReadError> {
        let n = self.count(what, 1)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.value()?);
        }
        Ok(out)
    }

    fn buffer_lengths(&mut self) -> Result<(u32, u32), ReadError> {
        let byte_length = self.leb("a buffer's byte length")?;
        let offset = self.pos;
        let max_byte_length = self.leb("a buffer's maximum byte length")?;
        if max_byte_length < byte_length {
            return Err(ReadError::Inconsistent {
                offset,
                message: format!(
                    "maximum byte length {max_byte_length} is below the byte length {byte_length}"
                ),
            });
        }
        Ok((byte_length, max_byte_length))
    }

    /// `JS_ReadFunctionTag`.
    fn function(&mut self) -> Result<Function, ReadError> {
        let ordinal = self.next_ordinal;
        self.next_ordinal += 1;
        let word = self.u16("function flags")?;
        let bit = |n: u32| word & (1 << n) != 0;
        let flags = FunctionFlags {
            has_prototype: bit(0),
            has_simple_parameter_list: bit(1),
            is_derived_class_constructor: bit(2),
            need_home_object: bit(3),
            new_target_allowed: bit(6),
            super_call_allowed: bit(7),
            super_allowed: bit(8),
            arguments_allowed: bit(9),
            backtrace_barrier: bit(10),
            has_debug_info: bit(11),
        };
        let kind = FunctionKind::from_bits(word >> 4);
        let is_strict = self.u8("the strict-mode flag")? > 0;
        let name = self.atom("the function name")?;
        let arg_count = self.leb_u16("arg_count")?;
        let var_count = self.leb_u16("var_count")?;
        let defined_arg_count = self.leb_u16("defined_arg_count")?;
        let stack_size = self.leb_u16("stack_size")?;
        let var_ref_count = self.leb_u16("var_ref_count")?;
        let closure_var_count = self.leb_u16("closure_var_count")?;
        let cpool_count = self.count("cpool_count", 1)?;
        let code_len = self.count("byte_code_len", 1)?;
        let locals_offset = self.pos;
        let local_count = self.count("the variable count", 4)?;
        let expected = usize::from(arg_count) + usize::from(var_count);
        if local_count != 0 && local_count != expected {
            return Err(ReadError::Inconsistent {
                offset: locals_offset,
                message: format!(
                    "{local_count} variable definitions for arg_count {arg_count} + var_count {var_count}"
                ),
            });
        }
        let mut vars = Vec::with_capacity(local_count);
        for _ in 0..local_count {
            let name = self.name("a variable name")?;
            let scope_level = self.leb("a variable's scope level")?;
            let scope_next = (self.leb("a variable's next-in-scope")? as i32).wrapping_sub(1);
            let bits = self.u8("a variable's flags")?;
            let is_captured = bits & 0x40 != 0;
            let var_ref_idx = if is_captured {
                Some(self.leb_u16("a variable's closure index")?)
            } else {
                None
            };
            vars.push(VarDef {
                name,
                scope_level,
                scope_next,
                kind: VarKind::from_bits(bits & 0x0f),
                is_const: bits & 0x10 != 0,
                is_lexical: bits & 0x20 != 0,
                is_captured,
                var_ref_idx,
            });
        }
        if usize::from(closure_var_count).saturating_mul(3) > self.remaining() {
            return Err(ReadError::CountTooLarge {
                offset: locals_offset,
                what: "closure_var_count",
                count: u64::from(closure_var_count),
                available: self.remaining(),
                min_item_size: 3,
            });
        }
        let mut closure_vars = Vec::with_capacity(usize::from(closure_var_count));
        for _ in 0..closure_var_count {
            let name = self.name("a closure variable name")?;
            let var_idx = self.leb_u16("a closure variable index")?;
            let bits = self.leb("closure variable flags")?;
            let closure_type = ClosureType::from_bits(bits);
            closure_vars.push(ClosureVar {
                name,
                var_idx,
                closure_type,
                is_local: closure_type == ClosureType::Local,
                is_arg: closure_type == ClosureType::Arg,
                is_const: bits & 0x08 != 0,
                is_lexical: bits & 0x10 != 0,
                kind: VarKind::from_bits(((bits >> 5) & 0x0f) as u8),
            });
        }
        let mut cpool = Vec::with_capacity(cpool_count);
        for _ in 0..cpool_count {
            cpool.push(self.value()?);
        }
        let code_offset = self.pos;
        let code = self.bytes(code_len, "function code")?.to_vec();
        let mut f = Function {
            ordinal,
            name,
            filename: None,
            line: 0,
            column: 0,
            kind,
            is_strict,
            flags,
            arg_count,
            var_count,
            defined_arg_count,
            stack_size,
            var_ref_count,
            vars,
            closure_vars,
            code_hash: fnv1a64(&code),
            code,
            cpool,
            pc2line: None,
            positions_field: None,
            source: None,
            source_field: None,
        };
        self.check_code(&f, code_offset)?;
        if flags.has_debug_info {
            let positions_start = self.pos;
            f.filename = self.atom("the file name")?;
            f.line = self.leb("the line number")?;
            f.column = self.leb("the column number")?;
            let n = self.leb("the position-table length")?;
            f.pc2line = Some(self.bytes(n as usize, "the position table")?.to_vec());
            f.positions_field = Some(positions_start..self.pos);
            let field_start = self.pos;
            let n = self.leb("the source length")?;
            f.source_field = Some(field_start..self.pos + n as usize);
            if n != 0 {
                let offset = self.pos;
                let text = self.bytes(n as usize, "the function source")?;
                f.source =
                    Some(
                        String::from_utf8(text.to_vec()).map_err(|_| ReadError::InvalidUtf8 {
                            offset,
                            what: "the function source",
                        })?,
                    );
            }
        }
        Ok(f)
    }

    /// Decodes every instruction (which checks opcodes, sizes, jump targets and table indices)
    /// and checks atom operands against the atom table, like `JS_ReadFunctionBytecode`.
    fn check_code(&self, f: &Function, code_offset: usize) -> Result<(), ReadError> {
        for insn in f.instructions() {
            let insn = insn?;
            let atom = match insn.operands {
                Operands::Atom(a)
                | Operands::AtomU8(a, _)
                | Operands::AtomU16(a, _)
                | Operands::AtomLabelU8 { atom: a, .. }
                | Operands::AtomLabelU16 { atom: a, .. } => a,
                _ => continue,
            };
            self.resolve(code_offset + insn.pc as usize + 1, atom)?;
        }
        Ok(())
    }

    /// `JS_ReadModule`.
    fn module(&mut self) -> Result<Module, ReadError> {
        let name = self.name("the module name")?;
        let n = self.count("the requested-module count", 1)?;
        let mut requests = Vec::with_capacity(n);
        for _ in 0..n {
            requests.push(self.name("a requested module")?);
        }
        let n = self.count("the export count", 3)?;
        let mut exports = Vec::with_capacity(n);
        for _ in 0..n {
            let offset = self.pos;
            let export = match self.u8("an export type")? {
                0 => {
                    let var_idx = self.leb("an export's variable index")?;
                    Export::Local {
                        var_idx,
                        name: self.name("an export name")?,
                    }
                }
                1 => {
                    let request = self.leb("an export's module index")?;
                    let local_name = self.name("a re-exported name")?;
                    Export::Indirect {
                        request,
                        local_name,
                        name: self.name("an export name")?,
                    }
                }
                other => {
                    return Err(ReadError::ValueOutOfRange {
                        offset,
                        what: "an export type",
                        value: u64::from(other),
                        max: 1,
                    })
                }
            };
            exports.push(export);
        }
        let n = self.count("the star-export count", 1)?;
        let mut star_exports = Vec::with_capacity(n);
        for _ in 0..n {
            star_exports.push(self.leb("a star export's module index")?);
        }
        let n = self.count("the import count", 3)?;
        let mut imports = Vec::with_capacity(n);
        for _ in 0..n {
            let var_idx = self.leb("an import's variable index")?;
            let name = self.name("an import name")?;
            let request = self.leb("an import's module index")?;
            imports.push(Import {
                var_idx,
                name,
                request,
            });
        }
        let has_tla = self.u8("the top-level-await flag")? != 0;
        let function = self.value()?;
        Ok(Module {
            name,
            requests,
            exports,
            star_exports,
            imports,
            has_tla,
            function,
        })
    }
}

/// QuickJS string bytes to a Rust string: 8-bit strings are Latin-1, wide ones UTF-16LE (lone
/// surrogates become U+FFFD).
fn decode_string(wide: bool, bytes: &[u8]) -> String {
    if wide {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_matches_the_c_algorithm_on_known_lengths() {
        // Hand-computed from bc_csum: one byte 0x01 -> (0 + 1) * K.
        assert_eq!(bc_csum(&[1]), 0x9e37_0001);
        assert_eq!(bc_csum(&[]), 0);
        // Exactly 4 bytes: the loop does not run and the switch has no case 4.
        assert_eq!(bc_csum(&[1, 2, 3, 4]), 0);
        // 5 bytes: one word mixed, then the last byte.
        let k = 0x9e37_0001u32;
        let h = 0x0403_0201u32.wrapping_mul(k);
        assert_eq!(bc_csum(&[1, 2, 3, 4, 5]), h.wrapping_add(5).wrapping_mul(k));
    }

    #[test]
    fn strings_decode_latin1_and_utf16() {
        assert_eq!(decode_string(false, &[0x61, 0xe9]), "aé");
        assert_eq!(decode_string(true, &[0x3d, 0xd8, 0x00, 0xde]), "😀");
        assert_eq!(decode_string(true, &[0x3d, 0xd8]), "\u{fffd}");
    }
}
