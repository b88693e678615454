// Node's `util.types`: what kind of builtin object a value is.
//
// Node asks V8, which looks at the object's internal slots: a Symbol.toStringTag, a changed
// prototype or an object made with Object.create(SomeClass.prototype) does not fool it. Here the
// same is told by brand checks: calling a builtin accessor or method that reads an internal slot
// with the value as receiver, which throws unless the value has that slot. Where the language
// has no such accessor or method the check says so below; promises and proxies are told by the
// guest (node:internal/native).
"use strict";

const native = require("node:internal/native");

const uncurry = (fn) => Function.prototype.call.bind(fn);
const getterOf = (proto, key) => uncurry(Object.getOwnPropertyDescriptor(proto, key).get);

const isPrototypeOf = uncurry(Object.prototype.isPrototypeOf);
const hasOwn = uncurry(Object.prototype.hasOwnProperty);
const objectToString = uncurry(Object.prototype.toString);
const dateGetTime = uncurry(Date.prototype.getTime);
const regExpGlobal = getterOf(RegExp.prototype, "global");
const mapSize = getterOf(Map.prototype, "size");
const setSize = getterOf(Set.prototype, "size");
const weakMapHas = uncurry(WeakMap.prototype.has);
const weakSetHas = uncurry(WeakSet.prototype.has);
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, "byteLength");
const sharedArrayBufferByteLength =
  typeof SharedArrayBuffer === "function" ? getterOf(SharedArrayBuffer.prototype, "byteLength") : undefined;
// DataView's `buffer` getter, unlike its `byteLength`, does not throw for a detached buffer.
const dataViewBuffer = getterOf(DataView.prototype, "buffer");
const typedArrayTag = getterOf(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
const numberValueOf = uncurry(Number.prototype.valueOf);
const stringValueOf = uncurry(String.prototype.valueOf);
const booleanValueOf = uncurry(Boolean.prototype.valueOf);
const bigIntValueOf = uncurry(BigInt.prototype.valueOf);
const symbolValueOf = uncurry(Symbol.prototype.valueOf);

const AsyncFunctionPrototype = Object.getPrototypeOf(async function () {});
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = Object.getPrototypeOf(async function* () {});
const GeneratorPrototype = GeneratorFunctionPrototype.prototype;
const AsyncGeneratorPrototype = AsyncGeneratorFunctionPrototype.prototype;
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());

const isObject = (value) => typeof value === "object" && value !== null;

// To V8 a proxy is never of any builtin kind: the checks that go by what a proxy's traps answer
// (its prototype, its tag) ask this first.
function isProxy(value) {
  return native.proxyParts(value) !== undefined;
}
const isObjectNotProxy = (value) => isObject(value) && !isProxy(value);

const failed = Symbol("failed");

// What `read(value)` returns, or `failed` if it throws. QuickJS records a backtrace for every
// exception, the bulk of the cost of a failed check; with Error.stackTraceLimit at 0 it records
// none.
function attempt(read, value) {
  const limit = Error.stackTraceLimit;
  Reflect.set(Error, "stackTraceLimit", 0);
  try {
    return read(value);
  } catch {
    return failed;
  } finally {
    Reflect.set(Error, "stackTraceLimit", limit);
  }
}

const passes = (read, value) => isObject(value) && attempt(read, value) !== failed;

// Async functions, generator functions and async generator functions are never constructors.
// Whether a function is one is asked of a proxy of it, whose construct trap runs instead of it.
const constructTrap = { construct: () => ({}) };
const construct = (fn) => new (new Proxy(fn, constructTrap))();
const isConstructor = (fn) => attempt(construct, fn) !== failed;

// No builtin reads the kind of a function, so these go by its prototype chain, which (unlike
// V8) they cannot tell from the real thing when user code has set it: an async function whose
// prototype was changed, a bound async function, or an arrow function or method given an async
// function as prototype. A plain function given one is still told apart: it is a constructor.
const hasKind = (fn, proto) =>
  typeof fn === "function" && !isProxy(fn) && isPrototypeOf(proto, fn) && !isConstructor(fn);

function isExternal() {
  return false;
}

function isDate(value) {
  return passes(dateGetTime, value);
}

// Object.prototype.toString names arguments objects from their internal slot, unless a
// Symbol.toStringTag says otherwise (no builtin reads the slot itself): such an arguments object
// is not recognised. A tag getter that throws makes the answer false, not an exception.
const argumentsTag = (value) =>
  typeof value[Symbol.toStringTag] !== "string" && objectToString(value) === "[object Arguments]";
function isArgumentsObject(value) {
  return isObjectNotProxy(value) && attempt(argumentsTag, value) === true;
}

function isBigIntObject(value) {
  return passes(bigIntValueOf, value);
}

function isBooleanObject(value) {
  return passes(booleanValueOf, value);
}

function isNumberObject(value) {
  return passes(numberValueOf, value);
}

function isStringObject(value) {
  return passes(stringValueOf, value);
}

function isSymbolObject(value) {
  return passes(symbolValueOf, value);
}

// Error.isError (QuickJS-NG has it) reads the internal slot; without it (under node 20, where
// this layer is tested too) Object.prototype.toString does, when no Symbol.toStringTag hides it.
const errorIsError = typeof Error.isError === "function" ? Error.isError : undefined;
function isNativeError(value) {
  if (errorIsError !== undefined) return errorIsError(value);
  return isObjectNotProxy(value) && attempt(objectToString, value) === "[object Error]";
}

