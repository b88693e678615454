// Node's `fs` over WASI (native.fs, compiler/guest/c/node_fs.c): the synchronous calls, their
// callback forms (the work is done at once; the callback runs in the loop's I/O phase, as a
// completion from libuv's thread pool would) and `fs.promises`. Paths resolve only inside the
// directories the policy grants (see internal/fs/utils.js nativePath).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { Buffer } = require("node:buffer");
const pathModule = require("node:path");
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateFunction, validateBoolean, validateInteger } = require("node:internal/validators");
const { check, isOperationalError, systemError, uvException } = require("node:internal/fs/errors");
const {
  Dirent,
  Stats,
  assertEncoding,
  constants,
  getOptions,
  getValidatedPath,
  makeStats,
  nativePath,
  parseMode,
  stringToFlags,
  validateFd,
} = require("node:internal/fs/utils");

// What WASI answers for a path outside every granted directory (EACCES, ENOTCAPABLE).
const DENIED = [-2, -76];

// `absolute` with its symlinks resolved by reading them: through the components the guest can
// see, taking a directory above the granted ones as it is named. `strict`: every component must
// exist (realpath; errors are thrown as Node's, naming `original`); otherwise a missing one
// ends the walk with the rest appended, and a failure returns undefined. `followLast`: the last
// component is resolved too.
function walkLinks(absolute, followLast, strict, original) {
  let pending = absolute.split("/").filter(Boolean);
  let resolved = "/";
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift();
    const next = pathModule.join(resolved, part);
    const fields = native.fs.stat(next, false);
    if (typeof fields === "number") {
      if (pending.length > 0 && DENIED.includes(fields)) {
        resolved = next;
        continue;
      }
      if (strict) throw uvException(fields, "lstat", next);
      return fields === -44 ? pathModule.join(next, ...pending) : undefined;
    }
    if ((fields[1] & S_IFMT) !== constants.S_IFLNK || (pending.length === 0 && !followLast)) {
      resolved = next;
      continue;
    }
    if (++links > 40) {
      if (strict) throw uvException(-32, "realpath", original);
      return undefined;
    }
    const target = native.fs.readlink(next);
    if (typeof target === "number") {
      if (strict) throw uvException(target, "readlink", next);
      return undefined;
    }
    pending = (target.startsWith("/") ? target : pathModule.join(resolved, target)).split("/").filter(Boolean).concat(pending);
    resolved = "/";
  }
  return resolved;
}

// native.fs with one addition: a call that WASI denies is retried once on the path with its
// symlinks resolved by walkLinks, because WAMR's WASI refuses to follow a link whose target is
// absolute, even one inside a granted directory. The retried path is checked against the grants
// like any other: a link cannot lead outside them.
function retryThroughLinks(call, followLast) {
  return (path, ...rest) => {
    const result = call(path, ...rest);
    if (!DENIED.includes(result)) return result;
    const resolved = walkLinks(path, followLast(rest), false);
    return resolved === undefined || resolved === path ? result : call(resolved, ...rest);
  };
}

const always = () => true;
const never = () => false;
const fsNative = Object.assign(Object.create(native.fs), {
  open: retryThroughLinks(native.fs.open, (rest) => (rest[0] & constants.O_NOFOLLOW) === 0),
  stat: retryThroughLinks(native.fs.stat, (rest) => rest[0] === true),
  readdir: retryThroughLinks(native.fs.readdir, always),
  access: retryThroughLinks(native.fs.access, always),
  mkdir: retryThroughLinks(native.fs.mkdir, never),
  rmdir: retryThroughLinks(native.fs.rmdir, never),
  unlink: retryThroughLinks(native.fs.unlink, never),
  readlink: retryThroughLinks(native.fs.readlink, never),
  utimes: retryThroughLinks(native.fs.utimes, (rest) => rest[2] === true),
});
const { F_OK, O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, COPYFILE_EXCL, S_IFMT, S_IFDIR } = constants;

// The encoded form of a result: a string in `encoding`, or a Buffer for 'buffer'.
function encodeName(name, encoding) {
  if (!encoding || encoding === "utf8" || encoding === "utf-8") return name;
  const bytes = Buffer.from(name);
  return encoding === "buffer" ? bytes : bytes.toString(encoding);
}

