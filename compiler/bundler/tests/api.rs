//! The public API beyond the fixture apps: entry resolution, determinism, the source map.

use std::path::Path;

use edgebox_bundler::{bundle, bundle_with_root, resolve_entry, BundleError};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new("tests/fixtures").join(name)
}

#[test]
fn entry_from_package_json_main_without_extension() {
    let entry = resolve_entry(&fixture("cjs-app")).unwrap();
    assert_eq!(entry.root, fixture("cjs-app"));
    assert_eq!(entry.main, fixture("cjs-app").join("src/main.js"));
    assert_eq!(entry.name.as_deref(), Some("cjs-app"));
}

#[test]
fn entry_from_index_file_or_single_file() {
    let entry = resolve_entry(&fixture("esm-app")).unwrap();
    assert_eq!(entry.main, fixture("esm-app").join("index.mjs"));
    assert_eq!(entry.name, None);
    let file = fixture("cycle-cjs").join("a.js");
    let entry = resolve_entry(&file).unwrap();
    assert_eq!((entry.root, entry.main), (fixture("cycle-cjs"), file));
}

#[test]
fn entry_errors_name_the_path_and_what_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let error = resolve_entry(&missing).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!("{}: ", missing.display())),
        "{error}"
    );
    assert!(
        error.contains("expected a .js/.mjs/.cjs file or an app directory"),
        "{error}"
    );

    let error = resolve_entry(dir.path()).unwrap_err().to_string();
    assert!(
        error.contains("no package.json and no index.js or index.mjs"),
        "{error}"
    );

    std::fs::write(dir.path().join("package.json"), r#"{"main": "lib/app.js"}"#).unwrap();
    let error = resolve_entry(dir.path()).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!(
            "{}: `main` is 'lib/app.js'",
            dir.path().join("package.json").display()
        )),
        "{error}"
    );

    std::fs::write(dir.path().join("package.json"), "{\"main\": \n}").unwrap();
    match resolve_entry(dir.path()) {
        Err(BundleError::PackageJson { path, message }) => {
            assert_eq!(path, dir.path().join("package.json"));
            assert!(message.contains("line 2"), "{message}");
        }
        other => panic!("expected a package.json error, got {other:?}"),
    }
}

#[test]
fn output_is_deterministic_and_has_no_absolute_paths() {
    let entry = fixture("cjs-app").join("src/main.js");
    let first = bundle_with_root(&entry, &fixture("cjs-app")).unwrap();
    let second = bundle_with_root(&entry, &fixture("cjs-app")).unwrap();
    assert_eq!(first, second);
    let absolute_root = fixture("cjs-app").canonicalize().unwrap();
    let absolute = bundle_with_root(&absolute_root.join("src/main.js"), &absolute_root).unwrap();
    assert_eq!(first.code, absolute.code);
    assert_eq!(first.source_map, absolute.source_map);
    let root_text = absolute_root.to_string_lossy();
    assert!(!first.code.contains(&*root_text));
    assert!(!first.source_map.unwrap().contains(&*root_text));
}

#[test]
fn bundle_uses_the_entry_folder_as_root() {
    let bundle = bundle(&fixture("cycle-esm").join("index.mjs")).unwrap();
    assert!(bundle.code.contains("__edgebox_run(\"index.mjs\")"));
    assert_eq!(bundle.modules.len(), 3);
}

#[test]
fn source_map_names_sources_by_module_id() {
    let bundle = bundle(&fixture("esm-app").join("index.mjs")).unwrap();
    let map: serde_json::Value = serde_json::from_str(&bundle.source_map.unwrap()).unwrap();
    assert_eq!(map["version"], 3);
    let sources: Vec<&str> = map["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for id in ["index.mjs", "lib/greet.mjs", "lib/counter.mjs"] {
        assert!(sources.contains(&id), "{id} not in {sources:?}");
    }
    assert!(map["mappings"].as_str().unwrap().len() > 100);
}

#[test]
fn a_module_is_included_once() {
    let bundle = bundle(&fixture("cjs-app").join("src/main.js")).unwrap();
    let mut modules = bundle.modules.clone();
    modules.sort();
    modules.dedup();
    assert_eq!(modules.len(), bundle.modules.len());
    assert_eq!(bundle.code.matches("\"math.js\": function").count(), 1);
    // The root is src/ here: files outside it get `../` ids.
    assert!(bundle
        .code
        .contains("\"../node_modules/tiny-pkg/lib/tiny.js\": function"));
}

/// Bundles one file written to a temporary folder; the error message, if it fails.
fn bundle_source(file_name: &str, source: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(file_name);
    std::fs::write(&file, source).unwrap();
    bundle(&file).map(|b| b.code).map_err(|e| {
        e.to_string()
            .replace(&dir.path().display().to_string(), "DIR")
    })
}

