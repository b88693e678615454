// WHATWG streams as Node 20 has them: ReadableStream (sources, strategies, readers, cancel, tee,
// async iteration, from), WritableStream (sinks, writers, backpressure, abort), TransformStream,
// pipeTo/pipeThrough with their options, the queuing strategies, the text encoding streams and
// byte streams with BYOB readers; the order of every callback and promise against microtask
// ticks, errors (messages and codes) and inspect output.
"use strict";
const util = require("util");
const web = require("stream/web");

const log = (...args) => console.log(...args);

function attempt(label, fn) {
  try {
    log(label, fn());
  } catch (e) {
    log(label, "threw", e.name, e.code, e.message);
  }
}

// Logs `tick 1` .. `tick n` on the microtask queue, so that other logs show where they fall.
function ticks(n, label = "tick") {
  let p = Promise.resolve();
  for (let i = 1; i <= n; i++) p = p.then(() => log(label, i));
  return p;
}

const settle = (label, promise) =>
  promise.then(
    (value) => log(label, "fulfilled", value),
    (error) => log(label, "rejected", error?.name ?? error, error?.code, error?.message),
  );

const later = () => new Promise((resolve) => setTimeout(resolve, 5));

const sections = [];
const section = (name, fn) => sections.push([name, fn]);

section("globals and stream/web", async () => {
  const globals = {
    ReadableStream,
    ReadableStreamDefaultReader,
    ReadableStreamBYOBReader,
    ReadableStreamBYOBRequest,
    ReadableByteStreamController,
    ReadableStreamDefaultController,
    TransformStream,
    TransformStreamDefaultController,
    WritableStream,
    WritableStreamDefaultWriter,
    WritableStreamDefaultController,
    ByteLengthQueuingStrategy,
    CountQueuingStrategy,
    TextEncoderStream,
    TextDecoderStream,
  };
  for (const [name, value] of Object.entries(globals)) log(name, value === web[name], value.length, value);
  log(Object.keys(ReadableStream.prototype), Object.keys(WritableStream.prototype), Object.keys(TransformStream.prototype));
  log(Object.keys(ReadableStreamDefaultReader.prototype), Object.keys(WritableStreamDefaultWriter.prototype));
  log(ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values, Object.keys(ReadableStream));
  const rs = new ReadableStream();
  log(Object.prototype.toString.call(rs), Object.prototype.toString.call(new TextEncoderStream()));
  log(rs, [rs], { a: { b: { c: rs } } }, util.inspect(rs, { depth: 0 }));
  log(new WritableStream(), new TransformStream(), new ByteLengthQueuingStrategy({ highWaterMark: 5 }));
  log(new CountQueuingStrategy({ highWaterMark: 2 }), new TextEncoderStream(), new TextDecoderStream("utf-16le"));
  const reader = rs.getReader();
  log(reader, rs.locked, new WritableStream().getWriter());
  new ReadableStream({ start: (c) => log(c, c.desiredSize) });
  new WritableStream({ start: (c) => log(c, c.signal.aborted) });
  new TransformStream({ start: (c) => log(c, c.desiredSize) });
  new ReadableStream({ type: "bytes", start: (c) => log(c, c.byobRequest, c.desiredSize) });
  log(new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" }));
  const strategy = new CountQueuingStrategy({ highWaterMark: 3 });
  log(strategy.size(), strategy.size.name, new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size(new Uint8Array(7)));
  log(new CountQueuingStrategy({ highWaterMark: "4" }).highWaterMark, new CountQueuingStrategy({ highWaterMark: -1 }).highWaterMark);
});

section("constructor and argument errors", async () => {
  attempt("controller", () => new ReadableStreamDefaultController());
  attempt("writable controller", () => new WritableStreamDefaultController());
  attempt("transform controller", () => new TransformStreamDefaultController());
  attempt("byob request", () => new ReadableStreamBYOBRequest());
  attempt("reader of number", () => new ReadableStreamDefaultReader(5));
  attempt("writer of object", () => new WritableStreamDefaultWriter({}));
  attempt("source number", () => new ReadableStream(5));
  attempt("source null", () => new ReadableStream(null));
  attempt("strategy number", () => new ReadableStream({}, 5));
  attempt("type", () => new ReadableStream({ type: "foo" }));
  attempt("highWaterMark", () => new ReadableStream({}, { highWaterMark: -1 }));
  attempt("highWaterMark NaN", () => new ReadableStream({}, { highWaterMark: NaN }));
  attempt("size", () => new ReadableStream({}, { size: 5 }));
  attempt("both bad", () => new ReadableStream({}, { size: 5, highWaterMark: -1 }));
  attempt("pull", () => new ReadableStream({ pull: 5 }));
  attempt("cancel", () => new ReadableStream({ cancel: "x" }));
  attempt("bytes size", () => new ReadableStream({ type: "bytes" }, { size() {} }));
  attempt("autoAllocate 0", () => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }));
  attempt("start throws", () => new ReadableStream({ start() { throw new Error("boom"); } }));
  attempt("sink type", () => new WritableStream({ type: "x" }));
  attempt("sink write", () => new WritableStream({ write: 1 }));
  attempt("writable both bad", () => new WritableStream({}, { size: 5, highWaterMark: -1 }));
  attempt("readableType", () => new TransformStream({ readableType: "x" }));
  attempt("writableType", () => new TransformStream({ writableType: "x" }));
  attempt("transform", () => new TransformStream({ transform: 1 }));
  attempt("strategy init", () => new CountQueuingStrategy());
  attempt("strategy hwm", () => new ByteLengthQueuingStrategy({}));
  attempt("strategy this", () => Object.getOwnPropertyDescriptor(CountQueuingStrategy.prototype, "size").get.call({}));
  const rs = new ReadableStream();
  attempt("mode", () => rs.getReader({ mode: "x" }));
  attempt("options", () => rs.getReader(5));
  attempt("byob of default", () => rs.getReader({ mode: "byob" }));
  attempt("values options", () => rs.values(5));
  attempt("pipeThrough readable", () => rs.pipeThrough({}));
  attempt("pipeThrough writable", () => rs.pipeThrough({ readable: new ReadableStream() }));
  attempt("pipeThrough signal", () => rs.pipeThrough(new TransformStream(), { signal: 5 }));
  attempt("locked getter", () => Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get.call({}));
  attempt("tee this", () => ReadableStream.prototype.tee.call({}));
  rs.getReader();
  attempt("locked reader", () => rs.getReader());
  attempt("locked pipeThrough", () => rs.pipeThrough(new TransformStream()));
  await settle("pipeTo number", rs.pipeTo(5));
  await settle("pipeTo locked", rs.pipeTo(new WritableStream()));
  await settle("cancel locked", rs.cancel());
  await settle("cancel this", ReadableStream.prototype.cancel.call({}));
  await settle("read this", ReadableStreamDefaultReader.prototype.read.call({}));
  await settle("closed this", Reflect.get(ReadableStreamDefaultReader.prototype, "closed", {}));
  const ws = new WritableStream();
  ws.getWriter();
  await settle("write locked", ws.abort());
  await settle("close locked", ws.close());
  attempt("getWriter locked", () => ws.getWriter());
  attempt("ws locked this", () => Object.getOwnPropertyDescriptor(WritableStream.prototype, "locked").get.call(rs));
  await settle("write this", WritableStreamDefaultWriter.prototype.write.call({}));
  attempt("ts readable this", () => Object.getOwnPropertyDescriptor(TransformStream.prototype, "readable").get.call({}));
  attempt("from number", () => ReadableStream.from(5));
  attempt("from object", () => ReadableStream.from({}));
  attempt("from bad iterator", () => ReadableStream.from({ [Symbol.iterator]: () => 1 }));
});

