// node:crypto: hashes (every algorithm and output encoding, inputs around the block sizes,
// incremental updates, copies), HMAC with keys shorter than, as long as and longer than a
// block, the stream side of Hash and Hmac, crypto.hash, PBKDF2, random bytes and integers
// (their shape and ranges, not their values), timingSafeEqual, and the errors of each.
"use strict";

const crypto = require("node:crypto");
const { Readable, Transform, pipeline } = require("node:stream");

// Deterministic "random" bytes: xorshift32 from a seed.
function pseudoRandom(length, seed) {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function attempt(label, f) {
  try {
    const result = f();
    console.log(label, "->", typeof result === "string" ? JSON.stringify(result) : result);
  } catch (e) {
    console.log(label, "throws", String(e), "|", e.name, e.code, Object.keys(e).join(","));
  }
}

const ALGORITHMS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256"];
const LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 239, 1000];

// ---- digests of known inputs
for (const algorithm of ALGORITHMS) {
  console.log(algorithm, crypto.createHash(algorithm).update("abc").digest("hex"));
  console.log(algorithm, crypto.createHash(algorithm).update("").digest("hex"));
  console.log(
    algorithm,
    crypto.createHash(algorithm).update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").digest("hex"),
  );
  console.log(algorithm, crypto.createHash(algorithm).update("a".repeat(1000)).digest("hex"));
}

// ---- inputs around the block sizes, in one piece and in uneven pieces
let seed = 1;
for (const algorithm of ALGORITHMS) {
  for (const length of LENGTHS) {
    const data = pseudoRandom(length, seed++);
    const whole = crypto.createHash(algorithm).update(data).digest("hex");
    const pieces = crypto.createHash(algorithm);
    for (let at = 0, step = 1; at < length; at += step, step = step * 2 + 1) pieces.update(data.subarray(at, at + step));
    console.log(algorithm, length, whole, pieces.digest("hex") === whole);
  }
}

// pseudo-random lengths
for (let i = 0; i < 24; i++) {
  const length = pseudoRandom(2, 1000 + i).readUInt16LE(0) % 3000;
  const algorithm = ALGORITHMS[i % ALGORITHMS.length];
  console.log("random length", algorithm, length, crypto.createHash(algorithm).update(pseudoRandom(length, i + 7)).digest("base64"));
}

// 1 MiB, whole and in 1000-byte pieces
const mebibyte = pseudoRandom(1 << 20, 99);
for (const algorithm of ALGORITHMS) {
  const pieces = crypto.createHash(algorithm);
  for (let at = 0; at < mebibyte.length; at += 1000) pieces.update(mebibyte.subarray(at, at + 1000));
  console.log("1 MiB", algorithm, crypto.createHash(algorithm).update(mebibyte).digest("hex"), pieces.digest("hex"));
}

// ---- output encodings
const ENCODINGS = ["hex", "HEX", "base64", "base64url", "Base64Url", "latin1", "binary", "ascii", "utf8", "ucs2", "utf16le"];
for (const algorithm of ALGORITHMS) {
  for (const encoding of ENCODINGS) {
    console.log(algorithm, encoding, JSON.stringify(crypto.createHash(algorithm).update("encode me").digest(encoding)));
  }
  for (const encoding of [undefined, "buffer", "foo", "", null, 0, 1, {}]) {
    const digest = crypto.createHash(algorithm).update("encode me").digest(encoding);
    console.log(algorithm, String(encoding), Buffer.isBuffer(digest), digest.length, digest.toString("hex"));
  }
}

