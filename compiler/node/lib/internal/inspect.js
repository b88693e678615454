// util.inspect, util.format and util.formatWithOptions, printing what Node 20 prints.
//
// Node's inspector leans on V8 internals (proxy and promise details, previews of collection
// entries, native type checks). Here the builtin types are recognised by brand checks: calling a
// builtin accessor or method that throws on any other receiver. What QuickJS cannot tell us is
// handled where it matters:
// - a live Proxy cannot be told from its target, so it is inspected like the target would be
//   (through its traps); a revoked one prints `<Revoked Proxy>`;
// - a promise's state comes from the guest (node:internal/native's promiseState);
// - the entries of WeakMaps, WeakSets and Map/Set iterators cannot be read without consuming
//   or being able to enumerate them, so they print as `<items unknown>`;
// - an error's `stack` holds only the frames, so the header line V8 would have put first is
//   rebuilt (see `getStackString`).
"use strict";

const { passes } = require("node:internal/brand");
const { validateObject, validateString } = require("node:internal/validators");
const { codes: nodeErrorCodes } = require("node:internal/errors");
const native = require("node:internal/native");

const customInspectSymbol = Symbol.for("nodejs.util.inspect.custom");

// These options, and only these, are copied from the user's options onto the context.
const inspectDefaultOptions = Object.seal({
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false, // Accepted for compatibility: proxies cannot be detected here.
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
});

// Property kinds for `formatProperty` and `reduceToSingleString`.
const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;

// Strings shorter than this are never split over lines.
const kMinLineLength = 16;

// The constructors V8 itself defines globally (but SharedArrayBuffer, which Node installs later)
// are what Node counts as builtins, for `%s` and for listing prototype properties.
const builtInObjects = new Set([
  "Object", "Function", "Array", "Number", "Infinity", "NaN", "Boolean", "String", "Symbol",
  "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError", "RangeError",
  "ReferenceError", "SyntaxError", "TypeError", "URIError", "JSON", "Math", "Intl",
  "ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array",
  "Int32Array", "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array",
  "BigInt64Array", "DataView", "Map", "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect",
  "FinalizationRegistry", "WeakRef", "Atomics", "WebAssembly",
]);

// ---------------------------------------------------------------------------------------------
// Builtin methods applied to the values inspected, captured so that user code replacing them
// cannot change the output.

const uncurry = (fn) => Function.prototype.call.bind(fn);
const getterOf = (proto, key) => uncurry(Object.getOwnPropertyDescriptor(proto, key).get);

const hasOwn = uncurry(Object.prototype.hasOwnProperty);
const propertyIsEnumerable = uncurry(Object.prototype.propertyIsEnumerable);
const isPrototypeOf = uncurry(Object.prototype.isPrototypeOf);
const ordinaryHasInstance = uncurry(Function.prototype[Symbol.hasInstance]);
const objectToString = uncurry(Object.prototype.toString);
const errorToString = uncurry(Error.prototype.toString);
const functionToString = uncurry(Function.prototype.toString);
const regExpToString = uncurry(RegExp.prototype.toString);
const dateGetTime = uncurry(Date.prototype.getTime);
const dateToISOString = uncurry(Date.prototype.toISOString);
const dateToString = uncurry(Date.prototype.toString);
const symbolToString = uncurry(Symbol.prototype.toString);
const mapSize = getterOf(Map.prototype, "size");
const mapEntries = uncurry(Map.prototype.entries);
const setSize = getterOf(Set.prototype, "size");
const setValues = uncurry(Set.prototype.values);
const weakMapHas = uncurry(WeakMap.prototype.has);
const weakSetHas = uncurry(WeakSet.prototype.has);
const regExpSource = getterOf(RegExp.prototype, "source");
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, "byteLength");
const sharedArrayBufferByteLength =
  typeof SharedArrayBuffer === "function" ? getterOf(SharedArrayBuffer.prototype, "byteLength") : undefined;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getterOf(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayLength = getterOf(TypedArrayPrototype, "length");

// [type, valueOf, Object.prototype.toString's name for it if it has one]
const boxedTypes = [
  ["Number", uncurry(Number.prototype.valueOf), "[object Number]"],
  ["String", uncurry(String.prototype.valueOf), "[object String]"],
  ["Boolean", uncurry(Boolean.prototype.valueOf), "[object Boolean]"],
  ["BigInt", uncurry(BigInt.prototype.valueOf)],
  ["Symbol", uncurry(Symbol.prototype.valueOf)],
];

const typedArrayConstructors = new Map();
for (const name of [
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
  "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
]) {
  if (typeof globalThis[name] === "function") typedArrayConstructors.set(name, globalThis[name]);
}

const AsyncFunctionPrototype = Object.getPrototypeOf(async function () {});
const GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype = Object.getPrototypeOf(async function* () {});
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());

// ---------------------------------------------------------------------------------------------
// Type checks.

// Object.prototype.toString names the classes of Date, RegExp, Error, Arguments, Number, String
// and Boolean objects from their internal slots, unless a Symbol.toStringTag is there to say
// something else (and for no other class: those have a tag on their prototype).
const builtinTag = (value) =>
  typeof value[Symbol.toStringTag] === "string" ? undefined : objectToString(value);

// Whether `value` has the internal slots of the class `tag` names: answered by the tag when
// there is no Symbol.toStringTag in the way, else by trying `check` on it.
function hasLegacyClass(value, tag, check) {
  const builtin = builtinTag(value);
  return builtin !== undefined ? builtin === tag : passes(check, value);
}

const isMap = (value) => passes(mapSize, value);
const isSet = (value) => passes(setSize, value);
const isDate = (value) => hasLegacyClass(value, "[object Date]", dateGetTime);
// `RegExp.prototype.source` answers for the prototype itself too.
const isRegExp = (value) =>
  hasLegacyClass(value, "[object RegExp]", (v) => v !== RegExp.prototype && regExpSource(v));
const isWeakMap = (value) => passes((v) => weakMapHas(v, {}), value);
const isWeakSet = (value) => passes((v) => weakSetHas(v, {}), value);
const isTypedArray = (value) => typedArrayTag(value) !== undefined;
const isDataView = (value) => ArrayBuffer.isView(value) && !isTypedArray(value);
const isArrayBuffer = (value) => passes(arrayBufferByteLength, value);
const isSharedArrayBuffer = (value) =>
  sharedArrayBufferByteLength !== undefined && passes(sharedArrayBufferByteLength, value);
// Array.isArray runs no proxy trap, and throws only for a revoked proxy.
function isRevokedProxy(value) {
  try {
    Array.isArray(value);
    return false;
  } catch {
    return true;
  }
}
const isMapIterator = (value) => isPrototypeOf(MapIteratorPrototype, value);
const isSetIterator = (value) => isPrototypeOf(SetIteratorPrototype, value);
const isPromise = (value) => isPrototypeOf(Promise.prototype, value);
const isGeneratorFunction = (fn) =>
  isPrototypeOf(GeneratorFunctionPrototype, fn) || isPrototypeOf(AsyncGeneratorFunctionPrototype, fn);
