/*
 * edgebox host shim (see host.h). Compiled inside WAMR's CMake build (CMakeLists.txt) with the
 * same configuration macros and include paths as the runtime, because narrowing a preopen's
 * rights needs WAMR's WASI context (wasm_runtime_common.h), which is not public API.
 */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#if !defined(__x86_64__)
#error "preempt_handler reads the x86-64 program counter (REG_RIP): port it first"
#endif

#include "aot_runtime.h"
#include "wasm_exec_env.h"
#include "wasm_memory.h"
#include "wasm_export.h"
#include "wasm_runtime_common.h"
#include "posix.h"
#include "wasmtime_ssp.h"

/* Every right that lets a file descriptor, or anything opened through it, change the disk:
 * writing, creating, truncating, renaming, linking, removing, changing times or flags. */
#define EBX_WRITE_RIGHTS                                                            \
    (__WASI_RIGHT_FD_DATASYNC | __WASI_RIGHT_FD_WRITE | __WASI_RIGHT_FD_ALLOCATE      \
     | __WASI_RIGHT_FD_FILESTAT_SET_SIZE | __WASI_RIGHT_FD_FILESTAT_SET_TIMES        \
     | __WASI_RIGHT_FD_FDSTAT_SET_FLAGS | __WASI_RIGHT_FD_SYNC                       \
     | __WASI_RIGHT_PATH_CREATE_DIRECTORY | __WASI_RIGHT_PATH_CREATE_FILE            \
     | __WASI_RIGHT_PATH_LINK_SOURCE | __WASI_RIGHT_PATH_LINK_TARGET                 \
     | __WASI_RIGHT_PATH_RENAME_SOURCE | __WASI_RIGHT_PATH_RENAME_TARGET             \
     | __WASI_RIGHT_PATH_SYMLINK | __WASI_RIGHT_PATH_REMOVE_DIRECTORY                \
     | __WASI_RIGHT_PATH_UNLINK_FILE | __WASI_RIGHT_PATH_FILESTAT_SET_SIZE           \
     | __WASI_RIGHT_PATH_FILESTAT_SET_TIMES)

/* Every right that reveals contents: file data, directory listings, symlink targets; and
 * moving or linking a file out of the directory (to read it in a readable one). A write-only
 * directory can therefore create, write and remove files, but not rename or hard-link them. */
#define EBX_READ_RIGHTS                                                                 \
    (__WASI_RIGHT_FD_READ | __WASI_RIGHT_FD_READDIR | __WASI_RIGHT_PATH_READLINK        \
     | __WASI_RIGHT_PATH_LINK_SOURCE | __WASI_RIGHT_PATH_RENAME_SOURCE)

/* See ebx_preempt_track / ebx_preempt_arm. Each thread that runs wasm loads its own module
 * (edgebox has one; edgeboxd one per worker), so the code range is the thread's. */
static __thread const uint8_t *aot_code_start, *aot_code_end;
static volatile sig_atomic_t preempt_armed;

static void
preempt_handler(int sig, siginfo_t *info, void *context)
{
    const ucontext_t *uc = context;
    const uint8_t *pc = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
    WASMExecEnv *env;

    (void)sig;
    (void)info;
    if (!preempt_armed || pc < aot_code_start || pc >= aot_code_end)
        return;
    env = wasm_runtime_get_exec_env_tls();
    if (!env || env->handle != os_self_thread() || !env->jmpbuf_stack_top)
        return;
    /* Only the thread whose instance was terminated leaves (edgeboxd runs several). Read
     * without the exception lock: this thread may hold it; the byte is set before the signal
     * is sent. */
    if (((WASMModuleInstance *)env->module_inst)->cur_exception[0] == '\0')
        return;
    /* The thread is executing compiled wasm, which holds no lock and owns no host resource:
     * leaving it here is what WAMR does for a hardware bounds-check trap. The exception
     * ("terminated by user") was set by ebx_terminate. */
    os_longjmp(env->jmpbuf_stack_top->jmpbuf, 1);
}

