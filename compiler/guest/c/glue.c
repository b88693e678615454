/*
 * EdgeBox guest glue: the start-up of every EdgeBox module, part of the engine module (linked
 * and compiled once, see edgebox_app.h for how an app is placed into it).
 *
 * Two halves. `edgebox_init` (exported) creates the QuickJS-NG runtime and context, installs the
 * globals that do not depend on the run (the native object the Node layer builds on, the
 * qjs:std / qjs:os builtins), the promise rejection tracker and the interrupt handler that
 * reads the host control record (edgebox_host_control.h: how edgebox stops a run at a limit),
 * and reads and evaluates the app's program (the bundle: it loads the Node layer's preloaded
 * modules and returns the function that runs the app). `main` calls it unless a build-time
 * snapshot already did (`edgeboxc snapshot` runs it and stores the memory), then binds the run's
 * state (argv, env, the clock origin, the Math.random seed) and calls that function: it runs the
 * app under the Node layer's event loop (edgebox-node's internal/loop.js: console, process,
 * timers and uncaught errors are JavaScript) and returns the exit code. An exception that
 * escapes it (an engine failure, a run limit) is reported here.
 *
 * The module is linked as a WASI reactor (no wrapper around exports) with its own `_start`, so
 * that exported engine functions are the functions themselves: an app's code calls them
 * directly. Compile-time knobs: EDGEBOX_JS_STACK_SIZE (bytes of wasm shadow stack QuickJS may use
 * before throwing RangeError) and EDGEBOX_APP_AREA_SIZE (bytes reserved for the app's data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "edgebox_app.h"
#include "edgebox_host_abi.h"
#include "edgebox_host_control.h"
#include "edgebox_natives.h"
#include "quickjs.h"
#include "quickjs-libc.h"

#ifndef EDGEBOX_JS_STACK_SIZE
#define EDGEBOX_JS_STACK_SIZE (1024 * 1024)
#endif

#ifndef EDGEBOX_APP_AREA_SIZE
#error "EDGEBOX_APP_AREA_SIZE must be defined (bytes reserved for the app's data)"
#endif

/* Read and written by the host (exported, see edgebox_host_control.h). */
EdgeboxHostControl edgebox_host_control = {.abi_version = EDGEBOX_HOST_CONTROL_VERSION};

/* QuickJS's interrupt handler, polled about every 10,000 interpreter ticks, by frozen loops and
 * inside regex matching: a non-zero return stops the running JS with an uncatchable error. */
static int interrupt_requested(JSRuntime *rt, void *opaque) {
    return edgebox_host_control.interrupt != 0;
}

/* Filled in by edgeboxc's link stage (exported, so that it can find it). */
EdgeboxAppLink edgebox_app_link;

/* Where the link stage places the app's data and bytecode. It lies below the heap: wasi-libc's
 * malloc takes all memory from __heap_base to the end of the initial memory for itself, so the
 * app's bytes must be inside the engine's static data. Zero (.bss): it costs nothing in the
 * module, and pages the app does not use are never touched. */
__attribute__((aligned(64))) uint8_t edgebox_app_area[EDGEBOX_APP_AREA_SIZE];
/* Its size, for the link stage to check the app against. */
const uint32_t edgebox_app_area_size = EDGEBOX_APP_AREA_SIZE;

extern char **environ;
/* Synthesized by wasm-ld: the C constructors (wasi-libc registers preopens and such there). */
extern void __wasm_call_ctors(void);
/* wasi-libc: reads argv from WASI and calls main(argc, argv); runs atexit handlers and flushes
 * stdio. */
extern int __main_void(void);
extern void __wasm_call_dtors(void);

static double start_ms;

static double monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The object of native functions the Node layer builds on (node:internal/native takes it off
 * the global object before the app runs; its comment lists the functions). */
static JSValue native_obj;
/* native.setRejectionHandler's function, called on every promise rejection event. */
static JSValue rejection_handler;

