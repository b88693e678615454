//! Hand-written declarations of the C driver's interface (src/driver.h): keep the two in step.

use std::ffi::c_char;

/// `EdgeboxAotOptions` in driver.h.
#[repr(C)]
pub(crate) struct DriverOptions {
    pub opt_level: u32,
    pub size_level: u32,
    pub software_bounds_checks: bool,
    pub stack_usage_file: *const c_char,
    pub custom_sections: *const *const c_char,
    pub custom_section_count: u32,
    pub whole_module: bool,
    pub func_begin: u32,
    pub func_end: u32,
    pub target_cpu: *const c_char,
    pub cpu_features: *const c_char,
}

/// Return codes of `edgebox_aot_compile` (the `EDGEBOX_AOT_*` enum in driver.h).
pub(crate) mod code {
    pub const OK: i32 = 0;
    pub const INIT: i32 = 1;
    pub const NOT_WASM: i32 = 2;
    pub const LOAD: i32 = 3;
    pub const COMP_DATA: i32 = 4;
    pub const COMP_CONTEXT: i32 = 5;
    pub const COMPILE: i32 = 6;
    pub const EMIT: i32 = 7;
}

extern "C" {
    /// See driver.h. Not thread-safe: callers hold [`crate::COMPILER`].
    pub(crate) fn edgebox_aot_compile(
        wasm: *mut u8,
        wasm_size: u32,
        options: *const DriverOptions,
        out_aot: *mut *mut u8,
        out_aot_size: *mut u32,
        error: *mut c_char,
        error_size: u32,
    ) -> i32;

    /// Frees a buffer returned by `edgebox_aot_compile`.
    pub(crate) fn edgebox_aot_free(aot: *mut u8);

    /// LLVM's C API (libLLVM, linked by build.rs): the library's version.
    pub(crate) fn LLVMGetVersion(major: *mut u32, minor: *mut u32, patch: *mut u32);

    /// LLVM's C API: this machine's CPU name, to free with `LLVMDisposeMessage`.
    pub(crate) fn LLVMGetHostCPUName() -> *mut c_char;

    /// LLVM's C API: this machine's CPU features (`+sse2,-avx512f,...`), to free with
    /// `LLVMDisposeMessage`.
    pub(crate) fn LLVMGetHostCPUFeatures() -> *mut c_char;

    /// LLVM's C API: frees a string LLVM returned.
    pub(crate) fn LLVMDisposeMessage(message: *mut c_char);
}
