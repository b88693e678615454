//! Turning the module graph into one script: ES modules converted to CommonJS with swc's
//! `common_js` pass, every module wrapped in a `function (module, exports, require)` registered
//! under its id, the runtime registry (runtime.js) appended, the entry required; printed with
//! swc's code generator together with a source map.

use std::collections::{BTreeMap, HashMap, HashSet};

use swc_core::common::source_map::SourceMapGenConfig;
use swc_core::common::sync::Lrc;
use swc_core::common::{FileName, Mark, SourceFile, SourceMap, SyntaxContext, DUMMY_SP};
use swc_core::ecma::ast::{
    ArrayLit, ArrowExpr, AwaitExpr, BindingIdent, CallExpr, Callee, EsVersion, Expr, ExprOrSpread,
    FnExpr, Function, FunctionBody, Ident, IdentName, KeyValueProp, Lit, MemberExpr, MemberProp,
    ModuleItem, ObjectLit, Param, ParenExpr, Pat, Program, Prop, PropName, PropOrSpread,
    ReturnStmt, Script, Stmt, Str, VarDecl, VarDeclKind, VarDeclarator,
};
use swc_core::ecma::codegen::text_writer::JsWriter;
use swc_core::ecma::codegen::{Config as CodegenConfig, Emitter};
use swc_core::ecma::parser::{EsSyntax, Syntax};
use swc_core::ecma::transforms::base::fixer::fixer;
use swc_core::ecma::transforms::base::helpers::{Helpers, HELPERS};
use swc_core::ecma::transforms::base::hygiene::hygiene;
use swc_core::ecma::transforms::module::common_js::{common_js, FeatureFlag};
use swc_core::ecma::transforms::module::path::Resolver as SpecifierRewriter;
use swc_core::ecma::transforms::module::util::{Config as CommonJsConfig, ImportInterop};
use swc_core::ecma::utils::{ExprFactory, FunctionFactory};
use swc_core::ecma::visit::{VisitMut, VisitMutWith};

use crate::error::BundleError;
use crate::graph::{Format, Graph, Origin, Source, IMPORT_MARK};
use crate::Bundle;

/// The module registry, placed inside the bundle's outer function.
const RUNTIME: &str = include_str!("runtime.js");

/// The runtime's name in the source map (and so in stack traces).
const RUNTIME_ID: &str = "node:internal/edgebox/bundle";

