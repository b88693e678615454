//! Generates the opcode table from the pinned QuickJS-NG `quickjs-opcode.h`.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let header = edgebox_vendor::opcode_header();
    println!("cargo:rerun-if-changed={}", header.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(&header)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", header.display()));
    let file = header.display().to_string();
    let spec = edgebox_opcode_spec::parse(&file, &text).unwrap_or_else(|e| panic!("{e}"));
    let source = format!(
        "quickjs-opcode.h of QuickJS-NG {}",
        edgebox_vendor::Component::QuickJs.version()
    );
    let code =
        edgebox_opcode_spec::render_rust(&spec, &source, &file).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("opcodes.rs");
    fs::write(out, code).unwrap();
}
