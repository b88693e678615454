// Node 20's `buffer` module: Buffer, a Uint8Array subclass with Node's factories, encodings,
// methods, checks and errors; SlowBuffer, isUtf8, isAscii, the size constants,
// INSPECT_MAX_BYTES, the global atob and btoa, and Blob and File (node:internal/blob and
// node:internal/file). (transcode and resolveObjectURL are not provided.)
//
// Encodings go through QuickJS-NG's C built-ins wherever they do what Node does
// (Uint8Array.prototype.toBase64/toHex, Uint8Array.fromBase64/fromHex, atob/btoa, and the
// conversions of internal/encoding): a loop over the bytes in the interpreter is 20 to 50 times
// slower. Node's lenient decoding of malformed base64 and hex is reduced to the strict form the
// built-ins take, with string operations that also run in C.
"use strict";

const {
  codes: {
    ERR_BUFFER_OUT_OF_BOUNDS,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_BUFFER_SIZE,
    ERR_OUT_OF_RANGE,
    ERR_UNKNOWN_ENCODING,
  },
  nativeError,
} = require("node:internal/errors");
const { validateArray, validateInteger, validateNumber, validateString } = require("node:internal/validators");
const {
  isAnyArrayBuffer,
  isContinuation,
  isUint8Array,
  isWellFormedUtf8,
  latin1Bytes,
  latin1String,
  utf16leString,
  utf8ByteLength,
  utf8Decode,
  utf8Encode,
  view,
  normalizeEncodingName: normalizeName,
  normalizeEncoding,
} = require("node:internal/encoding");

// Node's limits on 64-bit platforms (V8's), which code may compare sizes with.
const kMaxLength = 2 ** 32;
const kStringMaxLength = 2 ** 29 - 24;
const constants = Object.defineProperties(
  {},
  {
    MAX_LENGTH: { value: kMaxLength, writable: false, enumerable: true },
    MAX_STRING_LENGTH: { value: kStringMaxLength, writable: false, enumerable: true },
  },
);

let INSPECT_MAX_BYTES = 50;

const customInspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const kIsEncodingSymbol = Symbol("kIsEncodingSymbol");

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const isTypedArray = (value) => typedArrayTag.call(value) !== undefined;
const typedArrayFill = Uint8Array.prototype.fill;

const validateOffset = (value, name, min = 0, max = kMaxLength) => validateInteger(value, name, min, max);

// The error Node's C++ layer throws for an index out of range.
const indexOutOfRange = () => nativeError(RangeError, "ERR_OUT_OF_RANGE", "Index out of range");

// An index argument as Node's C++ layer reads one: absent is the default, else an integer
// (NaN is 0), never negative.
function arrayIndex(value, defaultValue) {
  if (value === undefined) return defaultValue;
  const index = Math.trunc(+value) || 0;
  if (index < 0) throw indexOutOfRange();
  return index;
}

// ---------------------------------------------------------------------------------------------
// Buffer, its pool and its factories.

class FastBuffer extends Uint8Array {
  // Explicit: the implicit constructor would spread its arguments through
  // Array.prototype[Symbol.iterator], which user code can replace.
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

// Small buffers from allocUnsafe, from() and concat() are slices of a shared ArrayBuffer, as in
// Node (where `buf.buffer` is then the pool and `buf.byteOffset` not 0).
let poolSize;
let poolOffset;
let allocPool;

function createPool() {
  poolSize = Buffer.poolSize;
  allocPool = new ArrayBuffer(poolSize);
  poolOffset = 0;
}

// Slices start at multiples of 8.
function alignPool() {
  if (poolOffset & 0x7) {
    poolOffset |= 0x7;
    poolOffset++;
  }
}

// `Buffer(...)` and `new Buffer(...)` (deprecated in Node) work as Buffer.alloc and Buffer.from.
function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === "number") {
    if (typeof encodingOrOffset === "string") throw new ERR_INVALID_ARG_TYPE("string", "string", arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(Buffer, Uint8Array);

Buffer.poolSize = 8 * 1024;
createPool();

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === "string") return fromString(value, encodingOrOffset);
  if (typeof value === "object" && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    // Boxed strings and objects standing for a string or a buffer.
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === "string" || typeof valueOf === "object")) {
      return from(valueOf, encodingOrOffset, length);
    }
    const buffer = fromObject(value);
    if (buffer) return buffer;
    if (typeof value[Symbol.toPrimitive] === "function") {
      const primitive = value[Symbol.toPrimitive]("string");
      if (typeof primitive === "string") return fromString(primitive, encodingOrOffset);
    }
  }
  const expected = ["string", "Buffer", "ArrayBuffer", "Array", "Array-like Object"];
  throw new ERR_INVALID_ARG_TYPE("first argument", expected, value);
};

// A copy of the bytes a typed array's elements [offset, offset + length) span.
Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw new ERR_INVALID_ARG_TYPE("view", ["TypedArray"], view);
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, "offset", 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, "length", 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = view.slice(offset, end);
  }
  return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
};

const of = (...items) => {
  const buffer = new FastBuffer(items.length);
  for (let i = 0; i < items.length; i++) buffer[i] = items[i];
  return buffer;
};
Buffer.of = of;

function assertSize(size) {
  validateNumber(size, "size", 0, kMaxLength);
}

Buffer.alloc = function alloc(size, fill, encoding) {
  assertSize(size);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buffer = new FastBuffer(size);
    return bufferFill(buffer, fill, 0, buffer.length, encoding);
  }
  return new FastBuffer(size);
};

// Memory here is always zeroed: JavaScript cannot reach memory that is not.
Buffer.allocUnsafe = function allocUnsafe(size) {
  assertSize(size);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  assertSize(size);
  return new FastBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, "size", 0, kMaxLength);
  return new FastBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

// A buffer of `size` bytes, from the pool if small.
function allocate(size) {
  if (size <= 0) return new FastBuffer();
  if (size < Buffer.poolSize >>> 1) {
    if (size > poolSize - poolOffset) createPool();
    const buffer = new FastBuffer(allocPool, poolOffset, size);
    poolOffset += size;
    alignPool();
    return buffer;
  }
  return new FastBuffer(size);
}

