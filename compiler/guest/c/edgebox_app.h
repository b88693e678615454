/*
 * The seam between the EdgeBox engine module and an app.
 *
 * The engine (QuickJS-NG, libc and glue.c) is linked and compiled once. An app is linked on its
 * own against the engine's exports (its frozen functions call the engine directly) and placed
 * into the engine module by edgeboxc's link stage: its data into `edgebox_app_area`, its
 * functions after the engine's and its table entries after the engine's. The engine learns
 * where the app is only from `edgebox_app_link`, which the link stage fills in as data, so no
 * byte of the engine's code depends on the app.
 */
#ifndef EDGEBOX_APP_H
#define EDGEBOX_APP_H

#include <stddef.h>
#include <stdint.h>

#include "quickjs.h"

/* What an app's code provides (defined by the app, exported as `edgebox_app_code`). */
typedef struct EdgeboxAppCode {
    /* The app's frozen functions, looked up by ordinal and bytecode (JS_SetFrozenLookup). */
    JSFrozenLookup *frozen_lookup;
} EdgeboxAppCode;

/* Where the app is (defined by the engine, exported as `edgebox_app_link`, filled in by the
 * link stage). Layout fixed: three 32-bit words. */
typedef struct EdgeboxAppLink {
    /* The app's QuickJS-NG bytecode. */
    const uint8_t *bytecode;
    uint32_t bytecode_len;
    /* The app's code, or NULL when it has none. */
    const EdgeboxAppCode *code;
} EdgeboxAppLink;

#endif /* EDGEBOX_APP_H */
