//! The module being snapshotted: what the snapshot reads from it (wasmparser) and the two
//! rewrites it makes of it (wasm-encoder): one with extra exports to run, and the output, in
//! which only the memory, global, export and data sections change. Every other section is
//! copied byte for byte.

use std::ops::Range;

use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ConstExpr, DataSection, ExportKind, ExportSection, GlobalSection, RawSection};
use wasmparser::{ExternalKind, FuncType, Operator, Parser, Payload, TypeRef, ValType};

use crate::SnapshotError;

/// The value of a global after the init (floats as their bits, so values compare exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalValue {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as bits.
    F32(u32),
    /// An `f64`, as bits.
    F64(u64),
}

impl GlobalValue {
    fn const_expr(self) -> ConstExpr {
        match self {
            GlobalValue::I32(v) => ConstExpr::i32_const(v),
            GlobalValue::I64(v) => ConstExpr::i64_const(v),
            GlobalValue::F32(bits) => ConstExpr::f32_const(f32::from_bits(bits).into()),
            GlobalValue::F64(bits) => ConstExpr::f64_const(f64::from_bits(bits).into()),
        }
    }
}

/// One top-level section: its id and body range (custom sections included).
struct Section {
    id: u8,
    body: Range<usize>,
}

/// A defined global: type, and its initializer's value if that is an `i32.const`.
struct Global<'a> {
    ty: wasmparser::GlobalType,
    init: wasmparser::ConstExpr<'a>,
}

/// What the snapshot needs to know about a module.
pub(crate) struct ModuleInfo<'a> {
    bytes: &'a [u8],
    sections: Vec<Section>,
    types: Vec<FuncType>,
    /// Type index of every function, imports first.
    function_types: Vec<u32>,
    imported_globals: u32,
    imported_mutable_global: bool,
    globals: Vec<Global<'a>>,
    memories: Vec<wasmparser::MemoryType>,
    memory_imported: bool,
    exports: Vec<(&'a str, ExternalKind, u32)>,
    /// Offset of every data segment: `Some` for an active segment at an `i32.const`.
    data_offsets: Vec<Option<u32>>,
    passive_data: bool,
    has_start: bool,
    /// The first instruction whose effect the snapshot does not capture.
    state_instruction: Option<&'static str>,
}

fn invalid(e: wasmparser::BinaryReaderError) -> SnapshotError {
    SnapshotError::NotWasm(e.to_string())
}

fn const_i32(expr: &wasmparser::ConstExpr<'_>) -> Option<i32> {
    let mut ops = expr.get_operators_reader();
    match (ops.read().ok()?, ops.read().ok()?) {
        (Operator::I32Const { value }, Operator::End) => Some(value),
        _ => None,
    }
}