function isFd(value) {
  return typeof value === "number";
}

// ---- open / close / read / write -----------------------------------------------------------------

function openSync(path, flags, mode) {
  path = getValidatedPath(path);
  const flagBits = stringToFlags(flags);
  const modeBits = parseMode(mode, "mode", 0o666);
  return check(fsNative.open(nativePath(path), flagBits, modeBits), "open", path);
}

function closeSync(fd) {
  validateFd(fd);
  check(fsNative.close(fd), "close");
}

function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}

function bytesOf(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function validatePosition(position, name = "position") {
  if (position == null) return -1;
  if (typeof position === "bigint") return Number(position);
  validateInteger(position, name, -1);
  return position;
}

// readSync(fd, buffer, offset, length, position) or readSync(fd, buffer, {offset, length, position}).
function readSync(fd, buffer, offsetOrOptions, length, position) {
  validateFd(fd);
  if (!isArrayBufferView(buffer)) {
    throw new ERR_INVALID_ARG_TYPE("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
  }
  let offset = offsetOrOptions;
  if (offset !== null && typeof offset === "object") {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
  } else if (offset === undefined && length === undefined) {
    offset = 0;
    length = buffer.byteLength;
  }
  offset ??= 0;
  validateInteger(offset, "offset", 0);
  length ??= buffer.byteLength - offset;
  length |= 0;
  if (length === 0) return 0;
  if (buffer.byteLength === 0) {
    throw new ERR_INVALID_ARG_VALUE("buffer", buffer, "is empty and cannot be written");
  }
  if (length < 0) throw new ERR_OUT_OF_RANGE("length", ">= 0", length);
  if (offset + length > buffer.byteLength) {
    throw new ERR_OUT_OF_RANGE("length", `<= ${buffer.byteLength - offset}`, length);
  }
  return check(fsNative.read(fd, bytesOf(buffer), offset, length, validatePosition(position)), "read");
}

// writeSync(fd, buffer, offset, length, position) or writeSync(fd, string, position, encoding).
function writeSync(fd, data, offsetOrOptions, length, position) {
  validateFd(fd);
  let bytes;
  let offset = 0;
  if (isArrayBufferView(data)) {
    bytes = bytesOf(data);
    if (offsetOrOptions !== null && typeof offsetOrOptions === "object") {
      ({ offset = 0, length = bytes.byteLength - offset, position = null } = offsetOrOptions);
    } else {
      offset = offsetOrOptions ?? 0;
      length ??= bytes.byteLength - offset;
    }
    validateInteger(offset, "offset", 0);
    if (offset > bytes.byteLength) throw new ERR_OUT_OF_RANGE("offset", `<= ${bytes.byteLength}`, offset);
    if (length > bytes.byteLength - offset) {
      throw new ERR_OUT_OF_RANGE("length", `<= ${bytes.byteLength - offset}`, length);
    }
    if (length < 0) throw new ERR_OUT_OF_RANGE("length", ">= 0", length);
    validateInteger(length, "length", 0);
  } else if (typeof data === "string") {
    position = offsetOrOptions;
    const encoding = length ?? "utf8";
    assertEncoding(encoding);
    bytes = Buffer.from(data, encoding);
    length = bytes.byteLength;
  } else {
    throw new ERR_INVALID_ARG_TYPE("buffer", ["string", "Buffer", "TypedArray", "DataView"], data);
  }
  return check(fsNative.write(fd, bytes, offset, length, validatePosition(position)), "write");
}

function writeAll(fd, bytes, position) {
  let done = 0;
  while (done < bytes.byteLength) {
    const at = position < 0 ? -1 : position + done;
    done += check(fsNative.write(fd, bytes, done, bytes.byteLength - done, at), "write");
  }
}

function readvSync(fd, buffers, position) {
  validateFd(fd);
  let total = 0;
  let at = validatePosition(position);
  for (const buffer of buffers) {
    const n = check(fsNative.read(fd, bytesOf(buffer), 0, buffer.byteLength, at), "read");
    total += n;
    if (at >= 0) at += n;
    if (n < buffer.byteLength) break;
  }
  return total;
}

function writevSync(fd, buffers, position) {
  validateFd(fd);
  let total = 0;
  let at = validatePosition(position);
  for (const buffer of buffers) {
    writeAll(fd, bytesOf(buffer), at);
    total += buffer.byteLength;
    if (at >= 0) at += buffer.byteLength;
  }
  return total;
}

function fsyncSync(fd) {
  validateFd(fd);
  check(fsNative.fsync(fd), "fsync");
}

function fdatasyncSync(fd) {
  validateFd(fd);
  check(fsNative.fdatasync(fd), "fdatasync");
}

function ftruncateSync(fd, len = 0) {
  validateFd(fd);
  validateInteger(len, "len");
  check(fsNative.ftruncate(fd, Math.max(0, len)), "ftruncate");
}

function truncateSync(path, len = 0) {
  if (isFd(path)) return ftruncateSync(path, len);
  const fd = openSync(path, "r+");
  try {
    ftruncateSync(fd, len);
  } finally {
    closeSync(fd);
  }
}

// ---- whole files ---------------------------------------------------------------------------------

function readFileSync(path, options) {
  const { encoding, flag } = getOptions(options, { flag: "r" });
  assertEncoding(encoding);
  let bytes;
  if (isFd(path)) {
    validateFd(path);
    bytes = check(fsNative.readFd(path), "read");
  } else {
    const fd = openSync(path, flag);
    try {
      const stats = fsNative.fstat(fd);
      if (typeof stats !== "number" && (stats[1] & S_IFMT) === S_IFDIR) {
        throw uvException(-31, "read");
      }
      bytes = check(fsNative.readFd(fd), "read");
    } finally {
      fsNative.close(fd);
    }
  }
  const buffer = Buffer.from(bytes);
  return encoding && encoding !== "buffer" ? buffer.toString(encoding) : buffer;
}

function dataBytes(data, encoding) {
  if (typeof data === "string") return Buffer.from(data, encoding || "utf8");
  if (isArrayBufferView(data)) return bytesOf(data);
  throw new ERR_INVALID_ARG_TYPE("data", ["string", "Buffer", "TypedArray", "DataView"], data);
}

function writeFileSync(path, data, options) {
  const { encoding, mode, flag } = getOptions(options, { encoding: "utf8", mode: 0o666, flag: "w" });
  assertEncoding(encoding);
  const bytes = dataBytes(data, encoding);
  if (isFd(path)) {
    validateFd(path);
    writeAll(path, bytes, -1);
    return;
  }
  const fd = openSync(path, flag, mode);
  try {
    writeAll(fd, bytes, -1);
  } finally {
    closeSync(fd);
  }
}

function appendFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: "utf8", mode: 0o666, flag: "a" });
  if (!opts.flag || isFd(path)) opts.flag = "a";
  writeFileSync(path, data, opts);
}

