// fs.ReadStream and fs.WriteStream: streams over a file descriptor, opened by path (or given as
// `fd`), read and written through fs's calls; each call completes in the loop's I/O phase.
"use strict";

const { Readable, Writable } = require("node:stream");
const loop = require("node:internal/loop");
const { Buffer } = require("node:buffer");
const {
  codes: { ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateInteger } = require("node:internal/validators");
const { getOptions, getValidatedPath } = require("node:internal/fs/utils");

// Runs `work` now and hands its result (or error) to `callback` as an I/O completion.
function complete(work, callback) {
  let result;
  try {
    result = work();
  } catch (error) {
    loop.queueCompletion(() => callback(error));
    return;
  }
  loop.queueCompletion(() => callback(null, result));
}

function openOptions(path, options, defaults) {
  const opts = getOptions(options, defaults);
  const fs = require("node:fs");
  const fd = opts.fd ?? null;
  if (fd === null) path = getValidatedPath(path);
  if (opts.start !== undefined) validateInteger(opts.start, "start", 0);
  return { fs, opts, fd, path: fd === null ? path : undefined };
}

class ReadStream extends Readable {
  constructor(path, options) {
    const { fs, opts, fd, path: validPath } = openOptions(path, options, { highWaterMark: 64 * 1024 });
    super({ ...opts, emitClose: opts.emitClose ?? true, autoDestroy: opts.autoClose ?? true });
    this.fs = fs;
    this.fd = fd;
    this.path = validPath;
    this.flags = opts.flags ?? "r";
    this.mode = opts.mode ?? 0o666;
    this.start = opts.start;
    this.end = opts.end ?? Infinity;
    this.pos = this.start;
    this.bytesRead = 0;
    if (this.end !== Infinity) {
      validateInteger(this.end, "end", 0);
      if (this.start !== undefined && this.start > this.end) {
        throw new ERR_OUT_OF_RANGE("start", `<= "end" (here: ${this.end})`, this.start);
      }
    }
  }

  get pending() {
    return this.fd === null;
  }

  _construct(callback) {
    if (this.fd !== null) {
      callback();
      return;
    }
    complete(
      () => this.fs.openSync(this.path, this.flags, this.mode),
      (error, fd) => {
        if (error) {
          callback(error);
          return;
        }
        this.fd = fd;
        callback();
        this.emit("open", fd);
        this.emit("ready");
      },
    );
  }

  _read(size) {
    const remaining = this.end === Infinity ? size : Math.min(size, this.end - (this.pos ?? this.bytesRead) + 1);
    if (remaining <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(remaining);
    complete(
      () => this.fs.readSync(this.fd, buffer, 0, remaining, this.pos ?? null),
      (error, n) => {
        if (error) {
          this.destroy(error);
          return;
        }
        if (this.pos !== undefined) this.pos += n;
        this.bytesRead += n;
        this.push(n > 0 ? (n === remaining ? buffer : buffer.subarray(0, n)) : null);
      },
    );
  }

  _destroy(error, callback) {
    if (this.fd === null || this.fd === undefined) {
      callback(error);
      return;
    }
    const fd = this.fd;
    this.fd = null;
    complete(
      () => this.fs.closeSync(fd),
      (closeError) => callback(error || closeError),
    );
  }

  close(callback) {
    if (typeof callback === "function") require("node:stream").finished(this, callback);
    this.destroy();
  }
}

class WriteStream extends Writable {
  constructor(path, options) {
    const { fs, opts, fd, path: validPath } = openOptions(path, options, {});
    super({ ...opts, decodeStrings: true, emitClose: opts.emitClose ?? true, autoDestroy: opts.autoClose ?? true });
    this.fs = fs;
    this.fd = fd;
    this.path = validPath;
    this.flags = opts.flags ?? "w";
    this.mode = opts.mode ?? 0o666;
    this.start = opts.start;
    this.pos = this.start;
    this.bytesWritten = 0;
  }

  get pending() {
    return this.fd === null;
  }

  _construct(callback) {
    ReadStream.prototype._construct.call(this, callback);
  }

  _write(chunk, encoding, callback) {
    complete(
      () => {
        let done = 0;
        while (done < chunk.length) {
          const at = this.pos === undefined ? null : this.pos + done;
          done += this.fs.writeSync(this.fd, chunk, done, chunk.length - done, at);
        }
        return done;
      },
      (error, n) => {
        if (error) {
          callback(error);
          return;
        }
        this.bytesWritten += n;
        if (this.pos !== undefined) this.pos += n;
        callback();
      },
    );
  }

  _destroy(error, callback) {
    ReadStream.prototype._destroy.call(this, error, callback);
  }

  close(callback) {
    if (callback) {
      if (this.closed) {
        loop.queueTick(callback, undefined);
        return;
      }
      this.on("close", callback);
    }
    if (!this.writableEnded) this.end();
    else this.destroy();
  }

  destroySoon() {
    this.end();
  }
}

module.exports = {
  ReadStream,
  WriteStream,
  createReadStream: (path, options) => new ReadStream(path, options),
  createWriteStream: (path, options) => new WriteStream(path, options),
};
