// Node's TextEncoder and TextDecoder (WHATWG Encoding: UTF-8, UTF-16LE, UTF-16BE and
// windows-1252, the encodings of Node's labels for these and for Latin-1 and ASCII), and the
// conversions between strings and bytes that buffer.js shares. Node's other (ICU) encodings are
// not supported: ERR_ENCODING_NOT_SUPPORTED.
//
// The bulk of every conversion runs in QuickJS-NG's C built-ins, 20 to 50 times faster than a loop
// over the bytes in the interpreter:
//   bytes → Latin-1 string (one char per byte)   atob(bytes.toBase64())
//   Latin-1 string → bytes                       Uint8Array.fromBase64(btoa(string))
//   string → Latin-1 string of its UTF-8 bytes   unescape(encodeURIComponent(string))
//   Latin-1 string of UTF-8 bytes → string       decodeURIComponent(escape(binary))
// decodeURIComponent accepts exactly the well-formed UTF-8 that WHATWG's decoder accepts and
// throws on anything else; then a loop does WHATWG's replacement (U+FFFD) for that part only.
"use strict";

const {
  codes: { ERR_ENCODING_NOT_SUPPORTED, ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS },
  nativeError,
} = require("node:internal/errors");
const { validateObject, validateString } = require("node:internal/validators");

// Typed arrays use the platform's byte order: little-endian on every EdgeBox target (WebAssembly
// is little-endian by definition), which UTF-16LE and the Buffer methods rely on.

// ---------------------------------------------------------------------------------------------
// Latin-1 and UTF-8 conversions.