// ---- metadata ------------------------------------------------------------------------------------

function statSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  return statCall("stat", path, options, true);
}

function lstatSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  return statCall("lstat", path, options, false);
}

function statCall(syscall, path, options, follow) {
  path = getValidatedPath(path);
  const fields = fsNative.stat(nativePath(path), follow);
  if (typeof fields === "number") {
    if (options?.throwIfNoEntry === false && fields === -44) return undefined;
    throw uvException(fields, syscall, path);
  }
  return makeStats(fields, options?.bigint);
}

function fstatSync(fd, options = { bigint: false }) {
  validateFd(fd);
  return makeStats(check(fsNative.fstat(fd), "fstat"), options?.bigint);
}

function existsSync(path) {
  try {
    path = getValidatedPath(path);
  } catch {
    return false;
  }
  return fsNative.access(nativePath(path), F_OK) === 0;
}

function accessSync(path, mode = F_OK) {
  path = getValidatedPath(path);
  validateInteger(mode, "mode", 0, 7);
  check(fsNative.access(nativePath(path), mode), "access", path);
}

function utimesSync(path, atime, mtime) {
  path = getValidatedPath(path);
  check(fsNative.utimes(nativePath(path), toUnixTime(atime, "atime"), toUnixTime(mtime, "mtime"), true), "utime", path);
}

function lutimesSync(path, atime, mtime) {
  path = getValidatedPath(path);
  check(fsNative.utimes(nativePath(path), toUnixTime(atime, "atime"), toUnixTime(mtime, "mtime"), false), "lutime", path);
}

