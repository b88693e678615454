// Random values from the host (WASI random_get through native.randomFill): getRandomValues (the
// web's, with Node's DOMException errors), randomUUID (version 4) and fillRandom, for the web
// `crypto` global and for node:crypto.
"use strict";

const native = require("node:internal/native");
const { validateBoolean, validateObject } = require("node:internal/validators");
const { DOMException } = require("node:internal/domexception");

// Fills the bytes of an ArrayBuffer view with random bytes.
function fillRandom(view) {
  native.randomFill(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return view;
}

const INTEGER_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  BigInt64Array,
  BigUint64Array,
];
const TypedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype);
const toStringTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;

function isIntegerTypedArray(value) {
  const tag = toStringTag.call(value);
  return tag !== undefined && INTEGER_ARRAYS.some((Class) => Class.name === tag);
}

function getRandomValues(data) {
  if (!isIntegerTypedArray(data)) {
    throw new DOMException("The data argument must be an integer-type TypedArray", "TypeMismatchError");
  }
  if (data.byteLength > 65536) {
    throw new DOMException("The requested length exceeds 65,536 bytes", "QuotaExceededError");
  }
  return fillRandom(data);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// A version 4 (random) UUID. `options.disableEntropyCache` is accepted (there is no cache: each
// UUID reads the host's randomness).
function randomUUID(options = undefined) {
  if (options !== undefined) validateObject(options, "options");
  if (options?.disableEntropyCache !== undefined) {
    validateBoolean(options.disableEntropyCache, "options.disableEntropyCache");
  }
  const b = fillRandom(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return (
    `${HEX[b[0]]}${HEX[b[1]]}${HEX[b[2]]}${HEX[b[3]]}-${HEX[b[4]]}${HEX[b[5]]}-${HEX[b[6]]}${HEX[b[7]]}-` +
    `${HEX[b[8]]}${HEX[b[9]]}-${HEX[b[10]]}${HEX[b[11]]}${HEX[b[12]]}${HEX[b[13]]}${HEX[b[14]]}${HEX[b[15]]}`
  );
}

module.exports = { fillRandom, getRandomValues, isIntegerTypedArray, randomUUID };