/* write(fd, text | Uint8Array): fd 1 (stdout) or 2 (stderr). */
static JSValue js_native_write(JSContext *ctx, JSValueConst this_val, int argc,
                               JSValueConst *argv) {
    int fd;
    if (argc < 2 || JS_ToInt32(ctx, &fd, argv[0])) return JS_EXCEPTION;
    FILE *stream = fd == 2 ? stderr : stdout;
    size_t len = 0;
    if (JS_IsString(argv[1])) {
        const char *text = JS_ToCStringLen(ctx, &len, argv[1]);
        if (!text) return JS_EXCEPTION;
        if (fd == 2) fflush(stdout); /* keep stdout and stderr in order under 2>&1 */
        fwrite(text, 1, len, stream);
        JS_FreeCString(ctx, text);
    } else {
        uint8_t *bytes = JS_GetUint8Array(ctx, &len, argv[1]);
        if (!bytes) return JS_EXCEPTION;
        if (fd == 2) fflush(stdout);
        fwrite(bytes, 1, len, stream);
    }
    if (fd == 2) fflush(stream);
    return JS_UNDEFINED;
}

static JSValue js_native_exit(JSContext *ctx, JSValueConst this_val, int argc,
                              JSValueConst *argv) {
    int code = 0;
    if (argc > 0 && !JS_IsUndefined(argv[0]) && JS_ToInt32(ctx, &code, argv[0]))
        return JS_EXCEPTION;
    fflush(stdout);
    fflush(stderr);
    exit(code);
}

static JSValue js_native_now(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    return JS_NewFloat64(ctx, monotonic_ms() - start_ms);
}

