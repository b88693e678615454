// node:crypto's pbkdf2 and pbkdf2Sync: PBKDF2 with HMAC over native.crypto's digests, with
// Node's checks. The callback form derives at once and calls back as an I/O completion (where
// Node's thread pool would).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { Buffer } = require("node:buffer");
const {
  nativeError,
  codes: { ERR_INVALID_ARG_TYPE },
} = require("node:internal/errors");
const { validateFunction, validateInteger, validateString } = require("node:internal/validators");
const { isAnyArrayBuffer } = require("node:util/types");
const { bytesOf, digestName } = require("node:internal/crypto/hash");

const INT32_MAX = 2 ** 31 - 1;

// Node's getArrayBufferOrView, as the bytes.
function bytesArgument(value, name) {
  if (isAnyArrayBuffer(value)) return new Uint8Array(value);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (!ArrayBuffer.isView(value)) {
    throw new ERR_INVALID_ARG_TYPE(name, ["string", "ArrayBuffer", "Buffer", "TypedArray", "DataView"], value);
  }
  return bytesOf(value);
}

function derive(password, salt, iterations, keylen, digest) {
  validateString(digest, "digest");
  password = bytesArgument(password, "password");
  salt = bytesArgument(salt, "salt");
  validateInteger(iterations, "iterations", 1, INT32_MAX);
  validateInteger(keylen, "keylen", 0, INT32_MAX);
  const name = digestName(digest);
  if (name === undefined) throw nativeError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
  return () => Buffer.from(native.crypto.pbkdf2(name, password, salt, iterations, keylen));
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return derive(password, salt, iterations, keylen, digest)();
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === "function") {
    callback = digest;
    digest = undefined;
  }
  const run = derive(password, salt, iterations, keylen, digest);
  validateFunction(callback, "callback");
  const key = run();
  loop.queueCompletion(() => callback(null, key));
}

module.exports = { pbkdf2, pbkdf2Sync };
