//! Places an app into the EdgeBox engine module, so that the engine's part of the result is the
//! same for every app and its compiled code can be reused (edgeboxc's link stage).
//!
//! The engine module (QuickJS-NG, wasi-libc and our glue) is linked and optimized once. An app
//! module is linked on its own by wasm-ld against the engine: its frozen functions import the
//! engine functions they call by name, it imports the engine's memory and table, its data lies
//! in the engine's app area and its table entries follow the engine's. [`link`] combines the two:
//!
//! - types: the engine's, then the app's that the engine does not have;
//! - functions: the engine's imports and bodies byte for byte, then the app's, re-encoded with
//!   their calls to engine imports turned into direct calls and their stack pointer the engine's;
//! - table: grown to hold the app's entries; element segments: the engine's, then the app's;
//! - data: the engine's segments, the app's, the app's bytecode after them, and the link record
//!   (`EdgeboxAppLink`: where the bytecode is and where the app's code record is), which the
//!   engine's glue reads when it starts — the only way the engine learns about the app;
//! - exports: only those the host and the snapshot use ([`KEPT_EXPORTS`]);
//! - custom sections: only [`ENGINE_SECTION`], the engine's identity, which the AOT stage
//!   copies into every `.aot` so that code compiled against one engine is never combined with
//!   another's.
//!
//! Nothing the engine's code depends on changes from app to app: function indices and bodies,
//! types, imports, globals and the table's place are the engine's own (the engine's compiled
//! code embeds them); only data, the table's size and the memory's contents differ.

mod app;
mod engine;

use std::borrow::Cow;

use sha2::{Digest, Sha256};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataCountSection, DataSection, ElementSection, Elements,
    ExportSection, FunctionSection, Module, RawSection, TableSection, TableType, TypeSection,
};
use wasmparser::{ExternalKind, Parser, Payload};

pub use app::APP_CODE_EXPORT;
pub use engine::{exports as engine_exports, EngineLayout};

use app::{App, Indices};

/// Exports of the engine that the linked module keeps: the memory (WASI), the command entry
/// point, the init the snapshot runs, edgeboxd's start and per-request entry, and the host
/// control record. The engine's other exports exist for linking apps.
pub const KEPT_EXPORTS: &[&str] = &[
    "memory",
    "_start",
    "edgebox_init",
    "edgebox_serve_init",
    "edgebox_serve_handle",
    engine::exports::HOST_CONTROL,
];

/// Name of the custom section holding the engine's identity (see the crate docs).
pub const ENGINE_SECTION: &str = "edgebox.engine";

/// Alignment of the bytecode in the app area (QuickJS reads it with unaligned loads; 16 keeps
/// it on its own cache line start more often and costs nothing).
const BYTECODE_ALIGN: u32 = 16;

/// Why an engine and an app cannot be linked.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A module is not valid wasm.
    #[error("invalid wasm: {0}")]
    Wasm(#[from] wasmparser::BinaryReaderError),
    /// The engine module lacks something the link needs.
    #[error("not an EdgeBox engine module: {0}")]
    NotAnEngine(String),
    /// The app module is not what the app link produces.
    #[error("the app module cannot be placed into the engine: {0}")]
    BadApp(String),
    /// The app calls a function the engine does not export.
    #[error("the app's code calls `{name}`, which the engine does not provide")]
    Unresolved {
        /// The function's name.
        name: String,
    },
    /// The app imports an engine function with a different signature.
    #[error("the app's code calls `{name}` with a signature the engine's `{name}` does not have")]
    TypeMismatch {
        /// The function's name.
        name: String,
    },
    /// The app's data and bytecode do not fit in the engine's app area.
    #[error("the app needs {needed} bytes of data and bytecode; this engine's app area holds {available}")]
    AreaTooSmall {
        /// Bytes the app needs (from the area's start).
        needed: u64,
        /// The area's size.
        available: u32,
    },
    /// App code refers to something the linked module has no counterpart for.
    #[error("the app's code uses {0}, which it cannot use inside the engine")]
    Unmapped(String),
}

impl From<wasm_encoder::reencode::Error<app::Unmapped>> for LinkError {
    fn from(e: wasm_encoder::reencode::Error<app::Unmapped>) -> LinkError {
        match e {
            wasm_encoder::reencode::Error::UserError(app::Unmapped(what)) => {
                LinkError::Unmapped(what)
            }
            wasm_encoder::reencode::Error::ParseError(e) => LinkError::Wasm(e),
            other => LinkError::BadApp(format!("{other:?}")),
        }
    }
}