const isAsyncFunction = (fn) =>
  isPrototypeOf(AsyncFunctionPrototype, fn) || isPrototypeOf(AsyncGeneratorFunctionPrototype, fn);

const isNativeError =
  typeof Error.isError === "function" ? Error.isError : (value) => builtinTag(value) === "[object Error]";
const isError = (value) => isNativeError(value) || value instanceof Error;
const isArgumentsObject = (value) => builtinTag(value) === "[object Arguments]";

// Module namespace objects are the only non-extensible, null-prototype objects with a fixed
// 'Module' tag.
function isModuleNamespaceObject(value) {
  if (Object.getPrototypeOf(value) !== null || Object.isExtensible(value)) return false;
  const tag = Object.getOwnPropertyDescriptor(value, Symbol.toStringTag);
  return tag !== undefined && tag.value === "Module" && !tag.writable && !tag.configurable;
}

// [type name, primitive] of a Number/String/Boolean/BigInt/Symbol object, or undefined.
function boxedPrimitive(value) {
  for (const [type, valueOf, legacyTag] of boxedTypes) {
    const boxed = legacyTag !== undefined ? hasLegacyClass(value, legacyTag, valueOf) : passes(valueOf, value);
    if (boxed) return [type, valueOf(value)];
  }
  return undefined;
}

function isURL(value) {
  // By a computed name: a plain `URL` would make the bundler include node:url in every bundle
  // (inspect is in all of them); a bundle that has URL defines it lazily on the global object.
  const URLClass = globalThis["URL"];
  return typeof value.href === "string" && typeof URLClass === "function" && value instanceof URLClass;
}

// The class V8 names for an object whose prototype chain names no constructor: the builtin it
// was made by, else a Symbol.toStringTag data property on its chain, else Object.
function internalConstructorName(value) {
  if (Array.isArray(value)) return "Array";
  if (typeof value === "function") return "Function";
  if (isTypedArray(value)) return typedArrayTag(value);
  const builtin = [
    [isMap, "Map"], [isSet, "Set"], [isDate, "Date"], [isRegExp, "RegExp"], [isArrayBuffer, "ArrayBuffer"],
    [isSharedArrayBuffer, "SharedArrayBuffer"], [isDataView, "DataView"], [isWeakMap, "WeakMap"],
    [isWeakSet, "WeakSet"],
  ].find(([is]) => is(value));
  if (builtin !== undefined) return builtin[1];
  const boxed = boxedPrimitive(value);
  if (boxed !== undefined) return boxed[0];
  for (let obj = value; obj !== null; obj = Object.getPrototypeOf(obj)) {
    const desc = Object.getOwnPropertyDescriptor(obj, Symbol.toStringTag);
    if (desc !== undefined) return typeof desc.value === "string" ? desc.value : "Object";
  }
  return "Object";
}

// The error QuickJS throws when the stack is exhausted, learnt by exhausting it once.
let stackOverflowError;
function isStackOverflowError(err) {
  if (stackOverflowError === undefined) {
    const overflow = () => {
      overflow(); // Not a tail call, which an engine might optimise away.
    };
    try {
      overflow();
    } catch (e) {
      stackOverflowError = { name: e.name, message: e.message };
    }
  }
  return Boolean(err) && err.name === stackOverflowError.name && err.message === stackOverflowError.message;
}

// ---------------------------------------------------------------------------------------------
// Colors.

function inspectColors() {
  const defaultFG = 39;
  const defaultBG = 49;
  const colors = {
    __proto__: null,
    reset: [0, 0],
    bold: [1, 22],
    dim: [2, 22],
    italic: [3, 23],
    underline: [4, 24],
    blink: [5, 25],
    inverse: [7, 27],
    hidden: [8, 28],
    strikethrough: [9, 29],
    doubleunderline: [21, 24],
    black: [30, defaultFG],
    red: [31, defaultFG],
    green: [32, defaultFG],
    yellow: [33, defaultFG],
    blue: [34, defaultFG],
    magenta: [35, defaultFG],
    cyan: [36, defaultFG],
    white: [37, defaultFG],
    bgBlack: [40, defaultBG],
    bgRed: [41, defaultBG],
    bgGreen: [42, defaultBG],
    bgYellow: [43, defaultBG],
    bgBlue: [44, defaultBG],
    bgMagenta: [45, defaultBG],
    bgCyan: [46, defaultBG],
    bgWhite: [47, defaultBG],
    framed: [51, 54],
    overlined: [53, 55],
    gray: [90, defaultFG],
    redBright: [91, defaultFG],
    greenBright: [92, defaultFG],
    yellowBright: [93, defaultFG],
    blueBright: [94, defaultFG],
    magentaBright: [95, defaultFG],
    cyanBright: [96, defaultFG],
    whiteBright: [97, defaultFG],
    bgGray: [100, defaultBG],
    bgRedBright: [101, defaultBG],
    bgGreenBright: [102, defaultBG],
    bgYellowBright: [103, defaultBG],
    bgBlueBright: [104, defaultBG],
    bgMagentaBright: [105, defaultBG],
    bgCyanBright: [106, defaultBG],
    bgWhiteBright: [107, defaultBG],
  };
  // Non-enumerable aliases that read and write the color they stand for.
  const aliases = {
    grey: "gray",
    blackBright: "gray",
    bgGrey: "bgGray",
    bgBlackBright: "bgGray",
    faint: "dim",
    crossedout: "strikethrough",
    strikeThrough: "strikethrough",
    crossedOut: "strikethrough",
    conceal: "hidden",
    swapColors: "inverse",
    swapcolors: "inverse",
    doubleUnderline: "doubleunderline",
  };
  for (const [alias, target] of Object.entries(aliases)) {
    Object.defineProperty(colors, alias, {
      get() {
        return this[target];
      },
      set(value) {
        this[target] = value;
      },
      configurable: true,
      enumerable: false,
    });
  }
  return colors;
}

const inspectStyles = Object.assign(Object.create(null), {
  special: "cyan",
  number: "yellow",
  bigint: "yellow",
  boolean: "yellow",
  undefined: "grey",
  null: "bold",
  string: "green",
  symbol: "green",
  date: "magenta",
  regexp: "red",
  module: "underline",
});

function stylizeWithColor(str, styleType) {
  const style = inspect.styles[styleType];
  if (style !== undefined) {
    const color = inspect.colors[style];
    if (color !== undefined) return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
  }
  return str;
}

function stylizeNoColor(str) {
  return str;
}

const colorRegExp = /\u001b\[\d\d?m/g;
const removeColors = (str) => str.replace(colorRegExp, "");

// ---------------------------------------------------------------------------------------------
// The entry point.

// inspect(value, options), or the legacy inspect(value, showHidden, depth, colors).
function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    stylize: stylizeNoColor,
    ...inspectDefaultOptions,
  };
  if (arguments.length > 1) {
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    }
    if (typeof opts === "boolean") {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of Object.keys(opts)) {
        if (hasOwn(inspectDefaultOptions, key) || key === "stylize") {
          ctx[key] = opts[key];
        } else if (ctx.userOptions === undefined) {
          // Unknown options are passed on to custom inspect functions.
          ctx.userOptions = opts;
        }
      }
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}

