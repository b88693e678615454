//! Just enough of the wasm binary format to replace one custom section.

/// The wasm magic number and the only version WAMR loads.
pub(crate) const HEADER: [u8; 8] = *b"\0asm\x01\0\0\0";

/// `module` (which starts with [`HEADER`]) with every custom section called `name` removed and
/// one custom section `name` holding `payload` appended. Custom sections may appear anywhere, so
/// the result is valid whenever `module` is. If the sections cannot be walked, the bytes are kept
/// as they are (WAMR's loader then reports what is wrong).
pub(crate) fn with_custom_section(module: &[u8], name: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(module.len() + name.len() + payload.len() + 12);
    match sections(module) {
        Some(list) => {
            out.extend_from_slice(&module[..HEADER.len()]);
            for section in list {
                if section.custom_name != Some(name.as_bytes()) {
                    out.extend_from_slice(&module[section.start..section.end]);
                }
            }
        }
        None => out.extend_from_slice(module),
    }
    let mut body = Vec::with_capacity(name.len() + payload.len() + 5);
    write_leb_u32(&mut body, name.len() as u32);
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(payload);
    out.push(0);
    write_leb_u32(&mut out, body.len() as u32);
    out.extend_from_slice(&body);
    out
}

/// One top-level section: its byte range (id and size included) and, for a custom section
/// with a readable name, that name.
struct Section<'a> {
    start: usize,
    end: usize,
    custom_name: Option<&'a [u8]>,
}

fn sections(module: &[u8]) -> Option<Vec<Section<'_>>> {
    let mut list = Vec::new();
    let mut pos = HEADER.len();
    while pos < module.len() {
        let start = pos;
        let id = module[pos];
        let (size, body_start) = read_leb_u32(module, pos + 1)?;
        let end = body_start.checked_add(size as usize)?;
        let body = module.get(body_start..end)?;
        let custom_name = if id == 0 {
            let (len, name_start) = read_leb_u32(body, 0)?;
            body.get(name_start..name_start.checked_add(len as usize)?)
        } else {
            None
        };
        list.push(Section {
            start,
            end,
            custom_name,
        });
        pos = end;
    }
    Some(list)
}

/// Reads an unsigned LEB128 u32 at `pos`; returns it and the position after it.
fn read_leb_u32(bytes: &[u8], mut pos: usize) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(pos)?;
        pos += 1;
        if shift == 28 && byte > 0x0f {
            return None;
        }
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, pos));
        }
    }
    None
}

fn write_leb_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(name: &str, payload: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        write_leb_u32(&mut body, name.len() as u32);
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(payload);
        let mut section = vec![0];
        write_leb_u32(&mut section, body.len() as u32);
        section.extend_from_slice(&body);
        section
    }

    #[test]
    fn leb_round_trips() {
        for value in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            write_leb_u32(&mut bytes, value);
            assert_eq!(read_leb_u32(&bytes, 0), Some((value, bytes.len())));
        }
        assert_eq!(read_leb_u32(&[0x80, 0x80], 0), None);
        assert_eq!(read_leb_u32(&[0xff, 0xff, 0xff, 0xff, 0x1f], 0), None);
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
    fn keeps_unwalkable_bytes_as_they_are() {
        let mut module = HEADER.to_vec();
        module.extend_from_slice(&[1, 50, 0]); // section size runs past the end
        let out = with_custom_section(&module, "mark", b"hw");
        assert!(out.starts_with(&module));
        assert!(out.ends_with(&custom("mark", b"hw")));
    }
}
