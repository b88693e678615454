// The WHATWG URL Standard (https://url.spec.whatwg.org/) as Node 20 implements it, with Ada
// 2.9 (its departures from the spec are kept, each marked "As Ada"): the URL parser and
// serializer, hosts (domains, IPv4 in all its number forms, IPv6, opaque hosts), the setters,
// `URL` and `URLSearchParams` with Node's errors, inspection and quirks (URLSearchParams
// decodes with querystring.unescape, as Node's does), and the helpers node:url exports
// (fileURLToPath, pathToFileURL, urlToHttpOptions, domainToASCII/Unicode).
//
// IDNA: domains go through a reduced UTS #46 ToASCII, without Unicode's mapping table:
// - the mapping is approximated by NFKC, then lowercasing (String.prototype.toLowerCase),
//   dropping the code points UTS #46 ignores (soft hyphen, zero-width space…) and reading
//   U+3002 and U+FF61 as dots; a code point that would map to a dot ('⒈') is refused;
// - a label is refused when it starts with a mark or holds a control, format (but ZWJ/ZWNJ),
//   unassigned, private-use or separator code point, or one of a few symbols UTS #46
//   disallows; ZWJ/ZWNJ are checked by ContextJ with Ada's tables, and labels by Ada's Bidi
//   rule with Bidi classes approximated from blocks and general categories;
// - non-ASCII labels are Punycode-encoded (RFC 3492); 'xn--' labels are decoded and must be
//   valid Punycode of a non-empty label that needs no mapping.
// So Node's results differ for the code points the table maps otherwise than NFKC and
// lowercasing ('ẞ' → 'ss') or disallows, and where the engine's Unicode version differs from
// Ada's table.
"use strict";

const {
  codes: {
    ERR_ARG_NOT_ITERABLE,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_FILE_URL_HOST,
    ERR_INVALID_FILE_URL_PATH,
    ERR_INVALID_THIS,
    ERR_INVALID_TUPLE,
    ERR_INVALID_URI,
    ERR_INVALID_URL,
    ERR_INVALID_URL_SCHEME,
    ERR_MISSING_ARGS,
  },
  nativeError,
} = require("node:internal/errors");
const { validateFunction } = require("node:internal/validators");
const path = require("node:path");
const querystring = require("node:querystring");

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const toUSVString = (value) => String.prototype.toWellFormed.call(value);

// ---- percent-encoding -------------------------------------------------------------------

const HEX = Array.from({ length: 256 }, (_, byte) => `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`);

// A percent-encode set: the ASCII code points it holds are flagged; every code point above
// U+007E is in every set.
function encodeSet(base, extra) {
  const set = new Uint8Array(128);
  if (base) set.set(base);
  for (const c of extra) set[c.charCodeAt(0)] = 1;
  return set;
}
const C0_CONTROL_SET = encodeSet(null, "\x7f");
C0_CONTROL_SET.fill(1, 0, 0x20);
const FRAGMENT_SET = encodeSet(C0_CONTROL_SET, ' "<>`');
const QUERY_SET = encodeSet(C0_CONTROL_SET, ' "#<>');
const SPECIAL_QUERY_SET = encodeSet(QUERY_SET, "'");
// Ada 2.9 (Node 20) leaves '^' in paths alone.
const PATH_SET = encodeSet(QUERY_SET, "?`{}");
const USERINFO_SET = encodeSet(PATH_SET, "/:;=@[\\]^|");
const COMPONENT_SET = encodeSet(USERINFO_SET, "$%&+,");
const FORM_SET = encodeSet(COMPONENT_SET, "!'()~");

// The %XX form of a code point's UTF-8 bytes.
function utf8PercentEncode(cp) {
  if (cp < 0x80) return HEX[cp];
  if (cp < 0x800) return HEX[0xc0 | (cp >> 6)] + HEX[0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return HEX[0xe0 | (cp >> 12)] + HEX[0x80 | ((cp >> 6) & 0x3f)] + HEX[0x80 | (cp & 0x3f)];
  return (
    HEX[0xf0 | (cp >> 18)] + HEX[0x80 | ((cp >> 12) & 0x3f)] + HEX[0x80 | ((cp >> 6) & 0x3f)] + HEX[0x80 | (cp & 0x3f)]
  );
}

function percentEncodeCodePoint(cp, set) {
  return cp < 0x80 && set[cp] !== 1 ? String.fromCharCode(cp) : utf8PercentEncode(cp);
}

// `str` with the code points in `set` percent-encoded (space as '+' when `spaceAsPlus`). As
// Node's encoder, a lone surrogate takes the next code unit as its other half, and one at the
// end throws ERR_INVALID_URI (only url.format's `auth` can have one: other strings are
// well-formed by then).
function percentEncodeString(str, set, spaceAsPlus = false) {
  let out = "";
  let lastPos = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80 && set[c] !== 1) continue;
    out += str.slice(lastPos, i);
    if (c >= 0xd800 && c < 0xe000) {
      if (++i >= str.length) throw new ERR_INVALID_URI();
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
    }
    out += c === 0x20 && spaceAsPlus ? "+" : utf8PercentEncode(c);
    lastPos = i + 1;
  }
  return lastPos === 0 ? str : out + str.slice(lastPos);
}

// ---- code point classes -----------------------------------------------------------------

const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isAlpha = (c) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
const isHexDigit = (c) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

