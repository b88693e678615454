//! A human-readable listing of a [`Bytecode`].

use std::fmt::Write as _;

use crate::instructions::Operands;
use crate::model::{Bytecode, ClosureType, Export, Function, Module, Value, VarDef};

/// Lists the module record (if the root is a module), then every function in ordinal order: a
/// header (name, `file:line:col`, ordinal, kind, counts, variables, closure variables, constant
/// pool) and one line per instruction, `pc  opcode  operands`, with atoms shown by name, jump
/// targets as absolute pcs and local / argument / closure-variable names after a `;`.
pub fn disassemble(bc: &Bytecode) -> String {
    let mut out = String::new();
    if let Value::Module(m) = &bc.root {
        module_header(&mut out, m);
    }
    for f in bc.functions() {
        function(&mut out, bc, f);
    }
    out
}

fn module_header(out: &mut String, m: &Module) {
    writeln!(out, "module {:?}", m.name).unwrap();
    for (i, r) in m.requests.iter().enumerate() {
        writeln!(out, "  request {i}: {r:?}").unwrap();
    }
    for i in &m.imports {
        writeln!(
            out,
            "  import {} from request {} -> closure var {}",
            i.name, i.request, i.var_idx
        )
        .unwrap();
    }
    for e in &m.exports {
        match e {
            Export::Local { var_idx, name } => {
                writeln!(out, "  export {name} = closure var {var_idx}").unwrap()
            }
            Export::Indirect {
                request,
                local_name,
                name,
            } => writeln!(out, "  export {name} = {local_name} from request {request}").unwrap(),
        }
    }
    for s in &m.star_exports {
        writeln!(out, "  export * from request {s}").unwrap();
    }
    if m.has_tla {
        writeln!(out, "  top-level await").unwrap();
    }
    out.push('\n');
}

fn function(out: &mut String, bc: &Bytecode, f: &Function) {
    let name = f.name.as_deref().unwrap_or("");
    write!(out, "function #{} `{name}`", f.ordinal).unwrap();
    if let Some(file) = &f.filename {
        write!(out, " ({file}:{}:{})", f.line, f.column).unwrap();
    }
    write!(out, " {}", f.kind).unwrap();
    if f.is_strict {
        out.push_str(" strict");
    }
    out.push('\n');
    writeln!(
        out,
        "  args {}, vars {}, defined args {}, stack {}, var refs {}, code {} bytes, hash {:#018x}",
        f.arg_count,
        f.var_count,
        f.defined_arg_count,
        f.stack_size,
        f.var_ref_count,
        f.code.len(),
        f.code_hash
    )
    .unwrap();
    for (i, v) in f.args().iter().enumerate() {
        writeln!(out, "  arg {i}: {}", var(v)).unwrap();
    }
    for (i, v) in f.locals().iter().enumerate() {
        writeln!(out, "  local {i}: {}", var(v)).unwrap();
    }
    for (i, c) in f.closure_vars.iter().enumerate() {
        let from = match c.closure_type {
            ClosureType::Local => "parent local",
            ClosureType::Arg => "parent arg",
            ClosureType::Ref => "parent closure var",
            ClosureType::GlobalRef => "global ref",
            ClosureType::GlobalDecl => "global decl",
            ClosureType::Global => "global",
            ClosureType::ModuleDecl => "module decl",
            ClosureType::ModuleImport => "module import",
        };
        write!(out, "  closure {i}: {} <- {from} {}", c.name, c.var_idx).unwrap();
        if c.is_const {
            out.push_str(" const");
        } else if c.is_lexical {
            out.push_str(" lexical");
        }
        out.push('\n');
    }
    for (i, v) in f.cpool.iter().enumerate() {
        writeln!(out, "  cpool {i}: {}", short_value(v)).unwrap();
    }
    for insn in f.instructions() {
        let insn = match insn {
            Ok(insn) => insn,
            Err(e) => {
                writeln!(out, "  error: {e}").unwrap();
                break;
            }
        };
        let ops = operands(bc, f, insn.operands);
        let line = format!("  {:5}  {:<22}{ops}", insn.pc, insn.opcode.name());
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    out.push('\n');
}

fn var(v: &VarDef) -> String {
    let mut s = if v.name.is_empty() {
        "<temp>".to_string()
    } else {
        v.name.clone()
    };
    if v.is_const {
        s.push_str(" const");
    } else if v.is_lexical {
        s.push_str(" lexical");
    }
    if let Some(r) = v.var_ref_idx {
        write!(s, " captured as var ref {r}").unwrap();
    }
    s
}

fn atom(bc: &Bytecode, idx: u32) -> String {
    bc.atom(idx)
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("<bad atom {idx}>"))
}

