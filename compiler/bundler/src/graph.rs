//! The module graph: every file reachable from the entry, loaded once, parsed with swc, its
//! `import`/`require` specifiers resolved and rewritten to module ids.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use swc_core::common::sync::Lrc;
use swc_core::common::{
    FileName, Mark, SourceFile, SourceMap, Span, Spanned, SyntaxContext, DUMMY_SP,
};
use swc_core::ecma::ast::{
    ArrowExpr, AwaitExpr, BindingIdent, CallExpr, Callee, Constructor, Decl, EsVersion, ExportAll,
    ExportSpecifier, Expr, ForOfStmt, Function, GetterProp, Ident, IdentName, ImportDecl,
    KeyValueProp, Lit, MemberExpr, MemberProp, MetaPropExpr, MetaPropKind, Module, ModuleDecl,
    ModuleExportName, ModuleItem, NamedExport, ObjectLit, Pat, Program, Prop, PropName,
    PropOrSpread, Script, SetterProp, Stmt, Str, TryStmt, UsingDecl, VarDecl, VarDeclKind,
    VarDeclarator,
};
use swc_core::ecma::parser::error::Error as ParseError;
use swc_core::ecma::parser::{EsSyntax, Lexer, PResult, Parser, StringInput, Syntax};
use swc_core::ecma::transforms::base::resolver;
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

use edgebox_node::Builtin;

use crate::error::{BundleError, Location, Warning};
use crate::resolve::{Kind, ResolveError, Resolver, ENGINE_MODULES};

/// Marks an `import`-style specifier (rewritten to a module id) so that the link pass can tell
/// the `require` calls swc generates for imports from the ones the user wrote. A NUL byte cannot
/// appear in a path, so it cannot clash with a module id.
pub(crate) const IMPORT_MARK: char = '\0';

/// The id prefix of a built-in EdgeBox does not provide (no module has such an id; runtime.js
/// throws `ERR_UNKNOWN_BUILTIN_MODULE` for it).
pub(crate) const UNSUPPORTED_BUILTIN: &str = "node-unsupported:";

/// The id prefix of a module that a `require` inside a `try` block asks for and that does not
/// resolve (no module has such an id; runtime.js throws `MODULE_NOT_FOUND` for it, as Node does
/// when that `require` runs).
pub(crate) const MISSING_MODULE: &str = "missing:";

/// How a module's source is to be run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// An ES module, converted to CommonJS before wrapping.
    Esm,
    /// A CommonJS module, wrapped as it is.
    Cjs,
    /// A JSON file: `module.exports` is its value.
    Json,
}

/// Where a module's source comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A file of the app (or of its packages), by canonical absolute path.
    File(PathBuf),
    /// A module of EdgeBox's Node layer (edgebox-node), by name.
    Node(&'static str),
}

/// A module of the graph.
pub(crate) struct ModuleRecord {
    /// The key of the module in the bundle: for a file, its path relative to the app root,
    /// `/`-separated; for a Node layer module, `node:<name>`.
    pub id: String,
    /// Where its source comes from.
    pub origin: Origin,
    /// The parsed source, once loaded.
    pub source: Option<Source>,
    /// Whether its own top level awaits (`await`, `for await`).
    pub top_level_await: bool,
    /// The ids its `import` / `export ... from` declarations load (not `import()`).
    pub static_imports: Vec<String>,
}

/// A module's parsed source, specifiers already rewritten to module ids.
pub(crate) enum Source {
    /// An ES module, resolved with `unresolved_mark`.
    Esm {
        /// The AST.
        module: Module,
        /// The mark of free identifiers (`require`, `exports`, ...).
        unresolved_mark: Mark,
    },
    /// A CommonJS module.
    Cjs {
        /// The AST.
        script: Script,
        /// The mark of free identifiers.
        unresolved_mark: Mark,
    },
    /// A JSON module (validated).
    Json(Lrc<SourceFile>),
}

impl Source {
    /// How the module runs.
    pub fn format(&self) -> Format {
        match self {
            Source::Esm { .. } => Format::Esm,
            Source::Cjs { .. } => Format::Cjs,
            Source::Json(_) => Format::Json,
        }
    }
}