inspect.custom = customInspectSymbol;
Object.defineProperty(inspect, "defaultOptions", {
  get() {
    return inspectDefaultOptions;
  },
  set(options) {
    validateObject(options, "options");
    Object.assign(inspectDefaultOptions, options);
  },
});
inspect.colors = inspectColors();
inspect.styles = inspectStyles;

// The options a custom inspect function receives. An object from outside this realm (one that
// is not `instanceof Object`) gets a null-prototype copy holding only primitive options.
function getUserOptions(ctx, isCrossContext) {
  const ret = {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  };
  if (isCrossContext) {
    Object.setPrototypeOf(ret, null);
    for (const key of Object.keys(ret)) {
      if ((typeof ret[key] === "object" || typeof ret[key] === "function") && ret[key] !== null) {
        delete ret[key];
      }
    }
    ret.stylize = Object.setPrototypeOf((value, flavour) => {
      let stylized;
      try {
        stylized = `${ctx.stylize(value, flavour)}`;
      } catch {
        // Fall back to the unstyled value.
      }
      return typeof stylized === "string" ? stylized : value;
    }, null);
  }
  return ret;
}

// ---------------------------------------------------------------------------------------------
// Values.

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== "object" && typeof value !== "function") {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) return ctx.stylize("null", "null");
  if (isRevokedProxy(value)) return ctx.stylize("<Revoked Proxy>", "special");

  if (ctx.customInspect) {
    const maybeCustom = value[customInspectSymbol];
    if (
      typeof maybeCustom === "function" &&
      maybeCustom !== inspect &&
      // Skip prototype objects: the method is meant for their instances.
      !(value.constructor && value.constructor.prototype === value)
    ) {
      // The function sees the depth left, not the depth reached.
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const options = getUserOptions(ctx, !(value instanceof Object));
      const ret = Reflect.apply(maybeCustom, value, [depth, options, inspect]);
      if (ret !== value) {
        if (typeof ret !== "string") return formatValue(ctx, ret, recurseTimes);
        return ret.replaceAll("\n", `\n${" ".repeat(ctx.indentationLvl)}`);
      }
    }
  }

  if (ctx.seen.includes(value)) {
    // Number the objects met again in the order they are first met again.
    if (ctx.circular === undefined) ctx.circular = new Map();
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return ctx.stylize(`[Circular *${index}]`, "special");
  }

  return formatRaw(ctx, value, recurseTimes, typedArray);
}

const wellKnownPrototypes = new Map([
  [Object.prototype, { name: "Object", constructor: Object }],
  [Function.prototype, { name: "Function", constructor: Function }],
]);

// The name shown before an object: the first constructor on its prototype chain that the
// object is an instance of, or null for a null-prototype chain. With `protoProps`, the
// properties of the user-defined prototypes passed on the way are collected into it.
function getConstructorName(obj, ctx, recurseTimes, protoProps) {
  let firstProto;
  const tmp = obj;
  while (obj) {
    // Object.prototype and Function.prototype name their builtin even if `constructor` was
    // tampered with.
    const wellKnown = wellKnownPrototypes.get(obj);
    if (wellKnown !== undefined && ordinaryHasInstance(wellKnown.constructor, tmp)) {
      if (protoProps !== undefined && firstProto !== obj) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return wellKnown.name;
    }
    const descriptor = Object.getOwnPropertyDescriptor(obj, "constructor");
    if (
      descriptor !== undefined &&
      typeof descriptor.value === "function" &&
      descriptor.value.name !== "" &&
      isInstanceof(tmp, descriptor.value)
    ) {
      if (protoProps !== undefined && (firstProto !== obj || !builtInObjects.has(descriptor.value.name))) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return String(descriptor.value.name);
    }
    obj = Object.getPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }

  if (firstProto === null) return null;

  // The chain names no constructor: describe the prototype instead, `Object <Foo>`.
  const res = internalConstructorName(tmp);
  if (recurseTimes > ctx.depth && ctx.depth !== null) return `${res} <Complex prototype>`;
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
  if (protoConstr === null) {
    return `${res} <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 })}>`;
  }
  return `${res} <${protoConstr}>`;
}

function isInstanceof(object, proto) {
  try {
    return object instanceof proto;
  } catch {
    return false;
  }
}

// Adds the non-method properties of up to three user-defined prototypes of `main` to `output`
// (showHidden only), stopping at the first builtin prototype.
function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
  let depth = 0;
  let keys;
  let keySet;
  do {
    if (depth !== 0 || main === obj) {
      obj = Object.getPrototypeOf(obj);
      if (obj === null) return;
      const descriptor = Object.getOwnPropertyDescriptor(obj, "constructor");
      if (
        descriptor !== undefined &&
        typeof descriptor.value === "function" &&
        builtInObjects.has(descriptor.value.name)
      ) {
        return;
      }
    }
    if (depth === 0) {
      keySet = new Set();
    } else {
      for (const key of keys) keySet.add(key);
    }
    keys = Reflect.ownKeys(obj);
    ctx.seen.push(main);
    for (const key of keys) {
      // Skip `constructor` and keys shadowed by the object or by a prototype closer to it.
      if (key === "constructor" || hasOwn(main, key) || (depth !== 0 && keySet.has(key))) continue;
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (typeof desc.value === "function") continue;
      const value = formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main);
      output.push(ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
    }
    ctx.seen.pop();
  } while (++depth !== 3);
}

