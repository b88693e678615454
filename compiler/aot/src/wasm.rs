//! The two things the compiler needs to know or change in a wasm module before WAMR sees it,
//! done with wasmparser (reading) and wasm-encoder (writing sections back unchanged).

use wasm_encoder::{CustomSection, RawSection};
use wasmparser::{Parser, Payload};

use crate::AotError;

/// The wasm magic number and the only version WAMR loads.
pub(crate) const HEADER: [u8; 8] = *b"\0asm\x01\0\0\0";

/// `module` with every custom section called `name` removed and one custom section `name`
/// holding `payload` appended. Custom sections may appear anywhere, so the result is valid
/// whenever `module` is. If the module cannot be parsed, the bytes are kept as they are with the
/// section appended (WAMR's loader then reports what is wrong).
pub(crate) fn with_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Vec<u8> {
    let marker = CustomSection {
        name: name.into(),
        data: payload.into(),
    };
    let mut out = wasm_encoder::Module::new();
    let mut parsed = true;
    for item in Parser::new(0).parse_all(module) {
        let Ok(payload) = item else {
            parsed = false;
            break;
        };
        if let Payload::CustomSection(custom) = &payload {
            if custom.name() == name {
                continue;
            }
        }
        if let Some((id, range)) = payload.as_section() {
            out.section(&RawSection {
                id,
                data: &module[range.start as usize..range.end as usize],
            });
        }
    }
    if parsed {
        out.section(&marker);
        out.finish()
    } else {
        let mut bytes = module.to_vec();
        let mut tail = wasm_encoder::Module::new();
        tail.section(&marker);
        bytes.extend_from_slice(&tail.finish()[HEADER.len()..]);
        bytes
    }
}

/// Whether `module` has a custom section called `name` (false if it cannot be parsed).
pub(crate) fn has_custom_section(module: &[u8], name: &str) -> bool {
    Parser::new(0).parse_all(module).any(
        |payload| matches!(payload, Ok(Payload::CustomSection(section)) if section.name() == name),
    )
}

/// How many functions `module` defines (imports not counted).
pub(crate) fn defined_function_count(module: &[u8]) -> Result<u32, AotError> {
    for item in Parser::new(0).parse_all(module) {
        match item.map_err(|e| AotError::InvalidWasm(e.to_string()))? {
            Payload::FunctionSection(functions) => return Ok(functions.count()),
            Payload::CodeSectionStart { .. } | Payload::End(_) => break,
            _ => {}
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        module.section(&CustomSection {
            name: name.into(),
            data: payload.into(),
        });
        module.finish()[HEADER.len()..].to_vec()
    }

    #[test]
    fn appends_to_an_empty_module() {
        let out = with_custom_section(&HEADER, "mark", b"hw");
        let mut expected = HEADER.to_vec();
        expected.extend_from_slice(&custom("mark", b"hw"));
        assert_eq!(out, expected);
    }

    #[test]
    fn replaces_earlier_copies_and_keeps_other_sections() {
        // A type section with no types, an old marker, and an unrelated custom section.
        let mut module = HEADER.to_vec();
        module.extend_from_slice(&[1, 1, 0]);
        module.extend_from_slice(&custom("mark", b"sw"));
        module.extend_from_slice(&custom("other", b"xyz"));
        let out = with_custom_section(&module, "mark", b"hw");

        let mut expected = HEADER.to_vec();
        expected.extend_from_slice(&[1, 1, 0]);
        expected.extend_from_slice(&custom("other", b"xyz"));
        expected.extend_from_slice(&custom("mark", b"hw"));
        assert_eq!(out, expected);
    }

    #[test]
    fn keeps_unparsable_bytes_as_they_are() {
        let mut module = HEADER.to_vec();
        module.extend_from_slice(&[1, 50, 0]); // section size runs past the end
        let out = with_custom_section(&module, "mark", b"hw");
        assert!(out.starts_with(&module));
        assert!(out.ends_with(&custom("mark", b"hw")));
    }

    #[test]
    fn counts_defined_functions_only() {
        let wasm = wat::parse_str(
            r#"(module (import "env" "f" (func)) (func) (func (result i32) i32.const 1))"#,
        )
        .unwrap();
        assert_eq!(defined_function_count(&wasm).unwrap(), 2);
        assert_eq!(defined_function_count(&HEADER).unwrap(), 0);
    }
}
