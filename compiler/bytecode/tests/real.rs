//! The reader against real bytecode written by the pinned QuickJS-NG (host build).

mod common;

use common::{module, script};
use edgebox_bytecode::{
    disassemble, read, Bytecode, ClosureType, Export, Function, FunctionKind, Operands, Value,
};
use num_bigint::BigInt;

const PROGRAM: &str = r#"
function add(a, b) { return a + b; }
function outer(x) { let y = 2; const f = (z) => x + y + z; return f(1.5); }
var big = 123456789012345678901234567890n, nbig = -98765432109876543210n;
var fl = 1e300, s = "h\u00e9llo w\u00f6rld \u{1F600}";
var re = /ab+c/gi;
function tag(s, ...v) { return s.raw; }
tag`a${1}b\u{41}`;
var o = {a: 1, 2: "x", [Symbol.iterator]: 3};
for (var i = 0; i < 10; i++) { if (i == 3) continue; }
function* g() { yield 1; }
async function af() { await 1; }
async function* ag() { yield* g(); }
class C extends Object { #p = 1; constructor() { super(); } m() { return super.m; } }
with (o) { a; }
"#;

fn by_name<'a>(bc: &'a Bytecode, name: &str) -> &'a Function {
    bc.functions()
        .into_iter()
        .find(|f| f.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no function `{name}`"))
}

fn program() -> Bytecode {
    read(&script(PROGRAM)).unwrap()
}

#[test]
fn functions_have_their_names_counts_and_kinds() {
    let bc = program();
    let root = match &bc.root {
        Value::Function(f) => f,
        other => panic!("root is {other:?}"),
    };
    assert_eq!(root.ordinal, 0);
    assert_eq!(root.name.as_deref(), Some("<eval>"));
    assert_eq!(root.filename.as_deref(), Some("t.js"));

    let add = by_name(&bc, "add");
    assert_eq!(
        (add.arg_count, add.var_count, add.defined_arg_count),
        (2, 0, 2)
    );
    let names: Vec<&str> = add.args().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!((add.line, add.column), (2, 1));
    assert_eq!(add.kind, FunctionKind::Normal);
    assert!(add.flags.has_prototype && add.flags.has_debug_info);
    assert!(!add.is_strict);

    let tag = by_name(&bc, "tag");
    assert_eq!((tag.arg_count, tag.defined_arg_count), (2, 1));
    assert!(!tag.flags.has_simple_parameter_list);
    assert_eq!(by_name(&bc, "g").kind, FunctionKind::Generator);
    assert_eq!(by_name(&bc, "af").kind, FunctionKind::Async);
    assert_eq!(by_name(&bc, "ag").kind, FunctionKind::AsyncGenerator);
    assert!(by_name(&bc, "add").source.is_some());
}

#[test]
fn closures_capture_arguments_and_locals_of_the_parent() {
    let bc = program();
    let outer = by_name(&bc, "outer");
    assert_eq!(outer.var_ref_count, 2);
    assert_eq!(outer.args()[0].var_ref_idx, Some(0));
    let y = &outer.locals()[0];
    assert_eq!(y.name, "y");
    assert!(y.is_lexical && y.is_captured && !y.is_const);
    assert!(outer.locals()[1].is_const);

    let arrow = match &outer.cpool[0] {
        Value::Function(f) => f,
        other => panic!("cpool[0] is {other:?}"),
    };
    assert_eq!(arrow.ordinal, outer.ordinal + 1);
    assert_eq!(arrow.closure_vars.len(), 2);
    let x = &arrow.closure_vars[0];
    assert_eq!(
        (x.name.as_str(), x.var_idx, x.closure_type),
        ("x", 0, ClosureType::Arg)
    );
    assert!(x.is_arg && !x.is_local);
    let y = &arrow.closure_vars[1];
    assert_eq!(
        (y.name.as_str(), y.var_idx, y.closure_type),
        ("y", 0, ClosureType::Local)
    );
    assert!(y.is_local && y.is_lexical);
    assert_eq!(outer.cpool[1], Value::Float64(1.5));
}

#[test]
fn constants_keep_their_exact_values() {
    let bc = program();
    let root = by_name(&bc, "<eval>");
    let has = |v: &Value| root.cpool.contains(v);
    assert!(has(&Value::BigInt(
        "123456789012345678901234567890".parse::<BigInt>().unwrap()
    )));
    assert!(has(&Value::BigInt(
        "98765432109876543210".parse::<BigInt>().unwrap()
    )));
    assert!(has(&Value::Float64(1e300)));
    assert!(has(&Value::String("ab+c".into())), "regexp pattern");
    // Latin-1 and UTF-16 strings are atoms here (push_atom_value); both decode.
    assert!(bc
        .atoms
        .iter()
        .any(|a| a == "h\u{e9}llo w\u{f6}rld \u{1F600}"));
    let template = root
        .cpool
        .iter()
        .find_map(|v| match v {
            Value::Template { cooked, raw } => Some((cooked, raw)),
            _ => None,
        })
        .expect("a template object in the constant pool");
    assert_eq!(
        *template.0,
        [Value::String("a".into()), Value::String("bA".into())]
    );
    // The raw array is frozen too, so it is written as a template whose own `raw` is undefined.
    assert_eq!(
        **template.1,
        Value::Template {
            cooked: vec![Value::String("a".into()), Value::String("b\\u{41}".into())],
            raw: Box::new(Value::Undefined)
        }
    );
}

