// One zlib stream of native.zlib (guest node_zlib.c) as lib/zlib.js drives it, in the shape of
// Node's binding: writeSync and write take the input and the output buffer by offset and length
// and leave [availOut, availIn] in the owner's write state; a failure calls `onerror(message,
// errno, code)`. write does the work at once and completes in the loop's next I/O phase, as a
// write on Node's thread pool calls back.
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { codes } = require("node:internal/zlib/constants");

const { zlib } = native;

// The bytes of a view as a Uint8Array over the same memory.
function bytesOf(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

class ZlibHandle {
  constructor(mode, windowBits, level, memLevel, strategy, writeState, processCallback, dictionary) {
    this.native = zlib.create(mode, windowBits, level, memLevel, strategy, dictionary && bytesOf(dictionary));
    this.writeState = writeState;
    this.callback = processCallback;
    this.onerror = null;
  }

  // Runs one write at once; a failure is reported through onerror.
  writeSync(flushFlag, input, inOff, inLen, out, outOff, outLen) {
    const failure = zlib.write(this.native, flushFlag, bytesOf(input), inOff, inLen, out, outOff, outLen, this.writeState);
    if (failure !== null) this.fail(failure);
  }

  write(flushFlag, input, inOff, inLen, out, outOff, outLen) {
    const failure = zlib.write(this.native, flushFlag, bytesOf(input), inOff, inLen, out, outOff, outLen, this.writeState);
    loop.queueCompletion(failure === null ? () => this.callback() : () => this.fail(failure));
  }

  reset() {
    const failure = zlib.reset(this.native);
    if (failure !== null) this.fail(failure);
  }

  params(level, strategy) {
    const failure = zlib.params(this.native, level, strategy);
    if (failure !== null) this.fail(failure);
  }

  close() {
    zlib.close(this.native);
  }

  fail([message, errno]) {
    this.onerror(message, errno, codes[errno]);
  }
}

module.exports = { ZlibHandle, bytesOf };
