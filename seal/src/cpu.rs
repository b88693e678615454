//! The x86-64 CPU features compiled code may use, as `cpuid` feature bits ([`Features`]), for
//! the named portable levels ([`level`]) and for this machine ([`Features::host`]).

/// The `cpuid` registers that hold feature flags, in the order [`Features`] stores them.
const REGISTERS: [(u32, Register); 7] = [
    (1, Register::Ecx),
    (1, Register::Edx),
    (7, Register::Ebx),
    (7, Register::Ecx),
    (7, Register::Edx),
    (0x8000_0001, Register::Ecx),
    (0x8000_0001, Register::Edx),
];

#[derive(Clone, Copy)]
enum Register {
    Ebx,
    Ecx,
    Edx,
}

/// Word indices into [`Features`].
const L1_ECX: usize = 0;
const L1_EDX: usize = 1;
const L7_EBX: usize = 2;
const L7_ECX: usize = 3;
const L7_EDX: usize = 4;
const EXT_ECX: usize = 5;
const EXT_EDX: usize = 6;

/// Every feature bit a seal may require: (word, bit, name as LLVM calls it; `osxsave` is not an
/// LLVM feature but the OS's consent to AVX state). Bits not listed (e.g. `hypervisor`) are
/// never required, and `native` code is compiled without the LLVM features not listed here
/// ([`Features::from_llvm`]), so that nothing it uses goes unchecked.
const NAMED: &[(usize, u32, &str)] = &[
    (L1_EDX, 0, "x87"),
    (L1_EDX, 8, "cx8"),
    (L1_EDX, 15, "cmov"),
    (L1_EDX, 23, "mmx"),
    (L1_EDX, 24, "fxsr"),
    (L1_EDX, 25, "sse"),
    (L1_EDX, 26, "sse2"),
    (L1_ECX, 0, "sse3"),
    (L1_ECX, 1, "pclmul"),
    (L1_ECX, 9, "ssse3"),
    (L1_ECX, 12, "fma"),
    (L1_ECX, 13, "cx16"),
    (L1_ECX, 19, "sse4.1"),
    (L1_ECX, 20, "sse4.2"),
    (L1_ECX, 22, "movbe"),
    (L1_ECX, 23, "popcnt"),
    (L1_ECX, 25, "aes"),
    (L1_ECX, 26, "xsave"),
    (L1_ECX, 27, "osxsave"),
    (L1_ECX, 28, "avx"),
    (L1_ECX, 29, "f16c"),
    (L1_ECX, 30, "rdrnd"),
    (L7_EBX, 0, "fsgsbase"),
    (L7_EBX, 3, "bmi"),
    (L7_EBX, 5, "avx2"),
    (L7_EBX, 8, "bmi2"),
    (L7_EBX, 16, "avx512f"),
    (L7_EBX, 17, "avx512dq"),
    (L7_EBX, 18, "rdseed"),
    (L7_EBX, 19, "adx"),
    (L7_EBX, 21, "avx512ifma"),
    (L7_EBX, 23, "clflushopt"),
    (L7_EBX, 24, "clwb"),
    (L7_EBX, 28, "avx512cd"),
    (L7_EBX, 29, "sha"),
    (L7_EBX, 30, "avx512bw"),
    (L7_EBX, 31, "avx512vl"),
    (L7_ECX, 1, "avx512vbmi"),
    (L7_ECX, 6, "avx512vbmi2"),
    (L7_ECX, 8, "gfni"),
    (L7_ECX, 9, "vaes"),
    (L7_ECX, 10, "vpclmulqdq"),
    (L7_ECX, 11, "avx512vnni"),
    (L7_ECX, 12, "avx512bitalg"),
    (L7_ECX, 14, "avx512vpopcntdq"),
    (L7_ECX, 22, "rdpid"),
    (L7_EDX, 23, "avx512fp16"),
    (EXT_ECX, 0, "sahf"),
    (EXT_ECX, 5, "lzcnt"),
    (EXT_ECX, 6, "sse4a"),
    (EXT_ECX, 8, "prfchw"),
    (EXT_ECX, 11, "xop"),
    (EXT_ECX, 16, "fma4"),
    (EXT_ECX, 21, "tbm"),
    (EXT_EDX, 27, "rdtscp"),
    (EXT_EDX, 29, "64bit"),
];

/// Features encoded with VEX or EVEX, usable only if the OS saves the AVX (XCR0 bits 1-2) and,
/// for AVX-512, the opmask and ZMM state (bits 5-7) — what `xgetbv` reports.
const AVX_STATE: &[&str] = &["avx", "avx2", "fma", "f16c", "vaes", "vpclmulqdq"];
const XCR0_AVX: u64 = 0x6;
const XCR0_AVX512: u64 = 0xe6;