// Hosts of special URLs may not hold these; opaque hosts may not hold FORBIDDEN_HOST.
const FORBIDDEN_HOST = /[\0\t\n\r #/:<>?@[\\\]^|]/;
const FORBIDDEN_DOMAIN = /[\0-\x20#%/:<>?@[\\\]^|\x7f]/;

// ---- IPv4 -------------------------------------------------------------------------------

// A part of an IPv4 address: decimal, 0x-prefixed hex, or 0-prefixed octal; null if invalid.
function parseIPv4Number(text) {
  if (text === "") return null;
  let radix = 10;
  if (text.length >= 2 && text[0] === "0" && (text[1] === "x" || text[1] === "X")) {
    text = text.slice(2);
    radix = 16;
  } else if (text.length >= 2 && text[0] === "0") {
    text = text.slice(1);
    radix = 8;
  }
  if (text === "") return 0;
  const digits = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
  return digits.test(text) ? parseInt(text, radix) : null;
}

// Whether a domain is to be parsed as an IPv4 address: its last label (a trailing dot aside)
// is a number.
function endsInANumber(domain) {
  // (Quickly: a number ends in a digit, or is '0x' with hex digits, maybe none.)
  const end = domain.charCodeAt(domain.length - (domain.endsWith(".") ? 2 : 1));
  if (!isHexDigit(end) && (end | 0x20) !== 0x78) return false;
  const parts = domain.split(".");
  if (parts[parts.length - 1] === "") {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  return /^[0-9]+$/.test(last) || parseIPv4Number(last) !== null;
}

// The address as a 32-bit number, null if invalid: up to four numbers, the last one filling
// the bytes the others leave ('127.1' is 127.0.0.1).
function parseIPv4(domain) {
  const parts = domain.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return null;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop();
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((address, n, i) => address + n * 256 ** (3 - i), last);
}

function serializeIPv4(address) {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join(".");
}

// ---- IPv6 -------------------------------------------------------------------------------

// The eight 16-bit pieces of an address written between brackets, null if invalid.
function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  const at = (i) => (i < input.length ? input.charCodeAt(i) : -1);
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;
  if (at(0) === 0x3a) {
    if (at(1) !== 0x3a) return null;
    pointer = 2;
    compress = ++pieceIndex;
  }
  while (at(pointer) !== -1) {
    if (pieceIndex === 8) return null;
    if (at(pointer) === 0x3a) {
      if (compress !== null) return null;
      pointer++;
      compress = ++pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && isHexDigit(at(pointer))) {
      value = value * 16 + parseInt(input[pointer], 16);
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {
      // An IPv4 address in the last two pieces.
      if (length === 0 || pieceIndex > 6) return null;
      pointer -= length;
      let numbersSeen = 0;
      while (at(pointer) !== -1) {
        if (numbersSeen > 0) {
          if (at(pointer) !== 0x2e || numbersSeen >= 4) return null;
          pointer++;
        }
        if (!isDigit(at(pointer))) return null;
        let octet = null;
        while (isDigit(at(pointer))) {
          const digit = at(pointer) - 0x30;
          if (octet === 0) return null;
          octet = octet === null ? digit : octet * 10 + digit;
          if (octet > 255) return null;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + octet;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    }
    if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === -1) return null;
    } else if (at(pointer) !== -1) {
      return null;
    }
    address[pieceIndex++] = value;
  }
  if (compress !== null) {
    // Move the pieces after '::' to the end.
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const other = compress + swaps - 1;
      [address[pieceIndex], address[other]] = [address[other], address[pieceIndex]];
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

// Lowercase hex pieces, the first longest run of two or more zero pieces written '::'.
function serializeIPv6(address) {
  let compress = -1;
  let longest = 1;
  for (let i = 0; i < 8; ) {
    let end = i;
    while (end < 8 && address[end] === 0) end++;
    if (end - i > longest) {
      compress = i;
      longest = end - i;
    }
    i = end === i ? i + 1 : end;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === compress) {
      out += i === 0 ? "::" : ":";
      i += longest - 1;
      continue;
    }
    out += address[i].toString(16);
    if (i !== 7) out += ":";
  }
  return out;
}

// ---- IDNA -------------------------------------------------------------------------------

const PUNY_BASE = 36;
const PUNY_TMIN = 1;
const PUNY_TMAX = 26;
const PUNY_MAX = 0x7fffffff;

function punycodeAdapt(delta, points, first) {
  delta = first ? Math.floor(delta / 700) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) >> 1) {
    delta = Math.floor(delta / (PUNY_BASE - PUNY_TMIN));
    k += PUNY_BASE;
  }
  return k + Math.floor(((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + 38));
}

const punycodeThreshold = (k, bias) => (k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias);

// The Punycode of a label (without 'xn--'), null on overflow.
function punycodeEncode(label) {
  const cps = Array.from(label, (ch) => ch.codePointAt(0));
  let out = cps.filter((cp) => cp < 0x80).map((cp) => String.fromCharCode(cp)).join("");
  const basic = out.length;
  if (basic > 0) out += "-";
  const digit = (d) => String.fromCharCode(d < 26 ? 0x61 + d : 0x30 + d - 26);
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  for (let handled = basic; handled < cps.length; ) {
    const m = Math.min(...cps.filter((cp) => cp >= n));
    delta += (m - n) * (handled + 1);
    if (delta > PUNY_MAX) return null;
    n = m;
    for (const cp of cps) {
      if (cp < n) delta++;
      if (cp !== n) continue;
      let q = delta;
      for (let k = PUNY_BASE; ; k += PUNY_BASE) {
        const t = punycodeThreshold(k, bias);
        if (q < t) break;
        out += digit(t + ((q - t) % (PUNY_BASE - t)));
        q = Math.floor((q - t) / (PUNY_BASE - t));
      }
      out += digit(q);
      bias = punycodeAdapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

// The label a Punycode string (without 'xn--') encodes, null if it is not valid Punycode or
// encodes an ASCII code point outside the basic part.
function punycodeDecode(input) {
  const out = [];
  const end = input.lastIndexOf("-");
  let pos = 0;
  if (end !== -1) {
    for (; pos < end; pos++) out.push(input.charCodeAt(pos));
    pos++;
  }
  let n = 0x80;
  let i = 0;
  let bias = 72;
  while (pos < input.length) {
    const oldi = i;
    let w = 1;
    for (let k = PUNY_BASE; ; k += PUNY_BASE) {
      if (pos >= input.length) return null;
      const c = input.charCodeAt(pos++);
      const digit = isDigit(c) ? c - 0x30 + 26 : isAlpha(c) ? (c | 0x20) - 0x61 : -1;
      if (digit < 0 || digit > Math.floor((PUNY_MAX - i) / w)) return null;
      i += digit * w;
      const t = punycodeThreshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(PUNY_MAX / (PUNY_BASE - t))) return null;
      w *= PUNY_BASE - t;
    }
    bias = punycodeAdapt(i - oldi, out.length + 1, oldi === 0);
    if (Math.floor(i / (out.length + 1)) > PUNY_MAX - n) return null;
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n < 0x80 || n > 0x10ffff || (n >= 0xd800 && n < 0xe000)) return null;
    out.splice(i++, 0, n);
  }
  return String.fromCodePoint(...out);
}

const NON_ASCII = /[^\0-\x7f]/;
const FULL_STOPS = /[\u3002\uFF0E\uFF61]/g;
// The code points UTS #46 maps to nothing.
const IGNORED = /[\u00AD\u034F\u180B-\u180D\u180F\u200B\u2060\u2064\uFE00-\uFE0F\uFEFF\u{1BCA0}-\u{1BCA3}\u{E0100}-\u{E01EF}]/gu;
// What UTS #46 would refuse in a label, as far as Unicode's properties tell without its
// table: controls, format characters (but ZWNJ and ZWJ), unassigned, private use, surrogates,
// separators, and a few others it disallows (fillers, ideographic description characters,
// U+FFFC, U+FFFD…); a leading combining mark.
const DISALLOWED =
  /(?![\u200C\u200D])[\p{C}\p{Z}\u115F\u1160\u17B4\u17B5\u1806\u2FF0-\u2FFF\u3164\uFE12\uFFA0\uFFFC\uFFFD\u{2F868}\u{2F874}\u{2F91F}\u{2F95F}\u{2F9BF}]|^\p{M}/u;
// For CheckJoiners (ContextJ), with ada's tables: the viramas (Canonical_Combining_Class 9),
// the letters joining on their left side (Joining_Type L or D) and on their right side (R or
// D).
const VIRAMA =
  /[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D3B\u0D3C\u0D4D\u0DCA\u0E3A\u0EBA\u0F84\u1039\u103A\u1714\u1734\u17D2\u1A60\u1B44\u1BAA\u1BAB\u1BF2\u1BF3\u2D7F\uA806\uA82C\uA8C4\uA953\uA9C0\uAAF6\uABED\u{10A3F}\u{11046}\u{1107F}\u{110B9}\u{11133}\u{11134}\u{111C0}\u{11235}\u{112EA}\u{1134D}\u{11442}\u{114C2}\u{115BF}\u{1163F}\u{116B6}\u{1172B}\u{11839}\u{1193D}\u{1193E}\u{119E0}\u{11A34}\u{11A47}\u{11A99}\u{11C3F}\u{11D44}\u{11D45}\u{11D97}]/u;
const JOINING_D =
  "\u0620\u0626\u0628\u062A-\u062E\u0633-\u063F\u0641-\u0647\u0649\u064A\u066E\u066F\u0678-\u0687\u069A-\u06BF\u06C1\u06C2\u06CC\u06CE\u06D0\u06D1\u06FA-\u06FC\u06FF\u0712-\u0714\u071A-\u071D\u071F-\u0727\u0729\u072B\u072D\u072E\u074E-\u0758\u075C-\u0766\u0850-\u0853\u0855\u08A0\u08A2-\u08A9\u1807\u1820-\u1877\u1887-\u18A8\u18AA\uA840-\uA871";
const JOINS_AFTER = new RegExp(`[\\uA872${JOINING_D}]`);
const JOINS_BEFORE = new RegExp(
  `[\\u0622-\\u0625\\u0627\\u0629\\u062F-\\u0632\\u0648\\u0671-\\u0673\\u0675-\\u0677\\u0688-\\u0699\\u06C0\\u06C3-\\u06CB\\u06CD\\u06CF\\u06D2\\u06D3\\u06D5\\u06EE\\u06EF\\u0710\\u0715-\\u0719\\u071E\\u0728\\u072A\\u072C\\u072F\\u074D\\u0759-\\u075B\\u0854\\u08AA-\\u08AC${JOINING_D}]`,
);

// Bidi classes for CheckBidi, approximated from general categories and blocks: non-spacing
// marks; Arabic digits (AN); European digits (EN); the right-to-left blocks (R, AL), but for a
// few neutrals; letters, spacing marks and other digits (L); anything else is neutral.
const BIDI_NSM = /^[\p{Mn}\p{Me}]$/u;
const BIDI_AN = /^[\u0600-\u0605\u0660-\u0669\u066B\u066C\u06DD\u0890\u0891\u08E2\u{10D30}-\u{10D39}\u{10E60}-\u{10E7E}]$/u;
const BIDI_EN = /^[0-9\u00B2\u00B3\u00B9\u06F0-\u06F9\u2070\u2074-\u2079\u2080-\u2089]$/u;
const BIDI_RTL_BLOCKS = /^[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]$/u;
const BIDI_RTL_NEUTRAL = /^[\u0606\u0607\u0609\u060A\u060C\u060E\u060F\u066A\u06DE\u06E9\u07F6-\u07F9\uFD3E-\uFD4F\uFDCF\uFDFD-\uFDFF]$/;
const BIDI_L = /^[\p{L}\p{Mc}\p{Nd}\p{Nl}]$/u;

function bidiClass(ch) {
  if (BIDI_NSM.test(ch)) return "NSM";
  if (BIDI_AN.test(ch)) return "AN";
  if (BIDI_EN.test(ch)) return "EN";
  if (BIDI_RTL_BLOCKS.test(ch)) return BIDI_RTL_NEUTRAL.test(ch) ? "ON" : "R";
  return BIDI_L.test(ch) ? "L" : "ON";
}

// Ada 2.9's label validity, quirks included: the first ZWNJ or ZWJ decides alone (Bidi is
// then not checked); Bidi applies to labels holding R, AL or AN; in a label starting with L,
// its last character that is not a mark is not checked.
function isValidLabel(label) {
  if (DISALLOWED.test(label)) return false;
  const chars = Array.from(label);
  const joiner = chars.findIndex((ch) => ch === "\u200C" || ch === "\u200D");
  if (joiner !== -1) {
    if (joiner > 0 && VIRAMA.test(chars[joiner - 1])) return true;
    if (chars[joiner] === "\u200D" || joiner === 0 || joiner + 1 >= chars.length) return false;
    return (
      chars.slice(0, joiner).some((ch) => JOINS_AFTER.test(ch)) &&
      chars.slice(joiner + 1).some((ch) => JOINS_BEFORE.test(ch))
    );
  }
  const classes = chars.map(bidiClass);
  if (!classes.includes("R") && !classes.includes("AN")) return true;
  let last = classes.length - 1;
  while (last >= 0 && classes[last] === "NSM") last--;
  if (last < 0) return false;
  if (classes[0] === "L") return classes.slice(0, last).every((c) => c !== "R" && c !== "AN");
  const body = classes.slice(0, last + 1);
  if (body.includes("L") || (body.includes("EN") && body.includes("AN"))) return false;
  return classes[last] === "R" || classes[last] === "AN" || classes[last] === "EN";
}
const countDots = (text) => text.split(".").length;

// The UTS #46 mapping and normalization, approximated (see the header); null when a code
// point would map to a dot, which UTS #46 disallows ('⒈', '‥').
function mapDomain(text) {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  text = text.replace(FULL_STOPS, ".");
  const mapped = text.normalize("NFKC");
  if (countDots(mapped) !== countDots(text)) return null;
  return mapped.toLowerCase().replace(IGNORED, "").normalize("NFC");
}

// Domain to ASCII (see the header for what is left out); null on failure.
function domainToASCIIInternal(domain) {
  const mapped = mapDomain(domain);
  if (mapped === null) return null;
  if (!mapped.includes("xn--") && !NON_ASCII.test(mapped)) return mapped;
  const labels = mapped.split(".");
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.startsWith("xn--")) {
      // Valid Punycode of a label that needs no mapping (capitals included).
      if (NON_ASCII.test(label)) return null;
      const decoded = punycodeDecode(label.slice(4));
      if (
        decoded === null ||
        decoded === "" ||
        mapDomain(decoded) !== decoded ||
        decoded.toLowerCase() !== decoded ||
        !isValidLabel(decoded)
      ) {
        return null;
      }
    } else if (NON_ASCII.test(label)) {
      const encoded = isValidLabel(label) ? punycodeEncode(label) : null;
      if (encoded === null) return null;
      labels[i] = `xn--${encoded}`;
    }
  }
  return labels.join(".");
}

// Node's IDNA ToASCII as url.parse uses it: '' on failure.
function toASCII(domain) {
  return domainToASCIIInternal(domain) ?? "";
}

// The labels of an ASCII domain with their 'xn--' forms decoded (a label that does not decode
// stays as it is).
function domainToUnicodeInternal(domain) {
  return domain
    .split(".")
    .map((label) => {
      if (!label.startsWith("xn--") || NON_ASCII.test(label)) return label;
      const decoded = punycodeDecode(label.slice(4));
      return decoded === null ? label : decoded;
    })
    .join(".");
}

// ---- hosts ------------------------------------------------------------------------------

// The serialized host, or null on failure. `opaque`: the host of a URL of a non-special
// scheme (kept as written, control and non-ASCII code points percent-encoded).
function parseHost(input, opaque) {
  if (input[0] === "[") {
    if (input[input.length - 1] !== "]") return null;
    const address = parseIPv6(input.slice(1, -1));
    return address === null ? null : `[${serializeIPv6(address)}]`;
  }
  if (opaque) {
    if (FORBIDDEN_HOST.test(input)) return null;
    return percentEncodeString(input, C0_CONTROL_SET);
  }
  // Percent-decoding then UTF-8 decoding: bytes that are not UTF-8 would become U+FFFD,
  // which no domain may hold, and a '%' that stays is forbidden too, so either failure of
  // decodeURIComponent is the parser's failure.
  let domain = input;
  if (input.includes("%")) {
    try {
      domain = decodeURIComponent(input);
    } catch {
      return null;
    }
  }
  const ascii = domainToASCIIInternal(domain);
  if (ascii === null || ascii === "" || FORBIDDEN_DOMAIN.test(ascii)) return null;
  if (endsInANumber(ascii)) {
    const address = parseIPv4(ascii);
    return address === null ? null : serializeIPv4(address);
  }
  return ascii;
}

// ---- URL records ------------------------------------------------------------------------

// Special schemes and their default ports.
const SPECIAL_SCHEMES = new Map([
  ["ftp", 21],
  ["file", null],
  ["http", 80],
  ["https", 443],
  ["ws", 80],
  ["wss", 443],
]);

// Ada's scheme types, shown by inspect with showHidden.
const SCHEME_TYPES = { http: 0, https: 2, ws: 3, ftp: 4, wss: 5, file: 6 };

// A URL record: `path` is an array of segments, or a string (an opaque path, as in
// 'mailto:x'); `host`, `port`, `query` and `fragment` are null when absent.
function newRecord() {
  return { scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null };
}

const isSpecial = (url) => SPECIAL_SCHEMES.has(url.scheme);
const hasOpaquePath = (url) => typeof url.path === "string";
const hasCredentials = (url) => url.username !== "" || url.password !== "";
const cannotHaveCredentialsOrPort = (url) => url.host === null || url.host === "" || url.scheme === "file";

function isWindowsDriveLetter(text, normalizedOnly = false) {
  return (
    text.length === 2 && isAlpha(text.charCodeAt(0)) && (text[1] === ":" || (!normalizedOnly && text[1] === "|"))
  );
}

// Whether `input` from `p` starts with a drive letter followed by the end, /, \, ? or #.
function startsWithWindowsDriveLetter(input, p) {
  const second = input.charCodeAt(p + 1);
  if (input.length - p < 2 || !isAlpha(input.charCodeAt(p)) || (second !== 0x3a && second !== 0x7c)) return false;
  if (input.length - p === 2) return true;
  const next = input.charCodeAt(p + 2);
  return next === 0x2f || next === 0x5c || next === 0x3f || next === 0x23;
}

function shortenPath(url) {
  if (url.scheme === "file" && url.path.length === 1 && isWindowsDriveLetter(url.path[0], true)) return;
  url.path.pop();
}

const isSingleDot = (segment) => segment === "." || (segment.length === 3 && segment.toLowerCase() === "%2e");
const isDoubleDot = (segment) =>
  segment === ".." || (segment.length >= 4 && segment.length <= 6 && /^(?:\.|%2e)(?:\.|%2e)$/i.test(segment));

// After the query or fragment is removed: an opaque path loses its trailing spaces (which
// only a following '?' or '#' kept).
function stripTrailingSpaces(url) {
  if (hasOpaquePath(url) && url.fragment === null && url.query === null) url.path = url.path.replace(/ +$/, "");
}

// Parser states.
const SCHEME_START = 1;
const SCHEME = 2;
const NO_SCHEME = 3;
const SPECIAL_RELATIVE_OR_AUTHORITY = 4;
const PATH_OR_AUTHORITY = 5;
const RELATIVE = 6;
const RELATIVE_SLASH = 7;
const SPECIAL_AUTHORITY_SLASHES = 8;
const SPECIAL_AUTHORITY_IGNORE_SLASHES = 9;
const AUTHORITY = 10;
const HOST = 11;
const PORT = 12;
const FILE = 13;
const FILE_SLASH = 14;
const FILE_HOST = 15;
const PATH_START = 16;
const PATH = 17;
const OPAQUE_PATH = 18;
const QUERY = 19;
const FRAGMENT = 20;

const EOF = -1;

// Where the run of code units that a state takes whole, from the one at `from`, ends: at the
// next one matching `stop` (a global regex of one code unit), or the end.
function runEnd(input, from, stop) {
  stop.lastIndex = from + 1;
  return stop.test(input) ? stop.lastIndex - 1 : input.length;
}

const TAB_OR_NEWLINE = /[\t\n\r]/;
const TAB_OR_NEWLINES = /[\t\n\r]/g;

// What ends a run in each state (the states then handle that code unit one at a time).
const SCHEME_RUN = /[^A-Za-z0-9+\-.]/g;
const AUTHORITY_RUN = /[@/?#]/g;
const AUTHORITY_RUN_SPECIAL = /[@/?#\\]/g;
const HOST_RUN = /[:/?#[\]]/g;
const HOST_RUN_SPECIAL = /[:/?#[\]\\]/g;
const PORT_RUN = /[^0-9]/g;
const FILE_HOST_RUN = /[/\\?#]/g;
const PATH_RUN = /[/?#]/g;
const PATH_RUN_SPECIAL = /[/?#\\]/g;
const PATH_RUN_OVERRIDE = /\//g;
const PATH_RUN_OVERRIDE_SPECIAL = /[/\\]/g;
const OPAQUE_PATH_RUN = /[?#]/g;
const QUERY_RUN = /#/g;

// The basic URL parser: a new record parsed from `input` (a well-formed string) against the
// `base` record (or null), or null on failure. With `url` and `stateOverride` (the setters),
// it changes `url` in place, starting in that state, and stops where the spec returns (changes
// made so far stay). It runs on code units: every code point the states look at is ASCII, and
// the runs of others are taken whole.
// Absolute http(s) URLs of plain characters, which the parser below would leave as they are
// but for the default port and an empty path, as most URLs a server or client meets: a
// lower-case host name (labels that start with a letter) or a dotted-decimal IPv4 address
// without leading zeros, a port without leading zeros, a path with no percent sign, backslash
// or character the parser would encode, a query likewise, no credentials and no fragment.
// (A 22 us parse is 2 us here, measured in edgeboxd's request path.) Anything else, and a
// punycode label or a dot segment, goes through the parser.
const IPV4_PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const PLAIN_HTTP_URL = new RegExp(
  "^(https?)://([a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*|" +
    `(?:${IPV4_PART}\\.){3}${IPV4_PART})` +
    "(?::([1-9][0-9]{0,4}))?(/[A-Za-z0-9_~!$&()*+,;=:@/.-]*)?(?:\\?([A-Za-z0-9_~!$&()*+,;=:@/?%.-]*))?$",
);

// The record of a plain http(s) URL, as parseURL(input, null) makes it; null when `input` is
// not one (see PLAIN_HTTP_URL).
function parsePlainHTTP(input) {
  const match = PLAIN_HTTP_URL.exec(input);
  if (match === null) return null;
  const [, scheme, host, portText, pathText, query] = match;
  if (host.includes("xn--")) return null;
  let port = null;
  if (portText !== undefined) {
    port = Number(portText);
    if (port > 65535) return null;
    if (port === SPECIAL_SCHEMES.get(scheme)) port = null;
  }
  const path = pathText === undefined ? [""] : pathText.slice(1).split("/");
  if (path.some((segment) => segment === "." || segment === "..")) return null;
  return { scheme, username: "", password: "", host, port, path, query: query ?? null, fragment: null };
}

function parseURL(input, base, url, stateOverride) {
  if (url === undefined && base === null) {
    const plain = parsePlainHTTP(input);
    if (plain !== null) return plain;
  }
  if (url === undefined) {
    url = newRecord();
    if (input.charCodeAt(0) <= 0x20 || input.charCodeAt(input.length - 1) <= 0x20) {
      input = input.replace(/^[\0-\x20]+|[\0-\x20]+$/g, "");
    }
  }
  if (TAB_OR_NEWLINE.test(input)) input = input.replace(TAB_OR_NEWLINES, "");
  const length = input.length;
  let state = stateOverride || SCHEME_START;
  let buffer = "";
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  let special = isSpecial(url);

  for (let pointer = 0; ; pointer++) {
    const c = pointer < length ? input.charCodeAt(pointer) : EOF;
    // The end of an authority, host or path segment: EOF, /, ? or # (and \ in special URLs).
    const endsPart = c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (special && c === 0x5c);

    switch (state) {
      case SCHEME_START:
        if (isAlpha(c)) {
          state = SCHEME;
          pointer--;
        } else if (!stateOverride) {
          state = NO_SCHEME;
          pointer--;
        } else {
          return null;
        }
        break;

      case SCHEME:
        if (isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          const end = runEnd(input, pointer, SCHEME_RUN);
          buffer += input.slice(pointer, end).toLowerCase();
          pointer = end - 1;
        } else if (c === 0x3a) {
          if (stateOverride) {
            if (special !== SPECIAL_SCHEMES.has(buffer)) return url;
            if ((hasCredentials(url) || url.port !== null) && buffer === "file") return url;
            if (url.scheme === "file" && url.host === "") return url;
          }
          url.scheme = buffer;
          special = isSpecial(url);
          if (stateOverride) {
            if (url.port === SPECIAL_SCHEMES.get(url.scheme)) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") {
            state = FILE;
          } else if (special && base !== null && base.scheme === url.scheme) {
            state = SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (special) {
            state = SPECIAL_AUTHORITY_SLASHES;
          } else if (input.charCodeAt(pointer + 1) === 0x2f) {
            state = PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.path = "";
            state = OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = "";
          state = NO_SCHEME;
          pointer = -1;
        } else {
          return null;
        }
        break;

      case NO_SCHEME:
        if (base === null) return null;
        if (hasOpaquePath(base) && c !== 0x23) {
          return input.includes("#") ? resolveAgainstOpaquePath(input, base) : null;
        }
        if (hasOpaquePath(base)) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = "";
          state = FRAGMENT;
        } else {
          state = base.scheme === "file" ? FILE : RELATIVE;
          pointer--;
        }
        break;

      case SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2f && input.charCodeAt(pointer + 1) === 0x2f) {
          state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = RELATIVE;
          pointer--;
        }
        break;

      case PATH_OR_AUTHORITY:
        if (c === 0x2f) {
          state = AUTHORITY;
        } else {
          state = PATH;
          pointer--;
        }
        break;

      case RELATIVE:
        url.scheme = base.scheme;
        special = isSpecial(url);
        if (c === 0x2f || (special && c === 0x5c)) {
          state = RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = PATH;
            pointer--;
          }
        }
        break;

      case RELATIVE_SLASH:
        if (special && (c === 0x2f || c === 0x5c)) {
          state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2f) {
          state = AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = PATH;
          pointer--;
        }
        break;

      case SPECIAL_AUTHORITY_SLASHES:
        state = SPECIAL_AUTHORITY_IGNORE_SLASHES;
        if (c === 0x2f && input.charCodeAt(pointer + 1) === 0x2f) pointer++;
        else pointer--;
        break;

      case SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2f && c !== 0x5c) {
          state = AUTHORITY;
          pointer--;
        }
        break;

      case AUTHORITY:
        if (c === 0x40) {
          // Everything before the last '@' is the userinfo; an earlier '@' is part of it.
          if (atSignSeen) buffer = `%40${buffer}`;
          atSignSeen = true;
          if (!passwordTokenSeen) {
            const colon = buffer.indexOf(":");
            url.username += percentEncodeString(colon === -1 ? buffer : buffer.slice(0, colon), USERINFO_SET);
            passwordTokenSeen = colon !== -1;
            buffer = colon === -1 ? "" : buffer.slice(colon + 1);
          }
          url.password += percentEncodeString(buffer, USERINFO_SET);
          buffer = "";
        } else if (endsPart) {
          if (atSignSeen && buffer === "") return null;
          pointer -= buffer.length + 1;
          buffer = "";
          state = HOST;
        } else {
          const end = runEnd(input, pointer, special ? AUTHORITY_RUN_SPECIAL : AUTHORITY_RUN);
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        }
        break;

      case HOST:
        if (c === 0x3a && !insideBrackets) {
          if (buffer === "") return null;
          const host = parseHost(buffer, !special);
          if (host === null) return null;
          url.host = host;
          buffer = "";
          state = PORT;
        } else if (endsPart) {
          pointer--;
          if (special && buffer === "") return null;
          const host = parseHost(buffer, !special);
          if (host === null) return null;
          url.host = host;
          buffer = "";
          state = PATH_START;
        } else if (c === 0x5b || c === 0x5d) {
          insideBrackets = c === 0x5b;
          buffer += input[pointer];
        } else {
          const end = runEnd(input, pointer, special ? HOST_RUN_SPECIAL : HOST_RUN);
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        }
        break;

      case PORT:
        if (isDigit(c)) {
          const end = runEnd(input, pointer, PORT_RUN);
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        } else if (endsPart) {
          if (buffer !== "") {
            const port = parseInt(buffer, 10);
            if (port > 65535) return null;
            url.port = port === SPECIAL_SCHEMES.get(url.scheme) ? null : port;
            buffer = "";
          }
          state = PATH_START;
          pointer--;
        } else {
          return null;
        }
        break;

      case FILE:
        url.scheme = "file";
        special = true;
        url.host = "";
        if (c === 0x2f || c === 0x5c) {
          state = FILE_SLASH;
        } else if (base !== null && base.scheme === "file") {
          url.host = base.host;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(input, pointer)) shortenPath(url);
            else url.path = [];
            state = PATH;
            pointer--;
          }
        } else {
          state = PATH;
          pointer--;
        }
        break;

      case FILE_SLASH:
        if (c === 0x2f || c === 0x5c) {
          state = FILE_HOST;
        } else {
          if (base !== null && base.scheme === "file") {
            url.host = base.host;
            if (
              !startsWithWindowsDriveLetter(input, pointer) &&
              base.path.length > 0 &&
              isWindowsDriveLetter(base.path[0], true)
            ) {
              url.path.push(base.path[0]);
            }
          }
          state = PATH;
          pointer--;
        }
        break;

      case FILE_HOST:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            // The buffer is the path's first segment.
            state = PATH;
          } else if (buffer === "") {
            url.host = "";
            if (stateOverride) return url;
            state = PATH_START;
          } else {
            let host = parseHost(buffer, false);
            if (host === null) return null;
            if (host === "localhost") host = "";
            url.host = host;
            if (stateOverride) return url;
            buffer = "";
            state = PATH_START;
          }
        } else {
          const end = runEnd(input, pointer, FILE_HOST_RUN);
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        }
        break;

      case PATH_START:
        if (special) {
          state = PATH;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = "";
          state = QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = "";
          state = FRAGMENT;
        } else if (c !== EOF) {
          state = PATH;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          url.path.push("");
        }
        break;

      case PATH: {
        const slash = c === 0x2f || (special && c === 0x5c);
        if (c === EOF || slash || (!stateOverride && (c === 0x3f || c === 0x23))) {
          if (isDoubleDot(buffer)) {
            // (As Ada, Node 20: in a non-special URL, a last '..' that has no segment to remove
            // leaves the path empty.)
            const removes = url.path.length > 0;
            shortenPath(url);
            if (!slash && (special || removes)) url.path.push("");
          } else if (isSingleDot(buffer)) {
            if (!slash) url.path.push("");
          } else {
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
              buffer = `${buffer[0]}:`;
            }
            url.path.push(buffer);
          }
          buffer = "";
          if (c === 0x3f) {
            url.query = "";
            state = QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          }
        } else {
          const stop = stateOverride
            ? special ? PATH_RUN_OVERRIDE_SPECIAL : PATH_RUN_OVERRIDE
            : special ? PATH_RUN_SPECIAL : PATH_RUN;
          const end = runEnd(input, pointer, stop);
          buffer += percentEncodeString(input.slice(pointer, end), PATH_SET);
          pointer = end - 1;
        }
        break;
      }

      case OPAQUE_PATH:
        if (c === 0x3f) {
          url.query = "";
          state = QUERY;
        } else if (c === 0x23) {
          url.fragment = "";
          state = FRAGMENT;
        } else if (c !== EOF) {
          const end = runEnd(input, pointer, OPAQUE_PATH_RUN);
          url.path += percentEncodeString(input.slice(pointer, end), C0_CONTROL_SET);
          pointer = end - 1;
        }
        break;

      case QUERY:
        if ((!stateOverride && c === 0x23) || c === EOF) {
          url.query += percentEncodeString(buffer, special ? SPECIAL_QUERY_SET : QUERY_SET);
          buffer = "";
          if (c === 0x23) {
            url.fragment = "";
            state = FRAGMENT;
          }
        } else {
          const end = stateOverride ? length : runEnd(input, pointer, QUERY_RUN);
          buffer += input.slice(pointer, end);
          pointer = end - 1;
        }
        break;

      case FRAGMENT:
        if (c !== EOF) {
          url.fragment += percentEncodeString(input.slice(pointer), FRAGMENT_SET);
          pointer = length - 1;
        }
        break;
    }

    if (pointer >= length) return url;
  }
}

// Ada's (Node 20's) result for a relative reference holding a '#' (but not starting with it)
// against a base with an opaque path, which the spec refuses: the reference is resolved as
// if the opaque path were a hierarchical one ('a#b' against 'mailto:x@y' is
// 'mailto:x@y/a#b'), and the URL is what its href parses to.
function resolveAgainstOpaquePath(input, base) {
  const hash = input.indexOf("#");
  const reference = input.slice(0, hash);
  const fragment = input.slice(hash + 1);
  if (reference[0] === "/") return parseURL(`${base.scheme}:${reference}#${fragment}`, null);
  let path = base.path;
  let query;
  if (reference[0] === "?") {
    query = reference.slice(1);
  } else {
    const questionMark = reference.indexOf("?");
    query = questionMark === -1 ? null : reference.slice(questionMark + 1);
    // Its last segment goes, then each segment is added (a '..' removes one).
    if (path.includes("/")) path = path.slice(0, path.lastIndexOf("/"));
    const segments = (questionMark === -1 ? reference : reference.slice(0, questionMark)).split("/");
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      segment = percentEncodeString(segment, PATH_SET);
      if (isDoubleDot(segment)) {
        // (A last '..' leaves a '/' only if it removed a segment.)
        if (path.includes("/")) {
          path = path.slice(0, path.lastIndexOf("/"));
          if (last) path += "/";
        }
      } else if (isSingleDot(segment)) {
        if (last) path += "/";
      } else {
        path += `/${segment}`;
      }
    });
  }
  return parseURL(`${base.scheme}:${path}${query === null ? "" : `?${query}`}#${fragment}`, null);
}

function serializePath(url) {
  if (hasOpaquePath(url)) return url.path;
  let out = "";
  for (const segment of url.path) out += `/${segment}`;
  return out;
}

// A path that would read as a host ('//x') after a null host gets a '/.' before it.
const needsPathPrefix = (url) => url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "";

function serializeURL(url) {
  let out = `${url.scheme}:`;
  if (url.host !== null) {
    out += "//";
    if (hasCredentials(url)) {
      out += url.username;
      if (url.password !== "") out += `:${url.password}`;
      out += "@";
    }
    out += url.host;
    if (url.port !== null) out += `:${url.port}`;
  }
  if (needsPathPrefix(url)) out += "/.";
  out += serializePath(url);
  if (url.query !== null) out += `?${url.query}`;
  if (url.fragment !== null) out += `#${url.fragment}`;
  return out;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case "blob": {
      // The origin of the URL in the path, if it is an http(s) one.
      const inner = parseURL(serializePath(url), null);
      return inner !== null && (inner.scheme === "http" || inner.scheme === "https") ? serializeOrigin(inner) : "null";
    }
    case "ftp":
    case "http":
    case "https":
    case "ws":
    case "wss":
      return `${url.scheme}://${url.host}${url.port === null ? "" : `:${url.port}`}`;
    default:
      return "null";
  }
}

