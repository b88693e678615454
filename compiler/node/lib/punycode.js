// Node 20's deprecated `punycode` (the punycode.js 2.1.0 API it bundles): RFC 3492's Bootstring
// with Punycode's parameters, `encode`/`decode` on code points (`ucs2.decode`/`ucs2.encode`:
// strings to code points, lone surrogates kept) and `toASCII`/`toUnicode` label by label with no
// IDNA validation (URL's stricter IDNA is in internal/url). Errors are RangeErrors with
// punycode.js's messages. Packages still require it (whatwg-url, so node-fetch 2).
"use strict";

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 2147483647;

const MESSAGES = {
  overflow: "Overflow: input needs wider integers to process",
  "not-basic": "Illegal input >= 0x80 (not a basic code point)",
  "invalid-input": "Invalid input",
};

function fail(kind) {
  throw new RangeError(MESSAGES[kind]);
}

// RFC 3492 section 6.1.
function adapt(delta, points, first) {
  let k = 0;
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  for (; delta > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) {
    delta = Math.floor(delta / (BASE - T_MIN));
  }
  return Math.floor(k + ((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

function threshold(k, bias) {
  if (k <= bias) return T_MIN;
  if (k >= bias + T_MAX) return T_MAX;
  return k - bias;
}

// A digit's value: '0'-'9' are 26-35, letters 0-25 in either case; BASE for anything else.
function digitOf(code) {
  if (code >= 0x30 && code < 0x3a) return 26 + code - 0x30;
  if (code >= 0x41 && code < 0x5b) return code - 0x41;
  if (code >= 0x61 && code < 0x7b) return code - 0x61;
  return BASE;
}

// A digit's lower-case basic code point.
function basicOf(digit) {
  return digit + 22 + 75 * (digit < 26);
}

function ucs2decode(string) {
  const output = [];
  for (let i = 0; i < string.length; i++) {
    const value = string.charCodeAt(i);
    if (value >= 0xd800 && value <= 0xdbff && i + 1 < string.length) {
      const next = string.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) {
        output.push(((value & 0x3ff) << 10) + (next & 0x3ff) + 0x10000);
        i++;
        continue;
      }
    }
    output.push(value);
  }
  return output;
}

function ucs2encode(codePoints) {
  return String.fromCodePoint(...codePoints);
}

function decode(input) {
  const output = [];
  const basic = Math.max(input.lastIndexOf("-"), 0);
  for (let j = 0; j < basic; j++) {
    if (input.charCodeAt(j) >= 0x80) fail("not-basic");
    output.push(input.charCodeAt(j));
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldi = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) fail("invalid-input");
      const digit = digitOf(input.charCodeAt(index++));
      if (digit >= BASE) fail("invalid-input");
      if (digit > Math.floor((MAX_INT - i) / w)) fail("overflow");
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) fail("overflow");
      w *= BASE - t;
    }
    const points = output.length + 1;
    bias = adapt(i - oldi, points, oldi === 0);
    if (Math.floor(i / points) > MAX_INT - n) fail("overflow");
    n += Math.floor(i / points);
    i %= points;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

function encode(input) {
  const codePoints = ucs2decode(input);
  const output = [];
  for (const value of codePoints) {
    if (value < 0x80) output.push(String.fromCharCode(value));
  }
  const basic = output.length;
  let handled = basic;
  if (basic) output.push("-");
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < codePoints.length) {
    let m = MAX_INT;
    for (const value of codePoints) {
      if (value >= n && value < m) m = value;
    }
    if (m - n > Math.floor((MAX_INT - delta) / (handled + 1))) fail("overflow");
    delta += (m - n) * (handled + 1);
    n = m;
    for (const value of codePoints) {
      if (value < n && ++delta > MAX_INT) fail("overflow");
      if (value !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        output.push(String.fromCharCode(basicOf(t + ((q - t) % (BASE - t)))));
        q = Math.floor((q - t) / (BASE - t));
      }
      output.push(String.fromCharCode(basicOf(q)));
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output.join("");
}

// `fn` applied to every label of a domain (the four dots of IDNA are separators), the local
// part of an e-mail address left alone.
function mapDomain(domain, fn) {
  const parts = domain.split("@");
  let result = "";
  if (parts.length > 1) {
    result = `${parts[0]}@`;
    domain = parts[1];
  }
  const labels = domain.replace(/[\x2E\u3002\uFF0E\uFF61]/g, ".").split(".");
  return result + labels.map(fn).join(".");
}

function toUnicode(input) {
  return mapDomain(input, (label) => (/^xn--/.test(label) ? decode(label.slice(4).toLowerCase()) : label));
}

function toASCII(input) {
  return mapDomain(input, (label) => (/[^\0-\x7E]/.test(label) ? `xn--${encode(label)}` : label));
}

module.exports = {
  version: "2.1.0",
  ucs2: { decode: ucs2decode, encode: ucs2encode },
  decode,
  encode,
  toASCII,
  toUnicode,
};
