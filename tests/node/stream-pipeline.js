// stream.pipeline, stream.finished (callback and promise forms, stream/promises) and
// addAbortSignal against Node: completion, errors that destroy every stream, premature close,
// async generator stages, a function destination's value, and cleanup.
const stream = require("stream");
const { Readable, Writable, Transform, PassThrough, pipeline, finished, addAbortSignal } = stream;
const promises = require("stream/promises");
const util = require("util");

const scenarios = [];
function scenario(name, fn) {
  scenarios.push({ name, fn });
}

function describe(value) {
  if (value instanceof Error) return `${value.name} ${value.code ?? ""} ${value.message}`.replace("  ", " ");
  if (Buffer.isBuffer(value)) return `<Buffer ${value.toString()}>`;
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

function log(...args) {
  console.log("  " + args.map((a) => (typeof a === "string" ? a : describe(a))).join(" "));
}

function source(chunks, options) {
  const queue = [...chunks];
  return new Readable({
    ...options,
    read() {
      this.push(queue.length ? queue.shift() : null);
    },
  });
}

function sink(label, options = {}) {
  const got = [];
  const w = new Writable({
    ...options,
    write(chunk, encoding, cb) {
      got.push(chunk.toString());
      if (options.failOn === chunk.toString()) cb(new Error(`${label} failed`));
      else setTimeout(cb, 1);
    },
  });
  w.got = got;
  return w;
}

function upper() {
  return new Transform({
    transform(chunk, encoding, cb) {
      cb(null, chunk.toString().toUpperCase());
    },
  });
}

scenario("pipeline: readable, transform, writable", (done) => {
  const w = sink("w");
  const t = upper();
  const ret = pipeline(source(["a", "b", "c"]), t, w, (err, value) => {
    log("callback", err, value, "got", w.got, "finished", w.writableFinished);
    log("destroyed", t.destroyed, w.destroyed);
    done();
  });
  log("returns last", ret === w);
});

scenario("pipeline: an error in the middle destroys every stream", (done) => {
  const r = source(["a", "b", "c"]);
  const t = new Transform({
    transform(chunk, encoding, cb) {
      if (chunk.toString() === "b") cb(new Error("transform failed"));
      else cb(null, chunk);
    },
  });
  const w = sink("w");
  for (const [name, s] of [["r", r], ["t", t], ["w", w]]) {
    s.on("close", () => log(`${name}:close`, "errored", s.errored));
  }
  pipeline(r, t, w, (err) => {
    log("callback", err, "destroyed", r.destroyed, t.destroyed, w.destroyed);
    setImmediate(done);
  });
});

scenario("pipeline: destination fails", (done) => {
  const w = sink("w", { failOn: "b" });
  pipeline(source(["a", "b", "c"]), w, (err) => {
    log("callback", err, "got", w.got);
    done();
  });
});

scenario("pipeline: premature close", (done) => {
  const r = new Readable({ read() {} });
  r.push("x");
  const w = sink("w");
  pipeline(r, w, (err) => {
    log("callback", err);
    done();
  });
  setTimeout(() => r.destroy(), 5);
});

scenario("pipeline: async generators", (done) => {
  const w = sink("w");
  pipeline(
    source(["x", "y"]),
    async function* (src, { signal }) {
      log("signal", typeof signal, signal && signal.aborted);
      for await (const chunk of src) yield `<${chunk}>`;
    },
    async function* (src) {
      for await (const chunk of src) yield chunk.toUpperCase();
      yield "END";
    },
    w,
    (err) => {
      log("callback", err, "got", w.got);
      done();
    },
  );
});

scenario("pipeline: iterable source, function destination", (done) => {
  pipeline(
    ["1", "2", "3"],
    async function (src) {
      let sum = 0;
      for await (const n of src) sum += Number(n);
      return sum;
    },
    (err, value) => {
      log("callback", err, "value", value);
      done();
    },
  );
});

scenario("pipeline: argument errors", (done) => {
  try {
    pipeline(source(["a"]), () => {});
  } catch (err) {
    log(err);
  }
  try {
    pipeline(source(["a"]), sink("w"));
  } catch (err) {
    log(err);
  }
  try {
    pipeline(() => 42, sink("w"), () => {});
  } catch (err) {
    log(err);
  }
  try {
    pipeline(source(["a"]), () => 42, sink("w"), () => {});
  } catch (err) {
    log(err);
  }
  done();
});

scenario("pipeline: array form and end: false", async (done) => {
  const w = sink("w");
  pipeline([source(["p"]), new PassThrough(), w], (err) => {
    log("array form", err, w.got);
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  const open = sink("open");
  await promises.pipeline(source(["q"]), open, { end: false });
  log("end false: ended", open.writableEnded, "got", open.got);
  done();
});

scenario("stream/promises pipeline", async (done) => {
  const w = sink("w");
  await promises.pipeline(source(["m", "n"]), upper(), w);
  log("resolved", w.got);
  try {
    await promises.pipeline(source(["m"]), sink("bad", { failOn: "m" }));
  } catch (err) {
    log("rejected", err);
  }
  const value = await promises.pipeline(["a", "b"], async (src) => {
    const all = [];
    for await (const c of src) all.push(c);
    return all.join("+");
  });
  log("value", value);
  log(util.promisify(pipeline) === promises.pipeline, util.promisify(finished) === promises.finished);
  log(stream.promises === promises, promises.finished === finished.finished);
  done();
});

scenario("finished: readable ends", (done) => {
  const r = source(["a"]);
  const cleanup = finished(r, (err) => {
    log("finished", err, "ended", r.readableEnded);
    log("cleanup", typeof cleanup);
    done();
  });
  r.resume();
});

scenario("finished: writable finishes, errors, closes early", (done) => {
  const w = sink("w");
  finished(w, (err) => log("w finished", err));
  w.end("z");
  const e = sink("e", { failOn: "boom" });
  finished(e, (err) => log("e finished", err));
  e.write("boom");
  const early = new Readable({ read() {} });
  finished(early, (err) => log("early finished", err));
  early.destroy();
  const both = new PassThrough();
  finished(both, { readable: false }, (err) => log("writable side finished", err));
  both.end("x");
  setTimeout(done, 20);
});

scenario("finished: already done, cleanup, errors", (done) => {
  const r = source([]);
  r.resume();
  r.on("close", () => {
    finished(r, (err) => log("after close", err));
    const w = new Writable({ write(c, e, cb) { cb(); } });
    const stop = finished(w, () => log("never"));
    stop();
    w.end();
    try {
      finished({}, () => {});
    } catch (err) {
      log(err);
    }
    try {
      finished(r, { signal: 1 }, () => {});
    } catch (err) {
      log(err);
    }
    try {
      finished(r);
    } catch (err) {
      log(err);
    }
    setTimeout(done, 5);
  });
});

scenario("finished promise form", async (done) => {
  const r = source(["x"]);
  r.resume();
  await promises.finished(r);
  log("resolved", r.readableEnded);
  const bad = new Readable({ read() {} });
  setTimeout(() => bad.destroy(new Error("bad")), 1);
  try {
    await promises.finished(bad);
  } catch (err) {
    log("rejected", err);
  }
  done();
});

scenario("addAbortSignal and the signal option", (done) => {
  const ac = new AbortController();
  const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
  r.on("error", (err) => log("error", err.name, err.code, err.message));
  r.on("close", () => log("closed", r.destroyed));
  ac.abort();
  const aborted = AbortSignal.abort();
  const w = new Writable({ signal: aborted, write() {} });
  w.on("error", (err) => log("signal option error", err.name));
  try {
    addAbortSignal("x", r);
  } catch (err) {
    log(err);
  }
  try {
    addAbortSignal(ac.signal, {});
  } catch (err) {
    log(err);
  }
  const ac2 = new AbortController();
  promises.pipeline(source(["a", "b"]), sink("slow"), { signal: ac2.signal }).catch((err) => {
    log("pipeline aborted", err.name, err.code);
    done();
  });
  ac2.abort();
});

async function main() {
  for (const { name, fn } of scenarios) {
    console.log(name);
    await new Promise((resolve) => fn(resolve));
  }
  console.log("all done");
}
main();
