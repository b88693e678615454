//! A command line without a shell: split into words as `sh` would (single quotes, double quotes,
//! backslashes), refusing everything that would make `sh` do more than run one program — a
//! second command, a pipe, a redirection, an expansion, a glob, a subshell — because without
//! `sh` allowed no shell runs, and the line must not mean something else quietly.

/// Why a command line cannot run without a shell.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShellSyntax(pub(crate) String);

/// The words of `line`, or the shell syntax it uses.
pub(crate) fn split_words(line: &str) -> Result<Vec<String>, ShellSyntax> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(refused("an unterminated ' quote")),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => w.push(c),
                            Some(c @ ('$' | '`')) => return Err(expansion(c)),
                            Some('\n') | None => return Err(refused("a backslash-newline")),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                        },
                        Some(c @ ('$' | '`')) => return Err(expansion(c)),
                        Some('\n') => return Err(refused("a newline")),
                        Some(c) => w.push(c),
                        None => return Err(refused("an unterminated \" quote")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') | None => return Err(refused("a trailing backslash")),
                Some(c) => word.get_or_insert_with(String::new).push(c),
            },
            ';' | '|' | '&' | '>' | '<' | '(' | ')' | '\n' | '$' | '`' | '*' | '?' | '[' | '~'
            | '#' | '{' | '}' => {
                return Err(refused(&format!("`{}`", c.escape_default())));
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = word {
        words.push(w);
    }
    match words.first() {
        None => Err(refused("no command (the line is empty)")),
        Some(first) if first.contains('=') => Err(refused("a variable assignment")),
        Some(_) => Ok(words),
    }
}

fn expansion(c: char) -> ShellSyntax {
    refused(&format!("`{c}` (an expansion) inside double quotes"))
}

fn refused(what: &str) -> ShellSyntax {
    ShellSyntax(format!(
        "the command line uses shell syntax ({what}) and `sh` is not an allowed command, so it \
         is split into words and run without a shell: allow `sh` in the policy to run it \
         through /bin/sh, or pass the program and its arguments separately (execFile, spawn)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split_words(line).unwrap()
    }

    #[test]
    fn splits_words_and_honours_quotes() {
        assert_eq!(words("git status"), ["git", "status"]);
        assert_eq!(
            words("  echo   'a  b' \"c d\" e\\ f  "),
            ["echo", "a  b", "c d", "e f"]
        );
        assert_eq!(words("echo 'a;b|c' \"x>y\""), ["echo", "a;b|c", "x>y"]);
        assert_eq!(words("echo \"q\\\"uote\" ''"), ["echo", "q\"uote", ""]);
        assert_eq!(words("printf 'it''s'"), ["printf", "its"]);
    }

    #[test]
    fn refuses_every_shell_construct() {
        for line in [
            "echo hi; rm -rf /",
            "echo hi | sh",
            "echo hi && rm x",
            "echo hi > /etc/passwd",
            "cat < /etc/shadow",
            "echo $(id)",
            "echo `id`",
            "echo \"$HOME\"",
            "echo \"`id`\"",
            "(rm x)",
            "echo a\nrm x",
            "rm *",
            "ls ~",
            "LD_PRELOAD=/x.so git status",
            "echo 'unterminated",
            "echo \"unterminated",
            "echo {a,b}",
            "",
            "   ",
            "echo hi #comment",
            "echo hi &",
        ] {
            let err = split_words(line).unwrap_err();
            assert!(err.0.contains("shell syntax"), "{line:?}: {}", err.0);
        }
    }
}
