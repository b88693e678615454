//! The one sloppy-mode form QuickJS-NG accepts that swc's parser refuses: Annex B.3.5's
//! initializer in a `for-in` head, `for (var k = init in object)`. It is rewritten to
//! `for (var k in (k = init, object))`, which does what B.3.5 says: the initializer is evaluated
//! and assigned to `k` (named as `k` if it is an anonymous function) before `object` is.
//! Only tried on a script that failed to parse.

use swc_core::common::{BytePos, SourceFile};
use swc_core::ecma::ast::EsVersion;
use swc_core::ecma::parser::{lexer::Lexer, StringInput, Syntax};

/// `source` with every `for (var <name> = <init> in <object>)` head rewritten, or `None` when it
/// has none.
pub(crate) fn rewrite_for_in_initializers(fm: &SourceFile, syntax: Syntax) -> Option<String> {
    let lexer = Lexer::new(syntax, EsVersion::latest(), StringInput::from(fm), None);
    let offset = |pos: BytePos| (pos - fm.start_pos).0 as usize;
    let tokens: Vec<(usize, usize)> = lexer
        .map(|t| (offset(t.span.lo), offset(t.span.hi)))
        .collect();
    let src = fm.src.as_str();
    let text = |i: usize| tokens.get(i).map_or("", |&(lo, hi)| &src[lo..hi]);
    let mut edits = Vec::new();
    for start in 0..tokens.len() {
        let head = [
            text(start),
            text(start + 1),
            text(start + 2),
            text(start + 4),
        ];
        if head != ["for", "(", "var", "="] || !is_identifier(text(start + 3)) {
            continue;
        }
        if let Some(edit) = head_edit(&tokens, start, &text) {
            edits.push(edit);
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(src.len() + 16 * edits.len());
    let mut copied = 0;
    for edit in edits {
        out.push_str(&src[copied..edit.equals]);
        out.push_str("in (");
        out.push_str(edit.name);
        out.push_str(" =");
        out.push_str(&src[edit.equals + 1..edit.in_keyword]);
        out.push(',');
        out.push_str(&src[edit.in_keyword + 2..edit.close]);
        out.push(')');
        copied = edit.close;
    }
    out.push_str(&src[copied..]);
    Some(out)
}

/// Byte offsets of one head to rewrite: `=`, the `in` keyword and the head's `)`.
struct Edit<'a> {
    name: &'a str,
    equals: usize,
    in_keyword: usize,
    close: usize,
}

/// The edit for the `for` at token `start` when its head is `var <name> = <init> in <object>`:
/// an `in` outside brackets before any `;`, then the `)` that closes the head.
fn head_edit<'a>(
    tokens: &[(usize, usize)],
    start: usize,
    text: &impl Fn(usize) -> &'a str,
) -> Option<Edit<'a>> {
    let mut depth = 0usize;
    let mut in_keyword = None;
    for i in start + 5..tokens.len() {
        match text(i) {
            "(" | "[" | "{" => depth += 1,
            ")" if depth == 0 => {
                return in_keyword.map(|in_keyword| Edit {
                    name: text(start + 3),
                    equals: tokens[start + 4].0,
                    in_keyword,
                    close: tokens[i].0,
                });
            }
            ")" | "]" | "}" => depth -= 1,
            ";" if depth == 0 => return None,
            "in" if depth == 0 && in_keyword.is_none() => in_keyword = Some(tokens[i].0),
            _ => {}
        }
    }
    None
}

fn is_identifier(token: &str) -> bool {
    let mut chars = token.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c == '$' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c == '$' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use swc_core::common::{sync::Lrc, FileName, SourceMap};

    fn rewrite(source: &str) -> Option<String> {
        let cm = SourceMap::default();
        let fm = cm.new_source_file(Lrc::new(FileName::Anon), source.to_string());
        rewrite_for_in_initializers(&fm, crate::graph::syntax())
    }

    #[test]
    fn the_initializer_is_assigned_before_the_object_is_evaluated() {
        assert_eq!(
            rewrite("for(var k = 2 in {x:1, y: 2}) {\n  f(k);\n}\n").as_deref(),
            Some("for(var k in (k = 2 , {x:1, y: 2})) {\n  f(k);\n}\n")
        );
        assert_eq!(
            rewrite("for (var f = function () { return a in b; } in o(x)) g();").as_deref(),
            Some("for (var f in (f = function () { return a in b; } , o(x))) g();")
        );
    }

    #[test]
    fn other_for_heads_are_left_alone() {
        assert_eq!(rewrite("for (var i = 0; i < n; i++) {}"), None);
        assert_eq!(rewrite("for (var k in o) {}"), None);
        assert_eq!(rewrite("for (var i = (a in b); i; i--) {}"), None);
        assert_eq!(rewrite("for (let k = 2 in o) {}"), None);
    }
}
