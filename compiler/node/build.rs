//! Embeds every file under lib/ (the Node layer's modules): writes `modules.rs`, a sorted table
//! of (module name, source) where the name is the path under lib/ without `.js`.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

fn main() {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("lib");
    println!("cargo:rerun-if-changed={}", lib.display());
    let mut files = Vec::new();
    collect(&lib, &mut files);
    let mut table = String::from("/// Every module of lib/: (name, source), sorted by name.\npub(crate) const SOURCES: &[(&str, &str)] = &[\n");
    let mut rows: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&lib)
                .expect("under lib/")
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            println!("cargo:rerun-if-changed={}", path.display());
            (name, path)
        })
        .collect();
    rows.sort();
    for (name, path) in rows {
        table.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("modules.rs");
    std::fs::write(&out, table).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}