/// All modules of an app, in the order they were found (entry first).
pub(crate) struct Graph {
    /// Every module's source text, for spans, messages and the source map.
    pub cm: Lrc<SourceMap>,
    /// Canonical app root.
    root: PathBuf,
    /// The app root as the user gave it, for messages.
    display_root: PathBuf,
    resolver: Resolver,
    /// The modules, entry first.
    pub modules: Vec<ModuleRecord>,
    /// Index in `modules` by canonical path.
    by_path: HashMap<PathBuf, usize>,
    /// Index in `modules` by Node layer module name.
    by_node_name: HashMap<&'static str, usize>,
    /// Node's globals the modules refer to (names in edgebox_node::GLOBALS).
    pub globals: BTreeSet<&'static str>,
    /// What the build should tell the user about (unsupported built-ins).
    pub warnings: Vec<Warning>,
}

impl Graph {
    /// Loads the module graph of `entry` (module ids relative to `root`).
    pub fn load(entry: &Path, root: &Path) -> Result<Graph, BundleError> {
        let canonical_root = root.canonicalize().map_err(|source| BundleError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let entry = entry.canonicalize().map_err(|source| BundleError::Io {
            path: entry.to_path_buf(),
            source,
        })?;
        let mut graph = Graph {
            cm: Lrc::new(SourceMap::default()),
            root: canonical_root,
            display_root: root.to_path_buf(),
            resolver: Resolver::default(),
            modules: Vec::new(),
            by_path: HashMap::new(),
            by_node_name: HashMap::new(),
            globals: BTreeSet::new(),
            warnings: Vec::new(),
        };
        graph.add(entry);
        graph.add_node_module(edgebox_node::LOOP_MODULE);
        let mut next = 0;
        while next < graph.modules.len() {
            let (source, facts) = graph.parse(next)?;
            let module = &mut graph.modules[next];
            module.source = Some(source);
            module.top_level_await = facts.top_level_await;
            module.static_imports = facts.static_imports;
            if next == 0 && facts.default_export {
                graph.add_node_module(edgebox_node::SERVE_MODULE);
            }
            next += 1;
        }
        Ok(graph)
    }

    /// The ids of the modules that evaluate asynchronously, as Node's async modules: those whose
    /// top level awaits and those that import one (their evaluation waits for it).
    pub fn async_modules(&self) -> HashSet<String> {
        let mut found: HashSet<String> = self
            .modules
            .iter()
            .filter(|m| m.top_level_await)
            .map(|m| m.id.clone())
            .collect();
        loop {
            let before = found.len();
            for module in &self.modules {
                if module.static_imports.iter().any(|id| found.contains(id)) {
                    found.insert(module.id.clone());
                }
            }
            if found.len() == before {
                return found;
            }
        }
    }

    /// The format of each module, by id.
    pub fn formats(&self) -> HashMap<String, Format> {
        self.modules
            .iter()
            .filter_map(|m| Some((m.id.clone(), m.source.as_ref()?.format())))
            .collect()
    }

    /// Registers a module by canonical path (once) and returns its id.
    fn add(&mut self, path: PathBuf) -> String {
        if let Some(&index) = self.by_path.get(&path) {
            return self.modules[index].id.clone();
        }
        let id = module_id(&path, &self.root);
        self.by_path.insert(path.clone(), self.modules.len());
        self.modules.push(ModuleRecord {
            id: id.clone(),
            origin: Origin::File(path),
            source: None,
            top_level_await: false,
            static_imports: Vec::new(),
        });
        id
    }

    /// Registers the Node layer's module `name` (once) and returns its id.
    fn add_node_module(&mut self, name: &'static str) -> String {
        let id = format!("node:{name}");
        if !self.by_node_name.contains_key(name) {
            self.by_node_name.insert(name, self.modules.len());
            self.modules.push(ModuleRecord {
                id: id.clone(),
                origin: Origin::Node(name),
                source: None,
                top_level_await: false,
                static_imports: Vec::new(),
            });
        }
        id
    }

    /// Records a reference to Node's global `name`, and registers the module providing it.
    fn use_global(&mut self, global: &'static edgebox_node::Global) {
        if self.globals.insert(global.name) {
            self.add_node_module(global.module);
        }
    }

    /// How a path is shown in messages: relative to the app root as the user spelled it (an
    /// absolute path when the root was given as one).
    fn display(&self, path: &Path) -> PathBuf {
        if self.display_root.is_absolute() {
            return path.to_path_buf();
        }
        let mut shown = PathBuf::new();
        let relative = module_id(path, &self.root);
        for part in self
            .display_root
            .components()
            .chain(Path::new(&relative).components())
        {
            match part {
                Component::CurDir => {}
                Component::ParentDir
                    if matches!(shown.components().next_back(), Some(Component::Normal(_))) =>
                {
                    shown.pop();
                }
                other => shown.push(other),
            }
        }
        shown
    }

    /// Reads, parses and links module `index`.
    fn parse(&mut self, index: usize) -> Result<(Source, LinkFacts), BundleError> {
        let id = self.modules[index].id.clone();
        let path = match self.modules[index].origin.clone() {
            Origin::File(path) => path,
            Origin::Node(name) => return self.parse_node_module(name, id),
        };
        let display = self.display(&path);
        let text = std::fs::read_to_string(&path).map_err(|source| BundleError::Io {
            path: display.clone(),
            source,
        })?;
        let fm = self
            .cm
            .new_source_file(Lrc::new(FileName::Custom(id)), text);
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension == "json" {
            validate_json(&fm, &display)?;
            return Ok((Source::Json(fm), LinkFacts::default()));
        }
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let strict = match extension {
            "mjs" => true,
            "cjs" => false,
            _ => self.resolver.is_module_scope(&dir)?,
        };
        let parse = |fm: &SourceFile| match extension {
            _ if strict => parse_with(fm, Parser::parse_module).map(Program::Module),
            "cjs" => parse_with(fm, Parser::parse_commonjs).map(Program::Script),
            _ => parse_detect(fm),
        };
        let (program, fm) = match parse(&fm) {
            Ok(program) => (program, fm),
            Err(errors) => {
                // A script may use Annex B's `for (var k = init in o)`, which swc refuses.
                let rewritten = crate::annex_b::rewrite_for_in_initializers(&fm, syntax())
                    .filter(|_| !strict)
                    .map(|text| {
                        self.cm
                            .new_source_file(Lrc::new(fm.name.as_ref().clone()), text)
                    })
                    .and_then(|again| match parse(&again) {
                        Ok(program @ Program::Script(_)) => Some((program, again)),
                        _ => None,
                    });
                rewritten.ok_or_else(|| syntax_error(&errors, &fm, &display))?
            }
        };

        self.link_program(program, &fm, &display, Some(&path))
    }

    /// Parses and links the Node layer's module `name` (CommonJS, requiring only `node:` ids).
    fn parse_node_module(
        &mut self,
        name: &'static str,
        id: String,
    ) -> Result<(Source, LinkFacts), BundleError> {
        let text = edgebox_node::source(name)
            .ok_or_else(|| BundleError::Internal(format!("no Node layer module {name}")))?;
        let fm = self
            .cm
            .new_source_file(Lrc::new(FileName::Custom(id.clone())), text.to_string());
        let display = PathBuf::from(&id);
        let script = parse_with(&fm, Parser::parse_commonjs).map_err(|errors| {
            BundleError::Internal(format!(
                "the Node layer's {}",
                syntax_error(&errors, &fm, &display)
            ))
        })?;
        self.link_program(Program::Script(script), &fm, &display, None)
    }

    /// Scopes a parsed module, resolves and rewrites its specifiers (relative to the folder of
    /// `file`, its canonical path; `None` for a Node layer module) and records the globals it
    /// uses.
    fn link_program(
        &mut self,
        mut program: Program,
        fm: &SourceFile,
        display: &Path,
        file: Option<&Path>,
    ) -> Result<(Source, LinkFacts), BundleError> {
        let unresolved_mark = Mark::new();
        let top_level_mark = Mark::new();
        program.mutate(resolver(unresolved_mark, top_level_mark, false));
        let mut linker = Linker {
            graph: self,
            dir: file.and_then(Path::parent),
            file,
            fm,
            display,
            require_ctxt: SyntaxContext::empty().apply_mark(unresolved_mark),
            function_depth: 0,
            try_depth: 0,
            import_meta: None,
            first_top_level_await: None,
            facts: LinkFacts::default(),
            error: None,
        };
        program.visit_mut_with(&mut linker);
        if let Some(error) = linker.error {
            return Err(error);
        }
        let mut facts = linker.facts;
        facts.default_export = matches!(&program, Program::Module(module)
            if module.body.iter().any(is_default_export));
        if let (Some(span), Program::Script(_)) = (linker.first_top_level_await, &program) {
            return Err(BundleError::Syntax {
                location: locate(fm, display, span),
                message:
                    "await is only valid in async functions and the top level bodies of modules"
                        .to_string(),
            });
        }
        if let (Some(meta), Some(file), Program::Module(module)) =
            (linker.import_meta, file, &mut program)
        {
            module
                .body
                .insert(0, import_meta_declaration(meta, file).into());
        }
        let source = match program {
            Program::Module(module) => Source::Esm {
                module,
                unresolved_mark,
            },
            Program::Script(script) => Source::Cjs {
                script,
                unresolved_mark,
            },
        };
        Ok((source, facts))
    }
}

/// Whether `item` exports a default (`export default ...`, `export { x as default }`).
fn is_default_export(item: &ModuleItem) -> bool {
    match item {
        ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultDecl(_))
        | ModuleItem::ModuleDecl(ModuleDecl::ExportDefaultExpr(_)) => true,
        ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(named)) => {
            named.specifiers.iter().any(|specifier| match specifier {
                ExportSpecifier::Named(named) => {
                    let name = named.exported.as_ref().unwrap_or(&named.orig);
                    matches!(name, ModuleExportName::Ident(ident) if ident.sym == "default")
                        || matches!(name, ModuleExportName::Str(text) if text.value == "default")
                }
                _ => false,
            })
        }
        _ => false,
    }
}

