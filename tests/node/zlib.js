// node:zlib against node: every format's sync, callback and stream forms, pipeline, the bytes
// zlib gives whatever its version (stored blocks, Huffman-only and RLE strategies, tiny
// inputs; other LZ77 output differs between zlib builds, node's being Chromium's, so only its
// round trip is printed), node-made fixtures, concatenated gzip members, unzip's detection,
// Node's errors for corrupt input and bad options, info, chunkSize, dictionaries, flush and
// params, and a 3 MB stream in many chunks. With a directory argument, also fs streams through
// gzip into a file and back.
"use strict";

const zlib = require("zlib");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { Readable, Writable, PassThrough, pipeline } = require("stream");
const streamPromises = require("stream/promises");

const md5 = (data) => crypto.createHash("md5").update(data).digest("hex");

const TEXT =
  Array.from({ length: 40 }, (_, i) => `${i}: The quick brown fox jumps over the lazy dog, ${"ab".repeat(i % 7)}`).join(
    "\n",
  ) + "\n";
const LINES = Array.from({ length: 2000 }, (_, i) => `line ${i} ${(i * 7919) % 1000} the quick brown fox`).join("\n");

// Made by node 20 (zlib.gzipSync(TEXT, { level: 9 }), zlib.deflateSync(TEXT),
// zlib.deflateRawSync(TEXT, { level: 1 })).
const FIXTURES = {
  gzip:
    "H4sIAAAAAAACA6XVywHCMAwD0Lum8AAcEqckLXOwQAKF8i0Uym96ZrAygE5Plt1K1kMv9/mwOUmZxvdVduNHjvPl9pDx1U/yHHo5599XtuN+IfDGQC5QcyQXBCKUCxoqlguWZDAXRDqaC5IVoLUDdAyAd5yA9yyBV97AhxoE35jPwN4X+Eg5JNKhpR063kFdjYNauwNVYo+YrkC5aYGyywKNFQ6pyqE1O9g7g+Cox8DtCwK7Lgj8tiA0NQ7B2h2ESDgkyqElHdh1wR/QEvf6rAgAAA==",
  deflate:
    "eJyd1ckRAjEMRNF7R6EAOIwl9jhIQIZhB8PAsEXPARyAOoB/cOlVu5nLYtvKtd8tD5K78jzLurxk358uNymPtpP7tpWjf96yKpuBIAUDz9Bw4hlGRJ4xpDLPGJGhZ4zp1DMm0QNM4weYMQdIDXeBFBdSSwZKbTkvtY6yQYp7QWKgIEWF1DfFodSS8fJvlVNT66gdaNwMlLEC5aYFyi4LlB8WKKem1lE70LgZGGMFxu0LjF0XGL8tMPZD+tVRO7C4GRhjBcbtC4xdF3wB6Jb7MA==",
  deflateRaw:
    "ndJBUsJQEIThfZ9iDsAi7z0R5RxcYEajAYVANCqenqIqc4Du6vW/6Kqv29pu6O0y718+LKbx92Rv458d5uP5y8affrLvobdP/7/a6/i+MhQy8EClEw80IfLAg5R5YC2GHniUUw9syBhPZOCBZzrxQOmE6t7xQjzuQ1GgZKt5yZplg8J7QVGgoLBC8hMPJUvFy9JWTU3WrB1U3gyqYgWVNZKfeClZKl6y1dRkzdpB5c2gKVbQWCPLp8ZLyVLxkq2mJmvWDhpvBk2xgsYayU+8lKW8AQ==",
};

function showError(label, fn) {
  try {
    const result = fn();
    console.log(label, "no error:", result && result.length);
  } catch (e) {
    console.log(label, `${e.name} [${e.code}] errno=${e.errno}: ${e.message}`);
  }
}

