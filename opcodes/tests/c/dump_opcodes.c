/* Prints every opcode of quickjs-opcode.h as the C compiler sees it, numbered by the same enum
 * construction quickjs.c uses: "<name> <value> <size> <n_pop> <n_push> <format> <kind>". */
#include <stdio.h>

typedef enum {
#define FMT(f) OP_FMT_##f,
#define DEF(id, size, n_pop, n_push, f)
#include "quickjs-opcode.h"
#undef DEF
#undef FMT
} OPCodeFormat;

static const char *const format_names[] = {
#define FMT(f) #f,
#define DEF(id, size, n_pop, n_push, f)
#include "quickjs-opcode.h"
#undef DEF
#undef FMT
};

typedef enum OPCodeEnum {
#define FMT(f)
#define DEF(id, size, n_pop, n_push, f) OP_##id,
#define def(id, size, n_pop, n_push, f)
#include "quickjs-opcode.h"
#undef def
#undef DEF
#undef FMT
    OP_COUNT,
    OP_TEMP_START = OP_nop + 1,
    OP___dummy = OP_TEMP_START - 1,
#define FMT(f)
#define DEF(id, size, n_pop, n_push, f)
#define def(id, size, n_pop, n_push, f) OP_##id,
#include "quickjs-opcode.h"
#undef def
#undef DEF
#undef FMT
    OP_TEMP_END,
} OPCodeEnum;

int main(void) {
#define FMT(f)
#define DEF(id, size, n_pop, n_push, f) \
    printf("%s %d %d %d %d %s runtime\n", #id, (int)OP_##id, size, n_pop, n_push, format_names[OP_FMT_##f]);
#define def(id, size, n_pop, n_push, f) \
    printf("%s %d %d %d %d %s temporary\n", #id, (int)OP_##id, size, n_pop, n_push, format_names[OP_FMT_##f]);
#include "quickjs-opcode.h"
    printf("count %d %d\n", (int)OP_COUNT, (int)(OP_TEMP_END - OP_TEMP_START));
    return 0;
}
