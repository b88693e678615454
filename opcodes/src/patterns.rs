//! The freezer's handler patterns, keyed by opcode name.
//!
//! A pattern says what kind of code an opcode turns into (the freezer renders one C template per
//! pattern); it is looked up by the opcode's *name*, never its number. An opcode with no pattern
//! makes the function that contains it ineligible for freezing.

/// What kind of C an opcode is translated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandlerPattern {
    /// Push a small integer held in the opcode or its operand (`push_i32`, `push_0`, ...).
    PushInt,
    /// Push an entry of the function's constant pool.
    PushConst,
    /// Push an atom as a string (`push_atom_value`, `push_empty_string`).
    PushAtom,
    /// Push `undefined`, `null`, `true` or `false`.
    PushLiteral,
    /// Push `this`.
    PushThis,
    /// Create a closure from a nested function in the constant pool.
    Closure,
    /// Pure stack shuffling: drop, dup, swap, rotations, insertions.
    Stack,
    /// Read a local variable (with or without the TDZ check).
    LocalRead,
    /// Write a local variable and pop the value.
    LocalWrite,
    /// Write a local variable and keep the value on the stack.
    LocalTee,
    /// Read an argument (missing arguments read as `undefined`).
    ArgRead,
    /// Write an argument and pop the value.
    ArgWrite,
    /// Write an argument and keep the value.
    ArgTee,
    /// Read a captured (closure) variable.
    ClosureVarRead,
    /// Write a captured variable and pop the value.
    ClosureVarWrite,
    /// Write a captured variable and keep the value.
    ClosureVarTee,
    /// Detach a local captured by a closure when its scope ends.
    CloseLocal,
    /// Read a global variable.
    GlobalRead,
    /// Write a global variable.
    GlobalWrite,
    /// `+ - * / % **` with an int32 fast path and QuickJS's generic fallback.
    BinaryArithmetic,
    /// Unary `-`, `+`, `++`, `--` (prefix and postfix).
    UnaryArithmetic,
    /// `++`/`--`/`+=` applied to a local in place.
    LocalIncrement,
    /// `& | ^ << >> >>> ~`.
    Bitwise,
    /// `< <= > >=`.
    Comparison,
    /// `== != === !==`.
    Equality,
    /// `instanceof`, `in`.
    Relation,
    /// `!`.
    LogicalNot,
    /// `typeof` and the fused `typeof`/nullish tests.
    TypeTest,
    /// Conditional branch (`if_true`, `if_false`).
    Branch,
    /// Unconditional jump.
    Jump,
    /// Plain function call with a fixed argument count.
    Call,
    /// Method call (`obj.f(...)`: `this` = obj).
    MethodCall,
    /// Call in tail position.
    TailCall,
    /// `new F(...)`.
    Construct,
    /// `return` / falling off the end.
    Return,
    /// `throw` and compiler-emitted errors.
    Throw,
    /// Named property read (`o.x`, `o.length`).
    PropertyGet,
    /// Named property write.
    PropertyPut,
    /// Computed element read (`a[i]`).
    ElementGet,
    /// Computed element write.
    ElementPut,
    /// Convert a computed key to a property key before an element write (`to_propkey*`).
    PropertyKey,
    /// Object literal creation and field definition.
    ObjectLiteral,
    /// Array literal from stack values.
    ArrayLiteral,
    /// No operation.
    Nop,
}