section("start, pull and read order", async () => {
  let pulls = 0;
  const rs = new ReadableStream(
    {
      start(c) {
        log("start", c.desiredSize, typeof this.pull);
        c.enqueue("a");
        log("after enqueue", c.desiredSize);
      },
      pull(c) {
        pulls++;
        log("pull", pulls, c.desiredSize);
        if (pulls < 4) c.enqueue(`p${pulls}`);
        else c.close();
      },
      cancel() {
        log("never cancelled");
      },
    },
    { highWaterMark: 2 },
  );
  log("constructed");
  const reader = rs.getReader();
  const done = ticks(4);
  for (let i = 0; i < 5; i++) settle(`read ${i}`, reader.read().then((r) => JSON.stringify(r)));
  await done;
  await later();
  await settle("closed", reader.closed);
  log(rs, reader);
  reader.releaseLock();
  log(rs.locked);
  await settle("closed after release", reader.closed);
  await settle("read after release", reader.read());
  await settle("cancel after release", reader.cancel());
  reader.releaseLock();
});

section("async start and pull", async () => {
  const rs = new ReadableStream({
    start() {
      log("start");
      return ticks(2, "start tick").then(() => log("start done"));
    },
    pull(c) {
      log("pull");
      return Promise.resolve().then(() => {
        log("pull enqueues");
        c.enqueue(1);
      });
    },
  });
  const reader = rs.getReader();
  const read = reader.read();
  log("read called");
  await Promise.all([ticks(8), settle("read", read.then(JSON.stringify))]);
  await later();
});

