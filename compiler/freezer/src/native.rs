//! Native paths for self-recursive numeric functions (fib-, tak-, ack-like): the body again,
//! on int32 machine integers, entered only under guards that keep it exact.
//!
//! Eligible: a function whose every instruction is an argument read, an integer constant,
//! `+ - *`, a comparison, `++`/`--`, a branch or jump, a call of the function itself through
//! the closure variable that holds it, or a return of an integer. Such a body has no side
//! effects, so when it cannot finish exactly (int32 overflow, a -0 result, recursion deeper
//! than `EDGEBOX_NATIVE_MAX_DEPTH`) the whole call is redone on the generic path, unobservably
//! (after a depth failure, the calls nested in that generic run skip the native attempt).
//! The entry guard requires every argument to be an int32 and the closure variable to hold
//! this very function object at the time of the call: if the program rebinds the name, calls go
//! through the generic path, which reads the binding on every call as the interpreter does.
//! While the native path runs no JavaScript can run, so the binding cannot change under it.
//!
//! The native function returns its int32 result widened to `int64_t`, or a value below
//! `INT32_MIN` saying why it gave up; it reads and writes no memory, so clang sees it as pure.
//! With few self-calls it is unrolled one level (see [`render`]).

use std::collections::BTreeMap;

use edgebox_bytecode::Function;

use crate::analysis::Plan;
use crate::insn::Insn;

/// What a stack slot holds on the native path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An int32 number.
    Int,
    /// A boolean (0 or 1).
    Bool,
    /// The function itself (the callee of a self-call).
    SelfFn,
}

/// Self-calls up to which the native body is unrolled one level (each unrolled call site holds a
/// copy of the body, so code grows with the square of this).
const UNROLL_MAX_SELF_CALLS: usize = 4;

/// The native function and the C that enters it from the generic body, or `None` when the
/// function is not eligible. With `unroll`, the body is also emitted as an always-inlined copy
/// that the self-calls go through: the recursion unrolled one level, fewer calls, and (the body
/// being pure) identical calls that clang may merge.
pub fn render(
    function: &Function,
    plan: &Plan,
    cname: &str,
    unroll: bool,
) -> Option<(String, String)> {
    let name = function.name.as_deref()?;
    let self_ref = function
        .closure_vars
        .iter()
        .position(|cv| cv.name == name)? as i64;
    if function.var_count != 0 || function.arg_count == 0 {
        return None;
    }
    let self_calls = check_subset(function, plan, self_ref)?;
    let argc = u32::from(function.arg_count);
    let params: Vec<String> = (0..argc).map(|i| format!("int32_t a{i}")).collect();
    let unrolled = unroll && self_calls <= UNROLL_MAX_SELF_CALLS;
    let inner = format!("{cname}_unrolled");
    let body = |callee: &str| -> Option<Vec<String>> {
        let mut lines = Vec::new();
        for (insn, d) in &plan.insns {
            let mut line = String::new();
            if plan.targets.binary_search(&insn.pc).is_ok() {
                line.push_str(&format!("L{}:;\n", insn.pc));
            }
            line.push_str(&op(insn, *d, callee, argc)?);
            lines.push(line);
        }
        Some(lines)
    };
    let max_depth = plan
        .insns
        .iter()
        .map(|(insn, d)| *d + insn.n_push())
        .max()
        .unwrap_or(0);
    let slots: Vec<String> = (0..max_depth).map(|i| format!("s{i}")).collect();
    let native = crate::emit::registry()
        .render(
            "native",
            &serde_json::json!({
                "name": name,
                "cname": cname,
                "inner": inner,
                "unrolled": unrolled,
                "params": format!("{}, int depth", params.join(", ")),
                "slots": slots,
                "body": body(if unrolled { &inner } else { cname })?,
                "inner_body": if unrolled { body(cname)? } else { Vec::new() },
            }),
        )
        .ok()?;
    let mut guard = format!("!edgebox_native_suppressed && argc >= {argc}");
    for i in 0..argc {
        guard.push_str(&format!(" && JS_VALUE_GET_TAG(argv[{i}]) == JS_TAG_INT"));
    }
    let args: Vec<String> = (0..argc)
        .map(|i| format!("JS_VALUE_GET_INT(argv[{i}])"))
        .collect();
    let entry = format!(
        "    if ({guard}) {{\n        JSValue self = *JS_FrozenVarRef(&f, {self_ref});\n        \
         if (JS_VALUE_GET_TAG(self) == JS_TAG_OBJECT && JS_VALUE_GET_PTR(self) == JS_VALUE_GET_PTR(func_obj)) {{\n            \
         int64_t r = {cname}({}, 0);\n            \
         if (r >= INT32_MIN) {{\n                JS_FrozenLeave(ctx, &f);\n                \
         return JS_NewInt32(ctx, (int32_t)r);\n            }}\n            \
         if (r == EDGEBOX_NATIVE_TOO_DEEP) {{\n                edgebox_native_suppressed = 1;\n                \
         suppressing = 1;\n            }}\n        }}\n    }}",
        args.join(", ")
    );
    Some((native, entry))
}

