//! C tokens of an X-macro header: identifiers, integers, punctuation and whole preprocessor
//! directives; comments and white space are skipped.

/// One token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Ident(String),
    Number(String),
    Punct(char),
    /// A preprocessor line, `#` excluded, continuations joined, comments removed.
    Directive(String),
}

/// A lexical error: (line, column, message).
pub(crate) type LexError = (usize, usize, String);

pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
        column: 1,
        at_line_start: true,
    };
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next_token()? {
        tokens.push(token);
    }
    Ok(tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    column: usize,
    at_line_start: bool,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
            self.at_line_start = true;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Skips white space and comments; returns an error for an unterminated block comment.
    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('\\'), Some('\n')) => {
                    self.bump();
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), LexError> {
        let (line, column) = (self.line, self.column);
        self.bump();
        self.bump();
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some('*'), Some('/')) => {
                    self.bump();
                    self.bump();
                    return Ok(());
                }
                (Some(_), _) => {
                    self.bump();
                }
                (None, _) => return Err((line, column, "unterminated `/*` comment".into())),
            }
        }
    }

    fn next_token(&mut self) -> Result<Option<Token>, LexError> {
        self.skip_trivia()?;
        let (line, column) = (self.line, self.column);
        let starts_line = self.at_line_start;
        self.at_line_start = false;
        let Some(c) = self.peek(0) else {
            return Ok(None);
        };
        let kind = if c == '#' && starts_line {
            self.bump();
            TokenKind::Directive(self.directive()?)
        } else if c.is_ascii_alphabetic() || c == '_' {
            TokenKind::Ident(self.take_while(|c| c.is_ascii_alphanumeric() || c == '_'))
        } else if c.is_ascii_digit()
            || (c == '-' && self.peek(1).is_some_and(|d| d.is_ascii_digit()))
        {
            let sign = if c == '-' {
                self.bump().map(String::from)
            } else {
                None
            };
            let digits = self.take_while(|c| c.is_ascii_alphanumeric());
            TokenKind::Number(sign.unwrap_or_default() + &digits)
        } else if "(),".contains(c) {
            self.bump();
            TokenKind::Punct(c)
        } else {
            return Err((line, column, format!("unexpected character `{c}`")));
        };
        Ok(Some(Token { kind, line, column }))
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek(0).filter(|&c| keep(c)) {
            out.push(c);
            self.bump();
        }
        out
    }

    /// The rest of a directive line, joining `\`-continued lines and dropping comments.
    fn directive(&mut self) -> Result<String, LexError> {
        let mut text = String::new();
        loop {
            match (self.peek(0), self.peek(1)) {
                (None, _) | (Some('\n'), _) => break,
                (Some('\\'), Some('\n')) => {
                    self.bump();
                    self.bump();
                    text.push(' ');
                }
                (Some('/'), Some('*')) => {
                    self.block_comment()?;
                    text.push(' ');
                }
                (Some('/'), Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some(c), _) => {
                    text.push(c);
                    self.bump();
                }
            }
        }
        Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        tokenize(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn comments_and_spacing_do_not_matter() {
        let a = kinds("DEF(add,1,2,1,none)");
        let b = kinds("DEF( /* x */ add ,\n  1, 2 // y\n , 1,none )");
        assert_eq!(a, b);
    }

    #[test]
    fn directives_are_single_tokens_with_continuations_joined() {
        let k = kinds("#define def(a, b) \\\n  DEF(a, b) /* c */\nFMT(x)");
        assert_eq!(
            k[0],
            TokenKind::Directive("define def(a, b) DEF(a, b)".into())
        );
        assert_eq!(k[1], TokenKind::Ident("FMT".into()));
    }

    #[test]
    fn positions_are_reported() {
        let err = tokenize("FMT(a)\n  /* open").unwrap_err();
        assert_eq!((err.0, err.1), (2, 3));
        let err = tokenize("DEF(a; 1)").unwrap_err();
        assert_eq!(
            (err.0, err.1, err.2.as_str()),
            (1, 6, "unexpected character `;`")
        );
    }
}
