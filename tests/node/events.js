// edgebox-test: stderr differs
// events against Node: listeners, once, prepend, removal during emit, errors, async helpers.
const EventEmitter = require("events");
const { once, on, EventEmitter: Same } = require("node:events");
console.log(Same === EventEmitter, EventEmitter.defaultMaxListeners);
const e = new EventEmitter();
e.on("newListener", (name) => console.log("newListener", name));
const a = (x) => console.log("a", x);
e.on("ev", a);
e.prependListener("ev", (x) => console.log("prepended", x));
e.once("ev", (x) => console.log("once", x));
console.log(e.emit("ev", 1), e.emit("ev", 2), e.emit("none"));
console.log(e.listenerCount("ev"), e.eventNames(), e.rawListeners("ev").length);
e.off("ev", a);
console.log(e.listeners("ev").length);
e.removeAllListeners();
console.log(e.eventNames());
try {
  e.emit("error", new Error("boom"));
} catch (err) {
  console.log("thrown:", err.message);
}
try {
  e.emit("error", "not an error");
} catch (err) {
  console.log(err.code, err.message);
}
try {
  e.on("x", "not a function");
} catch (err) {
  console.log(err.code, err.message);
}
class Sub extends EventEmitter {}
const s = new Sub();
s.on(EventEmitter.errorMonitor, (err) => console.log("monitor", err.message));
s.on("error", (err) => console.log("handled", err.message));
s.emit("error", new Error("e1"));
console.log(s instanceof EventEmitter, Object.keys(s));
(async () => {
  const t = new EventEmitter();
  setTimeout(() => t.emit("ready", 1, 2), 1);
  console.log("once resolved", await once(t, "ready"));
  setTimeout(() => {
    t.emit("data", "d1");
    t.emit("data", "d2");
  }, 1);
  for await (const [v] of on(t, "data")) {
    console.log("on", v);
    if (v === "d2") break;
  }
  const leak = new EventEmitter();
  leak.setMaxListeners(1);
  leak.on("x", () => {});
  leak.on("x", () => {});
  console.log("max", leak.getMaxListeners());
})();