function fromString(string, encoding) {
  let ops;
  if (typeof encoding !== "string" || encoding.length === 0) {
    if (string.length === 0) return new FastBuffer();
    ops = utf8Ops;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
    if (string.length === 0) return new FastBuffer();
  }
  const bytes = ops.encode(string);
  // Node sizes the buffer by the encoding's estimate (exact but for base64 and hex), and takes
  // it from the pool if that is small.
  const length = ops === utf8Ops ? bytes.length : ops.byteLength(string);
  if (length >= Buffer.poolSize >>> 1) return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
  if (length > poolSize - poolOffset) createPool();
  const buffer = new FastBuffer(allocPool, poolOffset, bytes.length);
  buffer.set(bytes);
  poolOffset += bytes.length;
  alignPool();
  return buffer;
}

function fromArrayLike(object) {
  if (object.length <= 0) return new FastBuffer();
  if (object.length < Buffer.poolSize >>> 1) {
    if (object.length > poolSize - poolOffset) createPool();
    const buffer = new FastBuffer(allocPool, poolOffset, object.length);
    buffer.set(object, 0);
    poolOffset += object.length;
    alignPool();
    return buffer;
  }
  return new FastBuffer(object);
}

function fromArrayBuffer(arrayBuffer, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = arrayBuffer.byteLength - byteOffset;
  if (maxLength < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS("offset");
  // V8's error, as the Uint8Array constructor throws it there.
  if (byteOffset <= -1) throw new RangeError(`Start offset ${byteOffset} is outside the bounds of the buffer`);
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw new ERR_BUFFER_OUT_OF_BOUNDS("length");
    } else {
      length = 0;
    }
  }
  return new FastBuffer(arrayBuffer, byteOffset, length);
}

// Typed arrays and array-likes (element by element, each taken modulo 256), and the objects
// buffer.toJSON() makes.
function fromObject(object) {
  if (object.length !== undefined || isAnyArrayBuffer(object.buffer)) {
    if (typeof object.length !== "number") return new FastBuffer();
    return fromArrayLike(object);
  }
  if (object.type === "Buffer" && Array.isArray(object.data)) return fromArrayLike(object.data);
  return undefined;
}

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw new ERR_INVALID_ARG_TYPE("buf1", ["Buffer", "Uint8Array"], buf1);
  if (!isUint8Array(buf2)) throw new ERR_INVALID_ARG_TYPE("buf2", ["Buffer", "Uint8Array"], buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, buf2);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === "string" && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};
Buffer[kIsEncodingSymbol] = Buffer.isEncoding;

Buffer.concat = function concat(list, length) {
  validateArray(list, "list");
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateOffset(length, "length");
  }
  const buffer = Buffer.allocUnsafe(length);
  let position = 0;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isUint8Array(item)) throw new ERR_INVALID_ARG_TYPE(`list[${i}]`, ["Buffer", "Uint8Array"], item);
    position += copyActual(item, buffer, position, 0, item.length);
  }
  // A `length` past the total leaves bytes that were not copied to: zero them.
  if (position < length) typedArrayFill.call(buffer, 0, position, length);
  return buffer;
};

function byteLength(string, encoding) {
  if (typeof string !== "string") {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw new ERR_INVALID_ARG_TYPE("string", ["string", "Buffer", "ArrayBuffer"], string);
  }
  if (string.length === 0) return 0;
  const ops = encoding ? getEncodingOps(encoding) : undefined;
  return (ops ?? utf8Ops).byteLength(string);
}
Buffer.byteLength = byteLength;

// ---------------------------------------------------------------------------------------------
// Encodings. Each has:
//   byteLength(string)   the size Node allocates for the string's bytes (exact but for base64
//                        and hex, where it may be more)
//   encode(string)       the string's bytes, in a Uint8Array of their own memory
//   write(buf, string, offset, max)   writes at most `max` bytes at `offset`; returns how many
//   slice(buf, start, end)            the string of buf[start, end)
//   ucs2                 whether searches match at even offsets only, by code unit

const lowByteChar = (char) => String.fromCharCode(char.charCodeAt(0) & 0xff);

// Node's hex and base64 decoders read a char by its low byte only.
function lowBytes(string) {
  return /[^\x00-\xff]/.test(string) ? string.replace(/[^\x00-\xff]/g, lowByteChar) : string;
}

// Node's base64 decoder takes both alphabets, skips any other char (whitespace included), stops
// at the first '=', and drops a last lone char (6 bits make no byte).
const kBase64Url = { alphabet: "base64url" };
function base64Decode(string, url) {
  try {
    return Uint8Array.fromBase64(string, url ? kBase64Url : undefined);
  } catch {
    // Not the strict form; reduce it to that.
  }
  let text = lowBytes(string);
  const stop = text.indexOf("=");
  if (stop !== -1) text = text.slice(0, stop);
  text = text.replace(/[^A-Za-z0-9+/\-_]+/g, "").replaceAll("-", "+").replaceAll("_", "/");
  if (text.length % 4 === 1) text = text.slice(0, -1);
  return Uint8Array.fromBase64(text);
}

function base64ByteLength(string) {
  let bytes = string.length;
  if (string.charCodeAt(bytes - 1) === 0x3d) bytes--;
  if (bytes > 1 && string.charCodeAt(bytes - 1) === 0x3d) bytes--;
  return (bytes * 3) >>> 2;
}

// Node's hex decoder stops at the first pair that is not two hex digits.
function hexDecode(string) {
  let text = string.length % 2 === 1 ? string.slice(0, -1) : string;
  try {
    return Uint8Array.fromHex(text);
  } catch {
    // An invalid pair; decode the ones before it.
  }
  text = lowBytes(text);
  const bad = text.search(/[^0-9A-Fa-f]/);
  return Uint8Array.fromHex(bad === -1 ? text : text.slice(0, bad - (bad % 2)));
}