section("size strategy and desiredSize", async () => {
  let controller;
  const rs = new ReadableStream(
    {
      start(c) {
        controller = c;
      },
    },
    { highWaterMark: 10, size: (chunk) => chunk.length },
  );
  controller.enqueue("abcd");
  log("desiredSize", controller.desiredSize);
  controller.enqueue("efghijkl");
  log("desiredSize", controller.desiredSize);
  const reader = rs.getReader();
  await settle("read", reader.read().then(JSON.stringify));
  log("desiredSize", controller.desiredSize);
  attempt("bad size", () => controller.enqueue({ length: -1 }));
  log("after bad size", controller.desiredSize, rs);
  await settle("read errored", reader.read());
  attempt("enqueue errored", () => controller.enqueue("x"));
  attempt("close errored", () => controller.close());
  controller.error("again");
  const throwing = new ReadableStream({ start: (c) => (controller = c) }, { size() { throw new Error("size threw"); } });
  attempt("throwing size", () => controller.enqueue(1));
  await settle("throwing size stream", throwing.getReader().closed);
  const infinite = new ReadableStream({ start: (c) => (controller = c) }, { size: () => Infinity });
  attempt("infinite size", () => controller.enqueue(1));
  await settle("infinite", infinite.cancel());
});

section("close, error and cancel", async () => {
  let controller;
  const rs = new ReadableStream({
    start(c) {
      controller = c;
    },
    cancel(reason) {
      log("cancel", reason);
      return ticks(2, "cancel tick");
    },
  });
  controller.enqueue(1);
  controller.close();
  attempt("close twice", () => controller.close());
  attempt("enqueue closed", () => controller.enqueue(2));
  log("desiredSize", controller.desiredSize);
  const reader = rs.getReader();
  settle("read 1", reader.read().then(JSON.stringify));
  settle("read 2", reader.read().then(JSON.stringify));
  await settle("closed", reader.closed);
  log("desiredSize closed", controller.desiredSize);

  const cancelled = new ReadableStream({
    start(c) {
      c.enqueue("queued");
    },
    cancel(reason) {
      log("source cancel", reason);
      return ticks(2, "cancel tick");
    },
  });
  const r2 = cancelled.getReader();
  const pending = ticks(5);
  settle("reader.cancel", r2.cancel("why"));
  settle("closed after cancel", r2.closed);
  settle("read after cancel", r2.read().then(JSON.stringify));
  await pending;

  const failing = new ReadableStream({
    cancel() {
      throw new Error("cancel failed");
    },
  });
  await settle("cancel throws", failing.cancel());
  await settle("cancel again", failing.cancel());

  const errored = new ReadableStream({
    start(c) {
      c.error(new TypeError("bad"));
    },
  });
  await settle("cancel errored", errored.cancel());
  const r3 = errored.getReader();
  await settle("errored closed", r3.closed);
  await settle("errored read", r3.read());

  let c4;
  const pendingRead = new ReadableStream({ start: (c) => (c4 = c) });
  const r4 = pendingRead.getReader();
  const p1 = settle("pending read", r4.read());
  const p2 = settle("closed on error", r4.closed);
  c4.error("late");
  log("desiredSize errored", c4.desiredSize);
  await Promise.all([p1, p2, ticks(2)]);

  const r5 = new ReadableStream().getReader();
  const p3 = settle("read released", r5.read());
  const p4 = settle("closed released", r5.closed);
  r5.releaseLock();
  await Promise.all([p3, p4]);

  await settle("start rejects", new ReadableStream({ start: () => Promise.reject(new Error("no start")) }).getReader().closed);
  await settle("pull rejects", new ReadableStream({ pull: () => Promise.reject(new Error("no pull")) }).getReader().read());
  await settle("pull throws", new ReadableStream({ pull() { throw new RangeError("pull threw"); } }).getReader().read());
});