// ---- input encodings and kinds of data
const text = "h\u00e9llo \u{1F600} w\u00f6rld";
for (const encoding of [undefined, "utf8", "utf-8", "UTF8", "foo", "buffer", "", null, "ucs2", "utf16le", "latin1", "binary", "ascii", "base64", "base64url"]) {
  console.log("update", String(encoding), crypto.createHash("sha256").update(text, encoding).digest("hex"));
}
console.log("update hex", crypto.createHash("sha256").update("00ff10", "hex").digest("hex"));
console.log("update HEX", crypto.createHash("sha256").update("00FF10", "HEX").digest("hex"));
for (const odd of ["a\ud800b", "\ud800", "x\udfff", "\udc00\ud800", "\ud83d\ude00", "\ud83d", "\u00ff\ud800\u0100"]) {
  console.log("surrogates", JSON.stringify(odd), crypto.createHash("md5").update(odd).digest("hex"), crypto.hash("md5", odd));
}
console.log("buffer ignores encoding", crypto.createHash("md5").update(Buffer.from("abc"), "hex").digest("hex"));
const backing = pseudoRandom(64, 5);
const views = {
  Buffer: backing,
  "Buffer slice": backing.subarray(3, 40),
  Uint8Array: new Uint8Array(backing.buffer, backing.byteOffset + 3, 37),
  Uint16Array: new Uint16Array([1, 2, 0xffff]),
  Int32Array: new Int32Array([-1, 7]),
  Float64Array: new Float64Array([Math.PI]),
  BigInt64Array: new BigInt64Array([-5n]),
  DataView: new DataView(backing.buffer, backing.byteOffset + 8, 16),
  Uint8ClampedArray: new Uint8ClampedArray([300, -5, 12]),
};
for (const [kind, view] of Object.entries(views)) {
  console.log("update", kind, crypto.createHash("sha1").update(view).digest("hex"));
}
console.log("chained", crypto.createHash("sha1").update("a").update(Buffer.from("b")).update("63", "hex").digest("hex"));

// ---- names
for (const name of [
  "SHA256",
  "Sha1",
  "sha-1",
  "SHA-224",
  "sha2-224",
  "SHA2-256",
  "sha-384",
  "sha2-512",
  "sha-512/224",
  "sha2-512/256",
  "RSA-SHA256",
  "rsa-sha512/256",
  "RSA-SHA1-2",
  "ssl3-md5",
  "ssl3-sha1",
  "md5WithRSAEncryption",
  "sha512-224WithRSAEncryption",
]) {
  console.log("name", name, crypto.createHash(name).digest("hex"));
}
const hashes = crypto.getHashes();
console.log(Array.isArray(hashes), hashes !== crypto.getHashes());
for (const name of ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha512-224", "sha512-256", "RSA-SHA256", "sha256WithRSAEncryption"]) {
  console.log("getHashes has", name, hashes.includes(name));
}

// ---- copy
const original = crypto.createHash("sha256").update("first part ");
const copy = original.copy();
console.log("copy", original.update("one").digest("hex"), copy.update("two").digest("hex"));
console.log("copy of copy", crypto.createHash("md5").update("x").copy().copy().digest("hex"));
console.log("copy with options", crypto.createHash("sha1").update("y").copy({}).digest("hex"));

// ---- hash errors
attempt("unknown algorithm", () => crypto.createHash("sha3-257"));
attempt("empty algorithm", () => crypto.createHash(""));
attempt("algorithm number", () => crypto.createHash(5));
attempt("algorithm missing", () => crypto.createHash());
attempt("update number", () => crypto.createHash("md5").update(1));
attempt("update missing", () => crypto.createHash("md5").update());
attempt("update ArrayBuffer", () => crypto.createHash("md5").update(new ArrayBuffer(2)));
attempt("update array", () => crypto.createHash("md5").update([1, 2]));
attempt("update odd hex", () => crypto.createHash("md5").update("abc", "hex"));
attempt("update odd HEX", () => crypto.createHash("md5").update("abc", "Hex"));
attempt("digest twice", () => {
  const hash = crypto.createHash("md5");
  hash.digest();
  return hash.digest("hex");
});
attempt("update after digest", () => {
  const hash = crypto.createHash("md5");
  hash.digest();
  return hash.update("x");
});
attempt("copy after digest", () => {
  const hash = crypto.createHash("md5");
  hash.digest();
  return hash.copy();
});
attempt("outputLength equal", () => crypto.createHash("sha256", { outputLength: 32 }).digest("hex"));
attempt("outputLength other", () => crypto.createHash("sha256", { outputLength: 16 }));
attempt("outputLength negative", () => crypto.createHash("sha256", { outputLength: -1 }));
attempt("outputLength string", () => crypto.createHash("sha256", { outputLength: "1" }));
attempt("outputLength fraction", () => crypto.createHash("sha256", { outputLength: 1.5 }));