function futimesSync(fd, atime, mtime) {
  validateFd(fd);
  check(fsNative.futimes(fd, toUnixTime(atime, "atime"), toUnixTime(mtime, "mtime")), "futime");
}

// Seconds since the epoch from a Date, a number of seconds or a numeric string.
function toUnixTime(time, name) {
  if (typeof time === "string" && +time === +time) return +time;
  if (typeof time === "number" && Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (time instanceof Date) return time.getTime() / 1000;
  throw new ERR_INVALID_ARG_TYPE(name, ["Date", "Time in seconds"], time);
}

// WASI has no permission bits or owners: chmod and chown check that the file exists and change
// nothing (see the README's compatibility table).
function chmodSync(path, mode) {
  path = getValidatedPath(path);
  parseMode(mode, "mode");
  check(fsNative.access(nativePath(path), F_OK), "chmod", path);
}

function fchmodSync(fd, mode) {
  validateFd(fd);
  parseMode(mode, "mode");
  check(fsNative.fstat(fd), "fchmod");
}

function chownSync(path, uid, gid) {
  path = getValidatedPath(path);
  validateInteger(uid, "uid", -1, 4294967295);
  validateInteger(gid, "gid", -1, 4294967295);
  check(fsNative.access(nativePath(path), F_OK), "chown", path);
}

function fchownSync(fd, uid, gid) {
  validateFd(fd);
  validateInteger(uid, "uid", -1, 4294967295);
  validateInteger(gid, "gid", -1, 4294967295);
  check(fsNative.fstat(fd), "fchown");
}

// ---- directories ---------------------------------------------------------------------------------

function readdirSync(path, options) {
  const { encoding, withFileTypes = false, recursive = false } = getOptions(options, { encoding: "utf8" });
  path = getValidatedPath(path);
  validateBoolean(recursive, "options.recursive");
  if (recursive) return readdirRecursive(path, encoding, withFileTypes);
  const [names, types] = check(fsNative.readdir(nativePath(path)), "scandir", path);
  if (withFileTypes) return names.map((name, i) => new Dirent(encodeName(name, encoding), direntType(path, name, types[i]), path));
  return names.map((name) => encodeName(name, encoding));
}

// An entry whose type the directory does not tell is lstat'ed, as libuv does.
function direntType(dir, name, type) {
  if (type !== constants.UV_DIRENT_UNKNOWN) return type;
  const fields = fsNative.stat(nativePath(pathModule.join(dir, name)), false);
  if (typeof fields === "number") return type;
  const mode = fields[1] & S_IFMT;
  if (mode === constants.S_IFREG) return constants.UV_DIRENT_FILE;
  if (mode === S_IFDIR) return constants.UV_DIRENT_DIR;
  if (mode === constants.S_IFLNK) return constants.UV_DIRENT_LINK;
  return type;
}

function isDirectory(path) {
  const fields = fsNative.stat(nativePath(path), true);
  return typeof fields !== "number" && (fields[1] & S_IFMT) === S_IFDIR;
}

function readdirRecursive(root, encoding, withFileTypes) {
  const result = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.shift();
    const [names, types] = check(fsNative.readdir(nativePath(dir)), "scandir", dir);
    names.forEach((name, i) => {
      const type = direntType(dir, name, types[i]);
      const full = pathModule.join(dir, name);
      const relative = pathModule.relative(root, full);
      result.push(withFileTypes ? new Dirent(encodeName(name, encoding), type, dir) : encodeName(relative, encoding));
      // As Node: names descend into symlinked directories too (it stats them), entries do not.
      if (type === constants.UV_DIRENT_DIR || (!withFileTypes && type === constants.UV_DIRENT_LINK && isDirectory(full))) {
        pending.push(full);
      }
    });
  }
  return result;
}

function mkdirSync(path, options) {
  let recursive = false;
  let mode = 0o777;
  if (typeof options === "number" || typeof options === "string") mode = parseMode(options, "mode");
  else if (options) {
    if (options.recursive !== undefined) recursive = options.recursive;
    if (options.mode !== undefined) mode = parseMode(options.mode, "options.mode");
  }
  path = getValidatedPath(path);
  validateBoolean(recursive, "options.recursive");
  if (!recursive) {
    check(fsNative.mkdir(nativePath(path), mode), "mkdir", path);
    return undefined;
  }
  return mkdirRecursive(path);
}

