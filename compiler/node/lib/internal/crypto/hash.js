// Hash and Hmac (node:crypto's createHash, createHmac, hash, getHashes) over the digests of
// native.crypto (guest node_crypto.c): MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512,
// SHA-512/224 and SHA-512/256, by the names OpenSSL gives them (case-insensitive). Both are
// Transform streams: what is written is hashed, and the digest is read at the end.
"use strict";

const native = require("node:internal/native");
const { Buffer } = require("node:buffer");
const {
  nativeError,
  withCode,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateString } = require("node:internal/validators");
const LazyTransform = require("node:internal/crypto/lazy_transform");

const { crypto: digests } = native;

// OpenSSL's names of each digest, lower-cased.
const ALIASES = {
  md5: ["md5", "rsa-md5", "md5withrsaencryption", "ssl3-md5"],
  sha1: ["sha1", "sha-1", "rsa-sha1", "rsa-sha1-2", "sha1withrsaencryption", "ssl3-sha1"],
};
for (const bits of ["224", "256", "384", "512"]) {
  const name = `sha${bits}`;
  ALIASES[name] = [name, `sha-${bits}`, `sha2-${bits}`, `rsa-${name}`, `${name}withrsaencryption`];
}
for (const bits of ["224", "256"]) {
  ALIASES[`sha512-${bits}`] = [
    `sha512-${bits}`,
    `sha-512/${bits}`,
    `sha2-512/${bits}`,
    `rsa-sha512/${bits}`,
    `sha512-${bits}withrsaencryption`,
  ];
}
const CANONICAL = new Map();
for (const [name, aliases] of Object.entries(ALIASES)) for (const alias of aliases) CANONICAL.set(alias, name);

const DIGEST_SIZES = {
  md5: 16,
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
  "sha512-224": 28,
  "sha512-256": 32,
};

// The digest `name` names, or undefined.
function digestName(name) {
  return CANONICAL.get(String(name).toLowerCase());
}

// Node's getHashes() as far as it names these digests.
const HASH_NAMES = [
  "RSA-MD5",
  "RSA-SHA1",
  "RSA-SHA1-2",
  "RSA-SHA224",
  "RSA-SHA256",
  "RSA-SHA384",
  "RSA-SHA512",
  "RSA-SHA512/224",
  "RSA-SHA512/256",
  "md5",
  "md5WithRSAEncryption",
  "sha1",
  "sha1WithRSAEncryption",
  "sha224",
  "sha224WithRSAEncryption",
  "sha256",
  "sha256WithRSAEncryption",
  "sha384",
  "sha384WithRSAEncryption",
  "sha512",
  "sha512-224",
  "sha512-224WithRSAEncryption",
  "sha512-256",
  "sha512-256WithRSAEncryption",
  "sha512WithRSAEncryption",
  "ssl3-md5",
  "ssl3-sha1",
];

function getHashes() {
  return HASH_NAMES.slice();
}

// The bytes of a view, as a Uint8Array over the same memory.
function bytesOf(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// What update() hashes of a string: the bytes of a known encoding other than UTF-8, else the
// string itself, which native.crypto hashes as UTF-8 (Node takes 'buffer' and unknown
// encodings as UTF-8 too).
function stringInput(data, encoding) {
  if (typeof encoding !== "string" || encoding === "buffer" || !Buffer.isEncoding(encoding)) return data;
  const lower = encoding.toLowerCase();
  return lower === "utf8" || lower === "utf-8" ? data : Buffer.from(data, encoding);
}

// The digest as digest(encoding) returns it: a string in a known encoding, else a Buffer.
function encodeDigest(bytes, encoding) {
  const buffer = Buffer.from(bytes);
  const name = `${encoding}`;
  return name !== "buffer" && Buffer.isEncoding(name) ? buffer.toString(name) : buffer;
}

const kHandle = Symbol("kHandle");
const kFinalized = Symbol("kFinalized");

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  const source = algorithm instanceof Hash ? algorithm : undefined;
  if (!source) validateString(algorithm, "algorithm");
  const outputLength = typeof options === "object" && options !== null ? options.outputLength : undefined;
  if (outputLength !== undefined) {
    if (typeof outputLength !== "number") {
      throw new ERR_INVALID_ARG_TYPE("options.outputLength", "number", outputLength);
    }
    if (!Number.isInteger(outputLength)) throw new ERR_OUT_OF_RANGE("options.outputLength", "an integer", outputLength);
    if (outputLength < 0 || outputLength > 4294967295) {
      throw new ERR_OUT_OF_RANGE("options.outputLength", ">= 0 && <= 4294967295", outputLength);
    }
  }
  let handle;
  if (source) {
    handle = digests.copy(source[kHandle]);
  } else {
    const name = digestName(algorithm);
    if (name === undefined) throw new Error("Digest method not supported");
    handle = digests.hashInit(name);
    if (outputLength !== undefined && outputLength !== DIGEST_SIZES[name]) {
      // OpenSSL's error, as Node passes it on.
      throw Object.assign(new Error("error:030000B2:digital envelope routines::not XOF or invalid length"), {
        library: "digital envelope routines",
        reason: "not XOF or invalid length",
        code: "ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH",
      });
    }
  }
  this[kHandle] = handle;
  this[kFinalized] = false;
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);

