/*
 * Test guest for edgebox's run limits (built to wasm32-wasi at test time): `runaway <how>`
 * prints "running" (flushed) and then never finishes on its own:
 *   spin     a loop with no call in it (only AOT preemption or the interpreter's checks stop it)
 *   recurse  an exponential recursion (calls return all the time)
 *   read     a blocking read of stdin (the host waits in read(2))
 *   sleep    a 1000 s sleep (the host waits in poll_oneoff)
 * and `runaway count <n>` counts to n and prints "done" (finishes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned sink;

static unsigned
fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int
main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "";
    printf("running\n");
    fflush(stdout);
    if (strcmp(how, "spin") == 0) {
        for (;;)
            sink = sink * 1103515245u + 12345u;
    }
    if (strcmp(how, "recurse") == 0) {
        for (;;)
            sink = fib(60 + sink % 2);
    }
    if (strcmp(how, "read") == 0) {
        char c;
        ssize_t n = read(0, &c, 1);
        printf("read returned %d\n", (int)n);
        return 1;
    }
    if (strcmp(how, "sleep") == 0) {
        struct timespec ts = {1000, 0};
        nanosleep(&ts, NULL);
        printf("slept\n");
        return 1;
    }
    if (strcmp(how, "count") == 0 && argc > 2) {
        unsigned long n = strtoul(argv[2], NULL, 10);
        for (unsigned long i = 0; i < n; i++)
            sink = sink + 1;
        printf("done\n");
        return 0;
    }
    fprintf(stderr, "usage: runaway spin|recurse|read|sleep|count N\n");
    return 2;
}
