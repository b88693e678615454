/* EdgeBox host shim: compile JavaScript to QuickJS-NG bytecode without running it. */
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

static char *dup_cstring(JSContext *ctx, JSValueConst v) {
    const char *s = JS_ToCString(ctx, v);
    char *copy = strdup(s ? s : "");
    if (s) JS_FreeCString(ctx, s);
    return copy;
}

/* Compiles `source` (NUL-terminated, `len` bytes) as a script (module = 0) or an ES module.
 * On success returns 0 and sets *out / *out_len to a malloc'ed bytecode buffer (JS_WriteObject).
 * On a compile error returns 1 and sets *message and *stack to malloc'ed strings (the error's
 * message and its stack, which names file:line:column). Returns -1 if out of memory. */
int edgebox_compile(const char *source, size_t len, const char *filename, int module,
                    uint8_t **out, size_t *out_len, char **message, char **stack) {
    *out = NULL; *out_len = 0; *message = NULL; *stack = NULL;
    JSRuntime *rt = JS_NewRuntime();
    if (!rt) return -1;
    JSContext *ctx = JS_NewContext(rt);
    if (!ctx) { JS_FreeRuntime(rt); return -1; }
    int flags = JS_EVAL_FLAG_COMPILE_ONLY | (module ? JS_EVAL_TYPE_MODULE : JS_EVAL_TYPE_GLOBAL);
    JSValue fn = JS_Eval(ctx, source, len, filename, flags);
    int rc = 0;
    if (JS_IsException(fn)) {
        JSValue err = JS_GetException(ctx);
        JSValue msg = JS_GetPropertyStr(ctx, err, "message");
        JSValue stk = JS_GetPropertyStr(ctx, err, "stack");
        *message = dup_cstring(ctx, JS_IsUndefined(msg) ? err : msg);
        *stack = JS_IsUndefined(stk) ? strdup("") : dup_cstring(ctx, stk);
        JS_FreeValue(ctx, msg);
        JS_FreeValue(ctx, stk);
        JS_FreeValue(ctx, err);
        rc = 1;
    } else {
        size_t size = 0;
        uint8_t *buf = JS_WriteObject(ctx, &size, fn, JS_WRITE_OBJ_BYTECODE);
        JS_FreeValue(ctx, fn);
        if (!buf) {
            rc = -1;
        } else {
            *out = malloc(size ? size : 1);
            if (*out) { memcpy(*out, buf, size); *out_len = size; } else { rc = -1; }
            js_free(ctx, buf);
        }
    }
    JS_FreeContext(ctx);
    JS_FreeRuntime(rt);
    return rc;
}

void edgebox_free(void *p) { free(p); }
