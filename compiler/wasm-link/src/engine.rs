//! What the link needs to know about the engine module, read from it (never assumed).

use std::collections::HashMap;
use std::ops::Range;

use wasmparser::{ExternalKind, FuncType, Parser, Payload, TypeRef};

use crate::{const_i32, LinkError};

/// Exports of the engine module the link reads: the app area, its size, the link record and
/// the stack pointer (glue.c, `edgebox_app.h`).
pub mod exports {
    /// Global holding the address of the app area (`uint8_t edgebox_app_area[]`).
    pub const APP_AREA: &str = "edgebox_app_area";
    /// Global holding the address of a `uint32_t` with the area's size in bytes.
    pub const APP_AREA_SIZE: &str = "edgebox_app_area_size";
    /// Global holding the address of the `EdgeboxAppLink` record the link fills in.
    pub const APP_LINK: &str = "edgebox_app_link";
    /// The C stack pointer (a mutable i32 global).
    pub const STACK_POINTER: &str = "__stack_pointer";
    /// Global holding the address of the `EdgeboxHostControl` record the host reads and writes
    /// (`compiler/guest/c/edgebox_host_control.h`).
    pub const HOST_CONTROL: &str = "edgebox_host_control";
}

/// The facts about an engine module that the link depends on.
#[derive(Debug, Clone)]
pub struct EngineLayout {
    /// Function imports (they come first in the function index space).
    pub imported_functions: u32,
    /// Functions the engine defines; app functions come after them.
    pub defined_functions: u32,
    /// The function types, in order.
    pub types: Vec<FuncType>,
    /// Index of every exported function, by export name.
    pub functions: HashMap<String, u32>,
    /// Type index of every function (imports included).
    pub function_types: Vec<u32>,
    /// Size of the function table; app table entries start here.
    pub table_size: u32,
    /// Where the app's data goes.
    pub app_area: Range<u32>,
    /// Address of the `EdgeboxAppLink` record.
    pub app_link: u32,
    /// Index of the stack pointer global.
    pub stack_pointer: u32,
    /// Number of globals the engine has (the app may not add any).
    pub globals: u32,
}

impl EngineLayout {
    /// Reads the layout of `engine`, checking that it is an engine module: one defined memory,
    /// one defined function table, the exports of [`exports`].
    pub fn read(engine: &[u8]) -> Result<EngineLayout, LinkError> {
        let bad = |what: String| LinkError::NotAnEngine(what);
        let mut types = Vec::new();
        let mut function_types = Vec::new();
        let mut imported_functions = 0;
        let mut table = None;
        let mut memories = 0;
        let mut globals = Vec::new();
        let mut export_list = Vec::new();
        let mut data: Vec<(u32, &[u8])> = Vec::new();
        for payload in Parser::new(0).parse_all(engine) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        types.push(ty?);
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        match import.ty {
                            TypeRef::Func(ty) => {
                                imported_functions += 1;
                                function_types.push(ty);
                            }
                            _ => {
                                return Err(bad(format!(
                                    "it imports {}.{}, which is not a function",
                                    import.module, import.name
                                )))
                            }
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        function_types.push(ty?);
                    }
                }
                Payload::TableSection(reader) => {
                    for t in reader {
                        if table.replace(t?.ty).is_some() {
                            return Err(bad("it has more than one table".into()));
                        }
                    }
                }
                Payload::MemorySection(reader) => memories += reader.count(),
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let global = global?;
                        globals.push((global.ty, const_i32(&global.init_expr)));
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        export_list.push((export.name.to_string(), export.kind, export.index));
                    }
                }
                Payload::StartSection { .. } => {
                    return Err(bad("it has a start function".into()));
                }
                Payload::DataSection(reader) => {
                    for segment in reader {
                        let segment = segment?;
                        if let wasmparser::DataKind::Active { offset_expr, .. } = &segment.kind {
                            if let Some(at) = const_i32(offset_expr) {
                                data.push((at as u32, segment.data));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if memories != 1 {
            return Err(bad(format!(
                "it defines {memories} memories; the engine has exactly one"
            )));
        }
        let table = table.ok_or_else(|| bad("it has no function table".into()))?;
        let table_size = u32::try_from(table.initial)
            .map_err(|_| bad("its table is larger than 2^32 entries".into()))?;
        let global_export = |name: &str| -> Result<u32, LinkError> {
            export_list
                .iter()
                .find(|(n, kind, _)| n == name && *kind == ExternalKind::Global)
                .map(|&(_, _, index)| index)
                .ok_or_else(|| bad(format!("it does not export the global `{name}`")))
        };
        let address = |name: &str| -> Result<u32, LinkError> {
            let index = global_export(name)? as usize;
            match globals.get(index) {
                Some((ty, Some(value))) if !ty.mutable => Ok(*value as u32),
                _ => Err(bad(format!(
                    "its export `{name}` is not a constant address"
                ))),
            }
        };
        let area_start = address(exports::APP_AREA)?;
        let size_at = address(exports::APP_AREA_SIZE)?;
        let area_size = read_u32(&data, size_at);
        if area_size == 0 {
            return Err(bad(format!("its `{}` is 0", exports::APP_AREA_SIZE)));
        }
        let area_end = area_start
            .checked_add(area_size)
            .ok_or_else(|| bad("its app area runs past 4 GiB".into()))?;
        let stack_pointer = global_export(exports::STACK_POINTER)?;
        match globals.get(stack_pointer as usize) {
            Some((ty, _)) if ty.mutable && ty.content_type == wasmparser::ValType::I32 => {}
            _ => return Err(bad("its `__stack_pointer` is not a mutable i32".into())),
        }
        let functions = export_list
            .iter()
            .filter(|(_, kind, _)| *kind == ExternalKind::Func)
            .map(|(name, _, index)| (name.clone(), *index))
            .collect();
        Ok(EngineLayout {
            imported_functions,
            defined_functions: function_types.len() as u32 - imported_functions,
            types,
            functions,
            function_types,
            table_size,
            app_area: area_start..area_end,
            app_link: address(exports::APP_LINK)?,
            stack_pointer,
            globals: globals.len() as u32,
        })
    }

    /// Number of functions in the engine's index space (imports and definitions).
    pub fn function_count(&self) -> u32 {
        self.imported_functions + self.defined_functions
    }
}

/// The little-endian u32 the active data segments put at `address` (memory starts zeroed, and
/// wasm-opt drops zero bytes from segments, so bytes no segment covers are zero).
fn read_u32(data: &[(u32, &[u8])], address: u32) -> u32 {
    let byte = |at: u32| {
        data.iter()
            .rev()
            .find_map(|&(start, bytes)| bytes.get(at.checked_sub(start)? as usize).copied())
            .unwrap_or(0)
    };
    u32::from_le_bytes([0, 1, 2, 3].map(|i| byte(address.wrapping_add(i))))
}
