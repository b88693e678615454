// process.stdin, built on first use as Node builds it, by what fd 0 is: on a terminal a
// tty.ReadStream, on a regular file or another character device (/dev/null) an fs.ReadStream
// that leaves the fd open, on a pipe or a socket a Socket (internal/fd_socket.js), and when fd 0
// is not open an empty stream. A regular file is always readable, so its reads need no wait; a
// pipe's, a socket's and a character device's wait in the loop's poll_oneoff. Nothing is read
// before the app asks for data; a paused stdin stops reading (one tick after 'pause', as Node),
// so that it does not keep the process alive.
//
// node:process loads this module only when the bundle has it: the bundler includes it for an
// app whose code names `stdin` or `openStdin` (edgebox_node::NAMED_MODULES).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");

const S_IFMT = 0o170000;
const S_IFIFO = 0o010000;
const S_IFCHR = 0o020000;
const S_IFREG = 0o100000;
const S_IFSOCK = 0o140000;

// libuv's uv_guess_handle, from fstat (WASI shows a pipe as a stream socket).
function guessHandleType(fd) {
  const stat = native.fs.fstat(fd);
  if (typeof stat === "number") return "UNKNOWN";
  switch (stat[1] & S_IFMT) {
    case S_IFREG:
      return "FILE";
    case S_IFCHR:
      return native.isatty(fd) ? "TTY" : "DEVICE";
    case S_IFIFO:
    case S_IFSOCK:
      return "PIPE";
    default:
      return "UNKNOWN";
  }
}

// Node's fs.ReadStream for a character device that is not known to be a terminal. WAMR does not
// tell a terminal from /dev/null (isatty is false on fds 0 to 2), so this one reads as Node reads
// a terminal: each read waits for the loop to find the device readable (a terminal's input then
// waits in poll_oneoff beside the timers instead of blocking them, and a pause ends the wait;
// /dev/null is readable at once), and nothing is read ahead (highWaterMark 0), so that a program
// that has read its last answer can end.
const DEVICE_READ_SIZE = 64 * 1024;
let DeviceReadStream;
function defineDeviceReadStream() {
  const { ReadStream: FsReadStream } = require("node:internal/fs/streams");
  DeviceReadStream = class ReadStream extends FsReadStream {
    constructor(path, options) {
      super(path, { ...options, highWaterMark: 0 });
      this._watching = false;
      this._watcher = { fd: this.fd, refed: true, onReadable: () => this._onReadable() };
    }

    _read() {
      if (this._watching) return;
      this._watching = true;
      loop.watchFd(this._watcher);
    }

    _onReadable() {
      this._stopReading();
      super._read(DEVICE_READ_SIZE);
    }

    _stopReading() {
      if (!this._watching) return;
      this._watching = false;
      loop.unwatchFd(this._watcher);
    }

    _destroy(error, callback) {
      this._stopReading();
      super._destroy(error, callback);
    }
  };
}

function createStdin(fd) {
  switch (guessHandleType(fd)) {
    case "TTY": {
      const { ReadStream } = require("node:tty");
      return new ReadStream(fd);
    }
    case "FILE": {
      const { ReadStream } = require("node:internal/fs/streams");
      return new ReadStream(null, { fd, autoClose: false });
    }
    case "DEVICE":
      if (DeviceReadStream === undefined) defineDeviceReadStream();
      return new DeviceReadStream(null, { fd, autoClose: false });
    case "PIPE": {
      const { Socket } = require("node:internal/fd_socket");
      return new Socket(fd);
    }
    default: {
      const Readable = require("node:internal/streams/readable");
      const empty = new Readable({ read() {} });
      empty.push(null);
      return empty;
    }
  }
}

function getStdin() {
  const fd = 0;
  const stdin = createStdin(fd);
  stdin.fd = fd;
  // Paused by the app: stop watching the fd once the flow has stopped, so that the process can
  // end (a Socket keeps the loop alive while it watches).
  stdin.on("pause", () => {
    loop.queueTick(() => {
      if (stdin._watching && !stdin.readableFlowing) {
        stdin._readableState.reading = false;
        stdin._stopReading();
      }
    }, undefined);
  });
  return stdin;
}

module.exports = { getStdin };
