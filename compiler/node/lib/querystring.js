// Node 20's `querystring`: parse/decode, stringify/encode, escape and unescape, returning what
// Node returns, quirks included (its scanner's handling of multi-character separators, the
// byte-wise fallback for malformed %-sequences, null-prototype results).
// `unescapeBuffer` returns a Uint8Array where Node returns a Buffer (same bytes).
// As in Node, parse and stringify call `querystring.unescape` / `querystring.escape` through
// the module's exports, so an app may replace them.
"use strict";

const { codes } = require("node:internal/errors");
const { utf8Decode } = require("node:internal/encoding");

// '%00' … '%FF'.
const HEX = Array.from({ length: 256 }, (_, byte) => `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`);

// The value of a hex digit's code unit, -1 for any other.
function hexValue(code) {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

// The ASCII characters `escape` leaves as they are: A-Z a-z 0-9 ! ' ( ) * - . _ ~
// (encodeURIComponent's set).
const UNRESERVED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!'()*-._~") {
  UNRESERVED[c.charCodeAt(0)] = 1;
}

// The bytes of `s` with each %XX replaced by its byte (and '+' by a space when
// `decodeSpaces`); a '%' not followed by two hex digits stays. Every other code unit becomes
// one byte, its low 8 bits, as Node's Buffer stores it.
function unescapeBuffer(s, decodeSpaces) {
  const bytes = new Uint8Array(s.length);
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x2b && decodeSpaces) {
      bytes[length++] = 0x20;
    } else if (code === 0x25 && i + 2 < s.length) {
      const high = hexValue(s.charCodeAt(i + 1));
      const low = high === -1 ? -1 : hexValue(s.charCodeAt(i + 2));
      if (low === -1) {
        bytes[length++] = 0x25;
      } else {
        bytes[length++] = high * 16 + low;
        i += 2;
      }
    } else {
      bytes[length++] = code;
    }
  }
  return bytes.subarray(0, length);
}

function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    // As Buffer#toString: each invalid sequence becomes U+FFFD.
    const bytes = QueryString.unescapeBuffer(s, decodeSpaces);
    return utf8Decode(bytes, 0, bytes.length, false);
  }
}

// `str` with every code unit outside UNRESERVED percent-encoded as UTF-8, as Node's encoder
// does it: a surrogate (high or low) takes the next code unit as the other half of its pair,
// whatever it is; one at the very end throws ERR_INVALID_URI.
function escape(str) {
  if (typeof str !== "string") str = typeof str === "object" ? String(str) : str + "";
  let out = "";
  let lastPos = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80 && UNRESERVED[c] === 1) continue;
    out += str.slice(lastPos, i);
    if (c < 0x80) {
      out += HEX[c];
    } else if (c < 0x800) {
      out += HEX[0xc0 | (c >> 6)] + HEX[0x80 | (c & 0x3f)];
    } else if (c < 0xd800 || c >= 0xe000) {
      out += HEX[0xe0 | (c >> 12)] + HEX[0x80 | ((c >> 6) & 0x3f)] + HEX[0x80 | (c & 0x3f)];
    } else {
      if (++i >= str.length) throw new codes.ERR_INVALID_URI();
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out +=
        HEX[0xf0 | (c >> 18)] + HEX[0x80 | ((c >> 12) & 0x3f)] + HEX[0x80 | ((c >> 6) & 0x3f)] + HEX[0x80 | (c & 0x3f)];
    }
    lastPos = i + 1;
  }
  return lastPos === 0 ? str : out + str.slice(lastPos);
}

// A key or value as stringify writes it: strings, finite numbers, bigints and booleans;
// anything else is ''.
function primitiveText(v) {
  if (typeof v === "string") return v;
  if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint") return `${v}`;
  if (typeof v === "boolean") return v ? "true" : "false";
  return "";
}

// With the default encoder, Node skips it where the text needs no escaping: empty strings,
// numbers below 1e21 (larger ones are written with an exponent, whose '+' is escaped),
// bigints and booleans.
function encodeWithDefault(v, encode) {
  if (typeof v === "string") return v.length ? encode(v) : "";
  if (typeof v === "number" && Number.isFinite(v)) return Math.abs(v) < 1e21 ? `${v}` : encode(`${v}`);
  return primitiveText(v);
}

function encodeWithCustom(v, encode) {
  return encode(primitiveText(v));
}

function stringify(obj, sep, eq, options) {
  sep = sep || "&";
  eq = eq || "=";
  let encode = QueryString.escape;
  if (options && typeof options.encodeURIComponent === "function") encode = options.encodeURIComponent;
  const convert = encode === escape ? encodeWithDefault : encodeWithCustom;
  if (obj === null || typeof obj !== "object") return "";
  let fields = "";
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const prefix = convert(key, encode) + eq;
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        if (fields) fields += sep;
        fields += prefix + convert(value[j], encode);
      }
    } else {
      if (fields) fields += sep;
      fields += prefix + convert(value, encode);
    }
  }
  return fields;
}

function decodeWith(s, decode) {
  try {
    return decode(s);
  } catch {
    return QueryString.unescape(s, true);
  }
}

