// Node 20's global atob and btoa (also buffer.atob, buffer.btoa): forgiving base64 as the web
// defines it, with Node's errors. The input is checked here; QuickJS-NG's own functions
// (native.atob, native.btoa) do the conversion.
"use strict";

const native = require("node:internal/native");
const {
  codes: { ERR_MISSING_ARGS },
} = require("node:internal/errors");
const { DOMException } = require("node:internal/domexception");

// ASCII whitespace, which atob skips.
const WHITESPACE = /[\t\n\f\r ]/g;
// What atob accepts once whitespace is gone: base64 characters, then at most two '='.
const SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;
const BEYOND_LATIN1 = /[^\x00-\xff]/;

function invalidCharacter() {
  return new DOMException("Invalid character", "InvalidCharacterError");
}

function atob(input) {
  if (arguments.length === 0) throw new ERR_MISSING_ARGS("input");
  input = `${input}`;
  const data = input.replace(WHITESPACE, "");
  if (!SHAPE.test(data)) throw invalidCharacter();
  const padding = data.length - data.replace(/=+$/, "").length;
  // '=' only where it completes a group of four.
  if (padding > 0 && data.length % 4 !== 0) throw invalidCharacter();
  if ((data.length - padding) % 4 === 1) {
    throw new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
  }
  return native.atob(data);
}

function btoa(input) {
  if (arguments.length === 0) throw new ERR_MISSING_ARGS("input");
  input = `${input}`;
  if (BEYOND_LATIN1.test(input)) throw invalidCharacter();
  return native.btoa(input);
}

module.exports = { atob, btoa };
