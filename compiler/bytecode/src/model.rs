//! What a serialized QuickJS-NG object contains, as plain Rust data.

use std::fmt;

use crate::atoms::{self, Atom};
use crate::error::FunctionId;

/// The whole output of `JS_WriteObject`: the file's atom table and the root value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bytecode {
    /// The file's atom table (strings, or symbol descriptions), in file order. Atom index
    /// `idx >= JS_ATOM_END` in the file means `atoms[idx - JS_ATOM_END]`.
    pub atoms: Vec<String>,
    /// What kind of atom each entry of [`Bytecode::atoms`] is (same length).
    pub atom_kinds: Vec<AtomKind>,
    /// The serialized value: a function for scripts, a module for modules.
    pub root: Value,
    /// Where the atom table (its count, then its entries) lies in the file: byte offsets
    /// `start..end`.
    pub atom_table_field: std::ops::Range<usize>,
}

/// The kind of an entry in the file's atom table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    /// A string (`JS_ATOM_TYPE_STRING`).
    String,
    /// A `Symbol.for()` symbol (`JS_ATOM_TYPE_GLOBAL_SYMBOL`); the text is its key.
    GlobalSymbol,
    /// A local symbol (`JS_ATOM_TYPE_SYMBOL`); the text is its description.
    Symbol,
    /// A reference to built-in atom number `n` (the writer emits this only for non-bytecode
    /// objects, but the reader accepts it anywhere).
    Builtin(u32),
}

impl Bytecode {
    /// Resolves an atom index as it appears in the file (in names and in instruction operands):
    /// a tagged integer (bit 31 set), a built-in atom (below `JS_ATOM_END`), or an entry of the
    /// file's atom table. `None` if out of range (never for a `Bytecode` returned by
    /// [`crate::read`], whose atom operands are all checked).
    pub fn atom(&self, idx: u32) -> Option<Atom<'_>> {
        atoms::resolve(&self.atoms, idx)
    }

    /// Every function (also those inside constant pools and modules), in ordinal order.
    pub fn functions(&self) -> Vec<&Function> {
        let mut out = Vec::new();
        self.root.collect_functions(&mut out);
        out.sort_by_key(|f| f.ordinal);
        out
    }
}

