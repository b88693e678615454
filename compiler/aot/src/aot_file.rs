//! Just enough of WAMR's .aot layout (version 6) to read a raw custom section back.
//!
//! An .aot file is the magic `\0aot`, a u32 version, then sections. Every integer is little
//! endian and aligned to its size (u32 reads first round the offset up to a multiple of 4).
//! A section is `u32 type, u32 size, body`. A copied wasm custom section has type 100 and the
//! body `u32 kind = 0 (raw), u16 name length (NUL included), name, NUL, payload`.

/// The .aot magic number.
pub(crate) const MAGIC: [u8; 4] = *b"\0aot";

const SECTION_TYPE_CUSTOM: u32 = 100;
const CUSTOM_SECTION_RAW: u32 = 0;

/// The payload of the first raw custom section called `name`, or `None` when there is none or
/// `aot` is not a well-formed .aot file.
pub(crate) fn custom_section<'a>(aot: &'a [u8], name: &str) -> Option<&'a [u8]> {
    if !aot.starts_with(&MAGIC) {
        return None;
    }
    let mut pos = 8;
    while pos < aot.len() {
        let (kind, after_kind) = read_u32(aot, pos)?;
        let (size, body_start) = read_u32(aot, after_kind)?;
        let body_end = body_start.checked_add(size as usize)?;
        let body = aot.get(body_start..body_end)?;
        if kind == SECTION_TYPE_CUSTOM {
            if let Some(payload) = raw_custom_payload(body, name) {
                return Some(payload);
            }
        }
        pos = body_end;
    }
    None
}

/// The payload of a custom section body if it is a raw one called `name`. Offsets are relative
/// to the body, which starts 4-aligned in the file, so alignment is the same as in the file.
fn raw_custom_payload<'a>(body: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let (kind, after_kind) = read_u32(body, 0)?;
    if kind != CUSTOM_SECTION_RAW {
        return None;
    }
    let len_pos = after_kind.next_multiple_of(2);
    let len = u16::from_le_bytes(body.get(len_pos..len_pos + 2)?.try_into().ok()?) as usize;
    let name_start = len_pos + 2;
    let stored = body.get(name_start..name_start + len)?;
    let (nul, stored_name) = stored.split_last()?;
    if *nul != 0 || stored_name != name.as_bytes() {
        return None;
    }
    body.get(name_start + len..)
}

/// Reads the u32 at `pos` rounded up to a multiple of 4; returns it and the offset after it.
fn read_u32(bytes: &[u8], pos: usize) -> Option<(u32, usize)> {
    let pos = pos.checked_next_multiple_of(4)?;
    let value = u32::from_le_bytes(bytes.get(pos..pos.checked_add(4)?)?.try_into().ok()?);
    Some((value, pos + 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_u32(out: &mut Vec<u8>, value: u32) {
        out.resize(out.len().next_multiple_of(4), 0);
        out.extend_from_slice(&value.to_le_bytes());
    }

    fn section(out: &mut Vec<u8>, kind: u32, body: &[u8]) {
        push_u32(out, kind);
        push_u32(out, body.len() as u32);
        out.extend_from_slice(body);
    }

    fn raw_custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = CUSTOM_SECTION_RAW.to_le_bytes().to_vec();
        body.extend_from_slice(&(name.len() as u16 + 1).to_le_bytes());
        body.extend_from_slice(name.as_bytes());
        body.push(0);
        body.extend_from_slice(payload);
        body
    }

    fn image(sections: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&6u32.to_le_bytes());
        for (kind, body) in sections {
            section(&mut out, *kind, body);
        }
        out
    }

    #[test]
    fn finds_a_raw_section_after_unaligned_ones() {
        let aot = image(&[
            (0, vec![1, 2, 3]), // odd size: the next section starts after padding
            (SECTION_TYPE_CUSTOM, raw_custom("other", b"x")),
            (SECTION_TYPE_CUSTOM, raw_custom("mark", b"hw")),
        ]);
        assert_eq!(custom_section(&aot, "mark"), Some(&b"hw"[..]));
        assert_eq!(custom_section(&aot, "other"), Some(&b"x"[..]));
        assert_eq!(custom_section(&aot, "missing"), None);
        assert_eq!(custom_section(&aot, "mar"), None);
    }

    #[test]
    fn ignores_non_raw_custom_sections() {
        let mut body = raw_custom("mark", b"hw");
        body[0] = 3; // the name-section kind
        assert_eq!(custom_section(&image(&[(100, body)]), "mark"), None);
    }

    #[test]
    fn rejects_malformed_input_without_panicking() {
        let aot = image(&[(100, raw_custom("mark", b"hw"))]);
        for len in 0..aot.len() {
            assert_eq!(
                custom_section(&aot[..len], "mark"),
                None,
                "prefix of {len} bytes"
            );
        }
        let mut bad_size = aot.clone();
        bad_size[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(custom_section(&bad_size, "mark"), None);
        assert_eq!(custom_section(b"\0asm\x01\0\0\0", "mark"), None);
    }
}