/// The portable levels of the x86-64 psABI, each with the features it adds to the one before.
const LEVELS: &[(&str, &[&str])] = &[
    (
        "x86-64",
        &["64bit", "cmov", "cx8", "x87", "fxsr", "mmx", "sse", "sse2"],
    ),
    (
        "x86-64-v2",
        &[
            "cx16", "sahf", "popcnt", "sse3", "sse4.1", "sse4.2", "ssse3",
        ],
    ),
    (
        "x86-64-v3",
        &[
            "avx", "avx2", "bmi", "bmi2", "f16c", "fma", "lzcnt", "movbe", "xsave", "osxsave",
        ],
    ),
    (
        "x86-64-v4",
        &["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
    ),
];

/// The names of the portable levels, oldest first (what `--target-cpu` accepts besides
/// `native`).
pub fn levels() -> impl Iterator<Item = &'static str> {
    LEVELS.iter().map(|(name, _)| *name)
}

/// A set of CPU features: one bit per `cpuid` feature flag, in [`REGISTERS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Features(pub [u32; 7]);

impl Features {
    /// The features of the CPU this runs on that a seal may require (see [`NAMED`]).
    pub fn host() -> Features {
        // One `cpuid` per leaf: in a VM each one traps to the hypervisor (~4 µs here), and
        // this runs at every start of edgebox.
        let max_basic = cpuid(0, 0).eax;
        let max_extended = cpuid(0x8000_0000, 0).eax;
        let mut leaves: Vec<(u32, std::arch::x86_64::CpuidResult)> = Vec::with_capacity(3);
        let mut words = [0u32; 7];
        for (word, (leaf, register)) in words.iter_mut().zip(REGISTERS) {
            let available = if leaf >= 0x8000_0000 {
                leaf <= max_extended
            } else {
                leaf <= max_basic
            };
            if !available {
                continue;
            }
            let r = match leaves.iter().find(|(l, _)| *l == leaf) {
                Some(&(_, r)) => r,
                None => {
                    let r = cpuid(leaf, 0);
                    leaves.push((leaf, r));
                    r
                }
            };
            *word = match register {
                Register::Ebx => r.ebx,
                Register::Ecx => r.ecx,
                Register::Edx => r.edx,
            };
        }
        let mut features = Features(words).known();
        // SAFETY: xgetbv exists when the OS set OSXSAVE, which is checked first.
        let xcr0 = if features.has("osxsave") {
            unsafe { std::arch::x86_64::_xgetbv(0) }
        } else {
            0
        };
        for &(word, bit, name) in NAMED {
            let avx512 = name.starts_with("avx512");
            let needs = if avx512 {
                XCR0_AVX512
            } else if AVX_STATE.contains(&name) {
                XCR0_AVX
            } else {
                continue;
            };
            if xcr0 & needs != needs {
                features.0[word] &= !(1 << bit);
            }
        }
        features
    }

    /// Whether the named feature is in the set.
    fn has(&self, name: &str) -> bool {
        NAMED
            .iter()
            .any(|&(word, bit, named)| named == name && self.0[word] & (1 << bit) != 0)
    }

    /// From an LLVM feature string (`+sse2,-avx512f,...`, as `LLVMGetHostCPUFeatures` gives
    /// it): the named features it enables, and the same string with every feature that is not
    /// named turned off, for compiling code that uses only features a seal can check.
    pub fn from_llvm(features: &str) -> (Features, String) {
        let mut set = Features::default();
        let mut kept = Vec::new();
        for feature in features.split(',').filter(|f| !f.is_empty()) {
            let (on, name) = match feature.split_at(1) {
                ("+", name) => (true, name),
                (_, name) => (false, name),
            };
            let named = NAMED.iter().find(|&&(_, _, n)| n == name);
            match (on, named) {
                (true, Some(&(word, bit, _))) => {
                    set.0[word] |= 1 << bit;
                    kept.push(format!("+{name}"));
                }
                _ => kept.push(format!("-{name}")),
            }
        }
        (set, kept.join(","))
    }

    /// Only the bits of [`NAMED`] features.
    fn known(self) -> Features {
        let mut mask = [0u32; 7];
        for &(word, bit, _) in NAMED {
            mask[word] |= 1 << bit;
        }
        Features(std::array::from_fn(|i| self.0[i] & mask[i]))
    }