// mkdir -p: returns the first directory created, or undefined when all existed.
function mkdirRecursive(path) {
  const result = fsNative.mkdir(nativePath(path));
  if (result === 0) return pathModule.resolve(native.cwd(), path);
  if (result === -20) {
    const fields = fsNative.stat(nativePath(path), true);
    if (typeof fields !== "number" && (fields[1] & S_IFMT) === S_IFDIR) return undefined;
    throw uvException(typeof fields === "number" ? -20 : -54, "mkdir", path);
  }
  if (result !== -44) throw uvException(result, "mkdir", path);
  const parent = pathModule.dirname(path);
  if (parent === path) throw uvException(result, "mkdir", path);
  const first = mkdirRecursive(parent);
  check(fsNative.mkdir(nativePath(path)), "mkdir", path);
  return first ?? pathModule.resolve(native.cwd(), path);
}

const TEMP_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function mkdtempSync(prefix, options) {
  const { encoding } = getOptions(options, { encoding: "utf8" });
  prefix = getValidatedPath(prefix, "prefix");
  const random = new Uint8Array(6);
  for (let attempt = 0; ; attempt++) {
    native.randomFill(random);
    let path = prefix;
    for (const byte of random) path += TEMP_CHARS[byte % TEMP_CHARS.length];
    const result = fsNative.mkdir(nativePath(path), 0o700);
    if (result === 0) return encodeName(path, encoding);
    if (result !== -20 || attempt > 100) throw uvException(result, "mkdtemp", `${prefix}XXXXXX`);
  }
}

function rmdirSync(path, options) {
  path = getValidatedPath(path);
  if (options?.recursive) return rmSync(path, { recursive: true, force: false });
  check(fsNative.rmdir(nativePath(path)), "rmdir", path);
}

function unlinkSync(path) {
  path = getValidatedPath(path);
  check(fsNative.unlink(nativePath(path)), "unlink", path);
}

function rmSync(path, options) {
  path = getValidatedPath(path);
  const { recursive = false, force = false } = options ?? {};
  validateBoolean(recursive, "options.recursive");
  validateBoolean(force, "options.force");
  const fields = fsNative.stat(nativePath(path), false);
  if (typeof fields === "number") {
    if (force && fields === -44) return;
    throw uvException(fields, "lstat", path);
  }
  if ((fields[1] & S_IFMT) !== S_IFDIR) {
    check(fsNative.unlink(nativePath(path)), "rm", path);
    return;
  }
  if (!recursive) {
    throw systemError("ERR_FS_EISDIR", "Path is a directory", "rm", "EISDIR", "is a directory", path);
  }
  removeTree(path);
}

function removeTree(path) {
  const [names, types] = check(fsNative.readdir(nativePath(path)), "scandir", path);
  names.forEach((name, i) => {
    const child = pathModule.join(path, name);
    if (direntType(path, name, types[i]) === constants.UV_DIRENT_DIR) removeTree(child);
    else check(fsNative.unlink(nativePath(child)), "rm", child);
  });
  check(fsNative.rmdir(nativePath(path)), "rmdir", path);
}

function renameSync(oldPath, newPath) {
  oldPath = getValidatedPath(oldPath, "oldPath");
  newPath = getValidatedPath(newPath, "newPath");
  check(fsNative.rename(nativePath(oldPath), nativePath(newPath)), "rename", oldPath, newPath);
}

function copyFileSync(src, dest, mode = 0) {
  src = getValidatedPath(src, "src");
  dest = getValidatedPath(dest, "dest");
  validateInteger(mode, "mode", 0, 7);
  check(fsNative.copyFile(nativePath(src), nativePath(dest), (mode & COPYFILE_EXCL) !== 0), "copyfile", src, dest);
}

// cp / cpSync: files, and directories with `recursive`; `force` (default) overwrites,
// `errorOnExist` fails where it does not; `filter(src, dest)` skips what it refuses.
function cpSync(src, dest, options) {
  const { recursive = false, force = true, errorOnExist = false, filter, dereference = false } = options ?? {};
  src = getValidatedPath(src, "src");
  dest = getValidatedPath(dest, "dest");
  copyTree(src, dest, { recursive, force, errorOnExist, filter, dereference }, true);
}

