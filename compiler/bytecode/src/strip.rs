//! Dropping function source texts from a bytecode file. QuickJS keeps, for every function, its
//! whole source text (for `Function.prototype.toString`), so a function nested n deep is stored
//! n times over; a bundle's wrappers hold every module's text again.

use crate::model::{Function, Value};
use crate::reader::{bc_csum, read};
use crate::ReadError;

/// `bytes` (a `JS_WriteObject` bytecode file) with the source text of every function for which
/// `strip(function, depth)` is true removed (as `JS_WRITE_OBJ_STRIP_SOURCE` would write it:
/// length 0), and the checksum recomputed. `depth` is 0 for the top-level function, 1 for the
/// functions in its constant pool, and so on. Nothing else changes: function ordinals, code
/// and debug positions stay as they were.
pub fn strip_sources(
    bytes: &[u8],
    strip: impl Fn(&Function, usize) -> bool,
) -> Result<Vec<u8>, ReadError> {
    let parsed = read(bytes)?;
    let mut cuts = Vec::new();
    collect_cuts(&parsed.root, 0, &strip, &mut cuts);
    cuts.sort_by_key(|range| range.start);
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for cut in cuts {
        out.extend_from_slice(&bytes[at..cut.start]);
        out.push(0);
        at = cut.end;
    }
    out.extend_from_slice(&bytes[at..]);
    // Header: the version byte, then the checksum of everything after it.
    let checksum = bc_csum(&out[5..]);
    out[1..5].copy_from_slice(&checksum.to_le_bytes());
    Ok(out)
}

fn collect_cuts(
    value: &Value,
    depth: usize,
    strip: &impl Fn(&Function, usize) -> bool,
    cuts: &mut Vec<std::ops::Range<usize>>,
) {
    let Value::Function(f) = value else {
        if let Value::Module(m) = value {
            collect_cuts(&m.function, depth, strip, cuts);
        }
        return;
    };
    if f.source.is_some() && strip(f, depth) {
        if let Some(field) = &f.source_field {
            cuts.push(field.clone());
        }
    }
    for v in &f.cpool {
        collect_cuts(v, depth + 1, strip, cuts);
    }
}
