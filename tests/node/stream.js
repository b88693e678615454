// stream against Node: Readable (paused and flowing modes, push/unshift/read(n), highWaterMark,
// object mode, encodings, destroy, async iteration, from, construct), Writable (backpressure,
// drain, cork/writev, end/final/finish, destroy, errors), Duplex, Transform, PassThrough, the
// legacy Stream pipe and Readable.pipe; each scenario logs its events in the order they come.
const stream = require("stream");
const { Readable, Writable, Duplex, Transform, PassThrough, Stream } = stream;

const scenarios = [];
function scenario(name, fn) {
  scenarios.push({ name, fn });
}

function describe(value) {
  if (value instanceof Error) return `${value.name} ${value.code ?? ""} ${value.message}`.replace("  ", " ");
  if (Buffer.isBuffer(value)) return `<Buffer ${value.toString("hex")}>`;
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

function log(...args) {
  console.log("  " + args.map((a) => (typeof a === "string" ? a : describe(a))).join(" "));
}

// Logs the given events of `s` with their first argument.
function watch(label, s, events = ["data", "readable", "end", "finish", "prefinish", "drain", "pause", "resume", "close", "error"]) {
  for (const ev of events) {
    s.on(ev, (arg) => (arg === undefined ? log(`${label}:${ev}`) : log(`${label}:${ev}`, arg)));
  }
}

// ---- Readable ---------------------------------------------------------------------------------

scenario("paused mode: readable and read(n)", (done) => {
  let n = 0;
  const r = new Readable({
    highWaterMark: 4,
    read(size) {
      log("_read", size, "length", this.readableLength);
      n++;
      if (n <= 3) log("push ->", this.push(Buffer.from(`ab${n}`)));
      else this.push(null);
    },
  });
  r.on("readable", () => {
    log("readable, length", r.readableLength, "flowing", r.readableFlowing);
    let chunk;
    while ((chunk = r.read(2)) !== null) log("read(2)", chunk);
  });
  r.on("end", () => log("end", r.readableEnded));
  r.on("close", () => {
    log("close", r.destroyed, r.closed);
    done();
  });
  log("flowing", r.readableFlowing, "hwm", r.readableHighWaterMark);
});

scenario("flowing mode, pause and resume", (done) => {
  const r = new Readable({ read() {} });
  watch("r", r, ["pause", "resume", "end", "close"]);
  r.on("data", (c) => {
    log("data", c.toString(), "paused", r.isPaused());
    if (c.toString() === "2") {
      r.pause();
      log("flowing", r.readableFlowing, "paused", r.isPaused());
      setTimeout(() => {
        log("resume()");
        r.resume();
      }, 1);
    }
  });
  log("flowing after on(data)", r.readableFlowing);
  r.push("1");
  r.push("2");
  r.push("3");
  process.nextTick(() => {
    r.push("4");
    r.push(null);
  });
  r.on("close", done);
});

scenario("push return values and highWaterMark", (done) => {
  const r = new Readable({ highWaterMark: 3, read() {} });
  log(r.push("ab"), r.readableLength);
  log(r.push("cd"), r.readableLength);
  log(r.push(""), r.readableLength);
  log(r.read(1), r.readableLength);
  log(r.read(10), r.readableLength, "hwm now", r.readableHighWaterMark);
  log(r.read(), r.readableLength);
  r.push(null);
  log(r.read(), r.readableEnded);
  r.on("end", () => log("end"));
  r.on("close", done);
  r.resume();
});

scenario("push after EOF and unshift after end", (done) => {
  const r = new Readable({ read() {}, autoDestroy: false });
  r.on("error", (err) => log("error", err, "errored", r.errored === err));
  r.push("x");
  r.push(null);
  r.push("late");
  r.on("data", (c) => log("data", c));
  r.on("end", () => log("unexpected end"));
  const r2 = new Readable({ read() {}, autoDestroy: false });
  r2.on("error", (err) => log("r2 error", err));
  r2.on("end", () => {
    log("r2 end");
    r2.unshift("again");
    setImmediate(done);
  });
  r2.push(null);
  r2.resume();
});

scenario("object mode", (done) => {
  const r = new Readable({ objectMode: true, highWaterMark: 2, read() {} });
  log(r.push({ a: 1 }), r.push(0), r.push("s"), r.push(false), r.readableLength);
  log(r.readableObjectMode, r.readableHighWaterMark);
  const got = [];
  r.on("data", (o) => got.push(JSON.stringify(o)));
  r.on("end", () => {
    log("got", got.join(" "));
    done();
  });
  r.push(null);
});

scenario("setEncoding with multi-byte characters split", (done) => {
  const r = new Readable({ read() {} });
  const euro = Buffer.from("€uro");
  r.push(euro.subarray(0, 1));
  r.setEncoding("utf8");
  log("encoding", r.readableEncoding, "length", r.readableLength);
  r.push(euro.subarray(1, 2));
  r.push(euro.subarray(2));
  r.push(Buffer.from([0xe2]));
  r.push(null);
  r.on("data", (c) => log("data", c));
  r.on("end", () => done());
});

scenario("encoding option, hex", (done) => {
  const r = new Readable({ encoding: "hex", read() {} });
  r.push(Buffer.from("hi"));
  r.push("ff", "hex");
  r.push(null);
  r.on("data", (c) => log("data", c));
  r.on("end", done);
});

scenario("unshift and read(0)", (done) => {
  const r = new Readable({ read() {} });
  r.push("world");
  r.unshift("hello ");
  log("length", r.readableLength);
  log(r.read(0), r.read(6), r.read());
  r.unshift(Buffer.from("back"));
  log(r.read());
  done();
});

scenario("destroy with an error", (done) => {
  const r = new Readable({
    read() {},
    destroy(err, cb) {
      log("_destroy", err);
      cb(err);
    },
  });
  watch("r", r, ["end", "close", "error"]);
  r.destroy(new Error("boom"));
  log("destroyed", r.destroyed, "errored", r.errored, "closed", r.closed, "aborted", r.readableAborted);
  log("push after destroy", r.push("x"));
  r.destroy(new Error("second"));
  r.on("close", () => {
    log("closed", r.closed, "readable", r.readable);
    done();
  });
});

scenario("destroy without an error, _destroy changes the error", (done) => {
  const r = new Readable({ read() {} });
  watch("r", r, ["end", "close", "error"]);
  r.destroy();
  const r2 = new Readable({
    read() {},
    destroy(err, cb) {
      setTimeout(() => cb(new Error("from _destroy")), 1);
    },
  });
  watch("r2", r2, ["close", "error"]);
  r2.destroy(null, (err) => log("destroy callback", err));
  r2.on("close", done);
});

scenario("errors of push and _read", (done) => {
  const r = new Readable({ read() {} });
  r.on("error", (err) => log("error", err));
  r.push(42);
  const r2 = new Readable();
  r2.on("error", (err) => log("error", err));
  r2.read();
  const r3 = new Readable({
    read() {
      throw new Error("thrown in _read");
    },
  });
  r3.on("error", (err) => log("error", err));
  r3.resume();
  try {
    new Readable({ highWaterMark: -1 });
  } catch (err) {
    log(err);
  }
  try {
    new Readable({ highWaterMark: 1.5 });
  } catch (err) {
    log(err);
  }
  try {
    new Duplex({ readableHighWaterMark: "x" });
  } catch (err) {
    log(err);
  }
  try {
    new Readable({ encoding: "nope" });
  } catch (err) {
    log(err);
  }
  r3.on("close", done);
});

scenario("async iterator", async (done) => {
  const chunks = [];
  for await (const chunk of Readable.from(["a", "b", "c"])) chunks.push(chunk);
  log("chunks", chunks);
  const r = new Readable({ objectMode: true, read() {} });
  r.push(1);
  r.push(2);
  r.push(3);
  for await (const x of r) {
    log("got", x);
    if (x === 2) break;
  }
  log("after break destroyed", r.destroyed);
  const failing = new Readable({ read() {} });
  failing.push("x");
  setTimeout(() => failing.destroy(new Error("mid-iteration")), 1);
  try {
    for await (const x of failing) log("got", x);
  } catch (err) {
    log("caught", err);
  }
  const kept = new Readable({ objectMode: true, read() {} });
  kept.push("k1");
  kept.push("k2");
  for await (const x of kept.iterator({ destroyOnReturn: false })) {
    log("got", x);
    break;
  }
  log("kept destroyed", kept.destroyed, "then read", kept.read());
  done();
});

scenario("Readable.from", async (done) => {
  async function* gen() {
    yield "g1";
    yield "g2";
  }
  function* syncGen() {
    yield Promise.resolve("p1");
    yield "s2";
  }
  for (const source of [["x", "y"], gen(), syncGen(), "whole string", Buffer.from("buf")]) {
    const out = [];
    for await (const c of Readable.from(source)) out.push(c);
    log(out);
  }
  const withNull = Readable.from([1, null, 2]);
  withNull.on("data", (d) => log("data", d));
  withNull.on("error", (err) => log("error", err));
  try {
    Readable.from(42);
  } catch (err) {
    log(err);
  }
  withNull.on("close", done);
});

scenario("_construct runs first", (done) => {
  const r = new Readable({
    construct(cb) {
      log("_construct");
      setTimeout(() => {
        log("constructed");
        cb();
      }, 1);
    },
    read() {
      log("_read");
      this.push("after construct");
      this.push(null);
    },
  });
  r.on("data", (c) => log("data", c));
  r.on("close", done);
  log("sync after new");
});

scenario("autoDestroy false, emitClose false", (done) => {
  const r = new Readable({ autoDestroy: false, read() {} });
  r.on("end", () => {
    log("end, destroyed", r.destroyed);
    const r2 = new Readable({ emitClose: false, read() {} });
    r2.on("close", () => log("unexpected close"));
    r2.destroy();
    setImmediate(() => {
      log("r2 destroyed", r2.destroyed, "closed", r2.closed);
      done();
    });
  });
  r.push(null);
  r.resume();
});

scenario("removing the readable listener", (done) => {
  const r = new Readable({ read() {} });
  const onReadable = () => log("readable");
  r.on("readable", onReadable);
  log("flowing", r.readableFlowing);
  r.removeListener("readable", onReadable);
  process.nextTick(() => {
    log("flowing", r.readableFlowing);
    r.on("data", (c) => log("data", c));
    r.push("now flowing");
    r.push(null);
    r.on("close", done);
  });
});

scenario("wrap an old-style stream", (done) => {
  const old = new Stream();
  old.pause = () => log("old.pause");
  old.resume = () => log("old.resume");
  const r = new Readable({ highWaterMark: 2 }).wrap(old);
  r.on("data", (c) => log("data", c));
  r.on("end", () => {
    log("end");
    done();
  });
  old.emit("data", Buffer.from("abc"));
  old.emit("data", Buffer.from("d"));
  old.emit("end");
});

// ---- Writable ---------------------------------------------------------------------------------

scenario("write, backpressure and drain", (done) => {
  const w = new Writable({
    highWaterMark: 5,
    write(chunk, encoding, cb) {
      log("_write", chunk, encoding, "length", this.writableLength);
      setTimeout(cb, 1);
    },
  });
  watch("w", w, ["drain", "finish", "prefinish", "close"]);
  log("write ->", w.write("abc", () => log("cb abc")));
  log("write ->", w.write("defg", (err) => log("cb defg", err)), "needDrain", w.writableNeedDrain, "length", w.writableLength);
  log("write ->", w.write("h"));
  w.once("drain", () => {
    log("drained; end");
    w.end("last", () => log("end callback"));
    log("ended", w.writableEnded, "finished", w.writableFinished);
  });
  w.on("close", () => {
    log("finished", w.writableFinished, "destroyed", w.destroyed);
    done();
  });
});

scenario("synchronous _write callbacks", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log("_write", chunk);
      cb();
    },
  });
  watch("w", w, ["drain", "finish", "prefinish", "close"]);
  w.write("a", () => log("cb a"));
  w.write("b", () => log("cb b"));
  w.write("c");
  w.end(() => log("end cb"));
  log("sync end");
  w.on("close", done);
});

