//! A whole `.aot` file: header and sections, in the order WAMR 2.4.3's emitter writes them and
//! its loader requires (TARGET_INFO, INIT_DATA, TEXT, FUNCTION, EXPORT, RELOCATION, then custom
//! sections).

use std::borrow::Cow;

use crate::bytes::{Reader, Writer};
use crate::init_data::InitData;
use crate::relocation::Relocations;
use crate::AotFileError;

/// The magic number every `.aot` starts with.
pub const MAGIC: [u8; 4] = *b"\0aot";
/// The `.aot` format version WAMR 2.4.3 writes and loads.
pub const VERSION: u32 = 6;

/// Section types (`AOT_SECTION_TYPE_*` in WAMR's `aot_runtime.h`).
pub(crate) mod section {
    pub const TARGET_INFO: u32 = 0;
    pub const INIT_DATA: u32 = 1;
    pub const TEXT: u32 = 2;
    pub const FUNCTION: u32 = 3;
    pub const EXPORT: u32 = 4;
    pub const RELOCATION: u32 = 5;
    pub const CUSTOM: u32 = 100;
}

/// Raw custom section kind (`AOT_CUSTOM_SECTION_RAW`): a copied wasm custom section.
const CUSTOM_SECTION_RAW: u32 = 0;

/// Bytes per function in the FUNCTION section of a 64-bit, non-GC `.aot`: text offset (u64),
/// type index, local cells and stack cells (u32 each).
const FUNCTION_ENTRY_SIZE: usize = 8 + 4 + 4 + 4;

/// A parsed `.aot` file. Borrowed parts point into the file it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AotFile<'a> {
    /// The TARGET_INFO section's body (architecture, ELF type, feature flags), raw.
    pub target_info: &'a [u8],
    /// The INIT_DATA section.
    pub init_data: InitData<'a>,
    /// The machine code of every compiled function (the TEXT section after its literal).
    pub text: Cow<'a, [u8]>,
    /// Each defined function's offset in [`AotFile::text`].
    pub function_offsets: Vec<u64>,
    /// The rest of the FUNCTION section (type indices, local and stack cell counts), raw.
    pub function_info: &'a [u8],
    /// The EXPORT section's body, raw.
    pub exports: &'a [u8],
    /// The RELOCATION section.
    pub relocations: Relocations,
    /// Custom sections, in file order: (kind, body after the kind), raw.
    pub custom_sections: Vec<(u32, Cow<'a, [u8]>)>,
}

/// One section's type and body range.
struct SectionRange {
    kind: u32,
    start: usize,
    end: usize,
}

