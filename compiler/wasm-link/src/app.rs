//! Reading an app module (linked by wasm-ld against the engine: `--import-memory
//! --import-table --allow-undefined`, data at the engine's app area, table entries after the
//! engine's) and mapping its indices into the linked module's.

use std::collections::HashMap;

use wasm_encoder::reencode::{Error as ReencodeError, Reencode};
use wasmparser::{ExternalKind, FuncType, Parser, Payload, TypeRef};

use crate::engine::EngineLayout;
use crate::{const_i32, LinkError};

/// The export through which an app provides its code (`EdgeboxAppCode`, edgebox_app.h).
pub const APP_CODE_EXPORT: &str = "edgebox_app_code";

/// An app module, parsed, with every index mapped into the linked module.
#[derive(Debug)]
pub(crate) struct App<'a> {
    /// The linked module's type index of each app type.
    pub types: Vec<u32>,
    /// Types the link appends to the engine's (app types the engine does not have).
    pub new_types: Vec<FuncType>,
    /// The linked module's function index of each app function (imports included).
    pub functions: Vec<u32>,
    /// The linked module's type index of each defined app function.
    pub defined_types: Vec<u32>,
    /// The app's global indices mapped (only the stack pointer may be used by code).
    pub globals: Vec<Option<u32>>,
    /// Active element segments: table offset and function indices (app indices).
    pub elements: Vec<(u32, Vec<u32>)>,
    /// Active data segments: address and bytes.
    pub data: Vec<(u32, &'a [u8])>,
    /// Function bodies.
    pub bodies: Vec<wasmparser::FunctionBody<'a>>,
    /// Address of the app's `EdgeboxAppCode`, if it exports one.
    pub code_record: Option<u32>,
}

impl<'a> App<'a> {
    /// Parses `app` and maps it onto `engine` (whose types the app's are matched against).
    pub(crate) fn read(app: &'a [u8], engine: &EngineLayout) -> Result<App<'a>, LinkError> {
        let bad = |what: String| LinkError::BadApp(what);
        // Validated first, so that every index inside it is in range.
        wasmparser::Validator::new().validate_all(app)?;
        let mut app_types: Vec<FuncType> = Vec::new();
        let mut types = Vec::new();
        let mut new_types: Vec<FuncType> = Vec::new();
        let mut functions = Vec::new();
        let mut defined_types = Vec::new();
        let mut globals = Vec::new();
        let mut global_values = Vec::new();
        let mut elements = Vec::new();
        let mut data = Vec::new();
        let mut bodies = Vec::new();
        let mut exports: Vec<(String, ExternalKind, u32)> = Vec::new();
        let engine_types: HashMap<&FuncType, u32> = engine
            .types
            .iter()
            .enumerate()
            .rev()
            .map(|(i, t)| (t, i as u32))
            .collect();
        let mut next_function = engine.function_count();
        for payload in Parser::new(0).parse_all(app) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        let index = match engine_types.get(&ty) {
                            Some(&i) => i,
                            None => match new_types.iter().position(|t| *t == ty) {
                                Some(i) => engine.types.len() as u32 + i as u32,
                                None => {
                                    new_types.push(ty.clone());
                                    engine.types.len() as u32 + new_types.len() as u32 - 1
                                }
                            },
                        };
                        types.push(index);
                        app_types.push(ty);
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        match import.ty {
                            TypeRef::Func(ty) => {
                                let Some(&target) = engine.functions.get(import.name) else {
                                    return Err(LinkError::Unresolved {
                                        name: import.name.to_string(),
                                    });
                                };
                                let has = engine.function_types.get(target as usize).ok_or_else(|| {
                                    LinkError::NotAnEngine(format!(
                                        "its export `{}` names function {target}, which does not exist",
                                        import.name
                                    ))
                                })?;
                                if app_types.get(ty as usize) != engine.types.get(*has as usize) {
                                    return Err(LinkError::TypeMismatch {
                                        name: import.name.to_string(),
                                    });
                                }
                                functions.push(target);
                            }
                            TypeRef::Memory(_) | TypeRef::Table(_) => {}
                            _ => {
                                return Err(bad(format!(
                                    "it imports {}.{}, which is not a function, the memory or the table",
                                    import.module, import.name
                                )))
                            }
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        let ty = ty?;
                        let mapped = *types
                            .get(ty as usize)
                            .ok_or_else(|| bad(format!("function type {ty} does not exist")))?;
                        defined_types.push(mapped);
                        functions.push(next_function);
                        next_function += 1;
                    }
                }
                Payload::TableSection(_) => {
                    return Err(bad(
                        "it defines a table instead of importing the engine's".into()
                    ))
                }
                Payload::MemorySection(_) => {
                    return Err(bad(
                        "it defines a memory instead of importing the engine's".into()
                    ))
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let global = global?;
                        globals.push(global.ty);
                        global_values.push(const_i32(&global.init_expr));
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        exports.push((export.name.to_string(), export.kind, export.index));
                    }
                }
                Payload::StartSection { .. } => return Err(bad("it has a start function".into())),
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        let wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } = &element.kind
                        else {
                            return Err(bad("it has a passive or declared element segment".into()));
                        };
                        if table_index.unwrap_or(0) != 0 {
                            return Err(bad("an element segment targets another table".into()));
                        }
                        let at = const_i32(offset_expr)
                            .ok_or_else(|| bad("an element offset is not a constant".into()))?
                            as u32;
                        if at < engine.table_size {
                            return Err(bad(format!(
                                "its table entries start at {at}, inside the engine's (0..{})",
                                engine.table_size
                            )));
                        }
                        let wasmparser::ElementItems::Functions(items) = element.items else {
                            return Err(bad("an element segment holds expressions".into()));
                        };
                        let items = items.into_iter().collect::<Result<Vec<u32>, _>>()?;
                        elements.push((at, items));
                    }
                }
                Payload::DataSection(reader) => {
                    for segment in reader {
                        let segment = segment?;
                        let wasmparser::DataKind::Active { offset_expr, .. } = &segment.kind else {
                            return Err(bad("it has a passive data segment".into()));
                        };
                        let at = const_i32(offset_expr)
                            .ok_or_else(|| bad("a data offset is not a constant".into()))?
                            as u32;
                        data.push((at, segment.data));
                    }
                }
                Payload::CodeSectionEntry(body) => bodies.push(body),
                _ => {}
            }
        }
        // The stack pointer is wasm-ld's first global: the app's code uses the engine's.
        let mapped_globals = globals
            .iter()
            .enumerate()
            .map(|(i, ty)| {
                (i == 0 && ty.mutable && ty.content_type == wasmparser::ValType::I32)
                    .then_some(engine.stack_pointer)
            })
            .collect();
        let code_record = exports
            .iter()
            .find(|(name, kind, _)| name == APP_CODE_EXPORT && *kind == ExternalKind::Global)
            .map(|&(_, _, index)| {
                global_values
                    .get(index as usize)
                    .copied()
                    .flatten()
                    .map(|v| v as u32)
                    .ok_or_else(|| bad(format!("its `{APP_CODE_EXPORT}` is not an address")))
            })
            .transpose()?;
        Ok(App {
            types,
            new_types,
            functions,
            defined_types,
            globals: mapped_globals,
            elements,
            data,
            bodies,
            code_record,
        })
    }
}