// ---- URL --------------------------------------------------------------------------------

// What `util.inspect(url, { showHidden: true })` shows of a URL's state: the offsets into its
// href of Ada's url_aggregator, as Node shows them (4294967295 for an absent component).
const OMITTED = 4294967295;
class URLContext {
  href = "";
  protocol_end = 0;
  username_end = 0;
  host_start = 0;
  host_end = 0;
  pathname_start = 0;
  search_start = 0;
  hash_start = 0;
  port = 0;
  scheme_type = 1;

  get hasPort() {
    return this.port !== OMITTED;
  }

  get hasSearch() {
    return this.search_start !== OMITTED;
  }

  get hasHash() {
    return this.hash_start !== OMITTED;
  }
}

function urlContext(url) {
  const context = new URLContext();
  context.href = serializeURL(url);
  context.protocol_end = url.scheme.length + 1;
  if (url.host === null) {
    context.username_end = context.host_start = context.host_end = context.protocol_end;
    context.pathname_start = context.protocol_end + (needsPathPrefix(url) ? 2 : 0);
  } else {
    context.username_end = context.protocol_end + 2 + url.username.length;
    context.host_start = context.username_end + (url.password === "" ? 0 : url.password.length + 1);
    context.host_end = context.host_start + (hasCredentials(url) ? 1 : 0) + url.host.length;
    context.pathname_start = context.host_end + (url.port === null ? 0 : `${url.port}`.length + 1);
  }
  const searchStart = context.pathname_start + serializePath(url).length;
  context.search_start = url.query === null ? OMITTED : searchStart;
  context.hash_start = url.fragment === null ? OMITTED : searchStart + (url.query === null ? 0 : url.query.length + 1);
  context.port = url.port === null ? OMITTED : url.port;
  context.scheme_type = SCHEME_TYPES[url.scheme] ?? 1;
  return context;
}

