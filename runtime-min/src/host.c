/*
 * edgebox host shim (see host.h). Compiled inside WAMR's CMake build (CMakeLists.txt) with the
 * same configuration macros and include paths as the runtime, because narrowing a preopen's
 * rights needs WAMR's WASI context (wasm_runtime_common.h), which is not public API.
 */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_export.h"
#include "wasm_runtime_common.h"
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

/* Every right that reveals contents: file data, directory listings, symlink targets. */
#define EBX_READ_RIGHTS \
    (__WASI_RIGHT_FD_READ | __WASI_RIGHT_FD_READDIR | __WASI_RIGHT_PATH_READLINK)

bool
ebx_init(void)
{
    if (!wasm_runtime_init())
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

void
ebx_unload(void *module)
{
    wasm_runtime_unload((wasm_module_t)module);
}

const uint8_t *
ebx_custom_section(void *module, const char *name, uint32_t *len)
{
    return wasm_runtime_get_custom_section((wasm_module_t)module, name, len);
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
