// Node's `zlib`: Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw and Unzip as Transform
// streams over zlib itself (guest node_zlib.c, driven through internal/zlib/handle.js), their
// create* factories, the one-shot callback and sync forms, crc32, `constants` (and the legacy
// top-level Z_* names) and `codes`, with Node 20's option checks, errors, chunking and flush
// rules. No Brotli: BrotliCompress, BrotliDecompress and their functions are absent.
"use strict";

const { Buffer, kMaxLength } = require("node:buffer");
const Transform = require("node:internal/streams/transform");
const eos = require("node:internal/streams/end-of-stream");
const {
  withCode,
  codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateFunction, validateInteger, validateNumber } = require("node:internal/validators");
const { isAnyArrayBuffer } = require("node:util/types");
const { constants, codes } = require("node:internal/zlib/constants");
const { ZlibHandle, bytesOf } = require("node:internal/zlib/handle");
const native = require("node:internal/native");

const {
  Z_NO_FLUSH,
  Z_BLOCK,
  Z_PARTIAL_FLUSH,
  Z_SYNC_FLUSH,
  Z_FULL_FLUSH,
  Z_FINISH,
  Z_MIN_CHUNK,
  Z_MIN_WINDOWBITS,
  Z_MAX_WINDOWBITS,
  Z_MIN_LEVEL,
  Z_MAX_LEVEL,
  Z_MIN_MEMLEVEL,
  Z_MAX_MEMLEVEL,
  Z_DEFAULT_CHUNK,
  Z_DEFAULT_COMPRESSION,
  Z_DEFAULT_STRATEGY,
  Z_DEFAULT_WINDOWBITS,
  Z_DEFAULT_MEMLEVEL,
  Z_FIXED,
  DEFLATE,
  DEFLATERAW,
  INFLATE,
  INFLATERAW,
  GZIP,
  GUNZIP,
  UNZIP,
} = constants;

const kFlushFlag = Symbol("kFlushFlag");
const kError = Symbol("kError");
const kOwner = Symbol("owner_symbol");

function bufferTooLarge(maxLength) {
  return withCode(RangeError, "ERR_BUFFER_TOO_LARGE", `Cannot create a Buffer larger than ${maxLength} bytes`);
}

function internalAssertion(message) {
  return withCode(
    Error,
    "ERR_INTERNAL_ASSERTION",
    `${message}\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\n` +
      "Please open an issue with this stack trace at https://github.com/nodejs/node/issues\n",
  );
}

// ---- option checks ---------------------------------------------------------------------------

// Whether an option is given: false for undefined and NaN (its default applies), true for a
// finite number; anything else throws.
function checkFiniteNumber(number, name) {
  if (number === undefined) return false;
  if (Number.isFinite(number)) return true;
  if (Number.isNaN(number)) return false;
  validateNumber(number, name);
  throw new ERR_OUT_OF_RANGE(name, "a finite number", number);
}

function checkRangesOrGetDefault(number, name, lower, upper, def) {
  if (!checkFiniteNumber(number, name)) return def;
  if (number < lower || number > upper) {
    throw new ERR_OUT_OF_RANGE(name, `>= ${lower} and <= ${upper}`, number);
  }
  return number;
}

// ---- flushes ---------------------------------------------------------------------------------

// From the weakest flush to the strongest: the last chunk gets the stronger of its own and the
// finish flush.
const FLUSH_STRENGTH = [Z_NO_FLUSH, Z_BLOCK, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH];

function maxFlush(a, b) {
  return FLUSH_STRENGTH.indexOf(a) > FLUSH_STRENGTH.indexOf(b) ? a : b;
}

// Empty chunks that carry a flush through the stream's write queue to _transform.
const flushBuffers = [];
for (const flag of FLUSH_STRENGTH) {
  const marker = Buffer.alloc(0);
  marker[kFlushFlag] = flag;
  flushBuffers[flag] = marker;
}

// ---- one-shot forms --------------------------------------------------------------------------

function zlibBuffer(engine, buffer, callback) {
  validateFunction(callback, "callback");
  if (ArrayBuffer.isView(buffer) && !(buffer instanceof Uint8Array)) {
    buffer = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } else if (isAnyArrayBuffer(buffer)) {
    buffer = Buffer.from(buffer);
  }
  engine.buffers = null;
  engine.nread = 0;
  engine.cb = callback;
  engine.on("data", zlibBufferOnData);
  engine.on("error", zlibBufferOnError);
  engine.on("end", zlibBufferOnEnd);
  engine.end(buffer);
}