#[test]
fn strict_mode_errors_in_es_modules() {
    let error = bundle_source("octal.js", "export const x = 1;\nconst y = 077;\n").unwrap_err();
    assert!(error.starts_with("DIR/octal.js:2:11: "), "{error}");
    let error = bundle_source("with.mjs", "with (Math) { max(1, 2); }\n").unwrap_err();
    assert!(error.starts_with("DIR/with.mjs:1:1: "), "{error}");
    // The same code is fine as a sloppy-mode CommonJS file.
    bundle_source("with.cjs", "with (Math) { max(1, 2); }\nconst y = 077;\n").unwrap();
}

#[test]
fn await_inside_functions_is_not_top_level() {
    let code = bundle_source(
        "ok.mjs",
        "export const f = async () => { await 1; };\nasync function g() { for await (const x of []) {} }\nclass C { async m() { await 2; } }\n",
    )
    .unwrap();
    assert!(code.contains("await 1"));
    assert!(
        !code.contains("async function(module"),
        "no async module:\n{code}"
    );
    let code = bundle_source("loop.mjs", "for await (const x of []) {}\n").unwrap();
    assert!(code.contains("async function(module"), "{code}");
    let error = bundle_source("loop.cjs", "for await (const x of []) {}\n").unwrap_err();
    assert!(error.starts_with("DIR/loop.cjs:1:"), "{error}");
}

#[test]
fn quickjs_engine_modules_are_left_to_the_guest() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.mjs");
    std::fs::write(
        &main,
        "import * as std from 'qjs:std';\nimport { sleep } from 'qjs:os';\nconsole.log(typeof std.open, typeof sleep);\n",
    )
    .unwrap();
    let bundle = bundle(&main).unwrap();
    assert_eq!(bundle.modules.len(), 1, "engine modules are not files");
    assert!(
        bundle.code.contains("__edgebox_import(\"qjs:std\")"),
        "{}",
        bundle.code
    );
    assert!(
        bundle.code.contains("__edgebox_import(\"qjs:os\")"),
        "{}",
        bundle.code
    );
    assert!(
        bundle.code.contains("__edgebox_builtin(id)"),
        "the runtime asks the guest"
    );
}

#[test]
fn the_apps_lines_come_before_the_node_layer() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.js");
    std::fs::write(
        &main,
        "const path = require('path');\nfunction appOwn() { return path.sep; }\nconsole.log(appOwn());\n",
    )
    .unwrap();
    let bundle = bundle(&main).unwrap();
    let lines: Vec<&str> = bundle.code.lines().collect();
    let app_lines = bundle.app_lines as usize;
    let app = lines[..app_lines].join("\n");
    let rest = lines[app_lines..].join("\n");
    assert!(app.contains("function appOwn()"), "{app}");
    for header in [
        "\"node:path\": function",
        "\"node:internal/loop\": function",
        "\"node:console\": function",
    ] {
        assert!(
            rest.contains(header) && !app.contains(header),
            "{header} in:\n{app}"
        );
    }
    assert_eq!(
        bundle.node_modules.iter().filter(|n| **n == "path").count(),
        1
    );
}

#[test]
fn using_declarations_are_bundled_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.js");
    std::fs::write(
        &main,
        "{\n  using res = { [Symbol.dispose]() { console.log('disposed'); } };\n  console.log('in block');\n}\n",
    )
    .unwrap();
    let bundle = bundle(&main).unwrap();
    assert!(bundle.code.contains("using res = {"), "{}", bundle.code);
}

#[test]
fn an_app_that_uses_nothing_of_node_gets_only_the_event_loop() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.js");
    std::fs::write(
        &main,
        "let total = 0;\nfor (let i = 0; i < 10; i++) total += i;\n",
    )
    .unwrap();
    let bundle = bundle(&main).unwrap();
    assert!(
        bundle
            .node_modules
            .iter()
            .all(|name| name.starts_with("internal/")),
        "{:?}",
        bundle.node_modules
    );
}

#[test]
fn original_positions_map_bundle_bytes_to_the_files_utf16_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.js"),
        "// first line\nfunction f(x) {\n  return \"☃😀\" + x;\n}\nmodule.exports = f;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("package.json"), r#"{"main": "index.js"}"#).unwrap();
    let entry = dir.path().join("index.js");
    let bundle = bundle(&entry).unwrap();
    let positions = bundle.original_positions().unwrap();
    let (line, text) = bundle
        .code
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"☃😀\" + x"))
        .unwrap();
    // `x` is byte 22 of the original line but UTF-16 unit 18 (the string's two characters take
    // 3 + 4 bytes, 1 + 2 units).
    let byte_column = text.find("+ x").unwrap() as u32 + 3;
    let found = positions.lookup(line as u32 + 1, byte_column).unwrap();
    let file = entry.canonicalize().unwrap().display().to_string();
    assert_eq!((found.file, found.line, found.column), (&*file, 3, 18));
    // The bundle's own first line is none of the app's.
    assert_eq!(positions.lookup(1, 1), None);
}