// A view of bytes[start, end) that shares its memory.
function view(bytes, start, end) {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

// The string with one char per byte.
function latin1String(bytes) {
  return atob(bytes.toBase64());
}

// The bytes of a string whose chars are all below U+0100 (btoa throws on any other).
function latin1Bytes(string) {
  return Uint8Array.fromBase64(btoa(string));
}

// UTF-8 transcoding is native (node_encoding.c): lone surrogates become U+FFFD, as V8 writes
// them, and decoding is WHATWG's (each maximal invalid subpart becomes one U+FFFD).
const { encoding: nativeEncoding } = require("node:internal/native");

// The string's UTF-8 bytes, in a Uint8Array of its own memory.
function utf8Encode(string) {
  return new Uint8Array(nativeEncoding.utf8Encode(string));
}

function utf8ByteLength(string) {
  return nativeEncoding.utf8Length(string);
}

// How many UTF-16 code units the well-formed UTF-8 bytes decode to.
function utf8CodeUnits(bytes) {
  return nativeEncoding.utf8Decode(bytes, false).length;
}

// Whether a byte is a UTF-8 continuation byte (10xxxxxx).
const isContinuation = (byte) => (byte & 0xc0) === 0x80;

// For each byte as the first of a sequence: how many continuation bytes follow it, or
// kInvalidLead for one that starts none.
const kInvalidLead = 4;
const leadContinuations = new Uint8Array(256).map((_, lead) => {
  if (lead < 0x80) return 0;
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return kInvalidLead;
});

// For each lead byte, the range of the byte after it, narrowed to exclude overlong forms,
// surrogates and points past U+10FFFF.
const secondLower = new Uint8Array(256).map((_, lead) => (lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80));
const secondUpper = new Uint8Array(256).map((_, lead) => (lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf));

// WHATWG's UTF-8 decode of bytes[start, end) (invalid sequences become U+FFFD), or null if
// `fatal` and the bytes are not well-formed UTF-8. A BOM is kept.
function utf8Decode(bytes, start, end, fatal) {
  return nativeEncoding.utf8Decode(start === 0 && end === bytes.length ? bytes : view(bytes, start, end), fatal);
}

// Whether the bytes are well-formed UTF-8.
function isWellFormedUtf8(bytes) {
  return utf8Decode(bytes, 0, bytes.length, true) !== null;
}

// How many bytes at the end of bytes[0, end) are the start of a sequence that more bytes could
// complete: what a streaming decoder holds back for the next chunk.
function incompleteUtf8Tail(bytes, end) {
  for (let k = 1; k <= 3 && k <= end; k++) {
    const lead = bytes[end - k];
    if (isContinuation(lead)) continue;
    const needed = leadContinuations[lead];
    if (needed < k || needed === kInvalidLead) return 0;
    if (k >= 2) {
      const second = bytes[end - k + 1];
      if (second < secondLower[lead] || second > secondUpper[lead]) return 0;
    }
    return k;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// UTF-16.

// String.fromCharCode.apply takes this many code units at a time as its arguments.
const kUnitsChunk = 8192;

// The code units of bytes[start, start + 2 * count) (little-endian) as a string; lone surrogates
// are kept.
function utf16leString(bytes, start, count) {
  const byteOffset = bytes.byteOffset + start;
  // A Uint16Array needs an even byte offset; else the bytes are copied first.
  const codeUnits =
    byteOffset % 2 === 0
      ? new Uint16Array(bytes.buffer, byteOffset, count)
      : new Uint16Array(bytes.buffer.slice(byteOffset, byteOffset + 2 * count));
  return codeUnitsString(codeUnits);
}

function codeUnitsString(codeUnits) {
  const count = codeUnits.length;
  if (count <= kUnitsChunk) return String.fromCharCode.apply(null, codeUnits);
  const parts = [];
  for (let i = 0; i < count; i += kUnitsChunk) {
    parts.push(String.fromCharCode.apply(null, codeUnits.subarray(i, i + kUnitsChunk)));
  }
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// TextEncoder.

// Node marks its encoders and decoders with an own symbol property, which inspect counts as a
// key (so that at depth -1 one shows as `[TextEncoder]`).
const kEncoder = Symbol("encoder");
const kDecoder = Symbol("decoder");

class TextEncoder {
  constructor() {
    this[kEncoder] = true;
  }

  get encoding() {
    validateEncoder(this);
    return "utf-8";
  }

  encode(input = "") {
    validateEncoder(this);
    return utf8Encode(`${input}`);
  }

  // Writes as many whole characters of `src` as fit into `dest`.
  encodeInto(src, dest) {
    validateEncoder(this);
    validateString(src, "src");
    if (!isUint8Array(dest)) throw new ERR_INVALID_ARG_TYPE("dest", "Uint8Array", dest);
    // Characters past the first dest.length code units cannot fit: each takes a byte at least.
    const text = src.length > dest.length ? src.slice(0, dest.length) : src;
    let bytes = utf8Encode(text);
    let read = text.length;
    if (bytes.length > dest.length) {
      let fit = dest.length;
      while (fit > 0 && isContinuation(bytes[fit])) fit--;
      bytes = bytes.subarray(0, fit);
      read = utf8CodeUnits(bytes);
    }
    dest.set(bytes);
    return { read, written: bytes.length };
  }

  [Symbol.for("nodejs.util.inspect.custom")](depth, options) {
    validateEncoder(this);
    if (typeof depth === "number" && depth < 0) return this;
    const shown = { __proto__: { constructor: constructorOf(this) ?? TextEncoder } };
    shown.encoding = this.encoding;
    return require("node:internal/inspect").inspect(shown, options);
  }
}

function validateEncoder(value) {
  if (value == null || value[kEncoder] !== true) throw new ERR_INVALID_THIS("TextEncoder");
}

// ---------------------------------------------------------------------------------------------
// TextDecoder.

// WHATWG's labels of the encodings supported, by encoding name.
const kLabels = {
  "utf-8": ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"],
  "utf-16le": ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"],
  "utf-16be": ["unicodefffe", "utf-16be"],
  "windows-1252": [
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
    "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii",
    "windows-1252", "x-cp1252",
  ],
};
const encodingOfLabel = new Map();
for (const [encoding, labels] of Object.entries(kLabels)) {
  for (const label of labels) encodingOfLabel.set(label, encoding);
}

// The encoding a label names, with WHATWG's trimming of ASCII whitespace.
function encodingFromLabel(label) {
  const trimmed = label.toLowerCase().replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
  return encodingOfLabel.get(label) ?? encodingOfLabel.get(trimmed);
}

// windows-1252's code points for bytes 0x80 to 0x9f (the others are Latin-1's).
const kWindows1252 =
  "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f" +
  "\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178";
const c1Controls = /[\x80-\x9f]/g;
const windows1252Char = (char) => kWindows1252[char.charCodeAt(0) - 0x80];

// Node's flags for a decoder, shown by inspect with showHidden.
const kFatalFlag = 0x2;
const kIgnoreBomFlag = 0x4;
const kFlags = Symbol("flags");
const kHandle = Symbol("handle");

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const isUint8Array = (value) => typedArrayTag.call(value) === "Uint8Array";
const isAnyArrayBuffer = (value) =>
  value instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer);

// The first constructor found on the prototype chain, as Node's getConstructorOf.
function constructorOf(object) {
  for (let proto = object; proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, "constructor");
    if (descriptor !== undefined && typeof descriptor.value === "function" && descriptor.value.name !== "") {
      return descriptor.value;
    }
  }
  return null;
}

let isDecoder;
class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #flags;
  // Until a call streams, Node decodes UTF-8 and windows-1252 on a path that does not validate
  // the options, and there decodes windows-1252 as Latin-1.
  #fastPath;
  // Streaming state: the bytes held back from the last chunk (or null), and whether the BOM
  // position has been passed.
  #pending = null;
  #bomSeen = false;

  static {
    isDecoder = (value) => typeof value === "object" && value !== null && #encoding in value;
  }

  constructor(encoding = "utf-8", options = {}) {
    encoding = `${encoding}`;
    validateObject(options, "options", { nullable: true, allowArray: true, allowFunction: true });
    const name = encodingFromLabel(encoding);
    if (name === undefined) throw new ERR_ENCODING_NOT_SUPPORTED(encoding);
    let flags = 0;
    // Read in Node's order: getters on `options` see it.
    if (options !== null) {
      if (options.fatal) flags |= kFatalFlag;
      if (options.ignoreBOM) flags |= kIgnoreBomFlag;
    }
    this.#flags = flags;
    this.#encoding = name;
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
    this.#fatal = Boolean(options?.fatal);
    this.#fastPath = name === "utf-8" || name === "windows-1252";
    this[kDecoder] = true;
  }

  decode(input = empty, options = {}) {
    validateDecoder(this);
    if (this.#fastPath && options?.stream) this.#fastPath = false;
    let stream = false;
    if (this.#fastPath && this.#encoding === "windows-1252") {
      let bytes = inputBytes(input, "ArrayBuffer, SharedArrayBuffer, or ArrayBufferView.");
      // Node 20 drops a first byte 0xff there when ignoreBOM is set.
      if (this.#ignoreBOM && bytes[0] === 0xff) bytes = bytes.subarray(1);
      return latin1String(bytes);
    }
    if (this.#fastPath) {
      input = inputBytes(input, "SharedArrayBuffer, ArrayBuffer or ArrayBufferView.", "list");
    } else {
      validateObject(options, "options", { nullable: true, allowArray: true, allowFunction: true });
      stream = options !== null && Boolean(options.stream);
      input = inputBytes(input, "SharedArrayBuffer, ArrayBuffer or ArrayBufferView.");
    }
    if (this.#encoding === "windows-1252") {
      const text = latin1String(input);
      return text.search(c1Controls) === -1 ? text : text.replace(c1Controls, windows1252Char);
    }

    let bytes = input;
    if (this.#pending !== null) {
      bytes = new Uint8Array(this.#pending.length + input.length);
      bytes.set(this.#pending);
      bytes.set(input, this.#pending.length);
      this.#pending = null;
    }
    let text;
    try {
      text = this.#encoding === "utf-8" ? this.#decodeUtf8(bytes, stream) : this.#decodeUtf16(bytes, stream);
    } catch (err) {
      // A fatal error ends the stream.
      this.#pending = null;
      this.#bomSeen = false;
      throw err;
    }
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      this.#bomSeen = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!stream) this.#bomSeen = false;
    return text;
  }

  get encoding() {
    validateDecoder(this);
    return this.#encoding;
  }

  get fatal() {
    validateDecoder(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    validateDecoder(this);
    return this.#ignoreBOM;
  }

  #decodeUtf8(bytes, stream) {
    let end = bytes.length;
    if (stream) {
      const held = incompleteUtf8Tail(bytes, end);
      if (held > 0) {
        end -= held;
        this.#pending = bytes.slice(end);
      }
    }
    const text = utf8Decode(bytes, 0, end, this.#fatal);
    if (text === null) throw invalidData(this.#encoding);
    return text;
  }

  #decodeUtf16(bytes, stream) {
    let end = bytes.length;
    const odd = end % 2 === 1;
    if (odd) end--;
    const bigEndian = this.#encoding === "utf-16be";
    const unitAt = (i) => (bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
    const isLead = (unit) => unit >= 0xd800 && unit <= 0xdbff;
    if (stream) {
      // Hold back an odd byte, and a lead surrogate that the next chunk may pair.
      let keep = end;
      if (keep >= 2 && isLead(unitAt(keep - 2))) keep -= 2;
      if (keep < bytes.length) this.#pending = bytes.slice(keep);
      end = keep;
    } else if (odd && end >= 2 && isLead(unitAt(end - 2))) {
      // A lead surrogate and an odd byte at the end are one error together.
      end -= 2;
    }
    let text;
    if (bigEndian) {
      const codeUnits = new Uint16Array(end / 2);
      for (let i = 0; i < codeUnits.length; i++) codeUnits[i] = unitAt(2 * i);
      text = codeUnitsString(codeUnits);
    } else {
      text = utf16leString(bytes, 0, end / 2);
    }
    const truncated = odd && !stream;
    if (this.#fatal && (truncated || !text.isWellFormed())) throw invalidData(this.#encoding);
    text = text.toWellFormed();
    return truncated ? `${text}\ufffd` : text;
  }

  [Symbol.for("nodejs.util.inspect.custom")](depth, options) {
    validateDecoder(this);
    if (typeof depth === "number" && depth < 0) return this;
    const constructor = constructorOf(this) ?? TextDecoder;
    const shown = { __proto__: { constructor } };
    shown.encoding = this.#encoding;
    shown.fatal = this.#fatal;
    shown.ignoreBOM = this.#ignoreBOM;
    if (options.showHidden) {
      shown[kFlags] = this.#flags;
      shown[kHandle] = undefined;
    }
    return `${constructor.name} ${require("node:internal/inspect").inspect(shown)}`;
  }
}

const empty = new Uint8Array(0);

function validateDecoder(value) {
  if (!isDecoder(value)) throw new ERR_INVALID_THIS("TextDecoder");
}

// The bytes of a decoder's input, or Node's error (its C++ layer's) naming the accepted types.
function inputBytes(input, accepted, name = "input") {
  if (isAnyArrayBuffer(input)) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const message = `The "${name}" argument must be an instance of ${accepted}`;
  throw nativeError(TypeError, "ERR_INVALID_ARG_TYPE", message);
}

function invalidData(encoding) {
  const message = `The encoded data was not valid for encoding ${encoding}`;
  return nativeError(TypeError, "ERR_ENCODING_INVALID_ENCODED_DATA", message);
}

// Node's prototypes: methods and getters enumerable, and a toStringTag.
for (const [Class, name, members] of [
  [TextEncoder, "TextEncoder", ["encoding", "encode", "encodeInto"]],
  [TextDecoder, "TextDecoder", ["decode", "encoding", "fatal", "ignoreBOM"]],
]) {
  for (const member of members) Object.defineProperty(Class.prototype, member, { enumerable: true });
  Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

// Every name Node accepts for a Buffer encoding (any case), to Node's normalized name.
const encodingNames = {
  __proto__: null,
  utf8: "utf8",
  "utf-8": "utf8",
  ucs2: "utf16le",
  "ucs-2": "utf16le",
  utf16le: "utf16le",
  "utf-16le": "utf16le",
  latin1: "latin1",
  binary: "latin1",
  ascii: "ascii",
  base64: "base64",
  base64url: "base64url",
  hex: "hex",
};

function normalizeEncodingName(encoding) {
  return encodingNames[encoding] ?? encodingNames[encoding.toLowerCase()];
}

// Node's normalizeEncoding: absent or '' is utf8; undefined for an unknown name.
function normalizeEncoding(encoding) {
  if (encoding == null || encoding === "") return "utf8";
  return typeof encoding === "string" ? normalizeEncodingName(encoding) : undefined;
}

module.exports = {
  TextEncoder,
  TextDecoder,
  isUint8Array,
  isAnyArrayBuffer,
  view,
  latin1String,
  latin1Bytes,
  utf8Encode,
  utf8ByteLength,
  utf8Decode,
  isWellFormedUtf8,
  isContinuation,
  utf16leString,
  normalizeEncodingName,
  normalizeEncoding,
};