// Runs a callback form and prints its error or result (the size only when `showSize`: the size
// of LZ77 output depends on the zlib build).
function callback(label, fn, showSize = true) {
  return new Promise((resolve) => {
    fn((err, result) => {
      if (err) console.log(label, `error ${err.name} [${err.code}] errno=${err.errno}: ${err.message}`);
      else if (!Buffer.isBuffer(result)) console.log(label, "ok", Object.keys(result));
      else console.log(label, "ok", showSize ? result.length : "");
      resolve(result);
    });
  });
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function exportsAndConstants() {
  console.log("exports:", Object.keys(zlib).filter((k) => !/brotli/i.test(k)).join(" "));
  for (const name of ["gzip", "gzipSync", "createGzip", "Gzip", "crc32", "Unzip"]) {
    console.log(name, typeof zlib[name], zlib[name].name, zlib[name].length);
  }
  const constants = Object.entries(zlib.constants).filter(([k]) => !k.startsWith("BROTLI") && k !== "ZLIB_VERNUM");
  console.log("constants:", JSON.stringify(Object.fromEntries(constants)));
  console.log("ZLIB_VERNUM", typeof zlib.constants.ZLIB_VERNUM, zlib.ZLIB_VERNUM === zlib.constants.ZLIB_VERNUM);
  console.log("constants proto", Object.getPrototypeOf(zlib.constants), Object.isFrozen(zlib.constants));
  const legacy = Object.getOwnPropertyNames(zlib).filter((k) => /^Z_|^[A-Z]+$/.test(k) && !k.startsWith("BROTLI"));
  console.log("legacy:", legacy.filter((k) => k !== "ZLIB_VERNUM").map((k) => `${k}=${zlib[k]}`).join(" "));
  console.log("legacy descriptor", Object.getOwnPropertyDescriptor(zlib, "Z_FINISH"));
  const constantsDescriptor = Object.getOwnPropertyDescriptor(zlib, "constants");
  console.log("constants descriptor", constantsDescriptor.writable, constantsDescriptor.enumerable, constantsDescriptor.configurable);
  const factory = Object.getOwnPropertyDescriptor(zlib, "createGzip");
  console.log("factory descriptor", factory.writable, factory.enumerable, factory.configurable);
  console.log("codes", zlib.codes, Object.isFrozen(zlib.codes));
}

function syncRoundTrips() {
  const pairs = [
    ["gzipSync", "gunzipSync"],
    ["deflateSync", "inflateSync"],
    ["deflateRawSync", "inflateRawSync"],
    ["gzipSync", "unzipSync"],
    ["deflateSync", "unzipSync"],
  ];
  const bytes = Buffer.from(LINES.slice(0, 16000));
  const inputs = {
    string: LINES.slice(0, 16000),
    Buffer: bytes,
    Uint8Array: new Uint8Array(bytes),
    DataView: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ArrayBuffer: new Uint8Array(bytes).buffer,
    Float64Array: new Float64Array(new Uint8Array(bytes.subarray(0, 8000)).buffer),
  };
  for (const [compress, decompress] of pairs) {
    for (const [kind, input] of Object.entries(inputs)) {
      const out = zlib[decompress](zlib[compress](input));
      const expected = kind === "Float64Array" ? bytes.subarray(0, 8000) : bytes;
      console.log(compress, decompress, kind, Buffer.isBuffer(out), out.equals(expected));
    }
  }
  for (const level of [-1, 0, 1, 5, 9]) {
    for (const memLevel of [1, 9]) {
      for (const windowBits of [9, 15]) {
        const options = { level, memLevel, windowBits };
        const ok = [
          zlib.gunzipSync(zlib.gzipSync(TEXT, options)),
          zlib.inflateSync(zlib.deflateSync(TEXT, options)),
          zlib.inflateRawSync(zlib.deflateRawSync(TEXT, options), { windowBits }),
        ].every((b) => b.toString() === TEXT);
        console.log("options", JSON.stringify(options), ok);
      }
    }
  }
  console.log("empty", zlib.gunzipSync(zlib.gzipSync("")).length, zlib.inflateSync(Buffer.alloc(0), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length);
}

function deterministicBytes() {
  for (const fn of ["gzipSync", "deflateSync", "deflateRawSync"]) {
    console.log(fn, "empty", zlib[fn]("").toString("hex"));
    console.log(fn, "abc", zlib[fn]("abc").toString("hex"));
    console.log(fn, "level 0", zlib[fn]("abc", { level: 0 }).toString("hex"));
    console.log(fn, "hello x100", zlib[fn]("hello world ".repeat(100)).toString("hex"));
    for (const level of [1, 9]) console.log(fn, "gzip level", level, zlib[fn]("abcabc", { level }).toString("hex"));
  }
  const stored = zlib.deflateSync(LINES, { level: 0 });
  console.log("stored", stored.length, md5(stored));
  for (const strategy of [zlib.constants.Z_HUFFMAN_ONLY, zlib.constants.Z_RLE]) {
    for (const level of [1, 6, 9]) {
      const out = zlib.deflateSync(LINES, { level, strategy });
      console.log("strategy", strategy, "level", level, out.length, md5(out));
    }
  }
  for (const level of [1, 6, 9]) {
    const out = zlib.deflateSync(LINES, { level });
    console.log("lz77 level", level, "round trip", zlib.inflateSync(out).toString() === LINES);
  }
}

function fixtures() {
  const gz = Buffer.from(FIXTURES.gzip, "base64");
  console.log("fixture gzip", zlib.gunzipSync(gz).toString() === TEXT, zlib.unzipSync(gz).toString() === TEXT);
  console.log("fixture deflate", zlib.inflateSync(Buffer.from(FIXTURES.deflate, "base64")).toString() === TEXT);
  console.log("fixture raw", zlib.inflateRawSync(Buffer.from(FIXTURES.deflateRaw, "base64")).toString() === TEXT);
  console.log("fixture header", gz.subarray(0, 10).toString("hex"));
}

function concatenatedMembers() {
  const a = zlib.gzipSync("first member\n");
  const b = zlib.gzipSync("second member\n", { level: 1 });
  const c = zlib.gzipSync("");
  const joined = Buffer.concat([a, b, c, a]);
  console.log("members", JSON.stringify(zlib.gunzipSync(joined).toString()));
  console.log("members unzip", JSON.stringify(zlib.unzipSync(joined).toString()));
  console.log("zero padding", JSON.stringify(zlib.gunzipSync(Buffer.concat([a, Buffer.alloc(10)])).toString()));
  showError("trailing garbage", () => zlib.gunzipSync(Buffer.concat([a, Buffer.from("garbage")])));
  console.log("inflate stops after its stream", JSON.stringify(zlib.inflateSync(Buffer.concat([zlib.deflateSync("one"), Buffer.from("junk")])).toString()));
}

function corruptInput() {
  showError("gunzip text", () => zlib.gunzipSync(Buffer.from("hello")));
  showError("inflate text", () => zlib.inflateSync("not zlib data"));
  showError("inflateRaw garbage", () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff, 0xff])));
  const gz = zlib.gzipSync(TEXT);
  showError("truncated gzip", () => zlib.gunzipSync(gz.subarray(0, gz.length - 10)));
  showError("truncated deflate", () => zlib.inflateSync(zlib.deflateSync(TEXT).subarray(0, 20)));
  const badCrc = Buffer.from(gz);
  badCrc[badCrc.length - 6] ^= 1;
  showError("bad crc", () => zlib.gunzipSync(badCrc));
  const badLength = Buffer.from(gz);
  badLength[badLength.length - 1] ^= 1;
  showError("bad length", () => zlib.gunzipSync(badLength));
  const badMethod = Buffer.from(gz);
  badMethod[2] = 7;
  showError("bad method", () => zlib.gunzipSync(badMethod));
  const deflated = zlib.deflateSync(TEXT);
  const badCheck = Buffer.from(deflated);
  badCheck[badCheck.length - 1] ^= 0xff;
  showError("bad adler", () => zlib.inflateSync(badCheck));
  showError("unzip garbage", () => zlib.unzipSync(Buffer.from([0x1f, 0x00, 1, 2, 3])));
  try {
    zlib.gunzipSync(Buffer.from("hello"));
  } catch (e) {
    console.log("error shape", e instanceof Error, e.constructor.name, Object.keys(e), String(e));
  }
  console.log("truncated with sync flush", zlib.inflateSync(deflated.subarray(0, 40), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length);
}