function zlibBufferOnData(chunk) {
  if (this.buffers === null) this.buffers = [chunk];
  else this.buffers.push(chunk);
  this.nread += chunk.length;
  if (this.nread > this._maxOutputLength) {
    this.close();
    this.removeAllListeners("end");
    this.cb(bufferTooLarge(this._maxOutputLength));
  }
}

function zlibBufferOnError(error) {
  this.removeAllListeners("end");
  this.cb(error);
}

function zlibBufferOnEnd() {
  let result;
  if (this.nread === 0) result = Buffer.alloc(0);
  else result = this.buffers.length === 1 ? this.buffers[0] : Buffer.concat(this.buffers, this.nread);
  this.close();
  if (this._info) this.cb(null, { buffer: result, engine: this });
  else this.cb(null, result);
}

function zlibBufferSync(engine, buffer) {
  if (typeof buffer === "string") {
    buffer = Buffer.from(buffer);
  } else if (!ArrayBuffer.isView(buffer)) {
    if (!isAnyArrayBuffer(buffer)) {
      throw new ERR_INVALID_ARG_TYPE("buffer", ["string", "Buffer", "TypedArray", "DataView", "ArrayBuffer"], buffer);
    }
    buffer = Buffer.from(buffer);
  }
  const result = processChunkSync(engine, buffer, engine._finishFlushFlag);
  return engine._info ? { buffer: result, engine } : result;
}

// ---- the streams -----------------------------------------------------------------------------

// The handle reports a failure: the stream is destroyed with Node's error for it.
function zlibOnError(message, errno, code) {
  const self = this[kOwner];
  const error = Object.assign(new Error(message), { errno, code });
  self.destroy(error);
  self[kError] = error;
}

function ZlibBase(opts, mode, handle, { flush, finishFlush, fullFlush }) {
  let chunkSize = Z_DEFAULT_CHUNK;
  let maxOutputLength = kMaxLength;
  if (opts) {
    chunkSize = opts.chunkSize;
    if (!checkFiniteNumber(chunkSize, "options.chunkSize")) {
      chunkSize = Z_DEFAULT_CHUNK;
    } else if (chunkSize < Z_MIN_CHUNK) {
      throw new ERR_OUT_OF_RANGE("options.chunkSize", `>= ${Z_MIN_CHUNK}`, chunkSize);
    }
    flush = checkRangesOrGetDefault(opts.flush, "options.flush", Z_NO_FLUSH, Z_BLOCK, flush);
    finishFlush = checkRangesOrGetDefault(opts.finishFlush, "options.finishFlush", Z_NO_FLUSH, Z_BLOCK, finishFlush);
    maxOutputLength = checkRangesOrGetDefault(
      opts.maxOutputLength,
      "options.maxOutputLength",
      1,
      kMaxLength,
      kMaxLength,
    );
    // The stream carries bytes, whatever the options say.
    if (opts.encoding || opts.objectMode || opts.writableObjectMode) {
      opts = { ...opts, encoding: null, objectMode: false, writableObjectMode: false };
    }
  }
  Transform.call(this, { autoDestroy: true, ...opts });
  this[kError] = null;
  this.bytesWritten = 0;
  this._handle = handle;
  handle[kOwner] = this;
  handle.onerror = zlibOnError;
  this._outBuffer = Buffer.allocUnsafe(chunkSize);
  this._outOffset = 0;
  this._chunkSize = chunkSize;
  this._defaultFlushFlag = flush;
  this._finishFlushFlag = finishFlush;
  this._defaultFullFlushFlag = fullFlush;
  this._info = opts && opts.info;
  this._maxOutputLength = maxOutputLength;
}
Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
Object.setPrototypeOf(ZlibBase, Transform);

Object.defineProperty(ZlibBase.prototype, "_closed", {
  configurable: true,
  enumerable: true,
  get() {
    return !this._handle;
  },
});

// DEP0108: bytesRead was renamed bytesWritten (the bytes written into the stream).
const deprecated = {};
function warnOnce(key, message) {
  if (!deprecated[key]) deprecated[key] = require("node:util").deprecate(() => {}, message, "DEP0108");
  deprecated[key]();
}

Object.defineProperty(ZlibBase.prototype, "bytesRead", {
  configurable: true,
  enumerable: true,
  get() {
    warnOnce(
      "get",
      "zlib.bytesRead is deprecated and will change its meaning in the future. Use zlib.bytesWritten instead.",
    );
    return this.bytesWritten;
  },
  set(value) {
    warnOnce("set", "Setting zlib.bytesRead is deprecated. This feature will be removed in the future.");
    this.bytesWritten = value;
  },
});