function hashFinalized() {
  return withCode(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
}

Hash.prototype.copy = function copy(options) {
  if (this[kFinalized]) throw hashFinalized();
  return new Hash(this, options);
};

// The stream side does not mark the Hash finalized: after the end, digest() gives the digest
// again and update() goes on (a finished Hmac refuses it), as Node's handles do.
Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  digests.update(this[kHandle], typeof chunk === "string" ? stringInput(chunk, encoding) : bytesOf(chunk));
  callback();
};

Hash.prototype._flush = function _flush(callback) {
  this.push(Buffer.from(digests.digest(this[kHandle])));
  callback();
};

Hash.prototype.update = function update(data, encoding) {
  if (this[kFinalized]) throw hashFinalized();
  let input;
  if (typeof data === "string") {
    if (typeof encoding === "string" && encoding.toLowerCase() === "hex" && data.length % 2 !== 0) {
      throw new ERR_INVALID_ARG_VALUE("encoding", encoding, `is invalid for data of length ${data.length}`);
    }
    input = stringInput(data, encoding);
  } else if (ArrayBuffer.isView(data)) {
    input = bytesOf(data);
  } else {
    throw new ERR_INVALID_ARG_TYPE("data", ["string", "Buffer", "TypedArray", "DataView"], data);
  }
  if (!digests.update(this[kHandle], input)) {
    throw withCode(Error, "ERR_CRYPTO_HASH_UPDATE_FAILED", "Hash update failed");
  }
  return this;
};

Hash.prototype.digest = function digest(outputEncoding) {
  if (this[kFinalized]) throw hashFinalized();
  const result = encodeDigest(digests.digest(this[kHandle]), outputEncoding || "buffer");
  this[kFinalized] = true;
  return result;
};

// A secret key as Node's prepareSecretKey takes it (no KeyObject or CryptoKey here).
function secretKeyBytes(key, encoding) {
  if (typeof key === "string") {
    return Buffer.from(key, encoding === undefined || encoding === "buffer" ? "utf8" : encoding);
  }
  if (ArrayBuffer.isView(key)) return bytesOf(key);
  if (key instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && key instanceof SharedArrayBuffer)) {
    return new Uint8Array(key);
  }
  throw new ERR_INVALID_ARG_TYPE(
    "key",
    ["string", "ArrayBuffer", "Buffer", "TypedArray", "DataView", "KeyObject", "CryptoKey"],
    key,
  );
}

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  validateString(hmac, "hmac");
  let encoding;
  if (options !== null && typeof options === "object" && "encoding" in options) {
    encoding = options.encoding;
    validateString(encoding, "options.encoding");
  }
  const bytes = secretKeyBytes(key, encoding);
  const name = digestName(hmac);
  if (name === undefined) throw nativeError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${hmac}`);
  this[kHandle] = digests.hmacInit(name, bytes);
  this[kFinalized] = false;
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);

Hmac.prototype.update = Hash.prototype.update;

// After the first digest(), Node's Hmac gives an empty digest rather than an error.
Hmac.prototype.digest = function digest(outputEncoding) {
  const encoding = outputEncoding || "buffer";
  if (this[kFinalized]) return encodeDigest(new Uint8Array(0), encoding);
  const result = encodeDigest(digests.digest(this[kHandle]), encoding);
  this[kFinalized] = true;
  return result;
};

Hmac.prototype._flush = Hash.prototype._flush;
Hmac.prototype._transform = Hash.prototype._transform;

// crypto.hash(algorithm, input, outputEncoding = 'hex'): a one-shot digest.
function hash(algorithm, input, outputEncoding = "hex") {
  validateString(algorithm, "algorithm");
  if (typeof input !== "string" && !ArrayBuffer.isView(input)) {
    throw new ERR_INVALID_ARG_TYPE("input", ["Buffer", "TypedArray", "DataView", "string"], input);
  }
  if (outputEncoding !== "hex") {
    validateString(outputEncoding, "outputEncoding");
    if (outputEncoding.toLowerCase() === "buffer") outputEncoding = "buffer";
    else if (!Buffer.isEncoding(outputEncoding)) throw new ERR_INVALID_ARG_VALUE("outputEncoding", outputEncoding);
  }
  const name = digestName(algorithm);
  if (name === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  const handle = digests.hashInit(name);
  digests.update(handle, typeof input === "string" ? input : bytesOf(input));
  return encodeDigest(digests.digest(handle), outputEncoding);
}

module.exports = { Hash, Hmac, bytesOf, digestName, getHashes, hash };
