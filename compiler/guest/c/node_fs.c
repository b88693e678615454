/*
 * native.fs: the file system calls of the Node layer's `fs` (edgebox-node lib/fs.js), over
 * wasi-libc. Every function is synchronous; the JS side builds the callback and promise forms
 * on top and turns failures into Node's errors.
 *
 * Conventions: paths are strings the JS side has already made absolute (wasi-libc resolves an
 * absolute path against the preopened directory with the longest matching prefix, and nothing
 * else, so a path outside every granted directory fails). A failure returns -errno as a number
 * (wasi-libc's errno values are WASI's; lib/internal/fs/errors.js maps them to Node's codes).
 * Flags and modes come in Linux's numbering (Node's fs.constants) and are translated here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "edgebox_natives.h"

/* Linux's open flags (Node's fs.constants.O_*). */
#define LINUX_O_WRONLY 01
#define LINUX_O_RDWR 02
#define LINUX_O_CREAT 0100
#define LINUX_O_EXCL 0200
#define LINUX_O_TRUNC 01000
#define LINUX_O_APPEND 02000
#define LINUX_O_DSYNC 010000
#define LINUX_O_DIRECTORY 0200000
#define LINUX_O_NOFOLLOW 0400000
#define LINUX_O_SYNC 04010000

/* libuv's dirent types (Node's fs.constants.UV_DIRENT_*). */
enum { UV_DIRENT_UNKNOWN, UV_DIRENT_FILE, UV_DIRENT_DIR, UV_DIRENT_LINK, UV_DIRENT_FIFO,
       UV_DIRENT_SOCKET, UV_DIRENT_CHAR, UV_DIRENT_BLOCK };

static JSValue fail(JSContext *ctx) { return JS_NewInt32(ctx, -errno); }

static JSValue ok_or_fail(JSContext *ctx, int r) { return r < 0 ? fail(ctx) : JS_NewInt32(ctx, r); }

/* The argument at `i` as a C string, or NULL with an exception pending. */
static const char *arg_path(JSContext *ctx, int argc, JSValueConst *argv, int i) {
    if (i >= argc) {
        JS_ThrowTypeError(ctx, "native.fs: missing path argument");
        return NULL;
    }
    return JS_ToCString(ctx, argv[i]);
}

static int arg_int(JSContext *ctx, int argc, JSValueConst *argv, int i, int64_t *out) {
    if (i >= argc) {
        *out = 0;
        return 0;
    }
    return JS_ToInt64(ctx, out, argv[i]);
}

static int open_flags(int64_t linux_flags) {
    int flags;
    switch (linux_flags & 3) {
    case LINUX_O_WRONLY: flags = O_WRONLY; break;
    case LINUX_O_RDWR: flags = O_RDWR; break;
    default: flags = O_RDONLY; break;
    }
    if (linux_flags & LINUX_O_CREAT) flags |= O_CREAT;
    if (linux_flags & LINUX_O_EXCL) flags |= O_EXCL;
    if (linux_flags & LINUX_O_TRUNC) flags |= O_TRUNC;
    if (linux_flags & LINUX_O_APPEND) flags |= O_APPEND;
    if ((linux_flags & LINUX_O_SYNC) == LINUX_O_SYNC) flags |= O_SYNC;
    else if (linux_flags & LINUX_O_DSYNC) flags |= O_DSYNC;
    if (linux_flags & LINUX_O_DIRECTORY) flags |= O_DIRECTORY;
    if (linux_flags & LINUX_O_NOFOLLOW) flags |= O_NOFOLLOW;
    return flags;
}

/* Whether fd has the rights its open flags asked for. WASI hands out a descriptor with the
 * rights the directory's grant allows, silently dropping the others; Node's open of a file the
 * process may not write fails with EACCES, so this one does too. */
