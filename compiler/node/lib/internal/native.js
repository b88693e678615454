// The guest's native functions (glue.c `__edgebox_native`), taken off the global object before
// the app runs so that only the Node layer reaches them:
//   write(fd, text)        writes text as UTF-8 to fd 1 or 2
//   exit(code)             flushes and ends the process
//   now()                  milliseconds since the start (monotonic, fractional)
//   hrtime()               nanoseconds of the monotonic clock (bigint)
//   sleep(ms)              blocks the thread (WASI poll_oneoff), stdout flushed first
//   waitReadable(fds, ms)  the fds a read would not block on, waiting up to ms (< 0: no limit)
//                          in one WASI poll_oneoff (fd_read subscriptions and a clock), stdout
//                          flushed first unless ms is 0
//   runJobs()              runs pending promise jobs; throws what a job throws
//   setRejectionHandler(f) f(promise, reason, handled) on each promise rejection event
//   promiseState(p)        [state (0 pending, 1 fulfilled, 2 rejected), value]; undefined if p
//                          is not a promise
//   proxyParts(v)          [target, handler] of a proxy; undefined otherwise
//   isatty(fd)             whether fd is a terminal
//   cwd()                  the guest's current directory (the host's EDGEBOX_CWD)
//   randomFill(u8)         fills a Uint8Array with random bytes (WASI random_get)
//   sourceLine(file, line) line `line` of the app's file `file` (as stack traces name it) from
//                          the artifact's sources record, or undefined (for code frames)
//   memoryUsage()          [rss (linear memory), heapTotal, heapUsed, arrayBuffers] in bytes
//   fs                     the file system calls of node_fs.c (open, close, read, write, stat,
//                          fstat, readdir, mkdir, rmdir, unlink, rename, link, symlink,
//                          readlink, access, ftruncate, fsync, fdatasync, utimes, futimes,
//                          readFd, copyFile, chdir): absolute paths in, -errno (WASI's) on failure
//   encoding               UTF-8 transcoding of node_encoding.c: utf8Decode(u8, fatal) -> string
//                          (null if fatal and malformed), utf8Encode(string) -> ArrayBuffer,
//                          utf8Length(string)
//   crypto                 the digests of node_crypto.c (MD5, SHA-1, SHA-224/256/384/512,
//                          SHA-512/224, SHA-512/256 by their canonical names): hashInit(name),
//                          hmacInit(name, keyU8) -> handle (null for an unknown name);
//                          update(handle, u8 | string) -> false for a finished HMAC;
//                          digest(handle) -> ArrayBuffer (a hash's again, an HMAC's empty after
//                          the first); copy(handle); pbkdf2(name, passwordU8, saltU8,
//                          iterations, keylen) -> ArrayBuffer
//   zlib                   zlib's streams (node_zlib.c): create(mode, windowBits, level,
//                          memLevel, strategy, dictionaryU8) -> handle in one of Node's modes
//                          (DEFLATE 1 .. UNZIP 7); write(handle, flush, inU8, inOff, inLen,
//                          outU8, outOff, outLen, stateU32) -> null (state = [availOut,
//                          availIn]) or [message, errno]; reset(handle), params(handle, level,
//                          strategy) -> null or [message, errno]; close(handle); crc32(u8,
//                          value); vernum (ZLIB_VERNUM of the zlib it is built with)
//   proc                   child processes over the host's calls (node_child_process.c):
//                          spawn(requestJson) -> handle; read(handle, stream, u8) -> bytes, 0 at
//                          the end; write(handle, u8, offset, length) -> bytes; closeStdin,
//                          release(handle); status(handle) -> undefined while it runs, else
//                          [code, signal]; kill(handle, signal); wait(ms, what) -> ready bits
//                          (WAIT_STDIN, WAIT_CHILDREN), stdout flushed first unless ms is 0;
//                          lastError() -> the host's message; failures are -errno (WASI's)
//   serve                  the request an edgeboxd instance serves (node_serve.c): request()
//                          -> the head (JSON text); body(u8) -> bytes, 0 at the end;
//                          respond(headJson); write(u8, offset, length); end(); failures are
//                          -errno (WASI's: -52 ENOSYS when not serving, -64 EPIPE when the
//                          client has gone)
//   serving                true when edgeboxd started the instance (set at start)
//   quickjsVersion         QuickJS-NG's version string
//   atob, btoa,            QuickJS-NG's own globals of those names (the Node layer's check
//   queueMicrotask         their arguments as Node does, then call these)
//   argv, env              the run's arguments and environment (set at start)
"use strict";

const native = globalThis.__edgebox_native;
delete globalThis.__edgebox_native;
module.exports = native;