ZlibBase.prototype.reset = function reset() {
  if (!this._handle) throw internalAssertion("zlib binding closed");
  return this._handle.reset();
};

// The end of the input: an empty chunk, which _transform finishes with the finish flush.
ZlibBase.prototype._flush = function _flush(callback) {
  this._transform(Buffer.alloc(0), "", callback);
};

// Node's zlib streams flush on 'prefinish' (Transform's own _final is replaced).
ZlibBase.prototype._final = function _final(callback) {
  callback();
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === "function" || (kind === undefined && !callback)) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) process.nextTick(callback);
  } else if (this.writableEnded) {
    if (callback) this.once("end", callback);
  } else {
    this.write(flushBuffers[kind], "", callback);
  }
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) eos(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(error, callback) {
  closeHandle(this);
  callback(error);
};

ZlibBase.prototype._transform = function _transform(chunk, encoding, callback) {
  let flushFlag = this._defaultFlushFlag;
  if (typeof chunk[kFlushFlag] === "number") flushFlag = chunk[kFlushFlag];
  if (this.writableEnded && this.writableLength === chunk.byteLength) {
    flushFlag = maxFlush(flushFlag, this._finishFlushFlag);
  }
  processChunk(this, chunk, flushFlag, callback);
};

// The old internal entry point, which some packages call: with a callback it works as a write,
// without one it returns the output at once.
ZlibBase.prototype._processChunk = function _processChunk(chunk, flushFlag, callback) {
  if (typeof callback === "function") processChunk(this, chunk, flushFlag, callback);
  else return processChunkSync(this, chunk, flushFlag);
};

// Feeds the whole chunk through, a new output buffer each time one fills, and returns what
// came out; the stream is closed after.
function processChunkSync(self, chunk, flushFlag) {
  let availInBefore = chunk.byteLength;
  let availOutBefore = self._chunkSize - self._outOffset;
  let inOff = 0;
  let buffers = null;
  let nread = 0;
  let inputRead = 0;
  const state = self._writeState;
  const handle = self._handle;
  let buffer = self._outBuffer;
  let offset = self._outOffset;
  const chunkSize = self._chunkSize;

  let error;
  self.on("error", (err) => {
    error = err;
  });

  for (;;) {
    handle.writeSync(flushFlag, chunk, inOff, availInBefore, buffer, offset, availOutBefore);
    if (error) throw error;
    if (self[kError]) throw self[kError];
    const availOutAfter = state[0];
    const availInAfter = state[1];
    const inDelta = availInBefore - availInAfter;
    inputRead += inDelta;
    const have = availOutBefore - availOutAfter;
    if (have > 0) {
      const out = buffer.subarray(offset, offset + have);
      offset += have;
      if (buffers === null) buffers = [out];
      else buffers.push(out);
      nread += out.byteLength;
      if (nread > self._maxOutputLength) {
        closeHandle(self);
        throw bufferTooLarge(self._maxOutputLength);
      }
    }
    if (availOutAfter === 0 || offset >= chunkSize) {
      availOutBefore = chunkSize;
      offset = 0;
      buffer = Buffer.allocUnsafe(chunkSize);
    }
    if (availOutAfter !== 0) break;
    // The output buffer filled before the input was used up: go on with the rest.
    inOff += inDelta;
    availInBefore = availInAfter;
  }

  self.bytesWritten = inputRead;
  closeHandle(self);
  if (nread === 0) return Buffer.alloc(0);
  return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, nread);
}

function processChunk(self, chunk, flushFlag, callback) {
  const handle = self._handle;
  if (!handle) {
    process.nextTick(callback);
    return;
  }
  handle.buffer = chunk;
  handle.cb = callback;
  handle.availOutBefore = self._chunkSize - self._outOffset;
  handle.availInBefore = chunk.byteLength;
  handle.inOff = 0;
  handle.flushFlag = flushFlag;
  handle.write(flushFlag, chunk, 0, handle.availInBefore, self._outBuffer, self._outOffset, handle.availOutBefore);
}

