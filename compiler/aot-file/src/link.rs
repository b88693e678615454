//! Links two compilations of one module into one `.aot`: the engine's, compiled once and
//! cached, and the app's, in which only the functions after the engine's were compiled (the
//! engine's are declarations there, called by name).
//!
//! WAMR's loader checks that a file is consistent, not that it is correct, so a link bug shows
//! up as a trap at run time; the end-to-end tests therefore run linked files against files
//! compiled whole. Here:
//!
//! - TEXT: the engine's code, padding to [`CODE_ALIGN`], the app's code. App function offsets
//!   move by the engine's padded code size; engine function offsets are the engine unit's.
//! - Constant sections (`.rodata*`): same-named sections are concatenated (engine first, padded
//!   to [`DATA_ALIGN`]), because the loader resolves a section-name relocation to the first
//!   section of that name. App relocations against such a section move by the engine part.
//! - RELOCATION: one symbol table (the engine's names, then the app's new ones); same-named
//!   groups concatenated; app relocations in the code move by the code base, app relocations
//!   against `.text` (jump tables, local labels) get the code base added to their addend.
//! - INIT_DATA's module part, FUNCTION's type and cell counts, EXPORT and custom sections come
//!   from the app unit, which describes the whole module.

use std::collections::HashMap;

use crate::file::AotFile;
use crate::init_data::{DataSection, InitData};
use crate::relocation::{Group, Relocation, Relocations};

/// Alignment of the app's code after the engine's (LLVM aligns functions to at most 16 bytes
/// on x86-64; a cache line leaves room to spare).
pub const CODE_ALIGN: usize = 64;
/// Alignment of an app's part of a constant section after the engine's part (`.rodata.cst32`
/// needs 32 bytes; the loader maps every section page-aligned).
pub const DATA_ALIGN: usize = 64;

/// Name of the raw custom section that identifies the engine a unit was compiled against;
/// both units must carry the same one.
pub const ENGINE_SECTION: &str = "edgebox.engine";

/// Name of the raw custom section in which the compiler records which defined functions a unit
/// has code for (`A..B`, decimal): a declared function's code offset is 0, like a real first
/// function's, so only this record tells the two apart.
pub const FUNCTIONS_SECTION: &str = "edgebox.functions";

/// Why two units cannot be linked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LinkError {
    /// The units target different machines or were compiled with different options.
    #[error("the engine and the app were compiled for different targets")]
    TargetMismatch,
    /// The units were compiled against different engine builds (or one has no record of it).
    #[error("the app was compiled against engine {app}, not against this engine ({engine}): rebuild the app")]
    EngineMismatch {
        /// The engine unit's [`ENGINE_SECTION`] payload.
        engine: String,
        /// The app unit's.
        app: String,
    },
    /// The app unit describes fewer functions than the engine compiled, or compiled some of the
    /// engine's functions itself.
    #[error("the app unit is not a compilation of the functions after the engine's {engine} functions: {what}")]
    NotAnAppUnit {
        /// How many functions the engine unit defines.
        engine: u32,
        /// What does not fit.
        what: String,
    },
    /// A unit has two constant sections of the same name (the loader would use only one).
    #[error("{unit} unit has two constant sections named {name}")]
    DuplicateDataSection {
        /// `engine` or `app`.
        unit: &'static str,
        /// The section name.
        name: String,
    },
    /// A relocation group patches a section that is neither the code nor a constant section.
    #[error("the app unit relocates {group}, which is neither the code nor a constant section")]
    UnknownGroup {
        /// The group's name.
        group: String,
    },
    /// The units were compiled with different options (their other custom sections differ,
    /// e.g. the bounds-check mode).
    #[error("the engine and the app were compiled with different options: their `{section}` records differ")]
    OptionMismatch {
        /// The custom section that differs.
        section: String,
    },
    /// A relocation lies outside the section it patches.
    #[error("the app unit's {group} has a relocation at {offset}, outside the section")]
    BadRelocation {
        /// The group.
        group: String,
        /// The offset.
        offset: u64,
    },
    /// The linked file would not fit WAMR's 32-bit section sizes.
    #[error("the linked .aot would be larger than 4 GiB")]
    TooLarge,
}

