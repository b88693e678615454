// The part of Node's net.Socket that process.stdin is on a pipe or a socket, and tty.ReadStream
// on a terminal: a Duplex whose writable side is closed, reading its fd as the event loop finds
// it readable. While the stream wants data (from _read until a push() says the buffer is full,
// or the end), the loop watches the fd in its poll_oneoff (internal/loop.js watchFd), so
// reading never blocks the timers and never spins; each wake-up reads what is there, up to
// 64 KiB (as libuv does). A watching Socket keeps the process alive unless unref()'d, and
// 'close' comes in the loop's next check phase after the stream is destroyed (libuv's close
// callback), with `hadError` as Node gives it.
"use strict";

const Duplex = require("node:internal/streams/duplex");
const loop = require("node:internal/loop");
const native = require("node:internal/native");
const { Buffer } = require("node:buffer");
const { uvException } = require("node:internal/fs/errors");

// WASI's EAGAIN: the fd had nothing after all (a reader elsewhere took it); wait again.
const EAGAIN = 6;
const READ_SIZE = 64 * 1024;

function Socket(fd, options = {}) {
  if (!(this instanceof Socket)) return new Socket(fd, options);
  Duplex.call(this, {
    ...options,
    allowHalfOpen: false,
    autoDestroy: true,
    decodeStrings: false,
    emitClose: false,
    writable: false,
  });
  this.fd = fd;
  this._watcher = { fd, refed: true, onReadable: () => this._onReadable() };
  this._watching = false;
  this._scratch = null;
}
Object.setPrototypeOf(Socket.prototype, Duplex.prototype);
Object.setPrototypeOf(Socket, Duplex);

Socket.prototype._startReading = function _startReading() {
  if (this._watching || this.destroyed) return;
  this._watching = true;
  loop.watchFd(this._watcher);
};

Socket.prototype._stopReading = function _stopReading() {
  if (!this._watching) return;
  this._watching = false;
  loop.unwatchFd(this._watcher);
};

Socket.prototype._read = function _read() {
  this._startReading();
};

Socket.prototype._onReadable = function _onReadable() {
  this._scratch ??= Buffer.allocUnsafe(READ_SIZE);
  const n = native.fs.read(this.fd, this._scratch, 0, READ_SIZE, -1);
  if (n === -EAGAIN) return;
  if (n < 0) {
    this._stopReading();
    this.destroy(uvException(n, "read"));
    return;
  }
  if (n === 0) {
    this._stopReading();
    this.push(null);
    this.read(0);
    return;
  }
  let chunk;
  if (n === READ_SIZE) {
    chunk = this._scratch;
    this._scratch = null;
  } else {
    chunk = Buffer.from(this._scratch.subarray(0, n));
  }
  if (!this.push(chunk)) this._stopReading();
};

Socket.prototype._destroy = function _destroy(error, callback) {
  this._stopReading();
  callback(error);
  const hadError = !!error;
  loop.queueImmediate({ refed: true, queued: false, fire: () => this.emit("close", hadError) });
};

Socket.prototype.ref = function ref() {
  loop.setWatcherRef(this._watcher, true);
  return this;
};

Socket.prototype.unref = function unref() {
  loop.setWatcherRef(this._watcher, false);
  return this;
};

module.exports = { Socket };
