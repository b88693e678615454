//! Instructions as the freezer sees them: opcode, stack effect and the one numeric operand it
//! needs (index, immediate, argument count or jump target), decoded from the reader's output.

use edgebox_bytecode::{Function, Operands};
use edgebox_opcodes::{Format, Opcode};

/// One decoded instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insn {
    /// Offset of the opcode byte.
    pub pc: u32,
    /// Offset of the next instruction.
    pub next: u32,
    /// The opcode.
    pub op: Opcode,
    /// The numeric operand: local/argument/closure-variable index, immediate value, constant
    /// index or argument count (0 when the format has none).
    pub value: i64,
    /// Absolute jump target, for branches and jumps.
    pub target: Option<u32>,
}

impl Insn {
    /// The opcode's name.
    pub fn name(&self) -> &'static str {
        self.op.name()
    }

    /// Values popped, argument counts of calls included.
    pub fn n_pop(&self) -> u32 {
        let fixed = u32::from(self.op.info().n_pop);
        match self.op.info().format {
            Format::Npop | Format::Npopx | Format::NpopU16 => fixed + self.value as u32,
            _ => fixed,
        }
    }

    /// Values pushed.
    pub fn n_push(&self) -> u32 {
        u32::from(self.op.info().n_push)
    }
}

/// Why instructions could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

/// Decodes every instruction of `function`.
pub fn decode(function: &Function) -> Result<Vec<Insn>, DecodeError> {
    let mut out = Vec::new();
    for insn in function.instructions() {
        let insn = insn.map_err(|e| DecodeError(e.to_string()))?;
        let op = insn.opcode;
        let (value, target) = operand(&insn.operands);
        out.push(Insn {
            pc: insn.pc,
            next: insn.pc + op.size() as u32,
            op,
            value,
            target,
        });
    }
    Ok(out)
}

fn operand(operands: &Operands) -> (i64, Option<u32>) {
    match *operands {
        Operands::None => (0, None),
        Operands::I32(v) => (i64::from(v), None),
        Operands::U8(v) => (i64::from(v), None),
        Operands::U16(v)
        | Operands::Loc(v)
        | Operands::Arg(v)
        | Operands::VarRef(v)
        | Operands::NArgs(v)
        | Operands::LocPair(v, _)
        | Operands::NArgsU16(v, _) => (i64::from(v), None),
        Operands::U32(v)
        | Operands::U32x2(v, _)
        | Operands::ConstIdx(v)
        | Operands::Atom(v)
        | Operands::AtomU8(v, _)
        | Operands::AtomU16(v, _) => (i64::from(v), None),
        Operands::Label(target) | Operands::LabelU16 { target, .. } => (0, Some(target)),
        Operands::AtomLabelU8 { atom, target, .. }
        | Operands::AtomLabelU16 { atom, target, .. } => (i64::from(atom), Some(target)),
    }
}
