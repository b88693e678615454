/*
 * EdgeBox guest glue: the start-up of every EdgeBox module, part of the engine module (linked
 * and compiled once, see edgebox_app.h for how an app is placed into it).
 *
 * Two halves. `edgebox_init` (exported) creates the QuickJS-NG runtime and context, installs the
 * host-facing globals that do not depend on the run (console, process.exit/platform, performance,
 * the qjs:std / qjs:os builtins) and the interrupt handler that reads the host control record
 * (edgebox_host_control.h: how edgebox stops a run at a limit), and reads the app's bytecode. `main` calls it unless a
 * build-time snapshot already did (`edgeboxc snapshot` runs it and stores the memory), then binds
 * the run's state (process.argv, process.env, the performance.now origin, the Math.random seed),
 * runs the program, drains promise jobs and timers, and turns an uncaught exception or unhandled
 * rejection into a message + stack on stderr and exit code 1.
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
#include "edgebox_host_control.h"
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

/* A growable output line for console methods. */
typedef struct {
    char *data;
    size_t len, cap;
} Line;

static void line_append(Line *l, const char *s, size_t n) {
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        while (cap < l->len + n + 1) cap *= 2;
        char *data = realloc(l->data, cap);
        if (!data) return; /* out of memory: drop the text rather than crash */
        l->data = data;
        l->cap = cap;
    }
    memcpy(l->data + l->len, s, n);
    l->len += n;
    l->data[l->len] = 0;
}

static void line_puts(Line *l, const char *s) { line_append(l, s, strlen(s)); }

static double monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Appends one console argument: strings as they are, errors with their stack, other objects as
 * JSON when they have a JSON form, everything else through ToString. */
static void append_value(JSContext *ctx, Line *out, JSValueConst v) {
    const char *s = NULL;
    size_t s_len = 0;
    JSValue text = JS_UNDEFINED;
    if (JS_IsString(v)) {
        s = JS_ToCStringLen(ctx, &s_len, v);
    } else if (JS_IsError(v)) {
        /* A throwing getter or toString must not leave an exception pending: the app would end
         * with "Uncaught" after a successful run. */
        JSValue stack = JS_GetPropertyStr(ctx, v, "stack");
        if (JS_IsException(stack)) JS_FreeValue(ctx, JS_GetException(ctx));
        JSValue head = JS_ToString(ctx, v);
        if (JS_IsException(head)) JS_FreeValue(ctx, JS_GetException(ctx));
        const char *h = JS_IsString(head) ? JS_ToCString(ctx, head) : NULL;
        const char *st = JS_IsString(stack) ? JS_ToCString(ctx, stack) : NULL;
        line_puts(out, h ? h : "Error");
        if (st && *st) {
            line_puts(out, "\n");
            line_puts(out, st);
        }
        while (out->len && out->data[out->len - 1] == '\n') out->data[--out->len] = 0;
        if (h) JS_FreeCString(ctx, h);
        if (st) JS_FreeCString(ctx, st);
        JS_FreeValue(ctx, head);
        JS_FreeValue(ctx, stack);
        return;
    } else if (JS_IsObject(v) && !JS_IsFunction(ctx, v)) {
        text = JS_JSONStringify(ctx, v, JS_UNDEFINED, JS_UNDEFINED);
        if (JS_IsException(text)) {
            JS_FreeValue(ctx, JS_GetException(ctx));
            text = JS_UNDEFINED;
        }
        if (JS_IsString(text)) s = JS_ToCStringLen(ctx, &s_len, text);
    }
    if (!s && !JS_IsString(v)) {
        JS_FreeValue(ctx, text);
        text = JS_IsSymbol(v) ? JS_UNDEFINED : JS_ToString(ctx, v);
        if (JS_IsException(text)) {
            JS_FreeValue(ctx, JS_GetException(ctx));
            text = JS_UNDEFINED;
        }
        s = JS_IsString(text) ? JS_ToCStringLen(ctx, &s_len, text) : NULL;
        if (!s && JS_IsSymbol(v)) {
            JSValue desc = JS_GetPropertyStr(ctx, v, "description");
            const char *d = JS_IsString(desc) ? JS_ToCString(ctx, desc) : NULL;
            line_puts(out, "Symbol(");
            if (d) line_puts(out, d);
            line_puts(out, ")");
            if (d) JS_FreeCString(ctx, d);
            JS_FreeValue(ctx, desc);
        } else if (!s) {
            JS_FreeValue(ctx, JS_GetException(ctx));
            line_puts(out, "<unprintable>");
        }
    }
    if (s) {
        line_append(out, s, s_len);
        JS_FreeCString(ctx, s);
    }
    JS_FreeValue(ctx, text);
}

/* console.log / info / debug (magic 0 → stdout) and console.error / warn (magic 1 → stderr). */
static JSValue js_console_write(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv, int magic) {
    Line out = {0};
    for (int i = 0; i < argc; i++) {
        if (i) line_puts(&out, " ");
        append_value(ctx, &out, argv[i]);
    }
    line_puts(&out, "\n");
    FILE *stream = magic ? stderr : stdout;
    if (magic) fflush(stdout); /* keep stdout and stderr in order under 2>&1 */
    if (out.data) fwrite(out.data, 1, out.len, stream);
    if (magic) fflush(stream);
    free(out.data);
    return JS_UNDEFINED;
}