/// The `A..B` record of [`FUNCTIONS_SECTION`], if the unit has a well-formed one.
fn compiled_functions(unit: &AotFile<'_>) -> Option<std::ops::Range<u32>> {
    let text = std::str::from_utf8(unit.raw_custom_section(FUNCTIONS_SECTION)?).ok()?;
    let (start, end) = text.split_once("..")?;
    Some(start.parse().ok()?..end.parse().ok()?)
}

/// The unit's raw custom sections other than [`FUNCTIONS_SECTION`], the seal (a complete
/// engine unit is sealed; the linked file is sealed anew) and the app's sources (only the app
/// unit has them), by name.
fn other_records<'u>(unit: &'u AotFile<'_>) -> Vec<(&'u str, &'u [u8])> {
    let mut records: Vec<(&str, &[u8])> = unit
        .raw_custom_sections()
        .filter(|(name, _)| {
            ![
                FUNCTIONS_SECTION,
                edgebox_seal::SECTION,
                crate::SOURCES_SECTION,
            ]
            .contains(name)
        })
        .collect();
    records.sort();
    records
}

/// Links `engine` (a unit with code for the defined functions `0..K`) and `app` (the same
/// module, or the module with more functions appended, with code for `K..N`) into one `.aot`
/// with code for all `N` functions. For an app, `engine` is the engine module compiled whole;
/// two parts of one module compiled side by side link the same way.
pub fn link(engine: &AotFile<'_>, app: &AotFile<'_>) -> Result<Vec<u8>, LinkError> {
    link_to(engine, app, true)
}

/// Links `first` (code for the defined functions `0..K`) and `next` (code for `K..M`, where `M`
/// may be less than the module's function count) into a unit with code for `0..M`: one step
/// of joining a module compiled in several consecutive ranges. The result is not a loadable
/// `.aot` until the last range is linked, with [`link`].
pub fn link_partial(first: &AotFile<'_>, next: &AotFile<'_>) -> Result<Vec<u8>, LinkError> {
    link_to(first, next, false)
}

fn link_to(engine: &AotFile<'_>, app: &AotFile<'_>, complete: bool) -> Result<Vec<u8>, LinkError> {
    if engine.target_info != app.target_info {
        return Err(LinkError::TargetMismatch);
    }
    let id = |unit: &AotFile<'_>| {
        unit.raw_custom_section(ENGINE_SECTION)
            .map(|id| String::from_utf8_lossy(id).into_owned())
    };
    match (id(engine), id(app)) {
        (Some(e), Some(a)) if e == a => {}
        (e, a) => {
            return Err(LinkError::EngineMismatch {
                engine: e.unwrap_or_else(|| "(none recorded)".into()),
                app: a.unwrap_or_else(|| "(none recorded)".into()),
            })
        }
    }
    let (engine_records, app_records) = (other_records(engine), other_records(app));
    if let Some((name, _)) = engine_records
        .iter()
        .chain(&app_records)
        .find(|record| !engine_records.contains(record) || !app_records.contains(record))
    {
        return Err(LinkError::OptionMismatch {
            section: name.to_string(),
        });
    }
    // The first unit has code for functions 0..split, the second for split..count.
    let split = match compiled_functions(engine) {
        Some(range) if range.start == 0 && range.end <= engine.init_data.func_count => range.end,
        other => {
            return Err(LinkError::NotAnAppUnit {
                engine: engine.init_data.func_count,
                what: format!("the engine unit records code for {other:?}, not for 0..N"),
            })
        }
    };
    let app_count = app.init_data.func_count;
    let not_app = |what: String| LinkError::NotAnAppUnit {
        engine: split,
        what,
    };
    let end = match compiled_functions(app) {
        Some(range) if range.start == split && range.end == app_count => app_count,
        Some(range) if !complete && range.start == split && range.end <= app_count => range.end,
        other => {
            return Err(not_app(format!(
                "it records code for {other:?}, not for functions {split}..{app_count}"
            )))
        }
    };
    let engine_len = split as usize;
    if engine.function_offsets.len() != engine.init_data.func_count as usize
        || app.function_offsets.len() != app_count as usize
    {
        return Err(not_app(
            "its function table does not match its function count".into(),
        ));
    }

    let code_base = engine.text.len().next_multiple_of(CODE_ALIGN);
    if code_base + app.text.len() > u32::MAX as usize {
        return Err(LinkError::TooLarge);
    }
    let mut text = engine.text.to_vec();
    text.resize(code_base, 0);
    text.extend_from_slice(&app.text);

    let (data_sections, data_shift) = merge_data_sections(engine, app)?;
    let section_size = |name: &str| -> Option<u64> {
        if name == ".text" {
            return Some(app.text.len() as u64);
        }
        app.init_data
            .data_sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.data.len() as u64)
    };
    let relocations = merge_relocations(engine, app, code_base as u64, &data_shift, &section_size)?;

    let mut function_offsets = engine.function_offsets[..engine_len].to_vec();
    // The app's offsets were checked against its code when it was parsed.
    function_offsets.extend(
        app.function_offsets[engine_len..]
            .iter()
            .map(|&offset| offset + code_base as u64),
    );

    let mut linked = AotFile {
        target_info: app.target_info,
        init_data: InitData {
            module: app.init_data.module,
            func_count: app.init_data.func_count,
            data_sections,
        },
        text: text.into(),
        function_offsets,
        function_info: app.function_info,
        exports: app.exports,
        relocations,
        custom_sections: app.custom_sections.clone(),
    };
    linked.remove_raw_custom_section(edgebox_seal::SECTION);
    linked.set_raw_custom_section(FUNCTIONS_SECTION, format!("0..{end}").as_bytes());
    let bytes = linked.to_bytes();
    if u32::try_from(bytes.len()).is_err() {
        return Err(LinkError::TooLarge);
    }
    Ok(bytes)
}