// ---- HMAC
const KEY_LENGTHS = [0, 1, 20, 63, 64, 65, 127, 128, 129, 200];
for (const algorithm of ALGORITHMS) {
  for (const keyLength of KEY_LENGTHS) {
    const key = pseudoRandom(keyLength, 500 + keyLength);
    const data = pseudoRandom(keyLength * 3 + 1, 77);
    const mac = crypto.createHmac(algorithm, key).update(data).digest("hex");
    const split = crypto.createHmac(algorithm, key).update(data.subarray(0, 10)).update(data.subarray(10)).digest("hex");
    console.log("hmac", algorithm, keyLength, mac, split === mac);
  }
  console.log("hmac string key", algorithm, crypto.createHmac(algorithm, "Jefe").update("what do ya want for nothing?").digest("base64"));
}
const macKey = pseudoRandom(32, 3);
for (const [kind, key] of Object.entries({
  Buffer: macKey,
  Uint8Array: new Uint8Array(macKey),
  ArrayBuffer: macKey.buffer.slice(macKey.byteOffset, macKey.byteOffset + 32),
  DataView: new DataView(macKey.buffer, macKey.byteOffset, 32),
  Uint32Array: new Uint32Array(macKey.buffer.slice(macKey.byteOffset, macKey.byteOffset + 32)),
  "hex string": macKey.toString("hex"),
})) {
  console.log("hmac key", kind, crypto.createHmac("sha256", key).update("data").digest("hex"));
}
console.log("hmac key encoding", crypto.createHmac("sha256", macKey.toString("hex"), { encoding: "hex" }).update("data").digest("hex"));
console.log("hmac key base64", crypto.createHmac("sha256", macKey.toString("base64"), { encoding: "base64" }).update("data").digest("hex"));
console.log("hmac name", crypto.createHmac("SHA-256", "k").update("d").digest("hex"), crypto.createHmac("RSA-MD5", "k").digest("hex"));
for (const encoding of ENCODINGS.concat([undefined, "buffer", "foo"])) {
  console.log("hmac digest", String(encoding), JSON.stringify(crypto.createHmac("sha1", "k").update("d").digest(encoding)));
}
const finished = crypto.createHmac("sha1", "k");
finished.digest();
console.log("hmac digest again", finished.digest(), JSON.stringify(finished.digest("hex")), JSON.stringify(finished.digest("base64")));
attempt("hmac update after digest", () => finished.update("x"));
attempt("hmac unknown", () => crypto.createHmac("foo", "k"));
attempt("hmac algorithm number", () => crypto.createHmac(5, "k"));
attempt("hmac key number", () => crypto.createHmac("sha1", 5));
attempt("hmac key object", () => crypto.createHmac("sha1", {}));
attempt("hmac key missing", () => crypto.createHmac("sha1"));
attempt("hmac key encoding number", () => crypto.createHmac("sha1", "k", { encoding: 5 }));
attempt("hmac update number", () => crypto.createHmac("sha1", "k").update(5));
console.log(crypto.createHmac("md5", "k") instanceof crypto.Hmac, crypto.Hmac("md5", "k") instanceof crypto.Hmac);

// ---- crypto.hash
console.log("hash", crypto.hash("sha1", "abc"), crypto.hash("sha256", "abc", "base64"), crypto.hash("md5", Buffer.from("abc"), "buffer"));
console.log("hash latin1", JSON.stringify(crypto.hash("md5", new Uint16Array([1, 2]), "latin1")));
attempt("hash algorithm number", () => crypto.hash(1, "a"));
attempt("hash input number", () => crypto.hash("sha1", 1));
attempt("hash encoding number", () => crypto.hash("sha1", "a", 1));
attempt("hash unknown", () => crypto.hash("foo", "a"));
attempt("hash unknown encoding", () => crypto.hash("sha1", "a", "foo"));

// ---- classes
const sample = crypto.createHash("md5");
console.log(sample instanceof crypto.Hash, sample instanceof Transform, crypto.Hash("md5") instanceof crypto.Hash);
console.log(sample.constructor.name, Object.keys(sample).join(","), typeof sample.pipe, typeof sample.write);