const contextForInspect = Symbol("context");

// The first named constructor on the prototype chain, as Node's getConstructorOf.
function getConstructorOf(obj) {
  for (; obj; obj = Object.getPrototypeOf(obj)) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, "constructor");
    if (descriptor !== undefined && typeof descriptor.value === "function" && descriptor.value.name !== "") {
      return descriptor.value;
    }
  }
  return null;
}

// The setters of Node 20's host, hostname and port are Ada's, which differ from the spec's.

// The port setter: a value without digits, or starting with a control, a space or '-', or
// above 65535, changes nothing; one not starting with a digit clears the port; else its
// leading digits are the port.
function setPortAsAda(url, value) {
  if (cannotHaveCredentialsOrPort(url)) return;
  const trimmed = value.replace(/[\t\n\r]/g, "");
  if (trimmed === "") {
    url.port = null;
    return;
  }
  if (trimmed.charCodeAt(0) <= 0x20 || trimmed[0] === "-" || !/[0-9]/.test(value)) return;
  const digits = /^[0-9]*/.exec(trimmed)[0];
  const port = digits === "" ? null : parseInt(digits, 10);
  if (port > 65535) return;
  url.port = port === SPECIAL_SCHEMES.get(url.scheme) ? null : port;
}

// The host (or hostname) setter; false where Ada's fails. Outside file: URLs, a ':port' is set
// first (as the port setter does, with the old host: an empty one takes no port) and the host
// after it; an empty host clears a non-special URL's host, but leaves a null one null (unless
// the path needs the '/.' prefix), and with ':' even when the URL has credentials or a port.
function setHostAsAda(url, value, hostnameOnly) {
  if (hasOpaquePath(url)) return false;
  if (url.scheme === "file") return parseURL(value, null, url, FILE_HOST) !== null;
  const hash = value.indexOf("#");
  const input = (hash === -1 ? value : value.slice(0, hash)).replace(/[\t\n\r]/g, "");
  const special = isSpecial(url);
  // The host ends at a ':' outside brackets, '/', '?' (or '\' in special URLs).
  let end = 0;
  let insideBrackets = false;
  for (; end < input.length; end++) {
    const c = input[end];
    if ((c === ":" && !insideBrackets) || c === "/" || c === "?" || (special && c === "\\")) break;
    if (c === "[") insideBrackets = true;
    else if (c === "]") insideBrackets = false;
  }
  const hostText = input.slice(0, end);
  const previousPort = url.port;
  if (input[end] === ":") {
    if (hostnameOnly) return false;
    if (end + 1 < input.length) setPortAsAda(url, input.slice(end + 1));
  } else if (hostText === "" && (hasCredentials(url) || url.port !== null)) {
    return false;
  }
  const host = hostText === "" ? (special ? null : "") : parseHost(hostText, !special);
  if (host === null) {
    url.port = previousPort;
    return false;
  }
  if (host !== "" || url.host !== null || needsPathPrefix(url)) url.host = host;
  return true;
}