function optionErrors() {
  const cases = [
    ["level 10", () => zlib.deflateSync("x", { level: 10 })],
    ["level -2", () => zlib.gzipSync("x", { level: -2 })],
    ["level string", () => zlib.deflateSync("x", { level: "1" })],
    ["level null", () => zlib.deflateSync("x", { level: null })],
    ["level Infinity", () => zlib.deflateSync("x", { level: Infinity })],
    ["level NaN", () => zlib.deflateSync("x", { level: NaN })],
    ["windowBits 7", () => zlib.deflateSync("x", { windowBits: 7 })],
    ["windowBits 16", () => zlib.inflateSync("x", { windowBits: 16 })],
    ["gzip windowBits 8", () => zlib.gzipSync("x", { windowBits: 8 })],
    ["deflate windowBits 8", () => zlib.inflateSync(zlib.deflateSync("x", { windowBits: 8 }))],
    ["inflateRaw windowBits 0", () => zlib.inflateRawSync("x", { windowBits: 0 })],
    ["memLevel 0", () => zlib.deflateSync("x", { memLevel: 0 })],
    ["memLevel 10", () => zlib.deflateSync("x", { memLevel: 10 })],
    ["strategy 5", () => zlib.deflateSync("x", { strategy: 5 })],
    ["strategy true", () => zlib.deflateSync("x", { strategy: true })],
    ["chunkSize 63", () => zlib.deflateSync("x", { chunkSize: 63 })],
    ["chunkSize string", () => zlib.deflateSync("x", { chunkSize: "64" })],
    ["flush 6", () => zlib.deflateSync("x", { flush: 6 })],
    ["finishFlush -1", () => zlib.deflateSync("x", { finishFlush: -1 })],
    ["maxOutputLength 0", () => zlib.deflateSync("x", { maxOutputLength: 0 })],
    ["maxOutputLength 2**33", () => zlib.deflateSync("x", { maxOutputLength: 2 ** 33 })],
    ["dictionary string", () => zlib.deflateSync("x", { dictionary: "abc" })],
    ["input number", () => zlib.deflateSync(5)],
    ["input object", () => zlib.gzipSync({ length: 3 })],
    ["input null", () => zlib.gunzipSync(null)],
    ["callback missing", () => zlib.gzip("x")],
    ["callback not a function", () => zlib.gzip("x", {}, "cb")],
    ["async input number", () => zlib.gzip(5, () => {})],
    ["createGzip level", () => zlib.createGzip({ level: 99 })],
    ["Inflate chunkSize", () => new zlib.Inflate({ chunkSize: 1 })],
    ["too large", () => zlib.inflateSync(zlib.deflateSync("x".repeat(1000)), { maxOutputLength: 100 })],
    ["crc32 number", () => zlib.crc32(5)],
    ["crc32 value -1", () => zlib.crc32("a", -1)],
    ["crc32 value 1.5", () => zlib.crc32("a", 1.5)],
    ["crc32 value string", () => zlib.crc32("a", "1")],
    ["crc32 value 2**32", () => zlib.crc32("a", 2 ** 32)],
    ["params level", () => zlib.createDeflate().params(10, 0)],
    ["params strategy", () => zlib.createDeflate().params(1, "x")],
  ];
  for (const [label, fn] of cases) showError(label, fn);
  const raw = { windowBits: 8 };
  zlib.deflateRawSync("x", raw);
  console.log("deflateRaw windowBits 8 becomes", raw.windowBits);
  console.log("non-object options", zlib.gunzipSync(zlib.gzipSync("abc", 5)).toString());
}