/// Re-encodes app code with the linked module's indices.
pub(crate) struct Indices<'x> {
    pub app: &'x App<'x>,
}

/// An app index the linked module has no counterpart for.
#[derive(Debug)]
pub(crate) struct Unmapped(pub String);

impl Reencode for Indices<'_> {
    type Error = Unmapped;

    fn function_index(&mut self, func: u32) -> Result<u32, ReencodeError<Unmapped>> {
        self.app
            .functions
            .get(func as usize)
            .copied()
            .ok_or_else(|| ReencodeError::UserError(Unmapped(format!("function {func}"))))
    }

    fn type_index(&mut self, ty: u32) -> Result<u32, ReencodeError<Unmapped>> {
        self.app
            .types
            .get(ty as usize)
            .copied()
            .ok_or_else(|| ReencodeError::UserError(Unmapped(format!("type {ty}"))))
    }

    fn global_index(&mut self, global: u32) -> Result<u32, ReencodeError<Unmapped>> {
        self.app
            .globals
            .get(global as usize)
            .copied()
            .flatten()
            .ok_or_else(|| {
                ReencodeError::UserError(Unmapped(format!(
                    "global {global} (only the stack pointer may be used)"
                )))
            })
    }

    fn table_index(&mut self, table: u32) -> Result<u32, ReencodeError<Unmapped>> {
        if table == 0 {
            Ok(0)
        } else {
            Err(ReencodeError::UserError(Unmapped(format!("table {table}"))))
        }
    }

    fn data_index(&mut self, data: u32) -> Result<u32, ReencodeError<Unmapped>> {
        // The engine's segments come first: the app's own indices would name them.
        Err(ReencodeError::UserError(Unmapped(format!(
            "data segment {data} (memory.init, data.drop)"
        ))))
    }

    fn element_index(&mut self, element: u32) -> Result<u32, ReencodeError<Unmapped>> {
        Err(ReencodeError::UserError(Unmapped(format!(
            "element segment {element} (table.init, elem.drop)"
        ))))
    }

    fn memory_index(&mut self, memory: u32) -> Result<u32, ReencodeError<Unmapped>> {
        if memory == 0 {
            Ok(0)
        } else {
            Err(ReencodeError::UserError(Unmapped(format!(
                "memory {memory}"
            ))))
        }
    }
}