static JSValue js_native_hrtime(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return JS_NewBigUint64(ctx, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

/* sleep(ms): blocks in WASI poll_oneoff (wasi-libc's nanosleep), standard output flushed first
 * (what a program printed shows before it waits, as Node's synchronous stdout has it). */
static JSValue js_native_sleep(JSContext *ctx, JSValueConst this_val, int argc,
                               JSValueConst *argv) {
    double ms = 0;
    if (argc > 0 && JS_ToFloat64(ctx, &ms, argv[0])) return JS_EXCEPTION;
    if (ms > 0) {
        fflush(stdout);
        struct timespec ts = {.tv_sec = (time_t)(ms / 1e3),
                              .tv_nsec = (long)((ms - (double)(time_t)(ms / 1e3) * 1e3) * 1e6)};
        nanosleep(&ts, NULL);
    }
    return JS_UNDEFINED;
}

/* How many fds one waitReadable may watch (the loop watches fd 0 only: stdin's readers). */
#define WAIT_MAX_FDS 8

/* waitReadable(fds, ms) -> the fds of `fds` that a read would not block on (data, the end, or an
 * error the read will tell), waiting until one is or `ms` milliseconds have passed (ms < 0: no
 * limit, 0: no wait). One WASI poll_oneoff: an fd_read subscription per fd and a relative
 * monotonic clock subscription for the limit. Standard output is flushed first: what a program
 * printed before it waits for input must be out (a prompt, an answer to a pipe's other end). */
static JSValue js_native_wait_readable(JSContext *ctx, JSValueConst this_val, int argc,
                                       JSValueConst *argv) {
    int64_t count;
    double ms;
    if (argc < 2 || JS_GetLength(ctx, argv[0], &count) || JS_ToFloat64(ctx, &ms, argv[1]))
        return JS_EXCEPTION;
    if (count < 0 || count > WAIT_MAX_FDS)
        return JS_ThrowRangeError(ctx, "waitReadable: at most %d fds", WAIT_MAX_FDS);
    __wasi_subscription_t in[WAIT_MAX_FDS + 1];
    __wasi_event_t out[WAIT_MAX_FDS + 1];
    size_t n = 0;
    for (uint32_t i = 0; i < (uint32_t)count; i++) {
        int32_t fd;
        JSValue item = JS_GetPropertyUint32(ctx, argv[0], i);
        int failed = JS_ToInt32(ctx, &fd, item);
        JS_FreeValue(ctx, item);
        if (failed) return JS_EXCEPTION;
        in[n++] = (__wasi_subscription_t){
            .userdata = (uint32_t)fd,
            .u = {.tag = __WASI_EVENTTYPE_FD_READ, .u.fd_read = {.file_descriptor = (__wasi_fd_t)fd}},
        };
    }
    if (ms >= 0)
        in[n++] = (__wasi_subscription_t){
            .userdata = UINT64_MAX,
            .u = {.tag = __WASI_EVENTTYPE_CLOCK,
                  .u.clock = {.id = __WASI_CLOCKID_MONOTONIC, .timeout = (uint64_t)(ms * 1e6)}},
        };
    JSValue ready = JS_NewArray(ctx);
    if (n == 0) return ready;
    if (ms != 0) fflush(stdout);
    __wasi_size_t events = 0;
    __wasi_errno_t error = __wasi_poll_oneoff(in, out, n, &events);
    if (error != 0 && error != __WASI_ERRNO_INTR) {
        JS_FreeValue(ctx, ready);
        return JS_ThrowInternalError(ctx, "poll_oneoff failed (WASI errno %d)", error);
    }
    uint32_t found = 0;
    for (size_t i = 0; error == 0 && i < events; i++) {
        if (out[i].type != __WASI_EVENTTYPE_FD_READ) continue;
        JS_SetPropertyUint32(ctx, ready, found++, JS_NewInt32(ctx, (int32_t)out[i].userdata));
    }
    return ready;
}

/* runJobs(): runs promise jobs until none is left; a job's exception is thrown (the jobs
 * after it stay queued). */
static JSValue js_native_run_jobs(JSContext *ctx, JSValueConst this_val, int argc,
                                  JSValueConst *argv) {
    JSContext *job_ctx;
    for (;;) {
        int ran = JS_ExecutePendingJob(JS_GetRuntime(ctx), &job_ctx);
        if (ran == 0) return JS_UNDEFINED;
        if (ran < 0) return JS_EXCEPTION;
    }
}

static void track_rejection(JSContext *ctx, JSValueConst promise, JSValueConst reason,
                            bool is_handled, void *opaque) {
    if (!JS_IsFunction(ctx, rejection_handler)) {
        js_std_promise_rejection_tracker(ctx, promise, reason, is_handled, opaque);
        return;
    }
    JSValueConst args[3] = {promise, reason, JS_NewBool(ctx, is_handled)};
    JSValue result = JS_Call(ctx, rejection_handler, JS_UNDEFINED, 3, args);
    if (JS_IsException(result)) JS_FreeValue(ctx, JS_GetException(ctx));
    JS_FreeValue(ctx, result);
}

static JSValue js_native_set_rejection_handler(JSContext *ctx, JSValueConst this_val, int argc,
                                               JSValueConst *argv) {
    JS_FreeValue(ctx, rejection_handler);
    rejection_handler = argc > 0 ? JS_DupValue(ctx, argv[0]) : JS_UNDEFINED;
    return JS_UNDEFINED;
}

/* promiseState(p): [state, value] with state 0 pending, 1 fulfilled, 2 rejected; undefined when
 * p is not a promise. */
static JSValue js_native_promise_state(JSContext *ctx, JSValueConst this_val, int argc,
                                       JSValueConst *argv) {
    if (argc < 1 || !JS_IsPromise(argv[0])) return JS_UNDEFINED;
    JSValue pair = JS_NewArray(ctx);
    JSPromiseStateEnum state = JS_PromiseState(ctx, argv[0]);
    JS_SetPropertyUint32(ctx, pair, 0, JS_NewInt32(ctx, (int32_t)state));
    JS_SetPropertyUint32(ctx, pair, 1,
                         state == JS_PROMISE_PENDING ? JS_UNDEFINED
                                                     : JS_PromiseResult(ctx, argv[0]));
    return pair;
}

/* proxyParts(v): [target, handler] of a proxy; undefined for anything else. */
static JSValue js_native_proxy_parts(JSContext *ctx, JSValueConst this_val, int argc,
                                     JSValueConst *argv) {
    if (argc < 1 || !JS_IsProxy(argv[0])) return JS_UNDEFINED;
    JSValue pair = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, pair, 0, JS_GetProxyTarget(ctx, argv[0]));
    JS_SetPropertyUint32(ctx, pair, 1, JS_GetProxyHandler(ctx, argv[0]));
    return pair;
}

static JSValue js_native_isatty(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
    int fd;
    if (argc < 1 || JS_ToInt32(ctx, &fd, argv[0])) return JS_EXCEPTION;
    return JS_NewBool(ctx, isatty(fd) == 1);
}

const char *edgebox_cwd = "/";

static JSValue js_native_cwd(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    return JS_NewString(ctx, edgebox_cwd);
}

/* sourceLine(file, line): line `line` of the app's file `file` from the artifact (the host's
 * edgebox_source_line), or undefined. */
static JSValue js_native_source_line(JSContext *ctx, JSValueConst this_val, int argc,
                                     JSValueConst *argv) {
    uint32_t line;
    size_t file_len;
    if (argc < 2 || JS_ToUint32(ctx, &line, argv[1]) < 0) return JS_EXCEPTION;
    const char *file = JS_ToCStringLen(ctx, &file_len, argv[0]);
    if (!file) return JS_EXCEPTION;
    uint8_t small[256];
    int32_t n = edgebox_source_line((const uint8_t *)file, file_len, line, small, sizeof small);
    JSValue result = JS_UNDEFINED;
    if (n >= 0 && (size_t)n <= sizeof small) {
        result = JS_NewStringLen(ctx, (const char *)small, n);
    } else if (n > 0) {
        uint8_t *big = js_malloc(ctx, n);
        if (big && edgebox_source_line((const uint8_t *)file, file_len, line, big, n) == n)
            result = JS_NewStringLen(ctx, (const char *)big, n);
        js_free(ctx, big);
    }
    JS_FreeCString(ctx, file);
    return result;
}

/* randomFill(u8): fills the array with random bytes (WASI random_get). */
static JSValue js_native_random_fill(JSContext *ctx, JSValueConst this_val, int argc,
                                     JSValueConst *argv) {
    size_t size;
    uint8_t *bytes = argc > 0 ? JS_GetUint8Array(ctx, &size, argv[0]) : NULL;
    if (!bytes) return JS_EXCEPTION;
    if (__wasi_random_get(bytes, size) != 0)
        return JS_ThrowInternalError(ctx, "the host gave no random bytes");
    return JS_UNDEFINED;
}

/* memoryUsage() -> [rss (linear memory), heapTotal (malloc'd), heapUsed (in use by the
 * engine), arrayBuffers] in bytes. */
static JSValue js_native_memory_usage(JSContext *ctx, JSValueConst this_val, int argc,
                                      JSValueConst *argv) {
    JSMemoryUsage usage;
    JS_ComputeMemoryUsage(JS_GetRuntime(ctx), &usage);
    double fields[4] = {
        (double)__builtin_wasm_memory_size(0) * 65536.0,
        (double)usage.malloc_size,
        (double)usage.memory_used_size,
        (double)usage.binary_object_size,
    };
    JSValue array = JS_NewArray(ctx);
    for (uint32_t i = 0; i < 4; i++) JS_SetPropertyUint32(ctx, array, i, JS_NewFloat64(ctx, fields[i]));
    return array;
}

static const JSCFunctionListEntry native_functions[] = {
    JS_CFUNC_DEF("write", 2, js_native_write),
    JS_CFUNC_DEF("exit", 1, js_native_exit),
    JS_CFUNC_DEF("now", 0, js_native_now),
    JS_CFUNC_DEF("hrtime", 0, js_native_hrtime),
    JS_CFUNC_DEF("sleep", 1, js_native_sleep),
    JS_CFUNC_DEF("waitReadable", 2, js_native_wait_readable),
    JS_CFUNC_DEF("runJobs", 0, js_native_run_jobs),
    JS_CFUNC_DEF("setRejectionHandler", 1, js_native_set_rejection_handler),
    JS_CFUNC_DEF("promiseState", 1, js_native_promise_state),
    JS_CFUNC_DEF("proxyParts", 1, js_native_proxy_parts),
    JS_CFUNC_DEF("isatty", 1, js_native_isatty),
    JS_CFUNC_DEF("cwd", 0, js_native_cwd),
    JS_CFUNC_DEF("randomFill", 1, js_native_random_fill),
    JS_CFUNC_DEF("sourceLine", 2, js_native_source_line),
    JS_CFUNC_DEF("memoryUsage", 0, js_native_memory_usage),
};

/* __edgebox_builtin("qjs:std" | "qjs:os" | "qjs:bjson"): the namespace of a QuickJS builtin module, for
 * bundled scripts (the bundler rewrites imports of these modules to this call). */
static JSValue js_builtin(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    const char *name = argc > 0 ? JS_ToCString(ctx, argv[0]) : NULL;
    if (!name) return JS_ThrowTypeError(ctx, "__edgebox_builtin: expected a module name");
    if (strcmp(name, "qjs:std") != 0 && strcmp(name, "qjs:os") != 0 &&
        strcmp(name, "qjs:bjson") != 0) {
        JSValue e = JS_ThrowTypeError(ctx, "unknown builtin module '%s'", name);
        JS_FreeCString(ctx, name);
        return e;
    }
    char source[160];
    int len = snprintf(source, sizeof source,
                       "import * as m from '%s'; globalThis.__edgebox_builtin_ns = m;", name);
    JS_FreeCString(ctx, name);
    JSValue promise = JS_Eval(ctx, source, (size_t)len, "<edgebox-builtin>", JS_EVAL_TYPE_MODULE);
    JSValue done = js_std_await(ctx, promise);
    if (JS_IsException(done)) return done;
    JS_FreeValue(ctx, done);
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue ns = JS_GetPropertyStr(ctx, global, "__edgebox_builtin_ns");
    JSAtom atom = JS_NewAtom(ctx, "__edgebox_builtin_ns");
    JS_DeleteProperty(ctx, global, atom, 0);
    JS_FreeAtom(ctx, atom);
    JS_FreeValue(ctx, global);
    return ns;
}

/* The globals that do not depend on the run: the native object of the Node layer,
 * __edgebox_builtin. Part of the pre-initialized state. */
static void install_static_globals(JSContext *ctx) {
    JSValue global = JS_GetGlobalObject(ctx);

    native_obj = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, native_obj, native_functions,
                               sizeof native_functions / sizeof native_functions[0]);
    JS_SetPropertyStr(ctx, native_obj, "quickjsVersion", JS_NewString(ctx, JS_GetVersion()));
    edgebox_fs_install(ctx, native_obj);
    edgebox_encoding_install(ctx, native_obj);
    edgebox_crypto_install(ctx, native_obj);
    edgebox_zlib_install(ctx, native_obj);
    edgebox_child_process_install(ctx, native_obj);
    edgebox_net_install(ctx, native_obj);
    edgebox_serve_install(ctx, native_obj);
    rejection_handler = JS_UNDEFINED;
    JS_DefinePropertyValueStr(ctx, global, "__edgebox_native", JS_DupValue(ctx, native_obj),
                              JS_PROP_CONFIGURABLE);

    /* QuickJS-NG's own atob, btoa and queueMicrotask, for the Node layer's globals of those
     * names (which check their arguments as Node does, then call these). */
    static const char *const engine_globals[] = {"atob", "btoa", "queueMicrotask"};
    for (size_t i = 0; i < sizeof engine_globals / sizeof engine_globals[0]; i++)
        JS_SetPropertyStr(ctx, native_obj, engine_globals[i],
                          JS_GetPropertyStr(ctx, global, engine_globals[i]));

    JS_DefinePropertyValueStr(ctx, global, "__edgebox_builtin",
                              JS_NewCFunction(ctx, js_builtin, "__edgebox_builtin", 1),
                              JS_PROP_CONFIGURABLE);
    JS_FreeValue(ctx, global);
}

