/*
 * native.zlib: the compression streams of node:zlib (edgebox-node lib/zlib.js) over zlib itself
 * (the pinned zlib, compiled into the engine archive). One handle is one z_stream in one of
 * Node's modes; lib/zlib.js drives it the way Node drives its binding, with the input and the
 * output buffer given by offset and length on every write.
 *
 *   create(mode, windowBits, level, memLevel, strategy, dictionaryU8 | undefined) -> handle
 *     mode is Node's: DEFLATE 1, INFLATE 2, GZIP 3, GUNZIP 4, DEFLATERAW 5, INFLATERAW 6,
 *     UNZIP 7; windowBits as the user gives it (0 on the inflating side: the header's). zlib is
 *     set up on the first write, reset or params.
 *   write(handle, flush, inU8, inOff, inLen, outU8, outOff, outLen, stateU32) -> null, or
 *     [message, errno] when the stream failed; state[0] and state[1] get avail_out and
 *     avail_in after the call. GUNZIP (and UNZIP once it saw a gzip header) goes on into the
 *     next gzip member when bytes other than zero padding follow a member's end.
 *   reset(handle) -> null | [message, errno]
 *   params(handle, level, strategy) -> null | [message, errno] (DEFLATE and DEFLATERAW only)
 *   close(handle): ends the z_stream (a collected handle ends it too)
 *   crc32(u8, value) -> the CRC-32 of the bytes, continuing from value
 *   vernum: ZLIB_VERNUM of the zlib compiled in
 */
#include <stdint.h>
#include <string.h>

#include "edgebox_natives.h"
#include "zlib.h"

enum { NONE, DEFLATE, INFLATE, GZIP, GUNZIP, DEFLATERAW, INFLATERAW, UNZIP };

#define GZIP_ID1 0x1f
#define GZIP_ID2 0x8b

typedef struct {
    z_stream strm;
    int mode;
    int level, window_bits, mem_level, strategy;
    int init_done;
    int err;
    int flush;
    int gzip_id_bytes_read; /* UNZIP: how much of the gzip magic number has been seen */
    uint8_t *dictionary;
    size_t dictionary_size;
} ZHandle;

/* zlib's memory comes from the JS runtime's allocator, so the run's heap limit and
 * process.memoryUsage() count it. */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
    if (size != 0 && items > SIZE_MAX / size) return Z_NULL;
    return js_malloc_rt(opaque, (size_t)items * size);
}

static void z_free(voidpf opaque, voidpf address) {
    js_free_rt(opaque, address);
}

static int is_deflating(int mode) {
    return mode == DEFLATE || mode == GZIP || mode == DEFLATERAW;
}

static int set_dictionary(ZHandle *h) {
    if (h->dictionary_size == 0) return Z_OK;
    switch (h->mode) {
    case DEFLATE:
    case DEFLATERAW:
        return deflateSetDictionary(&h->strm, h->dictionary, (uInt)h->dictionary_size);
    case INFLATERAW:
        /* A raw stream names no dictionary: it is set up front. The other inflating modes set
         * it when inflate asks (Z_NEED_DICT). */
        return inflateSetDictionary(&h->strm, h->dictionary, (uInt)h->dictionary_size);
    default:
        return Z_OK;
    }
}

static void drop_dictionary(JSRuntime *rt, ZHandle *h) {
    js_free_rt(rt, h->dictionary);
    h->dictionary = NULL;
    h->dictionary_size = 0;
}

/* Sets zlib up if no call did yet; returns whether this call did. A failure leaves the mode
 * NONE and h->err the failing code. */
static int ensure_init(JSRuntime *rt, ZHandle *h) {
    if (h->init_done) return 0;
    h->init_done = 1;
    h->strm.zalloc = z_alloc;
    h->strm.zfree = z_free;
    h->strm.opaque = rt;
    if (is_deflating(h->mode))
        h->err = deflateInit2(&h->strm, h->level, Z_DEFLATED, h->window_bits, h->mem_level,
                              h->strategy);
    else
        h->err = inflateInit2(&h->strm, h->window_bits);
    if (h->err != Z_OK) {
        drop_dictionary(rt, h);
        h->mode = NONE;
        return 1;
    }
    h->err = set_dictionary(h);
    return 1;
}

static void end_stream(JSRuntime *rt, ZHandle *h) {
    if (h->init_done && h->mode != NONE) {
        if (is_deflating(h->mode))
            deflateEnd(&h->strm);
        else
            inflateEnd(&h->strm);
    }
    h->mode = NONE;
    drop_dictionary(rt, h);
}