section("tee", async () => {
  const rs = new ReadableStream({
    start(c) {
      c.enqueue("x");
      c.enqueue("y");
      c.close();
    },
    cancel(reason) {
      log("never");
    },
  });
  const [a, b] = rs.tee();
  log(rs.locked, a, b instanceof ReadableStream, a.constructor === ReadableStream);
  const ra = a.getReader();
  const rb = b.getReader();
  const done = ticks(6);
  for (let i = 0; i < 3; i++) {
    settle(`a${i}`, ra.read().then(JSON.stringify));
    settle(`b${i}`, rb.read().then(JSON.stringify));
  }
  await done;
  await later();

  const source = new ReadableStream({
    pull(c) {
      c.enqueue("chunk");
    },
    cancel(reason) {
      log("source cancelled with", reason);
    },
  });
  const [c1, c2] = source.tee();
  await settle("cancel branch 1", Promise.race([c1.cancel("r1"), later().then(() => "still pending")]));
  await settle("cancel branch 2", c2.cancel("r2"));

  const failing = new ReadableStream({ start: (c) => c.error("tee error") });
  const [f1, f2] = failing.tee();
  await settle("branch 1", f1.getReader().closed);
  await settle("branch 2", f2.getReader().read());
});

section("async iteration", async () => {
  const chunks = (list, onCancel) =>
    new ReadableStream({
      start(c) {
        for (const chunk of list) c.enqueue(chunk);
        c.close();
      },
      cancel: onCancel,
    });
  for await (const chunk of chunks([1, 2, 3])) log("chunk", chunk);

  const broken = chunks([1, 2, 3], (reason) => log("cancelled by break", reason));
  for await (const chunk of broken) {
    log("first", chunk);
    break;
  }
  log(broken.locked, broken);

  const kept = chunks(["a", "b"], () => log("never"));
  for await (const chunk of kept.values({ preventCancel: true })) {
    log("kept", chunk);
    break;
  }
  log(kept.locked);
  const rest = kept.getReader();
  await settle("rest", rest.read().then(JSON.stringify));

  try {
    for await (const chunk of new ReadableStream({ start: (c) => c.error(new Error("iteration error")) })) log(chunk);
  } catch (e) {
    log("caught", e.message);
  }

  const it = chunks([1])[Symbol.asyncIterator]();
  log(it, Object.getPrototypeOf(Object.getPrototypeOf(it)) === Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})())));
  const order = ticks(6);
  settle("next 1", it.next().then(JSON.stringify));
  settle("next 2", it.next().then(JSON.stringify));
  settle("next 3", it.next().then(JSON.stringify));
  await order;
  await settle("return", it.return("value").then(JSON.stringify));

  const early = chunks([1, 2], (reason) => log("return cancels with", reason))[Symbol.asyncIterator]();
  await settle("early return", early.return("bye").then(JSON.stringify));
  await settle("next after return", early.next().then(JSON.stringify));
  attempt("locked iteration", () => {
    const locked = new ReadableStream();
    locked.getReader();
    return locked.values();
  });
});

section("ReadableStream.from", async () => {
  const read = async (stream) => {
    const out = [];
    for await (const chunk of stream) out.push(chunk);
    return out;
  };
  log(await read(ReadableStream.from([1, 2, 3])));
  log(await read(ReadableStream.from("hi")));
  log(await read(ReadableStream.from(new Set([Promise.resolve("p"), "q"]))));
  async function* gen() {
    yield "g1";
    await null;
    yield "g2";
  }
  const fromGen = ReadableStream.from(gen());
  log(fromGen);
  log(await read(fromGen));
  const order = ticks(10);
  const reader = ReadableStream.from(["x", "y"]).getReader();
  settle("from read 1", reader.read().then(JSON.stringify));
  settle("from read 2", reader.read().then(JSON.stringify));
  settle("from read 3", reader.read().then(JSON.stringify));
  await order;
  const iterable = {
    [Symbol.asyncIterator]() {
      return {
        next: () => Promise.resolve({ value: "only", done: false }),
        return(reason) {
          log("iterator return", reason);
          return Promise.resolve({ done: true });
        },
      };
    },
  };
  const fromIterable = ReadableStream.from(iterable);
  const r = fromIterable.getReader();
  await settle("custom read", r.read().then(JSON.stringify));
  await settle("custom cancel", r.cancel("stop"));
  await settle("bad next", ReadableStream.from({ [Symbol.asyncIterator]: () => ({ next: () => 5 }) }).getReader().read());
  await settle("bad result", ReadableStream.from({ [Symbol.asyncIterator]: () => ({ next: async () => 5 }) }).getReader().read());
  await settle("throwing iterable", read(ReadableStream.from((function* () { yield 1; throw new Error("gen threw"); })())));
});

