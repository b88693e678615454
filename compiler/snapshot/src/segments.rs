//! Sparse data segments: which byte ranges of a memory image must be stored.

use std::ops::Range;

/// Zero runs shorter than this many bytes between two non-zero ranges are stored (the ranges
/// are merged) rather than split into two segments.
///
/// A separate segment is not free: in the wasm it costs a header of ~8–11 bytes (flags, an
/// `i32.const` offset expression up to 5 bytes of LEB128, `end`, a size of 1–3 bytes), WAMR's
/// `.aot` keeps a ~20-byte record per segment (mode, memory index, offset expression, length),
/// and instantiation does one bounds check and `memcpy` per segment. Storing a short zero run
/// costs one byte per zero. 32 bytes is about where the two break even, and it keeps the
/// segment count of a QuickJS heap image in the low thousands instead of tens of thousands.
pub const MERGE_GAP: usize = 32;

/// The ranges of `memory` holding non-zero bytes, each starting and ending on a non-zero byte,
/// with ranges separated by fewer than `merge_gap` zero bytes merged. Sorted and disjoint.
pub fn nonzero_ranges(memory: &[u8], merge_gap: usize) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < memory.len() {
        // Skip zeros a word at a time where possible: the image is mostly zero.
        if memory[i] == 0 {
            i += 1;
            while i + 8 <= memory.len() && memory[i..i + 8] == [0; 8] {
                i += 8;
            }
            continue;
        }
        let start = i;
        while i < memory.len() && memory[i] != 0 {
            i += 1;
        }
        match ranges.last_mut() {
            Some(last) if start - last.end < merge_gap => last.end = i,
            _ => ranges.push(start..i),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_zero_memory_has_no_ranges() {
        assert!(nonzero_ranges(&[0; 100], MERGE_GAP).is_empty());
        assert!(nonzero_ranges(&[], MERGE_GAP).is_empty());
    }

    #[test]
    fn ranges_are_trimmed_to_nonzero_bytes() {
        let mut m = vec![0u8; 64];
        m[10] = 1;
        m[11] = 2;
        m[63] = 9;
        assert_eq!(nonzero_ranges(&m, 4), vec![10..12, 63..64]);
    }

    #[test]
    fn short_gaps_merge_and_long_gaps_split() {
        let mut m = vec![0u8; 200];
        m[0] = 1;
        m[4] = 1; // gap of 3 zeros: merged with gap 4
        m[100] = 1; // gap of 95 zeros: split
        assert_eq!(nonzero_ranges(&m, 4), vec![0..5, 100..101]);
        // A gap of exactly merge_gap zeros splits.
        let mut m = vec![0u8; 20];
        m[0] = 1;
        m[5] = 1;
        assert_eq!(nonzero_ranges(&m, 4), vec![0..1, 5..6]);
        assert_eq!(nonzero_ranges(&m, 5), vec![0..6]);
    }

    #[test]
    fn ranges_cover_every_nonzero_byte_and_only_merged_zeros() {
        // A pseudo-random image: every non-zero byte is covered, ranges are sorted and
        // disjoint, and no two ranges are closer than the merge gap.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let m: Vec<u8> = (0..10_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if state.is_multiple_of(7) {
                    (state >> 32) as u8 | 1
                } else {
                    0
                }
            })
            .collect();
        let ranges = nonzero_ranges(&m, MERGE_GAP);
        for (i, b) in m.iter().enumerate() {
            if *b != 0 {
                assert!(
                    ranges.iter().any(|r| r.contains(&i)),
                    "byte {i} not covered"
                );
            }
        }
        for pair in ranges.windows(2) {
            assert!(pair[1].start - pair[0].end >= MERGE_GAP, "{pair:?}");
        }
        for r in &ranges {
            assert_ne!(m[r.start], 0);
            assert_ne!(m[r.end - 1], 0);
        }
    }
}