/// Emits the bundle of a loaded graph whose first module is the entry.
pub(crate) fn emit(graph: Graph) -> Result<Bundle, BundleError> {
    let formats = graph.formats();
    let async_modules = graph.async_modules();
    let Graph {
        cm,
        modules,
        globals,
        warnings,
        ..
    } = graph;
    let entry_id = modules
        .first()
        .map(|m| m.id.clone())
        .ok_or_else(|| BundleError::Internal("empty module graph".to_string()))?;
    // The app's modules first, then the Node layer's: the lines of the app's code come first,
    // and the build freezes only those (Bundle::app_lines).
    let (mut modules, node_layer): (Vec<_>, Vec<_>) = modules
        .into_iter()
        .partition(|m| matches!(m.origin, Origin::File(_)));
    modules.extend(node_layer);
    let mut definitions = Vec::with_capacity(modules.len());
    let mut paths = Vec::with_capacity(modules.len());
    let mut trace_names = BTreeMap::new();
    let mut node_modules = Vec::new();
    for module in modules {
        let source = module
            .source
            .ok_or_else(|| BundleError::Internal(format!("module {} was not loaded", module.id)))?;
        let is_async = async_modules.contains(&module.id);
        let body = match source {
            Source::Esm {
                module,
                unresolved_mark,
            } => esm_body(module, unresolved_mark, &formats, &async_modules)?,
            Source::Cjs {
                mut script,
                unresolved_mark,
            } => {
                let mut links = Links::new(&formats, &async_modules, unresolved_mark, None);
                script.visit_mut_with(&mut links);
                links.finish()?;
                script.body
            }
            Source::Json(fm) => json_body(&fm),
        };
        let body = evaluate_imports(body, &module.static_imports, &async_modules);
        definitions.push(PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
            key: PropName::Str(string(&module.id)),
            value: Box::new(Expr::Fn(FnExpr {
                ident: None,
                function: Box::new(Function {
                    is_async,
                    ..function(&["module", "exports", "require"], body)
                }),
            })),
        }))));
        match module.origin {
            Origin::File(path) => {
                // Node names an ES module by its file: URL, a CommonJS file by its path.
                let name = match formats.get(&module.id) {
                    Some(Format::Esm) => crate::graph::file_url(&path),
                    _ => path.display().to_string(),
                };
                trace_names.insert(module.id, name);
                paths.push(path);
            }
            Origin::Node(name) => node_modules.push(name),
        }
    }
    node_modules.sort_unstable();

    let mut outer = vec![Stmt::Decl(
        VarDecl {
            kind: VarDeclKind::Var,
            decls: vec![VarDeclarator {
                span: DUMMY_SP,
                name: Pat::Ident(BindingIdent::from(ident("__edgebox_defs"))),
                init: Some(Box::new(Expr::Object(ObjectLit {
                    span: DUMMY_SP,
                    props: definitions,
                }))),
                definite: false,
            }],
            ..Default::default()
        }
        .into(),
    )];
    outer.extend(runtime(&cm)?);
    // Node's globals that the modules refer to, each defined when first read.
    for name in globals {
        let global = edgebox_node::global_named(name)
            .ok_or_else(|| BundleError::Internal(format!("unknown Node global {name}")))?;
        let mut args = vec![
            Expr::Lit(Lit::Str(string(global.name))).as_arg(),
            Expr::Lit(Lit::Str(string(&format!("node:{}", global.module)))).as_arg(),
        ];
        if let Some(export) = global.export {
            args.push(Expr::Lit(Lit::Str(string(export))).as_arg());
        }
        outer.push(
            ident("__edgebox_global")
                .as_call(DUMMY_SP, args)
                .into_stmt(),
        );
    }
    // The Node layer's modules that load ahead of the app, then the program's value: the
    // function that runs the app (the guest evaluates the program in edgebox_init, at build
    // time under a snapshot, and calls it when the module runs).
    let preload: Vec<Option<ExprOrSpread>> = edgebox_node::PRELOAD
        .iter()
        .filter(|name| node_modules.contains(name))
        .map(|name| Some(Expr::Lit(Lit::Str(string(&format!("node:{name}")))).as_arg()))
        .collect();
    outer.push(
        ident("__edgebox_preload")
            .as_call(
                DUMMY_SP,
                vec![Expr::Array(ArrayLit {
                    span: DUMMY_SP,
                    elems: preload,
                })
                .as_arg()],
            )
            .into_stmt(),
    );
    let run = call(ident("__edgebox_run"), string(&entry_id));
    outer.push(Stmt::Return(ReturnStmt {
        span: DUMMY_SP,
        arg: Some(Box::new(Expr::Fn(FnExpr {
            ident: None,
            function: Box::new(function(
                &[],
                vec![Stmt::Return(ReturnStmt {
                    span: DUMMY_SP,
                    arg: Some(Box::new(run)),
                })],
            )),
        }))),
    }));
    let iife = CallExpr {
        callee: Callee::Expr(Box::new(Expr::Paren(ParenExpr {
            span: DUMMY_SP,
            expr: Box::new(Expr::Fn(FnExpr {
                ident: None,
                function: Box::new(function(&[], outer)),
            })),
        }))),
        ..Default::default()
    };
    let script = Script {
        span: DUMMY_SP,
        body: vec![iife.into_stmt()],
        shebang: None,
    };
    let (code, source_map, app_lines) = print(&cm, &script)?;
    // The text of each of the app's JavaScript files, first as read (a file that swc could
    // parse only once rewritten is in the map twice).
    let mut sources = BTreeMap::new();
    for file in cm.files().iter() {
        let FileName::Custom(id) = &*file.name else {
            continue;
        };
        let Some(name) = trace_names.get(id) else {
            continue;
        };
        if !matches!(formats.get(id), Some(Format::Json)) && !sources.contains_key(name) {
            sources.insert(name.clone(), file.src.to_string());
        }
    }
    Ok(Bundle {
        code,
        app_lines,
        modules: paths,
        trace_names,
        sources,
        node_modules,
        warnings,
        source_map: Some(source_map),
    })
}