section("WritableStream order and backpressure", async () => {
  const ws = new WritableStream(
    {
      start(c) {
        log("sink start", c.signal.aborted);
        return ticks(1, "start tick");
      },
      write(chunk, c) {
        log("sink write", chunk);
        return ticks(2, `write ${chunk} tick`);
      },
      close() {
        log("sink close");
      },
      abort() {
        log("never aborted");
      },
    },
    { highWaterMark: 2 },
  );
  const writer = ws.getWriter();
  log("desiredSize", writer.desiredSize, ws.locked);
  settle("ready", writer.ready);
  for (const chunk of ["a", "b", "c"]) {
    settle(`write ${chunk}`, writer.write(chunk));
    log("after write", chunk, writer.desiredSize);
  }
  settle("ready after writes", writer.ready);
  settle("close", writer.close());
  settle("closed", writer.closed);
  log("desiredSize closing", writer.desiredSize, ws);
  await ticks(20);
  await later();
  log("desiredSize closed", writer.desiredSize, ws, writer);
  await settle("close after close", writer.close());
  writer.releaseLock();
  await settle("closed released", writer.closed);
  await settle("ready released", writer.ready);
  attempt("desiredSize released", () => writer.desiredSize);
  await settle("write released", writer.write("e"));
  writer.releaseLock();
  await settle("closed stream getWriter", ws.getWriter().closed);

  const sized = new WritableStream({}, { highWaterMark: 5, size: (chunk) => chunk.length });
  const w2 = sized.getWriter();
  w2.write("abc");
  log("sized", w2.desiredSize);
  w2.write("defgh");
  log("sized", w2.desiredSize);
  await w2.ready;
  log("sized drained", w2.desiredSize);
  const badSize = new WritableStream({}, { size: () => -1 }).getWriter();
  await settle("bad size write", badSize.write("x"));
  await settle("bad size closed", badSize.closed);
});

section("WritableStream abort and errors", async () => {
  let controller;
  const ws = new WritableStream({
    start(c) {
      controller = c;
      c.signal.addEventListener("abort", () => log("signal abort", c.signal.reason));
    },
    write(chunk) {
      log("writing", chunk);
      return new Promise((resolve) => setTimeout(resolve, 1));
    },
    abort(reason) {
      log("sink abort", reason);
      return ticks(2, "abort tick");
    },
  });
  const writer = ws.getWriter();
  await null;
  settle("write 1", writer.write(1));
  settle("write 2", writer.write(2));
  settle("abort", writer.abort("stop"));
  settle("abort again", writer.abort("again"));
  settle("closed", writer.closed);
  settle("ready", writer.ready);
  log(ws, writer.desiredSize, controller.signal.aborted);
  await later();
  await later();
  log(ws);
  await settle("abort errored", ws.abort());

  const failing = new WritableStream({
    write() {
      throw new Error("write failed");
    },
    close() {
      log("never closed");
    },
  });
  const w2 = failing.getWriter();
  await settle("failing write", w2.write("x"));
  await settle("failing closed", w2.closed);
  await settle("failing close", w2.close());
  await settle("failing write again", w2.write("y"));

  let c3;
  const errored = new WritableStream({
    start(c) {
      c3 = c;
    },
  });
  const w3 = errored.getWriter();
  c3.error(new TypeError("controller error"));
  c3.error(new TypeError("ignored"));
  log(errored, w3.desiredSize);
  await settle("errored ready", w3.ready);
  await settle("errored write", w3.write(1));
  attempt("error this", () => WritableStreamDefaultController.prototype.error.call({}));

  await settle("start rejects", new WritableStream({ start: () => Promise.reject(new Error("no start")) }).getWriter().closed);
  const closeFails = new WritableStream({ close: () => Promise.reject(new Error("close failed")) });
  await settle("close rejects", closeFails.close());
  await settle("abort rejects", new WritableStream({ abort: () => Promise.reject(new Error("abort failed")) }).abort("r"));
  await settle("close stream", new WritableStream().close());
});