scenario("object mode writes without callbacks", (done) => {
  const w = new Writable({
    objectMode: true,
    write(chunk, encoding, cb) {
      log("_write", JSON.stringify(chunk), encoding);
      cb();
    },
  });
  watch("w", w, ["finish", "close"]);
  w.write({ a: 1 });
  w.write([2]);
  w.end();
  process.nextTick(() => log("tick after end"));
  w.on("close", done);
});

scenario("cork, uncork and _writev", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log("_write", chunk);
      cb();
    },
    writev(chunks, cb) {
      log("_writev", chunks.map((c) => `${c.chunk.toString()}/${c.encoding}`).join(" "), "allBuffers", chunks.allBuffers);
      process.nextTick(cb);
    },
  });
  watch("w", w, ["finish", "close"]);
  w.cork();
  w.write("a", () => log("cb a"));
  w.write("b", () => log("cb b"));
  w.cork();
  w.write("c");
  log("corked", w.writableCorked, "buffered", w.writableBuffer.length, w._writableState.bufferedRequestCount);
  w.uncork();
  log("corked", w.writableCorked);
  process.nextTick(() => {
    w.uncork();
    w.write("d");
    w.write("e");
    w.end("f");
  });
  w.on("close", done);
});

scenario("decodeStrings false and default encodings", (done) => {
  const w = new Writable({
    decodeStrings: false,
    write(chunk, encoding, cb) {
      log("_write", typeof chunk, chunk, encoding);
      cb();
    },
  });
  w.write("text");
  w.write("abcd", "hex");
  w.write(Buffer.from("buf"));
  w.write(new Uint8Array([1, 2]));
  w.setDefaultEncoding("LATIN1");
  w.write("é");
  const w2 = new Writable({
    defaultEncoding: "base64",
    write(chunk, encoding, cb) {
      log("_write", chunk, encoding);
      cb();
    },
  });
  w2.write("aGk=");
  try {
    w2.setDefaultEncoding("nope");
  } catch (err) {
    log(err);
  }
  w2.end(done);
});