/// Every handled opcode name, grouped by pattern.
pub const PATTERNS: &[(HandlerPattern, &[&str])] = {
    use HandlerPattern::*;
    &[
        (
            PushInt,
            &[
                "push_i32",
                "push_minus1",
                "push_0",
                "push_1",
                "push_2",
                "push_3",
                "push_4",
                "push_5",
                "push_6",
                "push_7",
                "push_i8",
                "push_i16",
            ],
        ),
        (PushConst, &["push_const", "push_const8"]),
        (PushAtom, &["push_atom_value", "push_empty_string"]),
        (
            PushLiteral,
            &["undefined", "null", "push_true", "push_false"],
        ),
        (PushThis, &["push_this"]),
        (Closure, &["fclosure", "fclosure8"]),
        (
            Stack,
            &[
                "drop", "nip", "nip1", "dup", "dup1", "dup2", "dup3", "insert2", "insert3",
                "insert4", "perm3", "perm4", "perm5", "swap", "swap2", "rot3l", "rot3r", "rot4l",
                "rot5l",
            ],
        ),
        (
            LocalRead,
            &[
                "get_loc",
                "get_loc8",
                "get_loc0",
                "get_loc1",
                "get_loc2",
                "get_loc3",
                "get_loc0_loc1",
                "get_loc_check",
            ],
        ),
        (
            LocalWrite,
            &[
                "put_loc",
                "put_loc8",
                "put_loc0",
                "put_loc1",
                "put_loc2",
                "put_loc3",
                "put_loc_check",
                "put_loc_check_init",
                "set_loc_uninitialized",
            ],
        ),
        (
            LocalTee,
            &[
                "set_loc", "set_loc8", "set_loc0", "set_loc1", "set_loc2", "set_loc3",
            ],
        ),
        (
            ArgRead,
            &["get_arg", "get_arg0", "get_arg1", "get_arg2", "get_arg3"],
        ),
        (
            ArgWrite,
            &["put_arg", "put_arg0", "put_arg1", "put_arg2", "put_arg3"],
        ),
        (
            ArgTee,
            &["set_arg", "set_arg0", "set_arg1", "set_arg2", "set_arg3"],
        ),
        (
            ClosureVarRead,
            &[
                "get_var_ref",
                "get_var_ref0",
                "get_var_ref1",
                "get_var_ref2",
                "get_var_ref3",
                "get_var_ref_check",
            ],
        ),
        (
            ClosureVarWrite,
            &[
                "put_var_ref",
                "put_var_ref0",
                "put_var_ref1",
                "put_var_ref2",
                "put_var_ref3",
                "put_var_ref_check",
                "put_var_ref_check_init",
            ],
        ),
        (
            ClosureVarTee,
            &[
                "set_var_ref",
                "set_var_ref0",
                "set_var_ref1",
                "set_var_ref2",
                "set_var_ref3",
            ],
        ),
        (CloseLocal, &["close_loc"]),
        (GlobalRead, &["get_var", "get_var_undef"]),
        (GlobalWrite, &["put_var", "put_var_init"]),
        (
            BinaryArithmetic,
            &["add", "sub", "mul", "div", "mod", "pow"],
        ),
        (
            UnaryArithmetic,
            &["neg", "plus", "inc", "dec", "post_inc", "post_dec"],
        ),
        (LocalIncrement, &["inc_loc", "dec_loc", "add_loc"]),
        (Bitwise, &["and", "or", "xor", "shl", "sar", "shr", "not"]),
        (Comparison, &["lt", "lte", "gt", "gte"]),
        (Equality, &["eq", "neq", "strict_eq", "strict_neq"]),
        (Relation, &["instanceof", "in"]),
        (LogicalNot, &["lnot"]),
        (
            TypeTest,
            &[
                "typeof",
                "is_undefined",
                "is_null",
                "is_undefined_or_null",
                "typeof_is_undefined",
                "typeof_is_function",
            ],
        ),
        (Branch, &["if_false", "if_true", "if_false8", "if_true8"]),
        (Jump, &["goto", "goto8", "goto16"]),
        (Call, &["call", "call0", "call1", "call2", "call3"]),
        (MethodCall, &["call_method"]),
        (TailCall, &["tail_call", "tail_call_method"]),
        (Construct, &["call_constructor"]),
        (Return, &["return", "return_undef"]),
        (Throw, &["throw", "throw_error"]),
        (PropertyGet, &["get_field", "get_field2", "get_length"]),
        (PropertyPut, &["put_field"]),
        (ElementGet, &["get_array_el", "get_array_el2"]),
        (ElementPut, &["put_array_el"]),
        (PropertyKey, &["to_propkey", "to_propkey2"]),
        (ObjectLiteral, &["object", "define_field"]),
        (ArrayLiteral, &["array_from"]),
        (Nop, &["nop"]),
    ]
};

/// The pattern for an opcode name, or `None` if the freezer does not handle it.
pub fn pattern(name: &str) -> Option<HandlerPattern> {
    PATTERNS
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(pattern, _)| *pattern)
}

/// Handler patterns indexed by byte value, for one opcode numbering. Built from (name, byte)
/// pairs, so the same names give the same patterns whatever the numbers are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerTable {
    by_byte: [Option<HandlerPattern>; 256],
}

impl HandlerTable {
    /// Builds the table for an opcode numbering given as (name, byte) of runtime opcodes.
    pub fn new<'a>(opcodes: impl IntoIterator<Item = (&'a str, u8)>) -> HandlerTable {
        let mut by_byte = [None; 256];
        for (name, byte) in opcodes {
            by_byte[usize::from(byte)] = pattern(name);
        }
        HandlerTable { by_byte }
    }

    /// The table for the opcode numbering compiled into this crate.
    pub fn pinned() -> HandlerTable {
        HandlerTable::new(
            crate::Opcode::ALL
                .iter()
                .filter(|op| !op.info().temporary)
                .map(|op| (op.name(), op.byte())),
        )
    }

    /// The pattern of the opcode with this byte value.
    pub fn get(&self, byte: u8) -> Option<HandlerPattern> {
        self.by_byte[usize::from(byte)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Opcode;

    #[test]
    fn every_patterned_name_is_a_runtime_opcode_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (pattern, names) in PATTERNS {
            for name in *names {
                let op = Opcode::from_name(name)
                    .unwrap_or_else(|| panic!("{pattern:?}: no opcode `{name}`"));
                assert!(!op.info().temporary, "{name} is temporary");
                assert!(seen.insert(*name), "{name} listed twice");
            }
        }
        let covered = Opcode::ALL
            .iter()
            .filter(|op| op.pattern().is_some())
            .count();
        assert_eq!(covered, seen.len());
    }

    #[test]
    fn pinned_table_resolves_bytes_through_names() {
        let table = HandlerTable::pinned();
        assert_eq!(
            table.get(Opcode::Add.byte()),
            Some(HandlerPattern::BinaryArithmetic)
        );
        assert_eq!(
            table.get(Opcode::GetLoc0.byte()),
            Some(HandlerPattern::LocalRead)
        );
        assert_eq!(table.get(Opcode::Eval.byte()), None);
    }
}
