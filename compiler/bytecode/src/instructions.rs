//! Decoding a function's code into instructions, operands per the opcode's [`Format`].

use edgebox_opcodes::{Format, Opcode};

use crate::error::ReadError;
use crate::model::Function;

/// One decoded instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instruction {
    /// Offset of the opcode byte in the function's code.
    pub pc: u32,
    /// The opcode.
    pub opcode: Opcode,
    /// The decoded operands.
    pub operands: Operands,
}

impl Instruction {
    /// Offset of the next instruction.
    pub fn next_pc(&self) -> u32 {
        self.pc + self.opcode.size() as u32
    }
}

/// Decoded operands. Jump targets are absolute pcs in the same function (QuickJS stores them
/// relative to the operand's own position: `pc + 1` for the `label*` formats, `pc + 5` for the
/// `atom_label_*` ones). Atoms are file atom indices (see [`crate::Bytecode::atom`]). Operands
/// that short opcodes imply (`get_loc0`, `push_3`, `call2`, ...) are decoded too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operands {
    /// No operand (`none`).
    None,
    /// A signed immediate (`none_int`, `i8`, `i16`, `i32`).
    I32(i32),
    /// `u8`.
    U8(u8),
    /// `u16`.
    U16(u16),
    /// `u32`.
    U32(u32),
    /// `u32x2`.
    U32x2(u32, u32),
    /// A local-variable index (`none_loc`, `loc8`, `loc`).
    Loc(u16),
    /// Two local-variable indices (`get_loc0_loc1`).
    LocPair(u16, u16),
    /// An argument index (`none_arg`, `arg`).
    Arg(u16),
    /// A closure-variable index (`none_var_ref`, `var_ref`).
    VarRef(u16),
    /// A constant-pool index (`const8`, `const`).
    ConstIdx(u32),
    /// A jump target (`label8`, `label16`, `label`).
    Label(u32),
    /// An argument count (`npop`, `npopx`).
    NArgs(u16),
    /// `npop_u16` (`eval`): argument count and scope index.
    NArgsU16(u16, u16),
    /// `atom`.
    Atom(u32),
    /// `atom_u8`.
    AtomU8(u32, u8),
    /// `atom_u16`.
    AtomU16(u32, u16),
    /// `atom_label_u8` (`with_*`).
    AtomLabelU8 {
        /// The variable name.
        atom: u32,
        /// Jump target.
        target: u32,
        /// The trailing byte (`is_with`).
        value: u8,
    },
    /// `atom_label_u16`.
    AtomLabelU16 {
        /// The atom.
        atom: u32,
        /// Jump target.
        target: u32,
        /// The trailing u16.
        value: u16,
    },
    /// `label_u16`.
    LabelU16 {
        /// Jump target.
        target: u32,
        /// The trailing u16.
        value: u16,
    },
}

/// Iterator over a function's instructions; yields at most one error, then stops.
#[derive(Debug, Clone)]
pub struct Instructions<'a> {
    function: &'a Function,
    pc: usize,
    failed: bool,
}

impl Function {
    /// Decodes the code from the start. Each item is an instruction or the reason decoding
    /// stopped (unknown opcode, truncated instruction, jump outside the code, index past the
    /// locals / arguments / closure variables / constant pool).
    pub fn instructions(&self) -> Instructions<'_> {
        Instructions {
            function: self,
            pc: 0,
            failed: false,
        }
    }
}

impl Iterator for Instructions<'_> {
    type Item = Result<Instruction, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pc >= self.function.code.len() {
            return None;
        }
        let item = decode(self.function, self.pc);
        match &item {
            Ok(insn) => self.pc += insn.opcode.size(),
            Err(_) => self.failed = true,
        }
        Some(item)
    }
}

/// The number an implicit-operand opcode carries in its name: `get_loc2` -> 2,
/// `push_minus1` -> -1, `call3` -> 3.
fn name_number(name: &str) -> Option<i32> {
    if name.ends_with("minus1") {
        return Some(-1);
    }
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    name[name.len() - digits..].parse().ok()
}