impl<'a> ModuleInfo<'a> {
    pub(crate) fn read(bytes: &'a [u8]) -> Result<ModuleInfo<'a>, SnapshotError> {
        wasmparser::Validator::new()
            .validate_all(bytes)
            .map_err(invalid)?;
        let mut m = ModuleInfo {
            bytes,
            sections: Vec::new(),
            types: Vec::new(),
            function_types: Vec::new(),
            imported_globals: 0,
            imported_mutable_global: false,
            globals: Vec::new(),
            memories: Vec::new(),
            memory_imported: false,
            exports: Vec::new(),
            data_offsets: Vec::new(),
            passive_data: false,
            has_start: false,
            state_instruction: None,
        };
        for payload in Parser::new(0).parse_all(bytes) {
            let payload = payload.map_err(invalid)?;
            if let Some((id, range)) = payload.as_section() {
                m.sections.push(Section {
                    id,
                    body: range.start as usize..range.end as usize,
                });
            }
            match payload {
                Payload::TypeSection(r) => {
                    for ty in r.into_iter_err_on_gc_types() {
                        m.types.push(ty.map_err(invalid)?);
                    }
                }
                Payload::ImportSection(r) => {
                    for import in r.into_imports() {
                        match import.map_err(invalid)?.ty {
                            TypeRef::Func(ty) => m.function_types.push(ty),
                            TypeRef::Global(ty) => {
                                m.imported_globals += 1;
                                m.imported_mutable_global |= ty.mutable;
                            }
                            TypeRef::Memory(_) => m.memory_imported = true,
                            _ => {}
                        }
                    }
                }
                Payload::FunctionSection(r) => {
                    for ty in r {
                        m.function_types.push(ty.map_err(invalid)?);
                    }
                }
                Payload::MemorySection(r) => {
                    for memory in r {
                        m.memories.push(memory.map_err(invalid)?);
                    }
                }
                Payload::GlobalSection(r) => {
                    for global in r {
                        let global = global.map_err(invalid)?;
                        m.globals.push(Global {
                            ty: global.ty,
                            init: global.init_expr,
                        });
                    }
                }
                Payload::ExportSection(r) => {
                    for export in r {
                        let export = export.map_err(invalid)?;
                        m.exports.push((export.name, export.kind, export.index));
                    }
                }
                Payload::StartSection { .. } => m.has_start = true,
                Payload::DataSection(r) => {
                    for segment in r {
                        match segment.map_err(invalid)?.kind {
                            wasmparser::DataKind::Active { offset_expr, .. } => m
                                .data_offsets
                                .push(const_i32(&offset_expr).map(|v| v as u32)),
                            wasmparser::DataKind::Passive => m.passive_data = true,
                        }
                    }
                }
                Payload::CodeSectionEntry(body) if m.state_instruction.is_none() => {
                    m.state_instruction = state_instruction(&body).map_err(invalid)?;
                }
                _ => {}
            }
        }
        Ok(m)
    }

    /// Refuses modules whose state after the init this crate cannot capture or restore.
    pub(crate) fn check_supported(&self) -> Result<(), SnapshotError> {
        let unsupported = |what: &str| Err(SnapshotError::Unsupported(what.to_string()));
        if self.has_start {
            return unsupported("it has a start function, which would run again on the snapshot");
        }
        if self.memory_imported {
            return unsupported("its memory is imported, so its contents are not the module's");
        }
        if self.memories.len() > 1 {
            return unsupported("it has more than one memory");
        }
        if let Some(memory) = self.memories.first() {
            if memory.shared || memory.memory64 {
                return unsupported("its memory is shared or 64-bit");
            }
        }
        if self.passive_data {
            return unsupported("it has passive data segments");
        }
        if self.data_offsets.iter().any(Option::is_none) {
            return unsupported("a data segment's offset is not an i32 constant");
        }
        if self.imported_mutable_global {
            return unsupported("it imports a mutable global, whose value is not the module's");
        }
        if let Some(name) = self.state_instruction {
            return Err(SnapshotError::Unsupported(format!(
                "it uses `{name}`, whose effect on tables or passive segments is not captured"
            )));
        }
        for global in &self.globals {
            if global.ty.mutable
                && !matches!(
                    global.ty.content_type,
                    ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64
                )
            {
                return unsupported(
                    "it has a mutable global of a reference or vector type, which cannot be snapshotted",
                );
            }
        }
        Ok(())
    }

    /// Checks that `name` is an exported function the snapshot can call.
    pub(crate) fn find_init(&self, name: &str) -> Result<(), SnapshotError> {
        let func = self
            .exports
            .iter()
            .find(|(n, kind, _)| *n == name && *kind == ExternalKind::Func)
            .map(|&(_, _, index)| index);
        let Some(func) = func else {
            let mut available: Vec<&str> = self
                .exports
                .iter()
                .filter(|(_, kind, _)| *kind == ExternalKind::Func)
                .map(|(n, _, _)| *n)
                .collect();
            available.sort_unstable();
            return Err(SnapshotError::NoSuchExport {
                name: name.to_string(),
                available: if available.is_empty() {
                    "none".to_string()
                } else {
                    available.join(", ")
                },
            });
        };
        let ty = &self.types[self.function_types[func as usize] as usize];
        if !ty.params().is_empty() || !matches!(ty.results(), [] | [ValType::I32]) {
            return Err(SnapshotError::BadSignature {
                name: name.to_string(),
                ty: format!("{:?} -> {:?}", ty.params(), ty.results()),
            });
        }
        Ok(())
    }

    /// Global indices of the mutable globals the module defines.
    pub(crate) fn mutable_globals(&self) -> Vec<u32> {
        self.globals
            .iter()
            .enumerate()
            .filter(|(_, g)| g.ty.mutable)
            .map(|(i, _)| self.imported_globals + i as u32)
            .collect()
    }

    /// Whether the module defines a memory.
    pub(crate) fn has_memory(&self) -> bool {
        !self.memories.is_empty()
    }

    /// The initial value of global 0 when it is a defined mutable i32 with a constant
    /// initializer (the stack pointer of a wasm-ld module).
    pub(crate) fn first_global_i32(&self) -> Option<i32> {
        if self.imported_globals != 0 {
            return None;
        }
        let first = self.globals.first()?;
        if !first.ty.mutable || first.ty.content_type != ValType::I32 {
            return None;
        }
        const_i32(&first.init)
    }

    /// The offset of every data segment (`None`: not an `i32.const`).
    pub(crate) fn data_offsets(&self) -> &[Option<u32>] {
        &self.data_offsets
    }

    /// The module with `extra` exports added (for running the init with access to its state).
    /// The module has an export section: its init is exported.
    pub(crate) fn with_exports(
        &self,
        extra: &[(String, ExportKind, u32)],
    ) -> Result<Vec<u8>, SnapshotError> {
        let exports = self.exports_section(None, extra);
        let mut out = wasm_encoder::Module::new();
        for section in &self.sections {
            match section.id {
                EXPORT => out.section(&exports),
                _ => self.copy(&mut out, section),
            };
        }
        Ok(out.finish())
    }

    /// The module with the init's effects: memory size, mutable globals' values, data
    /// segments, and without the init export. Sections that change are replaced where they
    /// are; a data section is added after the code if the module had none.
    pub(crate) fn rewrite(&self, state: &State<'_>) -> Result<Vec<u8>, SnapshotError> {
        let exports = self.exports_section(Some(state.removed_export), &[]);
        let mut data = DataSection::new();
        for &(at, bytes) in state.data {
            data.active(0, &ConstExpr::i32_const(at as i32), bytes.iter().copied());
        }
        let has_data = self.sections.iter().any(|s| s.id == DATA);
        let mut out = wasm_encoder::Module::new();
        for section in &self.sections {
            match section.id {
                MEMORY => out.section(&self.memory_section(state.memory_pages)),
                GLOBAL => out.section(&self.global_section(&state.globals)?),
                EXPORT => out.section(&exports),
                DATA_COUNT => out.section(&wasm_encoder::DataCountSection {
                    count: state.data.len() as u32,
                }),
                DATA => out.section(&data),
                CODE if !has_data => {
                    self.copy(&mut out, section);
                    out.section(&data)
                }
                _ => self.copy(&mut out, section),
            };
        }
        Ok(out.finish())
    }

    fn copy<'o>(
        &self,
        out: &'o mut wasm_encoder::Module,
        section: &Section,
    ) -> &'o mut wasm_encoder::Module {
        out.section(&RawSection {
            id: section.id,
            data: &self.bytes[section.body.clone()],
        })
    }

    fn exports_section(
        &self,
        removed: Option<&str>,
        extra: &[(String, ExportKind, u32)],
    ) -> ExportSection {
        let mut exports = ExportSection::new();
        for &(name, kind, index) in &self.exports {
            if Some(name) == removed && kind == ExternalKind::Func {
                continue;
            }
            let kind = wasm_encoder::reencode::utils::export_kind(&mut RoundtripReencoder, kind);
            exports.export(name, kind, index);
        }
        for (name, kind, index) in extra {
            exports.export(name, *kind, *index);
        }
        exports
    }

    fn memory_section(&self, pages: u64) -> wasm_encoder::MemorySection {
        let mut memories = wasm_encoder::MemorySection::new();
        for memory in &self.memories {
            memories.memory(wasm_encoder::MemoryType {
                minimum: memory.initial.max(pages),
                maximum: memory.maximum,
                memory64: memory.memory64,
                shared: memory.shared,
                page_size_log2: memory.page_size_log2,
            });
        }
        memories
    }

    fn global_section(
        &self,
        values: &[(u32, GlobalValue)],
    ) -> Result<GlobalSection, SnapshotError> {
        let mut globals = GlobalSection::new();
        let mut roundtrip = RoundtripReencoder;
        for (i, global) in self.globals.iter().enumerate() {
            let index = self.imported_globals + i as u32;
            let ty = roundtrip
                .global_type(global.ty)
                .map_err(|e| SnapshotError::Unsupported(format!("global {index}: {e:?}")))?;
            let init = match values.iter().find(|(g, _)| *g == index) {
                Some((_, value)) => value.const_expr(),
                None => roundtrip
                    .const_expr(global.init.clone())
                    .map_err(|e| SnapshotError::Unsupported(format!("global {index}: {e:?}")))?,
            };
            globals.global(ty, &init);
        }
        Ok(globals)
    }
}