/// A serialized value: one `BC_TAG_*` and its payload.
///
/// Strings: QuickJS strings are Latin-1 or UTF-16; they are converted to Rust strings, and lone
/// UTF-16 surrogates become U+FFFD (lossy). Names (atoms) are resolved to text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `BC_TAG_NULL`.
    Null,
    /// `BC_TAG_UNDEFINED`.
    Undefined,
    /// `BC_TAG_BOOL_FALSE` / `BC_TAG_BOOL_TRUE`.
    Bool(bool),
    /// `BC_TAG_INT32` (zigzag LEB128).
    Int32(i32),
    /// `BC_TAG_FLOAT64` (the exact bits, so `-0.0` and NaN payloads survive).
    Float64(f64),
    /// `BC_TAG_STRING`.
    String(String),
    /// `BC_TAG_BIG_INT` (two's complement, little endian, in the file).
    BigInt(num_bigint::BigInt),
    /// `BC_TAG_FUNCTION_BYTECODE`.
    Function(Box<Function>),
    /// `BC_TAG_MODULE`.
    Module(Box<Module>),
    /// `BC_TAG_OBJECT`: a plain object's enumerable own data properties, in order.
    Object(Vec<(String, Value)>),
    /// `BC_TAG_ARRAY`.
    Array(Vec<Value>),
    /// `BC_TAG_TEMPLATE_OBJECT`: a tagged template's cooked strings and its `raw` array.
    Template {
        /// The cooked strings (`undefined` for invalid escapes).
        cooked: Vec<Value>,
        /// The `raw` property (normally an array of strings).
        raw: Box<Value>,
    },
    /// `BC_TAG_TYPED_ARRAY`.
    TypedArray {
        /// Kind: 0 = `Uint8ClampedArray` ... 11 = `Float64Array` (QuickJS's class order).
        kind: TypedArrayKind,
        /// Element count.
        length: u32,
        /// Byte offset into the buffer.
        offset: u32,
        /// The underlying buffer value.
        buffer: Box<Value>,
    },
    /// `BC_TAG_ARRAY_BUFFER`.
    ArrayBuffer {
        /// The contents.
        bytes: Vec<u8>,
        /// The maximum byte length (`u32::MAX` for a fixed-length buffer).
        max_byte_length: u32,
    },
    /// `BC_TAG_SHARED_ARRAY_BUFFER`: only a host pointer is serialized.
    SharedArrayBuffer {
        /// Byte length.
        byte_length: u32,
        /// The maximum byte length.
        max_byte_length: u32,
        /// The writer's data pointer (meaningless outside the writing process).
        pointer: u64,
    },
    /// `BC_TAG_REGEXP`: the source pattern and the compiled regexp bytecode (an 8-bit string).
    RegExp {
        /// The pattern.
        pattern: String,
        /// libregexp bytecode, flags included.
        bytecode: Vec<u8>,
    },
    /// `BC_TAG_DATE`: the time value.
    Date(Box<Value>),
    /// `BC_TAG_OBJECT_VALUE`: a `Number`/`String`/`Boolean`/`BigInt` wrapper object.
    ObjectValue(Box<Value>),
    /// `BC_TAG_OBJECT_REFERENCE`: the n-th object read so far (only with `JS_WRITE_OBJ_REFERENCE`).
    ObjectReference(u32),
    /// `BC_TAG_MAP`: entries in insertion order.
    Map(Vec<(Value, Value)>),
    /// `BC_TAG_SET`: values in insertion order.
    Set(Vec<Value>),
    /// `BC_TAG_SYMBOL`: the symbol's atom, resolved to its description.
    Symbol(String),
}

/// The element type of a typed array, in QuickJS's class order (`JS_CLASS_UINT8C_ARRAY` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedArrayKind {
    /// `Uint8ClampedArray`.
    Uint8Clamped,
    /// `Int8Array`.
    Int8,
    /// `Uint8Array`.
    Uint8,
    /// `Int16Array`.
    Int16,
    /// `Uint16Array`.
    Uint16,
    /// `Int32Array`.
    Int32,
    /// `Uint32Array`.
    Uint32,
    /// `BigInt64Array`.
    BigInt64,
    /// `BigUint64Array`.
    BigUint64,
    /// `Float16Array`.
    Float16,
    /// `Float32Array`.
    Float32,
    /// `Float64Array`.
    Float64,
}

impl TypedArrayKind {
    /// All kinds, indexed by their serialized tag.
    pub const ALL: [TypedArrayKind; 12] = [
        TypedArrayKind::Uint8Clamped,
        TypedArrayKind::Int8,
        TypedArrayKind::Uint8,
        TypedArrayKind::Int16,
        TypedArrayKind::Uint16,
        TypedArrayKind::Int32,
        TypedArrayKind::Uint32,
        TypedArrayKind::BigInt64,
        TypedArrayKind::BigUint64,
        TypedArrayKind::Float16,
        TypedArrayKind::Float32,
        TypedArrayKind::Float64,
    ];
}