// Chars to bytes by their low byte, as Node writes latin1 and ascii.
function latin1Encode(string) {
  try {
    return latin1Bytes(string);
  } catch {
    const bytes = new Uint8Array(string.length);
    for (let i = 0; i < string.length; i++) bytes[i] = string.charCodeAt(i);
    return bytes;
  }
}

function utf16leEncode(string) {
  const codeUnits = new Uint16Array(string.length);
  try {
    codeUnits.set(latin1Bytes(string));
  } catch {
    for (let i = 0; i < string.length; i++) codeUnits[i] = string.charCodeAt(i);
  }
  return new Uint8Array(codeUnits.buffer);
}

// Writes the first `max` bytes of `bytes` (all if fewer) at `offset`.
function writeBytes(buf, bytes, offset, max) {
  const count = Math.min(bytes.length, max);
  buf.set(count === bytes.length ? bytes : bytes.subarray(0, count), offset);
  return count;
}

const asciiHigh = /[\x80-\xff]/g;
const asciiChar = (char) => String.fromCharCode(char.charCodeAt(0) & 0x7f);

const utf8Ops = {
  byteLength: utf8ByteLength,
  encode: utf8Encode,
  // Whole characters only: a character past `max` is not written, not even in part. Characters
  // past the first `max` code units cannot fit (each takes a byte at least).
  write(buf, string, offset, max) {
    let bytes = utf8Encode(string.length > max ? string.slice(0, max) : string);
    if (bytes.length > max) {
      let fit = max;
      while (fit > 0 && isContinuation(bytes[fit])) fit--;
      bytes = bytes.subarray(0, fit);
    }
    buf.set(bytes, offset);
    return bytes.length;
  },
  slice: (buf, start, end) => utf8Decode(buf, start, end, false),
};

const utf16leOps = {
  byteLength: (string) => string.length * 2,
  encode: utf16leEncode,
  // Whole code units only.
  write: (buf, string, offset, max) => writeBytes(buf, utf16leEncode(string.slice(0, max >>> 1)), offset, max),
  slice: (buf, start, end) => utf16leString(buf, start, (end - start) >>> 1),
  ucs2: true,
};

const latin1Ops = {
  byteLength: (string) => string.length,
  encode: latin1Encode,
  write: (buf, string, offset, max) => writeBytes(buf, latin1Encode(string.slice(0, max)), offset, max),
  slice: (buf, start, end) => latin1String(view(buf, start, end)),
};

const encodingOps = {
  utf8: utf8Ops,
  utf16le: utf16leOps,
  latin1: latin1Ops,
  // Node writes ascii as latin1, and reads it with the high bit of each byte cleared.
  ascii: {
    ...latin1Ops,
    slice(buf, start, end) {
      const text = latin1String(view(buf, start, end));
      return text.search(asciiHigh) === -1 ? text : text.replace(asciiHigh, asciiChar);
    },
  },
  base64: {
    byteLength: base64ByteLength,
    encode: (string) => base64Decode(string, false),
    write: (buf, string, offset, max) => writeBytes(buf, base64Decode(string, false), offset, max),
    slice: (buf, start, end) => view(buf, start, end).toBase64(),
  },
  base64url: {
    byteLength: base64ByteLength,
    encode: (string) => base64Decode(string, true),
    write: (buf, string, offset, max) => writeBytes(buf, base64Decode(string, true), offset, max),
    slice: (buf, start, end) => view(buf, start, end).toBase64({ alphabet: "base64url", omitPadding: true }),
  },
  hex: {
    byteLength: (string) => string.length >>> 1,
    encode: hexDecode,
    write: (buf, string, offset, max) => writeBytes(buf, hexDecode(string.slice(0, 2 * max)), offset, max),
    slice: (buf, start, end) => view(buf, start, end).toHex(),
  },
};

function getEncodingOps(encoding) {
  const name = normalizeName(`${encoding}`);
  return name === undefined ? undefined : encodingOps[name];
}

// ---------------------------------------------------------------------------------------------
// Comparing, copying, searching.

// memcmp's order, then the shorter first: that of strings with a char per byte, which are
// compared in C.
function compareBytes(a, b) {
  const x = latin1String(a);
  const y = latin1String(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) sourceEnd = sourceStart + target.length - targetStart;
  let count = sourceEnd - sourceStart;
  const sourceLength = source.length - sourceStart;
  if (count > sourceLength) count = sourceLength;
  if (count <= 0) return 0;
  // set() copies as memmove does when both share memory.
  target.set(count === source.length ? source : view(source, sourceStart, sourceStart + count), targetStart);
  return count;
}

// An integer argument as Node's copy() reads one: an integer as it is, else a finite, safe
// number's floor, else the default.
function toInteger(n, defaultValue) {
  if (Number.isInteger(n)) return n;
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return n % 1 === 0 ? n : Math.floor(n);
  }
  return defaultValue;
}

// Where a search starts, as Node's C++ layer works it out: a negative offset counts from the
// end; -1 when nothing can match.
function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (forward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (forward) return -1;
  return length - 1;
}

const typedIndexOf = Uint8Array.prototype.indexOf;
const typedLastIndexOf = Uint8Array.prototype.lastIndexOf;

function indexOfNumber(buf, byte, offset, forward) {
  const start = searchStart(buf.length, offset, 1, forward);
  if (start <= -1 || buf.length === 0) return -1;
  return forward ? typedIndexOf.call(buf, byte, start) : typedLastIndexOf.call(buf, byte, start);
}

// The first (or last) index at or after (or before) `offset` where `needle` occurs. With `ucs2`
// both are read as 16-bit code units, and only whole units of the needle at even indexes count;
// then, as in Node, a string needle sees a buffer of odd length as one byte shorter, and a buffer
// needle not found in one gets that length, not -1.
function indexOfBytes(buf, needle, offset, forward, ucs2, stringNeedle) {
  const length = ucs2 && stringNeedle ? buf.length & ~1 : buf.length;
  const needleLength = needle.length;
  const start = searchStart(length, offset, needleLength, forward);
  if (needleLength === 0) return start;
  if (length === 0 || start <= -1) return -1;
  if ((forward && needleLength + start > length) || needleLength > length) return -1;
  if (!ucs2) return searchBytes(buf, needle, needleLength, start, forward, 1);
  if (length < 2 || needleLength < 2) return -1;
  const evenLength = length & ~1;
  const found = searchBytes(buf, needle, needleLength & ~1, start & ~1, forward, 2, evenLength);
  return found === -1 && evenLength !== length ? evenLength : found;
}

