//! The grammar of `quickjs-opcode.h`: `FMT(...)` entries inside `#ifdef FMT`, `DEF(...)` and
//! `def(...)` entries inside `#ifdef DEF`, and the numbering rules of `quickjs.c`.

use std::collections::HashMap;

use crate::lexer::{tokenize, Token, TokenKind};
use crate::{OpcodeDef, Spec, SpecError};

/// Parses a header. `file` is only used in error messages (`file:line:column: message`).
pub fn parse(file: &str, src: &str) -> Result<Spec, SpecError> {
    let tokens = tokenize(src).map_err(|(line, column, message)| SpecError {
        file: file.to_string(),
        line,
        column,
        message,
    })?;
    Parser {
        file,
        tokens,
        pos: 0,
        sections: Vec::new(),
    }
    .run()
}

/// Which conditional block the parser is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `#ifdef FMT`: formats.
    Formats,
    /// `#ifdef DEF`: opcodes.
    Opcodes,
    /// `#ifndef def`: the default definition of `def`, no entries.
    DefDefault,
}

struct Parser<'a> {
    file: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    sections: Vec<Section>,
}

struct Entry {
    macro_name: String,
    args: Vec<(String, usize, usize)>,
    line: usize,
    column: usize,
}

impl Parser<'_> {
    fn error(&self, line: usize, column: usize, message: impl Into<String>) -> SpecError {
        SpecError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    fn eof_error(&self, message: &str) -> SpecError {
        let (line, column) = self.tokens.last().map_or((1, 1), |t| (t.line, t.column));
        self.error(line, column, format!("unexpected end of file: {message}"))
    }

    fn run(mut self) -> Result<Spec, SpecError> {
        let mut formats: Vec<(String, usize, usize)> = Vec::new();
        let mut runtime: Vec<(Entry, bool)> = Vec::new();
        while self.pos < self.tokens.len() {
            let token = self.tokens[self.pos].clone();
            self.pos += 1;
            match token.kind {
                TokenKind::Directive(text) => self.directive(&text, token.line, token.column)?,
                TokenKind::Ident(name) if matches!(name.as_str(), "FMT" | "DEF" | "def") => {
                    let entry = self.entry(name, token.line, token.column)?;
                    self.place(&entry, &mut formats, &mut runtime)?;
                }
                other => {
                    return Err(self.error(
                        token.line,
                        token.column,
                        format!(
                            "expected a FMT(...), DEF(...) or def(...) entry, found {}",
                            describe(&other)
                        ),
                    ))
                }
            }
        }
        if let Some(open) = self.sections.last() {
            return Err(self.eof_error(&format!("missing #endif for {open:?} block")));
        }
        self.number(formats, runtime)
    }

    fn directive(&mut self, text: &str, line: usize, column: usize) -> Result<(), SpecError> {
        let mut words = text.split_whitespace();
        let keyword = words.next().unwrap_or("");
        let arg = words.next().unwrap_or("");
        match keyword {
            "ifdef" | "ifndef" | "if" | "elif" | "else" => {
                let section = match (keyword, arg, words.next()) {
                    ("ifdef", "FMT", None) => Section::Formats,
                    ("ifdef", "DEF", None) => Section::Opcodes,
                    ("ifndef", "def", None) if self.sections.last() == Some(&Section::Opcodes) => {
                        Section::DefDefault
                    }
                    _ => {
                        return Err(self.error(
                            line,
                            column,
                            format!(
                                "unsupported conditional `#{text}`: only `#ifdef FMT`, \
                                 `#ifdef DEF` and `#ifndef def` guards can be evaluated; \
                                 an entry under another condition has no fixed number"
                            ),
                        ))
                    }
                };
                self.sections.push(section);
            }
            "endif" => {
                if self.sections.pop().is_none() {
                    return Err(self.error(line, column, "#endif without a matching #if"));
                }
            }
            "define" | "undef" => {}
            _ => {
                return Err(self.error(
                    line,
                    column,
                    format!("unsupported preprocessor directive `#{keyword}`"),
                ))
            }
        }
        Ok(())
    }

    /// `NAME ( arg {, arg} )` after NAME was consumed.
    fn entry(
        &mut self,
        macro_name: String,
        line: usize,
        column: usize,
    ) -> Result<Entry, SpecError> {
        self.expect_punct('(', &macro_name)?;
        let mut args = Vec::new();
        loop {
            let token = self
                .tokens
                .get(self.pos)
                .cloned()
                .ok_or_else(|| self.eof_error(&format!("unclosed {macro_name}(")))?;
            self.pos += 1;
            match token.kind {
                TokenKind::Ident(s) | TokenKind::Number(s) => {
                    args.push((s, token.line, token.column))
                }
                other => {
                    return Err(self.error(
                        token.line,
                        token.column,
                        format!(
                            "expected an argument of {macro_name}(...), found {}",
                            describe(&other)
                        ),
                    ))
                }
            }
            let sep = self
                .tokens
                .get(self.pos)
                .cloned()
                .ok_or_else(|| self.eof_error(&format!("unclosed {macro_name}(")))?;
            self.pos += 1;
            match sep.kind {
                TokenKind::Punct(',') => continue,
                TokenKind::Punct(')') => break,
                other => {
                    return Err(self.error(
                        sep.line,
                        sep.column,
                        format!(
                            "expected `,` or `)` in {macro_name}(...), found {}",
                            describe(&other)
                        ),
                    ))
                }
            }
        }
        Ok(Entry {
            macro_name,
            args,
            line,
            column,
        })
    }

    fn expect_punct(&mut self, want: char, context: &str) -> Result<(), SpecError> {
        match self.tokens.get(self.pos) {
            Some(Token {
                kind: TokenKind::Punct(c),
                ..
            }) if *c == want => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(self.error(
                t.line,
                t.column,
                format!(
                    "expected `{want}` after {context}, found {}",
                    describe(&t.kind)
                ),
            )),
            None => Err(self.eof_error(&format!("expected `{want}` after {context}"))),
        }
    }

    fn place(
        &self,
        entry: &Entry,
        formats: &mut Vec<(String, usize, usize)>,
        opcodes: &mut Vec<(Entry, bool)>,
    ) -> Result<(), SpecError> {
        let section = self.sections.last().copied();
        let (want_args, want_section) = match entry.macro_name.as_str() {
            "FMT" => (1, Section::Formats),
            _ => (5, Section::Opcodes),
        };
        if section != Some(want_section) {
            let guard = if want_section == Section::Formats {
                "FMT"
            } else {
                "DEF"
            };
            return Err(self.error(
                entry.line,
                entry.column,
                format!(
                    "{}(...) entry outside an `#ifdef {guard}` block",
                    entry.macro_name
                ),
            ));
        }
        if entry.args.len() != want_args {
            return Err(self.error(
                entry.line,
                entry.column,
                format!(
                    "{}(...) takes {want_args} argument{}, found {}",
                    entry.macro_name,
                    if want_args == 1 { "" } else { "s" },
                    entry.args.len()
                ),
            ));
        }
        let (name, line, column) = &entry.args[0];
        if !is_identifier(name) {
            return Err(self.error(*line, *column, format!("`{name}` is not a valid name")));
        }
        if want_section == Section::Formats {
            formats.push(entry.args[0].clone());
        } else {
            opcodes.push((
                Entry {
                    macro_name: entry.macro_name.clone(),
                    args: entry.args.clone(),
                    line: entry.line,
                    column: entry.column,
                },
                entry.macro_name == "def",
            ));
        }
        Ok(())
    }

    fn number(
        &self,
        formats: Vec<(String, usize, usize)>,
        entries: Vec<(Entry, bool)>,
    ) -> Result<Spec, SpecError> {
        let mut format_lines: HashMap<&str, usize> = HashMap::new();
        for (name, line, column) in &formats {
            if let Some(first) = format_lines.insert(name, *line) {
                return Err(self.error(
                    *line,
                    *column,
                    format!("duplicate format `{name}` (first defined on line {first})"),
                ));
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut runtime = Vec::new();
        let mut temporary = Vec::new();
        for (entry, is_temp) in &entries {
            let (name, line, column) = &entry.args[0];
            if let Some(first) = seen.insert(name.clone(), *line) {
                return Err(self.error(
                    *line,
                    *column,
                    format!("duplicate opcode `{name}` (first defined on line {first})"),
                ));
            }
            let (format, fline, fcol) = &entry.args[4];
            if !format_lines.contains_key(format.as_str()) {
                return Err(self.error(
                    *fline,
                    *fcol,
                    format!(
                        "opcode `{name}` uses format `{format}`, which no FMT(...) entry defines"
                    ),
                ));
            }
            let op = OpcodeDef {
                name: name.clone(),
                byte: 0,
                size: self.small_number(&entry.args[1], "size")?,
                n_pop: self.small_number(&entry.args[2], "n_pop")?,
                n_push: self.small_number(&entry.args[3], "n_push")?,
                format: format.clone(),
                temporary: *is_temp,
                line: entry.line,
            };
            if op.size == 0 {
                let (_, l, c) = &entry.args[1];
                return Err(self.error(
                    *l,
                    *c,
                    format!("opcode `{name}` has size 0; sizes include the opcode byte"),
                ));
            }
            if *is_temp {
                temporary.push((op, entry.line, entry.column));
            } else {
                runtime.push((op, entry.line, entry.column));
            }
        }
        // quickjs.c: runtime opcodes are numbered in order from 0 (OP_COUNT of them); temporary
        // ones start at OP_TEMP_START = OP_nop + 1, overlapping the short opcodes after `nop`.
        let mut opcodes = Vec::with_capacity(runtime.len() + temporary.len());
        for (index, (mut op, line, column)) in runtime.into_iter().enumerate() {
            op.byte = u8::try_from(index).map_err(|_| {
                self.error(
                    line,
                    column,
                    format!(
                        "opcode `{}` would be number {index}: opcodes are one byte",
                        op.name
                    ),
                )
            })?;
            opcodes.push(op);
        }
        if !temporary.is_empty() {
            let nop = opcodes.iter().find(|op| op.name == "nop").map(|op| op.byte);
            let Some(nop) = nop else {
                let (_, line, column) = &temporary[0];
                return Err(self.error(
                    *line,
                    *column,
                    "temporary def(...) opcodes are numbered from OP_nop + 1, but no DEF(nop, ...) exists",
                ));
            };
            for (index, (mut op, line, column)) in temporary.into_iter().enumerate() {
                let value = usize::from(nop) + 1 + index;
                op.byte = u8::try_from(value).map_err(|_| {
                    self.error(
                        line,
                        column,
                        format!(
                            "temporary opcode `{}` would be number {value}: opcodes are one byte",
                            op.name
                        ),
                    )
                })?;
                opcodes.push(op);
            }
        }
        Ok(Spec {
            formats: formats.into_iter().map(|(name, _, _)| name).collect(),
            opcodes,
        })
    }

    fn small_number(
        &self,
        (text, line, column): &(String, usize, usize),
        what: &str,
    ) -> Result<u8, SpecError> {
        text.parse::<u8>().map_err(|_| {
            self.error(
                *line,
                *column,
                format!("{what} must be an integer from 0 to 255, found `{text}`"),
            )
        })
    }
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Ident(s) => format!("`{s}`"),
        TokenKind::Number(s) => format!("number `{s}`"),
        TokenKind::Punct(c) => format!("`{c}`"),
        TokenKind::Directive(d) => format!("`#{d}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "\
/* formats */
#ifdef FMT
FMT(none)
FMT(u8)
#undef FMT
#endif

#ifdef DEF
#ifndef def
#define def(id, size, n_pop, n_push, f) DEF(id, size, n_pop, n_push, f)
#endif
DEF(invalid, 1, 0, 0, none) /* never emitted */
DEF(  push_u8, 2, 0, 1, u8)
DEF(      nop, 1, 0, 0, none)
def(    label, 5, 0, 0, none)
DEF(    short, 1, 0, 1, none)
#undef DEF
#endif
";

    fn err(src: &str) -> SpecError {
        parse("h.h", src).unwrap_err()
    }

    #[test]
    fn numbers_like_quickjs() {
        let spec = parse("h.h", SMALL).unwrap();
        assert_eq!(spec.formats, ["none", "u8"]);
        let table: Vec<_> = spec
            .opcodes
            .iter()
            .map(|op| (op.name.as_str(), op.byte, op.temporary))
            .collect();
        assert_eq!(
            table,
            [
                ("invalid", 0, false),
                ("push_u8", 1, false),
                ("nop", 2, false),
                ("short", 3, false),
                ("label", 3, true),
            ]
        );
        assert_eq!(spec.get("push_u8").unwrap().size, 2);
        assert_eq!(spec.get("push_u8").unwrap().line, 13);
    }

    #[test]
    fn duplicate_names_are_reported_with_both_lines() {
        let e = err(&SMALL.replace("DEF(    short", "DEF(  push_u8"));
        assert_eq!(e.line, 16);
        assert_eq!(
            e.message,
            "duplicate opcode `push_u8` (first defined on line 13)"
        );
        assert_eq!(
            e.to_string(),
            "h.h:16:7: duplicate opcode `push_u8` (first defined on line 13)"
        );
    }

    #[test]
    fn malformed_entries_are_reported_where_they_are() {
        assert_eq!(
            err(&SMALL.replace("2, 0, 1, u8)", "2, 0, 1 u8)")).to_string(),
            "h.h:13:24: expected `,` or `)` in DEF(...), found `u8`"
        );
        assert_eq!(
            err(&SMALL.replace("2, 0, 1, u8)", "2, 0, u8)")).message,
            "DEF(...) takes 5 arguments, found 4"
        );
        assert_eq!(
            err(&SMALL.replace("2, 0, 1, u8)", "two, 0, 1, u8)")).message,
            "size must be an integer from 0 to 255, found `two`"
        );
        assert_eq!(
            err(&SMALL.replace("2, 0, 1, u8)", "2, 0, 1, u9)")).message,
            "opcode `push_u8` uses format `u9`, which no FMT(...) entry defines"
        );
        assert_eq!(err(&SMALL.replace("FMT(u8)", "FMT(u8")).line, 5);
        assert_eq!(
            err(&SMALL
                .replace("#ifdef FMT\n", "")
                .replace("#undef FMT\n#endif\n", ""))
            .message,
            "FMT(...) entry outside an `#ifdef FMT` block"
        );
        assert_eq!(
            err(&SMALL.replace("DEF(    short", "#if SHORT_OPCODES\nDEF(    short")).line,
            16
        );
        assert!(err("DEF(a, 1, 0, 0, none)")
            .message
            .contains("outside an `#ifdef DEF`"));
        assert!(err("#ifdef DEF\n")
            .message
            .starts_with("unexpected end of file"));
        assert_eq!(
            err("#ifdef FMT\nFMT(none) junk\n#endif").to_string(),
            "h.h:2:11: expected a FMT(...), DEF(...) or def(...) entry, found `junk`"
        );
    }
}