static JSClassID zhandle_class;

static void zhandle_finalizer(JSRuntime *rt, JSValueConst val) {
    ZHandle *h = JS_GetOpaque(val, zhandle_class);
    if (!h) return;
    end_stream(rt, h);
    js_free_rt(rt, h);
}

static const JSClassDef zhandle_class_def = {"Zlib", .finalizer = zhandle_finalizer};

/* [message, errno]: zlib's own message when it gave one, else `fallback`. */
static JSValue error_value(JSContext *ctx, ZHandle *h, const char *fallback) {
    JSValue pair = JS_NewArray(ctx);
    if (JS_IsException(pair)) return pair;
    const char *message = h->strm.msg ? h->strm.msg : fallback;
    JS_SetPropertyUint32(ctx, pair, 0, JS_NewString(ctx, message));
    JS_SetPropertyUint32(ctx, pair, 1, JS_NewInt32(ctx, h->err));
    return pair;
}

/* Whether the state after a write is an error, as Node judges it: running out of input while
 * finishing is one ("unexpected end of file"), a Z_BUF_ERROR otherwise is not. */
static JSValue write_result(JSContext *ctx, ZHandle *h) {
    switch (h->err) {
    case Z_OK:
    case Z_BUF_ERROR:
        if (h->strm.avail_out != 0 && h->flush == Z_FINISH)
            return error_value(ctx, h, "unexpected end of file");
        return JS_NULL;
    case Z_STREAM_END:
        return JS_NULL;
    case Z_NEED_DICT:
        return error_value(ctx, h, h->dictionary_size ? "Bad dictionary" : "Missing dictionary");
    default:
        return error_value(ctx, h, "Zlib error");
    }
}

/* UNZIP: decides between gzip and zlib from the first two bytes, which may come in two
 * writes. */
static void detect_format(ZHandle *h) {
    const Bytef *next = h->strm.avail_in > 0 ? h->strm.next_in : NULL;
    if (!next) return;
    if (h->gzip_id_bytes_read == 0) {
        if (*next != GZIP_ID1) {
            h->mode = INFLATE;
            return;
        }
        h->gzip_id_bytes_read = 1;
        if (h->strm.avail_in == 1) return;
        next++;
    }
    if (*next == GZIP_ID2) {
        h->gzip_id_bytes_read = 2;
        h->mode = GUNZIP;
    } else {
        h->mode = INFLATE;
    }
}

static void run_inflate(ZHandle *h) {
    h->err = inflate(&h->strm, h->flush);
    if (h->mode != INFLATERAW && h->err == Z_NEED_DICT && h->dictionary_size) {
        h->err = inflateSetDictionary(&h->strm, h->dictionary, (uInt)h->dictionary_size);
        if (h->err == Z_OK)
            h->err = inflate(&h->strm, h->flush);
        else if (h->err == Z_DATA_ERROR)
            h->err = Z_NEED_DICT; /* the dictionary is wrong, not the input */
    }
    /* Another gzip member, or trailing garbage (an error then); zero bytes are padding. */
    while (h->strm.avail_in > 0 && h->mode == GUNZIP && h->err == Z_STREAM_END &&
           h->strm.next_in[0] != 0x00) {
        h->err = inflateReset(&h->strm);
        if (h->err != Z_OK) return;
        h->err = inflate(&h->strm, h->flush);
    }
}

static ZHandle *handle_arg(JSContext *ctx, int argc, JSValueConst *argv) {
    return JS_GetOpaque2(ctx, argc > 0 ? argv[0] : JS_UNDEFINED, zhandle_class);
}