// A write completed (`this` is the handle): push its output, and write again while the output
// buffer keeps filling (after the reader asks for more, when the readable side is full).
function processCallback() {
  const handle = this;
  const self = this[kOwner];
  const state = self._writeState;

  if (self.destroyed) {
    this.buffer = null;
    this.cb();
    return;
  }

  const availOutAfter = state[0];
  const availInAfter = state[1];
  const inDelta = handle.availInBefore - availInAfter;
  self.bytesWritten += inDelta;

  const have = handle.availOutBefore - availOutAfter;
  let streamBufferIsFull = false;
  if (have > 0) {
    const out = self._outBuffer.subarray(self._outOffset, self._outOffset + have);
    self._outOffset += have;
    streamBufferIsFull = !self.push(out);
  }

  if (self.destroyed) {
    this.cb();
    return;
  }

  if (availOutAfter === 0 || self._outOffset >= self._chunkSize) {
    handle.availOutBefore = self._chunkSize;
    self._outOffset = 0;
    self._outBuffer = Buffer.allocUnsafe(self._chunkSize);
  }

  if (availOutAfter === 0) {
    handle.inOff += inDelta;
    handle.availInBefore = availInAfter;
    const writeMore = () =>
      handle.write(
        handle.flushFlag,
        handle.buffer,
        handle.inOff,
        handle.availInBefore,
        self._outBuffer,
        self._outOffset,
        self._chunkSize,
      );
    if (!streamBufferIsFull) {
      writeMore();
    } else {
      const oldRead = self._read;
      self._read = (n) => {
        self._read = oldRead;
        writeMore();
        self._read(n);
      };
    }
    return;
  }

  // Input left over with room for output: zlib wanted no more (the compressed data ended
  // before the chunk did), so the readable side ends here.
  if (availInAfter > 0) self.push(null);

  this.buffer = null;
  this.cb();
}

function closeHandle(engine) {
  if (!engine._handle) return;
  engine._handle.close();
  engine._handle = null;
}

const zlibDefaultOpts = {
  flush: Z_NO_FLUSH,
  finishFlush: Z_FINISH,
  fullFlush: Z_FULL_FLUSH,
};

// The streams with zlib's own options: windowBits, level, memLevel, strategy, dictionary.
function Zlib(opts, mode) {
  let windowBits = Z_DEFAULT_WINDOWBITS;
  let level = Z_DEFAULT_COMPRESSION;
  let memLevel = Z_DEFAULT_MEMLEVEL;
  let strategy = Z_DEFAULT_STRATEGY;
  let dictionary;

  if (opts) {
    // On the inflating side (but raw) 0 or no windowBits takes the size from the header.
    if ((opts.windowBits == null || opts.windowBits === 0) && (mode === INFLATE || mode === GUNZIP || mode === UNZIP)) {
      windowBits = 0;
    } else {
      // gzip's header cannot say 8, so Gzip starts at 9.
      const min = Z_MIN_WINDOWBITS + (mode === GZIP ? 1 : 0);
      windowBits = checkRangesOrGetDefault(opts.windowBits, "options.windowBits", min, Z_MAX_WINDOWBITS, Z_DEFAULT_WINDOWBITS);
    }
    level = checkRangesOrGetDefault(opts.level, "options.level", Z_MIN_LEVEL, Z_MAX_LEVEL, Z_DEFAULT_COMPRESSION);
    memLevel = checkRangesOrGetDefault(opts.memLevel, "options.memLevel", Z_MIN_MEMLEVEL, Z_MAX_MEMLEVEL, Z_DEFAULT_MEMLEVEL);
    strategy = checkRangesOrGetDefault(opts.strategy, "options.strategy", Z_DEFAULT_STRATEGY, Z_FIXED, Z_DEFAULT_STRATEGY);
    dictionary = opts.dictionary;
    if (dictionary !== undefined && !ArrayBuffer.isView(dictionary)) {
      if (!isAnyArrayBuffer(dictionary)) {
        throw new ERR_INVALID_ARG_TYPE("options.dictionary", ["Buffer", "TypedArray", "DataView", "ArrayBuffer"], dictionary);
      }
      dictionary = Buffer.from(dictionary);
    }
  }

  this._writeState = new Uint32Array(2);
  const handle = new ZlibHandle(mode, windowBits, level, memLevel, strategy, this._writeState, processCallback, dictionary);
  ZlibBase.call(this, opts, mode, handle, zlibDefaultOpts);
  this._level = level;
  this._strategy = strategy;
}
Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Zlib, ZlibBase);

// params() changes level and strategy after a sync flush of what was written before.
function paramsAfterFlushCallback(level, strategy, callback) {
  if (!this._handle) throw internalAssertion("zlib binding closed");
  this._handle.params(level, strategy);
  if (!this.destroyed) {
    this._level = level;
    this._strategy = strategy;
    if (callback) callback();
  }
}