static int report_uncaught(JSContext *ctx) {
    fflush(stdout);
    if (edgebox_host_control.interrupt) {
        /* Stopped by the host for a run limit, which it reports itself. */
        fflush(stderr);
        return EDGEBOX_EXIT_INTERRUPTED;
    }
    fputs("Uncaught ", stderr);
    js_std_dump_error(ctx);
    fflush(stderr);
    return 1;
}

/* Set by edgebox_init once the runtime, the context, the static globals and the app's bytecode
 * are ready. A snapshot (edgeboxc snapshot) runs edgebox_init at build time and stores the
 * resulting memory, so this flag is already 1 when such a module starts. */
static int edgebox_initialized;
static JSRuntime *edgebox_rt;
static JSContext *edgebox_ctx;
/* The function that runs the app: the value of the app's program (the bundle), which
 * edgebox_init reads from its bytecode and evaluates (the bundle loads the Node layer's
 * preloaded modules then; see edgebox_node::PRELOAD), and main calls. */
static JSValue edgebox_run_app;
/* Non-zero when edgebox_init failed: main reports the pending exception of edgebox_ctx, or a
 * message when there is no context. */
static int edgebox_init_failed;

/* Everything that does not depend on the run. It must not observe time, randomness, the
 * environment, arguments or files (the snapshot refuses or fixes what it could observe); main
 * binds those afterwards. Returns 0 on success; on failure main reports the error when the
 * module runs. */
