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
    /// The linked file would not fit WAMR's 32-bit section sizes.
    #[error("the linked .aot would be larger than 4 GiB")]
    TooLarge,
}

/// Links `engine` (every function of the engine compiled) and `app` (the same module with the
/// app's functions appended, only those compiled) into one loadable `.aot`.
pub fn link(engine: &AotFile<'_>, app: &AotFile<'_>) -> Result<Vec<u8>, LinkError> {
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
    let engine_count = engine.init_data.func_count;
    let not_app = |what: String| LinkError::NotAnAppUnit {
        engine: engine_count,
        what,
    };
    if app.init_data.func_count < engine_count {
        return Err(not_app(format!(
            "it has only {} functions",
            app.init_data.func_count
        )));
    }
    let engine_len = engine_count as usize;
    if let Some(i) = app.function_offsets[..engine_len]
        .iter()
        .position(|&offset| offset != 0)
    {
        return Err(not_app(format!("it has code for engine function {i}")));
    }

    let code_base = engine.text.len().next_multiple_of(CODE_ALIGN);
    let mut text = engine.text.to_vec();
    text.resize(code_base, 0);
    text.extend_from_slice(&app.text);

    let (data_sections, data_shift) = merge_data_sections(engine, app)?;
    let relocations = merge_relocations(engine, app, code_base as u64, &data_shift)?;

    let mut function_offsets = engine.function_offsets.clone();
    function_offsets.extend(
        app.function_offsets[engine_len..]
            .iter()
            .map(|&offset| offset + code_base as u64),
    );

    let linked = AotFile {
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
        let moved = group.relocations.iter().map(|r| {
            let name = app.relocations.symbols[r.symbol as usize].as_str();
            let addend_shift = if name == ".text" {
                code_base
            } else {
                data_shift.get(name).copied().unwrap_or(0)
            };
            Relocation {
                offset: r.offset + offset_shift,
                addend: r.addend + addend_shift as i64,
                kind: r.kind,
                symbol: app_symbols[r.symbol as usize],
            }
        });
        // Group names are symbols of the app's table, so they are interned already.
        match groups.iter_mut().find(|g| g.name == group.name) {
            Some(existing) => existing.relocations.extend(moved),
            None => groups.push(Group {
                name: group.name.clone(),
                relocations: moved.collect(),
            }),
        }
    }
    Ok(Relocations { symbols, groups })
}
