/*
 * native.encoding: UTF-8 transcoding for Buffer, TextEncoder and TextDecoder (edgebox-node
 * lib/internal/encoding.js). In JavaScript these ran 20-70x slower than node (benches/js/
 * node-suite.js); here they are one pass in C.
 *
 *   utf8Decode(u8, fatal) -> string, or null if `fatal` and the bytes are not well-formed:
 *     WHATWG's UTF-8 decoder (each maximal invalid subpart becomes one U+FFFD; a BOM is kept).
 *   utf8Encode(string) -> ArrayBuffer: the string's UTF-8, lone surrogates as U+FFFD.
 *   utf8Length(string) -> the byte length of utf8Encode(string).
 */
#include <stdlib.h>
#include <string.h>

#include "edgebox_natives.h"

static int is_ascii(const uint8_t *bytes, size_t size) {
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        if (word & 0x8080808080808080ull) return 0;
    }
    for (; i < size; i++)
        if (bytes[i] & 0x80) return 0;
    return 1;
}

static JSValue encoding_utf8_decode(JSContext *ctx, JSValueConst this_val, int argc,
                                    JSValueConst *argv) {
    size_t size;
    const uint8_t *bytes = argc > 0 ? JS_GetUint8Array(ctx, &size, argv[0]) : NULL;
    if (!bytes) return JS_EXCEPTION;
    int fatal = argc > 1 && JS_ToBool(ctx, argv[1]);
    if (is_ascii(bytes, size)) return JS_NewStringLen(ctx, (const char *)bytes, size);
    /* At most one code unit per byte. */
    uint16_t *units = malloc((size ? size : 1) * sizeof *units);
    if (!units) return JS_ThrowOutOfMemory(ctx);
    size_t n = 0, i = 0;
    while (i < size) {
        uint32_t lead = bytes[i++];
        uint32_t point = lead;
        if (lead >= 0x80) {
            int needed;
            uint8_t lower = 0x80, upper = 0xbf;
            if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
            else if (lead >= 0xe0 && lead <= 0xef) needed = 2;
            else if (lead >= 0xf0 && lead <= 0xf4) needed = 3;
            else needed = -1;
            if (lead == 0xe0) lower = 0xa0;
            if (lead == 0xed) upper = 0x9f;
            if (lead == 0xf0) lower = 0x90;
            if (lead == 0xf4) upper = 0x8f;
            if (needed < 0) {
                point = 0xfffd + 0x110000; /* marks an error */
            } else {
                point = lead & (0x3fu >> needed);
                for (; needed > 0; needed--) {
                    /* A byte out of range ends the sequence unconsumed: it is decoded afresh. */
                    if (i == size || bytes[i] < lower || bytes[i] > upper) {
                        point = 0xfffd + 0x110000;
                        break;
                    }
                    point = (point << 6) | (bytes[i++] & 0x3fu);
                    lower = 0x80;
                    upper = 0xbf;
                }
            }
            if (point > 0x10ffff) {
                if (fatal) {
                    free(units);
                    return JS_NULL;
                }
                point = 0xfffd;
            }
        }
        if (point >= 0x10000) {
            point -= 0x10000;
            units[n++] = (uint16_t)(0xd800 | (point >> 10));
            units[n++] = (uint16_t)(0xdc00 | (point & 0x3ff));
        } else {
            units[n++] = (uint16_t)point;
        }
    }
    JSValue text = JS_NewStringUTF16(ctx, units, n);
    free(units);
    return text;
}

/* The string's UTF-8 as QuickJS gives it (WTF-8: a lone surrogate is ED A0..BF 80..BF), with
 * each lone surrogate rewritten in place as U+FFFD (EF BF BD, as long). */
static const char *well_formed_utf8(JSContext *ctx, JSValueConst value, size_t *size) {
    const char *text = JS_ToCStringLen2(ctx, size, value, false);
    if (!text) return NULL;
    uint8_t *bytes = (uint8_t *)text;
    for (size_t i = 0; i + 2 < *size; i++) {
        if (bytes[i] == 0xed && bytes[i + 1] >= 0xa0) {
            bytes[i] = 0xef;
            bytes[i + 1] = 0xbf;
            bytes[i + 2] = 0xbd;
            i += 2;
        }
    }
    return text;
}

static JSValue encoding_utf8_encode(JSContext *ctx, JSValueConst this_val, int argc,
                                    JSValueConst *argv) {
    size_t size;
    const char *text = well_formed_utf8(ctx, argc > 0 ? argv[0] : JS_UNDEFINED, &size);
    if (!text) return JS_EXCEPTION;
    JSValue buffer = JS_NewArrayBufferCopy(ctx, (const uint8_t *)text, size);
    JS_FreeCString(ctx, text);
    return buffer;
}

static JSValue encoding_utf8_length(JSContext *ctx, JSValueConst this_val, int argc,
                                    JSValueConst *argv) {
    size_t size;
    const char *text = JS_ToCStringLen2(ctx, &size, argc > 0 ? argv[0] : JS_UNDEFINED, false);
    if (!text) return JS_EXCEPTION;
    JS_FreeCString(ctx, text);
    return JS_NewInt64(ctx, (int64_t)size);
}

static const JSCFunctionListEntry encoding_functions[] = {
    JS_CFUNC_DEF("utf8Decode", 2, encoding_utf8_decode),
    JS_CFUNC_DEF("utf8Encode", 1, encoding_utf8_encode),
    JS_CFUNC_DEF("utf8Length", 1, encoding_utf8_length),
};

void edgebox_encoding_install(JSContext *ctx, JSValueConst native) {
    JSValue encoding = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, encoding, encoding_functions,
                               sizeof encoding_functions / sizeof encoding_functions[0]);
    JS_SetPropertyStr(ctx, native, "encoding", encoding);
}
