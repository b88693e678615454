/*
 * edgebox host shim: the small C API that src/wamr.rs declares by hand. It wraps WAMR's
 * embedding API and the one thing the public API lacks: narrowing the WASI rights of a
 * preopened directory so that a read-only directory really is read-only.
 *
 * Every function must be called on the thread that called ebx_init().
 */
#ifndef EDGEBOX_HOST_H
#define EDGEBOX_HOST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Initializes WAMR (system allocator) on the calling thread, which becomes the thread that
 * runs wasm: WAMR sets up its signal handler and native-stack guard pages for it here, and
 * the handler of EBX_PREEMPT_SIGNAL is installed. Registers the host functions of import
 * module `edgebox`:
 *   stack_low() -> i32   1 when the native stack (AOT code) or the interpreter's wasm stack has
 *                        less than 256 KiB (a quarter, if smaller) left, else 0; QuickJS-NG asks
 *                        it at every 32nd stack check, and at every check while it says 1
 *                        (vendor/patches/quickjs/0004-host-checks.patch), and throws RangeError
 *                        instead of running into a trap. */
bool ebx_init(void);

/* Tears WAMR down; nothing loaded may be used afterwards. */
void ebx_destroy(void);

/* Loads a .wasm or .aot image. `bytes` must stay alive and unchanged until ebx_unload (WAMR
 * keeps pointers into it, for example to custom sections). NULL on failure, with a message. */
void *ebx_load(uint8_t *bytes, uint32_t len, char *err, uint32_t err_len);

/* Whether `module` imports a function from `edgebox` that this host does not provide with
 * that signature (see compiler/guest/c/edgebox_host_abi.h); its name is copied to `name`. */
bool ebx_unlinked_import(void *module, char *name, uint32_t name_len);

/* Releases a module from ebx_load. */
void ebx_unload(void *module);

/* Whether WAMR was built with hardware (guard-page) bounds checks: the mode AOT code must
 * have been compiled for. */
bool ebx_hw_bound_check(void);

/* A directory the guest may use. */
typedef struct ebx_dir {
    /* The path the guest sees (the preopen name). */
    const char *guest;
    /* The host directory (an existing absolute path). */
    const char *host;
    /* 0: every read right (read, list, readlink) is removed from the preopen. */
    uint8_t readable;
    /* 0: every write-ish right (write, create, truncate, rename, link, remove, set times)
     * is removed from the preopen. */
    uint8_t writable;
} ebx_dir;

/* How to instantiate a module. All strings must outlive the ebx_instantiate call. */
typedef struct ebx_instance_config {
    uint32_t stack_size;
    uint32_t heap_size;
    uint32_t max_memory_pages;
    char **argv;
    uint32_t argc;
    const char **env; /* "NAME=value" */
    uint32_t env_count;
    const ebx_dir *dirs;
    uint32_t dir_count;
} ebx_instance_config;

/* Instantiates a module with WASI, then removes the rights the dirs do not grant. NULL on
 * failure, with a message. */
void *ebx_instantiate(void *module, const ebx_instance_config *config, char *err,
                      uint32_t err_len);

/* Releases an instance from ebx_instantiate. */
void ebx_deinstantiate(void *instance);

/* How a run ended. */
enum ebx_outcome {
    /* `_start` returned or called proc_exit; *exit_code is the WASI exit code. */
    EBX_EXITED = 0,
    /* The wasm trapped; the message is WAMR's exception text. */
    EBX_TRAPPED = 1,
    /* The module exports no `_start` (for ebx_call_export: no such function). */
    EBX_NO_START = 2,
    /* ebx_call_export: the function returned; *value is what it returned. */
    EBX_RETURNED = 3,
};

/* Creates the execution environment for running `instance`, with a wasm stack of
 * `stack_size` bytes; NULL on failure. */
void *ebx_create_exec_env(void *instance, uint32_t stack_size);

/* The execution environment WAMR keeps with `instance` (made on first use, with the
 * instance's default stack size, and released with the instance); NULL on failure. */
void *ebx_exec_env_singleton(void *instance);

/* Releases an execution environment from ebx_create_exec_env. */
void ebx_destroy_exec_env(void *exec_env);

/* Runs the WASI command entry point `_start` of the execution environment's instance. */
int ebx_run_start(void *exec_env, uint32_t *exit_code, char *msg, uint32_t msg_len);

/* The native address of the `size` bytes at the address held by the exported global `name`
 * (an i32), or NULL if there is no such global or the bytes are not inside linear memory.
 * With hardware bounds checks linear memory never moves, so the address stays valid for the
 * life of the instance. */
void *ebx_export_global_memory(void *instance, const char *name, uint32_t size);

/* The native address of linear memory (valid as long as the instance, as above) and its current
 * size in *size; NULL if the instance has no memory. */
void *ebx_memory_bounds(void *instance, uint64_t *size);

/* Lets the interpreter execute at most `count` more wasm instructions (then it traps with
 * "instruction limit exceeded"). AOT code is not metered. */
void ebx_set_instruction_limit(void *exec_env, int count);

/* Ends the run of `instance` from any thread: sets the exception "terminated by user", which
 * the interpreter sees on its next branch or call, and wakes a blocking WASI call (WAMR waits
 * for that in 50 ms steps). AOT code needs the preemption below. */
void ebx_terminate(void *instance);

/* Preemption of AOT code, which checks no exception of its own (a native path, a loop): after
 * ebx_terminate and ebx_preempt_arm, the signal EBX_PREEMPT_SIGNAL sent to the wasm thread
 * leaves the wasm code through WAMR's trap path (the setjmp that a hardware bounds-check trap
 * lands on) when it interrupts the thread inside the loaded module's AOT code; anywhere else
 * (host code, the interpreter) it does nothing. */
#define EBX_PREEMPT_SIGNAL SIGURG
/* Records the AOT code range of `module` (call once the module is loaded; not for .wasm). */
void ebx_preempt_track(void *module);
/* From now on the preemption signal leaves AOT code (ebx_terminate must have been called). */
void ebx_preempt_arm(void);

/* Calls the exported function `name`, of type () -> i32: EBX_RETURNED with its result in
 * *value, EBX_EXITED with the exit code in *value when it called proc_exit, EBX_TRAPPED with
 * the message, EBX_NO_START when there is no such export. */
int ebx_call_export(void *exec_env, const char *name, int32_t *value, char *msg,
                    uint32_t msg_len);

/* Resets the default memory of `instance` to the image of `image_size` bytes (a whole number
 * of pages) in `image_fd`: the first time (`mapped` false) the image is mapped copy-on-write
 * over the start of linear memory; afterwards the caller has put the image's bytes back into
 * the pages written since (src/serve.rs). Memory grown beyond the image is dropped and made
 * inaccessible, and the memory's size set back to the image's. Clears the instance's
 * exception. False if the memory cannot be reset (the instance must then go). */
bool ebx_memory_reset(void *instance, int image_fd, uint64_t image_size, bool mapped);

/* The size of the instance's WASI fd table (fds below it may be open). */
uint32_t ebx_fd_count(void *instance);

/* The WASI rights of open fd `fd`: 1 with them written, 0 when it is not open. */
int ebx_fd_rights(void *instance, uint32_t fd, uint64_t *base, uint64_t *inheriting);

/* Closes every open WASI fd of the instance from `first` on. */
void ebx_close_fds_from(void *instance, void *exec_env, uint32_t first);

#endif