impl Value {
    fn collect_functions<'a>(&'a self, out: &mut Vec<&'a Function>) {
        match self {
            Value::Function(f) => {
                out.push(f);
                for v in &f.cpool {
                    v.collect_functions(out);
                }
            }
            Value::Module(m) => m.function.collect_functions(out),
            Value::Object(props) => props.iter().for_each(|(_, v)| v.collect_functions(out)),
            Value::Array(items) | Value::Set(items) => {
                items.iter().for_each(|v| v.collect_functions(out))
            }
            Value::Template { cooked, raw } => {
                cooked.iter().for_each(|v| v.collect_functions(out));
                raw.collect_functions(out);
            }
            Value::Map(entries) => entries.iter().for_each(|(k, v)| {
                k.collect_functions(out);
                v.collect_functions(out);
            }),
            Value::TypedArray { buffer: inner, .. }
            | Value::Date(inner)
            | Value::ObjectValue(inner) => inner.collect_functions(out),
            Value::Null
            | Value::Undefined
            | Value::Bool(_)
            | Value::Int32(_)
            | Value::Float64(_)
            | Value::String(_)
            | Value::BigInt(_)
            | Value::ArrayBuffer { .. }
            | Value::SharedArrayBuffer { .. }
            | Value::RegExp { .. }
            | Value::ObjectReference(_)
            | Value::Symbol(_) => {}
        }
    }
}

/// `func_kind` of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// A plain function (also arrow functions, methods, classes, scripts, module bodies).
    Normal,
    /// `function*`.
    Generator,
    /// `async function`.
    Async,
    /// `async function*`.
    AsyncGenerator,
}

impl FunctionKind {
    pub(crate) fn from_bits(bits: u16) -> FunctionKind {
        match bits & 3 {
            0 => FunctionKind::Normal,
            1 => FunctionKind::Generator,
            2 => FunctionKind::Async,
            _ => FunctionKind::AsyncGenerator,
        }
    }
}

/// The boolean flags of a function header (the 16-bit flag word, in the writer's bit order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FunctionFlags {
    /// The function has a `prototype` property (constructor-capable).
    pub has_prototype: bool,
    /// No defaults, rest or destructuring in the parameters.
    pub has_simple_parameter_list: bool,
    /// A derived class's constructor.
    pub is_derived_class_constructor: bool,
    /// The function uses `super` or `[[HomeObject]]`.
    pub need_home_object: bool,
    /// `new.target` may be used.
    pub new_target_allowed: bool,
    /// `super()` may be called.
    pub super_call_allowed: bool,
    /// `super.x` may be used.
    pub super_allowed: bool,
    /// `arguments` may be used.
    pub arguments_allowed: bool,
    /// Stack traces stop at this function.
    pub backtrace_barrier: bool,
    /// The debug section (file name, position table, source) follows the code.
    pub has_debug_info: bool,
}

/// `var_kind` of a variable (`JSVarKindEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// `JS_VAR_NORMAL`.
    Normal,
    /// `JS_VAR_FUNCTION_DECL`: lexical variable holding a function declaration.
    FunctionDecl,
    /// `JS_VAR_NEW_FUNCTION_DECL`: same, for an async or generator function.
    NewFunctionDecl,
    /// `JS_VAR_CATCH`.
    Catch,
    /// `JS_VAR_FUNCTION_NAME`: a function expression's own name.
    FunctionName,
    /// `JS_VAR_PRIVATE_FIELD`.
    PrivateField,
    /// `JS_VAR_PRIVATE_METHOD`.
    PrivateMethod,
    /// `JS_VAR_PRIVATE_GETTER`.
    PrivateGetter,
    /// `JS_VAR_PRIVATE_SETTER`.
    PrivateSetter,
    /// `JS_VAR_PRIVATE_GETTER_SETTER`.
    PrivateGetterSetter,
    /// `JS_VAR_USING`.
    Using,
    /// `JS_VAR_USING_METHOD`.
    UsingMethod,
    /// A value this QuickJS version does not define (kept so nothing is lost).
    Other(u8),
}

impl VarKind {
    pub(crate) fn from_bits(bits: u8) -> VarKind {
        const KINDS: [VarKind; 12] = [
            VarKind::Normal,
            VarKind::FunctionDecl,
            VarKind::NewFunctionDecl,
            VarKind::Catch,
            VarKind::FunctionName,
            VarKind::PrivateField,
            VarKind::PrivateMethod,
            VarKind::PrivateGetter,
            VarKind::PrivateSetter,
            VarKind::PrivateGetterSetter,
            VarKind::Using,
            VarKind::UsingMethod,
        ];
        KINDS
            .get(usize::from(bits))
            .copied()
            .unwrap_or(VarKind::Other(bits))
    }
}

