//! The freezer never panics: on arbitrary bytes and on corrupted real bytecode it either
//! freezes (whatever the reader accepts and the analysis proves) or returns an error.

use edgebox_qjs_host::{compile, SourceKind};
use proptest::prelude::*;

fn sample() -> Vec<u8> {
    compile(
        "function f(a, b) { let s = 0; for (let i = 0; i < a; i++) s += i * b; return s; }\n\
         function g(n) { return n < 2 ? n : g(n - 1) + g(n - 2); }\n\
         function h(o) { o.x = o.y + 1; return [o.x, typeof o, o[0]]; }\n\
         f(1, 2); g(3); h({});",
        "sample.js",
        SourceKind::Script,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = edgebox_freezer::freeze(&bytes, "fuzz", edgebox_freezer::Options::default());
    }

    #[test]
    fn corrupted_bytecode_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = sample();
        for (at, value) in flips {
            let i = 5 + at.index(bytes.len() - 5);
            bytes[i] = value;
        }
        // A checksum of 0xffffffff is accepted as "not computed" (by the engine too), so the
        // corruption reaches the analysis instead of stopping at the checksum.
        bytes[1..5].copy_from_slice(&[0xff; 4]);
        if let Ok(frozen) = edgebox_freezer::freeze(&bytes, "fuzz", edgebox_freezer::Options::default()) {
            prop_assert!(frozen.c_source.contains("edgebox_frozen_lookup"));
        }
    }
}

#[test]
fn errors_name_the_input_and_the_problem() {
    let mut bytes = sample();
    bytes[0] = 0x1b;
    let err = edgebox_freezer::freeze(&bytes, "old.c", edgebox_freezer::Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("old.c: "), "{err}");
    let truncated = &sample()[..40];
    let err = edgebox_freezer::freeze(truncated, "cut.c", edgebox_freezer::Options::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cut.c: "), "{err}");
}