function infoAndChunkSize() {
  const info = zlib.gzipSync(TEXT, { info: true });
  console.log("info keys", Object.keys(info), Buffer.isBuffer(info.buffer), info.engine instanceof zlib.Gzip);
  console.log("info engine", info.engine.bytesWritten, info.engine._closed, info.engine.constructor.name);
  console.log("info round trip", zlib.gunzipSync(info.buffer).toString() === TEXT);
  const deflated = zlib.deflateSync(LINES);
  const small = zlib.inflateSync(deflated, { chunkSize: 64, info: true });
  console.log("chunkSize 64", small.buffer.toString() === LINES, small.engine.bytesWritten === deflated.length, small.engine._chunkSize);
  console.log("chunkSize 100.5 ok", zlib.gunzipSync(zlib.gzipSync(TEXT, { chunkSize: 100.5 })).toString() === TEXT);
  console.log("instances", zlib.createGzip() instanceof zlib.Gzip, zlib.Gzip() instanceof zlib.Gzip, zlib.createUnzip().constructor.name);
}

function crc32s() {
  console.log("crc32", zlib.crc32(""), zlib.crc32("hello"), zlib.crc32("hello", 5), zlib.crc32(Buffer.from("hello")));
  console.log("crc32 continued", zlib.crc32("world", zlib.crc32("hello ")), zlib.crc32("hello world"));
  console.log("crc32 views", zlib.crc32(new Uint16Array([1, 2, 3])), zlib.crc32(new DataView(new ArrayBuffer(7))));
  console.log("crc32 text", zlib.crc32("\u00e9\ud83d\ude00\ud800"), zlib.crc32(LINES), zlib.crc32(TEXT, 4294967295));
}