// The search itself: the needle's first byte is found by the typed array's own (native) search,
// the rest compared here. Matches are at multiples of `step`, and end by `limit`.
function searchBytes(buf, needle, needleLength, start, forward, step, limit = buf.length) {
  const last = limit - needleLength;
  if (last < 0) return -1;
  const first = needle[0];
  let at = forward ? start : Math.min(start, last - (last % step));
  while (forward ? at <= last : at >= 0) {
    at = forward ? typedIndexOf.call(buf, first, at) : typedLastIndexOf.call(buf, first, at);
    if (at === -1 || (forward && at > last)) return -1;
    if (at % step === 0) {
      let i = 1;
      while (i < needleLength && buf[at + i] === needle[i]) i++;
      if (i === needleLength) return at;
    }
    at += forward ? 1 : -1;
  }
  return -1;
}

function bidirectionalIndexOf(buf, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === "string") {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  // null, [] and the like are 0; undefined, "foo", {} and the like search the whole buffer.
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length || buf.byteLength;
  byteOffset = Math.trunc(byteOffset);

  if (typeof value === "number") return indexOfNumber(buf, (value >>> 0) & 0xff, byteOffset, forward);
  const ops = encoding === undefined ? utf8Ops : getEncodingOps(encoding);
  if (typeof value === "string") {
    if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
    return indexOfBytes(buf, ops.encode(value), byteOffset, forward, ops.ucs2 === true, true);
  }
  if (isUint8Array(value)) return indexOfBytes(buf, value, byteOffset, forward, ops?.ucs2 === true, false);
  throw new ERR_INVALID_ARG_TYPE("value", ["number", "string", "Buffer", "Uint8Array"], value);
}

// ---------------------------------------------------------------------------------------------
// fill and write.

function bufferFill(buf, value, offset, end, encoding) {
  let ops;
  if (typeof value === "string") {
    if (offset === undefined || typeof offset === "string") {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === "string") {
      encoding = end;
      end = buf.length;
    }
    const normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      validateString(encoding, "encoding");
      throw new ERR_UNKNOWN_ENCODING(encoding);
    }
    ops = encodingOps[normalized];
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      // A single byte fills as a number.
      if (normalized === "utf8") {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (normalized === "latin1") {
        value = value.charCodeAt(0);
      }
    }
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, "offset");
    if (end === undefined) end = buf.length;
    else validateOffset(end, "end", 0, buf.length);
    if (offset >= end) return buf;
  }

  if (typeof value === "number") {
    typedArrayFill.call(buf, value, offset, end);
    return buf;
  }
  let pattern;
  if (typeof value === "string") {
    pattern = ops.encode(value);
  } else if (ArrayBuffer.isView(value)) {
    pattern = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } else {
    // Any other value fills as a number, the low byte of its uint32 value.
    typedArrayFill.call(buf, (+value >>> 0) & 0xff, offset, end);
    return buf;
  }
  if (pattern.length === 0) throw new ERR_INVALID_ARG_VALUE("value", value);
  // The pattern once (in part if it is longer), then the filled part copied onto the rest, which
  // doubles it each time.
  const length = end - offset;
  let filled = Math.min(pattern.length, length);
  buf.set(filled === pattern.length ? pattern : pattern.subarray(0, filled), offset);
  while (filled < length) {
    const count = Math.min(filled, length - filled);
    buf.copyWithin(offset + filled, offset, offset + count);
    filled += count;
  }
  return buf;
}

// Writes as Node's C++ layer does: checks the string and the offsets, and writes at most
// `length` bytes at `offset`.
function stringWrite(buf, string, offset, length, ops) {
  if (typeof string !== "string") {
    throw nativeError(TypeError, "ERR_INVALID_ARG_TYPE", "argument must be a string");
  }
  offset = arrayIndex(offset, 0);
  if (offset > buf.length) {
    throw nativeError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS", '"offset" is outside of buffer bounds');
  }
  const max = Math.min(buf.length - offset, arrayIndex(length, buf.length - offset));
  if (max === 0) return 0;
  return ops.write(buf, string, offset, max);
}

// ---------------------------------------------------------------------------------------------
// Reading and writing numbers, with Node's checks and errors.

function checkBounds(buf, offset, byteLength) {
  validateNumber(offset, "offset");
  if (buf[offset] === undefined || buf[offset + byteLength] === undefined) {
    boundsError(offset, buf.length - (byteLength + 1));
  }
}