scenario("_final and the finish order", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log("_write", chunk);
      cb();
    },
    final(cb) {
      log("_final");
      setTimeout(() => {
        log("final done");
        cb();
      }, 1);
    },
  });
  watch("w", w, ["prefinish", "finish", "close"]);
  w.end("x", (err) => log("end cb", err));
  w.on("close", done);
});

scenario("_final with an error", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
    final(cb) {
      cb(new Error("final failed"));
    },
  });
  watch("w", w, ["prefinish", "finish", "close", "error"]);
  w.end((err) => log("end cb", err));
  w.on("close", done);
});

scenario("write after end", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
    },
  });
  watch("w", w, ["finish", "close", "error"]);
  w.end();
  log("write ->", w.write("late", (err) => log("write cb", err)));
  w.on("close", () => {
    w.end((err) => log("end after close", err));
    setImmediate(done);
  });
});

scenario("end after finish without autoDestroy", (done) => {
  const w = new Writable({
    autoDestroy: false,
    write(chunk, encoding, cb) {
      cb();
    },
  });
  w.end();
  w.on("finish", () => {
    log("finish");
    w.end((err) => log("second end", err));
    w.write("x", (err) => log("write cb", err));
    w.on("error", (err) => log("error", err));
    setImmediate(done);
  });
});