/* Native stack that must stay free when JS starts a new level of recursion: enough for
 * QuickJS to build and throw its RangeError. */
#define EBX_NATIVE_STACK_RESERVE (256 * 1024)
/* The same for the interpreter's wasm stack, at most a quarter of it. */
#define EBX_WASM_STACK_RESERVE (256 * 1024)

/* edgebox.stack_low: 1 when the native stack or the interpreter's wasm stack has less than its
 * reserve left (QuickJS then throws RangeError instead of running into a trap). */
static int32_t
stack_low(wasm_exec_env_t env)
{
    const uint8_t *sp = (const uint8_t *)__builtin_frame_address(0);
    uint32_t wasm_size, wasm_reserve;

    if (env->native_stack_boundary && sp < env->native_stack_boundary + EBX_NATIVE_STACK_RESERVE)
        return 1;
    if (env->module_inst->module_type == Wasm_Module_Bytecode) {
        wasm_size = env->wasm_stack_size;
        wasm_reserve = wasm_size / 4 < EBX_WASM_STACK_RESERVE ? wasm_size / 4
                                                                : EBX_WASM_STACK_RESERVE;
        if ((uint32_t)(env->wasm_stack.top_boundary - env->wasm_stack.top) < wasm_reserve)
            return 1;
    }
    return 0;
}

static NativeSymbol edgebox_natives[] = {
    {"stack_low", (void *)stack_low, "()i", NULL},
};

bool
ebx_init(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof action);
    action.sa_sigaction = preempt_handler;
    /* On WAMR's alternate signal stack; SA_NODEFER as for WAMR's own handler, which also
     * leaves by longjmp (glibc's setjmp does not restore the signal mask); SA_RESTART, so that
     * a stray SIGURG does not fail the guest's system calls with EINTR. */
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(EBX_PREEMPT_SIGNAL, &action, NULL) != 0)
        return false;
    if (!wasm_runtime_init())
        return false;
    /* WAMR sets up the signal handling of hardware bounds checks for the thread that
     * initializes it first; a later thread (an edgeboxd worker) needs its own. */
    if (!wasm_runtime_init_thread_env())
        return false;
    if (!wasm_runtime_register_natives("edgebox", edgebox_natives,
                                       sizeof edgebox_natives / sizeof edgebox_natives[0]))
        return false;
    /* WAMR logs to stdout, which belongs to the guest; edgebox reports failures itself. */
    wasm_runtime_set_log_level(WASM_LOG_LEVEL_FATAL);
    return true;
}

void
ebx_destroy(void)
{
    wasm_runtime_destroy();
}

void *
ebx_load(uint8_t *bytes, uint32_t len, char *err, uint32_t err_len)
{
    return wasm_runtime_load(bytes, len, err, err_len);
}

bool
ebx_unlinked_import(void *module, char *name, uint32_t name_len)
{
    int32_t count = wasm_runtime_get_import_count(module);
    wasm_import_t import;

    for (int32_t i = 0; i < count; i++) {
        wasm_runtime_get_import_type(module, i, &import);
        if (import.kind != WASM_IMPORT_EXPORT_KIND_FUNC || import.linked
            || strcmp(import.module_name, "edgebox") != 0)
            continue;
        snprintf(name, name_len, "%s", import.name);
        return true;
    }
    return false;
}

void
ebx_unload(void *module)
{
    wasm_runtime_unload((wasm_module_t)module);
}

bool
ebx_hw_bound_check(void)
{
    /* WAMR's platform header defines this exactly when its memory accesses rely on guard
       pages (WAMR_DISABLE_HW_BOUND_CHECK unset): the build's real setting. */
#ifdef OS_ENABLE_HW_BOUND_CHECK
    return true;
#else
    return false;
#endif
}