// Adds a pair to parse's result: a key seen again collects its values in an array. (A custom
// decoder may return anything: as in Node, whatever has a `pop` is taken for that array.)
function addPair(obj, key, value, keyEncoded, valueEncoded, decode) {
  if (key.length > 0 && keyEncoded) key = decodeWith(key, decode);
  if (value.length > 0 && valueEncoded) value = decodeWith(value, decode);
  const current = obj[key];
  if (current === undefined) obj[key] = value;
  else if (current.pop) current[current.length] = value;
  else obj[key] = [current, value];
}

// Node's scanner, whose rules show in the results: `sep` and `eq` are matched one code unit
// at a time without backtracking (a mismatch restarts the match at the next code unit); a key
// or value is only decoded when a valid %XX was seen in it, or always with a custom decoder;
// '+' is a space (passed to a custom decoder as '%20'); empty pairs count towards maxKeys.
function parse(qs, sep, eq, options) {
  const obj = { __proto__: null };
  if (typeof qs !== "string" || qs.length === 0) return obj;

  const sepText = sep ? String(sep) : "&";
  const eqText = eq ? String(eq) : "=";
  const sepLen = sepText.length;
  const eqLen = eqText.length;

  // Pairs left to read; a count that never reaches 0 (-1, or a fraction) means no limit.
  let pairs = 1000;
  if (options && typeof options.maxKeys === "number") pairs = options.maxKeys > 0 ? options.maxKeys : -1;

  let decode = QueryString.unescape;
  if (options && typeof options.decodeURIComponent === "function") decode = options.decodeURIComponent;
  const customDecode = decode !== unescape;
  const plus = customDecode ? "%20" : " ";

  let key = "";
  let value = "";
  let keyEncoded = customDecode;
  let valueEncoded = customDecode;
  // 1 after a '%', 2 after '%' and a hex digit (3 is a full escape).
  let escapeSeen = 0;
  // Where the text not yet added to the key or value starts.
  let lastPos = 0;
  // How many code units of `sep` / `eq` are matched; eqIdx === eqLen once in the value.
  let sepIdx = 0;
  let eqIdx = 0;

  for (let i = 0; i < qs.length; i++) {
    const code = qs.charCodeAt(i);

    if (code === sepText.charCodeAt(sepIdx)) {
      if (++sepIdx < sepLen) continue;
      const end = i - sepLen + 1;
      sepIdx = 0;
      if (eqIdx < eqLen) {
        if (lastPos < end) {
          key += qs.slice(lastPos, end);
        } else if (key.length === 0) {
          // Nothing between two separators.
          if (--pairs === 0) return obj;
          lastPos = i + 1;
          eqIdx = 0;
          continue;
        }
      } else if (lastPos < end) {
        value += qs.slice(lastPos, end);
      }
      addPair(obj, key, value, keyEncoded, valueEncoded, decode);
      if (--pairs === 0) return obj;
      keyEncoded = valueEncoded = customDecode;
      key = value = "";
      escapeSeen = 0;
      lastPos = i + 1;
      eqIdx = 0;
      continue;
    }
    sepIdx = 0;

    if (eqIdx < eqLen) {
      // In the key.
      if (code === eqText.charCodeAt(eqIdx)) {
        if (++eqIdx === eqLen) {
          const end = i - eqLen + 1;
          if (lastPos < end) key += qs.slice(lastPos, end);
          escapeSeen = 0;
          lastPos = i + 1;
        }
        continue;
      }
      eqIdx = 0;
      if (!keyEncoded) {
        if (code === 0x25) {
          escapeSeen = 1;
          continue;
        }
        if (escapeSeen > 0) {
          if (hexValue(code) !== -1) {
            if (++escapeSeen === 3) keyEncoded = true;
            continue;
          }
          escapeSeen = 0;
        }
      }
      if (code === 0x2b) {
        key += qs.slice(lastPos, i) + plus;
        lastPos = i + 1;
        continue;
      }
    }

    // In the value, or (Node's scanner falls through here) a key character other than '+'
    // once the key is known to be encoded: either way it may mark the value as encoded.
    if (code === 0x2b) {
      value += qs.slice(lastPos, i) + plus;
      lastPos = i + 1;
    } else if (!valueEncoded) {
      if (code === 0x25) escapeSeen = 1;
      else if (escapeSeen > 0 && hexValue(code) !== -1) {
        if (++escapeSeen === 3) valueEncoded = true;
      } else escapeSeen = 0;
    }
  }

  if (lastPos < qs.length) {
    if (eqIdx < eqLen) key += qs.slice(lastPos);
    // (An empty `sep`, given as e.g. [], drops the rest of the value, as in Node.)
    else if (sepLen > 0) value += qs.slice(lastPos);
  } else if (eqIdx === 0 && key.length === 0) {
    // The string ended with a separator.
    return obj;
  }
  addPair(obj, key, value, keyEncoded, valueEncoded, decode);
  return obj;
}

// The members in Node's order.
const QueryString = {
  unescapeBuffer,
  unescape,
  escape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};

module.exports = QueryString;