static int init_engine(void) {
    if (edgebox_initialized) return 0;
    edgebox_initialized = 1;
    /* The runtime is created here and only here. */
    JSRuntime *rt = JS_NewRuntime();
    if (!rt) {
        edgebox_init_failed = 1;
        return 1;
    }
    JS_SetMaxStackSize(rt, EDGEBOX_JS_STACK_SIZE);
    JS_SetInterruptHandler(rt, interrupt_requested, NULL);
    if (edgebox_app_link.code) JS_SetFrozenLookup(rt, edgebox_app_link.code->frozen_lookup);
    js_std_init_handlers(rt);
    JS_SetHostPromiseRejectionTracker(rt, track_rejection, NULL);
    edgebox_rt = rt;
    JSContext *ctx = JS_NewContext(rt);
    if (!ctx) {
        edgebox_init_failed = 1;
        return 1;
    }
    edgebox_ctx = ctx;
    edgebox_host_control.interrupt_counter = (uint32_t)(uintptr_t)JS_GetInterruptCounter(ctx);
    js_init_module_std(ctx, "qjs:std");
    js_init_module_os(ctx, "qjs:os");
    js_init_module_bjson(ctx, "qjs:bjson");
    install_static_globals(ctx);
    JSValue program = JS_ReadObject(ctx, edgebox_app_link.bytecode, edgebox_app_link.bytecode_len,
                                    JS_READ_OBJ_BYTECODE);
    if (JS_IsException(program)) {
        edgebox_init_failed = 1;
        return 1;
    }
    edgebox_run_app = JS_EvalFunction(ctx, program);
    if (JS_IsException(edgebox_run_app)) {
        edgebox_init_failed = 1;
        return 1;
    }
    /* JS_ReadObject copied what it needs: clear the program's bytes, so that the build-time
     * snapshot (which keeps only non-zero memory) does not carry them beside the functions made
     * from them, and every start copies that much less. */
    memset((uint8_t *)edgebox_app_link.bytecode, 0, edgebox_app_link.bytecode_len);
    return 0;
}