static int has_access_rights(int fd, int64_t linux_flags) {
    __wasi_fdstat_t stat;
    if (__wasi_fd_fdstat_get((__wasi_fd_t)fd, &stat) != 0) return 1;
    if (stat.fs_filetype == __WASI_FILETYPE_DIRECTORY) return 1;
    int mode = (int)(linux_flags & 3);
    int wants_read = mode != LINUX_O_WRONLY;
    int wants_write = mode == LINUX_O_WRONLY || mode == LINUX_O_RDWR;
    if (wants_read && !(stat.fs_rights_base & __WASI_RIGHTS_FD_READ)) return 0;
    if (wants_write && !(stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE)) return 0;
    return 1;
}

/* open(path, linuxFlags, mode) -> fd */
static JSValue fs_open(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t flags, mode;
    if (arg_int(ctx, argc, argv, 1, &flags) || arg_int(ctx, argc, argv, 2, &mode))
        return JS_EXCEPTION;
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    int fd = open(path, open_flags(flags), (mode_t)mode);
    JS_FreeCString(ctx, path);
    if (fd >= 0 && !has_access_rights(fd, flags)) {
        close(fd);
        return JS_NewInt32(ctx, -EACCES);
    }
    return ok_or_fail(ctx, fd);
}

static JSValue fs_close(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    if (arg_int(ctx, argc, argv, 0, &fd)) return JS_EXCEPTION;
    return ok_or_fail(ctx, close((int)fd));
}

/* The bytes [offset, offset + length) of the Uint8Array at argv[1], checked against its size. */
static uint8_t *arg_span(JSContext *ctx, int argc, JSValueConst *argv, int64_t *length) {
    size_t size;
    uint8_t *bytes = argc > 1 ? JS_GetUint8Array(ctx, &size, argv[1]) : NULL;
    int64_t offset;
    if (!bytes) return NULL;
    if (arg_int(ctx, argc, argv, 2, &offset) || arg_int(ctx, argc, argv, 3, length)) return NULL;
    if (offset < 0 || *length < 0 || (uint64_t)offset + (uint64_t)*length > size) {
        JS_ThrowRangeError(ctx, "native.fs: span out of the buffer");
        return NULL;
    }
    return bytes + offset;
}

/* read(fd, u8, offset, length, position) -> bytes read; position < 0 reads at the file's
 * current position. */
static JSValue fs_read(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd, length, position;
    if (arg_int(ctx, argc, argv, 0, &fd) || arg_int(ctx, argc, argv, 4, &position))
        return JS_EXCEPTION;
    uint8_t *bytes = arg_span(ctx, argc, argv, &length);
    if (!bytes) return JS_EXCEPTION;
    ssize_t n = position < 0 ? read((int)fd, bytes, (size_t)length)
                             : pread((int)fd, bytes, (size_t)length, (off_t)position);
    return n < 0 ? fail(ctx) : JS_NewInt64(ctx, n);
}

/* write(fd, u8, offset, length, position) -> bytes written */
static JSValue fs_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd, length, position;
    if (arg_int(ctx, argc, argv, 0, &fd) || arg_int(ctx, argc, argv, 4, &position))
        return JS_EXCEPTION;
    uint8_t *bytes = arg_span(ctx, argc, argv, &length);
    if (!bytes) return JS_EXCEPTION;
    ssize_t n = position < 0 ? write((int)fd, bytes, (size_t)length)
                             : pwrite((int)fd, bytes, (size_t)length, (off_t)position);
    return n < 0 ? fail(ctx) : JS_NewInt64(ctx, n);
}

static double time_ms(struct timespec t) { return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6; }

/* A stat as Node's array order: dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
 * atimeMs, mtimeMs, ctimeMs, birthtimeMs (WASI has no birth time: ctime stands in). */
static JSValue stat_array(JSContext *ctx, const struct stat *st) {
    double fields[14] = {
        (double)st->st_dev,  (double)st->st_mode, (double)st->st_nlink,   (double)st->st_uid,
        (double)st->st_gid,  (double)st->st_rdev, (double)st->st_blksize, (double)st->st_ino,
        (double)st->st_size, (double)st->st_blocks, time_ms(st->st_atim), time_ms(st->st_mtim),
        time_ms(st->st_ctim), time_ms(st->st_ctim),
    };
    JSValue array = JS_NewArray(ctx);
    for (uint32_t i = 0; i < 14; i++) JS_SetPropertyUint32(ctx, array, i, JS_NewFloat64(ctx, fields[i]));
    return array;
}

