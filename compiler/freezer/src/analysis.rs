//! Which functions can be frozen, and the facts code generation needs: the stack depth before
//! every reachable instruction and the branch targets.

use std::collections::BTreeMap;

use edgebox_bytecode::{Function, FunctionKind};
use edgebox_opcodes::HandlerPattern;

use crate::insn::{decode, Insn};

/// A function the freezer will compile.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Reachable instructions in pc order, each with the stack depth before it.
    pub insns: Vec<(Insn, u32)>,
    /// Instruction offsets that are branch targets (they get a C label).
    pub targets: Vec<u32>,
    /// Deepest stack reached.
    pub max_depth: u32,
    /// Whether the body writes an argument (arguments are then copied on entry).
    pub writes_args: bool,
}

/// Why a function stays interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Generators and async functions suspend their frame: not supported.
    Kind(&'static str),
    /// Class constructors (derived or needing a home object) run only through `new`.
    ClassConstructor,
    /// A local is captured by a nested closure (its frame must outlive the call).
    CapturedLocal(String),
    /// An opcode without a handler pattern, or with one this code generator does not take.
    Opcode {
        /// Its name.
        name: &'static str,
        /// Its offset.
        pc: u32,
    },
    /// Too small to win: the interpreter's call is as fast as the frozen one.
    TooSmall(usize),
    /// The bytecode is not well formed (inconsistent stack depth, bad jump).
    Malformed(String),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Kind(kind) => write!(f, "{kind} functions are not frozen"),
            Rejection::ClassConstructor => f.write_str("class constructors are not frozen"),
            Rejection::CapturedLocal(name) => {
                write!(f, "local `{name}` is captured by a nested closure")
            }
            Rejection::Opcode { name, pc } => write!(f, "unsupported opcode `{name}` at pc {pc}"),
            Rejection::TooSmall(n) => write!(
                f,
                "too small to win ({n} instructions, fewer than {MIN_INSTRUCTIONS}, no loop or call)"
            ),
            Rejection::Malformed(why) => write!(f, "malformed bytecode: {why}"),
        }
    }
}

/// Functions with fewer instructions than this and no loop or call stay interpreted: the
/// frozen entry (frame push, stack check) costs about what interpreting them does.
pub const MIN_INSTRUCTIONS: usize = 6;

/// Whether this code generator compiles opcodes of `pattern` (the rest of the patterns need
/// the interpreter's frame: closures created here, locals captured by them).
fn generated(pattern: HandlerPattern) -> bool {
    !matches!(
        pattern,
        HandlerPattern::Closure | HandlerPattern::CloseLocal
    )
}

/// Decides whether `function` can be frozen and plans it.
pub fn plan(function: &Function) -> Result<Plan, Rejection> {
    match function.kind {
        FunctionKind::Normal => {}
        FunctionKind::Generator => return Err(Rejection::Kind("generator")),
        FunctionKind::Async => return Err(Rejection::Kind("async")),
        FunctionKind::AsyncGenerator => return Err(Rejection::Kind("async generator")),
    }
    if function.flags.is_derived_class_constructor || function.flags.need_home_object {
        return Err(Rejection::ClassConstructor);
    }
    if let Some(var) = function.vars.iter().find(|v| v.is_captured) {
        return Err(Rejection::CapturedLocal(var.name.clone()));
    }
    let insns = decode(function).map_err(|e| Rejection::Malformed(e.0))?;
    for insn in &insns {
        if !insn.op.pattern().is_some_and(generated) {
            return Err(Rejection::Opcode {
                name: insn.name(),
                pc: insn.pc,
            });
        }
    }
    let by_pc: BTreeMap<u32, usize> = insns.iter().enumerate().map(|(i, x)| (x.pc, i)).collect();
    let mut depth: Vec<Option<u32>> = vec![None; insns.len()];
    let mut work = vec![(0usize, 0u32)];
    let mut max_depth = 0;
    let mut has_loop_or_call = false;
    while let Some((i, d)) = work.pop() {
        let Some(insn) = insns.get(i) else {
            return Err(Rejection::Malformed("execution falls off the end".into()));
        };
        match depth[i] {
            Some(seen) if seen == d => continue,
            Some(seen) => {
                return Err(Rejection::Malformed(format!(
                    "stack depth {seen} and {d} meet at pc {}",
                    insn.pc
                )))
            }
            None => depth[i] = Some(d),
        }
        let pattern = insn.op.pattern();
        if matches!(
            pattern,
            Some(
                HandlerPattern::Call
                    | HandlerPattern::MethodCall
                    | HandlerPattern::TailCall
                    | HandlerPattern::Construct
            )
        ) {
            has_loop_or_call = true;
        }
        let popped = insn.n_pop();
        if popped > d {
            return Err(Rejection::Malformed(format!(
                "stack underflow at pc {}",
                insn.pc
            )));
        }
        let after = d - popped + insn.n_push();
        max_depth = max_depth.max(after).max(d);
        if let Some(target) = insn.target {
            let &t = by_pc.get(&target).ok_or_else(|| {
                Rejection::Malformed(format!("jump to {target} from pc {}", insn.pc))
            })?;
            if target <= insn.pc {
                has_loop_or_call = true;
            }
            work.push((t, after));
        }
        let falls_through = !matches!(
            pattern,
            Some(HandlerPattern::Jump | HandlerPattern::Return | HandlerPattern::TailCall)
        ) && !matches!(insn.name(), "throw" | "throw_error");
        if falls_through {
            work.push((i + 1, after));
        }
    }
    let reachable: Vec<(Insn, u32)> = insns
        .iter()
        .zip(&depth)
        .filter_map(|(insn, d)| d.map(|d| (*insn, d)))
        .collect();
    if reachable.len() < MIN_INSTRUCTIONS && !has_loop_or_call {
        return Err(Rejection::TooSmall(reachable.len()));
    }
    let mut targets: Vec<u32> = reachable.iter().filter_map(|(x, _)| x.target).collect();
    targets.sort_unstable();
    targets.dedup();
    let writes_args = reachable.iter().any(|(x, _)| {
        matches!(
            x.op.pattern(),
            Some(HandlerPattern::ArgWrite | HandlerPattern::ArgTee)
        )
    });
    Ok(Plan {
        insns: reachable,
        targets,
        max_depth,
        writes_args,
    })
}
