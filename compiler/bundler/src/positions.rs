//! Where a position of the bundle came from: its source map, read back as a sorted table.
//! Positions in and out are the ones QuickJS-NG and Node print: 1-based lines; the bundle's
//! columns count bytes (as QuickJS's tokenizer does), the original's UTF-16 units (as V8's).

use crate::{Bundle, BundleError};

/// A position in one of the bundled files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Original<'a> {
    /// The file as a stack trace names it: see [`Bundle::trace_names`]; the Node layer's by its
    /// `node:` id.
    pub file: &'a str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in UTF-16 units.
    pub column: u32,
}

/// Looks positions of a [`Bundle`]'s code up in its source map.
pub struct OriginalPositions<'a> {
    code: &'a str,
    line_starts: Vec<usize>,
    /// `(bundle line, bundle UTF-16 column, source, line, column)`, all 0-based, sorted.
    tokens: Vec<(u32, u32, u32, u32, u32)>,
    files: Vec<String>,
}

impl Bundle {
    /// The lookup of this bundle's positions in the files they came from.
    pub fn original_positions(&self) -> Result<OriginalPositions<'_>, BundleError> {
        let text = self
            .source_map
            .as_deref()
            .ok_or_else(|| BundleError::Internal("the bundle has no source map".into()))?;
        let map = swc_sourcemap::SourceMap::from_slice(text.as_bytes())
            .map_err(|e| BundleError::Internal(format!("the bundle's source map: {e}")))?;
        let files = (0..map.get_source_count())
            .map(|i| {
                let id = map.get_source(i).map(|s| s.to_string()).unwrap_or_default();
                self.trace_names.get(&id).cloned().unwrap_or(id)
            })
            .collect();
        let mut tokens: Vec<_> = map
            .tokens()
            .filter(|t| t.has_source())
            .map(|t| {
                (
                    t.get_dst_line(),
                    t.get_dst_col(),
                    t.get_src_id(),
                    t.get_src_line(),
                    t.get_src_col(),
                )
            })
            .collect();
        tokens.sort_unstable();
        let line_starts = std::iter::once(0)
            .chain(self.code.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ok(OriginalPositions {
            code: &self.code,
            line_starts,
            tokens,
            files,
        })
    }
}

impl OriginalPositions<'_> {
    /// Where the code at bundle `line` and byte `column` (both 1-based) came from: the last
    /// mapped token of that line that starts at or before it (or the line's first one, for a
    /// position ahead of every token). `None` for lines of the bundle's own making.
    pub fn lookup(&self, line: u32, column: u32) -> Option<Original<'_>> {
        let dst_line = line.checked_sub(1)?;
        let dst_col = self.utf16_column(dst_line, column.checked_sub(1)?)?;
        let after = self
            .tokens
            .partition_point(|t| (t.0, t.1) <= (dst_line, dst_col));
        let token = match after.checked_sub(1).map(|i| self.tokens[i]) {
            Some(t) if t.0 == dst_line => t,
            _ => *self.tokens.get(after).filter(|t| t.0 == dst_line)?,
        };
        Some(Original {
            file: self.files.get(token.2 as usize)?,
            line: token.3 + 1,
            column: token.4 + 1,
        })
    }

    /// The UTF-16 column of the byte column `byte` (0-based) of line `line` (0-based).
    fn utf16_column(&self, line: u32, byte: u32) -> Option<u32> {
        let start = *self.line_starts.get(line as usize)?;
        let rest = &self.code[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        let text = &rest[..end];
        let mut byte = (byte as usize).min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        Some(text[..byte].encode_utf16().count() as u32)
    }
}