/// The id of the module at canonical `path`: its path relative to the canonical `root`, with
/// `/` separators (`../` segments when outside the root).
fn module_id(path: &Path, root: &Path) -> String {
    let path_parts: Vec<Component> = path.components().collect();
    let root_parts: Vec<Component> = root.components().collect();
    let common = path_parts
        .iter()
        .zip(&root_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); root_parts.len() - common];
    parts.extend(
        path_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

pub(crate) fn syntax() -> Syntax {
    Syntax::Es(EsSyntax {
        import_attributes: true,
        // `using` / `await using` declarations, which QuickJS-NG runs.
        explicit_resource_management: true,
        ..Default::default()
    })
}

/// Runs one swc parse; any error, recovered ones included, fails it (all returned, in order).
fn parse_with<'a, T>(
    fm: &'a SourceFile,
    parse: impl FnOnce(&mut Parser<Lexer<'a>>) -> PResult<T>,
) -> Result<T, Vec<ParseError>> {
    let lexer = Lexer::new(syntax(), EsVersion::latest(), StringInput::from(fm), None);
    let mut parser = Parser::new_from(lexer);
    let result = parse(&mut parser);
    let mut errors = parser.take_errors();
    match result {
        Ok(value) if errors.is_empty() => Ok(value),
        Ok(_) => Err(errors),
        Err(error) => {
            errors.push(error);
            Err(errors)
        }
    }
}

/// A `.js` file outside a `"type": "module"` package: an ES module if it has module syntax,
/// else CommonJS (parsed as a function body, so a top-level `return` is allowed, as in Node).
fn parse_detect(fm: &SourceFile) -> Result<Program, Vec<ParseError>> {
    let program_errors = match parse_with(fm, Parser::parse_program) {
        Ok(Program::Module(module)) => return Ok(Program::Module(module)),
        Ok(Program::Script(_)) => Vec::new(),
        Err(errors) => errors,
    };
    match parse_with(fm, Parser::parse_commonjs) {
        Ok(script) => Ok(Program::Script(script)),
        // Both failed: report the parse that got further, most likely the intended grammar.
        Err(commonjs_errors) if program_errors.is_empty() => Err(commonjs_errors),
        Err(commonjs_errors) => {
            let first = |errors: &[ParseError]| errors.iter().map(|e| e.span().lo).min();
            if first(&commonjs_errors) > first(&program_errors) {
                Err(commonjs_errors)
            } else {
                Err(program_errors)
            }
        }
    }
}

/// The first (in source order) of a failed parse's errors.
fn syntax_error(errors: &[ParseError], fm: &SourceFile, display: &Path) -> BundleError {
    let Some(error) = errors.iter().min_by_key(|e| e.span().lo) else {
        return BundleError::Internal("the parser failed without an error".to_string());
    };
    BundleError::Syntax {
        location: locate(fm, display, error.span()),
        message: error.kind().msg().into_owned(),
    }
}

fn locate(fm: &SourceFile, display: &Path, span: Span) -> Box<Location> {
    let offset = span.lo.0.saturating_sub(fm.start_pos.0) as usize;
    Box::new(Location::at_offset(display.to_path_buf(), &fm.src, offset))
}

/// Checks that a JSON module parses (as `JSON.parse` will at run time).
fn validate_json(fm: &SourceFile, display: &Path) -> Result<(), BundleError> {
    let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(&fm.src) else {
        return Ok(());
    };
    let src: &str = &fm.src;
    let line_start: usize = src
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = line_start + error.column().saturating_sub(1);
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    Err(BundleError::Json {
        location: Box::new(Location::at_offset(display.to_path_buf(), src, offset)),
        message: message
            .strip_suffix(&suffix)
            .unwrap_or(&message)
            .to_string(),
    })
}

/// The specifier of `import(...)`/`require(...)` when it is a plain string.
fn literal_specifier(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(Lit::Str(s)) => Some(s.value.to_string_lossy().into_owned()),
        Expr::Tpl(t) if t.exprs.is_empty() && t.quasis.len() == 1 => t.quasis[0]
            .cooked
            .as_ref()
            .map(|c| c.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Resolves every specifier of a module, registers the target modules, rewrites specifiers to
/// module ids (built-ins to the Node layer's), records the Node globals used, gives modules their
/// own paths (`__filename`, `__dirname`, `import.meta`), notes top-level `await` and static
/// imports (for async modules), and rejects what cannot be bundled (native addons).
struct Linker<'a> {
    graph: &'a mut Graph,
    /// The folder of the module's file; `None` in a Node layer module.
    dir: Option<&'a Path>,
    /// The module's file (canonical); `None` in a Node layer module.
    file: Option<&'a Path>,
    fm: &'a SourceFile,
    display: &'a Path,
    /// Context of free identifiers: `require` with it is the module's `require`.
    require_ctxt: SyntaxContext,
    /// How many functions enclose the current node (0: top level).
    function_depth: usize,
    /// How many `try` blocks of the current function (or top level) enclose the current node.
    try_depth: usize,
    /// The variable that holds the module's `import.meta`, once the module uses it.
    import_meta: Option<Ident>,
    /// The first `await` / `for await` of the top level.
    first_top_level_await: Option<Span>,
    facts: LinkFacts,
    error: Option<BundleError>,
}

/// What linking learnt about a module.
#[derive(Default)]
pub(crate) struct LinkFacts {
    /// Its top level awaits.
    pub top_level_await: bool,
    /// The ids its import declarations load.
    pub static_imports: Vec<String>,
    /// It is an ES module with a default export (for an entry: a fetch handler edgeboxd can
    /// serve).
    pub default_export: bool,
}

impl Linker<'_> {
    fn fail(&mut self, error: BundleError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    fn unsupported(&mut self, span: Span, message: &str) {
        let location = locate(self.fm, self.display, span);
        self.fail(BundleError::Unsupported {
            location,
            message: message.to_string(),
        });
    }

    /// The module id for `specifier` written at `span`, or `None` after recording the error.
    fn link(&mut self, specifier: &str, span: Span, kind: Kind) -> Option<String> {
        if self.error.is_some() {
            return None;
        }
        let location = || locate(self.fm, self.display, span);
        if ENGINE_MODULES.contains(&specifier) {
            return Some(specifier.to_string());
        }
        let Some(dir) = self.dir else {
            // The Node layer requires its own modules, internal ones included.
            let name = specifier
                .strip_prefix("node:")
                .and_then(edgebox_node::provided);
            return match name {
                Some(name) => Some(self.graph.add_node_module(name)),
                None => {
                    self.fail(BundleError::Internal(format!(
                        "{}: requires '{specifier}', which is not a Node layer module",
                        self.display.display()
                    )));
                    None
                }
            };
        };
        match edgebox_node::lookup(specifier) {
            Some(Builtin::Provided(name)) => return Some(self.graph.add_node_module(name)),
            Some(Builtin::Unsupported) => {
                let name = specifier.strip_prefix("node:").unwrap_or(specifier);
                self.graph.warnings.push(Warning::UnsupportedBuiltin {
                    location: location(),
                    module: specifier.to_string(),
                });
                // An id no module has, so that the require throws (runtime.js).
                return Some(format!("{UNSUPPORTED_BUILTIN}{name}"));
            }
            None => {}
        }
        match self.graph.resolver.resolve(specifier, dir, kind) {
            Ok(path) if path.extension().is_some_and(|e| e == "node") => {
                self.unsupported(
                    span,
                    &format!(
                        "'{specifier}' is a native addon (.node), which cannot run in a sandbox"
                    ),
                );
                None
            }
            Ok(path) => Some(self.graph.add(path)),
            Err(ResolveError::NotFound { .. }) if kind == Kind::Require && self.try_depth > 0 => {
                // `try { require("optional") } catch {}`: Node only throws when it runs.
                self.graph.warnings.push(Warning::OptionalMissing {
                    location: location(),
                    module: specifier.to_string(),
                });
                Some(format!("{MISSING_MODULE}{specifier}"))
            }
            Err(ResolveError::NotFound { reason, looked }) => {
                let location = location();
                let looked = looked.iter().map(|p| self.graph.display(p)).collect();
                self.fail(BundleError::Unresolved {
                    location,
                    specifier: specifier.to_string(),
                    reason,
                    looked,
                });
                None
            }
            Err(ResolveError::Fatal(error)) => {
                self.fail(error);
                None
            }
        }
    }

    /// Rewrites the source string of an import declaration to the marked module id.
    fn link_import_source(&mut self, src: &mut Str) {
        let specifier = src.value.to_string_lossy().into_owned();
        if let Some(id) = self.link(&specifier, src.span, Kind::Import) {
            self.facts.static_imports.push(id.clone());
            *src = Str {
                span: src.span,
                value: format!("{IMPORT_MARK}{id}").into(),
                raw: None,
            };
        }
    }

    /// An app's code naming `word` (`process.stdin`, `{ stdin }`): the Node layer module that
    /// needs, if any (edgebox_node::NAMED_MODULES).
    fn use_word(&mut self, word: &str) {
        if self.dir.is_some() {
            if let Some(module) = edgebox_node::module_named_by(word) {
                self.graph.add_node_module(module);
            }
        }
    }

    /// What Node's `require.resolve("<literal>")` gives, when `n` is such a call that resolves:
    /// the absolute path of the file, or a built-in's name as written. (One that does not
    /// resolve is left to throw `MODULE_NOT_FOUND` at run time, runtime.js.)
    fn require_resolve(&mut self, n: &Expr) -> Option<String> {
        let Expr::Call(call) = n else { return None };
        let Callee::Expr(callee) = &call.callee else {
            return None;
        };
        let Expr::Member(MemberExpr {
            obj,
            prop: MemberProp::Ident(prop),
            ..
        }) = &**callee
        else {
            return None;
        };
        let is_require =
            matches!(&**obj, Expr::Ident(i) if i.sym == "require" && i.ctxt == self.require_ctxt);
        if !is_require || prop.sym != "resolve" {
            return None;
        }
        let specifier = literal_specifier(&call.args.first()?.expr)?;
        if edgebox_node::lookup(&specifier).is_some() {
            return Some(specifier);
        }
        let path = self
            .graph
            .resolver
            .resolve(&specifier, self.dir?, Kind::Require)
            .ok()?;
        Some(path.display().to_string())
    }

    fn top_level_await(&mut self, span: Span) {
        self.facts.top_level_await = true;
        self.first_top_level_await.get_or_insert(span);
    }

    fn in_function(&mut self, visit: impl FnOnce(&mut Self)) {
        // A function's body runs when it is called, not inside the `try` that defines it.
        let try_depth = std::mem::take(&mut self.try_depth);
        self.function_depth += 1;
        visit(self);
        self.function_depth -= 1;
        self.try_depth = try_depth;
    }
}

impl VisitMut for Linker<'_> {
    fn visit_mut_ident(&mut self, n: &mut Ident) {
        if n.ctxt == self.require_ctxt {
            if let Some(global) = edgebox_node::global_named(&n.sym) {
                self.graph.use_global(global);
            }
        }
        self.use_word(&n.sym);
    }

    fn visit_mut_ident_name(&mut self, n: &mut IdentName) {
        self.use_word(&n.sym);
    }

    fn visit_mut_member_expr(&mut self, n: &mut MemberExpr) {
        n.visit_mut_children_with(self);
        // `globalThis.setTimeout`, `global.Buffer`: a use of that global too.
        let on_global = matches!(&*n.obj, Expr::Ident(i) if i.ctxt == self.require_ctxt && (i.sym == "globalThis" || i.sym == "global"));
        if let (true, MemberProp::Ident(name)) = (on_global, &n.prop) {
            if let Some(global) = edgebox_node::global_named(&name.sym) {
                self.graph.use_global(global);
            }
        }
    }

    fn visit_mut_prop(&mut self, n: &mut Prop) {
        n.visit_mut_children_with(self);
        // `{ __filename }`: the value is the file's path, as for the plain identifier.
        if let Prop::Shorthand(ident) = n {
            let key = IdentName::new(ident.sym.clone(), ident.span);
            let mut value = Expr::Ident(ident.clone());
            self.visit_mut_expr(&mut value);
            if !matches!(value, Expr::Ident(_)) {
                *n = Prop::KeyValue(KeyValueProp {
                    key: PropName::Ident(key),
                    value: Box::new(value),
                });
            }
        }
    }

    fn visit_mut_import_decl(&mut self, n: &mut ImportDecl) {
        if !n.type_only {
            self.link_import_source(&mut n.src);
        }
    }

    fn visit_mut_named_export(&mut self, n: &mut NamedExport) {
        if let Some(src) = &mut n.src {
            self.link_import_source(src);
        }
        n.visit_mut_children_with(self);
    }

    fn visit_mut_export_all(&mut self, n: &mut ExportAll) {
        self.link_import_source(&mut n.src);
    }

    fn visit_mut_call_expr(&mut self, n: &mut CallExpr) {
        n.visit_mut_children_with(self);
        let kind = match &n.callee {
            Callee::Import(_) => Kind::Import,
            Callee::Expr(callee) if matches!(&**callee, Expr::Ident(i) if i.sym == "require" && i.ctxt == self.require_ctxt) => {
                Kind::Require
            }
            _ => return,
        };
        let Some(arg) = n.args.first_mut().filter(|a| a.spread.is_none()) else {
            return;
        };
        let Some(specifier) = literal_specifier(&arg.expr) else {
            return;
        };
        let span = arg.expr.span();
        if let Some(id) = self.link(&specifier, span, kind) {
            let value = match kind {
                Kind::Import => format!("{IMPORT_MARK}{id}"),
                Kind::Require => id,
            };
            *arg.expr = Expr::Lit(Lit::Str(Str {
                span,
                value: value.into(),
                raw: None,
            }));
        }
    }

    fn visit_mut_try_stmt(&mut self, n: &mut TryStmt) {
        self.try_depth += 1;
        n.block.visit_mut_with(self);
        self.try_depth -= 1;
        n.handler.visit_mut_with(self);
        n.finalizer.visit_mut_with(self);
    }

    fn visit_mut_function(&mut self, n: &mut Function) {
        self.in_function(|this| n.visit_mut_children_with(this));
    }

    fn visit_mut_arrow_expr(&mut self, n: &mut ArrowExpr) {
        self.in_function(|this| n.visit_mut_children_with(this));
    }

    fn visit_mut_constructor(&mut self, n: &mut Constructor) {
        self.in_function(|this| n.visit_mut_children_with(this));
    }

    fn visit_mut_getter_prop(&mut self, n: &mut GetterProp) {
        self.in_function(|this| n.visit_mut_children_with(this));
    }

    fn visit_mut_setter_prop(&mut self, n: &mut SetterProp) {
        self.in_function(|this| n.visit_mut_children_with(this));
    }

    fn visit_mut_await_expr(&mut self, n: &mut AwaitExpr) {
        if self.function_depth == 0 {
            self.top_level_await(n.span);
        }
        n.visit_mut_children_with(self);
    }

    fn visit_mut_using_decl(&mut self, n: &mut UsingDecl) {
        if n.is_await && self.function_depth == 0 {
            self.top_level_await(n.span);
        }
        n.visit_mut_children_with(self);
    }

    fn visit_mut_for_of_stmt(&mut self, n: &mut ForOfStmt) {
        if n.is_await && self.function_depth == 0 {
            self.top_level_await(n.span);
        }
        n.visit_mut_children_with(self);
    }

    fn visit_mut_expr(&mut self, n: &mut Expr) {
        n.visit_mut_children_with(self);
        let Some(file) = self.file else {
            return;
        };
        // What Node gives a module about its own file: its absolute path (so the bundle holds
        // absolute paths only where the app asks for them).
        let text = |value: String| {
            Expr::Lit(Lit::Str(Str {
                span: DUMMY_SP,
                value: value.into(),
                raw: None,
            }))
        };
        if let Some(resolved) = self.require_resolve(n) {
            *n = text(resolved);
            return;
        }
        let dir = file.parent().unwrap_or(file).display().to_string();
        match n {
            Expr::Ident(i) if i.ctxt == self.require_ctxt && i.sym == "__filename" => {
                *n = text(file.display().to_string());
            }
            Expr::Ident(i) if i.ctxt == self.require_ctxt && i.sym == "__dirname" => {
                *n = text(dir);
            }
            Expr::MetaProp(MetaPropExpr {
                kind: MetaPropKind::ImportMeta,
                ..
            }) => {
                // One object per module (link_program declares it).
                let meta = self
                    .import_meta
                    .get_or_insert_with(|| Ident::new_private("import_meta".into(), DUMMY_SP));
                *n = Expr::Ident(meta.clone());
            }
            _ => {}
        }
    }
}

/// `var <meta> = { url, filename, dirname };` for the module at `file`.
fn import_meta_declaration(meta: Ident, file: &Path) -> Stmt {
    let dir = file.parent().unwrap_or(file).display().to_string();
    let props = [
        ("url", file_url(file)),
        ("filename", file.display().to_string()),
        ("dirname", dir),
    ]
    .into_iter()
    .map(|(key, value)| {
        PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
            key: PropName::Ident(IdentName::new(key.into(), DUMMY_SP)),
            value: Box::new(Expr::Lit(Lit::Str(Str {
                span: DUMMY_SP,
                value: value.into(),
                raw: None,
            }))),
        })))
    })
    .collect();
    Stmt::Decl(Decl::Var(Box::new(VarDecl {
        kind: VarDeclKind::Var,
        decls: vec![VarDeclarator {
            span: DUMMY_SP,
            name: Pat::Ident(BindingIdent::from(meta)),
            init: Some(Box::new(Expr::Object(ObjectLit {
                span: DUMMY_SP,
                props,
            }))),
            definite: false,
        }],
        ..Default::default()
    })))
}

/// `file://` URL of an absolute path, percent-encoding what Node's `pathToFileURL` does.
pub(crate) fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.display().to_string().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' => {
                url.push(char::from(byte))
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':'
            | b'@' => url.push(char::from(byte)),
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_percent_encode_like_node() {
        assert_eq!(
            file_url(Path::new("/a b/c#d?e%f")),
            "file:///a%20b/c%23d%3Fe%25f"
        );
        assert_eq!(
            file_url(Path::new("/é~!$&'()*+,;=:@[]")),
            "file:///%C3%A9%7E!$&'()*+,;=:@%5B%5D"
        );
    }

    #[test]
    fn module_ids_are_relative_with_slashes() {
        let root = Path::new("/a/app");
        assert_eq!(module_id(Path::new("/a/app/src/x.js"), root), "src/x.js");
        assert_eq!(module_id(Path::new("/a/lib/y.js"), root), "../lib/y.js");
        assert_eq!(
            module_id(Path::new("/a/app/node_modules/p/i.js"), root),
            "node_modules/p/i.js"
        );
    }
}
