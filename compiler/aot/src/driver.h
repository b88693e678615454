/*
 * The C interface between edgebox-aot's Rust code and WAMR's AOT compiler (see driver.c).
 * Hand-mirrored in src/ffi.rs: keep the two in step.
 */
#ifndef EDGEBOX_AOT_DRIVER_H
#define EDGEBOX_AOT_DRIVER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

/* Compile options, as chosen by the Rust side. */
typedef struct EdgeboxAotOptions {
    uint32_t opt_level;          /* LLVM optimization level, 0..=3 */
    uint32_t size_level;         /* LLVM code model, 0..=3 (3 = small) */
    bool software_bounds_checks; /* true: bounds_checks=1 and stack_bounds_checks=1 */
    /* Where LLVM writes its stack-usage file (needed by software stack checks); may be NULL
       when software_bounds_checks is false. */
    const char *stack_usage_file;
    /* Names of the wasm custom sections to copy into the .aot. */
    const char *const *custom_sections;
    uint32_t custom_section_count;
    /* Compile only the defined functions [func_begin, func_end) (indices without imports);
       the rest stay declarations that the .aot refers to by name (`aot_func#N`). When
       whole_module is true the range is ignored and every function is compiled. */
    bool whole_module;
    uint32_t func_begin;
    uint32_t func_end;
    /* The CPU to compile for, as LLVM names it (`x86-64-v2`, `znver4`), and the explicit LLVM
       feature string (`+sse2,-avx512f,...`), or NULL for the CPU's own features. */
    const char *target_cpu;
    const char *cpu_features;
} EdgeboxAotOptions;

/* Which step failed (the return value of edgebox_aot_compile). */
enum {
    EDGEBOX_AOT_OK = 0,
    EDGEBOX_AOT_ERR_INIT = 1,         /* runtime or LLVM initialization */
    EDGEBOX_AOT_ERR_NOT_WASM = 2,     /* no wasm magic number */
    EDGEBOX_AOT_ERR_LOAD = 3,         /* WAMR's loader rejected the module */
    EDGEBOX_AOT_ERR_COMP_DATA = 4,    /* aot_create_comp_data */
    EDGEBOX_AOT_ERR_COMP_CONTEXT = 5, /* aot_create_comp_context */
    EDGEBOX_AOT_ERR_COMPILE = 6,      /* aot_compile_wasm */
    EDGEBOX_AOT_ERR_EMIT = 7,         /* aot_emit_aot_file_buf */
};

/*
 * Compiles the wasm module in `wasm` (which WAMR's loader may modify in place, and which must
 * stay alive until the call returns) to a .aot image. On success stores a buffer to free with
 * edgebox_aot_free in *out_aot and its size in *out_aot_size. On failure writes WAMR's message,
 * NUL-terminated, into `error`. Not thread-safe: the caller serializes all calls.
 */
int
edgebox_aot_compile(uint8_t *wasm, uint32_t wasm_size,
                    const EdgeboxAotOptions *options, uint8_t **out_aot,
                    uint32_t *out_aot_size, char *error, uint32_t error_size);

/* Frees a buffer returned by edgebox_aot_compile. */
void
edgebox_aot_free(uint8_t *aot);

/* Receives all of WAMR's console output (its BH_VPRINTF hook). */
int
edgebox_aot_vprintf(const char *format, va_list ap);

#endif /* EDGEBOX_AOT_DRIVER_H */
