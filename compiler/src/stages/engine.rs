//! Stage `engine`: the engine module — QuickJS-NG, wasi-libc and our glue, linked by clang-19
//! and wasm-ld for wasm32-wasi and optimized by wasm-opt — built once per engine configuration
//! and shared by every app (the pipeline caches it; its compiled code is cached too, see the
//! `aot` stage).
//!
//! It is a WASI reactor with its own `_start` (glue.c), so that wasm-ld does not wrap its
//! exports: it exports the QuickJS-NG API and the C library functions compiled code calls
//! ([`edgebox_guest::QUICKJS_API`], [`edgebox_guest::LIBC_API`]) as they are, for apps to call
//! directly, and the addresses of the app area and the link record (`edgebox_app.h`).

use std::fmt::Write as _;
use std::path::Path;

use edgebox_guest::Kit;
use edgebox_wasm_link::engine_exports;

use crate::stages::clang::{self, ClangError};
use crate::stages::optimize::{self, OptimizeError};

/// Sizes of the app area an engine can be built with (1, 4, 16, 64 and 256 MiB). An app gets
/// the smallest that holds its data and bytecode; each size is its own engine (its data
/// addresses differ), built and compiled once. The area is zero until an app's data is placed
/// there, costs nothing in the module, and only counts toward the memory limit.
pub const APP_AREA_SIZES: [u32; 5] = [1 << 20, 4 << 20, 16 << 20, 64 << 20, 256 << 20];

/// Memory layout and size choices baked into an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineOptions {
    /// Bytes of wasm shadow stack (C stack in linear memory). Placed first (`--stack-first`), so
    /// an overflow traps instead of overwriting data.
    pub stack_size: u32,
    /// Bytes of that stack QuickJS may use before it throws `RangeError` (a quarter leaves room
    /// for C frames below the JS limit check).
    pub js_stack_size: u32,
    /// Bytes reserved for the app's data and bytecode ([`APP_AREA_SIZES`]).
    pub app_area_size: u32,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            stack_size: 4 << 20,
            js_stack_size: 1 << 20,
            app_area_size: APP_AREA_SIZES[0],
        }
    }
}

impl EngineOptions {
    /// The same engine with the next larger app area, if there is one.
    pub fn larger_area(self) -> Option<EngineOptions> {
        let next = APP_AREA_SIZES
            .into_iter()
            .find(|&size| size > self.app_area_size)?;
        Some(EngineOptions {
            app_area_size: next,
            ..self
        })
    }

    /// These options with the smallest app area that is at least `bytes` large (the largest
    /// if none is).
    pub fn with_area_for(self, bytes: usize) -> EngineOptions {
        let size = APP_AREA_SIZES
            .into_iter()
            .find(|&size| size as usize >= bytes)
            .unwrap_or(APP_AREA_SIZES[APP_AREA_SIZES.len() - 1]);
        EngineOptions {
            app_area_size: size,
            ..self
        }
    }
}

/// Why the engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// clang-19 or wasm-ld failed.
    #[error(transparent)]
    Clang(#[from] ClangError),
    /// wasm-opt failed.
    #[error(transparent)]
    Optimize(#[from] OptimizeError),
}

/// The flags of the compile + link command, apart from the input and output paths (part of the
/// stage's cache key).
pub fn flags(options: &EngineOptions) -> Vec<String> {
    let mut flags: Vec<String> = edgebox_guest::CFLAGS
        .iter()
        .map(|f| f.to_string())
        .collect();
    flags.push("-mexec-model=reactor".into());
    flags.push(format!("-DEDGEBOX_JS_STACK_SIZE={}", options.js_stack_size));
    flags.push(format!("-DEDGEBOX_APP_AREA_SIZE={}", options.app_area_size));
    flags.extend(edgebox_guest::LINK_LIBS.iter().map(|f| f.to_string()));
    flags.push(format!("-Wl,-z,stack-size={}", options.stack_size));
    flags.extend(["-Wl,--stack-first", "-s"].map(String::from));
    for name in [
        engine_exports::APP_AREA,
        engine_exports::APP_AREA_SIZE,
        engine_exports::APP_LINK,
        engine_exports::STACK_POINTER,
        engine_exports::HOST_CONTROL,
    ] {
        flags.push(format!("-Wl,--export={name}"));
    }
    for name in edgebox_guest::QUICKJS_API
        .iter()
        .chain(edgebox_guest::LIBC_API)
    {
        flags.push(format!("-Wl,--export-if-defined={name}"));
    }
    flags
}

/// Builds the engine module in `work_dir` (a scratch folder) and returns it optimized.
pub fn build(kit: &Kit, options: &EngineOptions, work_dir: &Path) -> Result<Vec<u8>, EngineError> {
    let linked = work_dir.join("engine.wasm");
    // The export list is long: clang reads the flags from a response file.
    let mut response = String::new();
    for flag in flags(options) {
        let _ = writeln!(response, "{flag}");
    }
    let response_file = work_dir.join("engine.rsp");
    std::fs::write(&response_file, response).map_err(ClangError::io(&response_file))?;
    let response_arg = format!("@{}", response_file.display());
    let args = ["-I".as_ref(), kit.include_dir.as_os_str()]
        .into_iter()
        .chain(kit.glue.iter().map(|p| p.as_os_str()))
        .chain([
            kit.archive.as_os_str(),
            response_arg.as_ref(),
            "-o".as_ref(),
            linked.as_os_str(),
        ]);
    clang::run("the engine module", args)?;
    let wasm = std::fs::read(&linked).map_err(ClangError::io(&linked))?;
    Ok(optimize::optimize(&wasm, work_dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_grow_to_the_largest_and_fit_what_is_asked() {
        let options = EngineOptions::default();
        assert_eq!(options.app_area_size, 1 << 20);
        assert_eq!(options.larger_area().unwrap().app_area_size, 4 << 20);
        let largest = options.with_area_for(usize::MAX);
        assert_eq!(largest.app_area_size, 256 << 20);
        assert!(largest.larger_area().is_none());
        assert_eq!(options.with_area_for(1 << 20).app_area_size, 1 << 20);
        assert_eq!(options.with_area_for((1 << 20) + 1).app_area_size, 4 << 20);
    }

    #[test]
    fn the_engine_exports_the_api_and_the_app_records() {
        let flags = flags(&EngineOptions::default());
        for wanted in [
            "-mexec-model=reactor",
            "-Wl,--export=edgebox_app_link",
            "-Wl,--export-if-defined=JS_FrozenOp",
            "-Wl,--export-if-defined=memcpy",
            "-DEDGEBOX_APP_AREA_SIZE=1048576",
        ] {
            assert!(flags.iter().any(|f| f == wanted), "{wanted} in {flags:?}");
        }
    }
}
