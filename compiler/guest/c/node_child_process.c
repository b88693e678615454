/*
 * native.proc: the child processes of node:child_process (edgebox-node lib/child_process.js)
 * over the host's process calls (edgebox_host_abi.h). The host keeps the processes and checks
 * the policy; the guest holds their handles. Every call returns at once; the JS side builds
 * spawnSync, spawn and the event loop's child watchers on top.
 *
 *   spawn(requestJson) -> handle (>= 0) | -errno      the request as edgebox_proc_spawn takes it;
 *                                                    stdout is flushed first
 *   read(handle, stream, u8) -> bytes (> 0) | 0 (the end) | -errno (-6 EAGAIN: nothing yet)
 *   write(handle, u8, offset, length) -> bytes accepted | -errno (-6 EAGAIN: the pipe is full)
 *   closeStdin(handle) -> 0 | -errno
 *   status(handle) -> undefined while it runs | [code, signal] once it exited | -errno
 *   kill(handle, signal) -> 0 | -errno (-71 ESRCH: it has exited)
 *   release(handle) -> 0 | -errno
 *   wait(ms, what) -> the EDGEBOX_WAIT_* bits that are ready (ms < 0: no limit), stdout
 *                     flushed first unless ms is 0
 *   waitOne(handle, ms) -> 1 when that child has news, 0 when the time passed (a synchronous
 *                     spawn waits here, deaf to the app's other children)
 *   lastError() -> the host's message for the last failed call ("" when it gave none)
 *   WAIT_STDIN, WAIT_CHILDREN  the bits of `what`
 *
 * A failure is a negative WASI errno (wasi/api.h), as native.fs's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "edgebox_host_abi.h"
#include "edgebox_natives.h"

/* QuickJS pads argv with undefined up to each function's declared length. */
static int arg_u32(JSContext *ctx, JSValueConst *argv, int i, uint32_t *out) {
    return JS_ToUint32(ctx, out, argv[i]);
}

static JSValue proc_spawn(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    size_t len;
    const char *request = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!request) return JS_EXCEPTION;
    uint32_t handle = 0;
    fflush(stdout); /* what the app printed comes before what a child with our stdout prints */
    int32_t r = edgebox_proc_spawn((const uint8_t *)request, (uint32_t)len, &handle);
    JS_FreeCString(ctx, request);
    return r < 0 ? JS_NewInt32(ctx, r) : JS_NewUint32(ctx, handle);
}

static JSValue proc_read(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle, stream;
    size_t size;
    if (arg_u32(ctx, argv, 0, &handle) || arg_u32(ctx, argv, 1, &stream))
        return JS_EXCEPTION;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[2]);
    if (!bytes) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_proc_read(handle, stream, bytes, (uint32_t)size));
}

static JSValue proc_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle, offset, length;
    size_t size;
    if (arg_u32(ctx, argv, 0, &handle) || arg_u32(ctx, argv, 2, &offset) ||
        arg_u32(ctx, argv, 3, &length))
        return JS_EXCEPTION;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[1]);
    if (!bytes) return JS_EXCEPTION;
    if ((uint64_t)offset + length > size)
        return JS_ThrowRangeError(ctx, "native.proc: span out of the buffer");
    return JS_NewInt32(ctx, edgebox_proc_write(handle, bytes + offset, length));
}

static JSValue proc_close_stdin(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_proc_close_stdin(handle));
}

static JSValue proc_status(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    int32_t status[2] = {0, 0};
    int32_t r = edgebox_proc_status(handle, status);
    if (r < 0) return JS_NewInt32(ctx, r);
    if (r == 0) return JS_UNDEFINED;
    JSValue pair = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, pair, 0, JS_NewInt32(ctx, status[0]));
    JS_SetPropertyUint32(ctx, pair, 1, JS_NewInt32(ctx, status[1]));
    return pair;
}

static JSValue proc_kill(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle;
    int32_t signal;
    if (arg_u32(ctx, argv, 0, &handle) || JS_ToInt32(ctx, &signal, argv[1]))
        return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_proc_kill(handle, signal));
}

static JSValue proc_release(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_proc_release(handle));
}

static JSValue proc_wait(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    double ms;
    uint32_t what;
    if (JS_ToFloat64(ctx, &ms, argv[0]) || JS_ToUint32(ctx, &what, argv[1]))
        return JS_EXCEPTION;
    int32_t timeout = ms < 0 ? -1 : ms > INT32_MAX ? INT32_MAX : (int32_t)ms;
    if (timeout != 0) fflush(stdout);
    return JS_NewInt32(ctx, edgebox_wait(timeout, what));
}

static JSValue proc_wait_one(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    uint32_t handle;
    double ms;
    if (arg_u32(ctx, argv, 0, &handle) || JS_ToFloat64(ctx, &ms, argv[1])) return JS_EXCEPTION;
    int32_t timeout = ms < 0 ? -1 : ms > INT32_MAX ? INT32_MAX : (int32_t)ms;
    if (timeout != 0) fflush(stdout);
    return JS_NewInt32(ctx, edgebox_proc_wait(handle, timeout));
}

static JSValue proc_last_error(JSContext *ctx, JSValueConst this_val, int argc,
                               JSValueConst *argv) {
    uint8_t small[256];
    int32_t len = edgebox_last_error(small, sizeof small);
    if (len <= 0) return JS_NewString(ctx, "");
    if ((uint32_t)len <= sizeof small) return JS_NewStringLen(ctx, (const char *)small, (size_t)len);
    uint8_t *whole = malloc((size_t)len);
    if (!whole) return JS_ThrowOutOfMemory(ctx);
    int32_t got = edgebox_last_error(whole, (uint32_t)len);
    JSValue message = JS_NewStringLen(ctx, (const char *)whole, got < len ? (size_t)got : (size_t)len);
    free(whole);
    return message;
}

static const JSCFunctionListEntry proc_functions[] = {
    JS_CFUNC_DEF("spawn", 1, proc_spawn),
    JS_CFUNC_DEF("read", 3, proc_read),
    JS_CFUNC_DEF("write", 4, proc_write),
    JS_CFUNC_DEF("closeStdin", 1, proc_close_stdin),
    JS_CFUNC_DEF("status", 1, proc_status),
    JS_CFUNC_DEF("kill", 2, proc_kill),
    JS_CFUNC_DEF("release", 1, proc_release),
    JS_CFUNC_DEF("wait", 2, proc_wait),
    JS_CFUNC_DEF("waitOne", 2, proc_wait_one),
    JS_CFUNC_DEF("lastError", 0, proc_last_error),
    JS_PROP_INT32_DEF("WAIT_STDIN", EDGEBOX_WAIT_STDIN, 0),
    JS_PROP_INT32_DEF("WAIT_CHILDREN", EDGEBOX_WAIT_CHILDREN, 0),
};

void edgebox_child_process_install(JSContext *ctx, JSValueConst native) {
    JSValue proc = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, proc, proc_functions,
                               sizeof proc_functions / sizeof proc_functions[0]);
    JS_SetPropertyStr(ctx, native, "proc", proc);
}