/// The linked module.
#[derive(Debug, Clone)]
pub struct Linked {
    /// The module.
    pub wasm: Vec<u8>,
    /// The engine's defined functions: they come first, the app's follow.
    pub engine_functions: u32,
    /// The engine's identity (the [`ENGINE_SECTION`] payload).
    pub engine_id: String,
    /// Bytes of the app area the app's data and bytecode use.
    pub area_used: u32,
}

/// The identity of an engine module: the SHA-256 of its bytes, as lowercase hex.
pub fn engine_id(engine: &[u8]) -> String {
    Sha256::digest(engine)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Links `app` (none: an app without code) and its `bytecode` into `engine`.
pub fn link(engine: &[u8], app: Option<&[u8]>, bytecode: &[u8]) -> Result<Linked, LinkError> {
    let layout = EngineLayout::read(engine)?;
    let app = app.map(|a| App::read(a, &layout)).transpose()?;
    let area = layout.app_area.clone();

    let mut data_end = area.start;
    if let Some(app) = &app {
        for &(at, bytes) in &app.data {
            let end = u64::from(at) + bytes.len() as u64;
            if at < area.start || end > u64::from(area.end) {
                return Err(area_error(&area, end.max(u64::from(at))));
            }
            data_end = data_end.max(end as u32);
        }
    }
    let bytecode_at = data_end.next_multiple_of(BYTECODE_ALIGN);
    let bytecode_end = u64::from(bytecode_at) + bytecode.len() as u64;
    if bytecode_end > u64::from(area.end) {
        return Err(area_error(&area, bytecode_end));
    }
    let mut link_record = Vec::with_capacity(12);
    link_record.extend_from_slice(&bytecode_at.to_le_bytes());
    link_record.extend_from_slice(&(bytecode.len() as u32).to_le_bytes());
    let code_record = app.as_ref().and_then(|a| a.code_record).unwrap_or(0);
    link_record.extend_from_slice(&code_record.to_le_bytes());

    let id = engine_id(engine);
    let wasm = emit(
        engine,
        &layout,
        app.as_ref(),
        &[
            (bytecode_at, bytecode),
            (layout.app_link, link_record.as_slice()),
        ],
        &id,
    )?;
    Ok(Linked {
        wasm,
        engine_functions: layout.defined_functions,
        engine_id: id,
        area_used: (bytecode_end - u64::from(area.start)) as u32,
    })
}

fn area_error(area: &std::ops::Range<u32>, end: u64) -> LinkError {
    LinkError::AreaTooSmall {
        needed: end.saturating_sub(u64::from(area.start)),
        available: area.end - area.start,
    }
}

/// The engine's sections, as read for emitting.
#[derive(Default)]
struct EngineSections<'a> {
    imports: Option<&'a [u8]>,
    table: Option<wasmparser::TableType>,
    memory: Option<&'a [u8]>,
    globals: Option<&'a [u8]>,
    exports: Vec<(&'a str, ExternalKind, u32)>,
    elements: Vec<&'a [u8]>,
    has_data_count: bool,
    bodies: Vec<&'a [u8]>,
    data: Vec<&'a [u8]>,
}

fn read_sections(engine: &[u8]) -> Result<EngineSections<'_>, LinkError> {
    let mut s = EngineSections::default();
    let slice = |range: std::ops::Range<u64>| &engine[range.start as usize..range.end as usize];
    for payload in Parser::new(0).parse_all(engine) {
        match payload? {
            Payload::ImportSection(r) => s.imports = Some(slice(r.range())),
            Payload::TableSection(r) => {
                for table in r {
                    s.table = Some(table?.ty);
                }
            }
            Payload::MemorySection(r) => s.memory = Some(slice(r.range())),
            Payload::GlobalSection(r) => s.globals = Some(slice(r.range())),
            Payload::ExportSection(r) => {
                for export in r {
                    let export = export?;
                    s.exports.push((export.name, export.kind, export.index));
                }
            }
            Payload::ElementSection(r) => {
                for element in r {
                    s.elements.push(slice(element?.range));
                }
            }
            Payload::DataCountSection { .. } => s.has_data_count = true,
            Payload::CodeSectionEntry(body) => s.bodies.push(slice(body.range())),
            Payload::DataSection(r) => {
                for segment in r {
                    s.data.push(slice(segment?.range));
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

/// Writes the linked module, sections in the order the spec requires.
fn emit(
    engine: &[u8],
    layout: &EngineLayout,
    app: Option<&App<'_>>,
    extra_data: &[(u32, &[u8])],
    engine_id: &str,
) -> Result<Vec<u8>, LinkError> {
    let sections = read_sections(engine)?;
    let mut module = Module::new();
    let mut roundtrip = RoundtripReencoder;

    let mut types = TypeSection::new();
    let new_types = app.map_or(&[][..], |a| a.new_types.as_slice());
    for ty in layout.types.iter().chain(new_types) {
        let params = ty
            .params()
            .iter()
            .map(|&v| roundtrip.val_type(v))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| LinkError::BadApp(e.to_string()))?;
        let results = ty
            .results()
            .iter()
            .map(|&v| roundtrip.val_type(v))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| LinkError::BadApp(e.to_string()))?;
        types.ty().function(params, results);
    }
    module.section(&types);

    if let Some(imports) = sections.imports {
        module.section(&RawSection {
            id: wasm_encoder::SectionId::Import as u8,
            data: imports,
        });
    }

    let mut functions = FunctionSection::new();
    for &ty in &layout.function_types[layout.imported_functions as usize..] {
        functions.function(ty);
    }
    for &ty in app.map_or(&[][..], |a| a.defined_types.as_slice()) {
        functions.function(ty);
    }
    module.section(&functions);

    let table = sections
        .table
        .ok_or_else(|| LinkError::NotAnEngine("it has no function table".into()))?;
    let table_end = app
        .into_iter()
        .flat_map(|a| &a.elements)
        .map(|(at, items)| u64::from(*at) + items.len() as u64)
        .fold(table.initial, u64::max);
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: roundtrip
            .ref_type(table.element_type)
            .map_err(|e| LinkError::NotAnEngine(e.to_string()))?,
        table64: table.table64,
        minimum: table_end,
        maximum: table.maximum.map(|max| max.max(table_end)),
        shared: table.shared,
    });
    module.section(&tables);

    if let Some(memory) = sections.memory {
        module.section(&RawSection {
            id: wasm_encoder::SectionId::Memory as u8,
            data: memory,
        });
    }
    if let Some(globals) = sections.globals {
        module.section(&RawSection {
            id: wasm_encoder::SectionId::Global as u8,
            data: globals,
        });
    }

    let mut exports = ExportSection::new();
    for &(name, kind, index) in &sections.exports {
        if !KEPT_EXPORTS.contains(&name) {
            continue;
        }
        let kind = wasm_encoder::reencode::utils::export_kind(&mut roundtrip, kind);
        exports.export(name, kind, index);
    }
    module.section(&exports);

    let mut elements = ElementSection::new();
    for raw in &sections.elements {
        elements.raw(raw);
    }
    for (at, items) in app.into_iter().flat_map(|a| &a.elements) {
        let mapped = items
            .iter()
            .map(|&f| {
                app.and_then(|a| a.functions.get(f as usize).copied())
                    .ok_or_else(|| {
                        LinkError::BadApp(format!("element function {f} does not exist"))
                    })
            })
            .collect::<Result<Vec<u32>, _>>()?;
        elements.active(
            None,
            &ConstExpr::i32_const(*at as i32),
            Elements::Functions(Cow::Owned(mapped)),
        );
    }
    module.section(&elements);

    let app_data = app.map_or(&[][..], |a| a.data.as_slice());
    if sections.has_data_count {
        let count = sections.data.len() + app_data.len() + extra_data.len();
        module.section(&DataCountSection {
            count: count as u32,
        });
    }

    let mut code = CodeSection::new();
    for body in &sections.bodies {
        code.raw(body);
    }
    if let Some(app) = app {
        let mut indices = Indices { app };
        for body in &app.bodies {
            indices.parse_function_body(&mut code, body.clone())?;
        }
    }
    module.section(&code);

    let mut data = DataSection::new();
    for raw in &sections.data {
        data.raw(raw);
    }
    for &(at, bytes) in app_data.iter().chain(extra_data) {
        data.active(0, &ConstExpr::i32_const(at as i32), bytes.iter().copied());
    }
    module.section(&data);

    module.section(&CustomSection {
        name: ENGINE_SECTION.into(),
        data: engine_id.as_bytes().into(),
    });
    Ok(module.finish())
}

/// The value of a constant expression that is a single `i32.const`.
pub(crate) fn const_i32(expr: &wasmparser::ConstExpr<'_>) -> Option<i32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?) {
        (wasmparser::Operator::I32Const { value }, wasmparser::Operator::End) => Some(value),
        _ => None,
    }
}
