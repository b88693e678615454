// Node's `string_decoder`: decodes a byte stream chunk by chunk into strings, keeping a character
// split between chunks (UTF-8, UTF-16LE, a base64 group) until its last bytes arrive. The state
// lives, as in Node, in a 7-byte Buffer: the incomplete character (4 bytes), how many bytes it
// still misses, how many are buffered, and the encoding's number.
"use strict";

const { Buffer } = require("node:buffer");
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS, ERR_UNKNOWN_ENCODING },
} = require("node:internal/errors");
const { normalizeEncoding: normalizeBufferEncoding } = require("node:internal/encoding");

const kNativeDecoder = Symbol("kNativeDecoder");

const kMissingBytes = 4;
const kBufferedBytes = 5;
const kEncodingField = 6;
const kSize = 7;

// Node's numbering of the encodings (its C++ `enum encoding`).
const ENCODING_NUMBERS = { ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, base64url: 7 };

// Node's normalized name of `encoding` (absent: utf8); ERR_UNKNOWN_ENCODING for an unknown one.
function normalizeEncoding(encoding) {
  const name = normalizeBufferEncoding(encoding);
  if (name === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  return name;
}

function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  this[kNativeDecoder] = Buffer.alloc(kSize);
  this[kNativeDecoder][kEncodingField] = ENCODING_NUMBERS[this.encoding];
}

function bytesOf(view) {
  if (view instanceof Uint8Array) return view;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function makeString(bytes, start, end, encoding) {
  if (start >= end) return "";
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString(encoding);
}

// The bytes of `data` that complete the buffered character; returns where the rest begins and
// the completed character's text (undefined while it still misses bytes).
function completeBuffered(state, data, encoding) {
  let start = 0;
  let length = data.length;
  if (encoding === "utf8") {
    // A byte that is not a continuation ends the incomplete character: it is decoded as it is
    // (a replacement character) and the byte starts the next one.
    for (let i = 0; i < length && i < state[kMissingBytes]; i++) {
      if ((data[i] & 0xc0) !== 0x80) {
        state[kMissingBytes] = 0;
        state.set(data.subarray(0, i), state[kBufferedBytes]);
        state[kBufferedBytes] += i;
        start = i;
        length -= i;
        break;
      }
    }
  }
  const found = Math.min(length, state[kMissingBytes]);
  state.set(data.subarray(start, start + found), state[kBufferedBytes]);
  start += found;
  state[kMissingBytes] -= found;
  state[kBufferedBytes] += found;
  if (state[kMissingBytes] !== 0) return { start, prepend: undefined };
  const prepend = makeString(state, 0, state[kBufferedBytes], encoding);
  state[kBufferedBytes] = 0;
  return { start, prepend };
}

// How many bytes at the end of data[start, end) begin a character that is not complete yet;
// sets the state's missing count.
function splitTail(state, data, start, end, encoding) {
  if (encoding === "utf8") {
    if ((data[end - 1] & 0x80) === 0) return 0;
    let buffered = 0;
    for (let i = end - 1; ; i--) {
      buffered++;
      if ((data[i] & 0xc0) === 0x80) {
        // A continuation byte: more than 3 of them, or one at the chunk's start, is invalid
        // anyway and decoded as it is.
        if (buffered >= 4 || i === start) return 0;
        continue;
      }
      let total;
      if ((data[i] & 0xe0) === 0xc0) total = 2;
      else if ((data[i] & 0xf0) === 0xe0) total = 3;
      else if ((data[i] & 0xf8) === 0xf0) total = 4;
      else return 0;
      if (buffered >= total) return 0;
      state[kMissingBytes] = total - buffered;
      return buffered;
    }
  }
  if (encoding === "utf16le") {
    if ((end - start) % 2 === 1) {
      state[kMissingBytes] = 1;
      return 1;
    }
    if ((data[end - 1] & 0xfc) === 0xd8) {
      // The first half of a surrogate pair.
      state[kMissingBytes] = 2;
      return 2;
    }
    return 0;
  }
  const buffered = (end - start) % 3;
  if (buffered > 0) state[kMissingBytes] = 3 - buffered;
  return buffered;
}

function decode(state, data, encoding) {
  if (encoding !== "utf8" && encoding !== "utf16le" && encoding !== "base64" && encoding !== "base64url") {
    return makeString(data, 0, data.length, encoding);
  }
  let start = 0;
  let prepend = "";
  if (state[kMissingBytes] > 0) {
    const completed = completeBuffered(state, data, encoding);
    start = completed.start;
    if (completed.prepend !== undefined) prepend = completed.prepend;
  }
  if (start === data.length) return prepend;
  let end = data.length;
  const buffered = splitTail(state, data, start, end, encoding);
  if (buffered > 0) {
    end -= buffered;
    state.set(data.subarray(end, end + buffered), 0);
    state[kBufferedBytes] = buffered;
  }
  return prepend + makeString(data, start, end, encoding);
}

function flush(state, encoding) {
  if (encoding === "utf16le" && state[kBufferedBytes] % 2 === 1) {
    // A single trailing byte is dropped.
    state[kMissingBytes]--;
    state[kBufferedBytes]--;
  }
  if (state[kBufferedBytes] === 0) return "";
  const text = makeString(state, 0, state[kBufferedBytes], encoding);
  state[kMissingBytes] = 0;
  state[kBufferedBytes] = 0;
  return text;
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === "string") return buf;
  if (!ArrayBuffer.isView(buf)) throw new ERR_INVALID_ARG_TYPE("buf", ["Buffer", "TypedArray", "DataView"], buf);
  if (!this[kNativeDecoder]) throw new ERR_INVALID_THIS("StringDecoder");
  return decode(this[kNativeDecoder], bytesOf(buf), this.encoding);
};

StringDecoder.prototype.end = function end(buf) {
  let text = "";
  if (buf !== undefined) text = this.write(buf);
  if (this[kNativeDecoder][kBufferedBytes] > 0) text += flush(this[kNativeDecoder], this.encoding);
  return text;
};

// Undocumented legacy: decodes `buf` from `offset`, forgetting any incomplete character.
StringDecoder.prototype.text = function text(buf, offset) {
  this[kNativeDecoder][kMissingBytes] = 0;
  this[kNativeDecoder][kBufferedBytes] = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder].subarray(0, kMissingBytes);
    },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kMissingBytes];
    },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kNativeDecoder][kBufferedBytes] + this[kNativeDecoder][kMissingBytes];
    },
  },
});

module.exports = { StringDecoder };