// `Foo [tag] `, `Map(2) `, or `[Map(2): null prototype] ` for a null-prototype object, whose
// kind is then given by `fallback`.
function getPrefix(constructor, tag, fallback, size = "") {
  if (constructor === null) {
    if (tag !== "" && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== "" && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

// The own keys to list: enumerable string keys and symbols, or all with showHidden.
function getKeys(value, showHidden) {
  const symbols = Object.getOwnPropertySymbols(value);
  let keys;
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    keys.push(...symbols);
    return keys;
  }
  try {
    keys = Object.keys(value);
  } catch (err) {
    // A namespace object with an uninitialized binding throws on enumeration.
    if (!isModuleNamespaceObject(value)) throw err;
    keys = Object.getOwnPropertyNames(value);
  }
  for (const symbol of symbols) {
    if (propertyIsEnumerable(value, symbol)) keys.push(symbol);
  }
  return keys;
}

// The own keys of an array or typed array other than its indices. Reflect.ownKeys lists the
// indices first, so the others are found by bisection rather than by testing every index key.
function getNonIndexKeys(value, showHidden) {
  const keys = Reflect.ownKeys(value);
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (typeof keys[mid] === "string" && isArrayIndex(keys[mid])) low = mid + 1;
    else high = mid;
  }
  const named = keys.slice(low);
  return showHidden ? named : named.filter((key) => propertyIsEnumerable(value, key));
}

const isArrayIndex = (key) => key !== "4294967295" && String(Number(key) >>> 0) === key;

function getCtxStyle(value, constructor, tag) {
  let fallback = "";
  if (constructor === null) {
    fallback = internalConstructorName(value);
    if (fallback === tag) fallback = "Object";
  }
  return getPrefix(constructor, tag, fallback);
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys;
  let protoProps;
  if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) protoProps = [];

  const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;

  // Show the tag only when it is inherited (or a non-enumerable own one, without showHidden):
  // an own tag is listed with the properties anyway.
  let tag = value[Symbol.toStringTag];
  if (
    typeof tag !== "string" ||
    (tag !== "" && (ctx.showHidden ? hasOwn : propertyIsEnumerable)(value, Symbol.toStringTag))
  ) {
    tag = "";
  }

  let base = "";
  let formatter = () => [];
  let braces;
  let noIterator = true;
  let extrasType = kObjectType;

  // Iterable builtins first; a null prototype hides Symbol.iterator, so check those too.
  if (Symbol.iterator in value || constructor === null) {
    noIterator = false;
    if (Array.isArray(value)) {
      // Only plain arrays go without a prefix.
      const prefix =
        constructor !== "Array" || tag !== "" ? getPrefix(constructor, tag, "Array", `(${value.length})`) : "";
      keys = getNonIndexKeys(value, ctx.showHidden);
      braces = [`${prefix}[`, "]"];
      if (value.length === 0 && keys.length === 0 && protoProps === undefined) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (isSet(value)) {
      const size = setSize(value);
      const prefix = getPrefix(constructor, tag, "Set", `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      const entries = constructor !== null ? value : setValues(value);
      formatter = (ctx, _, recurseTimes) => formatSet(entries, ctx, recurseTimes);
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
      braces = [`${prefix}{`, "}"];
    } else if (isMap(value)) {
      const size = mapSize(value);
      const prefix = getPrefix(constructor, tag, "Map", `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      const entries = constructor !== null ? value : mapEntries(value);
      formatter = (ctx, _, recurseTimes) => formatMap(entries, ctx, recurseTimes);
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
      braces = [`${prefix}{`, "}"];
    } else if (isTypedArray(value)) {
      keys = getNonIndexKeys(value, ctx.showHidden);
      let bound = value;
      let fallback = "";
      if (constructor === null) {
        // Without a prototype the array's accessors are gone: read a copy.
        fallback = typedArrayTag(value);
        bound = new (typedArrayConstructors.get(fallback))(value);
      }
      const size = typedArrayLength(value);
      const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, "]"];
      if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (ctx, _, recurseTimes) => formatTypedArray(bound, size, ctx, recurseTimes);
      extrasType = kArrayExtrasType;
    } else if (isMapIterator(value) || isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces(isMapIterator(value) ? "Map" : "Set", tag);
      formatter = formatWeakCollection;
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ["{", "}"];
    if (typeof value === "function") {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, "special");
    } else if (constructor === "Object") {
      if (isArgumentsObject(value)) {
        braces[0] = "[Arguments] {";
      } else if (tag !== "") {
        braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
      }
      if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`;
    } else if (isRegExp(value)) {
      base = regExpToString(constructor !== null ? value : new RegExp(value));
      const prefix = getPrefix(constructor, tag, "RegExp");
      if (prefix !== "RegExp ") base = `${prefix}${base}`;
      if ((keys.length === 0 && protoProps === undefined) || (recurseTimes > ctx.depth && ctx.depth !== null)) {
        return ctx.stylize(base, "regexp");
      }
    } else if (isDate(value)) {
      base = Number.isNaN(dateGetTime(value)) ? dateToString(value) : dateToISOString(value);
      const prefix = getPrefix(constructor, tag, "Date");
      if (prefix !== "Date ") base = `${prefix}${base}`;
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, "date");
    } else if (isError(value)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (isArrayBuffer(value) || isSharedArrayBuffer(value)) {
      const prefix = getPrefix(constructor, tag, isArrayBuffer(value) ? "ArrayBuffer" : "SharedArrayBuffer");
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0 && protoProps === undefined) {
        // The `buffer` of a typed array shown with showHidden.
        return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift("byteLength");
    } else if (isDataView(value)) {
      braces[0] = `${getPrefix(constructor, tag, "DataView")}{`;
      keys.unshift("byteLength", "byteOffset", "buffer");
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(constructor, tag, "Promise")}{`;
      formatter = formatPromise;
    } else if (isWeakSet(value)) {
      braces[0] = `${getPrefix(constructor, tag, "WeakSet")}{`;
      formatter = formatWeakCollection;
    } else if (isWeakMap(value)) {
      braces[0] = `${getPrefix(constructor, tag, "WeakMap")}{`;
      formatter = formatWeakCollection;
    } else if (isModuleNamespaceObject(value)) {
      braces[0] = `${getPrefix(constructor, tag, "Module")}{`;
      formatter = (ctx, value, recurseTimes) => formatNamespaceObject(keys, ctx, value, recurseTimes);
    } else if (boxedPrimitive(value) !== undefined) {
      base = getBoxedBase(value, ctx, keys, constructor, tag);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (isURL(value) && !(recurseTimes > ctx.depth && ctx.depth !== null)) {
      base = value.href;
      if (keys.length === 0 && protoProps === undefined) return base;
    } else {
      if (keys.length === 0 && protoProps === undefined) return `${getCtxStyle(value, constructor, tag)}{}`;
      braces[0] = `${getCtxStyle(value, constructor, tag)}{`;
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    if (constructor !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, "special");
  }
  recurseTimes += 1;

  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  const indentationLvl = ctx.indentationLvl;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key, extrasType));
    if (protoProps !== undefined) output.push(...protoProps);
  } catch (err) {
    if (!isStackOverflowError(err)) throw err;
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    const constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    return ctx.stylize(
      `[${constructorName}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`,
      "special",
    );
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, "special");
      if (ctx.compact !== true) {
        base = base === "" ? reference : `${reference} ${base}`;
      } else {
        braces[0] = `${reference} ${braces[0]}`;
      }
    }
  }
  ctx.seen.pop();

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      output.sort(comparator);
    } else if (keys.length > 1) {
      // Keep the entries of an array in order; sort its extra properties only.
      const sorted = output.slice(output.length - keys.length).sort(comparator);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }

  const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  // Once the output at one indentation passes 2 ** 27 characters, inspect no deeper: this
  // bounds the time and memory spent on huge objects.
  const newLength = (ctx.budget[ctx.indentationLvl] || 0) + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}

function getIteratorBraces(type, tag) {
  if (tag !== `${type} Iterator`) {
    if (tag !== "") tag += "] [";
    tag += `${type} Iterator`;
  }
  return [`[${tag}] {`, "}"];
}

// `[Number: 3]`, `[String: 'abc']`, ... for a boxed primitive. The index keys of a String
// object are dropped from `keys`.
function getBoxedBase(value, ctx, keys, constructor, tag) {
  const [type, primitive] = boxedPrimitive(value);
  if (type === "String") keys.splice(0, value.length);
  let base = `[${type}`;
  if (type !== constructor) base += constructor === null ? " (null prototype)" : ` (${constructor})`;
  base += `: ${formatPrimitive(stylizeNoColor, primitive, ctx)}]`;
  if (tag !== "" && tag !== constructor) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, type.toLowerCase());
}

