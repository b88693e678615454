//! C for a planned function, rendered with the Handlebars templates in `templates/frozen/`:
//! one template per handler pattern, chosen by the opcode's pattern (looked up by name).

use handlebars::Handlebars;
use serde_json::{json, Value};

use edgebox_bytecode::Function;
use edgebox_opcodes::HandlerPattern;

use crate::analysis::Plan;
use crate::insn::Insn;
use crate::stack_ops;

/// The templates, embedded at build time.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "module",
        include_str!("../../../templates/frozen/module.c.hbs"),
    ),
    (
        "function",
        include_str!("../../../templates/frozen/function.c.hbs"),
    ),
    (
        "native",
        include_str!("../../../templates/frozen/native.c.hbs"),
    ),
    (
        "push_int",
        include_str!("../../../templates/frozen/ops/push_int.c.hbs"),
    ),
    (
        "push_const",
        include_str!("../../../templates/frozen/ops/push_const.c.hbs"),
    ),
    (
        "push_atom",
        include_str!("../../../templates/frozen/ops/push_atom.c.hbs"),
    ),
    (
        "push_literal",
        include_str!("../../../templates/frozen/ops/push_literal.c.hbs"),
    ),
    (
        "push_this",
        include_str!("../../../templates/frozen/ops/push_this.c.hbs"),
    ),
    (
        "stack",
        include_str!("../../../templates/frozen/ops/stack.c.hbs"),
    ),
    (
        "local_read",
        include_str!("../../../templates/frozen/ops/local_read.c.hbs"),
    ),
    (
        "local_write",
        include_str!("../../../templates/frozen/ops/local_write.c.hbs"),
    ),
    (
        "local_tee",
        include_str!("../../../templates/frozen/ops/local_tee.c.hbs"),
    ),
    (
        "arg_read",
        include_str!("../../../templates/frozen/ops/arg_read.c.hbs"),
    ),
    (
        "arg_write",
        include_str!("../../../templates/frozen/ops/arg_write.c.hbs"),
    ),
    (
        "arg_tee",
        include_str!("../../../templates/frozen/ops/arg_tee.c.hbs"),
    ),
    (
        "closure_var_read",
        include_str!("../../../templates/frozen/ops/closure_var_read.c.hbs"),
    ),
    (
        "closure_var_write",
        include_str!("../../../templates/frozen/ops/closure_var_write.c.hbs"),
    ),
    (
        "closure_var_tee",
        include_str!("../../../templates/frozen/ops/closure_var_tee.c.hbs"),
    ),
    (
        "global_read",
        include_str!("../../../templates/frozen/ops/global_read.c.hbs"),
    ),
    (
        "global_write",
        include_str!("../../../templates/frozen/ops/global_write.c.hbs"),
    ),
    (
        "binary_arithmetic",
        include_str!("../../../templates/frozen/ops/binary_arithmetic.c.hbs"),
    ),
    (
        "unary_arithmetic",
        include_str!("../../../templates/frozen/ops/unary_arithmetic.c.hbs"),
    ),
    (
        "local_increment",
        include_str!("../../../templates/frozen/ops/local_increment.c.hbs"),
    ),
    (
        "bitwise",
        include_str!("../../../templates/frozen/ops/bitwise.c.hbs"),
    ),
    (
        "comparison",
        include_str!("../../../templates/frozen/ops/comparison.c.hbs"),
    ),
    (
        "equality",
        include_str!("../../../templates/frozen/ops/equality.c.hbs"),
    ),
    (
        "relation",
        include_str!("../../../templates/frozen/ops/relation.c.hbs"),
    ),
    (
        "logical_not",
        include_str!("../../../templates/frozen/ops/logical_not.c.hbs"),
    ),
    (
        "type_test",
        include_str!("../../../templates/frozen/ops/type_test.c.hbs"),
    ),
    (
        "branch",
        include_str!("../../../templates/frozen/ops/branch.c.hbs"),
    ),
    (
        "jump",
        include_str!("../../../templates/frozen/ops/jump.c.hbs"),
    ),
    (
        "call",
        include_str!("../../../templates/frozen/ops/call.c.hbs"),
    ),
    (
        "method_call",
        include_str!("../../../templates/frozen/ops/method_call.c.hbs"),
    ),
    (
        "tail_call",
        include_str!("../../../templates/frozen/ops/tail_call.c.hbs"),
    ),
    (
        "construct",
        include_str!("../../../templates/frozen/ops/construct.c.hbs"),
    ),
    (
        "return",
        include_str!("../../../templates/frozen/ops/return.c.hbs"),
    ),
    (
        "throw",
        include_str!("../../../templates/frozen/ops/throw.c.hbs"),
    ),
    (
        "property_get",
        include_str!("../../../templates/frozen/ops/property_get.c.hbs"),
    ),
    (
        "property_put",
        include_str!("../../../templates/frozen/ops/property_put.c.hbs"),
    ),
    (
        "element_get",
        include_str!("../../../templates/frozen/ops/element_get.c.hbs"),
    ),
    (
        "element_put",
        include_str!("../../../templates/frozen/ops/element_put.c.hbs"),
    ),
    (
        "property_key",
        include_str!("../../../templates/frozen/ops/property_key.c.hbs"),
    ),
    (
        "object_literal",
        include_str!("../../../templates/frozen/ops/object_literal.c.hbs"),
    ),
    (
        "array_literal",
        include_str!("../../../templates/frozen/ops/array_literal.c.hbs"),
    ),
    (
        "nop",
        include_str!("../../../templates/frozen/ops/nop.c.hbs"),
    ),
];