/// The merged constant sections, and by how much each app section's contents moved.
fn merge_data_sections<'a>(
    engine: &AotFile<'a>,
    app: &AotFile<'a>,
) -> Result<(Vec<DataSection<'a>>, HashMap<String, u64>), LinkError> {
    unique_names(engine, "engine")?;
    unique_names(app, "app")?;
    let mut merged: Vec<DataSection<'a>> = engine.init_data.data_sections.clone();
    let mut shift = HashMap::new();
    for section in &app.init_data.data_sections {
        match merged.iter_mut().find(|s| s.name == section.name) {
            Some(existing) => {
                let mut data = existing.data.to_vec();
                let at = data.len().next_multiple_of(DATA_ALIGN);
                data.resize(at, 0);
                data.extend_from_slice(&section.data);
                existing.data = data.into();
                shift.insert(section.name.to_string(), at as u64);
            }
            None => {
                merged.push(section.clone());
                shift.insert(section.name.to_string(), 0);
            }
        }
    }
    Ok((merged, shift))
}

fn unique_names(unit: &AotFile<'_>, label: &'static str) -> Result<(), LinkError> {
    let sections = &unit.init_data.data_sections;
    for (i, section) in sections.iter().enumerate() {
        if sections[..i].iter().any(|s| s.name == section.name) {
            return Err(LinkError::DuplicateDataSection {
                unit: label,
                name: section.name.to_string(),
            });
        }
    }
    Ok(())
}