// What new URL throws: Node's C++ error, a plain TypeError with a code (`TypeError: Invalid
// URL`), not the ERR_INVALID_URL class of the href setter and url.parse.
function invalidURLError(input, base) {
  const err = nativeError(TypeError, "ERR_INVALID_URL", "Invalid URL");
  err.input = input;
  if (base !== undefined) err.base = base;
  return err;
}

// Parses `input` (and `base`), well-formed strings; null on failure.
function parseWithBase(input, base) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = parseURL(base, null);
    if (baseRecord === null) return null;
  }
  return parseURL(input, baseRecord);
}

// The arguments of new URL, URL.parse and URL.canParse as strings, lone surrogates replaced
// (Node's error shows them so).
function urlArguments(input, base) {
  return [toUSVString(`${input}`), base === undefined ? undefined : toUSVString(`${base}`)];
}

// Linking a URL and its URLSearchParams (set in their static blocks).
let paramsChanged; // (url) → the URL's query follows its params' list
let getParamsList; // (params) → the list, [name, value, name, value, ...]
let setParamsList; // (params, list)
let attachParams; // (params, url)
let isSearchParams; // (value) → whether it is a URLSearchParams

class URL {
  #url;
  #searchParams;

  static {
    paramsChanged = (url) => url.#paramsChanged();
  }

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("url");
    [input, base] = urlArguments(input, base);
    const record = parseWithBase(input, base);
    if (record === null) throw invalidURLError(input, base);
    this.#url = record;
  }

  static parse(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("url");
    [input, base] = urlArguments(input, base);
    return parseWithBase(input, base) === null ? null : new URL(input, base);
  }

  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("url");
    return parseWithBase(...urlArguments(url, base)) !== null;
  }

  // EdgeBox has no Blob, so no object can be given a blob: URL (as Node with no Blobs).
  static createObjectURL(obj) {
    throw new ERR_INVALID_ARG_TYPE("obj", "Blob", obj);
  }

  // Converts `url` to a string as Node does (a Symbol throws); there is nothing to revoke.
  static revokeObjectURL(url) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("url");
    void `${url}`;
  }

  // Node's form: the constructor's name and an object of the URL's components.
  [inspectSymbol](depth, options, inspect) {
    if (typeof depth === "number" && depth < 0) return this;
    const constructor = getConstructorOf(this) || URL;
    const obj = { __proto__: { constructor } };
    obj.href = this.href;
    obj.origin = this.origin;
    obj.protocol = this.protocol;
    obj.username = this.username;
    obj.password = this.password;
    obj.host = this.host;
    obj.hostname = this.hostname;
    obj.port = this.port;
    obj.pathname = this.pathname;
    obj.search = this.search;
    obj.searchParams = this.searchParams;
    obj.hash = this.hash;
    if (options.showHidden) obj[contextForInspect] = urlContext(this.#url);
    return `${constructor.name} ${inspect(obj, options)}`;
  }

  // The query after a change of the searchParams list. As Node, the search is first cleared
  // (which strips an opaque path's trailing spaces), then set to the list's serialization.
  #paramsChanged() {
    const url = this.#reparsed();
    if (url.query !== null) {
      url.query = null;
      stripTrailingSpaces(url);
    }
    const serialized = serializeParams(getParamsList(this.#searchParams));
    if (serialized !== "") url.query = serialized;
    else stripTrailingSpaces(url);
  }

  // Node keeps only a URL's href, so each change starts from what the href parses to, which
  // is not always the record it came from (the href 'sc:' of an emptied path parses to an
  // opaque path). An href that does not parse (Node aborts there) leaves the record.
  #reparsed() {
    const record = parseURL(serializeURL(this.#url), null);
    if (record !== null) this.#url = record;
    return this.#url;
  }

  // After the query changed through href or search: the searchParams list is parsed again.
  #queryChanged() {
    if (this.#searchParams !== undefined) {
      const query = this.#url.query;
      setParamsList(this.#searchParams, query ? parseParams(`?${query}`) : []);
    }
  }

  toString() {
    return serializeURL(this.#url);
  }

  get href() {
    return serializeURL(this.#url);
  }

  set href(value) {
    value = `${value}`;
    const record = parseURL(toUSVString(value), null);
    if (record === null) throw new ERR_INVALID_URL(value);
    this.#url = record;
    this.#queryChanged();
  }

  get origin() {
    return serializeOrigin(this.#url);
  }

  get protocol() {
    return `${this.#url.scheme}:`;
  }

  set protocol(value) {
    parseURL(`${toUSVString(`${value}`)}:`, null, this.#reparsed(), SCHEME_START);
  }

  get username() {
    return this.#url.username;
  }

  set username(value) {
    value = toUSVString(`${value}`);
    const url = this.#reparsed();
    if (!cannotHaveCredentialsOrPort(url)) url.username = percentEncodeString(value, USERINFO_SET);
  }

  get password() {
    return this.#url.password;
  }

  set password(value) {
    value = toUSVString(`${value}`);
    const url = this.#reparsed();
    if (!cannotHaveCredentialsOrPort(url)) url.password = percentEncodeString(value, USERINFO_SET);
  }

  // (As Node's, '' for an empty host even with a port.)
  get host() {
    const { host, port } = this.#url;
    if (host === null || host === "") return "";
    return port === null ? host : `${host}:${port}`;
  }

  set host(value) {
    setHostAsAda(this.#reparsed(), toUSVString(`${value}`), false);
  }

  get hostname() {
    return this.#url.host ?? "";
  }

  set hostname(value) {
    setHostAsAda(this.#reparsed(), toUSVString(`${value}`), true);
  }

  get port() {
    return this.#url.port === null ? "" : `${this.#url.port}`;
  }

  set port(value) {
    setPortAsAda(this.#reparsed(), toUSVString(`${value}`));
  }

  get pathname() {
    return serializePath(this.#url);
  }

  set pathname(value) {
    value = toUSVString(`${value}`);
    const url = this.#reparsed();
    if (hasOpaquePath(url)) return;
    url.path = [];
    parseURL(value, null, url, PATH_START);
    // (As Ada, Node 20, loses the query and fragment when the new path needs the '/.' prefix.)
    if (needsPathPrefix(url)) url.query = url.fragment = null;
  }

  get search() {
    const { query } = this.#url;
    return query ? `?${query}` : "";
  }

  set search(value) {
    value = toUSVString(`${value}`);
    const url = this.#reparsed();
    if (value === "") {
      url.query = null;
      stripTrailingSpaces(url);
    } else {
      url.query = "";
      parseURL(value[0] === "?" ? value.slice(1) : value, null, url, QUERY);
    }
    this.#queryChanged();
  }

  get searchParams() {
    if (this.#searchParams === undefined) {
      this.#searchParams = new URLSearchParams(this.search);
      attachParams(this.#searchParams, this);
    }
    return this.#searchParams;
  }

  get hash() {
    const { fragment } = this.#url;
    return fragment ? `#${fragment}` : "";
  }

  set hash(value) {
    value = toUSVString(`${value}`);
    const url = this.#reparsed();
    if (value === "") {
      url.fragment = null;
      stripTrailingSpaces(url);
      return;
    }
    url.fragment = "";
    parseURL(value[0] === "#" ? value.slice(1) : value, null, url, FRAGMENT);
  }

  toJSON() {
    return serializeURL(this.#url);
  }
}

// Web IDL attributes and operations are enumerable.
const enumerable = { enumerable: true };
Object.defineProperties(URL.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: "URL" },
  toString: enumerable,
  href: enumerable,
  origin: enumerable,
  protocol: enumerable,
  username: enumerable,
  password: enumerable,
  host: enumerable,
  hostname: enumerable,
  port: enumerable,
  pathname: enumerable,
  search: enumerable,
  searchParams: enumerable,
  hash: enumerable,
  toJSON: enumerable,
});
Object.defineProperties(URL, {
  parse: enumerable,
  canParse: enumerable,
  createObjectURL: enumerable,
  revokeObjectURL: enumerable,
});

// ---- URLSearchParams --------------------------------------------------------------------

// The application/x-www-form-urlencoded parser as Node runs it: one leading '?' skipped,
// '+' is a space, and a name or value holding a valid %XX is decoded by querystring.unescape
// (decodeURIComponent, or byte-wise when that throws). Returns the flat list.
function parseParams(qs) {
  const list = [];
  let i = qs[0] === "?" ? 1 : 0;
  let pairStart = i;
  let lastPos = i;
  let buffer = "";
  let seenEquals = false;
  let encoded = false;
  // 1 after a '%', 2 after '%' and a hex digit (3 is a full escape).
  let escapeSeen = 0;
  const take = () => {
    buffer += qs.slice(lastPos, i);
    list.push(encoded ? querystring.unescape(buffer) : buffer);
    buffer = "";
    encoded = false;
    escapeSeen = 0;
  };
  for (; i < qs.length; i++) {
    const code = qs.charCodeAt(i);
    if (code === 0x26) {
      if (pairStart !== i) {
        take();
        if (!seenEquals) list.push("");
        seenEquals = false;
      }
      lastPos = pairStart = i + 1;
    } else if (code === 0x3d && !seenEquals) {
      take();
      seenEquals = true;
      lastPos = i + 1;
    } else if (code === 0x2b) {
      buffer += `${qs.slice(lastPos, i)} `;
      lastPos = i + 1;
    } else if (!encoded) {
      if (code === 0x25) escapeSeen = 1;
      else if (escapeSeen > 0 && isHexDigit(code)) encoded = ++escapeSeen === 3;
      else escapeSeen = 0;
    }
  }
  if (pairStart !== i) {
    take();
    if (!seenEquals) list.push("");
  }
  return list;
}

function serializeParams(list) {
  const pairs = [];
  for (let i = 0; i < list.length; i += 2) {
    pairs.push(`${percentEncodeString(list[i], FORM_SET, true)}=${percentEncodeString(list[i + 1], FORM_SET, true)}`);
  }
  return pairs.join("&");
}

const removeColors = (text) => text.replace(/\u001b\[\d\d?m/g, "");

class URLSearchParams {
  #list = [];
  // The URL whose query this is, if any.
  #url = undefined;

  static {
    getParamsList = (params) => params.#list;
    setParamsList = (params, list) => {
      params.#list = list;
    };
    attachParams = (params, url) => {
      params.#url = url;
    };
    isSearchParams = (value) => typeof value === "object" && value !== null && #list in value;
  }

  constructor(init = undefined) {
    if (init == null) {
      // An empty list.
    } else if (typeof init === "object" || typeof init === "function") {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && #list in init) {
        this.#list = init.#list.slice();
      } else if (method != null) {
        // A sequence of pairs, converted while iterating (as Node does).
        if (typeof method !== "function") throw new ERR_ARG_NOT_ITERABLE("Query pairs");
        for (const pair of init) {
          if (pair == null) throw new ERR_INVALID_TUPLE("Each query pair", "[name, value]");
          if (Array.isArray(pair)) {
            if (pair.length !== 2) throw new ERR_INVALID_TUPLE("Each query pair", "[name, value]");
            this.#list.push(toUSVString(`${pair[0]}`), toUSVString(`${pair[1]}`));
          } else {
            const object = typeof pair === "object" || typeof pair === "function";
            if (!object || typeof pair[Symbol.iterator] !== "function") {
              throw new ERR_INVALID_TUPLE("Each query pair", "[name, value]");
            }
            let count = 0;
            for (const element of pair) {
              count++;
              this.#list.push(toUSVString(`${element}`));
            }
            if (count !== 2) throw new ERR_INVALID_TUPLE("Each query pair", "[name, value]");
          }
        }
      } else {
        // A record: its own enumerable keys (a symbol one throws); keys that are the same
        // once well-formed keep the last value, at the first one's place.
        const seen = new Map();
        for (const key of Reflect.ownKeys(init)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
          if (descriptor === undefined || !descriptor.enumerable) continue;
          const name = toUSVString(key);
          const value = toUSVString(`${init[key]}`);
          const index = seen.get(name);
          if (index !== undefined) {
            this.#list[index] = value;
          } else {
            seen.set(name, this.#list.length + 1);
            this.#list.push(name, value);
          }
        }
      }
    } else {
      init = toUSVString(`${init}`);
      this.#list = init ? parseParams(init) : [];
    }
  }

  #changed() {
    if (this.#url !== undefined) paramsChanged(this.#url);
  }

  [inspectSymbol](recurseTimes, ctx, inspect) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (typeof recurseTimes === "number" && recurseTimes < 0) return ctx.stylize("[Object]", "special");
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const list = this.#list;
    const output = [];
    for (let i = 0; i < list.length; i += 2) {
      output.push(`${inspect(list[i], innerOpts)} => ${inspect(list[i + 1], innerOpts)}`);
    }
    const separator = ", ";
    const width = output.reduce((sum, entry) => sum + removeColors(entry).length + separator.length, -separator.length);
    const name = this.constructor.name;
    if (width > ctx.breakLength) return `${name} {\n  ${output.join(",\n  ")} }`;
    if (output.length) return `${name} { ${output.join(separator)} }`;
    return `${name} {}`;
  }

  get size() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    return this.#list.length / 2;
  }

  append(name, value) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 2) throw new ERR_MISSING_ARGS("name", "value");
    this.#list.push(toUSVString(`${name}`), toUSVString(`${value}`));
    this.#changed();
  }

  delete(name, value = undefined) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 1) throw new ERR_MISSING_ARGS("name");
    name = toUSVString(`${name}`);
    if (value !== undefined) value = toUSVString(`${value}`);
    const list = this.#list;
    for (let i = 0; i < list.length; ) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) list.splice(i, 2);
      else i += 2;
    }
    this.#changed();
  }

  get(name) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 1) throw new ERR_MISSING_ARGS("name");
    name = toUSVString(`${name}`);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
    return null;
  }

  getAll(name) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 1) throw new ERR_MISSING_ARGS("name");
    name = toUSVString(`${name}`);
    const list = this.#list;
    const values = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) values.push(list[i + 1]);
    return values;
  }

  has(name, value = undefined) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 1) throw new ERR_MISSING_ARGS("name");
    name = toUSVString(`${name}`);
    if (value !== undefined) value = toUSVString(`${value}`);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
    }
    return false;
  }

  set(name, value) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    if (arguments.length < 2) throw new ERR_MISSING_ARGS("name", "value");
    name = toUSVString(`${name}`);
    value = toUSVString(`${value}`);
    // The first pair of that name gets the value, the others go; or a pair is appended.
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; ) {
      if (list[i] !== name) {
        i += 2;
      } else if (!found) {
        list[i + 1] = value;
        found = true;
        i += 2;
      } else {
        list.splice(i, 2);
      }
    }
    if (!found) list.push(name, value);
    this.#changed();
  }

  // A stable sort by name, comparing code units.
  sort() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    const list = this.#list;
    const pairs = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#list = pairs.flat();
    this.#changed();
  }

  entries() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    return new URLSearchParamsIterator(this, "key+value");
  }

  forEach(callback, thisArg = undefined) {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    validateFunction(callback, "callback");
    // The list is read again after each call: the callback may change it.
    for (let i = 0; i < this.#list.length; i += 2) {
      const list = this.#list;
      callback.call(thisArg, list[i + 1], list[i], this);
    }
  }

  keys() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    return new URLSearchParamsIterator(this, "key");
  }

  values() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    return new URLSearchParamsIterator(this, "value");
  }

  toString() {
    if (!isSearchParams(this)) throw new ERR_INVALID_THIS("URLSearchParams");
    return serializeParams(this.#list);
  }
}