scenario("write errors and argument checks", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb(new Error("write failed"));
    },
  });
  watch("w", w, ["finish", "close", "error"]);
  w.write("a", (err) => log("cb a", err));
  w.write("b", (err) => log("cb b", err));
  log("errored", w.errored, "writable", w.writable, "aborted", w.writableAborted);
  for (const bad of [null, 42, {}]) {
    try {
      new Writable({ write() {} }).write(bad);
    } catch (err) {
      log(err);
    }
  }
  try {
    new Writable({ write() {} }).write("x", "nope");
  } catch (err) {
    log(err);
  }
  const nowrite = new Writable();
  nowrite.on("error", (err) => log("error", err));
  try {
    nowrite.write("x");
  } catch (err) {
    log("thrown", err);
  }
  w.on("close", done);
});

scenario("callback called twice", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb();
      cb();
    },
  });
  w.on("error", (err) => log("error", err));
  w.write("x");
  w.on("close", done);
});

scenario("destroy with pending writes", (done) => {
  const w = new Writable({
    write(chunk, encoding, cb) {
      log("_write", chunk);
      setTimeout(cb, 5);
    },
  });
  watch("w", w, ["finish", "close", "error"]);
  w.write("a", (err) => log("cb a", err));
  w.write("b", (err) => log("cb b", err));
  w.end((err) => log("end cb", err));
  w.destroy();
  log("destroyed", w.destroyed, "write ->", w.write("c", (err) => log("cb c", err)));
  w.on("close", () => setTimeout(done, 10));
});