/// The engine's relocations, then the app's, moved to where the app's code and constants are
/// in the linked file.
fn merge_relocations(
    engine: &AotFile<'_>,
    app: &AotFile<'_>,
    code_base: u64,
    data_shift: &HashMap<String, u64>,
    app_section_size: &dyn Fn(&str) -> Option<u64>,
) -> Result<Relocations, LinkError> {
    let mut symbols = engine.relocations.symbols.clone();
    let mut index: HashMap<String, u32> = symbols
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), i as u32))
        .collect();
    let mut intern = |name: &str| -> u32 {
        if let Some(&i) = index.get(name) {
            return i;
        }
        let i = symbols.len() as u32;
        symbols.push(name.to_string());
        index.insert(name.to_string(), i);
        i
    };
    let app_symbols: Vec<u32> = app
        .relocations
        .symbols
        .iter()
        .map(|name| intern(name))
        .collect();

    let mut groups: Vec<Group> = engine.relocations.groups.clone();
    for group in &app.relocations.groups {
        let target = group.target();
        let offset_shift = if target == ".text" {
            code_base
        } else if let Some(&shift) = data_shift.get(target) {
            shift
        } else {
            return Err(LinkError::UnknownGroup {
                group: group.name.clone(),
            });
        };
        let size = app_section_size(target).unwrap_or(0);
        let moved = group
            .relocations
            .iter()
            .map(|r| {
                let bad = || LinkError::BadRelocation {
                    group: group.name.clone(),
                    offset: r.offset,
                };
                if r.offset >= size {
                    return Err(bad());
                }
                // Symbol indices were checked when the unit was parsed.
                let name = app.relocations.symbols[r.symbol as usize].as_str();
                let addend_shift = if name == ".text" {
                    code_base
                } else {
                    data_shift.get(name).copied().unwrap_or(0)
                };
                Ok(Relocation {
                    offset: r.offset.checked_add(offset_shift).ok_or_else(bad)?,
                    addend: i64::try_from(addend_shift)
                        .ok()
                        .and_then(|shift| r.addend.checked_add(shift))
                        .ok_or_else(bad)?,
                    kind: r.kind,
                    symbol: app_symbols[r.symbol as usize],
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Group names are symbols of the app's table, so they are interned already.
        match groups.iter_mut().find(|g| g.name == group.name) {
            Some(existing) => existing.relocations.extend(moved),
            None => groups.push(Group {
                name: group.name.clone(),
                relocations: moved,
            }),
        }
    }
    Ok(Relocations { symbols, groups })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Unit;

    fn engine() -> Unit {
        Unit {
            target: b"x86_64-target",
            func_count: 2,
            text: (0..40).collect(),
            offsets: vec![0, 16],
            data_sections: vec![(".rodata", vec![1; 10]), (".rodata.cst8", vec![2; 8])],
            relocations: vec![
                (".rela.text", 4, "aot_func#1", -4),
                (".rela.text", 20, ".rodata.cst8", 0),
                (".rela.rodata", 0, ".text", 16),
            ],
            engine: Some("engine-1"),
            functions: "0..2",
            extra: Some(("edgebox.bounds_checks", "hw")),
        }
    }

    fn app() -> Unit {
        Unit {
            target: b"x86_64-target",
            func_count: 3,
            text: (100..124).collect(),
            offsets: vec![0, 0, 0],
            data_sections: vec![
                (".rodata.cst8", vec![3; 8]),
                (".rodata.cst16", vec![4; 16]),
                (".rodata", vec![5; 4]),
            ],
            relocations: vec![
                (".rela.text", 2, "aot_func#0", -4),
                (".rela.text", 8, ".rodata.cst8", 0),
                (".rela.text", 12, ".text", 4),
                (".rela.text", 16, "aot_set_exception_with_id", -4),
                (".rela.rodata", 0, ".text", 8),
            ],
            engine: Some("engine-1"),
            functions: "2..3",
            extra: Some(("edgebox.bounds_checks", "hw")),
        }
    }

    fn linked(engine: &Unit, app: &Unit) -> Result<Vec<u8>, LinkError> {
        let (e, a) = (engine.bytes(), app.bytes());
        link(&AotFile::parse(&e).unwrap(), &AotFile::parse(&a).unwrap())
    }

    /// (group, offset, symbol name, addend) of every relocation.
    fn relocations(file: &AotFile<'_>) -> Vec<(String, u64, String, i64)> {
        let r = &file.relocations;
        r.groups
            .iter()
            .flat_map(|g| {
                g.relocations.iter().map(|x| {
                    (
                        g.name.clone(),
                        x.offset,
                        r.symbols[x.symbol as usize].clone(),
                        x.addend,
                    )
                })
            })
            .collect()
    }

    #[test]
    fn code_constants_and_relocations_move_where_the_app_lands() {
        let bytes = linked(&engine(), &app()).unwrap();
        let file = AotFile::parse(&bytes).unwrap();
        assert_eq!(file.init_data.func_count, 3);
        assert_eq!(file.function_offsets, vec![0, 16, 64]);
        let mut text: Vec<u8> = (0..40).collect();
        text.resize(64, 0);
        text.extend(100..124);
        assert_eq!(file.text.as_ref(), text.as_slice());

        let section = |name: &str| {
            file.init_data
                .data_sections
                .iter()
                .find(|s| s.name == name)
                .unwrap_or_else(|| panic!("no {name}"))
                .data
                .to_vec()
        };
        let mut rodata = vec![1; 10];
        rodata.resize(64, 0);
        rodata.extend([5; 4]);
        assert_eq!(section(".rodata"), rodata);
        let mut cst8 = vec![2; 8];
        cst8.resize(64, 0);
        cst8.extend([3; 8]);
        assert_eq!(section(".rodata.cst8"), cst8);
        assert_eq!(section(".rodata.cst16"), vec![4; 16]);

        let s = |x: &str| x.to_string();
        assert_eq!(
            relocations(&file),
            vec![
                (s(".rela.text"), 4, s("aot_func#1"), -4),
                (s(".rela.text"), 20, s(".rodata.cst8"), 0),
                (s(".rela.text"), 66, s("aot_func#0"), -4),
                (s(".rela.text"), 72, s(".rodata.cst8"), 64),
                (s(".rela.text"), 76, s(".text"), 68),
                (s(".rela.text"), 80, s("aot_set_exception_with_id"), -4),
                (s(".rela.rodata"), 0, s(".text"), 16),
                (s(".rela.rodata"), 64, s(".text"), 72),
            ]
        );
        // Names are unique in the merged symbol table.
        let mut symbols = file.relocations.symbols.clone();
        symbols.sort();
        symbols.dedup();
        assert_eq!(symbols.len(), file.relocations.symbols.len());
        assert_eq!(
            file.raw_custom_section(ENGINE_SECTION),
            Some(&b"engine-1"[..])
        );
    }

    #[test]
    fn three_ranges_of_one_module_link_one_after_another() {
        let range = |text: std::ops::Range<u8>, functions| Unit {
            text: text.collect(),
            offsets: vec![0, 0, 0],
            data_sections: vec![(".rodata", vec![1; 4])],
            relocations: vec![(".rela.text", 4, "aot_func#2", -4)],
            functions,
            ..app()
        };
        let (first, middle) = (range(0..16, "0..1").bytes(), range(16..32, "1..2").bytes());
        let (first, middle) = (
            AotFile::parse(&first).unwrap(),
            AotFile::parse(&middle).unwrap(),
        );
        // `link` makes only complete files: the middle range does not reach the last function.
        assert!(matches!(
            link(&first, &middle).unwrap_err(),
            LinkError::NotAnAppUnit { engine: 1, what } if what.contains("Some(1..2)")
        ));
        let joined = link_partial(&first, &middle).unwrap();
        let joined = AotFile::parse(&joined).unwrap();
        assert_eq!(
            joined.raw_custom_section(FUNCTIONS_SECTION),
            Some(&b"0..2"[..])
        );
        assert_eq!(&joined.function_offsets[..2], &[0, 64]);
        let last = app().bytes();
        let whole = link(&joined, &AotFile::parse(&last).unwrap()).unwrap();
        let whole = AotFile::parse(&whole).unwrap();
        assert_eq!(whole.function_offsets, vec![0, 64, 128]);
        assert_eq!(
            whole.raw_custom_section(FUNCTIONS_SECTION),
            Some(&b"0..3"[..])
        );
        // A partial link still needs the next range to start where the first ends.
        let gap = range(16..32, "2..3").bytes();
        assert!(matches!(
            link_partial(&first, &AotFile::parse(&gap).unwrap()).unwrap_err(),
            LinkError::NotAnAppUnit { .. }
        ));
    }

    #[test]
    fn two_parts_of_one_module_link_into_a_unit_that_links_again() {
        let first = Unit {
            text: (0..16).collect(),
            offsets: vec![0, 0],
            data_sections: vec![(".rodata.cst8", vec![2; 8])],
            relocations: vec![(".rela.text", 4, "aot_func#1", -4)],
            functions: "0..1",
            ..engine()
        };
        let second = Unit {
            text: (16..40).collect(),
            offsets: vec![0, 0],
            data_sections: vec![(".rodata", vec![1; 10])],
            relocations: vec![(".rela.text", 4, ".rodata", 0)],
            functions: "1..2",
            ..engine()
        };
        let (a, b) = (first.bytes(), second.bytes());
        let whole = link(&AotFile::parse(&a).unwrap(), &AotFile::parse(&b).unwrap()).unwrap();
        let file = AotFile::parse(&whole).unwrap();
        assert_eq!(file.function_offsets, vec![0, 64]);
        assert_eq!(
            file.raw_custom_section(FUNCTIONS_SECTION),
            Some(&b"0..2"[..])
        );
        let app_bytes = app().bytes();
        let linked = link(&file, &AotFile::parse(&app_bytes).unwrap()).unwrap();
        let linked = AotFile::parse(&linked).unwrap();
        assert_eq!(linked.function_offsets, vec![0, 64, 128]);
        assert_eq!(
            linked.raw_custom_section(FUNCTIONS_SECTION),
            Some(&b"0..3"[..])
        );
    }

    #[test]
    fn units_that_do_not_belong_together_are_refused() {
        let other_engine = Unit {
            engine: Some("engine-2"),
            ..app()
        };
        assert_eq!(
            linked(&engine(), &other_engine).unwrap_err(),
            LinkError::EngineMismatch {
                engine: "engine-1".into(),
                app: "engine-2".into()
            }
        );
        let unmarked = Unit {
            engine: None,
            ..app()
        };
        assert!(matches!(
            linked(&engine(), &unmarked).unwrap_err(),
            LinkError::EngineMismatch { app, .. } if app == "(none recorded)"
        ));
        let other_target = Unit {
            target: b"aarch64-target",
            ..app()
        };
        assert_eq!(
            linked(&engine(), &other_target).unwrap_err(),
            LinkError::TargetMismatch
        );
        // A declared function has offset 0 like a real first one: the records tell them apart.
        for functions in ["0..3", "1..3", "3..3"] {
            let wrong_split = Unit { functions, ..app() };
            assert!(
                matches!(
                    linked(&engine(), &wrong_split).unwrap_err(),
                    LinkError::NotAnAppUnit { engine: 2, what } if what.contains("not for functions 2..3")
                ),
                "{functions}"
            );
        }
        let partial_engine = Unit {
            functions: "1..2",
            ..engine()
        };
        assert!(matches!(
            linked(&partial_engine, &app()).unwrap_err(),
            LinkError::NotAnAppUnit { what, .. } if what.contains("engine unit")
        ));
        let other_mode = Unit {
            extra: Some(("edgebox.bounds_checks", "sw")),
            ..app()
        };
        assert_eq!(
            linked(&engine(), &other_mode).unwrap_err(),
            LinkError::OptionMismatch {
                section: "edgebox.bounds_checks".into()
            }
        );
        let outside = Unit {
            relocations: vec![(".rela.text", 24, "aot_func#0", -4)],
            ..app()
        };
        assert_eq!(
            linked(&engine(), &outside).unwrap_err(),
            LinkError::BadRelocation {
                group: ".rela.text".into(),
                offset: 24
            }
        );
        let duplicate = Unit {
            data_sections: vec![(".rodata", vec![1]), (".rodata", vec![2])],
            relocations: vec![],
            ..app()
        };
        assert!(matches!(
            linked(&engine(), &duplicate).unwrap_err(),
            LinkError::DuplicateDataSection { unit: "app", .. }
        ));
        let unknown = Unit {
            relocations: vec![(".rela.data", 0, ".text", 0)],
            ..app()
        };
        assert!(matches!(
            linked(&engine(), &unknown).unwrap_err(),
            LinkError::UnknownGroup { group } if group == ".rela.data"
        ));
    }
}
