//! The app's sources record: a custom section of an EdgeBox `.wasm`, which WAMR copies into the
//! `.aot`, holding the text of each of the app's files. The host reads it only to show the line
//! of an uncaught error (a code frame), so it costs a run nothing otherwise: it is never loaded
//! into the instance.
//!
//! Payload: a little-endian `u32` file count, then per file its name and its text, each a
//! little-endian `u32` byte length and UTF-8 bytes.

use crate::AotFile;

/// Name of the custom section (in the `.wasm`, and as a raw custom section of the `.aot`).
pub const SOURCES_SECTION: &str = "edgebox.sources";

/// The payload for `files` (name, text).
pub fn encode_sources<'a>(files: impl ExactSizeIterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, text) in files {
        for part in [name, text] {
            out.extend_from_slice(&(part.len() as u32).to_le_bytes());
            out.extend_from_slice(part.as_bytes());
        }
    }
    out
}

/// Line `line` (1-based, without its line break) of `file` in a sources payload; `None` when
/// the payload lacks the file or the line, or is malformed.
pub fn source_line<'a>(payload: &'a [u8], file: &str, line: u32) -> Option<&'a str> {
    let mut at: usize = 0;
    let mut take = |len: usize| {
        let part = payload.get(at..at.checked_add(len)?)?;
        at += len;
        Some(part)
    };
    let count = u32::from_le_bytes(take(4)?.try_into().ok()?);
    for _ in 0..count {
        let name_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let name = take(name_len)?;
        let text_len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let text = take(text_len)?;
        if name == file.as_bytes() {
            let text = std::str::from_utf8(text).ok()?;
            let line = text.split('\n').nth(line.checked_sub(1)? as usize)?;
            return Some(line.strip_suffix('\r').unwrap_or(line));
        }
    }
    None
}

/// The sources payload of an EdgeBox artifact: a `.aot`'s raw custom section or a `.wasm`'s
/// custom section of that name.
pub fn artifact_sources(artifact: &[u8]) -> Option<Vec<u8>> {
    if artifact.starts_with(&crate::MAGIC) {
        let file = AotFile::parse(artifact).ok()?;
        return file.raw_custom_section(SOURCES_SECTION).map(<[u8]>::to_vec);
    }
    wasm_custom_section(artifact, SOURCES_SECTION).map(<[u8]>::to_vec)
}

/// The payload of the first custom section called `name` of a wasm module.
fn wasm_custom_section<'a>(module: &'a [u8], name: &str) -> Option<&'a [u8]> {
    if !module.starts_with(b"\0asm") {
        return None;
    }
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        at += 1;
        let size = leb(module, &mut at)? as usize;
        let body = module.get(at..at.checked_add(size)?)?;
        at += size;
        if id == 0 {
            let mut inner = 0;
            let name_len = leb(body, &mut inner)? as usize;
            let section_name = body.get(inner..inner.checked_add(name_len)?)?;
            if section_name == name.as_bytes() {
                return body.get(inner + name_len..);
            }
        }
    }
    None
}

fn leb(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for i in 0..5 {
        let byte = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// `module` with a custom section `name` holding `payload` appended.
pub fn with_wasm_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    put_leb(&mut body, name.len() as u32);
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(payload);
    let mut out = Vec::with_capacity(module.len() + body.len() + 6);
    out.extend_from_slice(module);
    out.push(0);
    put_leb(&mut out, body.len() as u32);
    out.extend_from_slice(&body);
    out
}

fn put_leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_from_a_wasm_custom_section() {
        let payload = encode_sources(
            [("/app/a.js", "one\r\ntwo ☃\n"), ("file:///app/b.mjs", "x")].into_iter(),
        );
        let module = with_wasm_custom_section(b"\0asm\x01\0\0\0", SOURCES_SECTION, &payload);
        let found = &artifact_sources(&module).unwrap()[..];
        assert_eq!(found, payload);
        assert_eq!(source_line(found, "/app/a.js", 1), Some("one"));
        assert_eq!(source_line(found, "/app/a.js", 2), Some("two ☃"));
        assert_eq!(source_line(found, "file:///app/b.mjs", 1), Some("x"));
        assert_eq!(source_line(found, "/app/a.js", 0), None);
        assert_eq!(source_line(found, "/app/a.js", 4), None);
        assert_eq!(source_line(found, "/app/c.js", 1), None);
        assert_eq!(
            source_line(&found[..found.len() - 3], "file:///app/b.mjs", 1),
            None
        );
    }
}