// `byteLength` is one less than the size, as in Node.
function checkInt(value, min, max, buf, offset, byteLength) {
  if (value > max || value < min) {
    const n = typeof min === "bigint" ? "n" : "";
    let range;
    if (byteLength > 3) {
      const bits = (byteLength + 1) * 8;
      range =
        min === 0 || min === 0n
          ? `>= 0${n} and < 2${n} ** ${bits}${n}`
          : `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw new ERR_OUT_OF_RANGE("value", range, value);
  }
  checkBounds(buf, offset, byteLength);
}

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw new ERR_OUT_OF_RANGE(type || "offset", "an integer", value);
  }
  if (length < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS();
  throw new ERR_OUT_OF_RANGE(type || "offset", `>= ${type ? 1 : 0} and <= ${length}`, value);
}

// The checks of a read of `size` bytes at `offset`. The 8- to 32-bit reads make them inline
// (a call costs more than the read) and call readError for Node's error.
function checkRead(buf, offset, size) {
  if (typeof offset !== "number") validateNumber(offset, "offset");
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
}

function readError(buf, offset, size) {
  validateNumber(offset, "offset");
  boundsError(offset, buf.length - size);
}

function readUInt8(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 1);
  const value = this[offset];
  if (value === undefined) readError(this, offset, 1);
  return value;
}

function readUInt16LE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 2);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) readError(this, offset, 2);
  return first | (last << 8);
}

function readUInt16BE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 2);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) readError(this, offset, 2);
  return (first << 8) | last;
}

function readUInt32LE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 4);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) readError(this, offset, 4);
  return first + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + last * 0x1000000;
}

function readUInt32BE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 4);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) readError(this, offset, 4);
  return first * 0x1000000 + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + last;
}

function readInt8(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 1);
  const value = this[offset];
  if (value === undefined) readError(this, offset, 1);
  return (value << 24) >> 24;
}

function readInt16LE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 2);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) readError(this, offset, 2);
  return ((first | (last << 8)) << 16) >> 16;
}

function readInt16BE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 2);
  const first = this[offset];
  const last = this[offset + 1];
  if (first === undefined || last === undefined) readError(this, offset, 2);
  return (((first << 8) | last) << 16) >> 16;
}

function readInt32LE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 4);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) readError(this, offset, 4);
  return first | (this[offset + 1] << 8) | (this[offset + 2] << 16) | (last << 24);
}

function readInt32BE(offset = 0) {
  if (typeof offset !== "number") readError(this, offset, 4);
  const first = this[offset];
  const last = this[offset + 3];
  if (first === undefined || last === undefined) readError(this, offset, 4);
  return (first << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | last;
}

// A read of 1 to 6 bytes (exact: 48 bits fit a double).
function readSized(buf, offset, size, littleEndian, signed) {
  checkRead(buf, offset, size);
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + buf[offset + (littleEndian ? size - 1 - i : i)];
  if (signed && value >= 2 ** (8 * size - 1)) value -= 2 ** (8 * size);
  return value;
}

// readUIntLE and its kin take a byteLength of 1 to 6.
function sizedReader(littleEndian, signed) {
  return function (offset, byteLength) {
    if (offset === undefined) throw new ERR_INVALID_ARG_TYPE("offset", "number", offset);
    if (Number.isInteger(byteLength) && byteLength >= 1 && byteLength <= 6) {
      return readSized(this, offset, byteLength, littleEndian, signed);
    }
    return boundsError(byteLength, 6, "byteLength");
  };
}

function readBig(buf, offset, littleEndian) {
  checkRead(buf, offset, 8);
  let value = 0n;
  for (let i = 0; i < 2; i++) {
    const at = offset + (littleEndian ? 4 - 4 * i : 4 * i);
    const word = littleEndian
      ? buf[at] + buf[at + 1] * 2 ** 8 + buf[at + 2] * 2 ** 16 + buf[at + 3] * 2 ** 24
      : buf[at] * 2 ** 24 + buf[at + 1] * 2 ** 16 + buf[at + 2] * 2 ** 8 + buf[at + 3];
    value = (value << 32n) | BigInt(word);
  }
  return value;
}

function readBigUInt64LE(offset = 0) {
  return readBig(this, offset, true);
}

function readBigUInt64BE(offset = 0) {
  return readBig(this, offset, false);
}

function readBigInt64LE(offset = 0) {
  return BigInt.asIntN(64, readBig(this, offset, true));
}

function readBigInt64BE(offset = 0) {
  return BigInt.asIntN(64, readBig(this, offset, false));
}

// Scratch memory to move floats through.
const float32 = new Float32Array(1);
const float32Bytes = new Uint8Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);

function readFloat(buf, offset, littleEndian) {
  checkRead(buf, offset, 4);
  for (let i = 0; i < 4; i++) float32Bytes[littleEndian ? i : 3 - i] = buf[offset + i];
  return float32[0];
}

function readDouble(buf, offset, littleEndian) {
  checkRead(buf, offset, 8);
  for (let i = 0; i < 8; i++) float64Bytes[littleEndian ? i : 7 - i] = buf[offset + i];
  return float64[0];
}

function readFloatForwards(offset = 0) {
  return readFloat(this, offset, true);
}

function readFloatBackwards(offset = 0) {
  return readFloat(this, offset, false);
}

function readDoubleForwards(offset = 0) {
  return readDouble(this, offset, true);
}

function readDoubleBackwards(offset = 0) {
  return readDouble(this, offset, false);
}

// Writes `size` bytes of a value given as its low 32 bits and the bits above them. Storing into
// the Uint8Array keeps the low 8 bits of each.
function putBytes(buf, offset, size, low, high, littleEndian) {
  for (let i = 0; i < size; i++) {
    buf[littleEndian ? offset + i : offset + size - 1 - i] = i < 4 ? low >>> (8 * i) : high >>> (8 * (i - 4));
  }
  return offset + size;
}

// A one-byte write checks in its own order: offset type, value, bounds.
function writeByte(buf, value, offset, min, max) {
  value = +value;
  validateNumber(offset, "offset");
  if (value > max || value < min) throw new ERR_OUT_OF_RANGE("value", `>= ${min} and <= ${max}`, value);
  if (buf[offset] === undefined) boundsError(offset, buf.length - 1);
  buf[offset] = value;
  return offset + 1;
}

// A write of 1 to 6 bytes of a number in [min, max] (writeUIntLE and its kin); a number that
// is not an integer writes its integer part.
function writeSized(buf, value, offset, min, max, size, littleEndian) {
  if (size === 1) return writeByte(buf, value, offset, min, max);
  value = +value;
  checkInt(value, min, max, buf, offset, size - 1);
  return putBytes(buf, offset, size, value >>> 0, size > 4 ? Math.floor(value * 2 ** -32) : 0, littleEndian);
}

function writeUInt8(value, offset = 0) {
  return writeByte(this, value, offset, 0, 0xff);
}

function writeInt8(value, offset = 0) {
  return writeByte(this, value, offset, -0x80, 0x7f);
}

// 16- and 32-bit writes check inline; checkInt then throws Node's error.
function write16(buf, value, offset, min, max, littleEndian) {
  value = +value;
  const outside = typeof offset !== "number" || buf[offset] === undefined || buf[offset + 1] === undefined;
  if (value > max || value < min || outside) checkInt(value, min, max, buf, offset, 1);
  buf[littleEndian ? offset : offset + 1] = value;
  buf[littleEndian ? offset + 1 : offset] = value >>> 8;
  return offset + 2;
}

function write32(buf, value, offset, min, max, littleEndian) {
  value = +value;
  const outside = typeof offset !== "number" || buf[offset] === undefined || buf[offset + 3] === undefined;
  if (value > max || value < min || outside) checkInt(value, min, max, buf, offset, 3);
  if (littleEndian) {
    buf[offset] = value;
    buf[offset + 1] = value >>> 8;
    buf[offset + 2] = value >>> 16;
    buf[offset + 3] = value >>> 24;
  } else {
    buf[offset] = value >>> 24;
    buf[offset + 1] = value >>> 16;
    buf[offset + 2] = value >>> 8;
    buf[offset + 3] = value;
  }
  return offset + 4;
}

function writeUInt16LE(value, offset = 0) {
  return write16(this, value, offset, 0, 0xffff, true);
}

function writeUInt16BE(value, offset = 0) {
  return write16(this, value, offset, 0, 0xffff, false);
}

function writeInt16LE(value, offset = 0) {
  return write16(this, value, offset, -0x8000, 0x7fff, true);
}

function writeInt16BE(value, offset = 0) {
  return write16(this, value, offset, -0x8000, 0x7fff, false);
}

function writeUInt32LE(value, offset = 0) {
  return write32(this, value, offset, 0, 0xffffffff, true);
}

function writeUInt32BE(value, offset = 0) {
  return write32(this, value, offset, 0, 0xffffffff, false);
}

function writeInt32LE(value, offset = 0) {
  return write32(this, value, offset, -0x80000000, 0x7fffffff, true);
}

function writeInt32BE(value, offset = 0) {
  return write32(this, value, offset, -0x80000000, 0x7fffffff, false);
}

// writeUIntLE and its kin take a byteLength of 1 to 6.
function sizedWriter(littleEndian, signed) {
  return function (value, offset, byteLength) {
    if (Number.isInteger(byteLength) && byteLength >= 1 && byteLength <= 6) {
      const bits = 8 * byteLength;
      return signed
        ? writeSized(this, value, offset, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1, byteLength, littleEndian)
        : writeSized(this, value, offset, 0, 2 ** bits - 1, byteLength, littleEndian);
    }
    return boundsError(byteLength, 6, "byteLength");
  };
}

function writeBig(buf, value, offset, min, max, littleEndian) {
  checkInt(value, min, max, buf, offset, 7);
  return putBytes(buf, offset, 8, Number(value & 0xffffffffn), Number((value >> 32n) & 0xffffffffn), littleEndian);
}

function writeBigUInt64LE(value, offset = 0) {
  return writeBig(this, value, offset, 0n, 0xffffffffffffffffn, true);
}

function writeBigUInt64BE(value, offset = 0) {
  return writeBig(this, value, offset, 0n, 0xffffffffffffffffn, false);
}

function writeBigInt64LE(value, offset = 0) {
  return writeBig(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, true);
}

function writeBigInt64BE(value, offset = 0) {
  return writeBig(this, value, offset, -0x8000000000000000n, 0x7fffffffffffffffn, false);
}

function writeFloat(buf, value, offset, littleEndian) {
  value = +value;
  checkBounds(buf, offset, 3);
  float32[0] = value;
  for (let i = 0; i < 4; i++) buf[offset + i] = float32Bytes[littleEndian ? i : 3 - i];
  return offset + 4;
}

function writeDouble(buf, value, offset, littleEndian) {
  value = +value;
  checkBounds(buf, offset, 7);
  float64[0] = value;
  for (let i = 0; i < 8; i++) buf[offset + i] = float64Bytes[littleEndian ? i : 7 - i];
  return offset + 8;
}

function writeFloatForwards(value, offset = 0) {
  return writeFloat(this, value, offset, true);
}

function writeFloatBackwards(value, offset = 0) {
  return writeFloat(this, value, offset, false);
}

function writeDoubleForwards(value, offset = 0) {
  return writeDouble(this, value, offset, true);
}

function writeDoubleBackwards(value, offset = 0) {
  return writeDouble(this, value, offset, false);
}

// A function named `name` (as Node's methods are).
const named = (name, fn) => Object.defineProperty(fn, "name", { value: name });

// ---------------------------------------------------------------------------------------------
// The prototype, its properties in Node's order (which for...in shows).

const proto = Buffer.prototype;

proto.readBigUInt64LE = readBigUInt64LE;
proto.readBigUInt64BE = readBigUInt64BE;
proto.readBigUint64LE = readBigUInt64LE;
proto.readBigUint64BE = readBigUInt64BE;
proto.readBigInt64LE = readBigInt64LE;
proto.readBigInt64BE = readBigInt64BE;
proto.writeBigUInt64LE = writeBigUInt64LE;
proto.writeBigUInt64BE = writeBigUInt64BE;
proto.writeBigUint64LE = writeBigUInt64LE;
proto.writeBigUint64BE = writeBigUInt64BE;
proto.writeBigInt64LE = writeBigInt64LE;
proto.writeBigInt64BE = writeBigInt64BE;

const readUIntLE = named("readUIntLE", sizedReader(true, false));
const readUIntBE = named("readUIntBE", sizedReader(false, false));
const readIntLE = named("readIntLE", sizedReader(true, true));
const readIntBE = named("readIntBE", sizedReader(false, true));
proto.readUIntLE = readUIntLE;
proto.readUInt32LE = readUInt32LE;
proto.readUInt16LE = readUInt16LE;
proto.readUInt8 = readUInt8;
proto.readUIntBE = readUIntBE;
proto.readUInt32BE = readUInt32BE;
proto.readUInt16BE = readUInt16BE;
proto.readUintLE = readUIntLE;
proto.readUint32LE = readUInt32LE;
proto.readUint16LE = readUInt16LE;
proto.readUint8 = readUInt8;
proto.readUintBE = readUIntBE;
proto.readUint32BE = readUInt32BE;
proto.readUint16BE = readUInt16BE;
proto.readIntLE = readIntLE;
proto.readInt32LE = readInt32LE;
proto.readInt16LE = readInt16LE;
proto.readInt8 = readInt8;
proto.readIntBE = readIntBE;
proto.readInt32BE = readInt32BE;
proto.readInt16BE = readInt16BE;

const writeUIntLE = named("writeUIntLE", sizedWriter(true, false));
const writeUIntBE = named("writeUIntBE", sizedWriter(false, false));
const writeIntLE = named("writeIntLE", sizedWriter(true, true));
const writeIntBE = named("writeIntBE", sizedWriter(false, true));
proto.writeUIntLE = writeUIntLE;
proto.writeUInt32LE = writeUInt32LE;
proto.writeUInt16LE = writeUInt16LE;
proto.writeUInt8 = writeUInt8;
proto.writeUIntBE = writeUIntBE;
proto.writeUInt32BE = writeUInt32BE;
proto.writeUInt16BE = writeUInt16BE;
proto.writeUintLE = writeUIntLE;
proto.writeUint32LE = writeUInt32LE;
proto.writeUint16LE = writeUInt16LE;
proto.writeUint8 = writeUInt8;
proto.writeUintBE = writeUIntBE;
proto.writeUint32BE = writeUInt32BE;
proto.writeUint16BE = writeUInt16BE;
proto.writeIntLE = writeIntLE;
proto.writeInt32LE = writeInt32LE;
proto.writeInt16LE = writeInt16LE;
proto.writeInt8 = writeInt8;
proto.writeIntBE = writeIntBE;
proto.writeInt32BE = writeInt32BE;
proto.writeInt16BE = writeInt16BE;

// Named as Node's are on a little-endian machine.
proto.readFloatLE = readFloatForwards;
proto.readFloatBE = readFloatBackwards;
proto.readDoubleLE = readDoubleForwards;
proto.readDoubleBE = readDoubleBackwards;
proto.writeFloatLE = writeFloatForwards;
proto.writeFloatBE = writeFloatBackwards;
proto.writeDoubleLE = writeDoubleForwards;
proto.writeDoubleBE = writeDoubleBackwards;

// The raw per-encoding methods Node exposes (asciiSlice, hexWrite, ...), with its C++ layer's
// checks, and like its native functions without `prototype` and of length 0.
function rawSlice(buf, start, end, ops) {
  const length = buf.length;
  if (length === 0) return "";
  start = arrayIndex(start, 0);
  end = arrayIndex(end, length);
  if (end < start) end = start;
  if (end > length) throw indexOutOfRange();
  return ops.slice(buf, start, end);
}

const nativeMethod = (name, body) =>
  named(name, {
    method(...args) {
      return body(this, ...args);
    },
  }.method);

const rawNames = ["ascii", "base64", "base64url", "latin1", "hex", "ucs2", "utf8"];
for (const name of rawNames) {
  const ops = encodingOps[normalizeName(name)];
  proto[`${name}Slice`] = nativeMethod(`${name}Slice`, (buf, start, end) => rawSlice(buf, start, end, ops));
}
for (const name of rawNames) {
  const ops = encodingOps[normalizeName(name)];
  proto[`${name}Write`] = nativeMethod(`${name}Write`, (buf, string, offset, length) =>
    stringWrite(buf, string, offset, length, ops),
  );
}

Object.defineProperty(proto, "parent", {
  enumerable: true,
  get() {
    return this instanceof Buffer ? this.buffer : undefined;
  },
});

Object.defineProperty(proto, "offset", {
  enumerable: true,
  get() {
    return this instanceof Buffer ? this.byteOffset : undefined;
  },
});

proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  if (!isUint8Array(this)) throw new ERR_INVALID_ARG_TYPE("source", ["Buffer", "Uint8Array"], this);
  if (!isUint8Array(target)) throw new ERR_INVALID_ARG_TYPE("target", ["Buffer", "Uint8Array"], target);
  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = toInteger(targetStart, 0);
    if (targetStart < 0) throw new ERR_OUT_OF_RANGE("targetStart", ">= 0", targetStart);
  }
  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > this.length) {
      throw new ERR_OUT_OF_RANGE("sourceStart", `>= 0 && <= ${this.length}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) {
    sourceEnd = this.length;
  } else {
    sourceEnd = toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw new ERR_OUT_OF_RANGE("sourceEnd", ">= 0", sourceEnd);
  }
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  return copyActual(this, target, targetStart, sourceStart, sourceEnd);
};

proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return utf8Ops.slice(this, 0, this.length);
  const length = this.length;
  if (start <= 0) start = 0;
  else if (start >= length) return "";
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > length) end = length;
  else end = Math.trunc(end) || 0;
  if (end <= start) return "";
  if (encoding === undefined) return utf8Ops.slice(this, start, end);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  return ops.slice(this, start, end);
};

