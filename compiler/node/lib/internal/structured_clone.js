// The global structuredClone: the HTML structured clone of a value, as Node 20 gives it (V8's
// serializer): primitives, boxed primitives, Date, RegExp, ArrayBuffer and its views, Map, Set,
// arrays (holes and extra properties kept), errors and plain objects (own enumerable string
// keys, getters read, prototypes not kept), with cycles and shared references preserved.
// Functions, symbols and objects with state that cannot be copied throw DataCloneError.
"use strict";

const { codes } = require("node:internal/errors");
const native = require("node:internal/native");
const { passes } = require("node:internal/brand");

const ERROR_TYPES = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, Error];
const TYPED_ARRAYS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
];
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
const dataViewBuffer = Object.getOwnPropertyDescriptor(DataView.prototype, "buffer").get;
const regExpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, "source").get;

// Whether `method` accepts `value` as its receiver.
function brand(method, value, ...args) {
  return passes((v) => method.call(v, ...args), value);
}

function cannotClone(value) {
  let shown;
  if (typeof value === "function") shown = Function.prototype.toString.call(value);
  else if (typeof value === "symbol") shown = value.toString();
  else shown = `#<${(value.constructor && value.constructor.name) || "Object"}>`;
  return new DOMException(`${shown} could not be cloned.`, "DataCloneError");
}

function clone(value, memo) {
  if (typeof value === "symbol" || typeof value === "function") throw cannotClone(value);
  if (value === null || typeof value !== "object") return value;
  if (memo.has(value)) return memo.get(value);
  const copy = (made) => {
    memo.set(value, made);
    return made;
  };
  if (
    native.promiseState(value) !== undefined ||
    brand(WeakMap.prototype.has, value, {}) ||
    brand(WeakSet.prototype.has, value, {}) ||
    (typeof WeakRef === "function" && brand(WeakRef.prototype.deref, value))
  ) {
    throw cannotClone(value);
  }
  for (const Box of [Number, String, Boolean, BigInt, Symbol]) {
    if (brand(Box.prototype.valueOf, value)) {
      if (Box === Symbol) throw cannotClone(value);
      return copy(Object(Box.prototype.valueOf.call(value)));
    }
  }
  if (brand(Date.prototype.getTime, value)) return copy(new Date(Date.prototype.getTime.call(value)));
  if (value !== RegExp.prototype && brand(regExpSource, value)) {
    return copy(new RegExp(regExpSource.call(value), value.flags));
  }
  if (brand(arrayBufferByteLength, value)) return copy(ArrayBuffer.prototype.slice.call(value, 0));
  const tag = typedArrayTag.call(value);
  if (tag !== undefined) {
    const Ctor = TYPED_ARRAYS.find((T) => T.name === tag);
    const buffer = clone(value.buffer, memo);
    return copy(new Ctor(buffer, value.byteOffset, value.length));
  }
  if (brand(dataViewBuffer, value)) {
    return copy(new DataView(clone(value.buffer, memo), value.byteOffset, value.byteLength));
  }
  if (brand(Map.prototype.has, value, undefined)) {
    const map = copy(new Map());
    for (const [k, v] of Map.prototype.entries.call(value)) map.set(clone(k, memo), clone(v, memo));
    return map;
  }
  if (brand(Set.prototype.has, value, undefined)) {
    const set = copy(new Set());
    for (const v of Set.prototype.values.call(value)) set.add(clone(v, memo));
    return set;
  }
  if (typeof Error.isError === "function" ? Error.isError(value) : value instanceof Error) {
    const Type = ERROR_TYPES.find((T) => value instanceof T) || Error;
    const error = copy(Object.create(Type.prototype));
    const own = (key) => Object.prototype.hasOwnProperty.call(value, key);
    const define = (key, v) => Object.defineProperty(error, key, { value: v, writable: true, configurable: true });
    if (own("message")) define("message", String(value.message));
    if (typeof value.stack === "string") define("stack", value.stack);
    if (own("cause")) define("cause", clone(value.cause, memo));
    return error;
  }
  const out = copy(Array.isArray(value) ? new Array(value.length) : {});
  for (const key of Object.keys(value)) out[key] = clone(value[key], memo);
  return out;
}

function structuredClone(value, options) {
  if (arguments.length === 0) {
    const error = new codes.ERR_MISSING_ARGS("value");
    error.message = "The value argument must be specified";
    throw error;
  }
  if (options !== undefined && options !== null && options.transfer !== undefined) {
    throw new DOMException("Transferring objects is not supported by EdgeBox", "DataCloneError");
  }
  return clone(value, new Map());
}

module.exports = { structuredClone };