function getClassBase(value, constructor, tag) {
  const name = (hasOwn(value, "name") && value.name) || "(anonymous)";
  let base = `class ${name}`;
  if (constructor !== "Function" && constructor !== null) base += ` [${constructor}]`;
  if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    const superName = Object.getPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += " extends [null prototype]";
  }
  return `[${base}]`;
}

const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;
const classRegExp = /^(\s+[^(]*?)\s*{/;

// A class's source starts with `class`; a method such as `classify() {}` must not count, so
// look for the `{` of the class body before any parameter list.
function isClassSource(source) {
  if (!source.startsWith("class") || source[source.length - 1] !== "}") return false;
  const slice = source.slice(5, -1);
  const bracketIndex = slice.indexOf("{");
  return (
    bracketIndex !== -1 &&
    (!slice.slice(0, bracketIndex).includes("(") ||
      classRegExp.exec(slice.replace(stripCommentsRegExp, "")) !== null)
  );
}

function getFunctionBase(value, constructor, tag) {
  if (isClassSource(functionToString(value))) return getClassBase(value, constructor, tag);
  let type = "Function";
  if (isGeneratorFunction(value)) type = `Generator${type}`;
  if (isAsyncFunction(value)) type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += " (null prototype)";
  base += value.name === "" ? " (anonymous)" : `: ${value.name}`;
  base += "]";
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== "" && constructor !== tag) base += ` [${tag}]`;
  return base;
}

// ---------------------------------------------------------------------------------------------
// Primitives.

// Characters escaped in quoted strings, symbol keys and hidden keys: controls, the single quote,
// the backslash, C1 controls and lone surrogates. Without the quote when another one is used.
const escapeAllRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapeNoQuoteRegExp = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const namedEscapes = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 39: "\\'", 92: "\\\\" };

function escapeChar(char) {
  const code = char.charCodeAt(0);
  if (namedEscapes[code] !== undefined) return namedEscapes[code];
  if (code <= 0x9f) return `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`;
  return `\\u${code.toString(16)}`;
}

const escapeAll = (str) => str.replace(escapeAllRegExp, escapeChar);

// Quotes a string as Node does: single quotes, or double quotes if it contains single ones,
// or backticks if it contains both (and no `${`), else single quotes with escaping.
function strEscape(str) {
  if (str.includes("'")) {
    let quote;
    if (!str.includes('"')) quote = '"';
    else if (!str.includes("`") && !str.includes("${")) quote = "`";
    if (quote !== undefined) return `${quote}${str.replace(escapeNoQuoteRegExp, escapeChar)}${quote}`;
  }
  return `'${escapeAll(str)}'`;
}

// 1234567 → 1_234_567 (the integer part of a number).
function addNumericSeparator(integerString) {
  let result = "";
  let i = integerString.length;
  const start = integerString[0] === "-" ? 1 : 0;
  for (; i >= start + 4; i -= 3) result = `_${integerString.slice(i - 3, i)}${result}`;
  return i === integerString.length ? integerString : `${integerString.slice(0, i)}${result}`;
}

// 1234567 → 123_456_7 (the fractional part of a number).
function addNumericSeparatorEnd(integerString) {
  let result = "";
  let i = 0;
  for (; i < integerString.length - 3; i += 3) result += `${integerString.slice(i, i + 3)}_`;
  return i === 0 ? integerString : `${result}${integerString.slice(i)}`;
}

function formatNumber(fn, number, numericSeparator) {
  if (!numericSeparator) {
    if (Object.is(number, -0)) return fn("-0", "number");
    return fn(`${number}`, "number");
  }
  const numberString = String(number);
  if (Math.trunc(number) === number) {
    if (!Number.isFinite(number) || numberString.includes("e")) return fn(numberString, "number");
    return fn(addNumericSeparator(numberString), "number");
  }
  if (Number.isNaN(number)) return fn(numberString, "number");
  const decimalIndex = numberString.indexOf(".");
  const integerPart = numberString.slice(0, decimalIndex);
  const fractionalPart = numberString.slice(decimalIndex + 1);
  return fn(`${addNumericSeparator(integerPart)}.${addNumericSeparatorEnd(fractionalPart)}`, "number");
}

function formatBigInt(fn, bigint, numericSeparator) {
  const string = String(bigint);
  return fn(`${numericSeparator ? addNumericSeparator(string) : string}n`, "bigint");
}

const afterNewlineRegExp = /(?<=\n)/;

function formatPrimitive(fn, value, ctx) {
  if (typeof value === "string") {
    let trailer = "";
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength;
      value = value.slice(0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? "s" : ""}`;
    }
    // A long string is cut after each of its newlines into quoted pieces joined by `+`.
    if (
      ctx.compact !== true &&
      value.length > kMinLineLength &&
      value.length > ctx.breakLength - ctx.indentationLvl - 4
    ) {
      return (
        value
          .split(afterNewlineRegExp)
          .map((line) => fn(strEscape(line), "string"))
          .join(` +\n${" ".repeat(ctx.indentationLvl + 2)}`) + trailer
      );
    }
    return fn(strEscape(value), "string") + trailer;
  }
  if (typeof value === "number") return formatNumber(fn, value, ctx.numericSeparator);
  if (typeof value === "bigint") return formatBigInt(fn, value, ctx.numericSeparator);
  if (typeof value === "boolean") return fn(`${value}`, "boolean");
  if (typeof value === "undefined") return fn("undefined", "undefined");
  return fn(symbolToString(value), "symbol");
}

// ---------------------------------------------------------------------------------------------
// Collections.

const remainingText = (remaining) => `... ${remaining} more item${remaining > 1 ? "s" : ""}`;

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length;
  const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!hasOwn(value, i)) return formatSparseArray(ctx, value, recurseTimes, len, output, i);
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (remaining > 0) output.push(remainingText(remaining));
  return output;
}

// Goes on with `formatArray` from the first hole at index `i`, writing runs of holes as
// `<n empty items>`.
function formatSparseArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = Object.keys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    // Past the largest index: the remaining keys are not elements.
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) break;
      const emptyItems = tmp - index;
      output.push(ctx.stylize(`<${emptyItems} empty item${emptyItems > 1 ? "s" : ""}>`, "undefined"));
      index = tmp;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      output.push(ctx.stylize(`<${remaining} empty item${remaining > 1 ? "s" : ""}>`, "undefined"));
    }
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

function formatTypedArray(value, length, ctx, recurseTimes) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const remaining = value.length - maxLength;
  const output = new Array(maxLength);
  const elementFormatter = value.length > 0 && typeof value[0] === "number" ? formatNumber : formatBigInt;
  for (let i = 0; i < maxLength; ++i) output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  if (ctx.showHidden) {
    // Accessors on the prototype, shown as hidden properties; the buffer last.
    ctx.indentationLvl += 2;
    for (const key of ["BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"]) {
      output.push(`[${key}]: ${formatValue(ctx, value[key], recurseTimes, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return [ctx.stylize("(detached)", "special")];
  }
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  const hex = [];
  for (let i = 0; i < shown; i++) hex.push(bytes[i].toString(16).padStart(2, "0"));
  let str = hex.join(" ");
  const remaining = bytes.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
  return [`${ctx.stylize("[Uint8Contents]", "special")}: <${str}>`];
}

// `entries` is the set, or an iterator over a null-prototype set; an iterator has no `size`,
// so then all entries are listed.
function formatSet(entries, ctx, recurseTimes) {
  const size = entries.size;
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const v of entries) {
    if (output.length >= maxLength) break;
    output.push(formatValue(ctx, v, recurseTimes));
  }
  if (size > maxLength) output.push(remainingText(size - maxLength));
  ctx.indentationLvl -= 2;
  return output;
}

// `entries` as for `formatSet`.
function formatMap(entries, ctx, recurseTimes) {
  const size = entries.size;
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const { 0: k, 1: v } of entries) {
    if (output.length >= maxLength) break;
    output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
  }
  if (size > maxLength) output.push(remainingText(size - maxLength));
  ctx.indentationLvl -= 2;
  return output;
}

