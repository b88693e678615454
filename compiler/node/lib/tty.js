// Node's `tty`: isatty, ReadStream for a terminal's input (process.stdin on a terminal) and
// WriteStream for stdout and stderr (a Writable with Node's color depth, window size and cursor
// functions). WASI cannot ask a terminal its size, so a WriteStream on a terminal is 80×24 (on a
// pipe or file it has no size, as in Node), nor set its mode (no raw mode).
"use strict";

const native = require("node:internal/native");
const Writable = require("node:internal/streams/writable");
const { Socket } = require("node:internal/fd_socket");
const { codes, withCode } = require("node:internal/errors");
const { getColorDepth, hasColors } = require("node:internal/tty");

const COLUMNS = 80;
const ROWS = 24;

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && native.isatty(fd);
}

function validateFd(fd) {
  if (fd >> 0 !== fd || fd < 0) {
    throw withCode(RangeError, "ERR_INVALID_FD", `"fd" must be a positive integer: ${fd}`);
  }
}

class SystemError extends Error {
  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

// Node's SystemError for a TTY handle libuv could not make.
function initFailed(code, errno, message) {
  const info = { errno, code, message, syscall: "uv_tty_init" };
  const error = new SystemError(`TTY initialization failed: uv_tty_init returned ${code} (${message})`);
  Object.defineProperty(error, "name", { value: "SystemError", writable: true, configurable: true });
  error.code = "ERR_TTY_INIT_FAILED";
  Object.defineProperty(error, "info", { value: info, enumerable: true, configurable: true });
  for (const key of ["errno", "syscall"]) {
    Object.defineProperty(error, key, {
      get: () => info[key],
      set: (value) => {
        info[key] = value;
      },
      enumerable: true,
      configurable: true,
    });
  }
  return error;
}

// A terminal's input: a Socket (internal/fd_socket.js) that reads what the terminal's line
// discipline hands over. WASI cannot change a terminal's mode, so setRawMode(true) fails as
// Node's does when the terminal refuses: an 'error' event (ENOTSUP, syscall setRawMode).
function ReadStream(fd, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(fd, options);
  validateFd(fd);
  if (!isatty(fd)) throw initFailed("EINVAL", -22, "invalid argument");
  Socket.call(this, fd, { readableHighWaterMark: 0, ...options });
  this.isRaw = false;
  this.isTTY = true;
}
Object.setPrototypeOf(ReadStream.prototype, Socket.prototype);
Object.setPrototypeOf(ReadStream, Socket);

ReadStream.prototype.setRawMode = function setRawMode(flag) {
  flag = !!flag;
  if (flag) {
    const error = new Error("setRawMode ENOTSUP");
    Object.assign(error, { errno: -95, code: "ENOTSUP", syscall: "setRawMode" });
    this.emit("error", error);
    return this;
  }
  this.isRaw = false;
  return this;
};

function WriteStream(fd) {
  if (!(this instanceof WriteStream)) return new WriteStream(fd);
  validateFd(fd);
  if (fd !== 1 && fd !== 2) throw initFailed("EINVAL", -22, "invalid argument");
  Writable.call(this, {
    decodeStrings: false,
    write(chunk, encoding, callback) {
      native.write(fd, chunk);
      callback();
    },
  });
  if (native.isatty(fd)) {
    this.columns = COLUMNS;
    this.rows = ROWS;
  }
}
Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
Object.setPrototypeOf(WriteStream, Writable);

WriteStream.prototype.isTTY = true;

WriteStream.prototype.getColorDepth = getColorDepth;
WriteStream.prototype.hasColors = hasColors;

WriteStream.prototype.getWindowSize = function getWindowSize() {
  return [this.columns, this.rows];
};

// The cursor functions write ECMA-48 control sequences (readline's cursorTo, moveCursor,
// clearLine, clearScreenDown).
const CSI = "\x1b[";

function done(callback) {
  if (typeof callback === "function") process.nextTick(callback, null);
  return true;
}

WriteStream.prototype.cursorTo = function cursorTo(x, y, callback) {
  if (typeof y === "function") {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x)) throw new codes.ERR_INVALID_ARG_VALUE("x", x);
  if (Number.isNaN(y)) throw new codes.ERR_INVALID_ARG_VALUE("y", y);
  if (typeof x !== "number" && typeof y !== "number") return done(callback);
  if (typeof x !== "number") throw withCode(TypeError, "ERR_INVALID_CURSOR_POS", "Cannot set cursor row without setting its column");
  const data = typeof y !== "number" ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`;
  return this.write(data, callback);
};

WriteStream.prototype.moveCursor = function moveCursor(dx, dy, callback) {
  if (!(dx || dy)) return done(callback);
  let data = "";
  if (dx < 0) data += `${CSI}${-dx}D`;
  else if (dx > 0) data += `${CSI}${dx}C`;
  if (dy < 0) data += `${CSI}${-dy}A`;
  else if (dy > 0) data += `${CSI}${dy}B`;
  return this.write(data, callback);
};

WriteStream.prototype.clearLine = function clearLine(dir, callback) {
  const data = dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`;
  return this.write(data, callback);
};

WriteStream.prototype.clearScreenDown = function clearScreenDown(callback) {
  return this.write(`${CSI}0J`, callback);
};

module.exports = { isatty, ReadStream, WriteStream };