/// The template registry (no HTML escaping: this is C).
pub fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    for (name, text) in TEMPLATES {
        hb.register_template_string(name, *text)
            .unwrap_or_else(|e| panic!("template {name} is invalid: {e}"));
    }
    hb
}

/// The template of a handler pattern: its name in snake case.
pub fn template_name(pattern: HandlerPattern) -> String {
    let mut name = String::new();
    for (i, c) in format!("{pattern:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else {
            name.push(c);
        }
    }
    name
}

fn slot(i: u32) -> String {
    format!("s{i}")
}

/// `JS_FrozenOp` on the instruction's operands (spilled to a small array), results back into
/// the slots; on failure the exception is recorded and the remaining slots unwound.
fn dispatch(insn: &Insn, depth: u32) -> String {
    let pop = insn.n_pop();
    // A tail call's result leaves the frame at once; JS_FrozenOp still writes it to a slot.
    let push = if insn.op.pattern() == Some(HandlerPattern::TailCall) {
        1
    } else {
        insn.n_push()
    };
    let base = depth - pop;
    let size = pop.max(push).max(1);
    let mut c = format!("{{ JSValue t[{size}]; ");
    for i in 0..pop {
        c.push_str(&format!("t[{i}] = {}; ", slot(base + i)));
    }
    c.push_str(&format!(
        "if (JS_FrozenOp(ctx, &f, {}, t + {pop})) {{ JS_FrozenException(ctx, &f, {}); goto exc_{base}; }} ",
        insn.pc, insn.next
    ));
    for i in 0..push {
        c.push_str(&format!("{} = t[{i}]; ", slot(base + i)));
    }
    c.push('}');
    c
}

