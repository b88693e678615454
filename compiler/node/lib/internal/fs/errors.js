// Node's errors for failed file-system calls (libuv's uvException): `ENOENT: no such file or
// directory, open '/x'`, with errno (Linux's number, negative), code, syscall, path and dest.
"use strict";

// wasi-libc's errno values are WASI's: this table is indexed by them and gives the code, the
// negative Linux errno and libuv's message that Node reports (generated from node's
// util.getSystemErrorMap(); codes libuv does not know keep "unknown error").
const ERRNO = [
  // 0: success
  undefined,
  ["E2BIG", -7, "argument list too long"],
  ["EACCES", -13, "permission denied"],
  ["EADDRINUSE", -98, "address already in use"],
  ["EADDRNOTAVAIL", -99, "address not available"],
  ["EAFNOSUPPORT", -97, "address family not supported"],
  ["EAGAIN", -11, "resource temporarily unavailable"],
  ["EALREADY", -114, "connection already in progress"],
  ["EBADF", -9, "bad file descriptor"],
  ["EBADMSG", -74, "unknown error"],
  ["EBUSY", -16, "resource busy or locked"],
  ["ECANCELED", -125, "operation canceled"],
  ["ECHILD", -10, "unknown error"],
  ["ECONNABORTED", -103, "software caused connection abort"],
  ["ECONNREFUSED", -111, "connection refused"],
  ["ECONNRESET", -104, "connection reset by peer"],
  ["EDEADLK", -35, "unknown error"],
  ["EDESTADDRREQ", -89, "destination address required"],
  ["EDOM", -33, "unknown error"],
  ["EDQUOT", -122, "unknown error"],
  ["EEXIST", -17, "file already exists"],
  ["EFAULT", -14, "bad address in system call argument"],
  ["EFBIG", -27, "file too large"],
  ["EHOSTUNREACH", -113, "host is unreachable"],
  ["EIDRM", -43, "unknown error"],
  ["EILSEQ", -84, "illegal byte sequence"],
  ["EINPROGRESS", -115, "unknown error"],
  ["EINTR", -4, "interrupted system call"],
  ["EINVAL", -22, "invalid argument"],
  ["EIO", -5, "i/o error"],
  ["EISCONN", -106, "socket is already connected"],
  ["EISDIR", -21, "illegal operation on a directory"],
  ["ELOOP", -40, "too many symbolic links encountered"],
  ["EMFILE", -24, "too many open files"],
  ["EMLINK", -31, "too many links"],
  ["EMSGSIZE", -90, "message too long"],
  ["EMULTIHOP", -72, "unknown error"],
  ["ENAMETOOLONG", -36, "name too long"],
  ["ENETDOWN", -100, "network is down"],
  ["ENETRESET", -102, "unknown error"],
  ["ENETUNREACH", -101, "network is unreachable"],
  ["ENFILE", -23, "file table overflow"],
  ["ENOBUFS", -105, "no buffer space available"],
  ["ENODEV", -19, "no such device"],
  ["ENOENT", -2, "no such file or directory"],
  ["ENOEXEC", -8, "unknown error"],
  ["ENOLCK", -37, "unknown error"],
  ["ENOLINK", -67, "unknown error"],
  ["ENOMEM", -12, "not enough memory"],
  ["ENOMSG", -42, "unknown error"],
  ["ENOPROTOOPT", -92, "protocol not available"],
  ["ENOSPC", -28, "no space left on device"],
  ["ENOSYS", -38, "function not implemented"],
  ["ENOTCONN", -107, "socket is not connected"],
  ["ENOTDIR", -20, "not a directory"],
  ["ENOTEMPTY", -39, "directory not empty"],
  ["ENOTRECOVERABLE", NaN, "unknown error"],
  ["ENOTSOCK", -88, "socket operation on non-socket"],
  ["ENOTSUP", -95, "operation not supported on socket"],
  ["ENOTTY", -25, "inappropriate ioctl for device"],
  ["ENXIO", -6, "no such device or address"],
  ["EOVERFLOW", -75, "value too large for defined data type"],
  ["EOWNERDEAD", NaN, "unknown error"],
  ["EPERM", -1, "operation not permitted"],
  ["EPIPE", -32, "broken pipe"],
  ["EPROTO", -71, "protocol error"],
  ["EPROTONOSUPPORT", -93, "protocol not supported"],
  ["EPROTOTYPE", -91, "protocol wrong type for socket"],
  ["ERANGE", -34, "result too large"],
  ["EROFS", -30, "read-only file system"],
  ["ESPIPE", -29, "invalid seek"],
  ["ESRCH", -3, "no such process"],
  ["ESTALE", -116, "unknown error"],
  ["ETIMEDOUT", -110, "connection timed out"],
  ["ETXTBSY", -26, "text file is busy"],
  ["EXDEV", -18, "cross-device link not permitted"],
];
// 76: ENOTCAPABLE, WASI's "the sandbox does not grant this": Node reports a denial as EACCES.
const NOT_CAPABLE = 76;
const EACCES = 2;

// [code, Linux errno (negative), libuv's message] of a native call's `-wasiErrno`.
function errnoEntry(result) {
  const wasi = -result === NOT_CAPABLE ? EACCES : -result;
  return ERRNO[wasi] || ["UNKNOWN", -4094, "unknown error"];
}

// The error for a native call that returned `-wasiErrno`.
function uvException(result, syscall, path, dest) {
  const [code, errno, message] = errnoEntry(result);
  let text = `${code}: ${message}, ${syscall}`;
  if (path !== undefined) text += ` '${path}'`;
  if (dest !== undefined) text += ` -> '${dest}'`;
  const error = new Error(text);
  error.errno = errno;
  error.code = code;
  error.syscall = syscall;
  if (path !== undefined) error.path = path;
  if (dest !== undefined) error.dest = dest;
  return error;
}

// The result of a native call, or its error thrown.
function check(result, syscall, path, dest) {
  if (typeof result === "number" && result < 0) throw uvException(result, syscall, path, dest);
  return result;
}

// Node's SystemError of the fs helpers written in JS (rm, cp): `${prefix}: ${syscall} returned
// ${errcode} (${message}) ${path}`, with the errno of `errcode` unless `errno` is given.
function systemError(code, prefix, syscall, errcode, message, path, errno) {
  const error = new Error(`${prefix}: ${syscall} returned ${errcode} (${message}) ${path}`);
  Object.defineProperty(error, "name", { value: "SystemError", writable: true, configurable: true });
  error.code = code;
  errno ??= -ERRNO.find((e) => e?.[0] === errcode)?.[1];
  error.info = { code: errcode, message, path, syscall, errno };
  error.errno = error.info.errno;
  error.syscall = syscall;
  error.path = path;
  return error;
}

// Whether `error` is a failure of the operation (it goes to the callback or rejects the promise)
// rather than a bad argument (thrown at once, as Node does).
function isOperationalError(error) {
  return error?.syscall !== undefined;
}

// Linux errno values of os.constants.errno (by code).
function errnoConstants() {
  const constants = Object.create(null);
  for (const entry of ERRNO) if (entry) constants[entry[0]] = -entry[1];
  return constants;
}

module.exports = { uvException, check, errnoConstants, errnoEntry, isOperationalError, systemError };
