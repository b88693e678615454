/*
 * edgebox-aot's driver for WAMR's AOT compiler: the steps of upstream wamrc's main(), minus the
 * command line, as one call. The Rust side (src/ffi.rs) serializes all calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot_export.h"
#include "bh_log.h"
#include "wasm_export.h"

#include "driver.h"

/* WAMR-internal (compilation/aot.h, which needs the LLVM headers); NULL clears the message. */
void
aot_set_last_error(const char *error);

static bool runtime_ready = false;
static bool log_to_stderr = false;

/*
 * The runtime copy and LLVM are set up once per process and never torn down:
 * aot_compiler_destroy() calls LLVMShutdown(), after which LLVM cannot be initialized again.
 */
static bool
ensure_runtime(void)
{
    RuntimeInitArgs init_args;

    if (runtime_ready)
        return true;

    log_to_stderr = getenv("EDGEBOX_AOT_LOG") != NULL;

    memset(&init_args, 0, sizeof(init_args));
    init_args.mem_alloc_type = Alloc_With_Allocator;
    init_args.mem_alloc_option.allocator.malloc_func = malloc;
    init_args.mem_alloc_option.allocator.realloc_func = realloc;
    init_args.mem_alloc_option.allocator.free_func = free;
    /* Also runs aot_compiler_init() (LLVM targets) in a WASM_ENABLE_WAMR_COMPILER build. */
    if (!wasm_runtime_full_init(&init_args))
        return false;

    bh_log_set_verbose_level(BH_LOG_LEVEL_WARNING);
    runtime_ready = true;
    return true;
}

int
edgebox_aot_vprintf(const char *format, va_list ap)
{
    if (!log_to_stderr)
        return 0;
    return vfprintf(stderr, format, ap);
}

static int
fail(int code, const char *message, char *error, uint32_t error_size)
{
    if (error_size > 0)
        snprintf(error, error_size, "%s",
                 message && message[0] ? message : "no details from WAMR");
    return code;
}

int
edgebox_aot_compile(uint8_t *wasm, uint32_t wasm_size,
                    const EdgeboxAotOptions *options, uint8_t **out_aot,
                    uint32_t *out_aot_size, char *error, uint32_t error_size)
{
    AOTCompOption option;
    char load_error[256] = { 0 };
    wasm_module_t module = NULL;
    aot_comp_data_t comp_data = NULL;
    aot_comp_context_t comp_ctx = NULL;
    uint8_t *aot = NULL;
    uint32_t aot_size = 0;
    int code = EDGEBOX_AOT_OK;

    *out_aot = NULL;
    *out_aot_size = 0;

    if (!ensure_runtime())
        return fail(EDGEBOX_AOT_ERR_INIT,
                    "cannot initialize WAMR's runtime and LLVM", error,
                    error_size);

    /* wasm_runtime_load would also accept an .aot image; the compiler needs wasm. */
    if (wasm_size < 4 || get_package_type(wasm, wasm_size) != Wasm_Module_Bytecode)
        return fail(EDGEBOX_AOT_ERR_NOT_WASM,
                    "not a wasm module (no \\0asm magic number)", error,
                    error_size);

    aot_set_last_error(NULL);

    if (!(module = wasm_runtime_load(wasm, wasm_size, load_error,
                                     sizeof(load_error))))
        return fail(EDGEBOX_AOT_ERR_LOAD, load_error, error, error_size);

    /* Defaults as in wamrc, then our choices. */
    memset(&option, 0, sizeof(option));
    option.output_format = AOT_FORMAT_FILE;
    option.opt_level = options->opt_level;
    option.size_level = options->size_level;
    option.enable_aux_stack_check = true;
    option.enable_bulk_memory = true;
    option.enable_bulk_memory_opt = true;
    option.enable_ref_types = true;
    option.enable_call_indirect_overlong = true;
    /* The runtime is built without SIMD. */
    option.enable_simd = false;
    aot_call_stack_features_init_default(&option.call_stack_features);
    if (options->software_bounds_checks) {
        option.bounds_checks = 1;
        option.stack_bounds_checks = 1;
        option.stack_usage_file = options->stack_usage_file;
    }
    else {
        option.bounds_checks = 0;
        option.stack_bounds_checks = 0;
    }
    /* WAMR needs the architecture beside a CPU name. */
    option.target_arch = "x86_64";
    option.target_cpu = (char *)options->target_cpu;
    option.cpu_features = (char *)options->cpu_features;
    /* WAMR only reads the names. */
    option.custom_sections = (char **)options->custom_sections;
    option.custom_sections_count = options->custom_section_count;

    if (!(comp_data = aot_create_comp_data(module, NULL, false))) {
        code = fail(EDGEBOX_AOT_ERR_COMP_DATA, aot_get_last_error(), error,
                    error_size);
        goto done;
    }
    if (!(comp_ctx = aot_create_comp_context(comp_data, &option))) {
        code = fail(EDGEBOX_AOT_ERR_COMP_CONTEXT, aot_get_last_error(), error,
                    error_size);
        goto done;
    }
    if (!(options->whole_module
              ? aot_compile_wasm(comp_ctx)
              : aot_compile_wasm_range(comp_ctx, options->func_begin,
                                       options->func_end))) {
        code = fail(EDGEBOX_AOT_ERR_COMPILE, aot_get_last_error(), error,
                    error_size);
        goto done;
    }
    if (!(aot = aot_emit_aot_file_buf(comp_ctx, comp_data, &aot_size))) {
        code = fail(EDGEBOX_AOT_ERR_EMIT, aot_get_last_error(), error,
                    error_size);
        goto done;
    }
    *out_aot = aot;
    *out_aot_size = aot_size;

done:
    if (comp_ctx)
        aot_destroy_comp_context(comp_ctx);
    if (comp_data)
        aot_destroy_comp_data(comp_data);
    wasm_runtime_unload(module);
    return code;
}

void
edgebox_aot_free(uint8_t *aot)
{
    if (aot)
        wasm_runtime_free(aot);
}
