//! The seal of an `.aot` that edgeboxc writes: the file's last section, a WAMR raw custom
//! section named [`SECTION`], which records what the code needs to run ([`Record`]: the WAMR
//! version, the bounds-check mode, the CPU features) and ends with a digest of every byte
//! before the digest. `edgebox` opens the seal ([`open`]) before it hands the file to WAMR, so
//! a truncated, overwritten or foreign file, or one built for another runtime or CPU, is
//! refused with a message instead of crashing the loader or dying of SIGILL.
//!
//! Layout, after WAMR's sections (4-aligned like every `.aot` section):
//!
//! ```text
//! u32 100 (custom section)  u32 size  u32 0 (raw)  u16 13  "edgebox.seal\0"
//! record text (UTF-8 lines "key value")  u32 record length  [16] xxh3-128 of all bytes before
//! ```

mod cpu;

pub use cpu::{level, levels, Features};

/// The name of the seal section.
pub const SECTION: &str = "edgebox.seal";

/// The portable level code is compiled for unless asked otherwise: x86-64-v2 (SSE4.2, POPCNT,
/// CMPXCHG16B; every x86-64 CPU since about 2009).
pub const DEFAULT_LEVEL: &str = "x86-64-v2";

/// The version of the record's format.
pub const FORMAT: u32 = 1;

/// WAMR's section type for custom sections, and the kind of a raw one.
const CUSTOM_SECTION: u32 = 100;
const RAW: u32 = 0;
const DIGEST_LEN: usize = 16;
/// type, size, kind, name length, name with its NUL.
const HEADER_LEN: usize = 4 + 4 + 4 + 2 + SECTION.len() + 1;

/// What a sealed `.aot` needs from the runtime and the CPU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The WAMR version the code was compiled for (`2.4.3`): the runtime must be the same.
    pub wamr: String,
    /// The bounds-check mode the code was compiled for (`hw` or `sw`).
    pub bounds_checks: String,
    /// The CPU the code was compiled for: a portable level (`x86-64-v2`) or `native:<cpu>`.
    pub cpu: String,
    /// The CPU features the code may use.
    pub features: Features,
}

/// Why a file's seal does not let it run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// No seal at the end of the file.
    #[error(
        "has no `{SECTION}` section at its end: it is truncated, or it was not written by \
         `edgeboxc build` or `edgeboxc aot`"
    )]
    Missing,
    /// The digest does not match the bytes.
    #[error("its digest does not match its contents: the file is corrupt or was modified")]
    Corrupt,
    /// The record cannot be read.
    #[error("its seal record is malformed ({0})")]
    Record(String),
}

impl Record {
    /// The seal section's payload for this record, with a zero digest for [`finish`] to fill.
    pub fn payload(&self) -> Vec<u8> {
        let text = format!(
            "format {FORMAT}\nwamr {}\nbounds_checks {}\ncpu {}\nfeatures {}\n",
            self.wamr,
            self.bounds_checks,
            self.cpu,
            self.features.to_hex()
        );
        let mut payload = text.into_bytes();
        let len = payload.len() as u32;
        payload.extend_from_slice(&len.to_le_bytes());
        payload.extend_from_slice(&[0; DIGEST_LEN]);
        payload
    }

    fn parse(text: &[u8]) -> Result<Record, SealError> {
        let bad = |what: &str| SealError::Record(what.to_string());
        let text = std::str::from_utf8(text).map_err(|_| bad("not UTF-8"))?;
        let mut fields = std::collections::HashMap::new();
        for line in text.lines() {
            let (key, value) = line
                .split_once(' ')
                .ok_or_else(|| bad(&format!("line {line:?}")))?;
            fields.insert(key, value);
        }
        let field = |key: &str| {
            fields
                .get(key)
                .map(|v| v.to_string())
                .ok_or_else(|| bad(&format!("no `{key}`")))
        };
        if field("format")? != FORMAT.to_string() {
            return Err(bad(&format!(
                "format {:?}, this edgebox reads format {FORMAT}",
                field("format")?
            )));
        }
        let features = Features::from_hex(field("features")?.split(' '))
            .ok_or_else(|| bad("`features` is not seven hex words"))?;
        Ok(Record {
            wamr: field("wamr")?,
            bounds_checks: field("bounds_checks")?,
            cpu: field("cpu")?,
            features,
        })
    }
}

