// node:crypto's randomBytes, randomFill, randomFillSync and randomInt over the host's
// randomness (WASI random_get through native.randomFill), with Node's checks and errors. The
// callback forms fill at once and call back as an I/O completion (where Node's thread pool
// would).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { Buffer } = require("node:buffer");
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateFunction, validateNumber } = require("node:internal/validators");
const { isAnyArrayBuffer } = require("node:util/types");

const kMaxPossibleLength = 2 ** 31 - 1;

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, "offset");
  offset *= elementSize;
  const maxLength = Math.min(length, kMaxPossibleLength);
  if (Number.isNaN(offset) || offset > maxLength || offset < 0) {
    throw new ERR_OUT_OF_RANGE("offset", `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, "size");
  size *= elementSize;
  if (Number.isNaN(size) || size > kMaxPossibleLength || size < 0) {
    throw new ERR_OUT_OF_RANGE("size", `>= 0 && <= ${kMaxPossibleLength}`, size);
  }
  if (size + offset > length) throw new ERR_OUT_OF_RANGE("size + offset", `<= ${length}`, size + offset);
  return size >>> 0;
}

function validateBuffer(buf) {
  if (!isAnyArrayBuffer(buf) && !ArrayBuffer.isView(buf)) {
    throw new ERR_INVALID_ARG_TYPE("buf", ["ArrayBuffer", "ArrayBufferView"], buf);
  }
}

function fill(buf, offset, size) {
  if (size === 0) return;
  const start = ArrayBuffer.isView(buf) ? buf.byteOffset + offset : offset;
  native.randomFill(new Uint8Array(ArrayBuffer.isView(buf) ? buf.buffer : buf, start, size));
}

function randomBytes(size, callback) {
  size = assertSize(size, 1, 0, Infinity);
  if (callback !== undefined) validateFunction(callback, "callback");
  const buf = Buffer.allocUnsafeSlow(size);
  fill(buf, 0, size);
  if (callback === undefined) return buf;
  loop.queueCompletion(() => callback(null, buf));
}

function randomFillSync(buf, offset = 0, size) {
  validateBuffer(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  size = size === undefined ? buf.byteLength - offset : assertSize(size, elementSize, offset, buf.byteLength);
  fill(buf, offset, size);
  return buf;
}

function randomFill(buf, offset, size, callback) {
  validateBuffer(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  if (typeof offset === "function") {
    callback = offset;
    offset = 0;
    size = buf.length;
  } else if (typeof size === "function") {
    callback = size;
    offset *= elementSize;
    size = buf.length - offset;
  } else {
    validateFunction(callback, "callback");
  }
  offset = assertOffset(offset, elementSize, buf.byteLength);
  size = size === undefined ? buf.byteLength - offset : assertSize(size, elementSize, offset, buf.byteLength);
  if (size === 0) {
    callback(null, buf);
    return;
  }
  fill(buf, offset, size);
  loop.queueCompletion(() => callback(null, buf));
}

// randomInt draws 48-bit values (6 bytes each) from a cache, rejecting those that would bias
// `x % range`. Its callback comes on the next tick while the cache holds values, as an I/O
// completion when the cache had to be refilled (Node refills it in the thread pool).
const RAND_MAX = 0xffff_ffff_ffff;
const randomCache = new Uint8Array(6 * 1024);
let randomCacheOffset = randomCache.length;

function draw48() {
  if (randomCacheOffset === randomCache.length) {
    native.randomFill(randomCache);
    randomCacheOffset = 0;
  }
  const c = randomCache;
  const o = randomCacheOffset;
  randomCacheOffset += 6;
  const high = c[o] * 2 ** 8 + c[o + 1];
  const low = ((c[o + 2] << 24) | (c[o + 3] << 16) | (c[o + 4] << 8) | c[o + 5]) >>> 0;
  return high * 2 ** 32 + low;
}

function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === "undefined" || typeof max === "function";
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === "undefined";
  if (!isSync) validateFunction(callback, "callback");
  if (!Number.isSafeInteger(min)) throw new ERR_INVALID_ARG_TYPE("min", "a safe integer", min);
  if (!Number.isSafeInteger(max)) throw new ERR_INVALID_ARG_TYPE("max", "a safe integer", max);
  if (max <= min) throw new ERR_OUT_OF_RANGE("max", `greater than the value of "min" (${min})`, max);
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw new ERR_OUT_OF_RANGE(`max${minNotSpecified ? "" : " - min"}`, `<= ${RAND_MAX}`, range);
  }
  const randLimit = RAND_MAX - (RAND_MAX % range);
  const refilled = randomCacheOffset === randomCache.length;
  let x = draw48();
  while (x >= randLimit) x = draw48();
  const n = (x % range) + min;
  if (isSync) return n;
  if (refilled) loop.queueCompletion(() => callback(undefined, n));
  else process.nextTick(callback, undefined, n);
}

module.exports = { randomBytes, randomFill, randomFillSync, randomInt };
