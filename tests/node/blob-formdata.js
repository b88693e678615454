// Blob, File and FormData as Node 20 has them: Blob parts (strings as UTF-8, buffers, views,
// Blobs), type and endings, slice, text/arrayBuffer/bytes/stream (and when their promises
// settle against microtask ticks), File's name and lastModified, FormData's methods, iteration,
// errors and inspect output.
"use strict";
const buffer = require("buffer");
const util = require("util");

const log = (...args) => console.log(...args);

function attempt(label, fn) {
  try {
    log(label, fn());
  } catch (e) {
    log(label, "threw", e.name, e.code, e.message);
  }
}

function ticks(n) {
  let p = Promise.resolve();
  for (let i = 1; i <= n; i++) p = p.then(() => log("tick", i));
  return p;
}

const settle = (label, promise) =>
  promise.then(
    (value) => log(label, "fulfilled", value),
    (error) => log(label, "rejected", error.name, error.code, error.message),
  );

async function blobs() {
  log(buffer.Blob === Blob, buffer.File === File, Blob.length, File.length, Blob.name, Object.keys(Blob.prototype));
  log(Object.getOwnPropertyNames(Blob.prototype), Object.keys(File.prototype), File.prototype instanceof Blob);
  log(Object.prototype.toString.call(new Blob()), Object.prototype.toString.call(new File([], "f")));
  const parts = new Blob(["héllo ", new Uint8Array([0x77, 0x6f]), new Uint16Array([0x6c72]).buffer, new DataView(new Uint8Array([0x64]).buffer), 5, { a: 1 }, null]);
  log(parts, parts.size, parts.type, await parts.text());
  log(new Blob(["x"], { type: "Text/HTML; Charset=UTF-8" }).type, JSON.stringify(new Blob([], { type: "bad\u00ff" }).type));
  log(new Blob(["a\r\nb\nc\rd"], { endings: "native" }).size, new Blob(["a\r\nb"], { endings: "transparent" }).size);
  log(new Blob(["\ud800"]).size, await new Blob(["\ud83d\ude00"]).text(), new Blob([new Blob(["in"]), "out"]).size);
  const source = new Uint8Array([1, 2, 3]);
  const copied = new Blob([source]);
  source[0] = 9;
  log(new Uint8Array(await copied.arrayBuffer()));
  log(new Blob(new Set(["s", "e", "t"])).size, await new Blob(new Set(["s", "e", "t"])).text());

  const b = new Blob(["abc", "def"], { type: "text/plain" });
  log(b.slice(), b.slice(1, 4), b.slice(-2), b.slice(0, -4), b.slice(4, 2), b.slice(2, 100, "X/Y"));
  log(await b.slice(1, 5).text(), await b.slice(-2).text(), await b.slice(2, 4).slice(1).text(), b.slice(1, 1).size);
  log(await b.slice(undefined, 2).text(), JSON.stringify(b.slice(0, 3, "\u0100").type));
  log(new Uint8Array(await b.arrayBuffer()), await b.bytes(), (await b.arrayBuffer()) instanceof ArrayBuffer);
  log(await new Blob(["\ufeffbom"]).text());

  attempt("sources string", () => new Blob("abc"));
  attempt("sources number", () => new Blob(5));
  attempt("sources null", () => new Blob(null));
  attempt("options number", () => new Blob([], 5));
  attempt("endings", () => new Blob([], { endings: "weird" }));
  attempt("size this", () => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}));
  attempt("slice this", () => Blob.prototype.slice.call({}));
  attempt("stream this", () => Blob.prototype.stream.call({}));
  await settle("text this", Blob.prototype.text.call({}));
  await settle("arrayBuffer this", Blob.prototype.arrayBuffer.call({}));
  attempt("file args", () => new File(["x"]));

  log(util.inspect(b, { depth: -1 }), [b], { a: { b: { c: b } } }, util.inspect([[b]], { depth: 0 }));
}

async function files() {
  const f = new File(["file body"], "notes.txt", { type: "TEXT/plain", lastModified: 1234 });
  log(f, f.name, f.size, f.type, f.lastModified, f instanceof Blob, await f.text());
  log(f.slice(0, 4), await f.slice(5).text());
  log(new File([], "a", { lastModified: "77" }).lastModified, new File([], "b", { lastModified: "x" }).lastModified);
  log(new File([], 42, { lastModified: 5.5 }).name, new File([], "\ud800z", { lastModified: 1 }).name.length);
  const now = Date.now();
  const stamped = new File([], "now").lastModified;
  log(typeof stamped, stamped >= now - 1000 && stamped <= Date.now() + 1000);
  log(util.inspect(f, { depth: -1 }), [[f]], new File([f, " and more"], "copy", { lastModified: 0 }));
}