static JSValue js_process_exit(JSContext *ctx, JSValueConst this_val, int argc,
                               JSValueConst *argv) {
    int code = 0;
    if (argc > 0 && !JS_IsUndefined(argv[0]) && JS_ToInt32(ctx, &code, argv[0]))
        return JS_EXCEPTION;
    fflush(stdout);
    fflush(stderr);
    exit(code);
}

static JSValue js_performance_now(JSContext *ctx, JSValueConst this_val, int argc,
                                  JSValueConst *argv) {
    return JS_NewFloat64(ctx, monotonic_ms() - start_ms);
}

/* __edgebox_builtin("qjs:std" | "qjs:os"): the namespace of a QuickJS builtin module, for
 * bundled scripts (the bundler rewrites imports of these modules to this call). */
static JSValue js_builtin(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    const char *name = argc > 0 ? JS_ToCString(ctx, argv[0]) : NULL;
    if (!name) return JS_ThrowTypeError(ctx, "__edgebox_builtin: expected a module name");
    if (strcmp(name, "qjs:std") != 0 && strcmp(name, "qjs:os") != 0) {
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

/* The globals that do not depend on the run: console, the process skeleton (exit, platform),
 * performance, __edgebox_builtin. Part of the pre-initialized state. */
static void install_static_globals(JSContext *ctx) {
    JSValue global = JS_GetGlobalObject(ctx);

    JSValue console = JS_NewObject(ctx);
    static const char *const out_names[] = {"log", "info", "debug"};
    static const char *const err_names[] = {"error", "warn", "trace"};
    for (int i = 0; i < 3; i++) {
        JS_SetPropertyStr(ctx, console, out_names[i],
                          JS_NewCFunctionMagic(ctx, js_console_write, out_names[i], 1,
                                               JS_CFUNC_generic_magic, 0));
        JS_SetPropertyStr(ctx, console, err_names[i],
                          JS_NewCFunctionMagic(ctx, js_console_write, err_names[i], 1,
                                               JS_CFUNC_generic_magic, 1));
    }
    JS_SetPropertyStr(ctx, global, "console", console);

    /* process.argv and process.env are bound at run time (bind_dynamic_state). */
    JSValue process = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, process, "exit", JS_NewCFunction(ctx, js_process_exit, "exit", 1));
    JS_SetPropertyStr(ctx, process, "platform", JS_NewString(ctx, "wasi"));
    JS_SetPropertyStr(ctx, global, "process", process);

    JSValue performance = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, performance, "now",
                      JS_NewCFunction(ctx, js_performance_now, "now", 0));
    JS_SetPropertyStr(ctx, global, "performance", performance);

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
/* The app's program, read from its bytecode by edgebox_init, evaluated by main. */
static JSValue edgebox_program;
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
    JS_SetHostPromiseRejectionTracker(rt, js_std_promise_rejection_tracker, NULL);
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
    install_static_globals(ctx);
    edgebox_program = JS_ReadObject(ctx, edgebox_app_link.bytecode, edgebox_app_link.bytecode_len,
                                    JS_READ_OBJ_BYTECODE);
    if (JS_IsException(edgebox_program)) {
        edgebox_init_failed = 1;
        return 1;
    }
    return 0;
}

/* The init, exported so that `edgeboxc snapshot` runs it at build time (after the constructors,
 * as a wasm-ld command wrapper would: they run again at run time, against the real WASI). */
__attribute__((export_name("edgebox_init"))) int edgebox_init(void) {
    __wasm_call_ctors();
    return init_engine();
}

/* What depends on the run: process.argv, process.env, the performance.now origin and the seed
 * of Math.random (a snapshot would otherwise replay the build's sequence). */
static void bind_dynamic_state(JSContext *ctx, int argc, char **argv) {
    uint64_t seed = 0;
    if (getentropy(&seed, sizeof seed) != 0) seed = (uint64_t)(monotonic_ms() * 1e3);
    JS_SetRandomSeed(ctx, seed);

    JSValue global = JS_GetGlobalObject(ctx);
    JSValue process = JS_GetPropertyStr(ctx, global, "process");

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
    JS_FreeValue(ctx, process);
    JS_FreeValue(ctx, global);
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
    JSValue result = JS_EvalFunction(ctx, edgebox_program);
    edgebox_program = JS_UNDEFINED;
    if (JS_IsException(result)) return report_uncaught(ctx);
    JS_FreeValue(ctx, result);
    if (js_std_loop(ctx)) return report_uncaught(ctx);
    fflush(stdout);
    return 0;
}

/* The command entry point, as wasi-libc's crt1-command.o has it. */
__attribute__((export_name("_start"))) void edgebox_start(void) {
    __wasm_call_ctors();
    int status = __main_void();
    __wasm_call_dtors();
    if (status != 0) __wasi_proc_exit((__wasi_exitcode_t)status);
}
