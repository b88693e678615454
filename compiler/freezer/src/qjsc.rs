//! Reading a qjsc-style C file (`const uint8_t name[N] = { 0x1c, ... };` and optionally
//! `const uint32_t name_size = N;`) with a real C parser (tree-sitter-c).

use tree_sitter::{Node, Parser};

/// Why the C file gives no bytecode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QjscError {
    /// tree-sitter found a syntax error.
    #[error("{file}:{line}:{column}: C syntax error near `{text}`")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The source text at the error.
        text: String,
    },
    /// No `uint8_t` array with an initializer list.
    #[error("{file}: no `const uint8_t name[] = {{ ... }};` bytecode array found (give the C file `qjsc -o` writes)")]
    NoArray {
        /// The file.
        file: String,
    },
    /// More than one array and none chosen.
    #[error("{file}: {count} bytecode arrays ({names}); choose one with --array NAME")]
    Ambiguous {
        /// The file.
        file: String,
        /// How many.
        count: usize,
        /// Their names.
        names: String,
    },
    /// The chosen array is not in the file.
    #[error("{file}: no bytecode array named `{name}` (found: {names})")]
    NotFound {
        /// The file.
        file: String,
        /// The requested name.
        name: String,
        /// What exists.
        names: String,
    },
    /// An element is not a byte literal.
    #[error("{file}:{line}:{column}: `{text}` is not a byte (0 to 255)")]
    BadElement {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The element's text.
        text: String,
    },
    /// The declared size disagrees with the initializer.
    #[error("{file}: `{name}` declares {declared} bytes but its initializer has {actual}")]
    SizeMismatch {
        /// The file.
        file: String,
        /// The array.
        name: String,
        /// Declared (array bound or `name_size`).
        declared: u64,
        /// Counted.
        actual: usize,
    },
}

/// A bytecode array found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BytecodeArray {
    /// The C name (qjsc: `qjsc_<module>`).
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Extracts the bytecode array of `source` (named `file` in errors); `choose` picks one by name
/// when the file has several.
pub fn extract(source: &str, file: &str, choose: Option<&str>) -> Result<BytecodeArray, QjscError> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_c::LANGUAGE.into())
        .expect("tree-sitter-c matches the tree-sitter version");
    let tree = parser
        .parse(source, None)
        .expect("a parser with a language always returns a tree");
    let root = tree.root_node();
    if root.has_error() {
        let bad = first_error(root).unwrap_or(root);
        let pos = bad.start_position();
        return Err(QjscError::Syntax {
            file: file.into(),
            line: pos.row + 1,
            column: pos.column + 1,
            text: text(bad, source).chars().take(40).collect(),
        });
    }
    let mut arrays = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor = root.walk();
    for decl in root.children(&mut cursor) {
        if decl.kind() != "declaration" {
            continue;
        }
        let ty = decl
            .child_by_field_name("type")
            .map(|t| text(t, source))
            .unwrap_or("");
        let mut c = decl.walk();
        for init in decl.children_by_field_name("declarator", &mut c) {
            if init.kind() != "init_declarator" {
                continue;
            }
            let (Some(declarator), Some(value)) = (
                init.child_by_field_name("declarator"),
                init.child_by_field_name("value"),
            ) else {
                continue;
            };
            if declarator.kind() == "array_declarator" && ty == "uint8_t" {
                arrays.push(array(declarator, value, source, file)?);
            } else if declarator.kind() == "identifier" && value.kind() == "number_literal" {
                if let Some(n) = number(text(value, source)) {
                    sizes.push((text(declarator, source).to_string(), n));
                }
            }
        }
    }
    let names = || {
        arrays
            .iter()
            .map(|(a, _)| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (chosen, bound) = match (choose, arrays.len()) {
        (_, 0) => return Err(QjscError::NoArray { file: file.into() }),
        (Some(name), _) => {
            let found = arrays.iter().position(|(a, _)| a.name == name);
            match found {
                Some(i) => arrays.swap_remove(i),
                None => {
                    return Err(QjscError::NotFound {
                        file: file.into(),
                        name: name.into(),
                        names: names(),
                    })
                }
            }
        }
        (None, 1) => arrays.remove(0),
        (None, count) => {
            return Err(QjscError::Ambiguous {
                file: file.into(),
                count,
                names: names(),
            })
        }
    };
    let size_name = format!("{}_size", chosen.name);
    let declared = bound.or_else(|| sizes.iter().find(|(n, _)| *n == size_name).map(|(_, v)| *v));
    for declared in declared.into_iter().chain(
        sizes
            .iter()
            .filter(|(n, _)| *n == size_name)
            .map(|(_, v)| *v),
    ) {
        if declared != chosen.bytes.len() as u64 {
            return Err(QjscError::SizeMismatch {
                file: file.into(),
                name: chosen.name.clone(),
                declared,
                actual: chosen.bytes.len(),
            });
        }
    }
    Ok(chosen)
}

fn text<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    &source[node.byte_range()]
}

fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children.into_iter().find_map(first_error)
}

fn number(text: &str) -> Option<u64> {
    let t = text.trim_end_matches(['u', 'U', 'l', 'L']);
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None if t.len() > 1 && t.starts_with('0') => u64::from_str_radix(&t[1..], 8).ok(),
        None => t.parse().ok(),
    }
}

fn array(
    declarator: Node<'_>,
    value: Node<'_>,
    source: &str,
    file: &str,
) -> Result<(BytecodeArray, Option<u64>), QjscError> {
    let name = declarator
        .child_by_field_name("declarator")
        .map(|n| text(n, source).to_string())
        .unwrap_or_default();
    let bound = declarator
        .child_by_field_name("size")
        .and_then(|n| number(text(n, source)));
    let mut bytes = Vec::new();
    let mut cursor = value.walk();
    for element in value.named_children(&mut cursor) {
        if element.kind() == "comment" {
            continue;
        }
        let t = text(element, source);
        let byte = (element.kind() == "number_literal")
            .then(|| number(t))
            .flatten()
            .filter(|v| *v <= 255);
        match byte {
            Some(b) => bytes.push(b as u8),
            None => {
                let pos = element.start_position();
                return Err(QjscError::BadElement {
                    file: file.into(),
                    line: pos.row + 1,
                    column: pos.column + 1,
                    text: t.to_string(),
                });
            }
        }
    }
    Ok((BytecodeArray { name, bytes }, bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QJSC: &str = "/* File generated automatically by the QuickJS-ng compiler. */\n\n#include <inttypes.h>\n\nconst uint32_t qjsc_hello_size = 3;\n\nconst uint8_t qjsc_hello[3] = {\n 0x1c, 0x02, 0xff,\n};\n\n";

    #[test]
    fn reads_qjsc_output() {
        let a = extract(QJSC, "hello.c", None).unwrap();
        assert_eq!(a.name, "qjsc_hello");
        assert_eq!(a.bytes, vec![0x1c, 0x02, 0xff]);
    }

    #[test]
    fn size_mismatch_is_an_error() {
        let bad = QJSC.replace("qjsc_hello_size = 3", "qjsc_hello_size = 4");
        assert!(matches!(
            extract(&bad, "hello.c", None),
            Err(QjscError::SizeMismatch {
                declared: 4,
                actual: 3,
                ..
            })
        ));
    }

    #[test]
    fn syntax_errors_and_bad_bytes_name_a_location() {
        let err = extract("const uint8_t a[2] = { 0x1c, 0x02 ", "x.c", None).unwrap_err();
        assert!(matches!(err, QjscError::Syntax { .. }), "{err}");
        let err = extract("const uint8_t a[2] = { 0x1c, 300 };", "x.c", None).unwrap_err();
        assert_eq!(err.to_string(), "x.c:1:30: `300` is not a byte (0 to 255)");
        assert!(matches!(
            extract("int x = 1;", "x.c", None),
            Err(QjscError::NoArray { .. })
        ));
    }

    #[test]
    fn several_arrays_need_a_choice() {
        let two = "const uint8_t a[1] = { 1 };\nconst uint8_t b[1] = { 2 };\n";
        assert!(matches!(
            extract(two, "x.c", None),
            Err(QjscError::Ambiguous { count: 2, .. })
        ));
        assert_eq!(extract(two, "x.c", Some("b")).unwrap().bytes, vec![2]);
    }
}