/// Where the seal's record text lies in `file`, if `file` ends with a well-formed seal.
fn locate(file: &[u8]) -> Option<std::ops::Range<usize>> {
    let len = file.len();
    let u32_at = |at: usize| Some(u32::from_le_bytes(file.get(at..at + 4)?.try_into().ok()?));
    let record_len = u32_at(len.checked_sub(DIGEST_LEN + 4)?)? as usize;
    let text_start = len.checked_sub(DIGEST_LEN + 4)?.checked_sub(record_len)?;
    let start = text_start.checked_sub(HEADER_LEN)?;
    let name_len = u16::from_le_bytes(file.get(start + 12..start + 14)?.try_into().ok()?);
    let well_formed = start >= 8
        && start.is_multiple_of(4)
        && u32_at(start)? == CUSTOM_SECTION
        && u32_at(start + 4)? as usize == len - start - 8
        && u32_at(start + 8)? == RAW
        && name_len as usize == SECTION.len() + 1
        && &file[start + 14..text_start] == [SECTION.as_bytes(), b"\0"].concat().as_slice();
    well_formed.then_some(text_start..text_start + record_len)
}

fn digest(bytes: &[u8]) -> [u8; DIGEST_LEN] {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// Appends a seal for `record` to `file` (a complete WAMR `.aot` without one): the section,
/// 4-aligned like every section, then the digest.
pub fn append(file: &mut Vec<u8>, record: &Record) {
    while !file.len().is_multiple_of(4) {
        file.push(0);
    }
    let payload = record.payload();
    let size = (HEADER_LEN - 8 + payload.len()) as u32;
    file.extend_from_slice(&CUSTOM_SECTION.to_le_bytes());
    file.extend_from_slice(&size.to_le_bytes());
    file.extend_from_slice(&RAW.to_le_bytes());
    file.extend_from_slice(&((SECTION.len() + 1) as u16).to_le_bytes());
    file.extend_from_slice(SECTION.as_bytes());
    file.push(0);
    file.extend_from_slice(&payload);
    finish(file).expect("a seal just appended is well-formed");
}

/// Fills in the digest of `file`, which must end with a seal section made from
/// [`Record::payload`] (its digest still zero).
pub fn finish(file: &mut [u8]) -> Result<(), SealError> {
    locate(file).ok_or(SealError::Missing)?;
    let end = file.len() - DIGEST_LEN;
    let sum = digest(&file[..end]);
    file[end..].copy_from_slice(&sum);
    Ok(())
}

/// Checks `file`'s seal and digest and returns its record.
pub fn open(file: &[u8]) -> Result<Record, SealError> {
    let text = locate(file).ok_or(SealError::Missing)?;
    let end = file.len() - DIGEST_LEN;
    if digest(&file[..end]) != file[end..] {
        return Err(SealError::Corrupt);
    }
    Record::parse(&file[text])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            wamr: "2.4.3".into(),
            bounds_checks: "hw".into(),
            cpu: "x86-64-v2".into(),
            features: level("x86-64-v2").unwrap(),
        }
    }

    /// A fake file: 8-byte header, a body of `body` bytes, then the seal section.
    fn sealed(body: usize, record: &Record) -> Vec<u8> {
        let mut file = b"\0aot\x06\0\0\0".to_vec();
        file.extend(std::iter::repeat_n(0xab, body));
        append(&mut file, record);
        file
    }

    #[test]
    fn a_sealed_file_opens_to_its_record() {
        for body in [0, 1, 2, 3, 1000] {
            assert_eq!(open(&sealed(body, &record())), Ok(record()), "body {body}");
        }
    }

    #[test]
    fn any_changed_byte_or_truncation_is_refused() {
        let file = sealed(64, &record());
        for at in (0..file.len()).step_by(7) {
            let mut bad = file.clone();
            bad[at] ^= 0x40;
            assert!(open(&bad).is_err(), "byte {at} flipped");
        }
        for len in [0, 8, file.len() / 2, file.len() - 1] {
            assert_eq!(open(&file[..len]), Err(SealError::Missing), "cut at {len}");
        }
        let mut overwritten = file.clone();
        overwritten[8..40].fill(0xcc);
        assert_eq!(open(&overwritten), Err(SealError::Corrupt));
        assert_eq!(open(b"\0aot\x06\0\0\0"), Err(SealError::Missing));
        let mut unsealed = file.clone();
        assert_eq!(finish(&mut unsealed[..100]), Err(SealError::Missing));
    }

    #[test]
    fn a_malformed_or_newer_record_is_named() {
        let mut newer = sealed(4, &record());
        let at = newer.windows(8).position(|w| w == b"format 1").unwrap();
        newer[at + 7] = b'9';
        finish(&mut newer).unwrap();
        assert_eq!(
            open(&newer),
            Err(SealError::Record(
                "format \"9\", this edgebox reads format 1".into()
            ))
        );
        let mut odd = sealed(4, &record());
        let at = odd.windows(9).position(|w| w == b"features ").unwrap();
        odd[at + 9] = b'z';
        finish(&mut odd).unwrap();
        assert!(
            matches!(open(&odd), Err(SealError::Record(m)) if m.contains("hex")),
            "bad hex"
        );
    }
}