fn decode(f: &Function, pc: usize) -> Result<Instruction, ReadError> {
    let code = &f.code;
    let byte = code[pc];
    let Some(opcode) = Opcode::from_byte(byte) else {
        return Err(ReadError::UnknownOpcode {
            function: f.id(),
            pc: pc as u32,
            byte,
        });
    };
    let size = opcode.size();
    if code.len() - pc < size {
        return Err(ReadError::TruncatedInstruction {
            function: f.id(),
            pc: pc as u32,
            opcode: opcode.name(),
            size,
            available: code.len() - pc,
        });
    }
    let ops = &code[pc + 1..pc + size];
    let u8_at = |i: usize| ops[i];
    let u16_at = |i: usize| u16::from_le_bytes([ops[i], ops[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([ops[i], ops[i + 1], ops[i + 2], ops[i + 3]]);
    let name = opcode.name();
    let implied = || -> Result<i32, ReadError> {
        name_number(name).ok_or_else(|| ReadError::UnsupportedOpcode {
            function: f.id(),
            pc: pc as u32,
            opcode: name,
        })
    };
    let target = |base: usize, offset: i64| -> Result<u32, ReadError> {
        let t = base as i64 + offset;
        if t < 0 || t >= code.len() as i64 {
            return Err(ReadError::LabelOutOfRange {
                function: f.id(),
                pc: pc as u32,
                opcode: name,
                target: t,
                len: code.len(),
            });
        }
        Ok(t as u32)
    };
    let operands = match opcode.info().format {
        Format::None => Operands::None,
        Format::NoneInt => Operands::I32(implied()?),
        Format::NoneLoc => {
            let locs: Vec<u16> = name
                .split('_')
                .filter_map(|part| part.strip_prefix("loc")?.parse().ok())
                .collect();
            match locs[..] {
                [a] => Operands::Loc(a),
                [a, b] => Operands::LocPair(a, b),
                _ => Operands::Loc(implied()? as u16),
            }
        }
        Format::NoneArg => Operands::Arg(implied()? as u16),
        Format::NoneVarRef => Operands::VarRef(implied()? as u16),
        Format::U8 => Operands::U8(u8_at(0)),
        Format::I8 => Operands::I32(i32::from(u8_at(0) as i8)),
        Format::Loc8 => Operands::Loc(u16::from(u8_at(0))),
        Format::Const8 => Operands::ConstIdx(u32::from(u8_at(0))),
        Format::Label8 => Operands::Label(target(pc + 1, i64::from(u8_at(0) as i8))?),
        Format::U16 => Operands::U16(u16_at(0)),
        Format::I16 => Operands::I32(i32::from(u16_at(0) as i16)),
        Format::Label16 => Operands::Label(target(pc + 1, i64::from(u16_at(0) as i16))?),
        Format::Npop => Operands::NArgs(u16_at(0)),
        Format::Npopx => Operands::NArgs(implied()? as u16),
        Format::NpopU16 => Operands::NArgsU16(u16_at(0), u16_at(2)),
        Format::Loc => Operands::Loc(u16_at(0)),
        Format::Arg => Operands::Arg(u16_at(0)),
        Format::VarRef => Operands::VarRef(u16_at(0)),
        Format::U32 => Operands::U32(u32_at(0)),
        Format::U32x2 => Operands::U32x2(u32_at(0), u32_at(4)),
        Format::I32 => Operands::I32(u32_at(0) as i32),
        Format::Const => Operands::ConstIdx(u32_at(0)),
        Format::Label => Operands::Label(target(pc + 1, i64::from(u32_at(0) as i32))?),
        Format::Atom => Operands::Atom(u32_at(0)),
        Format::AtomU8 => Operands::AtomU8(u32_at(0), u8_at(4)),
        Format::AtomU16 => Operands::AtomU16(u32_at(0), u16_at(4)),
        Format::AtomLabelU8 => Operands::AtomLabelU8 {
            atom: u32_at(0),
            target: target(pc + 5, i64::from(u32_at(4) as i32))?,
            value: u8_at(8),
        },
        Format::AtomLabelU16 => Operands::AtomLabelU16 {
            atom: u32_at(0),
            target: target(pc + 5, i64::from(u32_at(4) as i32))?,
            value: u16_at(8),
        },
        Format::LabelU16 => Operands::LabelU16 {
            target: target(pc + 1, i64::from(u32_at(0) as i32))?,
            value: u16_at(4),
        },
    };
    check_indices(f, pc, opcode, operands)?;
    Ok(Instruction {
        pc: pc as u32,
        opcode,
        operands,
    })
}

fn check_indices(
    f: &Function,
    pc: usize,
    opcode: Opcode,
    operands: Operands,
) -> Result<(), ReadError> {
    let check = |table: &'static str, index: u32, len: usize| {
        if (index as usize) < len {
            Ok(())
        } else {
            Err(ReadError::OperandOutOfRange {
                function: f.id(),
                pc: pc as u32,
                opcode: opcode.name(),
                table,
                index,
                len: len as u32,
            })
        }
    };
    let locals = usize::from(f.var_count);
    match operands {
        Operands::Loc(i) => check("local", u32::from(i), locals),
        Operands::LocPair(a, b) => {
            check("local", u32::from(a), locals)?;
            check("local", u32::from(b), locals)
        }
        Operands::Arg(i) => check("argument", u32::from(i), usize::from(f.arg_count)),
        Operands::VarRef(i) => check("closure variable", u32::from(i), f.closure_vars.len()),
        Operands::ConstIdx(i) => check("constant", i, f.cpool.len()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implicit_operand_opcode_has_a_number_in_its_name() {
        for op in Opcode::ALL {
            let implicit = matches!(
                op.info().format,
                Format::NoneInt
                    | Format::NoneArg
                    | Format::NoneVarRef
                    | Format::Npopx
                    | Format::NoneLoc
            );
            if implicit && !op.info().temporary {
                assert!(name_number(op.name()).is_some(), "{}", op.name());
            }
        }
        assert_eq!(name_number("push_minus1"), Some(-1));
        assert_eq!(name_number("push_7"), Some(7));
        assert_eq!(name_number("call2"), Some(2));
        assert_eq!(name_number("nop"), None);
    }
}