scenario("Writable.pipe and instanceof", (done) => {
  const w = new Writable({ write() {} });
  w.on("error", (err) => log("error", err));
  w.pipe(new Writable());
  const d = new Duplex({ read() {}, write() {} });
  log(d instanceof Writable, d instanceof Readable, d instanceof Duplex, new Transform() instanceof Writable);
  log(new PassThrough() instanceof Transform, new Readable() instanceof Writable, w instanceof Stream);
  w.on("close", done);
});

scenario("_construct on a writable", (done) => {
  const w = new Writable({
    construct(cb) {
      log("_construct");
      setTimeout(cb, 1);
    },
    write(chunk, encoding, cb) {
      log("_write", chunk);
      cb();
    },
  });
  log("write ->", w.write("early"));
  w.end();
  w.on("finish", () => log("finish"));
  w.on("close", done);
});

// ---- Duplex, Transform, PassThrough -----------------------------------------------------------

scenario("duplex halves", (done) => {
  const d = new Duplex({
    allowHalfOpen: false,
    read() {},
    write(chunk, encoding, cb) {
      log("_write", chunk);
      cb();
    },
  });
  watch("d", d, ["end", "finish", "close"]);
  d.on("data", (c) => log("data", c));
  d.write("in");
  d.push("out");
  d.push(null);
  log("allowHalfOpen", d.allowHalfOpen);
  d.on("close", () => {
    log("destroyed", d.destroyed);
    const ro = new Duplex({ writable: false, read() {} });
    log("readable-only", ro.writable, ro.writableEnded, ro.writableFinished, ro.readable);
    const wo = new Duplex({ readable: false, write() {} });
    log("writable-only", wo.readable, wo.readableEnded, wo.writable);
    done();
  });
});

scenario("duplex with separate object modes", (done) => {
  const d = new Duplex({
    readableObjectMode: true,
    writableHighWaterMark: 2,
    read() {},
    write(chunk, encoding, cb) {
      this.push({ len: chunk.length });
      cb();
    },
    final(cb) {
      this.push(null);
      cb();
    },
  });
  log(d.readableObjectMode, d.writableObjectMode, d.readableHighWaterMark, d.writableHighWaterMark);
  d.on("data", (o) => log("data", JSON.stringify(o)));
  d.write("abc");
  d.end("de");
  d.on("close", done);
});

scenario("transform and flush", (done) => {
  const t = new Transform({
    transform(chunk, encoding, cb) {
      log("_transform", chunk, encoding);
      cb(null, chunk.toString().toUpperCase());
    },
    flush(cb) {
      log("_flush");
      this.push("!");
      cb(null, "?");
    },
  });
  watch("t", t, ["data", "end", "finish", "prefinish", "close"]);
  t.write("ab");
  t.end("cd");
  t.on("close", done);
});

scenario("transform backpressure", (done) => {
  let calls = 0;
  const t = new Transform({
    readableHighWaterMark: 2,
    writableHighWaterMark: 2,
    transform(chunk, encoding, cb) {
      calls++;
      log("_transform", chunk, "readableLength", this.readableLength);
      this.push(chunk);
      this.push(chunk);
      cb();
    },
  });
  for (const c of ["a", "b", "c", "d"]) log("write", c, "->", t.write(c));
  log("transform calls", calls);
  setTimeout(() => {
    log("reading; calls", calls);
    t.on("data", (c) => log("data", c));
    t.end();
    t.on("end", () => {
      log("end; calls", calls);
      done();
    });
  }, 1);
});

scenario("transform errors", (done) => {
  const t = new Transform({
    transform(chunk, encoding, cb) {
      cb(new Error("bad chunk"));
    },
  });
  watch("t", t, ["end", "finish", "close", "error"]);
  t.write("x", (err) => log("write cb", err));
  const noImpl = new Transform();
  noImpl.on("error", (err) => log("error", err));
  try {
    noImpl.write("x");
  } catch (err) {
    log("thrown", err);
  }
  const flushFails = new Transform({
    transform(chunk, enc, cb) {
      cb(null, chunk);
    },
    flush(cb) {
      cb(new Error("flush failed"));
    },
  });
  watch("f", flushFails, ["end", "finish", "close", "error"]);
  flushFails.resume();
  flushFails.end("y");
  flushFails.on("close", () => setImmediate(done));
});

scenario("pass through in object mode", (done) => {
  const p = new PassThrough({ objectMode: true });
  p.write({ a: 1 });
  p.write(null === undefined ? 0 : "two");
  p.end(3);
  p.on("data", (o) => log("data", JSON.stringify(o)));
  p.on("end", () => log("end"));
  p.on("close", done);
});