/* Removes the rights in `removed` from preopen `fd`, from both its own rights and the rights
 * it hands down to files and directories opened through it. WASI's capability checks then
 * refuse those operations anywhere under that directory. */
static bool
remove_rights(wasm_module_inst_t inst, __wasi_fd_t fd, __wasi_rights_t removed, char *err,
              uint32_t err_len)
{
    WASIContext *wasi = wasm_runtime_get_wasi_ctx(inst);
    __wasi_fdstat_t stat;
    __wasi_errno_t error;

    if (!wasi || !wasi->curfds) {
        snprintf(err, err_len, "the instance has no WASI context");
        return false;
    }
    error = wasmtime_ssp_fd_fdstat_get(NULL, wasi->curfds, fd, &stat);
    if (error == 0) {
        error = wasmtime_ssp_fd_fdstat_set_rights(
            NULL, wasi->curfds, fd, stat.fs_rights_base & ~removed,
            stat.fs_rights_inheriting & ~removed);
    }
    if (error != 0) {
        snprintf(err, err_len, "cannot restrict the rights of preopened fd %u (WASI errno %u)",
                 (unsigned)fd, (unsigned)error);
        return false;
    }
    return true;
}

void *
ebx_instantiate(void *module, const ebx_instance_config *config, char *err,
                uint32_t err_len)
{
    /* WAMR numbers preopens from 3: first its dir_list (guest name = host path), then its
     * map_dir_list ("guest::host"). */
    const char **dir_list = calloc(config->dir_count + 1, sizeof(char *));
    const char **map_list = calloc(config->dir_count + 1, sizeof(char *));
    __wasi_fd_t *fds = calloc(config->dir_count + 1, sizeof(__wasi_fd_t));
    struct InstantiationArgs2 *args = NULL;
    wasm_module_inst_t inst = NULL;
    uint32_t dir_count = 0, map_count = 0, i;

    if (!dir_list || !map_list || !fds) {
        snprintf(err, err_len, "out of host memory");
        goto done;
    }
    for (i = 0; i < config->dir_count; i++) {
        const ebx_dir *dir = &config->dirs[i];
        if (strcmp(dir->guest, dir->host) == 0) {
            dir_list[dir_count++] = dir->host;
        }
        else {
            size_t size = strlen(dir->guest) + strlen(dir->host) + 3;
            char *map = malloc(size);
            if (!map) {
                snprintf(err, err_len, "out of host memory");
                goto done;
            }
            snprintf(map, size, "%s::%s", dir->guest, dir->host);
            map_list[map_count++] = map;
        }
    }
    {
        uint32_t next_dir = 0, next_map = 0;
        for (i = 0; i < config->dir_count; i++) {
            const ebx_dir *dir = &config->dirs[i];
            fds[i] = strcmp(dir->guest, dir->host) == 0 ? 3 + next_dir++
                                                        : 3 + dir_count + next_map++;
        }
    }

    if (!wasm_runtime_instantiation_args_create(&args)) {
        snprintf(err, err_len, "out of host memory");
        goto done;
    }
    wasm_runtime_instantiation_args_set_default_stack_size(args, config->stack_size);
    wasm_runtime_instantiation_args_set_host_managed_heap_size(args, config->heap_size);
    wasm_runtime_instantiation_args_set_max_memory_pages(args, config->max_memory_pages);
    wasm_runtime_instantiation_args_set_wasi_arg(args, config->argv, (int)config->argc);
    wasm_runtime_instantiation_args_set_wasi_env(args, config->env, config->env_count);
    wasm_runtime_instantiation_args_set_wasi_dir(args, dir_list, dir_count, map_list,
                                                 map_count);

    inst = wasm_runtime_instantiate_ex2((wasm_module_t)module, args, err, err_len);
    if (!inst)
        goto done;

    for (i = 0; i < config->dir_count; i++) {
        __wasi_rights_t removed = (config->dirs[i].readable ? 0 : EBX_READ_RIGHTS)
                                  | (config->dirs[i].writable ? 0 : EBX_WRITE_RIGHTS);
        if (removed && !remove_rights(inst, fds[i], removed, err, err_len)) {
            wasm_runtime_deinstantiate(inst);
            inst = NULL;
            goto done;
        }
    }

done:
    if (args)
        wasm_runtime_instantiation_args_destroy(args);
    if (map_list) {
        for (i = 0; i < map_count; i++)
            free((void *)map_list[i]);
    }
    free(map_list);
    free(dir_list);
    free(fds);
    return inst;
}