// ---- PBKDF2
const PBKDF2 = [
  ["password", "salt", 1, 20, "sha1"],
  ["password", "salt", 2, 20, "sha1"],
  ["password", "salt", 4096, 20, "sha1"],
  ["passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25, "sha1"],
  ["pass\0word", "sa\0lt", 4096, 16, "sha1"],
  ["password", "salt", 1000, 0, "sha256"],
  ["password", "salt", 1000, 1, "sha256"],
  ["password", "salt", 1000, 100, "sha256"],
  ["password", "salt", 10, 200, "sha512"],
  ["p", "s", 3, 70, "md5"],
  ["p", "s", 3, 70, "sha224"],
  ["p", "s", 3, 70, "sha384"],
  ["p", "s", 3, 70, "sha512-256"],
  ["p", "s", 3, 70, "SHA-256"],
  [Buffer.from("pw"), new Uint8Array([1, 2, 3]), 5, 16, "sha1"],
  [new ArrayBuffer(3), new DataView(new ArrayBuffer(4)), 5, 16, "sha1"],
  ["", "", 1, 32, "sha256"],
];
for (const [password, salt, iterations, keylen, digest] of PBKDF2) {
  console.log("pbkdf2", digest, iterations, keylen, crypto.pbkdf2Sync(password, salt, iterations, keylen, digest).toString("hex"));
}
attempt("pbkdf2 unknown digest", () => crypto.pbkdf2Sync("a", "b", 1, 1, "foo"));
attempt("pbkdf2 no digest", () => crypto.pbkdf2Sync("a", "b", 1, 1));
attempt("pbkdf2 iterations 0", () => crypto.pbkdf2Sync("a", "b", 0, 1, "sha1"));
attempt("pbkdf2 iterations fraction", () => crypto.pbkdf2Sync("a", "b", 1.5, 1, "sha1"));
attempt("pbkdf2 iterations string", () => crypto.pbkdf2Sync("a", "b", "1", 1, "sha1"));
attempt("pbkdf2 keylen negative", () => crypto.pbkdf2Sync("a", "b", 1, -1, "sha1"));
attempt("pbkdf2 keylen huge", () => crypto.pbkdf2Sync("a", "b", 1, 2 ** 31, "sha1"));
attempt("pbkdf2 password number", () => crypto.pbkdf2Sync(1, "b", 1, 1, "sha1"));
attempt("pbkdf2 salt object", () => crypto.pbkdf2Sync("a", {}, 1, 1, "sha1"));
attempt("pbkdf2 no callback", () => crypto.pbkdf2("a", "b", 1, 1, "sha1"));
attempt("pbkdf2 callback as digest", () => crypto.pbkdf2("a", "b", 1, 1, () => {}));

// ---- random bytes
for (const size of [0, 1, 16, 1000, 70000]) {
  const bytes = crypto.randomBytes(size);
  console.log("randomBytes", size, Buffer.isBuffer(bytes), bytes.length);
}
console.log("randomBytes fraction", crypto.randomBytes(1.5).length);
attempt("randomBytes negative", () => crypto.randomBytes(-1));
attempt("randomBytes NaN", () => crypto.randomBytes(NaN));
attempt("randomBytes string", () => crypto.randomBytes("1"));
attempt("randomBytes too big", () => crypto.randomBytes(2 ** 31));
attempt("randomBytes bad callback", () => crypto.randomBytes(2, 5));
// Sixteen random bytes are all zero with probability 2^-128.
console.log("randomBytes not zero", crypto.randomBytes(16).some((b) => b !== 0));

function untouched(buf, from, to) {
  const bytes = new Uint8Array(buf.buffer || buf, buf.byteOffset || 0, buf.byteLength);
  return bytes.every((b, i) => (i >= from && i < to) || b === 0);
}
const u8 = new Uint8Array(32);
console.log("randomFillSync", crypto.randomFillSync(u8) === u8);
const partial = new Uint8Array(32);
crypto.randomFillSync(partial, 4, 8);
console.log("randomFillSync range", untouched(partial, 4, 12));
const words = new Uint32Array(8);
crypto.randomFillSync(words, 2, 3);
console.log("randomFillSync Uint32Array range", untouched(words, 8, 20));
const raw = new ArrayBuffer(16);
console.log("randomFillSync ArrayBuffer", crypto.randomFillSync(raw, 10) === raw, untouched(raw, 10, 16));
const view = new DataView(new ArrayBuffer(16), 4, 8);
crypto.randomFillSync(view, 2);
console.log("randomFillSync DataView", new Uint8Array(view.buffer).slice(0, 6).every((b) => b === 0));
const sliced = Buffer.alloc(32).subarray(8, 16);
crypto.randomFillSync(sliced, 0, 0);
console.log("randomFillSync size 0", sliced.every((b) => b === 0));
attempt("randomFillSync string", () => crypto.randomFillSync("x"));
attempt("randomFillSync offset big", () => crypto.randomFillSync(new Uint8Array(4), 5));
attempt("randomFillSync offset negative", () => crypto.randomFillSync(new Uint32Array(4), -1));
attempt("randomFillSync offset string", () => crypto.randomFillSync(new Uint8Array(4), "1"));
attempt("randomFillSync size big", () => crypto.randomFillSync(new Uint32Array(4), 1, 4));
attempt("randomFill no callback", () => crypto.randomFill(new Uint8Array(2)));
attempt("randomFill bad callback", () => crypto.randomFill(new Uint8Array(2), 1, 1, 5));

// ---- randomInt
function checkRange(label, min, max, draw) {
  let ok = true;
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    const n = draw();
    if (!Number.isSafeInteger(n) || n < min || n >= max) ok = false;
    seen.add(n);
  }
  console.log("randomInt", label, ok, max - min <= 10 ? seen.size === max - min : seen.size > 1);
}
checkRange("(10)", 0, 10, () => crypto.randomInt(10));
checkRange("(1)", 0, 1, () => crypto.randomInt(1));
checkRange("(-5, 5)", -5, 5, () => crypto.randomInt(-5, 5));
checkRange("(-20, -17)", -20, -17, () => crypto.randomInt(-20, -17));
checkRange("(0, 2**48 - 1)", 0, 2 ** 48 - 1, () => crypto.randomInt(0, 2 ** 48 - 1));
checkRange("(2**53 - 2**40, 2**53 - 1)", 2 ** 53 - 2 ** 40, 2 ** 53 - 1, () => crypto.randomInt(2 ** 53 - 2 ** 40, 2 ** 53 - 1));
checkRange("(-(2**53 - 1), -(2**53 - 1) + 3)", -(2 ** 53 - 1), -(2 ** 53 - 1) + 3, () => crypto.randomInt(-(2 ** 53 - 1), -(2 ** 53 - 1) + 3));
attempt("randomInt none", () => crypto.randomInt());
attempt("randomInt fraction", () => crypto.randomInt(1.5));
attempt("randomInt string", () => crypto.randomInt("1"));
attempt("randomInt max string", () => crypto.randomInt(1, "2"));
attempt("randomInt min unsafe", () => crypto.randomInt(-(2 ** 53), 0));
attempt("randomInt max unsafe", () => crypto.randomInt(0, 2 ** 53));
attempt("randomInt equal", () => crypto.randomInt(1, 1));
attempt("randomInt reversed", () => crypto.randomInt(5, 2));
attempt("randomInt zero", () => crypto.randomInt(0));
attempt("randomInt range too big", () => crypto.randomInt(0, 2 ** 48 + 1));
attempt("randomInt max too big", () => crypto.randomInt(2 ** 48));
attempt("randomInt bad callback", () => crypto.randomInt(1, 2, 3));
attempt("randomInt NaN", () => crypto.randomInt(NaN));

