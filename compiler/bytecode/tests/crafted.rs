//! Hand-made buffers: every value tag, and every error the reader reports.

mod common;

use common::{buffer, leb, op, script, var, Func};
use edgebox_bytecode::{
    read, AtomKind, ReadError, TypedArrayKind, Value, JS_ATOM_END, JS_ATOM_TAG_INT,
};
use num_bigint::BigInt;

fn root(bytes: &[u8]) -> Value {
    read(&buffer(&[], bytes)).unwrap().root
}

fn err(bytes: Vec<u8>) -> ReadError {
    read(&bytes).unwrap_err()
}

fn unknown_opcode_byte() -> u8 {
    (0..=255u8)
        .find(|&b| edgebox_opcodes::Opcode::from_byte(b).is_none())
        .unwrap()
}

#[test]
fn scalar_tags() {
    assert_eq!(root(&[1]), Value::Null);
    assert_eq!(root(&[2]), Value::Undefined);
    assert_eq!(root(&[3]), Value::Bool(false));
    assert_eq!(root(&[4]), Value::Bool(true));
    assert_eq!(root(&[5, 3]), Value::Int32(-2), "zigzag");
    assert_eq!(root(&[5, 4]), Value::Int32(2));
    let neg_zero = root(&[&[6u8][..], &(-0.0f64).to_bits().to_le_bytes()].concat());
    assert!(matches!(neg_zero, Value::Float64(x) if x == 0.0 && x.is_sign_negative()));
    let nan_bits = 0x7ff8_0000_dead_beefu64;
    let nan = root(&[&[6u8][..], &nan_bits.to_le_bytes()].concat());
    assert!(matches!(nan, Value::Float64(x) if x.to_bits() == nan_bits));
    assert_eq!(root(&[7, 4, b'h', b'i']), Value::String("hi".into()));
    assert_eq!(
        root(&[7, 3, 0xac, 0x20]),
        Value::String("\u{20ac}".into()),
        "wide"
    );
}

