//! No input makes the reader (or instruction decoding, or the disassembler) panic.

mod common;

use std::sync::OnceLock;

use edgebox_bytecode::{disassemble, read, read_with, Bytecode, ReadOptions};
use proptest::prelude::*;

const NO_CHECKSUM: ReadOptions = ReadOptions {
    verify_checksum: false,
    max_depth: 256,
};

/// Real bytecode of a program that uses most value tags and many opcode formats.
fn sample() -> &'static [u8] {
    static SAMPLE: OnceLock<Vec<u8>> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        common::script(
            r#"
            function f(a, b = 2, ...c) { let s = 0; for (const x of c) s += x * 1.5; return s + a + b; }
            const g = (x) => { try { return f(x, 3, 4n); } catch (e) { return `e${e}`; } };
            var o = { k: [1, "two", 3.25, -7], r: /x+y/g, [Symbol.iterator]: 1 };
            class K { #p = 1; static s = 2; get p() { return this.#p; } }
            with (o) { k; }
            async function* ag() { yield* [await g(1)]; }
            "#,
        )
    })
}

/// Everything a consumer would do with a successful read.
fn exercise(bc: &Bytecode) {
    for f in bc.functions() {
        for insn in f.instructions() {
            if insn.is_err() {
                break;
            }
        }
    }
    disassemble(bc);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(bc) = read_with(&bytes, NO_CHECKSUM) {
            exercise(&bc);
        }
        let _ = read(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..512)
    ) {
        let mut input = vec![0x1c, 0xff, 0xff, 0xff, 0xff];
        input.extend(bytes);
        if let Ok(bc) = read(&input) {
            exercise(&bc);
        }
    }

    #[test]
    fn truncated_real_bytecode_is_an_error(cut in 0usize..100_000) {
        let bytes = sample();
        let cut = cut % bytes.len();
        prop_assert!(read_with(&bytes[..cut], NO_CHECKSUM).is_err());
    }

    #[test]
    fn bit_flipped_real_bytecode_never_panics(
        flips in proptest::collection::vec((any::<usize>(), 0u8..8), 1..8)
    ) {
        let mut bytes = sample().to_vec();
        for (at, bit) in flips {
            let i = at % bytes.len();
            bytes[i] ^= 1 << bit;
        }
        if let Ok(bc) = read_with(&bytes, NO_CHECKSUM) {
            exercise(&bc);
        }
        let _ = read(&bytes);
    }

    #[test]
    fn overwritten_real_bytecode_never_panics(at in any::<usize>(), chunk in proptest::collection::vec(any::<u8>(), 1..16)) {
        let mut bytes = sample().to_vec();
        let start = at % bytes.len();
        for (i, b) in chunk.into_iter().enumerate() {
            if let Some(slot) = bytes.get_mut(start + i) {
                *slot = b;
            }
        }
        if let Ok(bc) = read_with(&bytes, NO_CHECKSUM) {
            exercise(&bc);
        }
    }
}

#[test]
fn the_sample_itself_reads() {
    let bc = read(sample()).unwrap();
    assert!(bc.functions().len() >= 6);
    exercise(&bc);
}