/* The init, exported so that `edgeboxc snapshot` runs it at build time (after the constructors,
 * as a wasm-ld command wrapper would: they run again at run time, against the real WASI). */
__attribute__((export_name("edgebox_init"))) int edgebox_init(void) {
    __wasm_call_ctors();
    return init_engine();
}

/* The current directory, which edgebox passes as EDGEBOX_CWD (its name in the guest: granted
 * directories are preopened under their own absolute paths). It is not part of process.env. The
 * C library's relative paths follow it when the policy grants it. */
static void bind_cwd(void) {
    const char *cwd = getenv("EDGEBOX_CWD");
    if (!cwd || cwd[0] != '/') return;
    char *copy = strdup(cwd);
    unsetenv("EDGEBOX_CWD");
    if (!copy) return;
    edgebox_cwd = copy;
    (void)chdir(copy);
}

/* What depends on the run: the current directory, process.argv, process.env, the
 * performance.now origin and the seed of Math.random (a snapshot would otherwise replay the
 * build's sequence). */
static void bind_dynamic_state(JSContext *ctx, int argc, char **argv) {
    bind_cwd();
    uint64_t seed = 0;
    if (getentropy(&seed, sizeof seed) != 0) seed = (uint64_t)(monotonic_ms() * 1e3);
    JS_SetRandomSeed(ctx, seed);

    JSValue process = native_obj;

    /* process.argv follows node: [runtime, app, ...args]. */
    JSValue args = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, args, 0, JS_NewString(ctx, "edgebox"));
    for (int i = 0; i < argc; i++)
        JS_SetPropertyUint32(ctx, args, (uint32_t)i + 1, JS_NewString(ctx, argv[i]));
    JS_SetPropertyStr(ctx, process, "argv", args);

    /* The host passes only the variables the policy allows. */
    JSValue env = JS_NewObject(ctx);
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq) continue;
        JSAtom key = JS_NewAtomLen(ctx, *e, (size_t)(eq - *e));
        JS_SetProperty(ctx, env, key, JS_NewString(ctx, eq + 1));
        JS_FreeAtom(ctx, key);
    }
    JS_SetPropertyStr(ctx, process, "env", env);
}