/* stat(path, followLinks) -> stat array */
static JSValue fs_stat(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int follow = argc > 1 && JS_ToBool(ctx, argv[1]);
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    JS_FreeCString(ctx, path);
    return r < 0 ? fail(ctx) : stat_array(ctx, &st);
}

static JSValue fs_fstat(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    if (arg_int(ctx, argc, argv, 0, &fd)) return JS_EXCEPTION;
    struct stat st;
    return fstat((int)fd, &st) < 0 ? fail(ctx) : stat_array(ctx, &st);
}

static int dirent_type(unsigned char type) {
    switch (type) {
    case DT_REG: return UV_DIRENT_FILE;
    case DT_DIR: return UV_DIRENT_DIR;
    case DT_LNK: return UV_DIRENT_LINK;
    case DT_CHR: return UV_DIRENT_CHAR;
    case DT_BLK: return UV_DIRENT_BLOCK;
    default: return UV_DIRENT_UNKNOWN;
    }
}

/* readdir(path) -> [names, types]: the entries but `.` and `..`, in the directory's order. */
static JSValue fs_readdir(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    DIR *dir = opendir(path);
    JS_FreeCString(ctx, path);
    if (!dir) return fail(ctx);
    JSValue names = JS_NewArray(ctx), types = JS_NewArray(ctx);
    uint32_t n = 0;
    struct dirent *entry;
    errno = 0;
    while ((entry = readdir(dir))) {
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) continue;
        JS_SetPropertyUint32(ctx, names, n, JS_NewString(ctx, entry->d_name));
        JS_SetPropertyUint32(ctx, types, n, JS_NewInt32(ctx, dirent_type(entry->d_type)));
        n++;
    }
    int error = errno;
    closedir(dir);
    if (error) {
        JS_FreeValue(ctx, names);
        JS_FreeValue(ctx, types);
        return JS_NewInt32(ctx, -error);
    }
    JSValue result = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, result, 0, names);
    JS_SetPropertyUint32(ctx, result, 1, types);
    return result;
}

/* One-path calls: mkdir(path), rmdir(path), unlink(path). */
#define ONE_PATH_CALL(name, call)                                                                \
    static JSValue fs_##name(JSContext *ctx, JSValueConst this_val, int argc,                   \
                             JSValueConst *argv) {                                               \
        const char *path = arg_path(ctx, argc, argv, 0);                                         \
        if (!path) return JS_EXCEPTION;                                                          \
        int r = call;                                                                            \
        JS_FreeCString(ctx, path);                                                               \
        return ok_or_fail(ctx, r);                                                               \
    }
ONE_PATH_CALL(mkdir, mkdir(path, 0777))
ONE_PATH_CALL(rmdir, rmdir(path))
ONE_PATH_CALL(unlink, unlink(path))

/* Two-path calls: rename(from, to), link(existing, new), symlink(target, path). */
#define TWO_PATH_CALL(name, call)                                                                \
    static JSValue fs_##name(JSContext *ctx, JSValueConst this_val, int argc,                   \
                             JSValueConst *argv) {                                               \
        const char *a = arg_path(ctx, argc, argv, 0);                                            \
        if (!a) return JS_EXCEPTION;                                                             \
        const char *b = arg_path(ctx, argc, argv, 1);                                            \
        if (!b) {                                                                                \
            JS_FreeCString(ctx, a);                                                              \
            return JS_EXCEPTION;                                                                 \
        }                                                                                        \
        int r = call;                                                                            \
        JS_FreeCString(ctx, a);                                                                  \
        JS_FreeCString(ctx, b);                                                                  \
        return ok_or_fail(ctx, r);                                                               \
    }
TWO_PATH_CALL(rename, rename(a, b))
TWO_PATH_CALL(link, link(a, b))
TWO_PATH_CALL(symlink, symlink(a, b))