function dictionaries() {
  const dictionary = Buffer.from("The quick brown fox jumps over the lazy dog");
  const withDict = zlib.deflateSync(TEXT, { dictionary });
  console.log("dictionary round trip", zlib.inflateSync(withDict, { dictionary }).toString() === TEXT);
  console.log("dictionary ArrayBuffer", zlib.inflateSync(withDict, { dictionary: new Uint8Array(dictionary).buffer }).toString() === TEXT);
  showError("missing dictionary", () => zlib.inflateSync(withDict));
  showError("bad dictionary", () => zlib.inflateSync(withDict, { dictionary: Buffer.from("other") }));
  const raw = zlib.deflateRawSync(TEXT, { dictionary });
  console.log("raw dictionary", zlib.inflateRawSync(raw, { dictionary }).toString() === TEXT);
  console.log("unzip dictionary", zlib.unzipSync(withDict, { dictionary }).toString() === TEXT);
}

async function callbacks() {
  const gz = await callback("gzip", (cb) => zlib.gzip(TEXT, cb));
  await callback("gunzip", (cb) => zlib.gunzip(gz, cb));
  await callback("unzip", (cb) => zlib.unzip(gz, cb));
  const d = await callback("deflate opts", (cb) => zlib.deflate(LINES, { level: 1 }, cb), false);
  const back = await callback("inflate", (cb) => zlib.inflate(d, cb));
  console.log("inflate equal", back.toString() === LINES);
  const raw = await callback("deflateRaw ArrayBuffer", (cb) => zlib.deflateRaw(new Uint8Array(Buffer.from(TEXT)).buffer, cb));
  const rawBack = await callback("inflateRaw DataView", (cb) =>
    zlib.inflateRaw(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), cb),
  );
  console.log("inflateRaw equal", rawBack.toString() === TEXT);
  await callback("gunzip corrupt", (cb) => zlib.gunzip(Buffer.from("not gzip at all"), cb));
  await callback("inflate truncated", (cb) => zlib.inflate(d.subarray(0, 100), cb));
  await callback("inflate too large", (cb) => zlib.inflate(d, { maxOutputLength: 1000 }, cb));
  const info = await callback("gzip info", (cb) => zlib.gzip(TEXT, { info: true }, cb));
  console.log("gzip info engine", info.engine.constructor.name, info.engine.bytesWritten, info.engine._closed);
  await callback("gzip empty", (cb) => zlib.gzip("", cb));
  await callback("fixture", (cb) => zlib.gunzip(Buffer.from(FIXTURES.gzip, "base64"), cb));
  // A callback form completes later, not during the call.
  let done = false;
  const later = new Promise((resolve) =>
    zlib.deflate("x", () => {
      done = true;
      resolve();
    }),
  );
  console.log("done at once", done);
  await later;
  console.log("done later", done);
}