// The `global` getter answers undefined for RegExp.prototype itself, a boolean for a RegExp and
// throws for anything else.
function isRegExp(value) {
  return isObject(value) && typeof attempt(regExpGlobal, value) === "boolean";
}

// A generator function (async or not) has a `prototype` of its own, which cannot be deleted;
// bound functions, arrow functions and methods have none.
const isGeneratorOf = (fn, proto) => hasKind(fn, proto) && hasOwn(fn, "prototype");

function isAsyncFunction(value) {
  return hasKind(value, AsyncFunctionPrototype) || isGeneratorOf(value, AsyncGeneratorFunctionPrototype);
}

function isGeneratorFunction(value) {
  return isGeneratorOf(value, GeneratorFunctionPrototype) || isGeneratorOf(value, AsyncGeneratorFunctionPrototype);
}

// Generators and Map/Set iterators have only `next`, `return` and `throw` to tell them by, which
// would advance them: these go by the prototype chain, and so take an object made with
// Object.create(prototype) for one.
function isGeneratorObject(value) {
  if (!isObjectNotProxy(value)) return false;
  return isPrototypeOf(GeneratorPrototype, value) || isPrototypeOf(AsyncGeneratorPrototype, value);
}

function isPromise(value) {
  return native.promiseState(value) !== undefined;
}

function isMap(value) {
  return passes(mapSize, value);
}

function isSet(value) {
  return passes(setSize, value);
}

function isMapIterator(value) {
  return isObjectNotProxy(value) && isPrototypeOf(MapIteratorPrototype, value);
}

function isSetIterator(value) {
  return isObjectNotProxy(value) && isPrototypeOf(SetIteratorPrototype, value);
}

function isWeakMap(value) {
  return passes((map) => weakMapHas(map, {}), value);
}

function isWeakSet(value) {
  return passes((set) => weakSetHas(set, {}), value);
}

function isArrayBuffer(value) {
  return passes(arrayBufferByteLength, value);
}

function isDataView(value) {
  return passes(dataViewBuffer, value);
}

function isSharedArrayBuffer(value) {
  return sharedArrayBufferByteLength !== undefined && passes(sharedArrayBufferByteLength, value);
}

// Module namespace objects are non-extensible, null-prototype objects with a fixed 'Module' tag.
// No builtin tells them from an object a user has made so (internal/inspect tells them the same
// way).
function isModuleNamespaceObject(value) {
  if (!isObjectNotProxy(value) || Object.getPrototypeOf(value) !== null || Object.isExtensible(value)) return false;
  const tag = Object.getOwnPropertyDescriptor(value, Symbol.toStringTag);
  return tag !== undefined && tag.value === "Module" && !tag.writable && !tag.configurable;
}

function isAnyArrayBuffer(value) {
  return isArrayBuffer(value) || isSharedArrayBuffer(value);
}

function isBoxedPrimitive(value) {
  return (
    isNumberObject(value) ||
    isStringObject(value) ||
    isBooleanObject(value) ||
    isBigIntObject(value) ||
    isSymbolObject(value)
  );
}

// The %TypedArray%.prototype[Symbol.toStringTag] getter names the typed array class of its
// receiver and answers undefined for anything else.
function isTypedArray(value) {
  return typedArrayTag(value) !== undefined;
}

function isUint8Array(value) {
  return typedArrayTag(value) === "Uint8Array";
}

function isUint8ClampedArray(value) {
  return typedArrayTag(value) === "Uint8ClampedArray";
}

function isUint16Array(value) {
  return typedArrayTag(value) === "Uint16Array";
}

function isUint32Array(value) {
  return typedArrayTag(value) === "Uint32Array";
}

function isInt8Array(value) {
  return typedArrayTag(value) === "Int8Array";
}

function isInt16Array(value) {
  return typedArrayTag(value) === "Int16Array";
}

function isInt32Array(value) {
  return typedArrayTag(value) === "Int32Array";
}

function isFloat32Array(value) {
  return typedArrayTag(value) === "Float32Array";
}

function isFloat64Array(value) {
  return typedArrayTag(value) === "Float64Array";
}

function isBigInt64Array(value) {
  return typedArrayTag(value) === "BigInt64Array";
}

function isBigUint64Array(value) {
  return typedArrayTag(value) === "BigUint64Array";
}

// There are no KeyObjects or CryptoKeys here.
function isKeyObject() {
  return false;
}

function isCryptoKey() {
  return false;
}

module.exports = {
  isExternal,
  isDate,
  isArgumentsObject,
  isBigIntObject,
  isBooleanObject,
  isNumberObject,
  isStringObject,
  isSymbolObject,
  isNativeError,
  isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap,
  isSet,
  isMapIterator,
  isSetIterator,
  isWeakMap,
  isWeakSet,
  isArrayBuffer,
  isDataView,
  isSharedArrayBuffer,
  isProxy,
  isModuleNamespaceObject,
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isArrayBufferView: ArrayBuffer.isView,
  isTypedArray,
  isUint8Array,
  isUint8ClampedArray,
  isUint16Array,
  isUint32Array,
  isInt8Array,
  isInt16Array,
  isInt32Array,
  isFloat32Array,
  isFloat64Array,
  isBigInt64Array,
  isBigUint64Array,
  isKeyObject,
  isCryptoKey,
};
