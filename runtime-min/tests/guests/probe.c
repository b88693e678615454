/*
 * Test guest for edgebox (built to wasm32-wasi at test time): `probe <command> [args...]`
 * does one thing a sandboxed app might try and reports it on stdout. File operations print
 * "ok" and exit 0, or "error: <strerror>" and exit 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static int
report(int rc)
{
    if (rc < 0) {
        printf("error: %s\n", strerror(errno));
        return 1;
    }
    printf("ok\n");
    return 0;
}

static int
write_with_flags(const char *path, int flags, const char *text)
{
    int fd = open(path, flags, 0644);
    if (fd < 0)
        return report(-1);
    ssize_t n = text ? write(fd, text, strlen(text)) : 0;
    close(fd);
    return report(n < 0 ? -1 : 0);
}

static int
cat(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[256];
    size_t n;
    if (!f)
        return report(-1);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    if (ferror(f)) {
        fclose(f);
        return report(-1);
    }
    fclose(f);
    return 0;
}

static int
list(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d)
        return report(-1);
    int failed = 0;
    for (;;) {
        errno = 0;
        if (!(e = readdir(d))) {
            failed = errno != 0;
            break;
        }
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            printf("%s\n", e->d_name);
    }
    closedir(d);
    return failed ? report(-1) : 0;
}

static volatile int keep_going = 1;

/* Recursion that uses the C stack in linear memory (overflows the app's own stack). */
static int
recurse(int depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    return keep_going ? recurse(depth + 1) + frame[0] : 0;
}

/* Recursion with no linear-memory frame: only wasm (and, for AOT, native) stack. */
__attribute__((noinline)) static int
deep(int depth)
{
    if (!keep_going)
        return depth;
    keep_going = depth + 1; /* a store before and a load after the call: no loop */
    int result = deep(depth + 1);
    return result + keep_going;
}

int
main(int argc, char **argv)
{
    /* As every EdgeBox guest does: relative paths resolve against the host's current directory,
     * passed as EDGEBOX_CWD (granted directories are preopened under their absolute names). */
    const char *cwd = getenv("EDGEBOX_CWD");
    if (cwd) {
        char *copy = strdup(cwd);
        unsetenv("EDGEBOX_CWD");
        if (copy) (void)chdir(copy);
    }
    const char *cmd = argc > 1 ? argv[1] : "";
    const char *a = argc > 2 ? argv[2] : NULL;
    const char *b = argc > 3 ? argv[3] : NULL;

    if (!strcmp(cmd, "args")) {
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        return 0;
    }
    if (!strcmp(cmd, "env")) {
        for (char **e = environ; *e; e++)
            printf("%s\n", *e);
        return 0;
    }
    if (!strcmp(cmd, "exit"))
        exit(atoi(a));
    if (!strcmp(cmd, "return"))
        return atoi(a);
    if (!strcmp(cmd, "read"))
        return cat(a);
    if (!strcmp(cmd, "ls"))
        return list(a);
    if (!strcmp(cmd, "write")) /* existing file, no truncation */
        return write_with_flags(a, O_WRONLY, b);
    if (!strcmp(cmd, "append"))
        return write_with_flags(a, O_WRONLY | O_APPEND, b);
    if (!strcmp(cmd, "create"))
        return write_with_flags(a, O_WRONLY | O_CREAT | O_EXCL, b);
    if (!strcmp(cmd, "trunc"))
        return write_with_flags(a, O_WRONLY | O_TRUNC, NULL);
    if (!strcmp(cmd, "truncate"))
        return report(truncate(a, 0));
    if (!strcmp(cmd, "rename"))
        return report(rename(a, b));
    if (!strcmp(cmd, "unlink"))
        return report(unlink(a));
    if (!strcmp(cmd, "mkdir"))
        return report(mkdir(a, 0755));
    if (!strcmp(cmd, "rmdir"))
        return report(rmdir(a));
    if (!strcmp(cmd, "symlink"))
        return report(symlink(a, b));
    if (!strcmp(cmd, "link"))
        return report(link(a, b));
    if (!strcmp(cmd, "utimes")) {
        struct timespec times[2] = { { 0, 0 }, { 0, 0 } };
        return report(utimensat(AT_FDCWD, a, times, 0));
    }
    if (!strcmp(cmd, "readlink")) {
        char buf[256];
        ssize_t n = readlink(a, buf, sizeof buf - 1);
        if (n < 0)
            return report(-1);
        buf[n] = 0;
        printf("%s\n", buf);
        return 0;
    }
    if (!strcmp(cmd, "oob")) {
        volatile int *p = (volatile int *)(uintptr_t)strtoul("0xfffffff0", NULL, 16);
        printf("%d\n", *p);
        return 0;
    }
    if (!strcmp(cmd, "unreachable"))
        __builtin_trap();
    if (!strcmp(cmd, "recurse"))
        return recurse(0);
    if (!strcmp(cmd, "deep"))
        return deep(0);
    if (!strcmp(cmd, "hog")) { /* allocate 1 MiB blocks until malloc fails */
        static char *volatile last;
        unsigned count = 0;
        while ((last = malloc(1 << 20)) != NULL) {
            last[0] = 1;
            count++;
        }
        printf("allocated %u MiB\n", count);
        return 0;
    }
    fprintf(stderr, "probe: unknown command %s\n", cmd);
    return 99;
}
