// What fs, fs/promises and the fs streams share: path and argument checks with Node's errors,
// open flags, fs.constants, Stats and Dirent.
"use strict";

const native = require("node:internal/native");
const { Buffer } = require("node:buffer");
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { errnoConstants } = require("node:internal/fs/errors");

// fs.constants as on Linux (Node's values; native.fs translates flags for WASI).
const constants = Object.freeze({
  UV_FS_SYMLINK_DIR: 1,
  UV_FS_SYMLINK_JUNCTION: 2,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0,
  UV_DIRENT_FILE: 1,
  UV_DIRENT_DIR: 2,
  UV_DIRENT_LINK: 3,
  UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5,
  UV_DIRENT_CHAR: 6,
  UV_DIRENT_BLOCK: 7,
  S_IFMT: 0o170000,
  S_IFREG: 0o100000,
  S_IFDIR: 0o40000,
  S_IFCHR: 0o20000,
  S_IFBLK: 0o60000,
  S_IFIFO: 0o10000,
  S_IFLNK: 0o120000,
  S_IFSOCK: 0o140000,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  UV_FS_O_FILEMAP: 0,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_DIRECTORY: 0o200000,
  O_NOATIME: 0o1000000,
  O_NOFOLLOW: 0o400000,
  O_SYNC: 0o4010000,
  O_DSYNC: 0o10000,
  O_DIRECT: 0o40000,
  O_NONBLOCK: 0o4000,
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRWXG: 0o70,
  S_IRGRP: 0o40,
  S_IWGRP: 0o20,
  S_IXGRP: 0o10,
  S_IRWXO: 0o7,
  S_IROTH: 0o4,
  S_IWOTH: 0o2,
  S_IXOTH: 0o1,
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
  UV_FS_COPYFILE_EXCL: 1,
  COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2,
  COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4,
  COPYFILE_FICLONE_FORCE: 4,
});

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;

const FLAGS = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  "r+": O_RDWR,
  "rs+": O_RDWR | O_SYNC,
  "sr+": O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  "w+": O_TRUNC | O_CREAT | O_RDWR,
  "wx+": O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  "xw+": O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  "a+": O_APPEND | O_CREAT | O_RDWR,
  "ax+": O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  "xa+": O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  "as+": O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  "sa+": O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

function stringToFlags(flags, name = "flags") {
  if (typeof flags === "number") return flags;
  if (flags == null) return O_RDONLY;
  if (typeof flags === "string" && Object.prototype.hasOwnProperty.call(FLAGS, flags)) return FLAGS[flags];
  throw new ERR_INVALID_ARG_VALUE(name, flags);
}

// A URL by Node's duck test (fs accepts WHATWG URL objects with the file: scheme).
function isURL(value) {
  return Boolean(value?.href && value.protocol && value.auth === undefined && value.path === undefined);
}

// By a computed name, so that fs alone does not bring node:internal/url into a bundle: a URL
// object exists only where the bundle has it.
const URL_MODULE = "node:internal/url";

function toPathIfFileURL(value) {
  return isURL(value) ? require(URL_MODULE).fileURLToPath(value) : value;
}

// The path argument as a string: a string, a Buffer / Uint8Array (UTF-8) or a file: URL.
function getValidatedPath(value, name = "path") {
  const path = toPathIfFileURL(value);
  let text;
  if (typeof path === "string") text = path;
  else if (path instanceof Uint8Array) text = Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString();
  else throw new ERR_INVALID_ARG_TYPE(name, ["string", "Buffer", "URL"], path);
  if (text.includes("\u0000")) {
    throw new ERR_INVALID_ARG_VALUE(name, path, "must be a string, Uint8Array, or URL without null bytes");
  }
  return text;
}

// The path native.fs opens: absolute paths as given (the guest resolves them only against
// granted directories), relative ones joined to the current directory without normalizing
// (`..` and symlinks are the system's to resolve, as for Node).
function nativePath(path) {
  if (path === "" || path[0] === "/") return path;
  const cwd = native.cwd();
  return cwd.endsWith("/") ? cwd + path : `${cwd}/${path}`;
}

function validateFd(fd, name = "fd") {
  if (typeof fd !== "number") throw new ERR_INVALID_ARG_TYPE(name, "number", fd);
  if (!Number.isInteger(fd)) throw new ERR_OUT_OF_RANGE(name, "an integer", fd);
  if (fd < 0 || fd > 2147483647) throw new ERR_OUT_OF_RANGE(name, ">= 0 && <= 2147483647", fd);
}

