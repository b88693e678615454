// The web's `crypto` global as Node 20 has it: a Crypto with getRandomValues and randomUUID.
// There is no `subtle` (SubtleCrypto is not provided).
"use strict";

const {
  withCode,
  codes: { ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require("node:internal/errors");
const random = require("node:internal/crypto/random");

const kMake = Symbol("kMake");

let crypto;

class Crypto {
  constructor(key = undefined) {
    if (key !== kMake) throw withCode(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
  }

  getRandomValues(array) {
    if (this !== crypto) throw new ERR_INVALID_THIS("Crypto");
    if (arguments.length < 1) {
      const error = new ERR_MISSING_ARGS("array");
      error.message = "Failed to execute 'getRandomValues' on 'Crypto': 1 argument required, but only 0 present.";
      throw error;
    }
    return random.getRandomValues(array);
  }

  randomUUID() {
    if (this !== crypto) throw new ERR_INVALID_THIS("Crypto");
    return random.randomUUID();
  }
}

for (const key of ["getRandomValues", "randomUUID"]) {
  Object.defineProperty(Crypto.prototype, key, { enumerable: true });
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: "Crypto", configurable: true });

crypto = new Crypto(kMake);

module.exports = { Crypto, crypto };