section("TransformStream", async () => {
  const ts = new TransformStream({
    start(c) {
      log("transform start", c.desiredSize);
    },
    transform(chunk, c) {
      log("transform", chunk, c.desiredSize);
      c.enqueue(chunk.toUpperCase());
      c.enqueue(`${chunk}!`);
    },
    flush(c) {
      log("flush");
      c.enqueue("end");
    },
  });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  log(ts, writer.desiredSize);
  settle("write a", writer.write("a"));
  settle("write b", writer.write("b"));
  settle("close", writer.close());
  const results = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    results.push(value);
  }
  log(results, ts);

  const identity = new TransformStream();
  const iw = identity.writable.getWriter();
  log("identity", iw.desiredSize);
  const w1 = iw.write(1);
  log("after write", iw.desiredSize);
  settle("identity ready", iw.ready);
  settle("identity write", w1);
  await ticks(4);
  const ir = identity.readable.getReader();
  await settle("identity read", ir.read().then(JSON.stringify));
  await ticks(3);
  log("drained", iw.desiredSize);

  const terminating = new TransformStream({
    transform(chunk, c) {
      c.enqueue(chunk);
      c.terminate();
    },
  });
  const tw = terminating.writable.getWriter();
  const tr = terminating.readable.getReader();
  const terminated = ticks(8);
  settle("terminate read", tr.read().then(JSON.stringify));
  settle("terminate write", tw.write("last"));
  settle("terminate read 2", tr.read().then(JSON.stringify));
  settle("terminate write 2", tw.write("more"));
  settle("terminate closed", tw.closed);
  await terminated;
  await later();

  const failing = new TransformStream({
    transform() {
      throw new Error("transform failed");
    },
  });
  const fw = failing.writable.getWriter();
  const fr = failing.readable.getReader();
  const failed = ticks(6);
  settle("failing read", fr.read());
  settle("failing write", fw.write(1));
  settle("failing closed", fw.closed);
  await failed;
  await later();

  let tc;
  const errored = new TransformStream({ start: (c) => (tc = c) });
  tc.error("ts error");
  await settle("errored readable", errored.readable.getReader().closed);
  await settle("errored writable", errored.writable.getWriter().closed);
  attempt("enqueue after error", () => tc.enqueue(1));

  const cancelling = new TransformStream({
    cancel(reason) {
      log("transformer cancel", reason);
    },
    flush() {
      log("never flushed");
    },
  });
  await settle("readable cancel", cancelling.readable.cancel("no more"));
  await settle("writable after cancel", cancelling.writable.getWriter().closed);
  const aborting = new TransformStream({ cancel: (reason) => log("cancel on abort", reason) });
  await settle("writable abort", aborting.writable.abort("aborted"));
  await settle("readable after abort", aborting.readable.getReader().closed);

  const asyncFlush = new TransformStream(
    {
      async transform(chunk, c) {
        await null;
        c.enqueue(chunk * 2);
      },
      async flush() {
        await ticks(2, "flush tick");
      },
    },
    { highWaterMark: 1 },
    { highWaterMark: 0 },
  );
  const aw = asyncFlush.writable.getWriter();
  log("strategies", aw.desiredSize);
  const out = [];
  const reading = (async () => {
    for await (const chunk of asyncFlush.readable) out.push(chunk);
  })();
  await aw.write(1);
  await aw.write(2);
  await aw.close();
  await reading;
  log(out);
});