/* edgeboxd (EDGEBOX_SERVE_* below): set by edgebox_serve_init, which main then finishes; the
 * function that serves one request, which the app's program returns in that mode. */
static int edgebox_serving;
/* Bytes a request may allocate before QuickJS collects (see prepare_serving). */
#define EDGEBOX_SERVE_GC_HEADROOM (16 * 1024 * 1024)
static JSValue edgebox_serve_one;

/* The app's program in serving mode (node:internal/native's `serving`): it evaluates the app's
 * entry, runs the event loop until nothing is pending, and returns the function that serves a
 * request, or undefined when the entry exports no fetch handler. */
static int prepare_serving(JSContext *ctx) {
    JS_SetPropertyStr(ctx, native_obj, "serving", JS_TRUE);
    JSValue result = JS_Call(ctx, edgebox_run_app, JS_UNDEFINED, 0, NULL);
    if (JS_IsException(result)) return report_uncaught(ctx);
    if (!JS_IsFunction(ctx, result)) {
        JS_FreeValue(ctx, result);
        fflush(stdout);
        return EDGEBOX_SERVE_NO_HANDLER;
    }
    edgebox_serve_one = result;
    /* Collect now, so that the image holds no garbage, and give requests room: a collection
     * during a request writes to every object's header, and every page it writes is a
     * copy-on-write fault of the image (measured: benches/src/daemon.rs). A request that
     * allocates more than the headroom still collects. */
    JS_RunGC(edgebox_rt);
    JSMemoryUsage usage;
    JS_ComputeMemoryUsage(edgebox_rt, &usage);
    JS_SetGCThreshold(edgebox_rt, (size_t)usage.malloc_size + EDGEBOX_SERVE_GC_HEADROOM);
    fflush(stdout);
    fflush(stderr);
    return 0;
}