// WeakMaps, WeakSets and Map/Set iterators: their entries cannot be read without side effects.
function formatWeakCollection(ctx) {
  return [ctx.stylize("<items unknown>", "special")];
}

function formatPromise(ctx, value, recurseTimes) {
  // [state, value]: state 0 pending, 1 fulfilled, 2 rejected; undefined if not a promise.
  const details = native.promiseState(value);
  if (details === undefined || details[0] === 0) {
    return [ctx.stylize("<pending>", "special")];
  }
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, details[1], recurseTimes);
  ctx.indentationLvl -= 2;
  return [details[0] === 2 ? `${ctx.stylize("<rejected>", "special")} ${str}` : str];
}

// A binding not yet initialized (in a cycle of imports) prints as `<uninitialized>`.
function formatNamespaceObject(keys, ctx, value, recurseTimes) {
  const output = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    try {
      output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
    } catch (err) {
      if (!(err instanceof ReferenceError)) throw err;
      // Format a stand-in property, for the key and layout, and replace its value.
      const tmp = { [keys[i]]: "" };
      output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
      const pos = output[i].lastIndexOf(" ");
      output[i] = output[i].slice(0, pos + 1) + ctx.stylize("<uninitialized>", "special");
    }
  }
  // The properties are all listed: keep `formatRaw` from listing them again.
  keys.length = 0;
  return output;
}

// ---------------------------------------------------------------------------------------------
// Errors.

const framesOnlyRegExp = /^[ \t]+at /;

// What Node prints for an error: its stack, or `Error.prototype.toString` when it has none.
// QuickJS's `stack` is only the frames ("    at f (file:1:2)\n"); V8's starts with a header
// line, so that is rebuilt before the frames.
function getStackString(err) {
  const stack = err.stack;
  if (!stack) return errorToString(err);
  const text = String(stack);
  if (!framesOnlyRegExp.test(text)) return text;
  return `${stackHeader(err)}\n${text.endsWith("\n") ? text.slice(0, -1) : text}`;
}

// The header V8 puts before the frames when `stack` is first read: Error.prototype.toString of
// the error, or `Name [CODE]: message` for Node's own errors (internal/errors).
function stackHeader(err) {
  const NodeError = typeof err.code === "string" ? nodeErrorCodes[err.code] : undefined;
  if (NodeError !== undefined && err instanceof NodeError) return `${err.name} [${err.code}]: ${err.message}`;
  return errorToString(err);
}

// Hides `name` and `message` when the stack shows them already, and `stack`, which is what
// is printed. (Node's rule, "when the stack contains it", always holds for `stack`; QuickJS
// makes an assigned `stack` an enumerable property, V8 does not.)
function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (ctx.showHidden || keys.length === 0) return;
  for (const name of ["name", "message", "stack"]) {
    const index = keys.indexOf(name);
    if (index !== -1 && (name === "stack" || stack.includes(err[name]))) keys.splice(index, 1);
  }
}

// Makes the stack's first line name the error as inspect names objects: `Foo [TypeError]: x`
// for a `TypeError` of class Foo, `[TypeError: null prototype]: x`, ... but only for stacks
// that look like ordinary ones.
function improveStack(stack, constructor, name, tag) {
  let len = name.length;
  if (
    constructor === null ||
    (name.endsWith("Error") &&
      stack.startsWith(name) &&
      (stack.length === len || stack[len] === ":" || stack[len] === "\n"))
  ) {
    let fallback = "Error";
    if (constructor === null) {
      const start =
        /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || "";
      len = fallback.length;
      fallback = fallback || "Error";
    }
    const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

// The first run of more than three frames of `a` found in `b` too: { len, offset in a }.
function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = Math.min(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
}

// The frame lines, with those repeated from the cause's stack folded into one line.
function getStackFrames(ctx, err, stack) {
  const frames = stack.split("\n");
  let cause;
  try {
    ({ cause } = err);
  } catch {
    // A throwing `cause` getter is ignored.
  }
  if (cause != null && isError(cause)) {
    const causeStack = getStackString(cause);
    const causeStackStart = causeStack.indexOf("\n    at");
    if (causeStackStart !== -1) {
      const causeFrames = causeStack.slice(causeStackStart + 1).split("\n");
      const { len, offset } = identicalSequenceRange(frames, causeFrames);
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        frames.splice(offset + 1, skipped, ctx.stylize(msg, "undefined"));
      }
    }
  }
  return frames;
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? String(err.name) : "Error";
  let stack = getStackString(err);

  removeDuplicateErrorKeys(ctx, keys, err, stack);
  if ("cause" in err && !keys.includes("cause")) keys.push("cause");
  // The errors of an AggregateError.
  if (Array.isArray(err.errors) && !keys.includes("errors")) keys.push("errors");

  stack = improveStack(stack, constructor, name, tag);

  // Frames start after the message, which may itself contain "\n    at".
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = stack.indexOf("\n    at", pos);
  if (stackStart === -1) {
    // No frames: bracket it, `[Error: message]`.
    stack = `[${stack}]`;
  } else {
    const lines = getStackFrames(ctx, err, stack.slice(stackStart + 1));
    stack = `${stack.slice(0, stackStart)}\n${lines.join("\n")}`;
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll("\n", `\n${" ".repeat(ctx.indentationLvl)}`);
  return stack;
}

// ---------------------------------------------------------------------------------------------
// Properties and layout.

function formatProperty(ctx, value, recurseTimes, key, type, desc, original = value) {
  let name;
  let str;
  let extra = " ";
  desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    // compact: true aligns values one further than the key's colon.
    const diff = ctx.compact !== true || type !== kObjectType ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
      extra = `\n${" ".repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? "Getter/Setter" : "Getter";
    const s = ctx.stylize;
    const sp = "special";
    if (
      ctx.getters &&
      (ctx.getters === true ||
        (ctx.getters === "get" && desc.set === undefined) ||
        (ctx.getters === "set" && desc.set !== undefined))
    ) {
      try {
        const tmp = Reflect.apply(desc.get, original, []);
        ctx.indentationLvl += 2;
        if (tmp === null) {
          str = `${s(`[${label}:`, sp)} ${s("null", "null")}${s("]", sp)}`;
        } else if (typeof tmp === "object") {
          str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        } else {
          str = `${s(`[${label}:`, sp)} ${formatPrimitive(s, tmp, ctx)}${s("]", sp)}`;
        }
        ctx.indentationLvl -= 2;
      } catch (err) {
        str = `${s(`[${label}:`, sp)} <Inspection threw (${err.message})>${s("]", sp)}`;
      }
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize("[Setter]", "special");
  } else {
    str = ctx.stylize("undefined", "undefined");
  }
  if (type === kArrayType) return str;

  if (typeof key === "symbol") {
    name = `[${ctx.stylize(escapeAll(symbolToString(key)), "symbol")}]`;
  } else if (key === "__proto__") {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${escapeAll(key)}]`;
  } else if (/^[a-zA-Z_][a-zA-Z_0-9]*$/.test(key)) {
    name = ctx.stylize(key, "name");
  } else {
    name = ctx.stylize(strEscape(key), "string");
  }
  return `${name}:${extra}${str}`;
}

// Lays a long array's entries out in aligned columns: numbers right-aligned, others left.
// Arrays whose entries differ too much in length are left alone.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  // Leave the "... n more items" entry out of the columns.
  if (ctx.maxArrayLength < output.length) outputLength--;
  const separatorSpace = 2; // ", "
  const dataLen = new Array(outputLength);
  for (let i = 0; i < outputLength; i++) {
    const len = getStringWidth(output[i], ctx.colors);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  // At least three columns must fit, and no entry may be longer than a fifth of all others
  // together (unless all are short).
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    // Aim at a square, counting a character as 2.5 times as high as wide, with more columns
    // for short entries.
    const approxCharHeights = 2.5;
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineMaxLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
      }
      maxLineLength.push(lineMaxLength + separatorSpace);
    }
    let padStart = true;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== "number" && typeof value[i] !== "bigint") {
          padStart = false;
          break;
        }
      }
    }
    const pad = (str, width) => (padStart ? str.padStart(width, " ") : str.padEnd(width, " "));
    const tmp = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let str = "";
      let j = i;
      for (; j < max - 1; j++) {
        // Widths are display widths; pad by the string's length plus the difference.
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
        str += pad(`${output[j]}, `, padding);
      }
      if (padStart) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
        str += output[j].padStart(padding, " ");
      } else {
        str += output[j];
      }
      tmp.push(str);
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

