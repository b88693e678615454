//! Finds the pinned `rquickjs-sys`, `wamrx-sys` and `libz-sys` packages through `cargo metadata`
//! (which works offline once they are fetched) and hands their source folders and our patch files
//! to the crate.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const QUICKJS_PACKAGE: (&str, &str) = ("rquickjs-sys", "0.14.0");
const WAMR_PACKAGE: (&str, &str) = ("wamrx-sys", "0.3.0");
const ZLIB_PACKAGE: (&str, &str) = ("libz-sys", "1.1.33");

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let metadata = cargo_metadata(&manifest_dir);

    let quickjs = package_dir(&metadata, QUICKJS_PACKAGE).join("quickjs");
    let wamr = package_dir(&metadata, WAMR_PACKAGE).join("wasm-micro-runtime");
    let zlib = package_dir(&metadata, ZLIB_PACKAGE).join("src/zlib");
    require(&quickjs.join("quickjs-opcode.h"));
    require(&wamr.join("core/iwasm/include/wasm_export.h"));
    require(&zlib.join("zlib.h"));

    println!("cargo:rustc-env=EDGEBOX_QUICKJS_DIR={}", quickjs.display());
    println!("cargo:rustc-env=EDGEBOX_WAMR_DIR={}", wamr.display());
    println!("cargo:rustc-env=EDGEBOX_ZLIB_DIR={}", zlib.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.toml");

    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("patches.rs");
    fs::write(out, embed_patches(&manifest_dir.join("patches"))).unwrap();
}

fn cargo_metadata(manifest_dir: &Path) -> serde_json::Value {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest_dir.join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("edgebox-vendor: cannot run `cargo metadata`: {e}"));
    if !output.status.success() {
        panic!(
            "edgebox-vendor: `cargo metadata` failed (run `cargo fetch` once while online):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

fn package_dir(metadata: &serde_json::Value, (name, version): (&str, &str)) -> PathBuf {
    let packages = metadata["packages"].as_array().expect("packages array");
    let package = packages
        .iter()
        .find(|p| p["name"] == name && p["version"] == version)
        .unwrap_or_else(|| panic!("edgebox-vendor: package {name} {version} is not in Cargo.lock"));
    let manifest = PathBuf::from(package["manifest_path"].as_str().expect("manifest_path"));
    manifest
        .parent()
        .expect("manifest has a folder")
        .to_path_buf()
}

fn require(path: &Path) {
    if !path.exists() {
        panic!(
            "edgebox-vendor: expected {} in the registry package",
            path.display()
        );
    }
}

/// Generates `PATCHES: &[(&str, &str, &str)]` = (component, file name, patch text), sorted.
fn embed_patches(dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries = Vec::new();
    for component in ["quickjs", "wamr", "zlib"] {
        let sub = dir.join(component);
        println!("cargo:rerun-if-changed={}", sub.display());
        let Ok(read) = fs::read_dir(&sub) else {
            continue;
        };
        for entry in read {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "patch") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                entries.push((component, name, path));
            }
        }
    }
    entries.sort();
    let mut code = String::from("/// Our patches: (component, file name, unified diff).\npub(crate) const PATCHES: &[(&str, &str, &str)] = &[\n");
    for (component, name, path) in entries {
        writeln!(
            code,
            "    ({component:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    code
}