// ---- pipe -------------------------------------------------------------------------------------

scenario("pipe with backpressure", (done) => {
  let reads = 0;
  const r = new Readable({
    highWaterMark: 2,
    read() {
      reads++;
      if (reads <= 6) this.push(String(reads));
      else this.push(null);
    },
  });
  const w = new Writable({
    highWaterMark: 2,
    write(chunk, encoding, cb) {
      log("_write", chunk.toString(), "length", this.writableLength);
      setTimeout(cb, 1);
    },
  });
  watch("r", r, ["pause", "resume", "end", "close"]);
  watch("w", w, ["pipe", "unpipe", "drain", "finish", "close"]);
  log("pipe returns dest", r.pipe(w) === w);
  w.on("close", done);
});

scenario("pipe to two destinations and unpipe", (done) => {
  const r = new Readable({ read() {} });
  const made = (name) =>
    new Writable({
      write(chunk, encoding, cb) {
        log(name, chunk.toString());
        cb();
      },
    });
  const a = made("a");
  const b = made("b");
  watch("a", a, ["unpipe", "finish"]);
  watch("b", b, ["unpipe", "finish"]);
  r.pipe(a);
  r.pipe(b, { end: false });
  r.push("1");
  setTimeout(() => {
    r.unpipe(a);
    log("flowing", r.readableFlowing, "pipes", r._readableState.pipes.length);
    r.push("2");
    setTimeout(() => {
      r.unpipe();
      log("flowing", r.readableFlowing);
      r.push("3");
      r.push(null);
      r.resume();
      r.on("end", () => {
        log("end; b ended", b.writableEnded);
        done();
      });
    }, 1);
  }, 1);
});

scenario("pipe destination errors", (done) => {
  const r = new Readable({ read() {} });
  const w = new Writable({
    write(chunk, encoding, cb) {
      cb(new Error("dest failed"));
    },
  });
  watch("r", r, ["pause", "end", "close"]);
  watch("w", w, ["unpipe", "error", "close"]);
  r.pipe(w);
  r.push("x");
  w.on("close", () =>
    setImmediate(() => {
      log("r destroyed", r.destroyed, "flowing", r.readableFlowing);
      done();
    }),
  );
});

scenario("legacy Stream pipe", (done) => {
  const src = new Stream();
  src.readable = true;
  const dest = new Stream();
  dest.writable = true;
  const written = [];
  dest.write = (c) => {
    written.push(c);
    return written.length < 2;
  };
  dest.end = () => log("dest.end", written);
  src.pause = () => log("src.pause");
  src.resume = () => log("src.resume");
  dest.on("pipe", (s) => log("pipe event", s === src));
  src.pipe(dest);
  src.emit("data", "a");
  src.emit("data", "b");
  dest.emit("drain");
  src.emit("end");
  log("eventNames", src.eventNames().map(String));
  done();
});

// ---- subclasses, as fs streams are written ---------------------------------------------------

class FileLikeReader extends Readable {
  constructor(data, options) {
    super({ highWaterMark: 4, ...options });
    this.data = Buffer.from(data);
    this.pos = 0;
  }
  _construct(cb) {
    log("open");
    setImmediate(() => {
      this.fd = 3;
      this.emit("open", this.fd);
      this.emit("ready");
      cb();
    });
  }
  _read(size) {
    setImmediate(() => {
      const chunk = this.data.subarray(this.pos, this.pos + size);
      this.pos += chunk.length;
      log("_read", size, "->", chunk.length);
      this.push(chunk.length > 0 ? chunk : null);
    });
  }
  _destroy(err, cb) {
    log("_destroy", err);
    // An immediate, not a timer: a 1 ms timer races the next scenario's immediates.
    setImmediate(() => {
      log("closed fd", this.fd);
      cb(err);
    });
  }
}

class FileLikeWriter extends Writable {
  constructor(options) {
    super({ highWaterMark: 3, ...options });
    this.written = [];
  }
  _construct(cb) {
    setImmediate(() => {
      log("writer open");
      cb();
    });
  }
  _write(chunk, encoding, cb) {
    this.written.push(chunk.toString());
    setImmediate(cb);
  }
  _writev(chunks, cb) {
    log("_writev", chunks.length);
    for (const { chunk } of chunks) this.written.push(chunk.toString());
    setImmediate(cb);
  }
  _final(cb) {
    log("_final", this.written);
    cb();
  }
  _destroy(err, cb) {
    log("writer _destroy", err);
    cb(err);
  }
}

