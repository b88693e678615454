//! Reading bytes that are not a well-formed `.aot` never panics: arbitrary bytes, and every
//! truncation and many corruptions of a valid file, are errors or (for corruptions that keep
//! the layout) files that parse.

use edgebox_aot_file::{AotFile, AotFileError, MAGIC, VERSION};
use proptest::prelude::*;

/// A valid, minimal `.aot`: header, every section, no functions.
fn minimal() -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    let mut section = |kind: u32, body: &[u8]| {
        bytes.resize(bytes.len().next_multiple_of(4), 0);
        bytes.extend_from_slice(&kind.to_le_bytes());
        bytes.extend_from_slice(&(body.len() as u32).to_le_bytes());
        bytes.extend_from_slice(body);
    };
    let words = |ws: &[u32]| -> Vec<u8> { ws.iter().flat_map(|w| w.to_le_bytes()).collect() };
    section(0, &[7; 40]);
    let mut init = words(&[0, 1, 0, 65536, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, u32::MAX]);
    for _ in 0..3 {
        init.extend(words(&[u32::MAX, 0, 0]));
    }
    init.extend(words(&[0, 0]));
    section(1, &init);
    section(2, &words(&[0]));
    section(3, &[]);
    section(4, &words(&[0]));
    section(5, &words(&[0, 0, 0]));
    bytes
}

#[test]
fn the_minimal_file_parses_and_round_trips() {
    let bytes = minimal();
    let file = AotFile::parse(&bytes).unwrap();
    assert_eq!(file.init_data.func_count, 0);
    assert_eq!(file.to_bytes(), bytes);
}

#[test]
fn header_errors_say_what_is_wrong() {
    assert_eq!(
        AotFile::parse(b"\0asm\x01\0\0\0").unwrap_err(),
        AotFileError::NotAot
    );
    let mut v7 = minimal();
    v7[4] = 7;
    assert_eq!(AotFile::parse(&v7).unwrap_err(), AotFileError::Version(7));
    let mut reordered = minimal();
    reordered[8] = 1; // TARGET_INFO becomes a second INIT_DATA
    let error = AotFile::parse(&reordered).unwrap_err().to_string();
    assert!(error.contains("sections are"), "{error}");
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = minimal();
    for len in 0..bytes.len() {
        assert!(AotFile::parse(&bytes[..len]).is_err(), "{len} bytes parsed");
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = AotFile::parse(&bytes);
        let mut with_header = MAGIC.to_vec();
        with_header.extend_from_slice(&VERSION.to_le_bytes());
        with_header.extend_from_slice(&bytes);
        let _ = AotFile::parse(&with_header);
    }

    #[test]
    fn corrupted_files_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut bytes = minimal();
        for (at, value) in flips {
            let at = 8 + at % (bytes.len() - 8);
            bytes[at] = value;
        }
        if let Ok(file) = AotFile::parse(&bytes) {
            let _ = file.to_bytes();
        }
    }
}