static JSValue zlib_create(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    if (argc < 5) return JS_ThrowTypeError(ctx, "create(mode, windowBits, level, memLevel, strategy)");
    int32_t mode, window_bits, level, mem_level, strategy;
    if (JS_ToInt32(ctx, &mode, argv[0]) || JS_ToInt32(ctx, &window_bits, argv[1]) ||
        JS_ToInt32(ctx, &level, argv[2]) || JS_ToInt32(ctx, &mem_level, argv[3]) ||
        JS_ToInt32(ctx, &strategy, argv[4]))
        return JS_EXCEPTION;
    if (mode < DEFLATE || mode > UNZIP) return JS_ThrowRangeError(ctx, "zlib: bad mode %d", mode);
    size_t dictionary_size = 0;
    const uint8_t *dictionary = NULL;
    if (argc > 5 && !JS_IsUndefined(argv[5])) {
        dictionary = JS_GetUint8Array(ctx, &dictionary_size, argv[5]);
        if (!dictionary) return JS_EXCEPTION;
    }
    JSValue obj = JS_NewObjectClass(ctx, zhandle_class);
    if (JS_IsException(obj)) return obj;
    ZHandle *h = js_mallocz(ctx, sizeof *h);
    if (!h) {
        JS_FreeValue(ctx, obj);
        return JS_EXCEPTION;
    }
    JS_SetOpaque(obj, h);
    if (dictionary_size) {
        h->dictionary = js_malloc(ctx, dictionary_size);
        if (!h->dictionary) {
            JS_FreeValue(ctx, obj);
            return JS_EXCEPTION;
        }
        memcpy(h->dictionary, dictionary, dictionary_size);
        h->dictionary_size = dictionary_size;
    }
    switch (mode) {
    case GZIP:
    case GUNZIP:
        window_bits += 16;
        break;
    case UNZIP:
        window_bits += 32;
        break;
    case DEFLATERAW:
    case INFLATERAW:
        window_bits = -window_bits;
        break;
    }
    h->mode = mode;
    h->window_bits = window_bits;
    h->level = level;
    h->mem_level = mem_level;
    h->strategy = strategy;
    h->flush = Z_NO_FLUSH;
    h->err = Z_OK;
    return obj;
}

/* The bytes [offset, offset + length) of a Uint8Array; NULL (an exception) if they are not in
 * it. */
static uint8_t *window_arg(JSContext *ctx, JSValueConst array, JSValueConst offset_value,
                           JSValueConst length_value, uint32_t *length) {
    size_t size;
    uint8_t *data = JS_GetUint8Array(ctx, &size, array);
    if (!data) return NULL;
    uint32_t offset;
    if (JS_ToUint32(ctx, &offset, offset_value) || JS_ToUint32(ctx, length, length_value))
        return NULL;
    if (offset > size || *length > size - offset) {
        JS_ThrowRangeError(ctx, "zlib: %u bytes at %u outside a buffer of %zu", *length, offset,
                           size);
        return NULL;
    }
    return data + offset;
}

static JSValue zlib_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    if (argc < 9) return JS_ThrowTypeError(ctx, "write(handle, flush, in, inOff, inLen, out, outOff, outLen, state)");
    ZHandle *h = handle_arg(ctx, argc, argv);
    if (!h) return JS_EXCEPTION;
    int32_t flush;
    if (JS_ToInt32(ctx, &flush, argv[1])) return JS_EXCEPTION;
    if (flush < Z_NO_FLUSH || flush > Z_BLOCK) return JS_ThrowRangeError(ctx, "zlib: bad flush %d", flush);
    uint32_t in_len, out_len;
    uint8_t *in = window_arg(ctx, argv[2], argv[3], argv[4], &in_len);
    if (!in) return JS_EXCEPTION;
    uint8_t *out = window_arg(ctx, argv[5], argv[6], argv[7], &out_len);
    if (!out) return JS_EXCEPTION;
    size_t state_offset, state_length, element_size, state_size;
    if (JS_GetTypedArrayType(argv[8]) != JS_TYPED_ARRAY_UINT32)
        return JS_ThrowTypeError(ctx, "zlib: state is not a Uint32Array");
    JSValue state_buffer =
        JS_GetTypedArrayBuffer(ctx, argv[8], &state_offset, &state_length, &element_size);
    if (JS_IsException(state_buffer)) return state_buffer;
    uint8_t *state_bytes = JS_GetArrayBuffer(ctx, &state_size, state_buffer);
    JS_FreeValue(ctx, state_buffer);
    if (!state_bytes || state_length < 2 * sizeof(uint32_t))
        return JS_ThrowTypeError(ctx, "zlib: state holds fewer than 2 values");

    if (ensure_init(JS_GetRuntime(ctx), h) && h->err != Z_OK) return write_result(ctx, h);
    if (h->mode == NONE) return JS_ThrowTypeError(ctx, "zlib: the handle is closed");
    h->flush = flush;
    h->strm.next_in = in;
    h->strm.avail_in = in_len;
    h->strm.next_out = out;
    h->strm.avail_out = out_len;
    if (is_deflating(h->mode)) {
        h->err = deflate(&h->strm, flush);
    } else {
        if (h->mode == UNZIP) detect_format(h);
        run_inflate(h);
    }
    JSValue result = write_result(ctx, h);
    if (JS_IsNull(result)) {
        uint32_t after[2] = {h->strm.avail_out, h->strm.avail_in};
        memcpy(state_bytes + state_offset, after, sizeof after);
    }
    /* zlib keeps no pointer into the buffers between calls that it would read: the next write
     * gives both again. */
    h->strm.next_in = NULL;
    h->strm.next_out = NULL;
    return result;
}