/// An ES module converted to the statements of a CommonJS function body.
fn esm_body(
    module: swc_core::ecma::ast::Module,
    unresolved_mark: Mark,
    formats: &HashMap<String, Format>,
    async_modules: &HashSet<String>,
) -> Result<Vec<Stmt>, BundleError> {
    let mut program = Program::Module(module);
    let config = CommonJsConfig {
        // Interop is decided per target module: ES modules are required as they are, CommonJS
        // and JSON ones through `__edgebox_import` (Node's semantics), so swc adds no helpers.
        import_interop: Some(ImportInterop::None),
        ..Default::default()
    };
    let unresolved = SyntaxContext::empty().apply_mark(unresolved_mark);
    HELPERS.set(&Helpers::new(true), || {
        program.mutate(common_js(
            SpecifierRewriter::Default,
            unresolved_mark,
            config,
            FeatureFlag {
                support_block_scoping: true,
                support_arrow: true,
            },
        ));
        let helper_mark = HELPERS.with(|helpers| helpers.mark());
        let mut links = Links::new(formats, async_modules, unresolved_mark, Some(helper_mark));
        program.visit_mut_with(&mut links);
        links.finish()
    })?;
    let Program::Module(mut module) = program else {
        return Err(BundleError::Internal(
            "common_js turned a module into a script".to_string(),
        ));
    };
    // Mark the exports as those of an ES module (for transpiled CommonJS that requires it), after
    // the directive prologue so that "use strict" stays in effect.
    let prologue = module
        .body
        .iter()
        .take_while(|item| {
            matches!(item, ModuleItem::Stmt(Stmt::Expr(e)) if matches!(&*e.expr, Expr::Lit(Lit::Str(_))))
        })
        .count();
    module
        .body
        .insert(prologue, define_es_module(unresolved).into());
    // The wrapper's parameters and the runtime's functions are in scope of the module's code: a
    // top-level declaration of the same name would clash with (or hide) them. Referring to them
    // all from a statement that hygiene sees makes it rename such declarations; the statement
    // goes once hygiene is done.
    let reserved = WRAPPER_NAMES
        .iter()
        .map(|name| Some(Ident::new((*name).into(), DUMMY_SP, unresolved).as_arg()))
        .collect();
    module.body.push(
        Expr::Array(ArrayLit {
            span: DUMMY_SP,
            elems: reserved,
        })
        .into_stmt()
        .into(),
    );
    let mut program = Program::Module(module);
    program.mutate(hygiene());
    program.mutate(fixer(None));
    let Program::Module(mut module) = program else {
        return Err(BundleError::Internal(
            "hygiene turned a module into a script".to_string(),
        ));
    };
    module.body.pop();
    module
        .body
        .into_iter()
        .map(|item| match item {
            ModuleItem::Stmt(stmt) => Ok(stmt),
            ModuleItem::ModuleDecl(decl) => Err(BundleError::Internal(format!(
                "common_js left a module declaration: {decl:?}"
            ))),
        })
        .collect()
}

/// Names every module function sees besides its own: the wrapper's parameters and the runtime's
/// functions that converted ES modules call.
const WRAPPER_NAMES: &[&str] = &[
    "module",
    "exports",
    "require",
    "__edgebox_import",
    "__edgebox_import_async",
    "__edgebox_import_all",
    "__edgebox_export_star",
];