async function readOrder() {
  const inOrder = async (label, promise, n) => {
    const done = ticks(n);
    settle(label, promise);
    await done;
  };
  await inOrder("empty arrayBuffer", new Blob([]).arrayBuffer().then((ab) => ab.byteLength), 2);
  await inOrder("one part", new Blob(["a"]).arrayBuffer().then((ab) => ab.byteLength), 3);
  await inOrder("three parts", new Blob(["a", "b", "c"]).arrayBuffer().then((ab) => ab.byteLength), 7);
  await inOrder("nested", new Blob([new Blob([]), "a", new Blob(["b", "c"])]).arrayBuffer().then((ab) => ab.byteLength), 9);
  await inOrder("slice", new Blob(["ab", "cd", "ef"]).slice(1, 5).text(), 8);
  await inOrder("slice edge", new Blob(["ab", "cd", "ef"]).slice(2, 4).text(), 6);
  await inOrder("text", new Blob(["x", "y"]).text(), 6);
  await inOrder("bytes", new Blob(["x", "y"]).bytes(), 6);
}

async function streams() {
  const b = new Blob(["one", "", "two", new Blob(["three"])]);
  const stream = b.stream();
  log(stream);
  const reader = stream.getReader();
  const done = ticks(12);
  for (let i = 0; i < 4; i++) {
    settle(
      `read ${i}`,
      reader.read().then(({ value, done }) => [value && value.constructor.name, value && new TextDecoder().decode(value), done]),
    );
  }
  await done;
  const chunks = [];
  for await (const chunk of new Blob(["a".repeat(5), "b".repeat(3)]).stream()) chunks.push(chunk.length);
  log(chunks);
  const byob = new Blob(["abcdef"]).stream().getReader({ mode: "byob" });
  const first = await byob.read(new Uint8Array(4));
  log(first.done, new TextDecoder().decode(first.value));
  const second = await byob.read(new Uint8Array(4));
  log(second.done, new TextDecoder().decode(second.value));
  const end = await byob.read(new Uint8Array(4));
  log(end.done, end.value.byteLength);
  const cancelled = new Blob(["x", "y"]).stream();
  const cancelledReader = cancelled.getReader();
  await settle("cancel", cancelledReader.cancel("enough"));
  await settle("after cancel", cancelledReader.read().then(JSON.stringify));
  const piped = [];
  await new Blob(["pi", "pe"]).stream().pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        piped.push(chunk);
      },
    }),
  );
  log(piped);
}

function formData() {
  const fd = new FormData();
  log(fd, FormData.length, FormData.name, Object.keys(FormData.prototype), Object.prototype.toString.call(fd));
  fd.append("name", "value");
  fd.append("number", 42);
  fd.append("blob", new Blob(["blob body"], { type: "Text/Plain" }));
  fd.append("named", new Blob(["x"]), "x.bin");
  const file = new File(["f"], "f.txt", { lastModified: 99 });
  fd.append("file", file);
  fd.append("renamed", file, "other.txt");
  fd.append("name", "second");
  fd.append("nothing", null);
  fd.append("u\ud800", "v\udc00");
  log(fd.get("name"), fd.getAll("name"), fd.get("number"), fd.get("missing"), fd.getAll("missing"), fd.has("blob"));
  const blob = fd.get("blob");
  log(blob instanceof File, blob.name, blob.type, blob.size, typeof blob.lastModified);
  log(fd.get("named").name, fd.get("file") === file, fd.get("renamed") === file, fd.get("renamed").name);
  log(fd.get("renamed").lastModified, fd.get("nothing"), JSON.stringify([...fd.keys()].pop()));
  log([...fd.keys()], [...fd.values()].map((v) => (typeof v === "string" ? v : v.name)));
  for (const [key, value] of fd) log("entry", key, typeof value);
  fd.forEach(function (value, key, form) {
    log("forEach", key, typeof value, form === fd, this === globalThis);
  });
  fd.forEach(function () {
    log("thisArg", this);
  }, "arg");
  fd.set("name", "only");
  fd.set("added", "new");
  log([...fd.entries()].map(([k, v]) => `${k}=${typeof v === "string" ? v : v.name}`).join("&"));
  fd.delete("blob");
  fd.delete("absent");
  log(fd.has("blob"), [...fd.keys()].length);
  const it = fd.entries();
  log(it, Object.prototype.toString.call(it), it[Symbol.iterator]() === it, it.next(), Object.keys(Object.getPrototypeOf(it)));
  const live = new FormData();
  const liveIt = live.keys();
  live.append("late", "1");
  log(liveIt.next(), liveIt.next());

  attempt("constructor argument", () => new FormData({}));
  attempt("append one", () => fd.append("x"));
  attempt("append none", () => fd.append());
  attempt("append filename", () => fd.append("x", "y", "z"));
  attempt("set filename", () => fd.set("x", 1, "z"));
  attempt("set one", () => fd.set("x"));
  attempt("get none", () => fd.get());
  attempt("getAll none", () => fd.getAll());
  attempt("has none", () => fd.has());
  attempt("delete none", () => fd.delete());
  attempt("forEach none", () => fd.forEach());
  attempt("forEach number", () => fd.forEach(1));
  attempt("illegal", () => FormData.prototype.get.call({}, "a"));
  attempt("iterator illegal", () => FormData.prototype.entries.call([]));
  attempt("next illegal", () => it.next.call({}));

  const small = new FormData();
  small.append("a", "1");
  small.append("a", "2");
  small.append("f", new File(["z"], "z.txt", { type: "a/b", lastModified: 3 }));
  log(small, [small], util.inspect(small, { depth: 0 }), { x: { y: { z: small } } });
}

(async () => {
  await blobs();
  await files();
  await readOrder();
  await streams();
  formData();
})();