fn named(index: u16, name: Option<&str>) -> String {
    match name {
        Some(n) if !n.is_empty() => format!("{index} ; {n}"),
        _ => index.to_string(),
    }
}

fn operands(bc: &Bytecode, f: &Function, ops: Operands) -> String {
    let local = |i: u16| f.locals().get(usize::from(i)).map(|v| v.name.as_str());
    match ops {
        Operands::None => String::new(),
        Operands::I32(v) => v.to_string(),
        Operands::U8(v) => v.to_string(),
        Operands::U16(v) => v.to_string(),
        Operands::U32(v) => v.to_string(),
        Operands::U32x2(a, b) => format!("{a}, {b}"),
        Operands::Loc(i) => named(i, local(i)),
        Operands::LocPair(a, b) => format!(
            "{a}, {b} ; {}, {}",
            local(a).unwrap_or(""),
            local(b).unwrap_or("")
        ),
        Operands::Arg(i) => named(i, f.args().get(usize::from(i)).map(|v| v.name.as_str())),
        Operands::VarRef(i) => named(
            i,
            f.closure_vars.get(usize::from(i)).map(|c| c.name.as_str()),
        ),
        Operands::ConstIdx(i) => match f.cpool.get(i as usize) {
            Some(v) => format!("{i} ; {}", short_value(v)),
            None => i.to_string(),
        },
        Operands::Label(t) => format!("-> {t}"),
        Operands::NArgs(n) => format!("argc {n}"),
        Operands::NArgsU16(n, s) => format!("argc {n}, scope {s}"),
        Operands::Atom(a) => atom(bc, a),
        Operands::AtomU8(a, v) => format!("{}, {v}", atom(bc, a)),
        Operands::AtomU16(a, v) => format!("{}, {v}", atom(bc, a)),
        Operands::AtomLabelU8 {
            atom: a,
            target,
            value,
        } => format!("{}, -> {target}, {value}", atom(bc, a)),
        Operands::AtomLabelU16 {
            atom: a,
            target,
            value,
        } => format!("{}, -> {target}, {value}", atom(bc, a)),
        Operands::LabelU16 { target, value } => format!("-> {target}, {value}"),
    }
}

/// A one-line rendering of a constant.
fn short_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Undefined => "undefined".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int32(i) => i.to_string(),
        Value::Float64(x) => format!("{x:?}"),
        Value::String(s) => format!("{s:?}"),
        Value::BigInt(n) => format!("{n}n"),
        Value::Function(f) => format!(
            "function #{} `{}`",
            f.ordinal,
            f.name.as_deref().unwrap_or("")
        ),
        Value::Module(m) => format!("module {:?}", m.name),
        Value::Object(p) => format!("object ({} properties)", p.len()),
        Value::Array(a) => format!("array ({} items)", a.len()),
        Value::Template { cooked, .. } => format!("template ({} strings)", cooked.len()),
        Value::TypedArray { kind, length, .. } => format!("{kind:?}Array ({length} items)"),
        Value::ArrayBuffer { bytes, .. } => format!("ArrayBuffer ({} bytes)", bytes.len()),
        Value::SharedArrayBuffer { byte_length, .. } => {
            format!("SharedArrayBuffer ({byte_length} bytes)")
        }
        Value::RegExp { pattern, .. } => format!("/{pattern}/"),
        Value::Date(t) => format!("Date({})", short_value(t)),
        Value::ObjectValue(v) => format!("Object({})", short_value(v)),
        Value::ObjectReference(i) => format!("object reference {i}"),
        Value::Map(e) => format!("Map ({} entries)", e.len()),
        Value::Set(e) => format!("Set ({} values)", e.len()),
        Value::Symbol(s) => format!("Symbol({s:?})"),
    }
}
