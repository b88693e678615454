//! Position tables against real bytecode written by the pinned QuickJS-NG (host build).

mod common;

use common::script;
use edgebox_bytecode::positions::{decode, encode, Located, Position};
use edgebox_bytecode::{read, remap_positions};

const PROGRAM: &str = "function a(x) {\n  if (x > 1) {\n    throw new Error('a' + x);\n  }\n  return x;\n}\n\
var s = 'h\\u00e9llo'; function b() { return a(1) + a(2) + a(3) + a(4) + a(5) + a(6) + a(7) + a(8) + a(9) + a(10) + a(11) + a(12) + a(13) + a(14) + a(15); }\n\
\n\n\n\n\n\n\n\n\n\n\nvar c = () => b();\nclass K { m() { return c(); } }\n";

#[test]
fn decoding_then_encoding_gives_the_engines_table_back() {
    let bc = read(&script(PROGRAM)).unwrap();
    for f in bc.functions() {
        let entries = decode(f).unwrap();
        let start = Position {
            line: f.line,
            column: f.column,
        };
        assert_eq!(
            encode(start, &entries),
            *f.pc2line.as_ref().unwrap(),
            "{:?}",
            f.name
        );
    }
    let b = bc
        .functions()
        .into_iter()
        .find(|f| f.name.as_deref() == Some("b"))
        .unwrap();
    let lines: Vec<u32> = decode(b).unwrap().iter().map(|e| e.position.line).collect();
    assert!(lines.iter().all(|&l| l == 7), "{lines:?}");
}

#[test]
fn remapping_moves_every_function_and_keeps_the_code() {
    let original = script(PROGRAM);
    let moved = remap_positions(&original, |p| {
        // Lines 1-6 (and the script, at 1:1) move to "one.js" 101-106; line 7 to "twó.js"; the
        // rest does not map.
        match p.line {
            1..=6 => Some(Located {
                file: "one.js".into(),
                position: Position {
                    line: p.line + 100,
                    column: p.column + 1,
                },
            }),
            7 => Some(Located {
                file: "twó.js".into(),
                position: Position {
                    line: 1,
                    column: p.column,
                },
            }),
            _ => None,
        }
    })
    .unwrap();
    let before = read(&original).unwrap();
    let after = read(&moved).unwrap();
    for (old, new) in before.functions().into_iter().zip(after.functions()) {
        assert_eq!(
            (old.ordinal, &old.code, &old.cpool.len()),
            (new.ordinal, &new.code, &new.cpool.len())
        );
        let name = old.name.as_deref().unwrap_or_default();
        let (file, line) = match name {
            "<eval>" | "a" => ("one.js", 101),
            "b" => ("twó.js", 1),
            _ => (old.filename.as_deref().unwrap(), old.line),
        };
        assert_eq!(
            (new.filename.as_deref().unwrap(), new.line),
            (file, line),
            "{name}"
        );
        if name == "a" {
            let lines: Vec<u32> = decode(new)
                .unwrap()
                .iter()
                .map(|e| e.position.line)
                .collect();
            assert!(lines.contains(&103), "{lines:?}");
        }
    }
    assert!(after.atoms.iter().any(|a| a == "twó.js"));
}