// ---- randomUUID, getRandomValues, webcrypto
const uuid = crypto.randomUUID();
console.log("randomUUID", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), uuid !== crypto.randomUUID());
console.log("randomUUID options", crypto.randomUUID({ disableEntropyCache: true }).length);
attempt("randomUUID bad options", () => crypto.randomUUID(5));
const values = new Uint16Array(8);
console.log("getRandomValues", crypto.getRandomValues(values) === values, crypto.webcrypto.getRandomValues(new Int8Array(4)).length);
console.log("getRandomValues unbound", crypto.getRandomValues.call(null, new Uint8Array(2)).length);
console.log("webcrypto", crypto.webcrypto === globalThis.crypto, typeof crypto.webcrypto.randomUUID());
attempt("getRandomValues float", () => crypto.getRandomValues(new Float32Array(2)));
attempt("getRandomValues too long", () => crypto.webcrypto.getRandomValues(new Uint8Array(70000)));
console.log("constants", typeof crypto.constants);

// ---- timingSafeEqual
console.log("timingSafeEqual", crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abc")), crypto.timingSafeEqual(Buffer.from("abc"), Buffer.from("abd")));
console.log("timingSafeEqual empty", crypto.timingSafeEqual(Buffer.alloc(0), new Uint8Array(0)));
console.log("timingSafeEqual kinds", crypto.timingSafeEqual(new Uint8Array([1, 2]), new Uint16Array([0x201])));
console.log("timingSafeEqual ArrayBuffer", crypto.timingSafeEqual(new ArrayBuffer(2), new DataView(new ArrayBuffer(2))));
console.log("timingSafeEqual view offsets", crypto.timingSafeEqual(Buffer.from("xxabc").subarray(2), Buffer.from("abcyy").subarray(0, 3)));
attempt("timingSafeEqual lengths", () => crypto.timingSafeEqual(Buffer.alloc(1), Buffer.alloc(2)));
attempt("timingSafeEqual string", () => crypto.timingSafeEqual("a", Buffer.alloc(2)));
attempt("timingSafeEqual second", () => crypto.timingSafeEqual(Buffer.alloc(2), 2));

// ---- streams and callbacks, one after the other (Node's thread pool finishes them in any order)
function streamHash() {
  return new Promise((resolve) => {
    const streamed = crypto.createHash("sha256");
    streamed.on("data", (digest) => console.log("stream data", digest.toString("hex")));
    streamed.on("end", resolve);
    streamed.write("ab");
    streamed.write("63", "hex");
    streamed.end(Buffer.from("def"));
  });
}

function streamHmac() {
  return new Promise((resolve) => {
    const hexStream = crypto.createHmac("sha1", "key");
    hexStream.setEncoding("hex");
    hexStream.on("data", (digest) => console.log("hmac stream data", digest));
    hexStream.on("end", resolve);
    hexStream.end("message");
  });
}

function streamPipeline() {
  return new Promise((resolve) => {
    pipeline(
      Readable.from(["one ", "two ", Buffer.from("three")]),
      crypto.createHash("md5"),
      async function* (source) {
        for await (const chunk of source) console.log("pipeline digest", chunk.toString("hex"));
      },
      (error) => resolve(console.log("pipeline done", error)),
    );
  });
}

function callback(label, start) {
  return new Promise((resolve) => {
    let sync = true;
    start((error, value) => {
      console.log(label, error, value, sync ? "sync" : "later");
      resolve();
    });
    sync = false;
  });
}

(async () => {
  await streamHash();
  await streamHmac();
  await streamPipeline();
  await callback("randomBytes callback", (cb) => crypto.randomBytes(12, (e, bytes) => cb(e, bytes.length)));
  const filled = new Uint8Array(6);
  await callback("randomFill callback", (cb) =>
    crypto.randomFill(filled, 2, (e, buf) => cb(e, buf === filled && filled[0] === 0 && filled[1] === 0)),
  );
  await callback("randomFill Uint32Array", (cb) => crypto.randomFill(new Uint32Array(4), 1, 2, (e, buf) => cb(e, buf.length)));
  await callback("randomFill empty", (cb) => crypto.randomFill(new Uint8Array(0), (e, buf) => cb(e, buf.length)));
  await callback("randomInt callback", (cb) => crypto.randomInt(3, (e, n) => cb(e, n >= 0 && n < 3)));
  await callback("randomInt callback range", (cb) => crypto.randomInt(-3, -1, (e, n) => cb(e, n === -3 || n === -2)));
  await callback("pbkdf2 callback", (cb) => crypto.pbkdf2("password", "salt", 2, 20, "sha1", (e, key) => cb(e, key.toString("hex"))));
})();
console.log("sync end");

// After the stream's end: digest() again, update() going on, copy(); a Hash written to after
// digest() pushes the same digest; a finished Hmac refuses more input.
for (const [algorithm, length] of ALGORITHMS.flatMap((a) => [1, 60, 120].map((n) => [a, n]))) {
  const ended = crypto.createHash(algorithm);
  ended.end(pseudoRandom(length, length));
  ended.on("data", (digest) => {
    console.log("ended", algorithm, length, digest.toString("hex"));
    attempt("ended update", () => ended.update("x") === ended);
    attempt("ended copy", () => ended.copy().update("yz").digest("hex"));
    attempt("ended digest", () => ended.digest("hex"));
    attempt("ended digest again", () => ended.digest("hex"));
  });
}
const written = crypto.createHash("sha1");
written.update("a");
console.log("written", written.digest("hex"));
written.on("data", (digest) => console.log("written data", digest.toString("hex")));
written.end("b");
const endedHmac = crypto.createHmac("sha256", "key");
endedHmac.end("a");
endedHmac.on("data", (digest) => {
  console.log("ended hmac", digest.toString("hex"));
  attempt("ended hmac update", () => endedHmac.update("x"));
  attempt("ended hmac digest", () => endedHmac.digest("hex"));
  attempt("ended hmac digest again", () => endedHmac.digest("hex"));
  attempt("ended hmac update again", () => endedHmac.update("x"));
});
const writtenHmac = crypto.createHmac("md5", "k");
writtenHmac.digest();
writtenHmac.on("data", (digest) => console.log("written hmac data", digest.length));
writtenHmac.on("end", () => console.log("written hmac end"));
writtenHmac.end("b");
