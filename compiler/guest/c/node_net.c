/*
 * native.net: the HTTP requests of fetch and node:http / node:https (edgebox-node
 * lib/internal/fetch/, lib/_http_client.js) over the host's network calls
 * (edgebox_host_abi.h). The host checks the URL rules and performs the request; the guest
 * holds its handle. Every call returns at once; the event loop waits with
 * native.proc.wait(ms, WAIT_NET).
 *
 *   request(requestJson) -> handle (>= 0) | -errno    as edgebox_net_request takes it
 *   write(handle, u8, offset, length) -> bytes accepted | -errno (-6 EAGAIN: the buffer is full)
 *   closeBody(handle) -> 0 | -errno
 *   response(handle) -> undefined while it is pending | the head (JSON text) | -errno
 *   read(handle, u8) -> bytes (> 0) | 0 (the end) | -errno (-6 EAGAIN: nothing yet)
 *   release(handle) -> 0 | -errno
 *   WAIT_NET  the bit of native.proc.wait's `what`
 *
 * A failure is a negative WASI errno; native.proc.lastError() then gives "CODE message", CODE
 * being Node's error code (ECONNREFUSED, ENOTFOUND, EACCES for a denial, ...).
 */
#include <stdlib.h>

#include "edgebox_host_abi.h"
#include "edgebox_natives.h"

static int arg_u32(JSContext *ctx, JSValueConst *argv, int i, uint32_t *out) {
    return JS_ToUint32(ctx, out, argv[i]);
}

static JSValue net_request(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    size_t len;
    const char *request = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!request) return JS_EXCEPTION;
    uint32_t handle = 0;
    int32_t r = edgebox_net_request((const uint8_t *)request, (uint32_t)len, &handle);
    JS_FreeCString(ctx, request);
    return r < 0 ? JS_NewInt32(ctx, r) : JS_NewUint32(ctx, handle);
}

static JSValue net_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle, offset, length;
    size_t size;
    if (arg_u32(ctx, argv, 0, &handle) || arg_u32(ctx, argv, 2, &offset) ||
        arg_u32(ctx, argv, 3, &length))
        return JS_EXCEPTION;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[1]);
    if (!bytes) return JS_EXCEPTION;
    if ((uint64_t)offset + length > size)
        return JS_ThrowRangeError(ctx, "native.net: span out of the buffer");
    return JS_NewInt32(ctx, edgebox_net_write(handle, bytes + offset, length));
}

static JSValue net_close_body(JSContext *ctx, JSValueConst this_val, int argc,
                              JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_net_close_body(handle));
}

static JSValue net_response(JSContext *ctx, JSValueConst this_val, int argc,
                            JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    uint8_t small[1024];
    int32_t len = edgebox_net_response(handle, small, sizeof small);
    if (len < 0) return JS_NewInt32(ctx, len);
    if (len == 0) return JS_UNDEFINED;
    if ((uint32_t)len <= sizeof small) return JS_NewStringLen(ctx, (const char *)small, (size_t)len);
    uint8_t *whole = malloc((size_t)len);
    if (!whole) return JS_ThrowOutOfMemory(ctx);
    int32_t got = edgebox_net_response(handle, whole, (uint32_t)len);
    JSValue head = JS_NewStringLen(ctx, (const char *)whole, got < len ? (size_t)got : (size_t)len);
    free(whole);
    return head;
}

static JSValue net_read(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle;
    size_t size;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[1]);
    if (!bytes) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_net_read(handle, bytes, (uint32_t)size));
}

static JSValue net_release(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t handle;
    if (arg_u32(ctx, argv, 0, &handle)) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_net_release(handle));
}

static const JSCFunctionListEntry net_functions[] = {
    JS_CFUNC_DEF("request", 1, net_request),
    JS_CFUNC_DEF("write", 4, net_write),
    JS_CFUNC_DEF("closeBody", 1, net_close_body),
    JS_CFUNC_DEF("response", 1, net_response),
    JS_CFUNC_DEF("read", 2, net_read),
    JS_CFUNC_DEF("release", 1, net_release),
    JS_PROP_INT32_DEF("WAIT_NET", EDGEBOX_WAIT_NET, 0),
};

void edgebox_net_install(JSContext *ctx, JSValueConst native) {
    JSValue net = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, net, net_functions,
                               sizeof net_functions / sizeof net_functions[0]);
    JS_SetPropertyStr(ctx, native, "net", net);
}