Zlib.prototype.params = function params(level, strategy, callback) {
  checkRangesOrGetDefault(level, "level", Z_MIN_LEVEL, Z_MAX_LEVEL);
  checkRangesOrGetDefault(strategy, "strategy", Z_DEFAULT_STRATEGY, Z_FIXED);
  if (this._level !== level || this._strategy !== strategy) {
    this.flush(Z_SYNC_FLUSH, paramsAfterFlushCallback.bind(this, level, strategy, callback));
  } else {
    process.nextTick(callback);
  }
};

// One constructor per mode, callable without `new` as Node's are.
function defineMode(name, mode, adjust) {
  const ctor = {
    [name]: function (opts) {
      if (adjust) adjust(opts);
      if (!(this instanceof ctor)) return new ctor(opts);
      Zlib.call(this, opts, mode);
    },
  }[name];
  Object.setPrototypeOf(ctor.prototype, Zlib.prototype);
  Object.setPrototypeOf(ctor, Zlib);
  return ctor;
}

const Deflate = defineMode("Deflate", DEFLATE);
const Inflate = defineMode("Inflate", INFLATE);
const Gzip = defineMode("Gzip", GZIP);
const Gunzip = defineMode("Gunzip", GUNZIP);
// zlib takes windowBits 8 for raw deflate as 9 (a window of 256 bytes is not supported); Node
// says so in the options it was given.
const DeflateRaw = defineMode("DeflateRaw", DEFLATERAW, (opts) => {
  if (opts && opts.windowBits === 8) opts.windowBits = 9;
});
const InflateRaw = defineMode("InflateRaw", INFLATERAW);
const Unzip = defineMode("Unzip", UNZIP);

function createConvenienceMethod(ctor, sync) {
  if (sync) {
    return function syncBufferWrapper(buffer, opts) {
      return zlibBufferSync(new ctor(opts), buffer);
    };
  }
  return function asyncBufferWrapper(buffer, opts, callback) {
    if (typeof opts === "function") {
      callback = opts;
      opts = {};
    }
    return zlibBuffer(new ctor(opts), buffer, callback);
  };
}

function crc32(data, value = 0) {
  if (typeof data !== "string" && !ArrayBuffer.isView(data)) {
    throw new ERR_INVALID_ARG_TYPE("data", ["Buffer", "TypedArray", "DataView", "string"], data);
  }
  validateInteger(value, "value", 0, 4294967295);
  return native.zlib.crc32(typeof data === "string" ? Buffer.from(data) : bytesOf(data), value);
}

module.exports = {
  crc32,
  Deflate,
  Inflate,
  Gzip,
  Gunzip,
  DeflateRaw,
  InflateRaw,
  Unzip,
  deflate: createConvenienceMethod(Deflate, false),
  deflateSync: createConvenienceMethod(Deflate, true),
  gzip: createConvenienceMethod(Gzip, false),
  gzipSync: createConvenienceMethod(Gzip, true),
  deflateRaw: createConvenienceMethod(DeflateRaw, false),
  deflateRawSync: createConvenienceMethod(DeflateRaw, true),
  unzip: createConvenienceMethod(Unzip, false),
  unzipSync: createConvenienceMethod(Unzip, true),
  inflate: createConvenienceMethod(Inflate, false),
  inflateSync: createConvenienceMethod(Inflate, true),
  gunzip: createConvenienceMethod(Gunzip, false),
  gunzipSync: createConvenienceMethod(Gunzip, true),
  inflateRaw: createConvenienceMethod(InflateRaw, false),
  inflateRawSync: createConvenienceMethod(InflateRaw, true),
};

function createProperty(ctor) {
  return {
    configurable: true,
    enumerable: true,
    value: function (options) {
      return new ctor(options);
    },
  };
}

Object.defineProperties(module.exports, {
  createDeflate: createProperty(Deflate),
  createInflate: createProperty(Inflate),
  createDeflateRaw: createProperty(DeflateRaw),
  createInflateRaw: createProperty(InflateRaw),
  createGzip: createProperty(Gzip),
  createGunzip: createProperty(Gunzip),
  createUnzip: createProperty(Unzip),
  constants: { configurable: false, enumerable: true, value: constants },
  codes: { enumerable: true, writable: false, value: codes },
});

// The legacy names: every constant on the module itself, hidden from enumeration.
for (const name of Object.keys(constants)) {
  Object.defineProperty(module.exports, name, { enumerable: false, value: constants[name], writable: false });
}
