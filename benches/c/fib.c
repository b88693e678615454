/* fib(n) timed inside the program: the native-C reference for the JS fib benchmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 30;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int r = fib(n);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    printf("fib(%d) = %d time_ms %.3f\n", n, r, ms);
    return 0;
}