// A mode argument: an integer or an octal string, else `fallback`.
function parseMode(mode, name, fallback) {
  if (mode == null) return fallback;
  if (typeof mode === "string") {
    if (!/^[0-7]+$/.test(mode)) {
      throw new ERR_INVALID_ARG_VALUE(name, mode, "must be a 32-bit unsigned integer or an octal string");
    }
    return parseInt(mode, 8);
  }
  if (typeof mode !== "number") throw new ERR_INVALID_ARG_TYPE(name, "number", mode);
  if (!Number.isInteger(mode)) throw new ERR_OUT_OF_RANGE(name, "an integer", mode);
  if (mode < 0 || mode > 4294967295) throw new ERR_OUT_OF_RANGE(name, ">= 0 && <= 4294967295", mode);
  return mode;
}

// `options` of the (path, options) forms: a string is the encoding.
function getOptions(options, defaults) {
  if (options == null || typeof options === "function") return defaults;
  if (typeof options === "string") return { ...defaults, encoding: options };
  if (typeof options !== "object") throw new ERR_INVALID_ARG_TYPE("options", ["string", "Object"], options);
  return { ...defaults, ...options };
}

function assertEncoding(encoding) {
  if (encoding && encoding !== "buffer" && !Buffer.isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE("encoding", encoding, "is invalid encoding");
  }
}

// ---- Stats ---------------------------------------------------------------------------------------

const { S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } = constants;

function dateOf(ms) {
  return new Date(Math.round(Number(ms)));
}

class StatsBase {
  isFile() {
    return this._checkType(S_IFREG);
  }
  isDirectory() {
    return this._checkType(S_IFDIR);
  }
  isSymbolicLink() {
    return this._checkType(S_IFLNK);
  }
  isFIFO() {
    return this._checkType(S_IFIFO);
  }
  isSocket() {
    return this._checkType(S_IFSOCK);
  }
  isCharacterDevice() {
    return this._checkType(S_IFCHR);
  }
  isBlockDevice() {
    return this._checkType(S_IFBLK);
  }
}

// The field order of Node's Stats.
const STAT_FIELDS = ["dev", "mode", "nlink", "uid", "gid", "rdev", "blksize", "ino", "size", "blocks"];

class Stats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    super();
    Object.assign(this, { dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks });
    Object.assign(this, { atimeMs, mtimeMs, ctimeMs, birthtimeMs });
    this.atime = dateOf(atimeMs);
    this.mtime = dateOf(mtimeMs);
    this.ctime = dateOf(ctimeMs);
    this.birthtime = dateOf(birthtimeMs);
  }

  _checkType(type) {
    return (this.mode & S_IFMT) === type;
  }
}

class BigIntStats extends StatsBase {
  constructor(fields) {
    super();
    STAT_FIELDS.forEach((name, i) => {
      this[name] = BigInt(fields[i]);
    });
    const ns = fields.slice(10).map((ms) => BigInt(Math.round(ms * 1e6)));
    this.atimeMs = ns[0] / 1000000n;
    this.mtimeMs = ns[1] / 1000000n;
    this.ctimeMs = ns[2] / 1000000n;
    this.birthtimeMs = ns[3] / 1000000n;
    this.atimeNs = ns[0];
    this.mtimeNs = ns[1];
    this.ctimeNs = ns[2];
    this.birthtimeNs = ns[3];
    this.atime = dateOf(this.atimeMs);
    this.mtime = dateOf(this.mtimeMs);
    this.ctime = dateOf(this.ctimeMs);
    this.birthtime = dateOf(this.birthtimeMs);
  }

  _checkType(type) {
    return (this.mode & BigInt(S_IFMT)) === BigInt(type);
  }
}

function makeStats(fields, bigint) {
  return bigint ? new BigIntStats(fields) : new Stats(...fields);
}

// ---- Dirent --------------------------------------------------------------------------------------

const DIRENT_TYPE = Symbol("type");

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[DIRENT_TYPE] = type;
  }
  isFile() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_FILE;
  }
  isDirectory() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_DIR;
  }
  isSymbolicLink() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_LINK;
  }
  isFIFO() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_FIFO;
  }
  isSocket() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_SOCKET;
  }
  isCharacterDevice() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_CHAR;
  }
  isBlockDevice() {
    return this[DIRENT_TYPE] === constants.UV_DIRENT_BLOCK;
  }
}

// The Linux errno constants (os.constants.errno).
const errno = Object.freeze(errnoConstants());

module.exports = {
  Dirent,
  Stats,
  BigIntStats,
  assertEncoding,
  constants,
  errno,
  getOptions,
  getValidatedPath,
  isURL,
  makeStats,
  nativePath,
  parseMode,
  stringToFlags,
  toPathIfFileURL,
  validateFd,
};