    /// The features in `self` that `host` lacks, by name (a bit without a name, which a
    /// well-formed seal never has, is named by its `cpuid` register and bit).
    pub fn missing_on(&self, host: &Features) -> Vec<String> {
        let mut missing = Vec::new();
        for (word, (leaf, register)) in REGISTERS.iter().enumerate() {
            let lacking = self.0[word] & !host.0[word];
            for bit in (0..32).filter(|bit| lacking & (1 << bit) != 0) {
                let name = NAMED
                    .iter()
                    .find(|&&(w, b, _)| w == word && b == bit)
                    .map(|&(_, _, name)| name.to_string());
                missing.push(name.unwrap_or_else(|| {
                    let reg = match register {
                        Register::Ebx => "ebx",
                        Register::Ecx => "ecx",
                        Register::Edx => "edx",
                    };
                    format!("cpuid {leaf:#x}.{reg} bit {bit}")
                }));
            }
        }
        missing
    }

    /// The seal's text form: seven 8-digit hex words.
    pub fn to_hex(self) -> String {
        self.0
            .iter()
            .map(|w| format!("{w:08x}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Parses [`Features::to_hex`]'s form.
    pub fn from_hex<'a>(words: impl Iterator<Item = &'a str>) -> Option<Features> {
        let mut out = [0u32; 7];
        let mut words = words;
        for slot in &mut out {
            let word = words.next()?;
            if word.len() != 8 {
                return None;
            }
            *slot = u32::from_str_radix(word, 16).ok()?;
        }
        words.next().is_none().then_some(Features(out))
    }
}

/// The features a portable level guarantees (its own and every older level's), or `None` for
/// a name that is not a level.
pub fn level(name: &str) -> Option<Features> {
    let end = LEVELS.iter().position(|(level, _)| *level == name)?;
    let mut words = [0u32; 7];
    for (_, features) in &LEVELS[..=end] {
        for feature in *features {
            let &(word, bit, _) = NAMED
                .iter()
                .find(|(_, _, named)| named == feature)
                .expect("every level feature is named");
            words[word] |= 1 << bit;
        }
    }
    Some(Features(words))
}

fn cpuid(leaf: u32, sub_leaf: u32) -> std::arch::x86_64::CpuidResult {
    // `__cpuid_count` is safe from Rust 1.87 on and `unsafe` before; every x86-64 CPU has
    // `cpuid`.
    #[allow(unused_unsafe)]
    // SAFETY: cpuid only reads processor identification registers.
    unsafe {
        std::arch::x86_64::__cpuid_count(leaf, sub_leaf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_build_on_each_other_and_this_machine_has_the_baseline() {
        let v1 = level("x86-64").unwrap();
        let v2 = level("x86-64-v2").unwrap();
        let v3 = level("x86-64-v3").unwrap();
        assert!(v1.missing_on(&v2).is_empty());
        assert!(v2.missing_on(&v3).is_empty());
        assert_eq!(v3.missing_on(&v2).len(), 10);
        assert!(v2.missing_on(&v1).contains(&"popcnt".to_string()));
        assert_eq!(level("pentium"), None);
        assert!(v1.missing_on(&Features::host()).is_empty());
        assert_eq!(
            levels().collect::<Vec<_>>(),
            ["x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"]
        );
    }

    #[test]
    fn hex_round_trips_and_rejects_bad_words() {
        let host = Features::host();
        let hex = host.to_hex();
        assert_eq!(Features::from_hex(hex.split(' ')), Some(host));
        assert_eq!(Features::from_hex("1 2".split(' ')), None);
        assert_eq!(
            Features::from_hex(["00000000"; 8].iter().copied()),
            None,
            "too many words"
        );
        assert_eq!(Features::from_hex(["0000000g"; 7].iter().copied()), None);
    }

    #[test]
    fn llvm_features_keep_only_what_a_seal_can_check() {
        let (set, kept) = Features::from_llvm("+sse2,+avx2,-avx512f,+avxvnni,+x87,");
        assert_eq!(kept, "+sse2,+avx2,-avx512f,-avxvnni,+x87");
        assert_eq!(
            set.missing_on(&Features::default()),
            ["x87", "sse2", "avx2"]
        );
    }

    #[test]
    fn unnamed_bits_are_named_by_register() {
        let odd = Features([1 << 31, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            odd.missing_on(&Features::default()),
            ["cpuid 0x1.ecx bit 31"]
        );
        assert_eq!(
            odd.known(),
            Features::default(),
            "hypervisor is never required"
        );
    }
}