/// Everything a pattern template may use about one instruction.
fn context(insn: &Insn, depth: u32) -> Value {
    let name = insn.name();
    let d = depth;
    let after_pop = d - insn.n_pop();
    let idx = insn.value;
    let top = if d > 0 { slot(d - 1) } else { String::new() };
    let top1 = if d > 1 { slot(d - 2) } else { String::new() };
    let pattern = insn.op.pattern();
    let var = match pattern {
        Some(HandlerPattern::ArgRead | HandlerPattern::ArgWrite | HandlerPattern::ArgTee) => {
            format!("a{idx}")
        }
        _ => format!("l{idx}"),
    };
    let mut v = json!({
        "pc": insn.pc,
        "next": insn.next,
        "name": name,
        "top": top,
        "top1": top1,
        "push": slot(d),
        "push1": slot(d + 1),
        "res": slot(after_pop),
        "idx": idx,
        "imm": idx,
        "var": var,
        "exc_pop": format!("exc_{after_pop}"),
        "ret_here": format!("ret_{d}"),
        "ret_pop": format!("ret_{}", d.saturating_sub(1)),
        "ret_res": format!("ret_{after_pop}"),
        "label": insn.target.map(|t| format!("L{t}")).unwrap_or_default(),
        "dispatch": dispatch(insn, d),
    });
    let extra: Value = match name {
        "undefined" => json!({"literal": "JS_UNDEFINED"}),
        "null" => json!({"literal": "JS_NULL"}),
        "push_true" => json!({"literal": "JS_TRUE"}),
        "push_false" => json!({"literal": "JS_FALSE"}),
        "get_loc0_loc1" => json!({"var": "l0", "var2": "l1"}),
        "get_loc_check" | "get_var_ref_check" | "put_var_ref_check" | "put_var_ref_check_init" => {
            json!({"check": true})
        }
        "put_loc_check" => json!({"check": format!("JS_IsUninitialized(l{idx})")}),
        "put_loc_check_init" => json!({"check": format!("!JS_IsUninitialized(l{idx})")}),
        "set_loc_uninitialized" => json!({"uninitialize": true}),
        "add" => json!({"c_op": "+"}),
        "sub" => json!({"c_op": "-"}),
        "mul" => json!({"c_op": "*", "is_mul": true}),
        "inc" => json!({"c_op": "+", "limit": "INT32_MAX"}),
        "dec" => json!({"c_op": "-", "limit": "INT32_MIN"}),
        "post_inc" => json!({"c_op": "+", "limit": "INT32_MAX", "post": true}),
        "post_dec" => json!({"c_op": "-", "limit": "INT32_MIN", "post": true}),
        "inc_loc" => json!({"c_op": "+", "limit": "INT32_MAX"}),
        "dec_loc" => json!({"c_op": "-", "limit": "INT32_MIN"}),
        "add_loc" => json!({"is_add": true}),
        "and" | "or" | "xor" => {
            let op = match name {
                "and" => "&",
                "or" => "|",
                _ => "^",
            };
            json!({"int_expr": format!("JS_VALUE_GET_INT({top1}) {op} JS_VALUE_GET_INT({top})")})
        }
        "shl" => json!({"int_expr": format!(
            "(int32_t)((uint32_t)JS_VALUE_GET_INT({top1}) << (JS_VALUE_GET_INT({top}) & 0x1f))"
        )}),
        "sar" => json!({"int_expr": format!(
            "JS_VALUE_GET_INT({top1}) >> (JS_VALUE_GET_INT({top}) & 0x1f)"
        )}),
        "lt" => json!({"c_op": "<"}),
        "lte" => json!({"c_op": "<="}),
        "gt" => json!({"c_op": ">"}),
        "gte" => json!({"c_op": ">="}),
        "eq" | "strict_eq" => json!({"c_op": "=="}),
        "neq" | "strict_neq" => json!({"c_op": "!="}),
        "is_undefined" => {
            json!({"tag_test": format!("JS_VALUE_GET_TAG({top}) == JS_TAG_UNDEFINED")})
        }
        "is_null" => json!({"tag_test": format!("JS_VALUE_GET_TAG({top}) == JS_TAG_NULL")}),
        "is_undefined_or_null" => json!({"tag_test": format!(
            "JS_VALUE_GET_TAG({top}) == JS_TAG_UNDEFINED || JS_VALUE_GET_TAG({top}) == JS_TAG_NULL"
        )}),
        "if_true" | "if_true8" => json!({"if_true": true}),
        "to_propkey2" => json!({"object_check": format!(
            "JS_IsUndefined({top1}) || JS_IsNull({top1}) || "
        )}),
        "return_undef" => json!({"undef": true}),
        _ => json!({}),
    };
    if let (Value::Object(base), Value::Object(extra)) = (&mut v, extra) {
        base.extend(extra);
    }
    if pattern == Some(HandlerPattern::Stack) {
        let (taken, left) = stack_ops::shuffle(name).expect("every Stack opcode has a shuffle");
        v["shuffle"] = Value::String(stack_ops::render(taken, left, d));
    }
    v
}

