// Node's `crypto`, the part EdgeBox has: hashes and HMAC (MD5, SHA-1, SHA-2; guest
// node_crypto.c), PBKDF2, random bytes, integers and UUIDs from the host's randomness,
// timingSafeEqual, and the web Crypto (getRandomValues, randomUUID) as `webcrypto`. No ciphers,
// signatures, key objects, Diffie-Hellman, scrypt, HKDF or SubtleCrypto.
"use strict";

const { nativeError } = require("node:internal/errors");
const { isAnyArrayBuffer } = require("node:util/types");
const { Hash, Hmac, getHashes, hash } = require("node:internal/crypto/hash");
const { pbkdf2, pbkdf2Sync } = require("node:internal/crypto/pbkdf2");
const { randomBytes, randomFill, randomFillSync, randomInt } = require("node:internal/crypto/random_bytes");
const { randomUUID } = require("node:internal/crypto/random");
const { crypto: webcrypto } = require("node:internal/crypto/webcrypto");

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

function bytesOf(value) {
  if (isAnyArrayBuffer(value)) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

// Compares every byte whatever the first difference, so the time does not tell where it is.
function timingSafeEqual(buf1, buf2) {
  for (const [name, value] of [
    ["buf1", buf1],
    ["buf2", buf2],
  ]) {
    if (!isAnyArrayBuffer(value) && !ArrayBuffer.isView(value)) {
      throw nativeError(
        TypeError,
        "ERR_INVALID_ARG_TYPE",
        `The "${name}" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.`,
      );
    }
  }
  const a = bytesOf(buf1);
  const b = bytesOf(buf2);
  if (a.length !== b.length) {
    const message = "Input buffers must have the same byte length";
    throw nativeError(RangeError, "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", message);
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

function getRandomValues(array) {
  return webcrypto.getRandomValues(array);
}

// Node's crypto.constants are OpenSSL's numbers for TLS, ciphers and keys, none of which is
// here: the object is empty.
const constants = {};

module.exports = {
  createHash,
  createHmac,
  getHashes,
  hash,
  pbkdf2,
  pbkdf2Sync,
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  timingSafeEqual,
  getRandomValues,
  Hash,
  Hmac,
  constants,
  webcrypto,
};
