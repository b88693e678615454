// atob, btoa, queueMicrotask, crypto (getRandomValues, randomUUID) and performance (now,
// timeOrigin, user timing) as Node 20 has them: results, errors (codes and messages), shapes
// (never random values or times).
"use strict";
const util = require("util");
const perfHooks = require("perf_hooks");

function attempt(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, "threw", Object.prototype.toString.call(e), e.name, e.message, e.code);
  }
}

// ---- atob / btoa
attempt("btoa latin1", () => btoa("héllo"));
attempt("btoa empty", () => btoa(""));
attempt("btoa beyond latin1", () => btoa("\u0100"));
attempt("btoa nothing", () => btoa());
attempt("btoa null", () => btoa(null));
attempt("btoa number", () => btoa(12));
attempt("atob", () => atob("aGVsbG8="));
attempt("atob no padding", () => atob("aGVsbG8"));
attempt("atob whitespace", () => atob(" aGVs\tbG8=\n"));
attempt("atob inner whitespace", () => atob("aGVsbA=\f="));
attempt("atob one left", () => atob("a"));
attempt("atob five", () => atob("aGVsb"));
attempt("atob too much padding", () => atob("aGVsbG8=="));
attempt("atob padding inside", () => atob("aG=Vs"));
attempt("atob three equals", () => atob("aG==="));
attempt("atob padding with remainder", () => atob("aGV=="));
attempt("atob bad char", () => atob("a*bc"));
attempt("atob url-safe", () => atob("a-_c"));
attempt("atob nothing", () => atob());
attempt("atob undefined", () => atob(undefined));
attempt("atob null", () => atob(null));
attempt("atob bytes", () => [...atob("AAEC/w==")].map((c) => c.charCodeAt(0)));
console.log(atob.length, btoa.length, atob.name, btoa.name);
console.log(require("buffer").atob === atob, require("buffer").btoa === btoa);

// ---- queueMicrotask
attempt("queueMicrotask number", () => queueMicrotask(1));
attempt("queueMicrotask nothing", () => queueMicrotask());
queueMicrotask(() => console.log("microtask 1"));
Promise.resolve().then(() => console.log("promise job"));
queueMicrotask(() => console.log("microtask 2"));
process.nextTick(() => console.log("tick first"));

// ---- crypto
console.log(util.inspect(crypto), Object.prototype.toString.call(crypto), typeof Crypto, crypto instanceof Crypto);
console.log(Object.getOwnPropertyNames(Object.getPrototypeOf(crypto)).filter((k) => k !== "subtle").join(","));
for (const Type of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
  const array = new Type(8);
  const result = crypto.getRandomValues(array);
  console.log(Type.name, result === array, result.length);
}
attempt("65536 bytes", () => crypto.getRandomValues(new Uint8Array(65536)).length);
attempt("view", () => {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes.subarray(4, 8));
  return bytes.slice(0, 4).join(",") + "|" + bytes.slice(8).join(",");
});
attempt("no argument", () => crypto.getRandomValues());
attempt("Float32Array", () => crypto.getRandomValues(new Float32Array(1)));
attempt("Float64Array", () => crypto.getRandomValues(new Float64Array(1)));
attempt("DataView", () => crypto.getRandomValues(new DataView(new ArrayBuffer(1))));
attempt("array", () => crypto.getRandomValues([1]));
attempt("too long", () => crypto.getRandomValues(new Uint8Array(65537)));
attempt("too long 32", () => crypto.getRandomValues(new Uint32Array(16385)));
attempt("other this", () => crypto.getRandomValues.call({}, new Uint8Array(2)));
attempt("randomUUID other this", () => crypto.randomUUID.call({}));
attempt("new Crypto", () => new Crypto());
const uuids = new Set();
for (let i = 0; i < 50; i++) {
  const uuid = crypto.randomUUID();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid)) console.log("bad uuid", uuid);
  uuids.add(uuid);
}
console.log("uuids", uuids.size);

// ---- performance
console.log(typeof performance.now(), performance.now() >= 0, typeof performance.timeOrigin);
console.log(Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 50);
console.log(performance === perfHooks.performance, performance instanceof EventTarget, Object.prototype.toString.call(performance));
console.log(typeof PerformanceEntry, typeof PerformanceMark, typeof PerformanceMeasure, PerformanceMark === perfHooks.PerformanceMark);
console.log(Object.keys(performance.toJSON()).includes("timeOrigin"));
const mark = performance.mark("a", { detail: { n: 1 }, startTime: 5 });
console.log(mark, mark instanceof PerformanceEntry, mark.toJSON());
console.log(util.inspect([mark], { depth: 0 }));
console.log(performance.measure("m1", { start: 1, end: 6 }));
console.log(performance.measure("m2", "a", "a"));
console.log(performance.measure("m3", { start: 3, duration: 2, detail: "d" }));
console.log(performance.measure("m4", { end: 3, duration: 2 }));
console.log(performance.measure("m5", undefined, "a"));
console.log(performance.measure("m6", 1, "a"));
const open = performance.measure("m7");
console.log(open.startTime, open.duration > 0);
performance.mark("b", { startTime: 2 });
console.log(performance.getEntries().map((e) => `${e.entryType}:${e.name}@${e.startTime}`).join(" "));
console.log(performance.getEntriesByType("mark").length, performance.getEntriesByName("a").length, performance.getEntriesByName("a", "measure").length, performance.getEntriesByType("resource").length);
performance.clearMarks("a");
console.log(performance.getEntriesByType("mark").map((e) => e.name));
performance.clearMeasures("m1");
performance.clearMarks();
console.log(performance.getEntries().map((e) => e.name).join(","));
performance.clearMeasures();
console.log(performance.getEntries().length);
console.log(new PerformanceMark("q", { startTime: 3 }));
attempt("mark nothing", () => performance.mark());
attempt("mark number name", () => performance.mark(5, { startTime: 1 }).name);
attempt("mark negative", () => performance.mark("x", { startTime: -1 }));
attempt("mark options 5", () => performance.mark("x", 5));
attempt("mark uncloneable", () => performance.mark("x", { detail: Symbol("s") }));
attempt("measure nothing", () => performance.measure());
attempt("measure unset", () => performance.measure("x", "nope"));
attempt("measure all three", () => performance.measure("x", { start: 1, end: 2, duration: 3 }));
attempt("measure endMark", () => performance.measure("x", { start: 1 }, "b"));
attempt("getEntriesByName nothing", () => performance.getEntriesByName());
attempt("getEntriesByType nothing", () => performance.getEntriesByType());
attempt("now this", () => performance.now.call({}));
attempt("entry name this", () => Object.getOwnPropertyDescriptor(PerformanceEntry.prototype, "name").get.call({}));
attempt("new PerformanceEntry", () => new PerformanceEntry());
attempt("new PerformanceMeasure", () => new PerformanceMeasure());
console.log(Object.getOwnPropertyNames(PerformanceEntry.prototype).join(","), Object.getOwnPropertyNames(PerformanceMark.prototype).join(","));
function sum(a, b) {
  return a + b;
}
const timed = performance.timerify(sum);
console.log(timed.name, timed.length, timed(2, 3));
class Point {
  constructor(x) {
    this.x = x;
  }
}
console.log(new (performance.timerify(Point))(4));
attempt("timerify number", () => performance.timerify(5));
console.log(perfHooks.constants.NODE_PERFORMANCE_GC_MAJOR, perfHooks.constants.NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE);