// Whether the entries fit on one line of `breakLength` after `start` characters.
function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += ctx.colors ? removeColors(output[i]).length : output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  // A base spanning lines (an error's stack) is never followed by entries on its last line.
  return base === "" || !base.includes("\n");
}

// Joins the formatted entries of an object, on one line when they fit, else one per line.
function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === "number" && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
      // Only the innermost `compact` levels of an object (counted from its deepest part) go on
      // one line, and only if the entries were not grouped into columns.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = output.join(", ");
          if (!joinedOutput.includes("\n")) {
            return `${base ? `${base} ` : ""}${braces[0]} ${joinedOutput} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${" ".repeat(ctx.indentationLvl)}`;
    const lines = output.join(`,${indentation}  `);
    return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ${lines}${indentation}${braces[1]}`;
  }
  // compact: true keeps entries on the brace's line.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ""} ${output.join(", ")} ${braces[1]}`;
  }
  const indentation = " ".repeat(ctx.indentationLvl);
  // A long opening brace (`Set {`) would misalign the entries: start them on the next line.
  const ln = base === "" && braces[0].length === 1 ? " " : `${base ? ` ${base}` : ""}\n${indentation}  `;
  return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

// ---------------------------------------------------------------------------------------------
// format.

// Whether `String(value)` would use a builtin's toString / Symbol.toPrimitive: then `%s`
// inspects the object instead.
function hasBuiltInToString(value) {
  const checkToString = typeof value.toString === "function";
  const checkToPrimitive = typeof value[Symbol.toPrimitive] === "function";
  if (!checkToString && !checkToPrimitive) return true;
  if ((checkToString && hasOwn(value, "toString")) || (checkToPrimitive && hasOwn(value, Symbol.toPrimitive))) {
    return false;
  }
  let pointer = value;
  do {
    pointer = Object.getPrototypeOf(pointer);
  } while (
    !(checkToString && hasOwn(pointer, "toString")) &&
    !(checkToPrimitive && hasOwn(pointer, Symbol.toPrimitive))
  );
  const descriptor = Object.getOwnPropertyDescriptor(pointer, "constructor");
  return (
    descriptor !== undefined && typeof descriptor.value === "function" && builtInObjects.has(descriptor.value.name)
  );
}

// JSON.stringify for `%j`, with `[Circular]` for circular structures.
let circularErrorMessage;
function tryStringify(arg) {
  const firstLine = (error) => String(error.message).split("\n", 1)[0];
  try {
    return JSON.stringify(arg);
  } catch (err) {
    if (circularErrorMessage === undefined) {
      const a = {};
      a.a = a;
      try {
        JSON.stringify(a);
      } catch (circularError) {
        circularErrorMessage = firstLine(circularError);
      }
    }
    if (err.name === "TypeError" && firstLine(err) === circularErrorMessage) return "[Circular]";
    throw err;
  }
}

function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

function formatWithOptions(inspectOptions, ...args) {
  validateObject(inspectOptions, "inspectOptions", { allowArray: true });
  return formatWithOptionsInternal(inspectOptions, args);
}

function formatNumberNoColor(number, options) {
  return formatNumber(stylizeNoColor, number, options?.numericSeparator ?? inspectDefaultOptions.numericSeparator);
}

function formatBigIntNoColor(bigint, options) {
  return formatBigInt(stylizeNoColor, bigint, options?.numericSeparator ?? inspectDefaultOptions.numericSeparator);
}

