/*
 * A guest that starts one command through the host ABI (compiler/guest/c/edgebox_host_abi.h)
 * and reports what happened, for the command-rule and OS-sandbox tests (tests/commands.rs).
 *
 *   spawn.wasm '<request JSON>' [stdin text]
 *
 * Writes the stdin text (if any) and closes the child's stdin, then collects stdout and stderr
 * with edgebox_wait until both end and the child exits. Prints
 *   stdout: <bytes>\nstderr: <bytes>\nstatus: <code> <signal>\n   and exits 0, or
 *   error: <errno> <message>\n                                        and exits 1.
 */
#include <stdio.h>
#include <string.h>

#include "edgebox_host_abi.h"

static char out[2][65536];
static uint32_t out_len[2];
static int ended[2];

static int fail(int32_t errno_value) {
    uint8_t message[1024];
    int32_t len = edgebox_last_error(message, sizeof message);
    if (len > (int32_t)sizeof message) len = sizeof message;
    printf("error: %d %.*s\n", -errno_value, (int)len, (const char *)message);
    return 1;
}

int main(int argc, char **argv) {
    uint32_t handle;
    int32_t status[2];
    int32_t r;
    int open_streams = 2, exited = 0;

    if (argc < 2) return 2;
    r = edgebox_proc_spawn((const uint8_t *)argv[1], strlen(argv[1]), &handle);
    if (r != 0) return fail(r);
    if (argc > 2) {
        const char *input = argv[2];
        uint32_t left = strlen(input);
        while (left > 0) {
            r = edgebox_proc_write(handle, (const uint8_t *)input, left);
            if (r == -6) {
                edgebox_wait(-1, EDGEBOX_WAIT_CHILDREN);
                continue;
            }
            if (r < 0) return fail(r);
            input += r;
            left -= r;
        }
    }
    edgebox_proc_close_stdin(handle);
    while (open_streams > 0 || !exited) {
        for (uint32_t s = 1; s <= 2; s++) {
            if (ended[s - 1]) continue;
            uint32_t room = sizeof out[0] - out_len[s - 1];
            r = edgebox_proc_read(handle, s, (uint8_t *)out[s - 1] + out_len[s - 1], room);
            if (r > 0) out_len[s - 1] += r;
            if (r == 0 || r == -8) {
                ended[s - 1] = 1;
                open_streams--;
            }
        }
        if (!exited) exited = edgebox_proc_status(handle, status) == 1;
        if (open_streams > 0 || !exited) edgebox_wait(-1, EDGEBOX_WAIT_CHILDREN);
    }
    printf("stdout: %.*s\n", (int)out_len[0], out[0]);
    printf("stderr: %.*s\n", (int)out_len[1], out[1]);
    printf("status: %d %d\n", status[0], status[1]);
    edgebox_proc_release(handle);
    return 0;
}
