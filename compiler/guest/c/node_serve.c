/*
 * native.serve: one request of edgeboxd (edgebox-node lib/internal/serve.js) over the host's
 * serving calls (edgebox_host_abi.h). Every call returns at once except write, which waits
 * while the client is slower than the app.
 *
 *   request() -> the head (JSON text) | -errno (-52 ENOSYS: not serving)
 *   body(u8) -> bytes (> 0) | 0 (the end) | -errno
 *   respond(headJson) -> 0 | -errno
 *   write(u8, offset, length) -> length | -errno (-64 EPIPE: the client has gone)
 *   end() -> 0 | -errno
 */
#include <stdlib.h>

#include "edgebox_host_abi.h"
#include "edgebox_natives.h"

static JSValue serve_request(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    uint8_t small[1024];
    int32_t len = edgebox_serve_request(small, sizeof small);
    if (len < 0) return JS_NewInt32(ctx, len);
    if ((uint32_t)len <= sizeof small) return JS_NewStringLen(ctx, (const char *)small, (size_t)len);
    uint8_t *whole = malloc((size_t)len);
    if (!whole) return JS_ThrowOutOfMemory(ctx);
    int32_t got = edgebox_serve_request(whole, (uint32_t)len);
    JSValue head = JS_NewStringLen(ctx, (const char *)whole, got < len ? (size_t)got : (size_t)len);
    free(whole);
    return head;
}

static JSValue serve_body(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    size_t size;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[0]);
    if (!bytes) return JS_EXCEPTION;
    return JS_NewInt32(ctx, edgebox_serve_body(bytes, (uint32_t)size));
}

static JSValue serve_respond(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
    size_t len;
    const char *head = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!head) return JS_EXCEPTION;
    int32_t r = edgebox_serve_respond((const uint8_t *)head, (uint32_t)len);
    JS_FreeCString(ctx, head);
    return JS_NewInt32(ctx, r);
}

static JSValue serve_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    uint32_t offset, length;
    size_t size;
    if (JS_ToUint32(ctx, &offset, argv[1]) || JS_ToUint32(ctx, &length, argv[2]))
        return JS_EXCEPTION;
    uint8_t *bytes = JS_GetUint8Array(ctx, &size, argv[0]);
    if (!bytes) return JS_EXCEPTION;
    if ((uint64_t)offset + length > size)
        return JS_ThrowRangeError(ctx, "native.serve: span out of the buffer");
    return JS_NewInt32(ctx, edgebox_serve_write(bytes + offset, length));
}

static JSValue serve_end(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    return JS_NewInt32(ctx, edgebox_serve_end());
}

static const JSCFunctionListEntry serve_functions[] = {
    JS_CFUNC_DEF("request", 0, serve_request),
    JS_CFUNC_DEF("body", 1, serve_body),
    JS_CFUNC_DEF("respond", 1, serve_respond),
    JS_CFUNC_DEF("write", 3, serve_write),
    JS_CFUNC_DEF("end", 0, serve_end),
};

void edgebox_serve_install(JSContext *ctx, JSValueConst native) {
    JSValue serve = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, serve, serve_functions,
                               sizeof serve_functions / sizeof serve_functions[0]);
    JS_SetPropertyStr(ctx, native, "serve", serve);
}