section("pipeTo and pipeThrough", async () => {
  const source = (list, extra = {}) =>
    new ReadableStream({
      start(c) {
        for (const chunk of list) c.enqueue(chunk);
        if (!extra.open) c.close();
      },
      cancel: extra.cancel,
    });
  const sink = (label, extra = {}) =>
    new WritableStream({
      write(chunk) {
        log(label, "write", chunk);
        if (extra.failOn === chunk) throw new Error(`failed on ${chunk}`);
      },
      close() {
        log(label, "close");
      },
      abort(reason) {
        log(label, "abort", reason?.message ?? reason);
      },
    });
  await settle("pipeTo", source([1, 2, 3]).pipeTo(sink("plain")));
  const kept = sink("preventClose");
  await settle("preventClose", source([1]).pipeTo(kept, { preventClose: true }));
  log(kept.locked, kept);

  const failing = new ReadableStream({
    pull(c) {
      c.error(new Error("source failed"));
    },
  });
  await settle("source error", failing.pipeTo(sink("aborted")));
  const failing2 = new ReadableStream({ start: (c) => c.error(new Error("source failed")) });
  const notAborted = sink("preventAbort");
  await settle("preventAbort", failing2.pipeTo(notAborted, { preventAbort: true }));
  log(notAborted);

  await settle("dest error", source([1, 2, 3], { cancel: (r) => log("source cancel", r.message) }).pipeTo(sink("failing", { failOn: 2 })));
  const notCancelled = source([1, 2], { cancel: () => log("never") });
  await settle("preventCancel", notCancelled.pipeTo(sink("failing", { failOn: 1 }), { preventCancel: true }));
  log(notCancelled);

  const closed = new WritableStream();
  await closed.close();
  await settle("closed dest", source([1], { cancel: (r) => log("cancel for closed dest", r.message) }).pipeTo(closed));

  const controller = new AbortController();
  let pulled = 0;
  const endless = new ReadableStream({
    pull(c) {
      c.enqueue(++pulled);
    },
    cancel(reason) {
      log("endless cancel", reason.name, reason.message);
    },
  });
  const aborting = new WritableStream({
    write(chunk) {
      log("aborting write", chunk);
      if (chunk === 2) controller.abort();
    },
    abort(reason) {
      log("aborting abort", reason.name);
    },
  });
  const signalOrder = ticks(12);
  settle("signal abort", endless.pipeTo(aborting, { signal: controller.signal }));
  await signalOrder;
  await later();
  await settle("aborted signal", source([1]).pipeTo(sink("pre-aborted"), { signal: AbortSignal.abort("already") }));
  const reasoned = new AbortController();
  const p = source([1, 2], { open: true, cancel: (r) => log("cancel reason", r) }).pipeTo(sink("reason"), {
    signal: reasoned.signal,
    preventAbort: true,
  });
  await later();
  reasoned.abort("my reason");
  await settle("abort with reason", p);

  const upper = new TransformStream({
    transform(chunk, c) {
      c.enqueue(chunk.toUpperCase());
    },
  });
  const through = source(["a", "b"]).pipeThrough(upper);
  log(through === upper.readable, upper.writable.locked);
  const got = [];
  for await (const chunk of through) got.push(chunk);
  log(got);

  const order = ticks(30);
  settle("ordered pipe", source(["x", "y"]).pipeTo(sink("ordered")));
  await order;
});

section("text encoding streams", async () => {
  const encoder = new TextEncoderStream();
  log(encoder.encoding, encoder);
  const ew = encoder.writable.getWriter();
  const er = encoder.readable.getReader();
  const encoded = [];
  const readAll = (async () => {
    for (;;) {
      const { value, done } = await er.read();
      if (done) return;
      encoded.push(Array.from(value));
    }
  })();
  for (const chunk of ["a", "é", "\ud83d", "\ude00", "", "\udc00x", "\ud800"]) await ew.write(chunk);
  await ew.close();
  await readAll;
  log(encoded);

  const decoder = new TextDecoderStream("utf-8", { fatal: false });
  log(decoder.encoding, decoder.fatal, decoder.ignoreBOM);
  const dw = decoder.writable.getWriter();
  const decoded = [];
  const readDecoded = (async () => {
    for await (const chunk of decoder.readable) decoded.push(chunk);
  })();
  for (const bytes of [[0xef, 0xbb, 0xbf, 0x68], [0xc3], [0xa9, 0xe2, 0x82], [0xac], [0xf0, 0x9f]]) {
    await dw.write(new Uint8Array(bytes));
  }
  await dw.close();
  await readDecoded;
  log(decoded);

  const fatal = new TextDecoderStream("utf-8", { fatal: true });
  const fw = fatal.writable.getWriter();
  settle("fatal readable", fatal.readable.getReader().read());
  await settle("fatal write", fw.write(new Uint8Array([0xff])));
  attempt("decoder label", () => new TextDecoderStream("nope"));
  attempt("encoding this", () => Object.getOwnPropertyDescriptor(TextEncoderStream.prototype, "encoding").get.call({}));
  const roundTrip = ReadableStream.from(["ab", "cd"]).pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream());
  const texts = [];
  for await (const text of roundTrip) texts.push(text);
  log(texts);
});

