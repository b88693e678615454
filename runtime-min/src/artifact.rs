//! What edgebox accepts as an artifact: a wasm module (run by WAMR's interpreter) or a WAMR
//! `.aot` file, told apart by their magic bytes; and the checks an `.aot` passes before WAMR
//! sees it ([`check_aot`]): its seal (edgebox-seal) is intact, and it was compiled for this
//! runtime's WAMR version and bounds-check mode and for features this CPU has.

use edgebox_seal::{Features, SealError};

/// How compiled code checks linear-memory accesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundsCheckMode {
    /// Guard pages around linear memory; faults become traps (`hw`).
    Hardware,
    /// Explicit compare-and-branch before each access (`sw`).
    Software,
}

impl BoundsCheckMode {
    /// The mode this runtime's WAMR was built with, from WAMR's own configuration.
    pub fn of_runtime() -> BoundsCheckMode {
        if crate::wamr::hardware_bounds_checks() {
            BoundsCheckMode::Hardware
        } else {
            BoundsCheckMode::Software
        }
    }

    /// The marker for this mode, as the seal records it.
    pub fn marker(self) -> &'static str {
        match self {
            BoundsCheckMode::Hardware => "hw",
            BoundsCheckMode::Software => "sw",
        }
    }

    /// A human name for this mode.
    fn describe(self) -> &'static str {
        match self {
            BoundsCheckMode::Hardware => "hardware (guard-page) bounds checks",
            BoundsCheckMode::Software => "software bounds checks",
        }
    }

    fn from_marker(marker: &str) -> Option<BoundsCheckMode> {
        [BoundsCheckMode::Hardware, BoundsCheckMode::Software]
            .into_iter()
            .find(|mode| mode.marker() == marker)
    }
}

/// The two artifact formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A WebAssembly binary (`\0asm`), interpreted.
    Wasm,
    /// A WAMR AOT file (`\0aot`), native code.
    Aot,
}

/// Tells the format from the first bytes of a file; None if it is neither.
pub(crate) fn detect(bytes: &[u8]) -> Option<Format> {
    match bytes.get(..4)? {
        b"\0asm" => Some(Format::Wasm),
        b"\0aot" => Some(Format::Aot),
        _ => None,
    }
}

/// What this runtime is, for the checks: its WAMR version, bounds-check mode and CPU.
#[derive(Debug, Clone)]
pub(crate) struct Runtime {
    /// WAMR's version and our patch set's fingerprint (`2.4.3+...`).
    pub wamr: &'static str,
    pub bounds_checks: BoundsCheckMode,
    pub cpu: Features,
}

impl Runtime {
    /// This process.
    pub(crate) fn this() -> Runtime {
        Runtime {
            wamr: env!("EDGEBOX_WAMR_BUILD"),
            bounds_checks: BoundsCheckMode::of_runtime(),
            cpu: Features::host(),
        }
    }
}

const REBUILD: &str = "rebuild it with `edgeboxc build`";

/// Why an `.aot` file may not run here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AotRefusal {
    /// The seal is missing, broken, or its digest does not match.
    #[error("{0}: {REBUILD}")]
    Seal(SealError),
    /// Compiled for another WAMR version or patch set.
    #[error(
        "was compiled for WAMR {found:?}, but this edgebox runs WAMR {runtime:?}: rebuild it \
         with the edgeboxc that belongs to this edgebox"
    )]
    Wamr { found: String, runtime: String },
    /// Compiled for the other bounds-check mode (or an unknown one).
    #[error(
        "was compiled for {found}, but this edgebox's WAMR is built with {} (`{}`): {REBUILD} \
         (`edgeboxc aot --bounds-checks {}`)",
        runtime.describe(), runtime.marker(),
        match runtime { BoundsCheckMode::Hardware => "hardware", BoundsCheckMode::Software => "software" }
    )]
    BoundsChecks {
        found: String,
        runtime: BoundsCheckMode,
    },
    /// Compiled for CPU features this CPU lacks.
    #[error(
        "was compiled for CPU {cpu:?}, which has {} that this CPU lacks: rebuild it with \
         `edgeboxc build --target-cpu {suggested}` (the newest portable level this CPU has) or, \
         on this machine, `--target-cpu native`",
        missing.join(", ")
    )]
    Cpu {
        cpu: String,
        missing: Vec<String>,
        suggested: &'static str,
    },
}

/// Checks an `.aot` file's seal against `runtime`, before anything loads it.
pub(crate) fn check_aot(bytes: &[u8], runtime: &Runtime) -> Result<(), AotRefusal> {
    let record = edgebox_seal::open(bytes).map_err(AotRefusal::Seal)?;
    if record.wamr != runtime.wamr {
        return Err(AotRefusal::Wamr {
            found: record.wamr,
            runtime: runtime.wamr.to_string(),
        });
    }
    if BoundsCheckMode::from_marker(&record.bounds_checks) != Some(runtime.bounds_checks) {
        let found = match BoundsCheckMode::from_marker(&record.bounds_checks) {
            Some(mode) => format!("{} (`{}`)", mode.describe(), mode.marker()),
            None => format!("an unknown bounds-check mode {:?}", record.bounds_checks),
        };
        return Err(AotRefusal::BoundsChecks {
            found,
            runtime: runtime.bounds_checks,
        });
    }
    let missing = record.features.missing_on(&runtime.cpu);
    if !missing.is_empty() {
        let suggested = edgebox_seal::levels()
            .filter(|name| {
                edgebox_seal::level(name).is_some_and(|l| l.missing_on(&runtime.cpu).is_empty())
            })
            .last()
            .unwrap_or("x86-64");
        return Err(AotRefusal::Cpu {
            cpu: record.cpu,
            missing,
            suggested,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_by_magic() {
        assert_eq!(detect(b"\0asm\x01\0\0\0"), Some(Format::Wasm));
        assert_eq!(detect(b"\0aot\x05\0\0\0"), Some(Format::Aot));
        assert_eq!(detect(b"\x7fELF\x02\x01"), None);
        assert_eq!(detect(b"\0as"), None);
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn the_runtime_reads_its_bounds_check_mode_from_wamr() {
        // runtime-min/CMakeLists.txt keeps WAMR's x86-64 default: guard pages.
        assert_eq!(BoundsCheckMode::of_runtime(), BoundsCheckMode::Hardware);
    }

    #[test]
    fn messages_name_what_differs_and_the_fix() {
        let cpu = AotRefusal::Cpu {
            cpu: "x86-64-v4".into(),
            missing: vec!["avx512f".into(), "avx512bw".into()],
            suggested: "x86-64-v3",
        }
        .to_string();
        assert!(
            cpu.contains("avx512f, avx512bw")
                && cpu.contains("`edgeboxc build --target-cpu x86-64-v3`")
                && cpu.contains("`--target-cpu native`"),
            "{cpu}"
        );
        let bounds = AotRefusal::BoundsChecks {
            found: "software bounds checks (`sw`)".into(),
            runtime: BoundsCheckMode::Hardware,
        }
        .to_string();
        assert!(
            bounds.contains("`sw`") && bounds.contains("`hw`") && bounds.contains("hardware`)"),
            "{bounds}"
        );
        let seal = AotRefusal::Seal(SealError::Corrupt).to_string();
        assert!(
            seal.contains("corrupt") && seal.contains("edgeboxc build"),
            "{seal}"
        );
    }
}