/// Starts the body of a module that imports an async module with
/// `await __edgebox_import_all([<its static imports, in order>]);`: as in Node, the imports are
/// evaluated in order, a synchronous one at its turn, an async one started, and the module's own
/// code runs once all are done (its import statements then find them evaluated).
fn evaluate_imports(
    mut body: Vec<Stmt>,
    static_imports: &[String],
    async_modules: &HashSet<String>,
) -> Vec<Stmt> {
    if !static_imports.iter().any(|id| async_modules.contains(id)) {
        return body;
    }
    let mut seen = HashSet::new();
    let ids = static_imports
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| Some(Expr::Lit(Lit::Str(string(id))).as_arg()))
        .collect();
    let evaluate = ident("__edgebox_import_all").as_call(
        DUMMY_SP,
        vec![Expr::Array(ArrayLit {
            span: DUMMY_SP,
            elems: ids,
        })
        .as_arg()],
    );
    let prologue = body
        .iter()
        .take_while(
            |stmt| matches!(stmt, Stmt::Expr(e) if matches!(&*e.expr, Expr::Lit(Lit::Str(_)))),
        )
        .count();
    body.insert(
        prologue,
        Expr::Await(AwaitExpr {
            span: DUMMY_SP,
            arg: Box::new(evaluate),
        })
        .into_stmt(),
    );
    body
}

/// `Object.defineProperty(exports, "__esModule", { value: true });`
fn define_es_module(unresolved: SyntaxContext) -> Stmt {
    let descriptor = Expr::Object(ObjectLit {
        span: DUMMY_SP,
        props: vec![PropOrSpread::Prop(Box::new(Prop::KeyValue(KeyValueProp {
            key: PropName::Ident(IdentName::new("value".into(), DUMMY_SP)),
            value: true.into(),
        })))],
    });
    member(ident("Object"), "defineProperty")
        .as_call(
            DUMMY_SP,
            vec![
                Ident::new("exports".into(), DUMMY_SP, unresolved).as_arg(),
                Expr::Lit(Lit::Str(string("__esModule"))).as_arg(),
                descriptor.as_arg(),
            ],
        )
        .into_stmt()
}

/// `module.exports = JSON.parse("<text>");`, mapped to the JSON file.
fn json_body(fm: &SourceFile) -> Vec<Stmt> {
    let span = swc_core::common::Span::new(fm.start_pos, fm.start_pos);
    let parsed = member(ident("JSON"), "parse").as_call(
        span,
        vec![Expr::Lit(Lit::Str(string(fm.src.trim()))).as_arg()],
    );
    let target = MemberExpr {
        span: DUMMY_SP,
        obj: Box::new(ident("module").into()),
        prop: MemberProp::Ident(IdentName::new("exports".into(), DUMMY_SP)),
    };
    vec![parsed
        .make_assign_to(swc_core::ecma::ast::AssignOp::Assign, target.into())
        .into_stmt()]
}

/// Links a module's `require` calls to the bundle's runtime, after specifiers became ids:
/// import-generated `require("\0id")` of a CommonJS/JSON module becomes `__edgebox_import("id")`,
/// of an async module `__edgebox_import_async("id")` (awaited at the top level: a static import),
/// swc's `_export_star` helper becomes the runtime's, and in CommonJS files `import("id")`
/// becomes a promise of the module's namespace.
struct Links<'a> {
    formats: &'a HashMap<String, Format>,
    async_modules: &'a HashSet<String>,
    unresolved: SyntaxContext,
    helpers: Option<SyntaxContext>,
    /// How many functions enclose the current node (0: the module's top level).
    function_depth: usize,
    error: Option<BundleError>,
}

impl<'a> Links<'a> {
    fn new(
        formats: &'a HashMap<String, Format>,
        async_modules: &'a HashSet<String>,
        unresolved_mark: Mark,
        helper_mark: Option<Mark>,
    ) -> Self {
        Links {
            formats,
            async_modules,
            unresolved: SyntaxContext::empty().apply_mark(unresolved_mark),
            helpers: helper_mark.map(|m| SyntaxContext::empty().apply_mark(m)),
            function_depth: 0,
            error: None,
        }
    }