impl<'a> AotFile<'a> {
    /// Parses `bytes`. Anything that is not a WAMR 2.4.3 `.aot` of the kind EdgeBox builds
    /// (64-bit x86-64, no literal pool, no GC) is an error naming the offset and what is wrong.
    pub fn parse(bytes: &'a [u8]) -> Result<AotFile<'a>, AotFileError> {
        if bytes.len() < 8 || bytes[..4] != MAGIC {
            return Err(AotFileError::NotAot);
        }
        let version = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes"));
        if version != VERSION {
            return Err(AotFileError::Version(version));
        }
        let sections = sections(bytes)?;
        let expected = [
            section::TARGET_INFO,
            section::INIT_DATA,
            section::TEXT,
            section::FUNCTION,
            section::EXPORT,
            section::RELOCATION,
        ];
        let kinds: Vec<u32> = sections.iter().map(|s| s.kind).collect();
        if kinds.len() < expected.len()
            || kinds[..expected.len()] != expected
            || kinds[expected.len()..]
                .iter()
                .any(|&k| k != section::CUSTOM)
        {
            return Err(AotFileError::Malformed {
                offset: 8,
                what: format!("sections are {kinds:?}; expected {expected:?} then custom sections"),
            });
        }
        let body = |i: usize| &bytes[sections[i].start..sections[i].end];

        let init_data = InitData::parse(bytes, sections[1].start, sections[1].end)?;

        let mut text = Reader::new(bytes, sections[2].start, sections[2].end);
        let literal_size = text.u32("literal size")?;
        if literal_size != 0 {
            return Err(AotFileError::Unsupported {
                offset: sections[2].start,
                what: "a literal pool (indirect mode)".into(),
            });
        }
        let code = &bytes[text.pos()..sections[2].end];

        let functions = body(3);
        let count = init_data.func_count as usize;
        if functions.len() != count * FUNCTION_ENTRY_SIZE {
            return Err(AotFileError::Malformed {
                offset: sections[3].start,
                what: format!(
                    "the function section holds {} bytes; {count} functions need {}",
                    functions.len(),
                    count * FUNCTION_ENTRY_SIZE
                ),
            });
        }
        let mut offsets = Reader::new(bytes, sections[3].start, sections[3].start + count * 8);
        let function_offsets = (0..count)
            .map(|_| offsets.u64("function offset"))
            .collect::<Result<Vec<_>, _>>()?;
        // A declared function's offset is 0 even when the unit has no code at all.
        let len = code.len() as u64;
        if let Some(bad) = function_offsets
            .iter()
            .find(|&&o| o >= len && !(len == 0 && o == 0))
        {
            return Err(AotFileError::Malformed {
                offset: sections[3].start,
                what: format!("function offset {bad} is outside the code"),
            });
        }

        let relocations = Relocations::parse(bytes, sections[5].start, sections[5].end)?;

        let custom_sections = sections[6..]
            .iter()
            .map(|s| {
                let mut r = Reader::new(bytes, s.start, s.end);
                let kind = r.u32("custom section kind")?;
                Ok((kind, Cow::Borrowed(&bytes[r.pos()..s.end])))
            })
            .collect::<Result<Vec<_>, AotFileError>>()?;

        Ok(AotFile {
            target_info: body(0),
            init_data,
            text: code.into(),
            function_offsets,
            function_info: &functions[count * 8..],
            exports: body(4),
            relocations,
            custom_sections,
        })
    }

    /// The payload of the raw custom section called `name` (a wasm custom section WAMR copied
    /// into the `.aot`), if there is one.
    pub fn raw_custom_section(&self, name: &str) -> Option<&[u8]> {
        self.raw_custom_sections()
            .find_map(|(n, payload)| (n == name).then_some(payload))
    }

    /// Every raw custom section: name and payload.
    pub fn raw_custom_sections(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.custom_sections.iter().filter_map(|(kind, body)| {
            if *kind != CUSTOM_SECTION_RAW {
                return None;
            }
            let mut r = Reader::new(body, 0, body.len());
            let name = r.string("name").ok()?;
            Some((name, &body[r.pos()..]))
        })
    }

    /// Sets the raw custom section `name` to `payload` (replacing it, or adding it at the end).
    pub fn set_raw_custom_section(&mut self, name: &str, payload: &[u8]) {
        let mut w = Writer::default();
        w.string(name);
        w.bytes(payload);
        let body = w.into_bytes();
        let existing = self
            .custom_sections
            .iter()
            .position(|(kind, body)| is_raw_named(*kind, body, name));
        match existing {
            Some(i) => self.custom_sections[i].1 = body.into(),
            None => self.custom_sections.push((CUSTOM_SECTION_RAW, body.into())),
        }
    }

    /// Removes the raw custom section `name`, if there is one.
    pub fn remove_raw_custom_section(&mut self, name: &str) {
        self.custom_sections
            .retain(|(kind, body)| !is_raw_named(*kind, body, name));
    }

    /// The file's bytes, laid out as WAMR's emitter lays them out.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(&MAGIC);
        w.u32(VERSION);
        section_with(&mut w, section::TARGET_INFO, |w| w.bytes(self.target_info));
        section_with(&mut w, section::INIT_DATA, |w| self.init_data.write(w));
        section_with(&mut w, section::TEXT, |w| {
            w.u32(0);
            w.bytes(&self.text);
            w.align(4);
        });
        section_with(&mut w, section::FUNCTION, |w| {
            for &offset in &self.function_offsets {
                w.u64(offset);
            }
            w.bytes(self.function_info);
        });
        section_with(&mut w, section::EXPORT, |w| w.bytes(self.exports));
        section_with(&mut w, section::RELOCATION, |w| self.relocations.write(w));
        for (kind, body) in &self.custom_sections {
            section_with(&mut w, section::CUSTOM, |w| {
                w.u32(*kind);
                w.bytes(body);
            });
        }
        w.into_bytes()
    }
}

/// Whether a custom section of `kind` with `body` is the raw one called `name`.
fn is_raw_named(kind: u32, body: &[u8], name: &str) -> bool {
    kind == CUSTOM_SECTION_RAW && Reader::new(body, 0, body.len()).string("name").ok() == Some(name)
}

/// Writes one section: 4-aligned header (type, size), then the body `write` produces.
pub(crate) fn section_with(w: &mut Writer, kind: u32, write: impl FnOnce(&mut Writer)) {
    w.align(4);
    w.u32(kind);
    let size_at = w.len();
    w.u32(0);
    let start = w.len();
    write(w);
    let size = w.len() - start;
    w.patch_u32(size_at, size as u32);
}

/// Splits the file after the header into sections.
fn sections(bytes: &[u8]) -> Result<Vec<SectionRange>, AotFileError> {
    let mut r = Reader::new(bytes, 8, bytes.len());
    let mut list = Vec::new();
    while !r.is_at_end() {
        let kind = r.aligned_u32("section type")?;
        let size = r.u32("section size")? as usize;
        let start = r.pos();
        r.bytes(size, "section")?;
        list.push(SectionRange {
            kind,
            start,
            end: start + size,
        });
    }
    Ok(list)
}