function copyTree(src, dest, opts, top) {
  if (opts.filter && !opts.filter(src, dest)) return;
  const srcStat = opts.dereference ? statSync(src) : lstatSync(src);
  const destStat = lstatSync(dest, { throwIfNoEntry: false });
  if (srcStat.isDirectory()) {
    if (!opts.recursive) {
      // Node reports EINVAL's errno here.
      const what = `${src} is a directory (not copied)`;
      throw systemError("ERR_FS_EISDIR", "Path is a directory", "cp", "EISDIR", what, src, 22);
    }
    if (top && isSubdirectory(src, dest)) {
      const what = `cannot copy ${src} to a subdirectory of self ${dest}`;
      throw systemError("ERR_FS_CP_EINVAL", "Invalid src or dest", "cp", "EINVAL", what, dest);
    }
    if (destStat && !destStat.isDirectory()) {
      const what = `cannot overwrite non-directory ${dest} with directory ${src}`;
      throw systemError("ERR_FS_CP_DIR_TO_NON_DIR", "Cannot overwrite non-directory with directory", "cp", "EISDIR", what, dest);
    }
    if (!destStat) mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(src)) {
      copyTree(pathModule.join(src, name), pathModule.join(dest, name), opts, false);
    }
    return;
  }
  if (destStat) {
    if (!opts.force) {
      if (opts.errorOnExist) {
        throw systemError("ERR_FS_CP_EEXIST", "Target already exists", "cp", "EEXIST", `${dest} already exists`, dest);
      }
      return;
    }
    if (destStat.isDirectory()) {
      const what = `cannot overwrite directory ${dest} with non-directory ${src}`;
      throw systemError("ERR_FS_CP_NON_DIR_TO_DIR", "Cannot overwrite directory with non-directory", "cp", "EISDIR", what, dest);
    }
  }
  if (srcStat.isSymbolicLink()) {
    if (destStat) unlinkSync(dest);
    symlinkSync(readlinkSync(src), dest);
    return;
  }
  copyFileSync(src, dest);
}

function isSubdirectory(src, dest) {
  const from = pathModule.resolve(native.cwd(), src);
  const to = pathModule.resolve(native.cwd(), dest);
  return to === from || to.startsWith(`${from}/`);
}

// ---- links ---------------------------------------------------------------------------------------

function readlinkSync(path, options) {
  const { encoding } = getOptions(options, { encoding: "utf8" });
  path = getValidatedPath(path);
  return encodeName(check(fsNative.readlink(nativePath(path)), "readlink", path), encoding);
}

function symlinkSync(target, path, type) {
  target = getValidatedPath(target, "target");
  path = getValidatedPath(path);
  if (type != null && type !== "dir" && type !== "file" && type !== "junction") {
    throw new ERR_INVALID_ARG_VALUE("type", type, "must be one of: 'dir', 'file', 'junction', null");
  }
  check(fsNative.symlink(target, nativePath(path)), "symlink", target, path);
}

function linkSync(existingPath, newPath) {
  existingPath = getValidatedPath(existingPath, "existingPath");
  newPath = getValidatedPath(newPath, "newPath");
  check(fsNative.link(nativePath(existingPath), nativePath(newPath)), "link", existingPath, newPath);
}

// The absolute path with every symlink resolved, component by component (WASI has no
// realpath): relative link targets resolve against their own directory.
function realpathSync(path, options) {
  const { encoding } = getOptions(options, { encoding: "utf8" });
  path = getValidatedPath(path);
  return encodeName(walkLinks(nativePath(path), true, true, path), encoding);
}
realpathSync.native = realpathSync;

// ---- callback forms ------------------------------------------------------------------------------

// The callback form of `sync`: arguments are checked at once (a bad one throws, as in Node),
// the work is done, and `callback(error, result)` runs as an I/O completion.
function callbackForm(sync, name) {
  const form = {
    [name](...args) {
      // As Node's maybeCallback(callback || options): the last argument, if there are two.
      const callback = args.length > 1 || typeof args[0] === "function" ? args.pop() : undefined;
      validateFunction(callback, "cb");
      let result;
      let error = null;
      try {
        result = sync(...args);
      } catch (thrown) {
        if (!isOperationalError(thrown)) throw thrown;
        error = thrown;
      }
      loop.queueCompletion(error ? () => callback(error) : () => callback(null, result));
    },
  }[name];
  return form;
}