#[test]
fn bigints_are_twos_complement_little_endian() {
    let big = |bytes: &[u8]| match root(&[&[10u8], &leb(bytes.len() as u32)[..], bytes].concat()) {
        Value::BigInt(n) => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(big(&[]), BigInt::from(0));
    assert_eq!(
        big(&[0x80]),
        BigInt::from(-128),
        "partial limb is sign-extended"
    );
    assert_eq!(big(&[0xff, 0xff, 0xff, 0xff]), BigInt::from(-1));
    assert_eq!(big(&[0, 0, 0, 0, 1]), BigInt::from(1u64 << 32));
}

#[test]
fn compound_tags() {
    let atoms = ["k"];
    let k = JS_ATOM_END << 1;
    let mut object = vec![8];
    object.extend(leb(2));
    object.extend(leb(k));
    object.extend([5, 2]);
    object.extend(leb((7 << 1) | 1)); // integer key 7
    object.push(1);
    let bc = read(&buffer(&atoms, &object)).unwrap();
    assert_eq!(
        bc.root,
        Value::Object(vec![
            ("k".into(), Value::Int32(1)),
            ("7".into(), Value::Null)
        ])
    );
    assert_eq!(bc.atom_kinds, [AtomKind::String]);

    assert_eq!(
        root(&[9, 2, 1, 2]),
        Value::Array(vec![Value::Null, Value::Undefined])
    );
    assert_eq!(
        root(&[21, 1, 5, 2, 4]),
        Value::Map(vec![(Value::Int32(1), Value::Bool(true))])
    );
    assert_eq!(root(&[22, 1, 3]), Value::Set(vec![Value::Bool(false)]));
    assert_eq!(
        root(&[14, 2, 2, 0, 15, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 7, 9]),
        Value::TypedArray {
            kind: TypedArrayKind::Uint8,
            length: 2,
            offset: 0,
            buffer: Box::new(Value::ArrayBuffer {
                bytes: vec![7, 9],
                max_byte_length: u32::MAX
            })
        }
    );
    let mut sab = vec![16, 4, 8];
    sab.extend(0x1234u64.to_le_bytes());
    assert_eq!(
        root(&sab),
        Value::SharedArrayBuffer {
            byte_length: 4,
            max_byte_length: 8,
            pointer: 0x1234
        }
    );
    assert_eq!(
        root(&[17, 2, b'a', 4, 1, 2]),
        Value::RegExp {
            pattern: "a".into(),
            bytecode: vec![1, 2]
        }
    );
    assert_eq!(root(&[18, 5, 0]), Value::Date(Box::new(Value::Int32(0))));
    assert_eq!(
        root(&[19, 7, 0]),
        Value::ObjectValue(Box::new(Value::String(String::new())))
    );
    assert_eq!(root(&[20, 3]), Value::ObjectReference(3));
    // Built-in atom 1 is "null"; in a name it is index 1 shifted left once.
    assert_eq!(root(&[23, 2]), Value::Symbol("null".into()));
}

#[test]
fn atom_table_entries_may_name_builtin_atoms() {
    let bytes = [0x1c, 0xff, 0xff, 0xff, 0xff, 2, 0x81, 0xc0, 0x01, 23];
    let mut bytes = bytes.to_vec();
    bytes.extend(leb(JS_ATOM_END << 1));
    let bc = read(&bytes).unwrap();
    assert_eq!(bc.atom_kinds, [AtomKind::Builtin(1), AtomKind::Builtin(64)]);
    assert_eq!(bc.atoms[0], "null");
    assert_eq!(bc.root, Value::Symbol("null".into()));
    assert_eq!(
        bc.atom(JS_ATOM_TAG_INT | 5)
            .map(|a| a.to_string())
            .as_deref(),
        Some("5")
    );
}

#[test]
fn crafted_function_reads_and_decodes() {
    let f = Func {
        name_atom: JS_ATOM_END,
        arg_count: 1,
        var_count: 1,
        vars: vec![var(JS_ATOM_END), var(0)],
        cpool: vec![vec![5, 84]],
        code: vec![
            op("get_arg0"),
            op("push_const8"),
            0,
            op("put_loc0"),
            op("goto8"),
            0xff, // back to pc 4 (relative to pc 5)
        ],
        source: Some(b"function f(a) {}".to_vec()),
    };
    let bc = read(&buffer(&["f"], &f.bytes())).unwrap();
    let func = bc.functions()[0];
    assert_eq!(func.name.as_deref(), Some("f"));
    assert_eq!(func.source.as_deref(), Some("function f(a) {}"));
    assert_eq!(func.cpool, [Value::Int32(42)]);
    let ops: Vec<_> = func.instructions().map(|i| i.unwrap().operands).collect();
    use edgebox_bytecode::Operands;
    assert_eq!(
        ops,
        [
            Operands::Arg(0),
            Operands::ConstIdx(0),
            Operands::Loc(0),
            Operands::Label(4)
        ]
    );
    assert_eq!(func.atom_name(&bc, JS_ATOM_END), Some("f"));
    assert_eq!(func.atom_name(&bc, 1), Some("null"));
    assert_eq!(func.atom_name(&bc, JS_ATOM_TAG_INT | 3), None);
    assert_eq!(func.atom_name(&bc, JS_ATOM_END + 1), None);
}

#[test]
fn wrong_version_names_both_versions() {
    let mut bytes = script("1");
    bytes[0] = 0x1b;
    let e = err(bytes);
    assert_eq!(
        e,
        ReadError::Version {
            found: 0x1b,
            expected: 0x1c
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("0x1b") && msg.contains("0x1c") && msg.contains("0.16.2"),
        "{msg}"
    );
}

#[test]
fn truncation_says_where_and_what() {
    assert_eq!(
        err(vec![]),
        ReadError::Truncated {
            offset: 0,
            what: "the version byte",
            needed: 1,
            available: 0
        }
    );
    assert_eq!(
        err(buffer(&[], &[6, 1, 2])),
        ReadError::Truncated {
            offset: 7,
            what: "a float64",
            needed: 8,
            available: 2
        }
    );
    assert!(err(buffer(&[], &[6, 1, 2]))
        .to_string()
        .contains("byte offset 7"));
}

#[test]
fn checksum_mismatch() {
    let mut bytes = script("var a = 'some text to corrupt';");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    assert!(matches!(err(bytes), ReadError::Checksum { .. }));
}

#[test]
fn structural_errors() {
    assert_eq!(
        err(buffer(&[], &[99])),
        ReadError::UnknownTag { offset: 6, tag: 99 }
    );
    assert_eq!(
        err(buffer(&[], &[1, 0])),
        ReadError::TrailingBytes {
            offset: 7,
            count: 1
        }
    );
    assert_eq!(
        err(buffer(&[], &[5, 0x80, 0x80, 0x80, 0x80, 0x80])),
        ReadError::Leb128 {
            offset: 7,
            what: "an int32"
        }
    );
    assert!(matches!(
        err(buffer(&[], &[&[9u8][..], &leb(1_000_000)].concat())),
        ReadError::CountTooLarge {
            count: 1_000_000,
            ..
        }
    ));
    assert!(matches!(
        err(buffer(&[], &[&[7u8][..], &leb(0xffff_fffe)].concat())),
        ReadError::StringTooLong { .. }
    ));
    assert_eq!(
        err(vec![0x1c, 0xff, 0xff, 0xff, 0xff, 1, 4, 0, 1]),
        ReadError::AtomType {
            offset: 6,
            index: 0,
            kind: 4
        }
    );
    let deep: Vec<u8> = [[9u8, 1]; 300].concat().into_iter().chain([1]).collect();
    assert!(matches!(
        err(buffer(&[], &deep)),
        ReadError::TooDeep { limit: 256, .. }
    ));
    assert!(matches!(
        err(buffer(&[], &[15, 4, 2, 0, 0])),
        ReadError::Inconsistent { .. }
    ));
}

#[test]
fn atom_index_out_of_range_in_names_and_in_code() {
    let f = Func {
        name_atom: JS_ATOM_END + 5,
        code: vec![op("return_undef")],
        ..Func::default()
    };
    assert!(matches!(
        err(buffer(&[], &f.bytes())),
        ReadError::AtomOutOfRange { index, table: 0, .. } if index == JS_ATOM_END + 5
    ));
    let mut code = vec![op("get_var")];
    code.extend((JS_ATOM_END + 1).to_le_bytes());
    let f = Func {
        code,
        ..Func::default()
    };
    let bytes = buffer(&["only"], &f.bytes());
    let code_offset = bytes.len() - 5;
    assert_eq!(
        err(bytes),
        ReadError::AtomOutOfRange {
            offset: code_offset + 1,
            index: JS_ATOM_END + 1,
            builtin: JS_ATOM_END,
            table: 1
        }
    );
}

#[test]
fn code_errors_name_the_function_and_pc() {
    let with_code = |code: Vec<u8>| Func {
        name_atom: JS_ATOM_END,
        code,
        ..Func::default()
    };
    let bad = unknown_opcode_byte();
    let e = err(buffer(&["fn"], &with_code(vec![op("nop"), bad]).bytes()));
    assert!(
        matches!(&e, ReadError::UnknownOpcode { pc: 1, byte, function }
        if *byte == bad && function.name.as_deref() == Some("fn"))
    );
    assert!(e.to_string().contains("at pc 1 in function #0 `fn`"), "{e}");

    assert!(matches!(
        err(buffer(
            &["fn"],
            &with_code(vec![op("push_i32"), 1, 2]).bytes()
        )),
        ReadError::TruncatedInstruction {
            pc: 0,
            size: 5,
            available: 3,
            ..
        }
    ));
    assert!(matches!(
        err(buffer(&["fn"], &with_code(vec![op("goto8"), 100]).bytes())),
        ReadError::LabelOutOfRange {
            target: 101,
            len: 2,
            ..
        }
    ));
    assert!(matches!(
        err(buffer(&["fn"], &with_code(vec![op("get_loc0")]).bytes())),
        ReadError::OperandOutOfRange {
            table: "local",
            index: 0,
            len: 0,
            ..
        }
    ));
    assert!(matches!(
        err(buffer(
            &["fn"],
            &with_code(vec![op("push_const8"), 3]).bytes()
        )),
        ReadError::OperandOutOfRange {
            table: "constant",
            index: 3,
            ..
        }
    ));
}

#[test]
fn header_field_errors() {
    let f = Func {
        arg_count: 70_000,
        code: vec![op("return_undef")],
        ..Func::default()
    };
    assert!(matches!(
        err(buffer(&[], &f.bytes())),
        ReadError::ValueOutOfRange {
            what: "arg_count",
            value: 70_000,
            max: 65_535,
            ..
        }
    ));
    let f = Func {
        arg_count: 1,
        vars: vec![var(0), var(0)],
        code: vec![op("return_undef")],
        ..Func::default()
    };
    assert!(matches!(
        err(buffer(&[], &f.bytes())),
        ReadError::Inconsistent { .. }
    ));
    let f = Func {
        code: vec![op("return_undef")],
        source: Some(vec![b'x', 0xff, 0xfe]),
        ..Func::default()
    };
    assert!(matches!(
        err(buffer(&[], &f.bytes())),
        ReadError::InvalidUtf8 {
            what: "the function source",
            ..
        }
    ));
}

#[test]
fn deep_nesting_below_the_limit_reads_without_overflowing_the_stack() {
    let mut f = Func {
        code: vec![op("return_undef")],
        ..Func::default()
    }
    .bytes();
    for _ in 1..256 {
        f = Func {
            cpool: vec![f],
            code: vec![op("push_const8"), 0, op("return")],
            ..Func::default()
        }
        .bytes();
    }
    let bc = read(&buffer(&[], &f)).unwrap();
    let ordinals: Vec<u32> = bc.functions().iter().map(|f| f.ordinal).collect();
    assert_eq!(ordinals, (0..256).collect::<Vec<u32>>());
    assert!(matches!(
        read(&buffer(
            &[],
            &[&[9u8, 1][..]; 256]
                .concat()
                .into_iter()
                .chain([1])
                .collect::<Vec<u8>>()
        )),
        Err(ReadError::TooDeep { .. })
    ));
}