/// An argument or local variable (`JSVarDef`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDef {
    /// Name (empty for compiler temporaries).
    pub name: String,
    /// Scope the variable is declared in.
    pub scope_level: u32,
    /// Next variable in the same scope chain, or -1.
    pub scope_next: i32,
    /// Kind.
    pub kind: VarKind,
    /// `const` binding.
    pub is_const: bool,
    /// `let`/`const`/class binding.
    pub is_lexical: bool,
    /// Captured by a closure.
    pub is_captured: bool,
    /// Index in the function's closure-variable references (only when captured).
    pub var_ref_idx: Option<u16>,
}

/// `closure_type` of a closure variable (`JSClosureTypeEnum`): where the captured variable lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureType {
    /// A local of the parent function (`var_idx` indexes its locals).
    Local,
    /// An argument of the parent function (`var_idx` indexes its arguments).
    Arg,
    /// A closure variable of the parent function.
    Ref,
    /// A global reference via the parent's closure variables.
    GlobalRef,
    /// A global variable declaration (eval code only).
    GlobalDecl,
    /// A global variable (eval code only).
    Global,
    /// A module variable definition.
    ModuleDecl,
    /// A module import.
    ModuleImport,
}

impl ClosureType {
    pub(crate) fn from_bits(bits: u32) -> ClosureType {
        [
            ClosureType::Local,
            ClosureType::Arg,
            ClosureType::Ref,
            ClosureType::GlobalRef,
            ClosureType::GlobalDecl,
            ClosureType::Global,
            ClosureType::ModuleDecl,
            ClosureType::ModuleImport,
        ][(bits & 7) as usize]
    }
}

/// A variable captured from an enclosing function (`JSClosureVar`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureVar {
    /// Name.
    pub name: String,
    /// Index into the parent's locals, arguments or closure variables (see `closure_type`).
    pub var_idx: u16,
    /// Where the variable lives.
    pub closure_type: ClosureType,
    /// Captures a local of the parent (`closure_type == Local`).
    pub is_local: bool,
    /// Captures an argument of the parent (`closure_type == Arg`).
    pub is_arg: bool,
    /// `const` binding.
    pub is_const: bool,
    /// Lexical binding.
    pub is_lexical: bool,
    /// Kind of the captured variable.
    pub kind: VarKind,
}

/// A compiled function (`JSFunctionBytecode`) as serialized.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// 0-based position of this function's tag among all function tags of the buffer, in the
    /// order `JS_ReadObject` meets them. `JS_ReadFunctionTag` takes its number when it starts
    /// reading the tag, and reads the constant pool (which holds the nested functions) before
    /// the code, so the order is depth-first pre-order in file order: a function, then its
    /// constant pool's functions, each with theirs, then the next sibling. The guest's frozen
    /// lookup uses the same numbers (vendor patch `0002-frozen-functions.patch`), though it is
    /// *called* once a function's code is read, i.e. children before parents
    /// (`tests/engine_order.rs` checks both against the engine).
    pub ordinal: u32,
    /// Function name (`None` for `JS_ATOM_NULL`; `Some("")` for the empty-string atom).
    pub name: Option<String>,
    /// Source file name (debug info).
    pub filename: Option<String>,
    /// 1-based line of the definition (debug info; 0 without it).
    pub line: u32,
    /// 1-based column of the definition (debug info; 0 without it).
    pub column: u32,
    /// Normal, generator, async or async generator.
    pub kind: FunctionKind,
    /// Strict-mode code.
    pub is_strict: bool,
    /// The header's flag bits.
    pub flags: FunctionFlags,
    /// Number of declared arguments (`arg_count`).
    pub arg_count: u16,
    /// Number of locals (`var_count`).
    pub var_count: u16,
    /// `length` of the function (`defined_arg_count`).
    pub defined_arg_count: u16,
    /// Maximum operand-stack depth.
    pub stack_size: u16,
    /// Number of locals and arguments captured by closures (`var_ref_count`).
    pub var_ref_count: u16,
    /// Arguments first (`arg_count` of them), then locals; empty if the writer had none.
    pub vars: Vec<VarDef>,
    /// Variables captured from enclosing functions (indexed by `var_ref` operands).
    pub closure_vars: Vec<ClosureVar>,
    /// The code exactly as in the file (atom operands are file atom indices; see
    /// [`Bytecode::atom`]).
    pub code: Vec<u8>,
    /// FNV-1a 64 of `code`.
    pub code_hash: u64,
    /// Constant pool (strings, numbers, nested functions, template objects, ...).
    pub cpool: Vec<Value>,
    /// The pc-to-line table (debug info): see [`crate::positions`].
    pub pc2line: Option<Vec<u8>>,
    /// Where the positions (file name, line, column and the pc-to-line table) lie in the file:
    /// byte offsets `start..end` (`None` without debug info).
    pub positions_field: Option<std::ops::Range<usize>>,
    /// The function's source text (debug info, unless stripped).
    pub source: Option<String>,
    /// Where the source field (its length, then its text) lies in the file: byte offsets
    /// `start..end` (`None` without debug info).
    pub source_field: Option<std::ops::Range<usize>>,
}