void
ebx_deinstantiate(void *instance)
{
    wasm_runtime_deinstantiate((wasm_module_inst_t)instance);
}

void *
ebx_create_exec_env(void *instance, uint32_t stack_size)
{
    return wasm_runtime_create_exec_env((wasm_module_inst_t)instance, stack_size);
}

void *
ebx_exec_env_singleton(void *instance)
{
    return wasm_runtime_get_exec_env_singleton((wasm_module_inst_t)instance);
}

void
ebx_destroy_exec_env(void *exec_env)
{
    wasm_runtime_destroy_exec_env((wasm_exec_env_t)exec_env);
}

int
ebx_run_start(void *exec_env, uint32_t *exit_code, char *msg, uint32_t msg_len)
{
    wasm_exec_env_t env = (wasm_exec_env_t)exec_env;
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t start = wasm_runtime_lookup_wasi_start_function(inst);
    const char *exception;

    *exit_code = 0;
    if (!start)
        return EBX_NO_START;
    if (wasm_runtime_call_wasm(env, start, 0, NULL))
        return EBX_EXITED;
    exception = wasm_runtime_get_exception(inst);
    if (exception && strstr(exception, "wasi proc exit")) {
        *exit_code = wasm_runtime_get_wasi_exit_code(inst);
        return EBX_EXITED;
    }
    snprintf(msg, msg_len, "%s", exception ? exception : "unknown failure");
    return EBX_TRAPPED;
}

/* The native address of the `size` bytes at wasm address `address`, or NULL if they are not
 * inside linear memory. Unlike wasm_runtime_validate_app_addr, sets no exception. */
static void *
memory_at(wasm_module_inst_t inst, uint32_t address, uint32_t size)
{
    uint64_t start, end;

    if (!wasm_runtime_get_app_addr_range(inst, address, &start, &end) || end - address < size)
        return NULL;
    return wasm_runtime_addr_app_to_native(inst, address);
}

void *
ebx_memory_bounds(void *instance, uint64_t *size)
{
    wasm_module_inst_t inst = (wasm_module_inst_t)instance;
    uint64_t start, end;

    if (!wasm_runtime_get_app_addr_range(inst, 0, &start, &end))
        return NULL;
    *size = end;
    return wasm_runtime_addr_app_to_native(inst, 0);
}

void *
ebx_export_global_memory(void *instance, const char *name, uint32_t size)
{
    wasm_global_inst_t global;
    uint32_t address;

    if (!wasm_runtime_get_export_global_inst((wasm_module_inst_t)instance, name, &global)
        || global.kind != WASM_I32 || global.is_mutable)
        return NULL;
    memcpy(&address, global.global_data, sizeof address);
    return memory_at((wasm_module_inst_t)instance, address, size);
}

void
ebx_set_instruction_limit(void *exec_env, int count)
{
    wasm_runtime_set_instruction_count_limit((wasm_exec_env_t)exec_env, count);
}

void
ebx_terminate(void *instance)
{
    wasm_runtime_terminate((wasm_module_inst_t)instance);
}

void
ebx_preempt_track(void *module)
{
    const AOTModule *aot = (const AOTModule *)module;

    if (aot->module_type != Wasm_Module_AoT)
        return;
    aot_code_start = aot->code;
    aot_code_end = aot_code_start + aot->code_size;
}

void
ebx_preempt_arm(void)
{
    preempt_armed = 1;
}