int main(int argc, char **argv) {
    start_ms = monotonic_ms();
    init_engine();
    if (!edgebox_rt) {
        fputs("edgebox: cannot create the JavaScript runtime (out of memory)\n", stderr);
        return 1;
    }
    if (!edgebox_ctx) {
        fputs("edgebox: cannot create the JavaScript context (out of memory)\n", stderr);
        return 1;
    }
    JSContext *ctx = edgebox_ctx;
    if (edgebox_init_failed) return report_uncaught(ctx);
    if (edgebox_host_control.max_heap_bytes)
        JS_SetMemoryLimit(edgebox_rt, (size_t)edgebox_host_control.max_heap_bytes);
    bind_dynamic_state(ctx, argc, argv);
    if (edgebox_serving) return prepare_serving(ctx);
    /* Runs the app under the Node layer's event loop; returns the exit code. */
    JSValue result = JS_Call(ctx, edgebox_run_app, JS_UNDEFINED, 0, NULL);
    if (JS_IsException(result)) return report_uncaught(ctx);
    int code = 0;
    if (JS_IsNumber(result) && JS_ToInt32(ctx, &code, result)) code = 1;
    JS_FreeValue(ctx, result);
    if (code != 0) {
        fflush(stdout);
        return code;
    }
    /* What is left of QuickJS's own timers (qjs:os setTimeout). */
    if (js_std_loop(ctx)) return report_uncaught(ctx);
    fflush(stdout);
    return 0;
}

/* edgeboxd's start of an instance, instead of `_start`: the constructors (against the real
 * WASI), the engine (unless the snapshot has it), the run's state, then the app's entry, run
 * until its event loop has nothing pending. Returns 0 when the app exports a fetch handler
 * (its memory is then the image every request starts from), EDGEBOX_SERVE_NO_HANDLER when it
 * does not, another exit code when it failed (reported on stderr). */
__attribute__((export_name("edgebox_serve_init"))) int edgebox_serve_init(void) {
    edgebox_serving = 1;
    __wasm_call_ctors();
    return __main_void();
}

/* Serves the request the host holds (edgebox_serve_request) with the app's fetch handler, on
 * an instance in the state edgebox_serve_init left: a fresh seed for Math.random and clock
 * origin. Returns 0 when the handler has answered, 1 when it failed or an exception escaped
 * (reported on stderr); the host answers 500 for a request that got no response head. */
__attribute__((export_name("edgebox_serve_handle"))) int edgebox_serve_handle(void) {
    JSContext *ctx = edgebox_ctx;
    start_ms = monotonic_ms();
    uint64_t seed = 0;
    if (getentropy(&seed, sizeof seed) != 0) seed = (uint64_t)(start_ms * 1e3);
    JS_SetRandomSeed(ctx, seed);
    JSValue result = JS_Call(ctx, edgebox_serve_one, JS_UNDEFINED, 0, NULL);
    if (JS_IsException(result)) return report_uncaught(ctx);
    int failed = 0;
    if (JS_IsNumber(result) && JS_ToInt32(ctx, &failed, result)) failed = 1;
    JS_FreeValue(ctx, result);
    fflush(stdout);
    fflush(stderr);
    return failed ? 1 : 0;
}

/* The command entry point, as wasi-libc's crt1-command.o has it. */
__attribute__((export_name("_start"))) void edgebox_start(void) {
    __wasm_call_ctors();
    int status = __main_void();
    __wasm_call_dtors();
    if (status != 0) __wasi_proc_exit((__wasi_exitcode_t)status);
}