/// Checks, by following the kinds of the stack slots through every path, that each
/// instruction stays inside the native subset; `None` if one does not, else the number of
/// self-call sites.
fn check_subset(function: &Function, plan: &Plan, self_ref: i64) -> Option<usize> {
    let index: BTreeMap<u32, usize> = plan
        .insns
        .iter()
        .enumerate()
        .map(|(i, (x, _))| (x.pc, i))
        .collect();
    let mut state: BTreeMap<u32, Vec<Kind>> = BTreeMap::new();
    let mut work = vec![(0usize, Vec::new())];
    let mut self_calls = 0;
    while let Some((i, stack)) = work.pop() {
        let (insn, _) = plan.insns.get(i)?;
        if let Some(seen) = state.get(&insn.pc) {
            if *seen != stack {
                return None;
            }
            continue;
        }
        state.insert(insn.pc, stack.clone());
        let mut s = stack;
        let name = insn.name();
        let mut next = true;
        match name {
            "get_arg" | "get_arg0" | "get_arg1" | "get_arg2" | "get_arg3" => {
                if insn.value >= i64::from(function.arg_count) {
                    return None;
                }
                s.push(Kind::Int);
            }
            "push_i8" | "push_i16" | "push_i32" | "push_minus1" | "push_0" | "push_1"
            | "push_2" | "push_3" | "push_4" | "push_5" | "push_6" | "push_7" => s.push(Kind::Int),
            "get_var_ref" | "get_var_ref0" | "get_var_ref1" | "get_var_ref2" | "get_var_ref3"
                if insn.value == self_ref =>
            {
                s.push(Kind::SelfFn)
            }
            "add" | "sub" | "mul" => {
                if s.pop()? != Kind::Int || s.pop()? != Kind::Int {
                    return None;
                }
                s.push(Kind::Int);
            }
            "lt" | "lte" | "gt" | "gte" | "strict_eq" | "strict_neq" | "eq" | "neq" => {
                if s.pop()? != Kind::Int || s.pop()? != Kind::Int {
                    return None;
                }
                s.push(Kind::Bool);
            }
            "inc" | "dec" => {
                if *s.last()? != Kind::Int {
                    return None;
                }
            }
            "if_false" | "if_true" | "if_false8" | "if_true8" => {
                if s.pop()? == Kind::SelfFn {
                    return None;
                }
            }
            "goto" | "goto8" | "goto16" => next = false,
            "call" | "call0" | "call1" | "call2" | "call3" | "tail_call" => {
                let argc = usize::try_from(insn.value).ok()?;
                if argc != usize::from(function.arg_count) {
                    return None;
                }
                for _ in 0..argc {
                    if s.pop()? != Kind::Int {
                        return None;
                    }
                }
                if s.pop()? != Kind::SelfFn {
                    return None;
                }
                self_calls += 1;
                if name == "tail_call" {
                    next = false;
                } else {
                    s.push(Kind::Int);
                }
            }
            "return" => {
                if s.pop()? != Kind::Int {
                    return None;
                }
                next = false;
            }
            "drop" => {
                s.pop()?;
            }
            "dup" => {
                let top = *s.last()?;
                s.push(top);
            }
            _ => return None,
        }
        if let Some(target) = insn.target {
            work.push((*index.get(&target)?, s.clone()));
        }
        if next {
            work.push((i + 1, s));
        }
    }
    (self_calls > 0).then_some(self_calls)
}

/// One instruction on the native path; self-calls go to `callee`.
fn op(insn: &Insn, d: u32, callee: &str, argc: u32) -> Option<String> {
    let s = |i: u32| format!("s{i}");
    let top = d.checked_sub(1).map(s).unwrap_or_default();
    let top1 = d.checked_sub(2).map(s).unwrap_or_default();
    let label = insn.target.map(|t| format!("L{t}")).unwrap_or_default();
    let c = match insn.name() {
        "get_arg" | "get_arg0" | "get_arg1" | "get_arg2" | "get_arg3" => {
            format!("{} = a{};", s(d), insn.value)
        }
        n if n.starts_with("push_") => format!("{} = {};", s(d), insn.value),
        n if n.starts_with("get_var_ref") => "/* self */".to_string(),
        "add" => format!("if (__builtin_add_overflow({top1}, {top}, &{top1})) goto fail;"),
        "sub" => format!("if (__builtin_sub_overflow({top1}, {top}, &{top1})) goto fail;"),
        "mul" => format!(
            "{{ int64_t r = (int64_t){top1} * {top}; if (r != (int32_t)r || (r == 0 && ({top1} | {top}) < 0)) goto fail; {top1} = (int32_t)r; }}"
        ),
        "lt" => format!("{top1} = {top1} < {top};"),
        "lte" => format!("{top1} = {top1} <= {top};"),
        "gt" => format!("{top1} = {top1} > {top};"),
        "gte" => format!("{top1} = {top1} >= {top};"),
        "strict_eq" | "eq" => format!("{top1} = {top1} == {top};"),
        "strict_neq" | "neq" => format!("{top1} = {top1} != {top};"),
        "inc" => format!("if ({top} == INT32_MAX) goto fail; {top} += 1;"),
        "dec" => format!("if ({top} == INT32_MIN) goto fail; {top} -= 1;"),
        "if_false" | "if_false8" => format!("if (!{top}) goto {label};"),
        "if_true" | "if_true8" => format!("if ({top}) goto {label};"),
        "goto" | "goto8" | "goto16" => format!("goto {label};"),
        "call" | "call0" | "call1" | "call2" | "call3" | "tail_call" => {
            let base = d - argc;
            let args: Vec<String> = (base..d).map(s).collect();
            let call = format!("{callee}({}, depth + 1)", args.join(", "));
            if insn.name() == "tail_call" {
                format!("return {call};")
            } else {
                format!(
                    "{{ int64_t r = {call}; if (r < INT32_MIN) return r; {} = (int32_t)r; }}",
                    s(base - 1)
                )
            }
        }
        "return" => format!("return {top};"),
        "drop" => "/* drop */".to_string(),
        "dup" => format!("{} = {top};", s(d)),
        _ => return None,
    };
    Some(format!("/* {:>4}: {} */ {c}", insn.pc, insn.name()))
}
