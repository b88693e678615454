/*
 * A guest for the AOT linker tests (tests/aot_link.rs): compiled in two parts at many split
 * points, linked, and run against the whole compilation. It has what a split can break: calls
 * and indirect calls across the split, switch jump tables (.rodata relocated against .text),
 * float constants (.rodata.cst8), string tables (.rodata), recursion and libc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef double (*op_fn)(double, double);

__attribute__((noinline)) static double add(double a, double b) { return a + b; }
__attribute__((noinline)) static double mul(double a, double b) { return a * b * 1.000001; }
__attribute__((noinline)) static double dv(double a, double b) { return b != 0.0 ? a / b : 3.25; }
__attribute__((noinline)) static double hyp(double a, double b) { return a * a + b * b - 0.5; }

static const op_fn ops[] = {add, mul, dv, hyp};
static const char *const names[] = {"add", "mul", "div", "hyp", "seven", "other"};

__attribute__((noinline)) static int classify(int x) {
    switch (x % 11) {
    case 0: return 3;
    case 1: return 17;
    case 2: return 4;
    case 3: return 99;
    case 4: return -2;
    case 5: return 41;
    case 6: return 8;
    case 7: return 12;
    case 8: return 1000;
    default: return x;
    }
}

__attribute__((noinline)) static const char *label(int x) {
    switch (x & 7) {
    case 0: return names[0];
    case 1: return names[1];
    case 2: return names[2];
    case 3: return names[3];
    case 4: return names[4];
    default: return names[5];
    }
}

__attribute__((noinline)) static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static unsigned mix(const char *s) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < strlen(s); i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 24;
    double acc = 0.75;
    long total = 0;
    unsigned h = 0;
    for (int i = 0; i < n * 50; i++) {
        acc = ops[i & 3](acc, (double)(i % 7) + 0.125);
        if (acc > 1e6 || acc < -1e6) acc = 0.5;
        total += classify(i);
        h ^= mix(label(i));
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.6f", acc);
    printf("fib=%d total=%ld hash=%08x acc=%s label=%s\n", fib(n), total, h, buf, label(n));
    return 0;
}
