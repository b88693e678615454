//! Splitting one module's functions into ranges that compile side by side ([`ranges`]).

use std::ops::Range;

use wasmparser::{Parser, Payload};

use crate::AotError;

/// Splits the defined functions of `module` into at most `units` contiguous ranges of about
/// equal code size (bytes of function body, a proxy for LLVM's time), covering every function.
pub(crate) fn ranges(module: &[u8], units: usize) -> Result<Vec<Range<u32>>, AotError> {
    Ok(balanced(&body_sizes(module)?, units.max(1)))
}

/// Contiguous ranges over `sizes`, each cut on the function edge nearest to the next `1/units`
/// of the total (at most one range per function); empty ranges are dropped.
fn balanced(sizes: &[u64], units: usize) -> Vec<Range<u32>> {
    let units = units.clamp(1, sizes.len().max(1));
    // Everything is scaled by `units`, so that the targets stay integers.
    let total: u64 = sizes.iter().sum();
    let scale = units as u64;
    let mut ranges = Vec::with_capacity(units);
    let (mut start, mut running) = (0u32, 0u64);
    for (index, size) in sizes.iter().enumerate() {
        let index = index as u32;
        let before = running * scale;
        running += size;
        // A large function may pass several targets: cut once for each.
        while (ranges.len() as u64 + 1) < scale
            && running * scale >= total * (ranges.len() as u64 + 1)
        {
            let target = total * (ranges.len() as u64 + 1);
            let nearer_before = target.saturating_sub(before) < running * scale - target;
            let end = if nearer_before && index > start {
                index
            } else {
                index + 1
            };
            ranges.push(start..end);
            start = end;
        }
    }
    ranges.push(start..sizes.len() as u32);
    ranges.retain(|range| !range.is_empty());
    ranges
}

/// The body size in bytes of every defined function of `module`, in order.
fn body_sizes(module: &[u8]) -> Result<Vec<u64>, AotError> {
    let mut sizes = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(|e| AotError::Unparsable(e.to_string()))? {
            Payload::CodeSectionEntry(body) => sizes.push(body.range().end - body.range().start),
            Payload::End(_) => break,
            _ => {}
        }
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_balance_code_size_and_cover_every_function() {
        let sizes = [10, 10, 10, 10, 40, 20];
        assert_eq!(balanced(&sizes, 2), vec![0..4, 4..6]);
        assert_eq!(balanced(&sizes, 1), vec![0..6]);
        assert_eq!(balanced(&sizes, 3), vec![0..3, 3..5, 5..6]);
        assert_eq!(balanced(&[5, 90, 5], 2), vec![0..2, 2..3]);
        assert_eq!(balanced(&sizes[..1], 4), vec![0..1]);
        assert_eq!(balanced(&[], 2), Vec::<Range<u32>>::new());
        // A function larger than a share takes a range of its own; no range is empty, and
        // there are never more ranges than functions.
        assert_eq!(balanced(&[1, 100, 1, 1], 4), vec![0..1, 1..2, 2..4]);
        assert_eq!(balanced(&[100, 1, 1, 1], 4), vec![0..1, 1..4]);
        assert_eq!(balanced(&[1, 1, 1], 64), vec![0..1, 1..2, 2..3]);
        assert_eq!(balanced(&[0, 0], 2), vec![0..1, 1..2]);
    }

    #[test]
    fn reads_one_size_per_defined_function() {
        let module = wat::parse_str(
            r#"(module
                (import "env" "f" (func $imported))
                (func call $imported)
                (func (drop (i32.add (i32.const 1) (i32.const 2)))))"#,
        )
        .unwrap();
        let sizes = body_sizes(&module).unwrap();
        assert_eq!(sizes.len(), 2);
        assert!(sizes[1] > sizes[0], "{sizes:?}");
    }
}
