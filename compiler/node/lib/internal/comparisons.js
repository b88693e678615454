// Deep equality as Node 20's assert.deepEqual / assert.deepStrictEqual and
// util.isDeepStrictEqual decide it.
//
// Loose mode compares primitives with `==` (NaN equal to NaN) and ignores prototypes and
// symbol keys. Strict mode compares primitives with Object.is (but 0 !== -0 only there),
// requires equal prototypes, and compares enumerable symbol keys too. In both modes objects
// must have the same Object.prototype.toString tag, the same own enumerable keys (in any order)
// with deep-equal values (read as `obj[key]`, so getters run), and, for builtins, equal
// internal contents: Date times, RegExp source/flags/lastIndex, typed array and ArrayBuffer
// bytes, boxed primitive values, Error name/message/cause/errors, Set members and Map entries
// (object members and keys are matched to deep-equal ones).
"use strict";

const { passes } = require("node:internal/brand");

const uncurry = (fn) => Function.prototype.call.bind(fn);
const getterOf = (proto, key) => uncurry(Object.getOwnPropertyDescriptor(proto, key).get);

const hasOwn = uncurry(Object.prototype.hasOwnProperty);
const isEnumerable = uncurry(Object.prototype.propertyIsEnumerable);
const objectToString = uncurry(Object.prototype.toString);
const dateGetTime = uncurry(Date.prototype.getTime);
const regExpSource = getterOf(RegExp.prototype, "source");
const mapSize = getterOf(Map.prototype, "size");
const setSize = getterOf(Set.prototype, "size");
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, "byteLength");
const sharedArrayBufferByteLength =
  typeof SharedArrayBuffer === "function" ? getterOf(SharedArrayBuffer.prototype, "byteLength") : undefined;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getterOf(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayLength = getterOf(TypedArrayPrototype, "length");
const numberValueOf = uncurry(Number.prototype.valueOf);
const stringValueOf = uncurry(String.prototype.valueOf);
const booleanValueOf = uncurry(Boolean.prototype.valueOf);
const bigIntValueOf = uncurry(BigInt.prototype.valueOf);
const symbolValueOf = uncurry(Symbol.prototype.valueOf);

// ---------------------------------------------------------------------------------------------
// Type checks: builtin methods and accessors throw on receivers without their internal slots.

const isDate = (value) => passes(dateGetTime, value);
// The `source` getter answers for RegExp.prototype too, which is no RegExp.
const isRegExp = (value) => value !== RegExp.prototype && passes(regExpSource, value);
const isMap = (value) => passes(mapSize, value);
const isSet = (value) => passes(setSize, value);
const isAnyArrayBuffer = (value) =>
  passes(arrayBufferByteLength, value) ||
  (sharedArrayBufferByteLength !== undefined && passes(sharedArrayBufferByteLength, value));
const isNativeError =
  typeof Error.isError === "function" ? Error.isError : (value) => objectToString(value) === "[object Error]";
const isError = (value) => isNativeError(value) || value instanceof Error;
const isNumberObject = (value) => passes(numberValueOf, value);
const isStringObject = (value) => passes(stringValueOf, value);
const isBooleanObject = (value) => passes(booleanValueOf, value);
const isBigIntObject = (value) => passes(bigIntValueOf, value);
const isSymbolObject = (value) => passes(symbolValueOf, value);
const isBoxedPrimitive = (value) =>
  isNumberObject(value) || isStringObject(value) || isBooleanObject(value) || isBigIntObject(value) ||
  isSymbolObject(value);
// Node recognises URL objects by their shape (a WHATWG URL has no `auth` or `path`).
const isURL = (value) =>
  Boolean(value.href && value.protocol && value.auth === undefined && value.path === undefined);

// The special objects an object must be one of to equal one of the same kind; a plain object
// never equals one of them.
const isSpecial = (value) =>
  Array.isArray(value) || ArrayBuffer.isView(value) || isSet(value) || isMap(value) || isDate(value) ||
  isRegExp(value) || isAnyArrayBuffer(value) || isBoxedPrimitive(value) || isError(value);

// ---------------------------------------------------------------------------------------------
// Comparisons of internal contents.

// Element by element with ===.
function sameElements(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Byte by byte, four at a time where both are aligned for it.
function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.byteLength >>> 2;
    const wordsA = new Uint32Array(a.buffer, a.byteOffset, words);
    const wordsB = new Uint32Array(b.buffer, b.byteOffset, words);
    for (; i < words; i++) if (wordsA[i] !== wordsB[i]) return false;
    i = words * 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const viewBytes = (view) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

// Float arrays compare bytewise in strict mode (so -0 differs from 0 and NaNs of one bit
// pattern are equal); in loose mode element by element with ===.
function equalViews(a, b, strict) {
  const tag = typedArrayTag(a);
  if (!strict && (tag === "Float16Array" || tag === "Float32Array" || tag === "Float64Array")) {
    return sameElements(a, b);
  }
  return sameBytes(viewBytes(a), viewBytes(b));
}

function equalBoxedPrimitives(a, b) {
  if (isNumberObject(a)) return isNumberObject(b) && Object.is(numberValueOf(a), numberValueOf(b));
  if (isStringObject(a)) return isStringObject(b) && stringValueOf(a) === stringValueOf(b);
  if (isBooleanObject(a)) return isBooleanObject(b) && booleanValueOf(a) === booleanValueOf(b);
  if (isBigIntObject(a)) return isBigIntObject(b) && bigIntValueOf(a) === bigIntValueOf(b);
  return isSymbolObject(b) && symbolValueOf(a) === symbolValueOf(b);
}

// An error's own enumerable name/message/cause/errors are compared with its other keys; when
// not enumerable (as usual) they are compared here, and must be non-enumerable on both.
function equalErrors(a, b, strict, memos) {
  for (const key of ["message", "name", "cause", "errors"]) {
    const enumerable = isEnumerable(a, key);
    if (enumerable !== isEnumerable(b, key)) return false;
    if (enumerable) continue;
    if (key === "message" || key === "name" ? a[key] !== b[key] : !innerDeepEqual(a[key], b[key], strict, memos)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The recursion.

// How keyCheck/objEquiv walk an object beyond its keys.
const kNoIterator = 0;
const kIsArray = 1;
const kIsSet = 2;
const kIsMap = 3;

const isArrayIndex = (key) => typeof key === "string" && key !== "4294967295" && String(Number(key) >>> 0) === key;

// Own enumerable keys other than array indices (string keys only, in loose mode), in order.
// The own keys of a typed array start with its `length` indices (and no other index can be
// added), so those are skipped unchecked.
function nonIndexKeys(value, strict) {
  const keys = Reflect.ownKeys(value);
  const result = [];
  for (let i = typedArrayTag(value) === undefined ? 0 : typedArrayLength(value); i < keys.length; i++) {
    const key = keys[i];
    if ((strict || typeof key === "string") && !isArrayIndex(key) && isEnumerable(value, key)) result.push(key);
  }
  return result;
}

function innerDeepEqual(val1, val2, strict, memos) {
  if (val1 === val2) return val1 !== 0 || Object.is(val1, val2) || !strict;

  if (strict) {
    if (typeof val1 === "number") return Number.isNaN(val1) && Number.isNaN(val2);
    if (
      typeof val1 !== "object" ||
      typeof val2 !== "object" ||
      val1 === null ||
      val2 === null ||
      Object.getPrototypeOf(val1) !== Object.getPrototypeOf(val2)
    ) {
      return false;
    }
  } else {
    if (val1 === null || typeof val1 !== "object") {
      if (val2 === null || typeof val2 !== "object") {
        // eslint-disable-next-line eqeqeq
        return val1 == val2 || (Number.isNaN(val1) && Number.isNaN(val2));
      }
      return false;
    }
    if (val2 === null || typeof val2 !== "object") return false;
  }

  const tag = objectToString(val1);
  if (tag !== objectToString(val2)) return false;

  if (Array.isArray(val1)) {
    if (!Array.isArray(val2) || val1.length !== val2.length) return false;
    const keys = nonIndexKeys(val1, strict);
    if (keys.length !== nonIndexKeys(val2, strict).length) return false;
    return keyCheck(val1, val2, strict, memos, kIsArray, keys);
  }
  if (tag === "[object Object]") return keyCheck(val1, val2, strict, memos, kNoIterator);

  if (isDate(val1)) {
    if (!isDate(val2) || dateGetTime(val1) !== dateGetTime(val2)) return false;
  } else if (isRegExp(val1)) {
    if (
      !isRegExp(val2) ||
      val1.source !== val2.source ||
      val1.flags !== val2.flags ||
      val1.lastIndex !== val2.lastIndex
    ) {
      return false;
    }
  } else if (ArrayBuffer.isView(val1)) {
    // DataViews have no typed array tag, and compare with each other.
    if (typedArrayTag(val1) !== typedArrayTag(val2) || !equalViews(val1, val2, strict)) return false;
    const keys = nonIndexKeys(val1, strict);
    if (keys.length !== nonIndexKeys(val2, strict).length) return false;
    return keyCheck(val1, val2, strict, memos, kNoIterator, keys);
  } else if (isSet(val1)) {
    if (!isSet(val2) || val1.size !== val2.size) return false;
    return keyCheck(val1, val2, strict, memos, kIsSet);
  } else if (isMap(val1)) {
    if (!isMap(val2) || val1.size !== val2.size) return false;
    return keyCheck(val1, val2, strict, memos, kIsMap);
  } else if (isAnyArrayBuffer(val1)) {
    if (!isAnyArrayBuffer(val2) || !sameBytes(new Uint8Array(val1), new Uint8Array(val2))) return false;
  } else if (isError(val1)) {
    // The stacks are not compared: they differ between otherwise identical errors.
    if (!isError(val2) || !equalErrors(val1, val2, strict, memos)) return false;
  } else if (isBoxedPrimitive(val1)) {
    if (!equalBoxedPrimitives(val1, val2)) return false;
  } else if (isSpecial(val2)) {
    return false;
  } else if (isURL(val1)) {
    if (!isURL(val2) || val1.href !== val2.href) return false;
  }
  return keyCheck(val1, val2, strict, memos, kNoIterator);
}

// Compares the own enumerable keys of two objects (`aKeys` when the caller has already
// collected and counted them), then their values and contents.
function keyCheck(val1, val2, strict, memos, iterationType, aKeys) {
  const keysGiven = aKeys !== undefined;
  if (!keysGiven) aKeys = Object.keys(val1);

  for (const key of aKeys) if (!isEnumerable(val2, key)) return false;

  if (!keysGiven) {
    if (aKeys.length !== Object.keys(val2).length) return false;
    if (strict) {
      // The enumerable symbol keys must be the same; they are compared with the others.
      const symbolsA = Object.getOwnPropertySymbols(val1);
      let count = 0;
      for (const key of symbolsA) {
        if (isEnumerable(val1, key)) {
          if (!isEnumerable(val2, key)) return false;
          aKeys.push(key);
          count++;
        } else if (isEnumerable(val2, key)) {
          return false;
        }
      }
      // As in Node, the enumerable symbols of `val2` are counted only when it has a different
      // number of symbols in all.
      const symbolsB = Object.getOwnPropertySymbols(val2);
      if (symbolsA.length !== symbolsB.length && symbolsB.filter((key) => isEnumerable(val2, key)).length !== count) {
        return false;
      }
    }
  }

  if (
    aKeys.length === 0 &&
    (iterationType === kNoIterator || (iterationType === kIsArray && val1.length === 0) || val1.size === 0)
  ) {
    return true;
  }

  // Cycles. Node tracks the pairs being compared: the outermost pair, then the pair below it,
  // and from the third level on a set of all the objects on the path. A pair whose two objects
  // are both already on the path is taken as equal.
  if (memos === undefined) {
    memos = { set: undefined, a: val1, b: val2, c: undefined, d: undefined, deep: false, deleteFailures: false };
    return objEquiv(val1, val2, strict, aKeys, memos, iterationType);
  }
  if (memos.set === undefined) {
    if (!memos.deep) {
      if (memos.a === val1 && memos.b === val2) return true;
      memos.c = val1;
      memos.d = val2;
      memos.deep = true;
      const result = objEquiv(val1, val2, strict, aKeys, memos, iterationType);
      memos.deep = false;
      return result;
    }
    memos.set = new Set([memos.a, memos.b, memos.c, memos.d]);
  }
  const { set } = memos;
  const size = set.size;
  set.add(val1);
  set.add(val2);
  if (set.size === size) return true;

  const result = objEquiv(val1, val2, strict, aKeys, memos, iterationType);
  // A failed pair stays in the set (the comparison fails anyway), except while candidates are
  // tried for a Set member or Map key.
  if (result || memos.deleteFailures) {
    set.delete(val1);
    set.delete(val2);
  }
  return result;
}

function objEquiv(a, b, strict, keys, memos, iterationType) {
  for (const key of keys) if (!innerDeepEqual(a[key], b[key], strict, memos)) return false;

  if (iterationType === kIsArray) {
    for (let i = 0; i < a.length; i++) {
      if (hasOwn(a, i)) {
        if (!hasOwn(b, i) || !innerDeepEqual(a[i], b[i], strict, memos)) return false;
      } else if (hasOwn(b, i)) {
        return false;
      } else {
        // A hole in both: compare the remaining keys. The first i keys of `a` are the indices
        // before the hole, which are equal already.
        const keysA = Object.keys(a);
        for (; i < keysA.length; i++) {
          const key = keysA[i];
          if (!hasOwn(b, key) || !innerDeepEqual(a[key], b[key], strict, memos)) return false;
        }
        return keysA.length === Object.keys(b).length;
      }
    }
    return true;
  }
  if (iterationType === kIsSet) return setEquiv(a, b, strict, memos);
  if (iterationType === kIsMap) return mapEquiv(a, b, strict, memos);
  return true;
}

// Runs `find` with failed comparisons leaving the cycle path (see keyCheck).
function tryingCandidates(memos, find) {
  const { deleteFailures } = memos;
  memos.deleteFailures = true;
  try {
    return find();
  } finally {
    memos.deleteFailures = deleteFailures;
  }
}

// Finds a member of `candidates` deep-equal to `value` and removes it.
function takeEqualMember(candidates, value, strict, memos) {
  return tryingCandidates(memos, () => {
    for (const candidate of candidates) {
      if (innerDeepEqual(candidate, value, strict, memos)) {
        candidates.delete(candidate);
        return true;
      }
    }
    return false;
  });
}

// Finds a key of `candidates` (keys of `map`) deep-equal to `key` whose value is deep-equal to
// `value`, and removes it.
function takeEqualEntry(candidates, map, key, value, strict, memos) {
  return tryingCandidates(memos, () => {
    for (const candidate of candidates) {
      if (innerDeepEqual(candidate, key, strict, memos) && innerDeepEqual(map.get(candidate), value, strict, memos)) {
        candidates.delete(candidate);
        return true;
      }
    }
    return false;
  });
}

// In loose mode a primitive missing from a Set/Map may still equal (==) another primitive:
// returns that one where there is just one (null for undefined, undefined for null), false
// where there is none (symbols, NaN, strings that are no number), true where there may be
// several (to be found by a full search).
function looseAlternative(prim) {
  switch (typeof prim) {
    case "undefined":
      return null;
    case "object": // null
      return undefined;
    case "symbol":
      return false;
    case "string":
      return !Number.isNaN(+prim);
    case "number":
      return !Number.isNaN(prim);
    default:
      return true;
  }
}

function setMightHaveLoosePrimitive(a, b, prim) {
  const alt = looseAlternative(prim);
  if (alt !== null && alt !== undefined) return alt;
  return b.has(alt) && !a.has(alt);
}

function mapMightHaveLoosePrimitive(a, b, prim, item, memos) {
  const alt = looseAlternative(prim);
  if (alt !== null && alt !== undefined) return alt;
  const itemB = b.get(alt);
  if ((itemB === undefined && !b.has(alt)) || !innerDeepEqual(item, itemB, false, memos)) return false;
  return !a.has(alt);
}

function setEquiv(a, b, strict, memos) {
  // The members of `a` not in `b`, to be matched with members of `b` not in `a`.
  let unmatched = null;
  for (const value of a) {
    if (b.has(value)) continue;
    if ((typeof value !== "object" || value === null) && (strict || !setMightHaveLoosePrimitive(a, b, value))) {
      return false;
    }
    if (unmatched === null) {
      if (b.size === 1) return innerDeepEqual(value, b.values().next().value, strict, memos);
      unmatched = new Set();
    }
    unmatched.add(value);
  }
  if (unmatched === null) return true;

  for (const value of b) {
    if (a.has(value)) continue;
    if ((typeof value === "object" && value !== null) || !strict) {
      if (!takeEqualMember(unmatched, value, strict, memos)) return false;
    }
  }
  return unmatched.size === 0;
}

function mapEquiv(a, b, strict, memos) {
  // The object keys of `a` (and in loose mode primitive keys without an equal entry in `b`),
  // to be matched with the entries of `b`.
  let unmatched = null;
  for (const { 0: key, 1: item1 } of a) {
    if (typeof key === "object" && key !== null) {
      if (unmatched === null) {
        if (b.size === 1) {
          const { 0: key2, 1: item2 } = b.entries().next().value;
          return innerDeepEqual(key, key2, strict, memos) && innerDeepEqual(item1, item2, strict, memos);
        }
        unmatched = new Set();
      }
      unmatched.add(key);
    } else {
      const item2 = b.get(key);
      if ((item2 === undefined && !b.has(key)) || !innerDeepEqual(item1, item2, strict, memos)) {
        if (strict || !mapMightHaveLoosePrimitive(a, b, key, item1, memos)) return false;
        if (unmatched === null) unmatched = new Set();
        unmatched.add(key);
      }
    }
  }
  if (unmatched === null) return true;

  for (const { 0: key, 1: item } of b) {
    if (typeof key === "object" && key !== null) {
      if (!takeEqualEntry(unmatched, a, key, item, strict, memos)) return false;
    } else if (
      !strict &&
      (!a.has(key) || !innerDeepEqual(a.get(key), item, strict, memos)) &&
      !takeEqualEntry(unmatched, a, key, item, strict, memos)
    ) {
      return false;
    }
  }
  return unmatched.size === 0;
}

function isDeepEqual(a, b) {
  return innerDeepEqual(a, b, false);
}

function isDeepStrictEqual(a, b) {
  return innerDeepEqual(a, b, true);
}

// isError and isRegExp serve assert too.
module.exports = { isDeepEqual, isDeepStrictEqual, isError, isRegExp };