async function streams() {
  const gzip = zlib.createGzip();
  const events = [];
  for (const name of ["finish", "end", "close"]) gzip.on(name, () => events.push(name));
  const gunzip = zlib.createGunzip();
  gzip.pipe(gunzip);
  const result = collect(gunzip);
  for (let i = 0; i < TEXT.length; i += 100) gzip.write(TEXT.slice(i, i + 100));
  gzip.end();
  console.log("stream round trip", (await result).toString() === TEXT);
  console.log("stream events", events.join(","), "bytesWritten", gzip.bytesWritten, gunzip.bytesWritten === gzip._outOffset || gunzip.bytesWritten > 0);

  // Inflate with a small chunkSize: the sizes of the chunks read.
  const inflate = zlib.createInflate({ chunkSize: 1024 });
  const sizes = [];
  inflate.on("data", (chunk) => sizes.push(chunk.length));
  const ended = new Promise((resolve) => inflate.on("end", resolve));
  inflate.end(Buffer.from(FIXTURES.deflate, "base64"));
  await ended;
  console.log("chunk sizes", sizes.join(" "));

  // Unzip fed one byte at a time decides the format across writes.
  for (const data of [zlib.gzipSync(TEXT), zlib.deflateSync(TEXT)]) {
    const unzip = zlib.createUnzip();
    const out = collect(unzip);
    for (const byte of data) unzip.write(Buffer.from([byte]));
    unzip.end();
    console.log("unzip bytewise", (await out).toString() === TEXT);
  }

  // flush(): what was written so far comes out, decodable on its own.
  const deflate = zlib.createDeflate();
  const pieces = [];
  deflate.on("data", (chunk) => pieces.push(chunk));
  deflate.write("first part, ");
  await new Promise((resolve) => deflate.flush(resolve));
  const partial = Buffer.concat(pieces);
  console.log("flushed", zlib.inflateSync(partial, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString());
  // params(): a new level from here on.
  await new Promise((resolve) => deflate.params(0, zlib.constants.Z_DEFAULT_STRATEGY, resolve));
  deflate.write("second part");
  deflate.end();
  await new Promise((resolve) => deflate.on("end", resolve));
  console.log("after params", zlib.inflateSync(Buffer.concat(pieces)).toString(), deflate._level);

  // reset(): a fresh stream on the same object.
  const resettable = zlib.createDeflate();
  const output = [];
  resettable.on("data", (chunk) => output.push(chunk));
  resettable.write("discarded");
  await new Promise((resolve) => resettable.flush(resolve));
  output.length = 0;
  resettable.reset();
  resettable.end("kept");
  await new Promise((resolve) => resettable.on("end", resolve));
  console.log("reset", zlib.inflateSync(Buffer.concat(output)).toString());

  // A corrupt stream emits Node's error and closes.
  const bad = zlib.createGunzip();
  const seen = [];
  bad.on("close", () => seen.push("close"));
  await new Promise((resolve) => {
    bad.on("error", (e) => {
      seen.push(`error ${e.code} ${e.errno} ${e.message}`);
      resolve();
    });
    bad.end(Buffer.from("definitely not gzip"));
  });
  await new Promise((resolve) => setImmediate(resolve));
  console.log("stream error", seen.join(" | "), bad.destroyed, bad._closed);

  // close() with a callback, and writes after it.
  const closing = zlib.createGzip();
  await new Promise((resolve) =>
    closing.close(() => {
      console.log("closed", closing.destroyed, closing._closed);
      resolve();
    }),
  );
  showError("reset after close", () => closing.reset());

  // Readable side: the output as a string with setEncoding.
  const enc = zlib.createInflateRaw();
  enc.setEncoding("utf8");
  let textOut = "";
  enc.on("data", (s) => (textOut += s));
  await new Promise((resolve) => {
    enc.on("end", resolve);
    enc.end(Buffer.from(FIXTURES.deflateRaw, "base64"));
  });
  console.log("setEncoding", typeof textOut, textOut === TEXT);
}

async function pipelines() {
  const chunks = [];
  await new Promise((resolve) =>
    pipeline(
      Readable.from(LINES.match(/[^]{1,500}/g)),
      zlib.createGzip({ level: 1 }),
      zlib.createGunzip(),
      new Writable({
        write(chunk, encoding, cb) {
          chunks.push(chunk);
          cb();
        },
      }),
      (err) => {
        console.log("pipeline", err, Buffer.concat(chunks).toString() === LINES);
        resolve();
      },
    ),
  );
  await new Promise((resolve) =>
    pipeline(Readable.from([Buffer.from("not deflate data")]), zlib.createInflate(), new PassThrough(), (err) => {
      console.log("pipeline error", err && `${err.code} ${err.errno} ${err.message}`);
      resolve();
    }),
  );
  const out = [];
  await streamPromises.pipeline(
    Readable.from([TEXT]),
    zlib.createDeflateRaw(),
    zlib.createInflateRaw(),
    async function* (source) {
      for await (const chunk of source) out.push(chunk);
    },
  );
  console.log("promise pipeline", Buffer.concat(out).toString() === TEXT);
  try {
    await streamPromises.pipeline(Readable.from([zlib.gzipSync(TEXT).subarray(0, 30)]), zlib.createGunzip(), new PassThrough());
  } catch (e) {
    console.log("promise pipeline error", e.code, e.errno, e.message);
  }
}

// 3 MB in 3,000 writes through gzip and gunzip streams.
async function large() {
  const block = Buffer.from(LINES.slice(0, 1000));
  const total = 3 * 1024 * 1024;
  const input = Buffer.alloc(total);
  for (let i = 0; i < total; i += 1000) {
    block.copy(input, i);
    input.writeUInt32BE(i, i);
  }
  const gzip = zlib.createGzip();
  const gunzip = zlib.createGunzip();
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  let reads = 0;
  gunzip.on("data", (chunk) => {
    bytes += chunk.length;
    reads++;
    hash.update(chunk);
  });
  const done = new Promise((resolve) => gunzip.on("end", resolve));
  gzip.pipe(gunzip);
  const writeAll = async () => {
    for (let i = 0; i < total; i += 1024) {
      if (!gzip.write(input.subarray(i, i + 1024))) await new Promise((resolve) => gzip.once("drain", resolve));
    }
    gzip.end();
  };
  await writeAll();
  await done;
  console.log("large", bytes, hash.digest("hex") === crypto.createHash("sha256").update(input).digest("hex"), reads >= total / 16384);
  const part = input.subarray(0, 256 * 1024);
  console.log("large sync", zlib.gunzipSync(zlib.gzipSync(part)).equals(part), zlib.inflateRawSync(zlib.deflateRawSync(part, { level: 9 })).equals(part));
  console.log("large crc32", zlib.crc32(input));
}

async function files(dir) {
  const source = path.join(dir, "input.txt");
  const packed = path.join(dir, "input.txt.gz");
  fs.writeFileSync(source, LINES.repeat(4));
  await streamPromises.pipeline(fs.createReadStream(source, { highWaterMark: 4096 }), zlib.createGzip(), fs.createWriteStream(packed));
  console.log("file gunzipSync", zlib.gunzipSync(fs.readFileSync(packed)).toString() === LINES.repeat(4));
  const back = await collect(fs.createReadStream(packed).pipe(zlib.createGunzip()));
  console.log("file stream back", back.length, back.toString() === LINES.repeat(4));
  await new Promise((resolve) =>
    pipeline(fs.createReadStream(source), zlib.createGunzip(), fs.createWriteStream(path.join(dir, "out.txt")), (err) => {
      console.log("file not gzip", err && `${err.code} ${err.message}`);
      resolve();
    }),
  );
}

async function main() {
  exportsAndConstants();
  syncRoundTrips();
  deterministicBytes();
  fixtures();
  concatenatedMembers();
  corruptInput();
  optionErrors();
  infoAndChunkSize();
  crc32s();
  dictionaries();
  await callbacks();
  await streams();
  await pipelines();
  await large();
  if (process.argv[2]) await files(process.argv[2]);
  console.log("done");
}

main();