    fn finish(self) -> Result<(), BundleError> {
        self.error.map_or(Ok(()), Err)
    }

    /// The runtime function that loads `id` for an import: the exports of an ES module (for an
    /// `import()` of an async one, a promise of them; a static import finds it evaluated, see
    /// [`evaluate_imports`]), the namespace of any other.
    fn import_loader(&self, id: &str, dynamic: bool) -> &'static str {
        match self.formats.get(id) {
            Some(Format::Esm) if dynamic && self.async_modules.contains(id) => {
                "__edgebox_import_async"
            }
            Some(Format::Esm) => "require",
            _ => "__edgebox_import",
        }
    }

    fn free_ident(&self, name: &str) -> Ident {
        Ident::new(name.into(), DUMMY_SP, self.unresolved)
    }
}

impl VisitMut for Links<'_> {
    fn visit_mut_function(&mut self, n: &mut Function) {
        self.function_depth += 1;
        n.visit_mut_children_with(self);
        self.function_depth -= 1;
    }

    fn visit_mut_arrow_expr(&mut self, n: &mut ArrowExpr) {
        self.function_depth += 1;
        n.visit_mut_children_with(self);
        self.function_depth -= 1;
    }

    fn visit_mut_call_expr(&mut self, n: &mut CallExpr) {
        n.visit_mut_children_with(self);
        let marked_id = |n: &CallExpr| match n.args.first() {
            Some(ExprOrSpread { spread: None, expr }) => match &**expr {
                Expr::Lit(Lit::Str(s)) => s
                    .value
                    .as_str()
                    .and_then(|v| v.strip_prefix(IMPORT_MARK))
                    .map(str::to_string),
                _ => None,
            },
            _ => None,
        };
        match &n.callee {
            Callee::Expr(callee) if matches!(&**callee, Expr::Ident(i) if i.sym == "require" && i.ctxt == self.unresolved) => {
                if let Some(id) = marked_id(n) {
                    let loader = self.import_loader(&id, self.function_depth > 0);
                    n.callee = Callee::Expr(Box::new(self.free_ident(loader).into()));
                    n.args[0] = Expr::Lit(Lit::Str(string(&id))).as_arg();
                }
            }
            Callee::Import(_) if self.helpers.is_none() => {
                // `import()` in a CommonJS file (ES modules had theirs lowered by common_js).
                let promise = member(ident("Promise"), "resolve");
                let (resolved, callback) = match marked_id(n) {
                    Some(id) => {
                        let load =
                            call(self.free_ident(self.import_loader(&id, true)), string(&id));
                        (vec![], load.into_lazy_fn(vec![]))
                    }
                    None => {
                        let specifier = Ident::new_private("specifier".into(), DUMMY_SP);
                        let load = self
                            .free_ident("require")
                            .as_call(DUMMY_SP, vec![specifier.clone().as_arg()]);
                        let param = Param::from(Pat::Ident(specifier.into()));
                        (n.args.clone(), load.into_lazy_fn(vec![param]))
                    }
                };
                *n = CallExpr {
                    span: n.span,
                    callee: member(promise.as_call(DUMMY_SP, resolved), "then").as_callee(),
                    args: vec![callback.into_fn_expr(None).as_arg()],
                    ..Default::default()
                };
            }
            _ => {}
        }
    }

    fn visit_mut_ident(&mut self, n: &mut Ident) {
        if Some(n.ctxt) != self.helpers {
            return;
        }
        if n.sym == "_export_star" {
            *n = self.free_ident("__edgebox_export_star");
        } else if self.error.is_none() {
            self.error = Some(BundleError::Internal(format!(
                "swc's common_js used the helper {} that the bundle runtime lacks",
                n.sym
            )));
        }
    }
}