// The value a placeholder (`%s`, `%d`, ...) stands for, or undefined for an unknown one.
function formatPlaceholder(code, arg, inspectOptions) {
  switch (code) {
    case 115: // 's'
      if (typeof arg === "number") return formatNumberNoColor(arg, inspectOptions);
      if (typeof arg === "bigint") return formatBigIntNoColor(arg, inspectOptions);
      if (typeof arg !== "object" || arg === null || !hasBuiltInToString(arg)) return String(arg);
      return inspect(arg, { ...inspectOptions, compact: 3, colors: false, depth: 0 });
    case 106: // 'j'
      return `${tryStringify(arg)}`; // JSON.stringify(undefined) is undefined
    case 100: // 'd'
      if (typeof arg === "bigint") return formatBigIntNoColor(arg, inspectOptions);
      if (typeof arg === "symbol") return "NaN";
      return formatNumberNoColor(Number(arg), inspectOptions);
    case 79: // 'O'
      return inspect(arg, inspectOptions);
    case 111: // 'o'
      return inspect(arg, { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
    case 105: // 'i'
      if (typeof arg === "bigint") return formatBigIntNoColor(arg, inspectOptions);
      if (typeof arg === "symbol") return "NaN";
      return formatNumberNoColor(Number.parseInt(arg), inspectOptions);
    case 102: // 'f'
      if (typeof arg === "symbol") return "NaN";
      return formatNumberNoColor(Number.parseFloat(arg), inspectOptions);
    case 99: // 'c': CSS, ignored
      return "";
    default:
      return undefined;
  }
}

function formatWithOptionsInternal(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = "";
  let join = "";

  if (typeof first === "string") {
    if (args.length === 1) return first;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const nextChar = first.charCodeAt(++i);
      if (nextChar === 37) {
        // '%%' is '%', whether or not arguments remain.
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      } else if (a + 1 !== args.length) {
        const tempStr = formatPlaceholder(nextChar, args[a + 1], inspectOptions);
        if (tempStr === undefined) continue;
        a++;
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = " ";
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }

  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== "string" ? inspect(value, inspectOptions) : value;
    join = " ";
    a++;
  }
  return str;
}

// ---------------------------------------------------------------------------------------------
// Display width.

// Code points shown two columns wide, as [first, last] pairs: what Node's ICU (Unicode 17)
// counts as wide (East Asian Width W or F, and emoji presented as such).
// prettier-ignore
const wideRanges = [
  0x1100, 0x115f,  0x231a, 0x231b,  0x23e9, 0x23ec,  0x23f0, 0x23f0,  0x23f3, 0x23f3,
  0x25fd, 0x25fe,  0x2614, 0x2615,  0x2630, 0x2637,  0x2648, 0x2653,  0x267f, 0x267f,
  0x268a, 0x268f,  0x2693, 0x2693,  0x26a1, 0x26a1,  0x26aa, 0x26ab,  0x26bd, 0x26be,
  0x26c4, 0x26c5,  0x26ce, 0x26ce,  0x26d4, 0x26d4,  0x26ea, 0x26ea,  0x26f2, 0x26f3,
  0x26f5, 0x26f5,  0x26fa, 0x26fa,  0x26fd, 0x26fd,  0x2705, 0x2705,  0x270a, 0x270b,
  0x2728, 0x2728,  0x274c, 0x274c,  0x274e, 0x274e,  0x2753, 0x2755,  0x2757, 0x2757,
  0x2795, 0x2797,  0x27b0, 0x27b0,  0x27bf, 0x27bf,  0x2b1b, 0x2b1c,  0x2b50, 0x2b50,
  0x2b55, 0x2b55,  0x2e80, 0x2e99,  0x2e9b, 0x2ef3,  0x2f00, 0x2fd5,  0x2ff0, 0x303e,
  0x3041, 0x3096,  0x3099, 0x30ff,  0x3105, 0x312f,  0x3131, 0x318e,  0x3190, 0x31e5,
  0x31ef, 0x321e,  0x3220, 0x3247,  0x3250, 0xa48c,  0xa490, 0xa4c6,  0xa960, 0xa97c,
  0xac00, 0xd7a3,  0xfa0e, 0xfaff,  0xfe10, 0xfe19,  0xfe30, 0xfe52,  0xfe54, 0xfe66,
  0xfe68, 0xfe6b,  0xff01, 0xff60,  0xffe0, 0xffe6,  0x16fe0, 0x16fe4,  0x16ff0, 0x16ff6,
  0x17000, 0x18cd5,  0x18cff, 0x18d1e,  0x18d80, 0x18df2,  0x1aff0, 0x1aff3,  0x1aff5, 0x1affb,
  0x1affd, 0x1affe,  0x1b000, 0x1b122,  0x1b132, 0x1b132,  0x1b150, 0x1b152,  0x1b155, 0x1b155,
  0x1b164, 0x1b167,  0x1b170, 0x1b2fb,  0x1d300, 0x1d356,  0x1d360, 0x1d376,  0x1f004, 0x1f004,
  0x1f0cf, 0x1f0cf,  0x1f18e, 0x1f18e,  0x1f191, 0x1f19a,  0x1f1e6, 0x1f202,  0x1f210, 0x1f23b,
  0x1f240, 0x1f248,  0x1f250, 0x1f251,  0x1f260, 0x1f265,  0x1f300, 0x1f320,  0x1f32d, 0x1f335,
  0x1f337, 0x1f37c,  0x1f37e, 0x1f393,  0x1f3a0, 0x1f3ca,  0x1f3cf, 0x1f3d3,  0x1f3e0, 0x1f3f0,
  0x1f3f4, 0x1f3f4,  0x1f3f8, 0x1f43e,  0x1f440, 0x1f440,  0x1f442, 0x1f4fc,  0x1f4ff, 0x1f53d,
  0x1f54b, 0x1f54e,  0x1f550, 0x1f567,  0x1f57a, 0x1f57a,  0x1f595, 0x1f596,  0x1f5a4, 0x1f5a4,
  0x1f5fb, 0x1f64f,  0x1f680, 0x1f6c5,  0x1f6cc, 0x1f6cc,  0x1f6d0, 0x1f6d2,  0x1f6d5, 0x1f6d8,
  0x1f6dc, 0x1f6df,  0x1f6eb, 0x1f6ec,  0x1f6f4, 0x1f6fc,  0x1f7e0, 0x1f7eb,  0x1f7f0, 0x1f7f0,
  0x1f90c, 0x1f93a,  0x1f93c, 0x1f945,  0x1f947, 0x1f9ff,  0x1fa70, 0x1fa7c,  0x1fa80, 0x1fa8a,
  0x1fa8e, 0x1fac6,  0x1fac8, 0x1fac8,  0x1facd, 0x1fadc,  0x1fadf, 0x1faea,  0x1faef, 0x1faf8,
  0x20000, 0x2fffd,  0x30000, 0x3fffd,
];

function isWideCodePoint(code) {
  let low = 0;
  let high = wideRanges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (code < wideRanges[mid * 2]) high = mid - 1;
    else if (code > wideRanges[mid * 2 + 1]) low = mid + 1;
    else return true;
  }
  return false;
}

// Controls, format characters and combining marks take no column (the soft hyphen does).
const zeroWidthRegExp = /^[\p{Cc}\p{Cf}\p{Me}\p{Mn}]$/u;

// The number of columns a string takes in a terminal, as Node computes it with ICU.
function getStringWidth(str, removeControlChars = true) {
  if (removeControlChars) str = stripVTControlCharacters(str);
  let width = 0;
  for (const char of str.normalize("NFC")) {
    const code = char.codePointAt(0);
    if (code < 0x7f) {
      width += code >= 0x20 ? 1 : 0;
    } else if (isWideCodePoint(code)) {
      width += 2;
    } else if (code === 0xad || !zeroWidthRegExp.test(char)) {
      width += 1;
    }
  }
  return width;
}

// ANSI escape sequences (https://github.com/chalk/ansi-regex, MIT, by Sindre Sorhus).
const ansi = new RegExp(
  "[\\u001B\\u009B][[\\]()#;?]*" +
    "(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*" +
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?" +
    "(?:\\u0007|\\u001B\\u005C|\\u009C))" +
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?" +
    "[\\dA-PR-TZcf-nq-uy=><~]))",
  "g",
);

function stripVTControlCharacters(str) {
  validateString(str, "str");
  return str.replace(ansi, "");
}

module.exports = { inspect, format, formatWithOptions, stripVTControlCharacters };
