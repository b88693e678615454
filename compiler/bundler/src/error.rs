//! Typed bundling errors, each naming the file (and where it has one, the line and column).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A position in a source file, with the text of its line for a caret snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as the user reaches it: the app root as given, joined with the module id.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of that line, without its line break.
    pub source_line: String,
}

impl Location {
    /// Locates the byte `offset` of `src` (clamped to the text and to a character boundary).
    pub(crate) fn at_offset(file: PathBuf, src: &str, offset: usize) -> Self {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
        let line = src[..line_start].matches('\n').count() + 1;
        let column = src[line_start..offset].chars().count() + 1;
        let source_line = src[line_start..line_end].trim_end_matches('\r').to_string();
        Location {
            file,
            line,
            column,
            source_line,
        }
    }

    /// The source line and a caret under the column, rustc/gcc style:
    ///
    /// ```text
    ///   3 | let x y = 1;
    ///     |       ^
    /// ```
    pub fn snippet(&self) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        // Keep tabs so that the caret lines up however the terminal expands them.
        let pad: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(" {number} | {}\n {gutter} | {pad}^", self.source_line)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Why bundling failed. `Display` gives the whole user-facing message (first line
/// `file[:line:col]: message`, then for located errors a source snippet with a caret).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The input given to [`crate::resolve_entry`] is not a usable app.
    #[error("{}: {message}", path.display())]
    Entry {
        /// The path given.
        path: PathBuf,
        /// What is wrong and what is expected.
        message: String,
    },
    /// A file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// A `package.json` is not valid JSON or has a field of the wrong shape.
    #[error("{}: invalid package.json: {message}", path.display())]
    PackageJson {
        /// The `package.json` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A JavaScript syntax error.
    #[error("{location}: {message}\n{}", location.snippet())]
    Syntax {
        /// Where.
        location: Box<Location>,
        /// The parser's message.
        message: String,
    },
    /// A JSON module that is not valid JSON.
    #[error("{location}: invalid JSON: {message}\n{}", location.snippet())]
    Json {
        /// Where.
        location: Box<Location>,
        /// The JSON parser's message.
        message: String,
    },
    /// An `import`/`require` whose module was not found.
    #[error(
        "{location}: cannot resolve '{specifier}'{}\n{}{}",
        reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default(),
        location.snippet(),
        looked_for(looked)
    )]
    Unresolved {
        /// Where the specifier is written.
        location: Box<Location>,
        /// The specifier as written.
        specifier: String,
        /// Why, when more can be said than "not found" (e.g. a package's `exports` hides it).
        reason: Option<String>,
        /// The files and folders that were tried, in order.
        looked: Vec<PathBuf>,
    },
    /// Valid JavaScript that the bundler does not support (native addons).
    #[error("{location}: {message}\n{}", location.snippet())]
    Unsupported {
        /// Where.
        location: Box<Location>,
        /// What is not supported and what to do instead.
        message: String,
    },
    /// A bug in the bundler itself (an swc transform produced something unexpected).
    #[error("internal bundler error: {0}")]
    Internal(String),
}

/// Something a build should tell the user about without failing. `Display` gives the message
/// (first line `file:line:col: message`, then a source snippet).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    /// An `import`/`require` of a Node.js built-in module that EdgeBox does not provide: it
    /// throws `ERR_UNKNOWN_BUILTIN_MODULE` when it runs.
    #[error(
        "{location}: Node.js built-in module '{module}' is not provided by EdgeBox: loading it throws ERR_UNKNOWN_BUILTIN_MODULE at run time\n{}",
        location.snippet()
    )]
    UnsupportedBuiltin {
        /// Where the specifier is written.
        location: Box<Location>,
        /// The specifier as written.
        module: String,
    },
    /// A `require` inside a `try` block of a module that does not resolve: it throws
    /// `MODULE_NOT_FOUND` when it runs, as in Node (optional dependencies).
    #[error(
        "{location}: cannot resolve '{module}' (required inside a try block): that require throws MODULE_NOT_FOUND at run time\n{}",
        location.snippet()
    )]
    OptionalMissing {
        /// Where the specifier is written.
        location: Box<Location>,
        /// The specifier as written.
        module: String,
    },
}

fn looked_for(looked: &[PathBuf]) -> String {
    if looked.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n  looked for:");
    for path in looked {
        out.push_str("\n    ");
        out.push_str(&path.display().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "a\r\nlet é = x y;\nz";
        let offset = src.find('y').unwrap();
        let loc = Location::at_offset("f.js".into(), src, offset);
        assert_eq!((loc.line, loc.column), (2, 11));
        assert_eq!(loc.source_line, "let é = x y;");
        assert_eq!(loc.to_string(), "f.js:2:11");
        assert_eq!(loc.snippet(), " 2 | let é = x y;\n   |           ^");
    }

    #[test]
    fn snippet_keeps_tabs_and_handles_end_of_file() {
        let src = "\tfoo(\n";
        let loc = Location::at_offset("f.js".into(), src, 4);
        assert_eq!(loc.snippet(), " 1 | \tfoo(\n   | \t   ^");
        let end = Location::at_offset("f.js".into(), src, src.len() + 10);
        assert_eq!((end.line, end.column, end.source_line.as_str()), (2, 1, ""));
    }
}
