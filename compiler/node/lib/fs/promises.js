// Node's `fs/promises`: every call of fs as a promise (the work is done at once; the promise
// settles in the loop's I/O phase, as after a round trip to libuv's thread pool) and FileHandle.
"use strict";

const fs = require("node:fs");
const loop = require("node:internal/loop");
const { Buffer } = require("node:buffer");
const { isOperationalError } = require("node:internal/fs/errors");
const { getOptions } = require("node:internal/fs/utils");
const {
  codes: { ERR_INVALID_ARG_TYPE },
} = require("node:internal/errors");

// A promise of `sync(...args)`: a bad argument rejects too (as Node's promise API does).
function settle(sync, args) {
  return new Promise((resolve, reject) => {
    let result;
    try {
      result = sync(...args);
    } catch (error) {
      if (isOperationalError(error)) loop.queueCompletion(() => reject(error));
      else reject(error);
      return;
    }
    loop.queueCompletion(() => resolve(result));
  });
}

const kFd = Symbol("kFd");

class FileHandle {
  constructor(fd) {
    this[kFd] = fd;
  }

  get fd() {
    return this[kFd];
  }

  _fd() {
    if (this[kFd] < 0) {
      const error = new Error("file closed");
      error.code = "EBADF";
      error.syscall = "read";
      throw error;
    }
    return this[kFd];
  }

  close() {
    if (this[kFd] < 0) return Promise.resolve();
    const fd = this[kFd];
    this[kFd] = -1;
    return settle(fs.closeSync, [fd]);
  }

  [Symbol.asyncDispose]() {
    return this.close();
  }

  async read(buffer, offset, length, position) {
    if (buffer === undefined || (buffer !== null && typeof buffer === "object" && !ArrayBuffer.isView(buffer))) {
      const options = buffer ?? {};
      buffer = options.buffer ?? Buffer.alloc(16384);
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = options);
    }
    const bytesRead = await settle(fs.readSync, [this._fd(), buffer, offset, length, position]);
    return { bytesRead, buffer };
  }

  async write(data, ...rest) {
    const bytesWritten = await settle(fs.writeSync, [this._fd(), data, ...rest]);
    return { bytesWritten, buffer: data };
  }

  async readv(buffers, position) {
    const bytesRead = await settle(fs.readvSync, [this._fd(), buffers, position]);
    return { bytesRead, buffers };
  }

  async writev(buffers, position) {
    const bytesWritten = await settle(fs.writevSync, [this._fd(), buffers, position]);
    return { bytesWritten, buffers };
  }

  readFile(options) {
    return settle(fs.readFileSync, [this._fd(), options]);
  }

  writeFile(data, options) {
    return settle(fs.writeFileSync, [this._fd(), data, options]);
  }

  appendFile(data, options) {
    return settle(fs.writeFileSync, [this._fd(), data, options]);
  }

  stat(options) {
    return settle(fs.fstatSync, [this._fd(), options]);
  }

  truncate(len) {
    return settle(fs.ftruncateSync, [this._fd(), len]);
  }

  sync() {
    return settle(fs.fsyncSync, [this._fd()]);
  }

  datasync() {
    return settle(fs.fdatasyncSync, [this._fd()]);
  }

  utimes(atime, mtime) {
    return settle(fs.futimesSync, [this._fd(), atime, mtime]);
  }

  chmod(mode) {
    return settle(fs.fchmodSync, [this._fd(), mode]);
  }

  chown(uid, gid) {
    return settle(fs.fchownSync, [this._fd(), uid, gid]);
  }

  createReadStream(options) {
    return fs.createReadStream(null, { ...getOptions(options, {}), fd: this._fd() });
  }

  createWriteStream(options) {
    return fs.createWriteStream(null, { ...getOptions(options, {}), fd: this._fd() });
  }

  async *readLines(options) {
    const text = await this.readFile({ ...getOptions(options, {}), encoding: getOptions(options, {}).encoding ?? "utf8" });
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    yield* lines;
  }
}

// The path or FileHandle argument of readFile/writeFile/appendFile.
function target(file) {
  if (file instanceof FileHandle) return file._fd();
  if (typeof file === "number") throw new ERR_INVALID_ARG_TYPE("path", ["string", "Buffer", "URL", "FileHandle"], file);
  return file;
}

const promises = {
  constants: fs.constants,
  FileHandle,
  async open(path, flags, mode) {
    return new FileHandle(await settle(fs.openSync, [path, flags, mode]));
  },
  readFile: (file, options) => settle(fs.readFileSync, [target(file), options]),
  writeFile: (file, data, options) => settle(fs.writeFileSync, [target(file), data, options]),
  appendFile: (file, data, options) => settle(fs.appendFileSync, [target(file), data, options]),
};

for (const name of [
  "access",
  "chmod",
  "chown",
  "copyFile",
  "cp",
  "lchown",
  "link",
  "lstat",
  "lutimes",
  "mkdir",
  "mkdtemp",
  "readdir",
  "readlink",
  "realpath",
  "rename",
  "rm",
  "rmdir",
  "stat",
  "symlink",
  "truncate",
  "unlink",
  "utimes",
]) {
  const sync = fs[`${name}Sync`];
  promises[name] = { [name]: (...args) => settle(sync, args) }[name];
}

promises.watch = fs.watch;

module.exports = promises;
