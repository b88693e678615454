//! What edgebox accepts as an artifact: a wasm module (run by WAMR's interpreter) or a WAMR
//! `.aot` file, told apart by their magic bytes; and the bounds-check contract between `.aot`
//! files and this runtime.

/// The bounds-check mode this runtime is built for (hardware guard pages, WAMR's x86-64
/// default; see CMakeLists.txt). Every `.aot` file must carry [`BOUNDS_CHECK_SECTION`] with
/// exactly this payload.
pub(crate) const BOUNDS_CHECK_MODE: BoundsCheckMode = BoundsCheckMode::Hardware;

/// The custom section `edgeboxc aot` writes into every `.aot` file, whose payload is the
/// bounds-check mode the code was compiled for (`hw` or `sw`).
pub(crate) const BOUNDS_CHECK_SECTION: &str = "edgebox.bounds_checks";

/// How compiled code checks linear-memory accesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoundsCheckMode {
    /// Guard pages around linear memory; faults become traps (`hw`).
    Hardware,
    /// Explicit compare-and-branch before each access (`sw`).
    Software,
}

impl BoundsCheckMode {
    /// The marker payload for this mode.
    pub(crate) fn marker(self) -> &'static str {
        match self {
            BoundsCheckMode::Hardware => "hw",
            BoundsCheckMode::Software => "sw",
        }
    }

    /// A human name for this mode.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            BoundsCheckMode::Hardware => "hardware (guard-page) bounds checks",
            BoundsCheckMode::Software => "software bounds checks",
        }
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

/// Why an `.aot` file's bounds-check marker rules it out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MarkerError {
    /// No `edgebox.bounds_checks` section: not produced by `edgeboxc aot`.
    #[error(
        "has no `{BOUNDS_CHECK_SECTION}` section, so it was not built by edgeboxc and its \
         bounds-check mode is unknown: rebuild it with `edgeboxc aot`"
    )]
    Missing,
    /// The marker names the other mode.
    #[error(
        "was compiled for {} (`{}`) but this edgebox runs {} (`{}`): rebuild it with \
         `edgeboxc aot` for `{}`",
        found.describe(), found.marker(), BOUNDS_CHECK_MODE.describe(), BOUNDS_CHECK_MODE.marker(),
        BOUNDS_CHECK_MODE.marker()
    )]
    OtherMode {
        /// The mode the file was compiled for.
        found: BoundsCheckMode,
    },
    /// The marker is not a known mode.
    #[error(
        "has an unknown bounds-check marker {0:?} (expected `{expected}`): rebuild it with \
         `edgeboxc aot`",
        expected = BOUNDS_CHECK_MODE.marker()
    )]
    Unknown(String),
}

/// Checks the payload of the bounds-check section (None: the section is absent) against
/// [`BOUNDS_CHECK_MODE`].
pub(crate) fn check_marker(payload: Option<&[u8]>) -> Result<(), MarkerError> {
    let payload = payload.ok_or(MarkerError::Missing)?;
    let found = [BoundsCheckMode::Hardware, BoundsCheckMode::Software]
        .into_iter()
        .find(|m| m.marker().as_bytes() == payload)
        .ok_or_else(|| MarkerError::Unknown(String::from_utf8_lossy(payload).into_owned()))?;
    if found == BOUNDS_CHECK_MODE {
        Ok(())
    } else {
        Err(MarkerError::OtherMode { found })
    }
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
    fn accepts_only_this_runtimes_mode() {
        assert_eq!(check_marker(Some(b"hw")), Ok(()));
        assert_eq!(check_marker(None), Err(MarkerError::Missing));
        assert_eq!(
            check_marker(Some(b"sw")),
            Err(MarkerError::OtherMode {
                found: BoundsCheckMode::Software
            })
        );
        assert_eq!(
            check_marker(Some(b"hw\0")),
            Err(MarkerError::Unknown("hw\0".into()))
        );
        assert_eq!(
            check_marker(Some(b"")),
            Err(MarkerError::Unknown(String::new()))
        );
    }

    #[test]
    fn messages_name_both_modes_and_the_fix() {
        let other = MarkerError::OtherMode {
            found: BoundsCheckMode::Software,
        }
        .to_string();
        assert!(
            other.contains("`sw`") && other.contains("`hw`") && other.contains("edgeboxc aot"),
            "{other}"
        );
        let missing = MarkerError::Missing.to_string();
        assert!(missing.contains("not built by edgeboxc") && missing.contains("`edgeboxc aot`"));
    }
}
