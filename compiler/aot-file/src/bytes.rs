//! Little-endian, alignment-aware reading and writing in WAMR's `.aot` layout.
//!
//! Every WAMR emitter write of a u32 or u64 is preceded (by the emitter's caller) by rounding the
//! offset up to a multiple of 4 or 2; offsets are relative to the start of the file. [`Reader`]
//! and [`Writer`] keep absolute file offsets so that the same rounding gives the same layout.

use crate::AotFileError;

/// Reads a byte range of an `.aot` file, tracking the absolute offset.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    file: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    /// Reads `file[start..end]`.
    pub(crate) fn new(file: &'a [u8], start: usize, end: usize) -> Reader<'a> {
        Reader {
            file,
            pos: start,
            end: end.min(file.len()),
        }
    }

    /// The absolute offset of the next byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Whether every byte of the range was read.
    pub(crate) fn is_at_end(&self) -> bool {
        self.pos == self.end
    }

    fn error(&self, what: &str) -> AotFileError {
        AotFileError::Malformed {
            offset: self.pos,
            what: what.to_string(),
        }
    }

    /// Rounds the offset up to a multiple of `to` (padding bytes are skipped).
    pub(crate) fn align(&mut self, to: usize) -> Result<(), AotFileError> {
        let aligned = self.pos.next_multiple_of(to);
        if aligned > self.end {
            return Err(self.error("padding runs past the end"));
        }
        self.pos = aligned;
        Ok(())
    }

    /// The next `len` bytes.
    pub(crate) fn bytes(&mut self, len: usize, what: &str) -> Result<&'a [u8], AotFileError> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&end| end <= self.end)
            .ok_or_else(|| self.error(&format!("{what} runs past the end")))?;
        let bytes = &self.file[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    pub(crate) fn u16(&mut self, what: &str) -> Result<u16, AotFileError> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self, what: &str) -> Result<u32, AotFileError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }

    pub(crate) fn u64(&mut self, what: &str) -> Result<u64, AotFileError> {
        let b = self.bytes(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    /// A u32 read after rounding the offset up to 4.
    pub(crate) fn aligned_u32(&mut self, what: &str) -> Result<u32, AotFileError> {
        self.align(4)?;
        self.u32(what)
    }

    /// A count of items each at least `min_item_size` bytes long: refuses counts the rest of
    /// the range cannot hold, so a corrupt count never makes a huge allocation.
    pub(crate) fn count(
        &mut self,
        min_item_size: usize,
        what: &str,
    ) -> Result<usize, AotFileError> {
        let count = self.u32(what)? as usize;
        if count.saturating_mul(min_item_size) > self.end - self.pos {
            return Err(self.error(&format!("{what} ({count}) does not fit in the section")));
        }
        Ok(count)
    }

    /// A WAMR string: u16 length including the NUL, the bytes, the NUL.
    pub(crate) fn string(&mut self, what: &str) -> Result<&'a str, AotFileError> {
        let len = self.u16(what)? as usize;
        let bytes = self.bytes(len, what)?;
        match bytes.split_last() {
            Some((0, text)) if !text.contains(&0) => {
                std::str::from_utf8(text).map_err(|_| self.error(&format!("{what} is not UTF-8")))
            }
            _ => Err(self.error(&format!("{what} is not a NUL-terminated string"))),
        }
    }
}

/// Writes an `.aot` file, with the emitter's alignment rules.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Pads with zeros to a multiple of `to`.
    pub(crate) fn align(&mut self, to: usize) {
        let len = self.bytes.len().next_multiple_of(to);
        self.bytes.resize(len, 0);
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    pub(crate) fn u16(&mut self, value: u16) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A WAMR string (see [`Reader::string`]).
    pub(crate) fn string(&mut self, text: &str) {
        // Names come from parsed files (read as u16-prefixed) or are section and symbol names.
        self.u16(u16::try_from(text.len() + 1).expect("an .aot name is at most 65,534 bytes"));
        self.bytes(text.as_bytes());
        self.bytes.push(0);
    }

    /// Overwrites the u32 at `at` (a size written before its content was known).
    pub(crate) fn patch_u32(&mut self, at: usize, value: u32) {
        self.bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
}