/* readlink(path) -> the link's target */
static JSValue fs_readlink(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target);
    JS_FreeCString(ctx, path);
    if (n < 0) return fail(ctx);
    return JS_NewStringLen(ctx, target, (size_t)n);
}

/* access(path, mode): mode as F_OK/R_OK/W_OK/X_OK (the same numbers on Linux and WASI). */
static JSValue fs_access(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t mode;
    if (arg_int(ctx, argc, argv, 1, &mode)) return JS_EXCEPTION;
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    int r = access(path, (int)mode);
    JS_FreeCString(ctx, path);
    return ok_or_fail(ctx, r);
}

static JSValue fs_ftruncate(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd, length;
    if (arg_int(ctx, argc, argv, 0, &fd) || arg_int(ctx, argc, argv, 1, &length))
        return JS_EXCEPTION;
    return ok_or_fail(ctx, ftruncate((int)fd, (off_t)length));
}

static JSValue fs_fsync(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    if (arg_int(ctx, argc, argv, 0, &fd)) return JS_EXCEPTION;
    return ok_or_fail(ctx, fsync((int)fd));
}

static JSValue fs_fdatasync(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    if (arg_int(ctx, argc, argv, 0, &fd)) return JS_EXCEPTION;
    return ok_or_fail(ctx, fdatasync((int)fd));
}

static struct timespec timespec_of(double seconds) {
    struct timespec t;
    double whole = (double)(int64_t)seconds;
    if (whole > seconds) whole -= 1;
    t.tv_sec = (time_t)whole;
    t.tv_nsec = (long)((seconds - whole) * 1e9);
    return t;
}

/* utimes(path, atimeSeconds, mtimeSeconds, followLinks) */
static JSValue fs_utimes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    double atime, mtime;
    if (argc < 3 || JS_ToFloat64(ctx, &atime, argv[1]) || JS_ToFloat64(ctx, &mtime, argv[2]))
        return JS_EXCEPTION;
    int follow = argc > 3 && JS_ToBool(ctx, argv[3]);
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    struct timespec times[2] = {timespec_of(atime), timespec_of(mtime)};
    int r = utimensat(AT_FDCWD, path, times, follow ? 0 : AT_SYMLINK_NOFOLLOW);
    JS_FreeCString(ctx, path);
    return ok_or_fail(ctx, r);
}

/* futimes(fd, atimeSeconds, mtimeSeconds) */
static JSValue fs_futimes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    double atime, mtime;
    if (arg_int(ctx, argc, argv, 0, &fd) || argc < 3 || JS_ToFloat64(ctx, &atime, argv[1]) ||
        JS_ToFloat64(ctx, &mtime, argv[2]))
        return JS_EXCEPTION;
    struct timespec times[2] = {timespec_of(atime), timespec_of(mtime)};
    return ok_or_fail(ctx, futimens((int)fd, times));
}

/* readFd(fd) -> ArrayBuffer of everything from the current position to the end (files, pipes
 * and stdin alike: it reads until a read returns 0). */