/// What the init left: the output's memory, globals and data.
pub(crate) struct State<'d> {
    /// The init export, removed from the output.
    pub removed_export: &'d str,
    /// The memory's size after the init.
    pub memory_pages: u64,
    /// Mutable globals' values after the init, by global index.
    pub globals: Vec<(u32, GlobalValue)>,
    /// The data segments: address and bytes.
    pub data: &'d [(u32, &'d [u8])],
}

const MEMORY: u8 = 5;
const GLOBAL: u8 = 6;
const EXPORT: u8 = 7;
const CODE: u8 = 10;
const DATA: u8 = 11;
const DATA_COUNT: u8 = 12;

/// The first instruction in `body` that changes state the snapshot does not capture.
fn state_instruction(
    body: &wasmparser::FunctionBody<'_>,
) -> Result<Option<&'static str>, wasmparser::BinaryReaderError> {
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        let name = match ops.read()? {
            Operator::TableSet { .. } => "table.set",
            Operator::TableGrow { .. } => "table.grow",
            Operator::TableFill { .. } => "table.fill",
            Operator::TableCopy { .. } => "table.copy",
            Operator::TableInit { .. } => "table.init",
            Operator::ElemDrop { .. } => "elem.drop",
            Operator::MemoryInit { .. } => "memory.init",
            Operator::DataDrop { .. } => "data.drop",
            _ => continue,
        };
        return Ok(Some(name));
    }
    Ok(None)
}