/// The runtime's statements, parsed into the graph's source map under [`RUNTIME_ID`] so that
/// its frames in a stack trace name it, as Node's name its module loader.
fn runtime(cm: &Lrc<SourceMap>) -> Result<Vec<Stmt>, BundleError> {
    let fm = cm.new_source_file(Lrc::new(FileName::Custom(RUNTIME_ID.to_string())), RUNTIME);
    let script = swc_core::ecma::parser::parse_file_as_script(
        &fm,
        Syntax::Es(EsSyntax::default()),
        EsVersion::Es2022,
        None,
        &mut Vec::new(),
    )
    .map_err(|e| BundleError::Internal(format!("runtime.js does not parse: {:?}", e.kind())))?;
    Ok(script.body)
}

/// Prints the bundle and its source map (sources named by module id), and says how many lines
/// come before the first line of a Node layer module.
fn print(cm: &Lrc<SourceMap>, script: &Script) -> Result<(String, String, u32), BundleError> {
    let mut code = Vec::new();
    let mut mappings = Vec::new();
    {
        let mut emitter = Emitter {
            cfg: CodegenConfig::default().with_target(EsVersion::Es2022),
            cm: cm.clone(),
            comments: None,
            wr: JsWriter::new(cm.clone(), "\n", &mut code, Some(&mut mappings)),
        };
        emitter
            .emit_script(script)
            .map_err(|e| BundleError::Internal(format!("code generation failed: {e}")))?;
    }
    let code = String::from_utf8(code)
        .map_err(|e| BundleError::Internal(format!("generated code is not UTF-8: {e}")))?;
    let first_node_line = mappings
        .iter()
        .filter(|(pos, _)| !pos.is_dummy())
        .filter(|(pos, _)| {
            matches!(&*cm.lookup_source_file(*pos).name, FileName::Custom(id) if id.starts_with("node:"))
        })
        .map(|(_, at)| at.line)
        .min();
    // The first Node layer module's wrapper (`"node:x": function (...) {`) is the line before its
    // first mapped token.
    let app_lines = first_node_line.map_or_else(
        || code.lines().count() as u32,
        |line| line.saturating_sub(1),
    );
    let mut map = Vec::new();
    cm.build_source_map(&mappings, None, ModuleIdSources)
        .to_writer(&mut map)
        .map_err(|e| BundleError::Internal(format!("source map serialization failed: {e}")))?;
    let map = String::from_utf8(map)
        .map_err(|e| BundleError::Internal(format!("source map is not UTF-8: {e}")))?;
    Ok((code, map, app_lines))
}

/// Names each source of the source map by its module id (relative path, no absolute paths).
struct ModuleIdSources;

impl SourceMapGenConfig for ModuleIdSources {
    fn file_name_to_source(&self, f: &FileName) -> String {
        match f {
            FileName::Custom(id) => id.clone(),
            other => other.to_string(),
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new_no_ctxt(name.into(), DUMMY_SP)
}

fn string(value: &str) -> Str {
    Str {
        span: DUMMY_SP,
        value: value.into(),
        raw: None,
    }
}

fn member(object: impl Into<Box<Expr>>, property: &str) -> MemberExpr {
    MemberExpr {
        span: DUMMY_SP,
        obj: object.into(),
        prop: MemberProp::Ident(IdentName::new(property.into(), DUMMY_SP)),
    }
}

fn call(callee: Ident, argument: Str) -> Expr {
    callee.as_call(DUMMY_SP, vec![Expr::Lit(Lit::Str(argument)).as_arg()])
}

fn function(params: &[&str], stmts: Vec<Stmt>) -> Function {
    Function {
        params: params
            .iter()
            .map(|p| Param::from(Pat::Ident(BindingIdent::from(ident(p)))))
            .collect(),
        body: Some(FunctionBody {
            span: DUMMY_SP,
            stmts,
        }),
        ..Default::default()
    }
}