const SYNC = {
  access: accessSync,
  appendFile: appendFileSync,
  chmod: chmodSync,
  chown: chownSync,
  close: closeSync,
  copyFile: copyFileSync,
  cp: cpSync,
  fchmod: fchmodSync,
  fchown: fchownSync,
  fdatasync: fdatasyncSync,
  fstat: fstatSync,
  fsync: fsyncSync,
  ftruncate: ftruncateSync,
  futimes: futimesSync,
  lchown: chownSync,
  link: linkSync,
  lstat: lstatSync,
  lutimes: lutimesSync,
  mkdir: mkdirSync,
  mkdtemp: mkdtempSync,
  open: openSync,
  readdir: readdirSync,
  readFile: readFileSync,
  readlink: readlinkSync,
  readv: readvSync,
  realpath: realpathSync,
  rename: renameSync,
  rm: rmSync,
  rmdir: rmdirSync,
  stat: statSync,
  symlink: symlinkSync,
  truncate: truncateSync,
  unlink: unlinkSync,
  utimes: utimesSync,
  writeFile: writeFileSync,
  writev: writevSync,
};

const fs = { constants, Stats, Dirent, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 };
for (const [name, sync] of Object.entries(SYNC)) {
  fs[`${name}Sync`] = sync;
  fs[name] = callbackForm(sync, name);
}
fs.realpath.native = fs.realpath;
fs.existsSync = existsSync;
fs.readSync = readSync;
fs.writeSync = writeSync;

// exists(path, cb): cb(exists), no error argument.
fs.exists = function exists(path, callback) {
  validateFunction(callback, "cb");
  const result = existsSync(path);
  loop.queueCompletion(() => callback(result));
};

// read(fd, buffer, offset, length, position, cb) -> cb(err, bytesRead, buffer); also
// read(fd, buffer, options, cb) and read(fd, options, cb) / read(fd, cb).
fs.read = function read(fd, buffer, ...rest) {
  const callback = rest.pop() ?? (typeof buffer === "function" ? buffer : undefined);
  validateFunction(callback, "cb");
  if (typeof buffer === "function" || (buffer !== null && typeof buffer === "object" && !isArrayBufferView(buffer))) {
    const options = typeof buffer === "function" ? {} : buffer;
    buffer = options.buffer ?? Buffer.alloc(16384);
    rest = [options];
  }
  let result;
  let error = null;
  try {
    result = readSync(fd, buffer, ...rest);
  } catch (thrown) {
    if (!isOperationalError(thrown)) throw thrown;
    error = thrown;
  }
  loop.queueCompletion(error ? () => callback(error) : () => callback(null, result, buffer));
};

// write(fd, buffer, ..., cb) -> cb(err, bytesWritten, buffer | string).
fs.write = function write(fd, data, ...rest) {
  const callback = rest.pop();
  validateFunction(callback, "cb");
  let result;
  let error = null;
  try {
    result = writeSync(fd, data, ...rest);
  } catch (thrown) {
    if (!isOperationalError(thrown)) throw thrown;
    error = thrown;
  }
  loop.queueCompletion(error ? () => callback(error) : () => callback(null, result, data));
};

// Streams and fs.promises are loaded on first use.
Object.defineProperties(fs, {
  promises: {
    enumerable: true,
    configurable: true,
    get() {
      return require("node:fs/promises");
    },
  },
  ReadStream: {
    enumerable: true,
    configurable: true,
    get: () => require("node:internal/fs/streams").ReadStream,
  },
  WriteStream: {
    enumerable: true,
    configurable: true,
    get: () => require("node:internal/fs/streams").WriteStream,
  },
});
fs.createReadStream = (path, options) => require("node:internal/fs/streams").createReadStream(path, options);
fs.createWriteStream = (path, options) => require("node:internal/fs/streams").createWriteStream(path, options);

for (const name of ["watch", "watchFile", "unwatchFile", "openAsBlob"]) {
  fs[name] = function unavailable() {
    const error = new Error(`fs.${name} is not available in EdgeBox (WASI has no file watching)`);
    error.code = "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM";
    throw error;
  };
}

module.exports = fs;