static JSValue fs_read_fd(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int64_t fd;
    if (arg_int(ctx, argc, argv, 0, &fd)) return JS_EXCEPTION;
    struct stat st;
    size_t capacity = 64 * 1024;
    if (fstat((int)fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        capacity = (size_t)st.st_size + 1;
    uint8_t *bytes = malloc(capacity);
    if (!bytes) return JS_ThrowOutOfMemory(ctx);
    size_t size = 0;
    for (;;) {
        if (size == capacity) {
            uint8_t *grown = realloc(bytes, capacity * 2);
            if (!grown) {
                free(bytes);
                return JS_ThrowOutOfMemory(ctx);
            }
            bytes = grown;
            capacity *= 2;
        }
        ssize_t n = read((int)fd, bytes + size, capacity - size);
        if (n < 0) {
            int error = errno;
            free(bytes);
            return JS_NewInt32(ctx, -error);
        }
        if (n == 0) break;
        size += (size_t)n;
    }
    JSValue buffer = JS_NewArrayBufferCopy(ctx, bytes, size);
    free(bytes);
    return buffer;
}

/* copyFile(src, dest, exclusive): the bytes of src into dest (created, or truncated unless
 * exclusive). */
static JSValue fs_copy_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    int exclusive = argc > 2 && JS_ToBool(ctx, argv[2]);
    const char *src = arg_path(ctx, argc, argv, 0);
    if (!src) return JS_EXCEPTION;
    const char *dest = arg_path(ctx, argc, argv, 1);
    if (!dest) {
        JS_FreeCString(ctx, src);
        return JS_EXCEPTION;
    }
    int error = 0;
    int in = open(src, O_RDONLY);
    int out = -1;
    if (in < 0) error = errno;
    else {
        out = open(dest, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0666);
        if (out < 0) error = errno;
    }
    static uint8_t chunk[64 * 1024];
    while (!error) {
        ssize_t n = read(in, chunk, sizeof chunk);
        if (n < 0) error = errno;
        if (n <= 0) break;
        for (ssize_t done = 0; done < n && !error;) {
            ssize_t w = write(out, chunk + done, (size_t)(n - done));
            if (w < 0) error = errno;
            else done += w;
        }
    }
    if (in >= 0) close(in);
    if (out >= 0) close(out);
    JS_FreeCString(ctx, src);
    JS_FreeCString(ctx, dest);
    return JS_NewInt32(ctx, -error);
}

/* chdir(absolutePath): changes the directory relative paths resolve against (process.chdir). */
static JSValue fs_chdir(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
    static char *owned;
    const char *path = arg_path(ctx, argc, argv, 0);
    if (!path) return JS_EXCEPTION;
    int r = chdir(path);
    char *copy = r == 0 ? strdup(path) : NULL;
    JS_FreeCString(ctx, path);
    if (r < 0) return fail(ctx);
    if (!copy) return JS_ThrowOutOfMemory(ctx);
    free(owned);
    owned = copy;
    edgebox_cwd = copy;
    return JS_NewInt32(ctx, 0);
}

static const JSCFunctionListEntry fs_functions[] = {
    JS_CFUNC_DEF("chdir", 1, fs_chdir),
    JS_CFUNC_DEF("open", 3, fs_open),
    JS_CFUNC_DEF("close", 1, fs_close),
    JS_CFUNC_DEF("read", 5, fs_read),
    JS_CFUNC_DEF("write", 5, fs_write),
    JS_CFUNC_DEF("stat", 2, fs_stat),
    JS_CFUNC_DEF("fstat", 1, fs_fstat),
    JS_CFUNC_DEF("readdir", 1, fs_readdir),
    JS_CFUNC_DEF("mkdir", 1, fs_mkdir),
    JS_CFUNC_DEF("rmdir", 1, fs_rmdir),
    JS_CFUNC_DEF("unlink", 1, fs_unlink),
    JS_CFUNC_DEF("rename", 2, fs_rename),
    JS_CFUNC_DEF("link", 2, fs_link),
    JS_CFUNC_DEF("symlink", 2, fs_symlink),
    JS_CFUNC_DEF("readlink", 1, fs_readlink),
    JS_CFUNC_DEF("access", 2, fs_access),
    JS_CFUNC_DEF("ftruncate", 2, fs_ftruncate),
    JS_CFUNC_DEF("fsync", 1, fs_fsync),
    JS_CFUNC_DEF("fdatasync", 1, fs_fdatasync),
    JS_CFUNC_DEF("utimes", 4, fs_utimes),
    JS_CFUNC_DEF("futimes", 3, fs_futimes),
    JS_CFUNC_DEF("readFd", 1, fs_read_fd),
    JS_CFUNC_DEF("copyFile", 3, fs_copy_file),
};

void edgebox_fs_install(JSContext *ctx, JSValueConst native) {
    JSValue fs = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, fs, fs_functions, sizeof fs_functions / sizeof fs_functions[0]);
    JS_SetPropertyStr(ctx, native, "fs", fs);
}