proto.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) {
    throw new ERR_INVALID_ARG_TYPE("otherBuffer", ["Buffer", "Uint8Array"], otherBuffer);
  }
  if (this === otherBuffer) return true;
  const length = this.byteLength;
  if (length !== otherBuffer.byteLength) return false;
  return length === 0 || compareBytes(this, otherBuffer) === 0;
};

let inspectModule;

// `<Buffer 68 65 6c 6c 6f>`: the first INSPECT_MAX_BYTES bytes, how many more, and the
// buffer's own properties other than its indexes.
proto[customInspectSymbol] = function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const shown = Math.trunc(Math.min(max, this.length));
  const remaining = this.length - max;
  let text = view(this, 0, shown).toHex().replace(/(.{2})/g, "$1 ").trim();
  if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
  if (ctx) {
    // Reflect.ownKeys lists a typed array's indexes first.
    const keys = Reflect.ownKeys(this).slice(this.length);
    const extras = { __proto__: null };
    let any = false;
    for (const key of keys) {
      if (ctx.showHidden || Object.prototype.propertyIsEnumerable.call(this, key)) {
        extras[key] = this[key];
        any = true;
      }
    }
    if (any) {
      inspectModule ??= require("node:internal/inspect");
      if (this.length !== 0) text += ", ";
      // Without the braces of `[Object: null prototype] { ... }`.
      text += inspectModule.inspect(extras, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${text}>`;
};
proto.inspect = proto[customInspectSymbol];

proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target)) throw new ERR_INVALID_ARG_TYPE("target", ["Buffer", "Uint8Array"], target);
  if (arguments.length === 1) return compareBytes(this, target);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, "targetStart");
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, "targetEnd", 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, "sourceStart");
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, "sourceEnd", 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareBytes(view(this, sourceStart, sourceEnd), view(target, targetStart, targetEnd));
};

proto.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

proto.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

proto.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

proto.fill = function fill(value, offset, end, encoding) {
  return bufferFill(this, value, offset, end, encoding);
};

proto.write = function write(string, offset, length, encoding) {
  if (offset === undefined) return stringWrite(this, string, 0, this.length, utf8Ops);
  if (length === undefined && typeof offset === "string") {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    validateOffset(offset, "offset", 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === "string") {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, "length", 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  if (!encoding || encoding === "utf8") return stringWrite(this, string, offset, length, utf8Ops);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  return stringWrite(this, string, offset, length, ops);
};

// Array.prototype.slice copies an array-like's elements in C, some 5 times faster than a loop.
const arraySlice = Array.prototype.slice;

proto.toJSON = function toJSON() {
  return { type: "Buffer", data: arraySlice.call(this) };
};

// An index of subarray()/slice(): negative from the end, clamped to [0, length].
function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  return offset < length ? offset : length;
}

// A Buffer over the same memory.
proto.subarray = function subarray(start, end) {
  const length = this.length;
  start = adjustOffset(start, length);
  end = end !== undefined ? adjustOffset(end, length) : length;
  return new FastBuffer(this.buffer, this.byteOffset + start, end > start ? end - start : 0);
};

proto.slice = function slice(start, end) {
  return this.subarray(start, end);
};

// The swaps reverse the bytes of each unit; where the buffer starts at a multiple of 4, a
// Uint32Array over it does four bytes at a time, some 4 times faster.
const swapWords = (buf) => (buf.byteOffset % 4 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2) : null);
const reverseWord = (word) => (word >>> 24) | ((word >>> 8) & 0xff00) | ((word & 0xff00) << 8) | (word << 24);

function swapBytes(buf, i, j) {
  const byte = buf[i];
  buf[i] = buf[j];
  buf[j] = byte;
}

proto.swap16 = function swap16() {
  const length = this.length;
  if (length % 2 !== 0) throw new ERR_INVALID_BUFFER_SIZE("16-bits");
  let i = 0;
  const words = swapWords(this);
  if (words !== null) {
    for (let k = 0; k < words.length; k++) {
      const word = words[k];
      words[k] = ((word >>> 8) & 0x00ff00ff) | ((word & 0x00ff00ff) << 8);
    }
    i = words.length * 4;
  }
  for (; i < length; i += 2) swapBytes(this, i, i + 1);
  return this;
};

proto.swap32 = function swap32() {
  const length = this.length;
  if (length % 4 !== 0) throw new ERR_INVALID_BUFFER_SIZE("32-bits");
  const words = swapWords(this);
  if (words !== null) {
    for (let k = 0; k < words.length; k++) words[k] = reverseWord(words[k]);
  } else {
    for (let i = 0; i < length; i += 4) {
      swapBytes(this, i, i + 3);
      swapBytes(this, i + 1, i + 2);
    }
  }
  return this;
};

proto.swap64 = function swap64() {
  const length = this.length;
  if (length % 8 !== 0) throw new ERR_INVALID_BUFFER_SIZE("64-bits");
  const words = swapWords(this);
  if (words !== null) {
    for (let k = 0; k < words.length; k += 2) {
      const low = words[k];
      words[k] = reverseWord(words[k + 1]);
      words[k + 1] = reverseWord(low);
    }
  } else {
    for (let i = 0; i < length; i += 8) {
      for (let j = 0; j < 4; j++) swapBytes(this, i + j, i + 7 - j);
    }
  }
  return this;
};

proto.toLocaleString = proto.toString;

// ---------------------------------------------------------------------------------------------
// isUtf8, isAscii.

// The bytes of a typed array or an ArrayBuffer, after Node's checks.
function validatedBytes(input) {
  const arrayBuffer = isAnyArrayBuffer(input);
  if (!arrayBuffer && !isTypedArray(input)) {
    throw new ERR_INVALID_ARG_TYPE("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
  }
  if ((arrayBuffer ? input : input.buffer).detached) {
    throw nativeError(Error, "ERR_INVALID_STATE", "Cannot validate on a detached buffer");
  }
  return arrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}

function isUtf8(input) {
  return isWellFormedUtf8(validatedBytes(input));
}

function isAscii(input) {
  return !/[\x80-\xff]/.test(latin1String(validatedBytes(input)));
}

module.exports = {
  Buffer,
  SlowBuffer,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa: globalThis.btoa,
  atob: globalThis.atob,
};

// Blob and File are loaded on first use: a bundle has their modules when the app's code names
// them (edgebox_node::NAMED_MODULES), so they are required by names the bundler does not follow.
const BLOB_MODULE = "node:internal/blob";
const FILE_MODULE = "node:internal/file";

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  INSPECT_MAX_BYTES: {
    configurable: true,
    enumerable: true,
    get() {
      return INSPECT_MAX_BYTES;
    },
    set(value) {
      validateNumber(value, "INSPECT_MAX_BYTES", 0);
      INSPECT_MAX_BYTES = value;
    },
  },
  Blob: {
    configurable: true,
    enumerable: true,
    get() {
      return require(BLOB_MODULE).Blob;
    },
  },
  File: {
    configurable: true,
    enumerable: true,
    get() {
      return require(FILE_MODULE).File;
    },
  },
});