section("byte streams", async () => {
  let controller;
  const rs = new ReadableStream({
    type: "bytes",
    start(c) {
      controller = c;
    },
    pull(c) {
      log("byte pull", c.desiredSize, c.byobRequest === null ? null : c.byobRequest.view.byteLength);
    },
  });
  log(rs, controller.desiredSize);
  const chunk = new Uint8Array([1, 2, 3, 4]);
  controller.enqueue(chunk);
  log("enqueued", chunk.byteLength, chunk.buffer.byteLength, controller.desiredSize);
  const reader = rs.getReader();
  await settle("default read", reader.read().then(({ value, done }) => [value.constructor.name, Array.from(value), done]));
  const pending = reader.read();
  await ticks(2);
  controller.enqueue(new Uint8Array([5]));
  await settle("pending read", pending.then(({ value }) => Array.from(value)));
  reader.releaseLock();

  const byob = rs.getReader({ mode: "byob" });
  controller.enqueue(new Uint8Array([6, 7, 8]));
  const view = new Uint8Array(2);
  await settle("byob read", byob.read(view).then(({ value, done }) => [value.constructor.name, Array.from(value), done, view.byteLength]));
  const wide = byob.read(new Uint16Array(4));
  await ticks(2);
  controller.enqueue(new Uint8Array([9, 10, 11]));
  await settle("byob wide", wide.then(({ value }) => [value.constructor.name, Array.from(value)]));
  const waiting = byob.read(new Uint8Array(3));
  await ticks(2);
  log("byobRequest", controller.byobRequest.view.byteLength, controller.byobRequest);
  controller.byobRequest.view.set([9, 10]);
  controller.byobRequest.respond(2);
  await settle("responded", waiting.then(({ value }) => Array.from(value)));
  const withNewView = byob.read(new Uint8Array(4));
  await null;
  const request = controller.byobRequest;
  const newView = new Uint8Array(request.view.buffer, request.view.byteOffset, 1);
  newView[0] = 42;
  request.respondWithNewView(newView);
  await settle("new view", withNewView.then(({ value }) => Array.from(value)));
  attempt("respond invalidated", () => request.respond(1));
  await settle("zero view", byob.read(new Uint8Array(0)));
  await settle("view type", byob.read([1]));
  await settle("min", byob.read(new Uint8Array(2), { min: 3 }));
  attempt("enqueue zero", () => controller.enqueue(new Uint8Array(0)));
  attempt("enqueue array", () => controller.enqueue([1]));
  controller.close();
  attempt("close twice", () => controller.close());
  await settle("byob after close", byob.read(new Uint8Array(2)).then(({ value, done }) => [value.byteLength, done]));

  const auto = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 4,
    pull(c) {
      const v = c.byobRequest.view;
      log("auto pull", v.constructor.name, v.byteLength);
      v[0] = 65;
      v[1] = 66;
      c.byobRequest.respond(2);
      c.close();
    },
  });
  const autoReader = auto.getReader();
  await settle("auto read", autoReader.read().then(({ value }) => [value.constructor.name, Array.from(value)]));
  await settle("auto done", autoReader.read().then(JSON.stringify));

  const teed = new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(new Uint8Array([1, 2]));
      c.close();
    },
  });
  const [t1, t2] = teed.tee();
  log(t1, t2);
  const r1 = t1.getReader();
  const r2 = t2.getReader({ mode: "byob" });
  const v1 = await r1.read();
  const v2 = await r2.read(new Uint8Array(8));
  log(Array.from(v1.value), Array.from(v2.value), v1.value.buffer === v2.value.buffer);
  await settle("tee end 1", r1.read().then(JSON.stringify));
  await settle("tee end 2", r2.read(new Uint8Array(1)).then(({ done }) => done));

  const errored = new ReadableStream({ type: "bytes", start: (c) => c.error("byte error") });
  await settle("byte errored", errored.getReader({ mode: "byob" }).read(new Uint8Array(1)));
});

(async () => {
  for (const [name, fn] of sections) {
    log(`---- ${name}`);
    await fn();
    await later();
  }
})();