#[test]
fn ordinals_are_depth_first_preorder_in_file_order() {
    let bc = program();
    // Independent walk: a function, then its constant pool in order, recursively.
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Function>) {
        match v {
            Value::Function(f) => {
                out.push(f);
                f.cpool.iter().for_each(|c| walk(c, out));
            }
            Value::Module(m) => walk(&m.function, out),
            _ => {}
        }
    }
    let mut preorder = Vec::new();
    walk(&bc.root, &mut preorder);
    let ordinals: Vec<u32> = preorder.iter().map(|f| f.ordinal).collect();
    let expected: Vec<u32> = (0..preorder.len() as u32).collect();
    assert_eq!(ordinals, expected);
    let listed: Vec<u32> = bc.functions().iter().map(|f| f.ordinal).collect();
    assert_eq!(listed, expected);
    // The program's functions, in the order they appear in the root's constant pool.
    let names: Vec<&str> = preorder
        .iter()
        .map(|f| f.name.as_deref().unwrap_or("?"))
        .collect();
    assert_eq!(&names[..4], ["<eval>", "add", "outer", "?"]);
    assert!(names.len() >= 11, "{names:?}");
}

#[test]
fn instructions_decode_to_exactly_the_end_of_every_function() {
    let bc = program();
    let mut seen_with = false;
    for f in bc.functions() {
        let mut end = 0;
        for insn in f.instructions() {
            let insn = insn.unwrap();
            assert_eq!(insn.pc, end, "in {}", f.id());
            end = insn.next_pc();
            match insn.operands {
                Operands::Atom(a) | Operands::AtomU8(a, _) | Operands::AtomU16(a, _) => {
                    assert!(bc.atom(a).is_some())
                }
                Operands::AtomLabelU8 { atom, target, .. } => {
                    seen_with = true;
                    assert!(bc.atom(atom).unwrap().as_str() == Some("a"));
                    assert!((target as usize) < f.code.len());
                }
                Operands::Label(t) => assert!((t as usize) < f.code.len()),
                _ => {}
            }
        }
        assert_eq!(end as usize, f.code.len(), "in {}", f.id());
        assert_eq!(f.code_hash, edgebox_bytecode::fnv1a64(&f.code));
    }
    assert!(seen_with, "the `with` statement compiles to with_get_var");
}

#[test]
fn short_opcodes_and_labels_decode_to_absolute_targets() {
    let bc = read(&script(
        "function loop(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }",
    ))
    .unwrap();
    let f = by_name(&bc, "loop");
    let insns: Vec<_> = f.instructions().map(Result::unwrap).collect();
    let names: Vec<&str> = insns.iter().map(|i| i.opcode.name()).collect();
    assert!(names.contains(&"get_arg0"), "{names:?}");
    let jump = insns
        .iter()
        .find_map(|i| match i.operands {
            Operands::Label(t) if i.opcode.name().starts_with("goto") => Some((i.pc, t)),
            _ => None,
        })
        .expect("a backward goto");
    assert!(jump.1 < jump.0, "the loop's goto jumps backwards: {jump:?}");
    assert!(
        insns.iter().any(|i| i.pc == jump.1),
        "target is an instruction start"
    );
}

#[test]
fn modules_carry_imports_exports_and_their_body() {
    let bc = read(&module(
        "import {y as x} from './m.js'; export const y = 1; export function f() { return x; } \
         export * from './m.js'; export {y as w} from './m.js'; await 1;",
    ))
    .unwrap();
    let m = match &bc.root {
        Value::Module(m) => m,
        other => panic!("root is {other:?}"),
    };
    assert_eq!(m.name, "m.js");
    assert_eq!(m.requests, ["./m.js"]);
    assert!(m.has_tla);
    assert_eq!(m.imports.len(), 1);
    assert_eq!((m.imports[0].name.as_str(), m.imports[0].request), ("y", 0));
    assert!(m.exports.contains(&Export::Indirect {
        request: 0,
        local_name: "y".into(),
        name: "w".into()
    }));
    assert!(m
        .exports
        .iter()
        .any(|e| matches!(e, Export::Local { name, .. } if name == "f")));
    assert_eq!(m.star_exports, [0]);
    let body = bc.functions()[0];
    assert_eq!(body.kind, FunctionKind::Async);
    assert!(body.is_strict);
    let import = &body.closure_vars[m.imports[0].var_idx as usize];
    assert_eq!(
        (import.name.as_str(), import.closure_type),
        ("x", ClosureType::ModuleImport)
    );
    assert_eq!(bc.functions()[1].name.as_deref(), Some("f"));
}

#[test]
fn disassembly_of_a_small_program_matches_the_golden_file() {
    let bc = read(&script(
        "function add(a, b) { return a + b * 2.5; }\nvar r = add(1, 'x');\nif (r) r = [r, 7n];\n",
    ))
    .unwrap();
    let text = disassemble(&bc);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/small.txt");
    if std::env::var_os("EDGEBOX_BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run with EDGEBOX_BLESS=1 to create it)"));
    assert_eq!(
        text, golden,
        "re-bless with EDGEBOX_BLESS=1 if the change is intended"
    );
}

#[test]
fn every_prefix_of_a_real_program_is_an_error_not_a_panic() {
    let bytes = script("function f(a) { return [a, 'two', 3.5, 4n]; }\nf(1);\n");
    read(&bytes).unwrap();
    for len in 0..bytes.len() {
        assert!(read(&bytes[..len]).is_err(), "prefix of {len} bytes");
        let options = edgebox_bytecode::ReadOptions {
            verify_checksum: false,
            ..Default::default()
        };
        assert!(
            edgebox_bytecode::read_with(&bytes[..len], options).is_err(),
            "prefix of {len} bytes, checksum not verified"
        );
    }
}