static JSValue zlib_reset(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    ZHandle *h = handle_arg(ctx, argc, argv);
    if (!h) return JS_EXCEPTION;
    if (ensure_init(JS_GetRuntime(ctx), h) && h->err != Z_OK)
        return error_value(ctx, h, "Failed to init stream before reset");
    h->err = Z_OK;
    switch (h->mode) {
    case DEFLATE:
    case DEFLATERAW:
    case GZIP:
        h->err = deflateReset(&h->strm);
        break;
    case INFLATE:
    case INFLATERAW:
    case GUNZIP:
        h->err = inflateReset(&h->strm);
        break;
    }
    if (h->err != Z_OK) return error_value(ctx, h, "Failed to reset stream");
    h->err = set_dictionary(h);
    if (h->err != Z_OK) return error_value(ctx, h, "Failed to set dictionary");
    return JS_NULL;
}

static JSValue zlib_params(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    if (argc < 3) return JS_ThrowTypeError(ctx, "params(handle, level, strategy)");
    ZHandle *h = handle_arg(ctx, argc, argv);
    if (!h) return JS_EXCEPTION;
    int32_t level, strategy;
    if (JS_ToInt32(ctx, &level, argv[1]) || JS_ToInt32(ctx, &strategy, argv[2]))
        return JS_EXCEPTION;
    if (ensure_init(JS_GetRuntime(ctx), h) && h->err != Z_OK)
        return error_value(ctx, h, "Failed to init stream before set parameters");
    h->err = Z_OK;
    if (h->mode == DEFLATE || h->mode == DEFLATERAW) {
        /* deflateParams first deflates what is pending with Z_BLOCK (nothing after the sync
         * flush lib/zlib.js does before it), so it needs somewhere to write. */
        Bytef scratch[64];
        h->strm.next_in = scratch;
        h->strm.avail_in = 0;
        h->strm.next_out = scratch;
        h->strm.avail_out = sizeof scratch;
        h->err = deflateParams(&h->strm, level, strategy);
        h->strm.next_in = NULL;
        h->strm.next_out = NULL;
    }
    if (h->err != Z_OK && h->err != Z_BUF_ERROR)
        return error_value(ctx, h, "Failed to set parameters");
    return JS_NULL;
}

static JSValue zlib_close(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    ZHandle *h = handle_arg(ctx, argc, argv);
    if (!h) return JS_EXCEPTION;
    end_stream(JS_GetRuntime(ctx), h);
    return JS_UNDEFINED;
}

static JSValue zlib_crc32(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    if (argc < 2) return JS_ThrowTypeError(ctx, "crc32(u8, value)");
    size_t size;
    const uint8_t *data = JS_GetUint8Array(ctx, &size, argv[0]);
    if (!data) return JS_EXCEPTION;
    uint32_t value;
    if (JS_ToUint32(ctx, &value, argv[1])) return JS_EXCEPTION;
    return JS_NewUint32(ctx, (uint32_t)crc32_z(value, data, size));
}

static const JSCFunctionListEntry zlib_functions[] = {
    JS_CFUNC_DEF("create", 6, zlib_create),
    JS_CFUNC_DEF("write", 9, zlib_write),
    JS_CFUNC_DEF("reset", 1, zlib_reset),
    JS_CFUNC_DEF("params", 3, zlib_params),
    JS_CFUNC_DEF("close", 1, zlib_close),
    JS_CFUNC_DEF("crc32", 2, zlib_crc32),
};

void edgebox_zlib_install(JSContext *ctx, JSValueConst native) {
    JSRuntime *rt = JS_GetRuntime(ctx);
    JS_NewClassID(rt, &zhandle_class);
    JS_NewClass(rt, zhandle_class, &zhandle_class_def);
    JSValue zlib = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, zlib, zlib_functions,
                               sizeof zlib_functions / sizeof zlib_functions[0]);
    JS_SetPropertyStr(ctx, zlib, "vernum", JS_NewInt32(ctx, ZLIB_VERNUM));
    JS_SetPropertyStr(ctx, native, "zlib", zlib);
}