scenario("subclassed reader and writer piped", (done) => {
  const r = new FileLikeReader("hello, streams!");
  const w = new FileLikeWriter();
  watch("r", r, ["open", "ready", "end", "close", "pause", "resume"]);
  watch("w", w, ["drain", "finish", "close", "pipe"]);
  r.pipe(w);
  w.on("close", () => {
    log("written", w.written.join(""));
    done();
  });
});

scenario("subclassed reader with setEncoding, paused", (done) => {
  const r = new FileLikeReader("żółw ok");
  r.setEncoding("utf8");
  const parts = [];
  r.on("readable", () => {
    let c;
    while ((c = r.read()) !== null) parts.push(c);
  });
  r.on("end", () => log("parts", parts));
  r.on("close", done);
});

scenario("subclassed reader destroyed while reading", (done) => {
  const r = new FileLikeReader("abcdefghijkl");
  r.on("data", (c) => {
    log("data", c);
    r.destroy(new Error("enough"));
  });
  r.on("error", (err) => log("error", err));
  r.on("close", () => {
    log("close", r.destroyed);
    done();
  });
});

scenario("writer buffered writes before construct, then writev", (done) => {
  const w = new FileLikeWriter();
  log(w.write("a"), w.write("b"), w.write("c"), w.writableLength, w.writableNeedDrain);
  w.end("d");
  watch("w", w, ["drain", "finish", "close"]);
  w.on("close", () => {
    log("written", w.written);
    done();
  });
});

scenario("highWaterMark 0 readable", (done) => {
  let n = 0;
  const r = new Readable({
    highWaterMark: 0,
    read() {
      log("_read");
      n++;
      setImmediate(() => this.push(n <= 2 ? `v${n}` : null));
    },
  });
  r.on("readable", () => {
    log("readable ->", r.read(), "length", r.readableLength);
    // Nothing more is read ahead: the stream rests here.
    setImmediate(() => {
      log("reading", r._readableState.reading, "needReadable", r._readableState.needReadable);
      r.destroy();
      r.on("close", done);
    });
  });
});

// ---- properties and module shape -------------------------------------------------------------

scenario("module shape and defaults", (done) => {
  log(typeof stream, stream === Stream, stream.Stream === Stream, typeof stream.promises.pipeline);
  log(stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true));
  log(require("_stream_readable") === Readable, require("_stream_writable") === Writable);
  log(require("_stream_duplex") === Duplex, require("_stream_transform") === Transform);
  log(require("_stream_passthrough") === PassThrough, require("stream/promises") === stream.promises);
  log(Object.getPrototypeOf(Readable.prototype) === Stream.prototype, Stream.prototype instanceof require("events"));
  const r = new Readable();
  log(r.readable, r.readableFlowing, r.readableLength, r.readableEncoding, r.readableEnded, r.readableObjectMode);
  log(r.destroyed, r.closed, r.errored, r.readableAborted, r.readableDidRead, r.readableBuffer.length);
  const w = new Writable();
  log(w.writable, w.writableLength, w.writableHighWaterMark, w.writableCorked, w.writableEnded, w.writableFinished);
  log(w.writableNeedDrain, w.writableObjectMode, w.writableBuffer, w.errored, w.writableAborted, w.closed);
  log(r.eventNames(), w.eventNames(), r.listenerCount("data"));
  log(Stream.isReadable(r), Stream.isWritable(w), Stream.isDestroyed(r), Stream.isErrored(r), Stream.isDisturbed(r));
  stream.setDefaultHighWaterMark(false, 100);
  log(new Readable().readableHighWaterMark, new Writable({ objectMode: true }).writableHighWaterMark);
  stream.setDefaultHighWaterMark(false, 16384);
  try {
    stream.setDefaultHighWaterMark(true, -1);
  } catch (err) {
    log(err);
  }
  log(Readable(), Writable() instanceof Writable, Duplex() instanceof Duplex, PassThrough() instanceof PassThrough);
  done();
});

async function main() {
  for (const { name, fn } of scenarios) {
    console.log(name);
    await new Promise((resolve) => fn(resolve));
  }
  console.log("all done");
}
main();