impl Function {
    /// How errors name this function.
    pub fn id(&self) -> FunctionId {
        FunctionId {
            ordinal: self.ordinal,
            name: self.name.clone(),
        }
    }

    /// The text of an atom operand of this function (`bc` is the file it was read from);
    /// `None` for an index out of range, `JS_ATOM_NULL` and integer atoms (see
    /// [`Bytecode::atom`] for those).
    pub fn atom_name<'a>(&self, bc: &'a Bytecode, idx: u32) -> Option<&'a str> {
        bc.atom(idx)?.as_str()
    }

    /// The argument definitions (the first `arg_count` of `vars`).
    pub fn args(&self) -> &[VarDef] {
        &self.vars[..usize::from(self.arg_count).min(self.vars.len())]
    }

    /// The local-variable definitions (`vars` after the arguments).
    pub fn locals(&self) -> &[VarDef] {
        &self.vars[usize::from(self.arg_count).min(self.vars.len())..]
    }
}

/// FNV-1a 64 (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// An ES module's record (`JSModuleDef`) as serialized.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Module name (the file name given to the compiler).
    pub name: String,
    /// Requested module specifiers, in order (`req_module_idx` indexes this).
    pub requests: Vec<String>,
    /// Export entries.
    pub exports: Vec<Export>,
    /// `export * from` entries: indices into `requests`.
    pub star_exports: Vec<u32>,
    /// Import entries.
    pub imports: Vec<Import>,
    /// The module uses top-level `await`.
    pub has_tla: bool,
    /// The module body (a function value).
    pub function: Value,
}

/// One export entry of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Export {
    /// `export { local as name }`: a closure variable of the module function.
    Local {
        /// Index of the exported variable in the module function's closure variables.
        var_idx: u32,
        /// Exported name.
        name: String,
    },
    /// `export { x as name } from "m"`: re-export of another module's binding.
    Indirect {
        /// Index into [`Module::requests`].
        request: u32,
        /// Name in the other module.
        local_name: String,
        /// Exported name.
        name: String,
    },
}

/// One import entry of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// Index of the binding in the module function's closure variables.
    pub var_idx: u32,
    /// Imported name (`*` for a namespace import).
    pub name: String,
    /// Index into [`Module::requests`].
    pub request: u32,
}

impl fmt::Display for FunctionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FunctionKind::Normal => "normal",
            FunctionKind::Generator => "generator",
            FunctionKind::Async => "async",
            FunctionKind::AsyncGenerator => "async generator",
        })
    }
}
