// What the web streams share: the state slot and brand of their objects, the queue with sizes
// of the spec's controllers, strategy arguments, the promise forms of the underlying source's
// and sink's callbacks, and Node's inspect output for the stream classes.
//
// As in Node, every object keeps its internal state under kState and its class name under kType;
// the algorithms follow the WHATWG Streams spec step by step, with the promises Node makes
// (their number and order decide when callbacks run, which programs can observe).
"use strict";

const native = require("node:internal/native");
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE },
} = require("node:internal/errors");
const { validateFunction } = require("node:internal/validators");

const kState = Symbol("kState");
const kType = Symbol("kType");

// A check that `value` is an object of the class named `brand`.
function isBrandCheck(brand) {
  return (value) => value != null && value[kState] !== undefined && value[kType] === brand;
}

// A new promise with its resolving functions.
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// A settled promise in the shape of `deferred()` (nothing left to resolve).
function settled(promise) {
  return { promise, resolve: undefined, reject: undefined };
}

function isPromisePending(promise) {
  return promise !== undefined && native.promiseState(promise)?.[0] === 0;
}

// A rejection nobody is to be told about (as Node, with a reaction of its own).
function setPromiseHandled(promise) {
  promise.then(
    () => {},
    () => {},
  );
}

// WebIDL's "invoke a callback function" for callbacks that return a promise: what `fn` throws
// or returns becomes the promise's outcome.
async function invokePromiseCallback(fn, thisArg, ...args) {
  return Reflect.apply(fn, thisArg, args);
}

// The algorithm calling a source's, sink's or transformer's method `fn` (checked: `name`).
function promiseCallback(name, fn, thisArg) {
  validateFunction(fn, name);
  return (...args) => invokePromiseCallback(fn, thisArg, ...args);
}

function nonOpStart() {}
async function nonOpPull() {}
async function nonOpCancel() {}
async function nonOpWrite() {}
async function nonOpFlush() {}

function extractHighWaterMark(value, defaultHighWaterMark) {
  if (value === undefined) return defaultHighWaterMark;
  value = +value;
  if (Number.isNaN(value) || value < 0) {
    throw new ERR_INVALID_ARG_VALUE.RangeError("strategy.highWaterMark", value);
  }
  return value;
}

function extractSizeAlgorithm(size) {
  if (size === undefined) return () => 1;
  validateFunction(size, "strategy.size");
  return size;
}

// ---- Queue with sizes (of a controller's state: queue, queueTotalSize).

function enqueueValueWithSize(controller, value, size) {
  size = +size;
  if (Number.isNaN(size) || size < 0 || size === Infinity) {
    throw new ERR_INVALID_ARG_VALUE.RangeError("size", size);
  }
  const state = controller[kState];
  state.queue.push({ value, size });
  state.queueTotalSize += size;
}

function dequeueValue(controller) {
  const state = controller[kState];
  const { value, size } = state.queue.shift();
  state.queueTotalSize = Math.max(0, state.queueTotalSize - size);
  return value;
}

function peekQueueValue(controller) {
  return controller[kState].queue[0].value;
}

function resetQueue(controller) {
  controller[kState].queue = [];
  controller[kState].queueTotalSize = 0;
}

// ---- Array buffers.

// The buffer's contents moved to a new ArrayBuffer, the old one detached.
function transferArrayBuffer(buffer) {
  if (buffer.detached) {
    throw new ERR_INVALID_STATE.TypeError("The ArrayBuffer could not be transferred");
  }
  return buffer.transfer();
}

function copyArrayBuffer(dest, destOffset, source, sourceOffset, length) {
  new Uint8Array(dest, destOffset, length).set(new Uint8Array(source, sourceOffset, length));
}

// A Uint8Array of a copy of the view's bytes.
function cloneAsUint8Array(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

// ---- Inspect.

let inspectModule;
function inspect(value, options) {
  inspectModule ??= require("node:internal/inspect");
  return inspectModule.inspect(value, options);
}

// `Name { fields }` one level deeper, as Node prints a stream object; past the depth, Node's
// own function returns its (unbound) `this`: undefined.
function inspectStream(depth, options, name, fields) {
  if (depth < 0) return undefined;
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${name} ${inspect(fields, opts)}`;
}

// Node's prototypes: the members enumerable, and a Symbol.toStringTag of the class name unless
// `tagged` is false.
function webMembers(Class, members, tagged = true) {
  for (const member of members) Object.defineProperty(Class.prototype, member, { enumerable: true });
  if (tagged) Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: Class.name, configurable: true });
}

module.exports = {
  cloneAsUint8Array,
  copyArrayBuffer,
  deferred,
  dequeueValue,
  enqueueValueWithSize,
  extractHighWaterMark,
  extractSizeAlgorithm,
  inspectStream,
  isBrandCheck,
  isPromisePending,
  kState,
  kType,
  nonOpCancel,
  nonOpFlush,
  nonOpPull,
  nonOpStart,
  nonOpWrite,
  peekQueueValue,
  promiseCallback,
  resetQueue,
  setPromiseHandled,
  settled,
  transferArrayBuffer,
  webMembers,
};