/// Renders one instruction with its pattern's template.
pub fn instruction(hb: &Handlebars<'_>, insn: &Insn, depth: u32) -> String {
    let pattern = insn
        .op
        .pattern()
        .expect("the plan holds only patterned opcodes");
    let text = hb
        .render(&template_name(pattern), &context(insn, depth))
        .unwrap_or_else(|e| panic!("template for {}: {e}", insn.name()));
    format!("/* {:>4}: {} */\n{text}", insn.pc, insn.name())
}

/// The C name of a frozen function.
pub fn c_name(function: &Function, prefix: &str) -> String {
    let name: String = function
        .name
        .as_deref()
        .unwrap_or("anonymous")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    format!("{prefix}_{}_{name}", function.ordinal)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders a whole frozen function (and its native path, already rendered, if any).
pub fn function(
    hb: &Handlebars<'_>,
    function: &Function,
    plan: &Plan,
    native: Option<(String, String)>,
) -> String {
    let mut body = Vec::new();
    for (insn, depth) in &plan.insns {
        let mut text = String::new();
        if plan.targets.binary_search(&insn.pc).is_ok() {
            text.push_str(&format!("L{}:;\n", insn.pc));
        }
        text.push_str(&instruction(hb, insn, *depth));
        body.push(indent(&text));
    }
    let slots: Vec<String> = (0..plan.max_depth).map(slot).collect();
    let locals: Vec<String> = (0..function.var_count).map(|i| format!("l{i}")).collect();
    let args: Vec<Value> = (0..function.arg_count)
        .map(|i| json!({"name": format!("a{i}"), "index": i}))
        .collect();
    let mut frees = String::new();
    for l in &locals {
        frees.push_str(&format!("    JS_FrozenFree(ctx, {l});\n"));
    }
    if plan.writes_args {
        for i in 0..function.arg_count {
            frees.push_str(&format!("    JS_FrozenFree(ctx, a{i});\n"));
        }
    }
    if native.is_some() {
        frees.push_str("    if (suppressing)\n        edgebox_native_suppressed = 0;\n");
    }
    let chain = |prefix: &str| -> Vec<String> {
        let mut out: Vec<String> = (1..=plan.max_depth)
            .rev()
            .map(|k| format!("{prefix}_{k}:\n    JS_FrozenFree(ctx, s{});", k - 1))
            .collect();
        out.push(format!("{prefix}_0:\n{}", frees.trim_end_matches('\n')));
        out
    };
    let (native_fn, native_entry) = native.unzip();
    let location = format!(
        "{}:{}:{}",
        function.filename.as_deref().unwrap_or("?"),
        function.line,
        function.column
    );
    hb.render(
        "function",
        &json!({
            "name": function.name.as_deref().unwrap_or("<anonymous>"),
            "location": location,
            "ordinal": function.ordinal,
            "insn_count": plan.insns.len(),
            "cname": c_name(function, "edgebox_frozen"),
            "slots": slots,
            "locals": locals,
            "args": args,
            "writes_args": plan.writes_args,
            "native": native_fn,
            "native_entry": native_entry,
            "body": body,
            "ret_chain": chain("ret"),
            "exc_chain": chain("exc"),
        }),
    )
    .unwrap_or_else(|e| panic!("function template: {e}"))
}