Object.defineProperties(URLSearchParams.prototype, {
  append: enumerable,
  delete: enumerable,
  get: enumerable,
  getAll: enumerable,
  has: enumerable,
  set: enumerable,
  size: enumerable,
  sort: enumerable,
  entries: enumerable,
  forEach: enumerable,
  keys: enumerable,
  values: enumerable,
  toString: enumerable,
  [Symbol.toStringTag]: { configurable: true, value: "URLSearchParams" },
  [Symbol.iterator]: { configurable: true, writable: true, value: URLSearchParams.prototype.entries },
});

// A live iterator over a URLSearchParams' list (pairs added while iterating are reached).
class URLSearchParamsIterator {
  #target;
  #kind;
  #index = 0;

  constructor(target, kind) {
    this.#target = target;
    this.#kind = kind;
  }

  next() {
    if (typeof this !== "object" || this === null || !(#target in this)) {
      throw new ERR_INVALID_THIS("URLSearchParamsIterator");
    }
    const list = getParamsList(this.#target);
    if (this.#index >= list.length) return { value: undefined, done: true };
    const name = list[this.#index];
    const value = list[this.#index + 1];
    this.#index += 2;
    return { value: this.#kind === "key" ? name : this.#kind === "value" ? value : [name, value], done: false };
  }

  [inspectSymbol](recurseTimes, ctx, inspect) {
    if (typeof this !== "object" || this === null || !(#target in this)) {
      throw new ERR_INVALID_THIS("URLSearchParamsIterator");
    }
    if (typeof recurseTimes === "number" && recurseTimes < 0) return ctx.stylize("[Object]", "special");
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const list = getParamsList(this.#target);
    const output = [];
    for (let i = this.#index; i < list.length; i += 2) {
      if (this.#kind === "key") output.push(list[i]);
      else if (this.#kind === "value") output.push(list[i + 1]);
      else output.push([list[i], list[i + 1]]);
    }
    const shown = output.map((entry) => inspect(entry, innerOpts));
    const text = inspect(output, innerOpts).includes("\n") ? `\n  ${shown.join(",\n  ")}` : ` ${shown.join(", ")}`;
    return `${this[Symbol.toStringTag]} {${text} }`;
  }
}

// As Web IDL's iterator prototypes: no constructor, %IteratorPrototype% above.
delete URLSearchParamsIterator.prototype.constructor;
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
Object.setPrototypeOf(URLSearchParamsIterator.prototype, IteratorPrototype);
Object.defineProperties(URLSearchParamsIterator.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: "URLSearchParams Iterator" },
  next: enumerable,
});

// ---- helpers of node:url ----------------------------------------------------------------

// Whether `value` looks like a WHATWG URL (from this realm or another): an href and a
// protocol, and none of a legacy Url's auth and path.
function isURL(value) {
  return Boolean(value?.href && value.protocol && value.auth === undefined && value.path === undefined);
}

// A domain as the hostname setter of a 'ws://x' URL leaves it ('' on failure), as Node
// computes it.
function hostnameOf(domain) {
  const url = parseURL("ws://x", null);
  return setHostAsAda(url, toUSVString(domain), true) ? url.host : null;
}

function domainToASCII(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS("domain");
  return hostnameOf(`${domain}`) ?? "";
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS("domain");
  const host = hostnameOf(`${domain}`);
  return host === null ? "" : domainToUnicodeInternal(host);
}

// The options of http.request for a URL (its own properties too, as Node copies them).
function urlToHttpOptions(url) {
  const { hostname, pathname, port, username, password, search } = url;
  const options = {
    __proto__: null,
    ...url,
    protocol: url.protocol,
    hostname: hostname && hostname[0] === "[" ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ""}${search || ""}`,
    href: url.href,
  };
  if (port !== "") options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

// Whether a pathname holds %2F (or, for Windows, %5C) in either case.
function hasEncodedSeparator(pathname, windows) {
  return (windows ? /%(?:2f|5c)/i : /%2f/i).test(pathname);
}

function fileURLToPath(path, options = undefined) {
  const windows = options?.windows;
  if (typeof path === "string") path = new URL(path);
  else if (!isURL(path)) throw new ERR_INVALID_ARG_TYPE("path", ["string", "URL"], path);
  if (path.protocol !== "file:") throw new ERR_INVALID_URL_SCHEME("file");
  const { hostname, pathname } = path;
  if (!windows) {
    if (hostname !== "") throw new ERR_INVALID_FILE_URL_HOST("linux");
    if (hasEncodedSeparator(pathname, false)) {
      throw new ERR_INVALID_FILE_URL_PATH("must not include encoded / characters");
    }
    return decodeURIComponent(pathname);
  }
  if (hasEncodedSeparator(pathname, true)) {
    throw new ERR_INVALID_FILE_URL_PATH("must not include encoded \\ or / characters");
  }
  const local = decodeURIComponent(pathname.replace(/\//g, "\\"));
  // A host makes a UNC path (its 'xn--' labels decoded).
  if (hostname !== "") return `\\\\${domainToUnicode(hostname)}${local}`;
  const letter = local.codePointAt(1) | 0x20;
  if (letter < 0x61 || letter > 0x7a || local[2] !== ":") throw new ERR_INVALID_FILE_URL_PATH("must be absolute");
  return local.slice(1);
}

// The characters of a path that pathToFileURL percent-encodes itself (before the URL parser
// encodes what it does); '\' is a separator on Windows.
function encodePathChars(filepath, windows) {
  return filepath.replace(windows ? /[%\t\n\r "#?[\]^|~]/g : /[%\t\n\r "#?[\\\]^|~]/g, (c) => HEX[c.charCodeAt(0)]);
}

function pathToFileURL(filepath, options = undefined) {
  const windows = options?.windows ?? false;
  if (windows && filepath.startsWith("\\\\")) {
    // A UNC path, \\server\share\resource or \\?\UNC\server\share\resource.
    const url = new URL("file://");
    const prefixLength = filepath.startsWith("\\\\?\\UNC\\") ? 8 : 2;
    const hostnameEnd = filepath.indexOf("\\", prefixLength);
    if (hostnameEnd === -1) throw new ERR_INVALID_ARG_VALUE("path", filepath, "Missing UNC resource path");
    if (hostnameEnd === 2) throw new ERR_INVALID_ARG_VALUE("path", filepath, "Empty UNC servername");
    url.hostname = domainToASCII(filepath.slice(prefixLength, hostnameEnd));
    url.pathname = encodePathChars(filepath.slice(hostnameEnd).replace(/\\/g, "/"), windows);
    return url;
  }
  let resolved = windows ? path.win32.resolve(filepath) : path.posix.resolve(filepath);
  // resolve drops a trailing separator; the URL keeps it.
  const last = filepath[filepath.length - 1];
  if ((last === "/" || (windows && last === "\\")) && resolved[resolved.length - 1] !== path.sep) resolved += "/";
  return new URL(`file://${encodePathChars(resolved, windows)}`);
}

// url.format of a WHATWG URL: its href without the parts left out, the host in Unicode if
// asked.
function formatURL(href, { fragment, unicode, search, auth }) {
  const url = parseURL(href, null);
  if (!fragment) url.fragment = null;
  if (unicode && url.host !== null) url.host = domainToUnicodeInternal(url.host);
  if (!search) url.query = null;
  if (!auth) url.username = url.password = "";
  return serializeURL(url);
}

// What url.parse treats specially: protocols whose URLs may hold characters it otherwise
// escapes, protocols without hosts, and protocols always written with '//'.
const unsafeProtocol = new Set(["javascript", "javascript:"]);
const hostlessProtocol = new Set(["javascript", "javascript:"]);
const slashedProtocol = new Set([
  "http",
  "http:",
  "https",
  "https:",
  "ftp",
  "ftp:",
  "gopher",
  "gopher:",
  "file",
  "file:",
  "ws",
  "ws:",
  "wss",
  "wss:",
]);

module.exports = {
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  fileURLToPath,
  pathToFileURL,
  urlToHttpOptions,
  isURL,
  // For node:url's legacy API.
  formatURL,
  toASCII,
  percentEncodeString,
  unsafeProtocol,
  hostlessProtocol,
  slashedProtocol,
};
