//! The INIT_DATA section: the module's description (memories and data segments, tables and
//! element segments, types, globals, imports, function count, start function, auxiliary stack),
//! followed by the constant sections LLVM emitted beside the code (`.rodata`, `.rodata.cst16`,
//! ...), which the code reaches through relocations by section name.
//!
//! The module part is kept as raw bytes: an AOT link takes it whole from one unit. It is parsed
//! only to find where the object data sections start, for the build options EdgeBox compiles
//! with (no GC, no 64-bit memory, no extended constant expressions, bulk memory on); anything
//! else is refused as unsupported.

use crate::bytes::{Reader, Writer};
use crate::AotFileError;

/// One constant section LLVM emitted (`.rodata`, `.rodata.cst8`, `.rodata.str1.1`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSection<'a> {
    /// The section's name, as relocations refer to it.
    pub name: &'a str,
    /// Its contents.
    pub data: std::borrow::Cow<'a, [u8]>,
}

/// The parsed INIT_DATA section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitData<'a> {
    /// Everything before the object data sections (memories through the auxiliary stack).
    pub module: &'a [u8],
    /// Number of functions the module defines (imports not counted).
    pub func_count: u32,
    /// LLVM's constant sections.
    pub data_sections: Vec<DataSection<'a>>,
}

/// `INIT_EXPR_TYPE_*` in WAMR's `wasm.h`.
mod init_expr {
    pub const I32_CONST: u32 = 0x41;
    pub const I64_CONST: u32 = 0x42;
    pub const F32_CONST: u32 = 0x43;
    pub const F64_CONST: u32 = 0x44;
    pub const GET_GLOBAL: u32 = 0x23;
    pub const REFNULL_CONST: u32 = 0xD0;
    pub const FUNCREF_CONST: u32 = 0xD2;
}

/// `WASM_TYPE_FUNC` in WAMR's `wasm.h`.
const WASM_TYPE_FUNC: u16 = 0;

impl<'a> InitData<'a> {
    /// Parses the body `file[start..end]` of an INIT_DATA section.
    pub(crate) fn parse(file: &'a [u8], start: usize, end: usize) -> Result<Self, AotFileError> {
        let mut r = Reader::new(file, start, end);
        memories(&mut r)?;
        tables(&mut r)?;
        types(&mut r)?;
        import_globals(&mut r)?;
        globals(&mut r)?;
        import_functions(&mut r)?;
        r.align(4)?;
        let func_count = r.u32("function count")?;
        r.u32("start function")?;
        // Auxiliary data end, heap base and stack top: global index + value each, then the
        // stack size. The u64s follow u32s without padding (WAMR's emitter writes them so).
        r.bytes(4 + 8 + 4 + 8 + 4 + 8 + 4, "auxiliary stack fields")?;
        let module_end = r.pos();
        r.align(4)?;
        let count = r.count(8, "object data section count")?;
        let mut data_sections = Vec::with_capacity(count);
        for _ in 0..count {
            r.align(2)?;
            let name = r.string("object data section name")?;
            let size = r.aligned_u32("object data section size")? as usize;
            let data = r.bytes(size, "object data section")?;
            data_sections.push(DataSection {
                name,
                data: data.into(),
            });
        }
        if !r.is_at_end() {
            return Err(AotFileError::Malformed {
                offset: r.pos(),
                what: "bytes left over after the object data sections".into(),
            });
        }
        Ok(InitData {
            module: &file[start..module_end],
            func_count,
            data_sections,
        })
    }

    /// Writes the section body; `w` must be at the offset the body starts at (the module part
    /// is copied as it is, so its alignment must be what it was: both start 4-aligned).
    pub(crate) fn write(&self, w: &mut Writer) {
        w.bytes(self.module);
        w.align(4);
        w.u32(self.data_sections.len() as u32);
        for section in &self.data_sections {
            w.align(2);
            w.string(section.name);
            w.align(4);
            w.u32(section.data.len() as u32);
            w.bytes(&section.data);
        }
    }
}

fn unsupported(r: &Reader<'_>, what: &str) -> AotFileError {
    AotFileError::Unsupported {
        offset: r.pos(),
        what: what.to_string(),
    }
}

fn init_expr(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let kind = r.aligned_u32("initializer type")?;
    match kind {
        init_expr::I32_CONST
        | init_expr::F32_CONST
        | init_expr::GET_GLOBAL
        | init_expr::REFNULL_CONST
        | init_expr::FUNCREF_CONST => {
            r.u32("initializer value")?;
        }
        init_expr::I64_CONST | init_expr::F64_CONST => {
            r.u64("initializer value")?;
        }
        other => return Err(unsupported(r, &format!("initializer type {other:#x}"))),
    }
    Ok(())
}

fn memories(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    if r.aligned_u32("imported memory count")? != 0 {
        return Err(unsupported(r, "imported memories"));
    }
    let count = r.count(16, "memory count")?;
    r.bytes(count * 16, "memories")?;
    let segments = r.count(16, "data segment count")?;
    for _ in 0..segments {
        r.align(4)?;
        r.u32("data segment mode")?;
        r.u32("data segment memory")?;
        init_expr(r)?;
        let len = r.u32("data segment size")? as usize;
        r.bytes(len, "data segment")?;
    }
    Ok(())
}

fn tables(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let imported = r.aligned_u32("imported table count")? as usize;
    r.bytes(imported.saturating_mul(12), "imported tables")?;
    let count = r.count(12, "table count")?;
    r.bytes(count * 12, "tables")?;
    let segments = r.count(24, "element segment count")?;
    for _ in 0..segments {
        r.align(4)?;
        r.bytes(12, "element segment mode, type and table")?;
        init_expr(r)?;
        r.bytes(8, "element segment reference type")?;
        let values = r.count(8, "element count")?;
        for _ in 0..values {
            init_expr(r)?;
        }
    }
    Ok(())
}

fn types(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let count = r.aligned_u32("type count")?;
    for _ in 0..count {
        r.align(4)?;
        if r.u16("type kind")? != WASM_TYPE_FUNC {
            return Err(unsupported(r, "types other than function types (GC)"));
        }
        let params = r.u16("parameter count")? as usize;
        let results = r.u16("result count")? as usize;
        r.bytes(params + results, "value types")?;
    }
    Ok(())
}

fn import_globals(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let count = r.aligned_u32("imported global count")?;
    for _ in 0..count {
        r.align(2)?;
        r.bytes(2, "imported global type")?;
        r.string("imported global module")?;
        r.align(2)?;
        r.string("imported global name")?;
    }
    Ok(())
}

fn globals(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let count = r.aligned_u32("global count")?;
    for _ in 0..count {
        r.align(4)?;
        r.bytes(2, "global type")?;
        init_expr(r)?;
    }
    Ok(())
}

fn import_functions(r: &mut Reader<'_>) -> Result<(), AotFileError> {
    let count = r.aligned_u32("imported function count")?;
    for _ in 0..count {
        r.align(2)?;
        r.u16("imported function type")?;
        r.string("imported function module")?;
        r.align(2)?;
        r.string("imported function name")?;
    }
    Ok(())
}
