/*
 * The seam between glue.c and the native functions of the Node layer (node_*.c): each area
 * installs its functions on an object of `__edgebox_native` (edgebox-node's
 * lib/internal/native.js lists them all).
 */
#ifndef EDGEBOX_NATIVES_H
#define EDGEBOX_NATIVES_H

#include "quickjs.h"

/* native.fs: the file system over WASI (node_fs.c). */
void edgebox_fs_install(JSContext *ctx, JSValueConst native);

/* native.encoding: UTF-8 transcoding (node_encoding.c). */
void edgebox_encoding_install(JSContext *ctx, JSValueConst native);

/* native.crypto: message digests, HMAC and PBKDF2 (node_crypto.c). */
void edgebox_crypto_install(JSContext *ctx, JSValueConst native);

/* native.zlib: deflate and inflate streams and CRC-32 over zlib (node_zlib.c). */
void edgebox_zlib_install(JSContext *ctx, JSValueConst native);

/* native.proc: child processes over the host's process calls (node_child_process.c). */
void edgebox_child_process_install(JSContext *ctx, JSValueConst native);

/* native.net: HTTP requests over the host's network calls (node_net.c). */
void edgebox_net_install(JSContext *ctx, JSValueConst native);

/* native.serve: the request an edgeboxd instance serves (node_serve.c). */
void edgebox_serve_install(JSContext *ctx, JSValueConst native);

/* The directory relative paths resolve against, as the guest names it (set by main from the
 * host's EDGEBOX_CWD; "/" when the host gives none). */
extern const char *edgebox_cwd;

#endif /* EDGEBOX_NATIVES_H */