int
ebx_call_export(void *exec_env, const char *name, int32_t *value, char *msg, uint32_t msg_len)
{
    wasm_exec_env_t env = (wasm_exec_env_t)exec_env;
    wasm_module_inst_t inst = wasm_runtime_get_module_inst(env);
    wasm_function_inst_t function = wasm_runtime_lookup_function(inst, name);
    uint32_t argv[1] = {0};
    const char *exception;

    *value = 0;
    if (!function)
        return EBX_NO_START;
    if (wasm_func_get_result_count(function, inst) != 1
        || wasm_func_get_param_count(function, inst) != 0) {
        snprintf(msg, msg_len, "export %s is not () -> i32", name);
        return EBX_TRAPPED;
    }
    if (wasm_runtime_call_wasm(env, function, 0, argv)) {
        *value = (int32_t)argv[0];
        return EBX_RETURNED;
    }
    exception = wasm_runtime_get_exception(inst);
    if (exception && strstr(exception, "wasi proc exit")) {
        *value = (int32_t)wasm_runtime_get_wasi_exit_code(inst);
        return EBX_EXITED;
    }
    snprintf(msg, msg_len, "%s", exception ? exception : "unknown failure");
    return EBX_TRAPPED;
}

static WASMMemoryInstance *
default_memory(void *instance)
{
    WASMModuleInstance *inst = (WASMModuleInstance *)instance;

    return inst->memory_count > 0 ? inst->memories[0] : NULL;
}

bool
ebx_memory_reset(void *instance, int image_fd, uint64_t image_size, bool mapped)
{
    WASMMemoryInstance *memory = default_memory(instance);
    uint64_t size;
    uint8_t *base;

    if (!memory || memory->num_bytes_per_page == 0 || image_size % memory->num_bytes_per_page
        || image_size / memory->num_bytes_per_page > memory->max_page_count)
        return false;
    base = memory->memory_data;
    size = memory->memory_data_size;
    if (!mapped
        && mmap(base, image_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image_fd, 0)
               == MAP_FAILED)
        return false;
    if (size > image_size
        && (madvise(base + image_size, size - image_size, MADV_DONTNEED) != 0
            || mprotect(base + image_size, size - image_size, PROT_NONE) != 0))
        return false;
    memory->cur_page_count = (uint32_t)(image_size / memory->num_bytes_per_page);
    memory->memory_data_size = image_size;
    memory->memory_data_end = base + image_size;
    wasm_runtime_set_mem_bound_check_bytes(memory, image_size);
    wasm_runtime_clear_exception((wasm_module_inst_t)instance);
    return true;
}

uint32_t
ebx_fd_count(void *instance)
{
    WASIContext *wasi = wasm_runtime_get_wasi_ctx((wasm_module_inst_t)instance);

    return wasi && wasi->curfds ? (uint32_t)wasi->curfds->size : 0;
}

int
ebx_fd_rights(void *instance, uint32_t fd, uint64_t *base, uint64_t *inheriting)
{
    WASIContext *wasi = wasm_runtime_get_wasi_ctx((wasm_module_inst_t)instance);
    __wasi_fdstat_t stat;

    if (!wasi || !wasi->curfds || wasmtime_ssp_fd_fdstat_get(NULL, wasi->curfds, fd, &stat))
        return 0;
    *base = stat.fs_rights_base;
    *inheriting = stat.fs_rights_inheriting;
    return 1;
}

void
ebx_close_fds_from(void *instance, void *exec_env, uint32_t first)
{
    WASIContext *wasi = wasm_runtime_get_wasi_ctx((wasm_module_inst_t)instance);
    uint32_t fd, count = ebx_fd_count(instance);

    if (!wasi)
        return;
    for (fd = first; fd < count; fd++)
        (void)wasmtime_ssp_fd_close((wasm_exec_env_t)exec_env, wasi->curfds, wasi->prestats, fd);
}
