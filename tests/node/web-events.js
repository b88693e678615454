// edgebox-test: stderr differs (warnings name node's pid)
// Event, CustomEvent, EventTarget and DOMException as Node 20 has them: dispatch order, options,
// handleEvent objects, errors (codes and messages), inspect output; events.getEventListeners on
// an EventTarget. Listener errors are uncaught exceptions, reported from the nextTick queue.
"use strict";
const util = require("util");
const events = require("events");

function attempt(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, "threw", e.name, e.message, e.code);
  }
}

// ---- DOMException
const d = new DOMException("m", "AbortError");
console.log(d.name, d.message, d.code, String(d), Object.keys(d), d instanceof Error);
console.log(Object.prototype.toString.call(d), util.inspect(d).split("\n")[0]);
console.log(new DOMException().name, new DOMException().code, new DOMException("x", "Custom").code);
const withCause = new DOMException("c", { name: "TimeoutError", cause: 5 });
console.log(withCause.name, withCause.code, withCause.cause, Object.getOwnPropertyNames(withCause));
for (const name of ["IndexSizeError", "InvalidCharacterError", "NotFoundError", "SyntaxError", "TypeMismatchError", "QuotaExceededError", "DataCloneError"]) {
  console.log(name, new DOMException("", name).code);
}
console.log(DOMException.ABORT_ERR, DOMException.prototype.TIMEOUT_ERR, DOMException.length);
console.log(Object.getOwnPropertyNames(DOMException.prototype).length);
attempt("name of non-DOMException", () => Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({}));
class MyDOMException extends DOMException {}
const mine = new MyDOMException("q", "TimeoutError");
console.log(mine.name, mine.code, mine instanceof MyDOMException, String(mine));

// ---- Event
const e = new Event("foo", { cancelable: true, bubbles: true, composed: true });
console.log(e.type, e.bubbles, e.cancelable, e.composed, e.isTrusted, e.defaultPrevented, e.returnValue);
console.log(e.eventPhase, e.target, e.currentTarget, e.composedPath(), e.cancelBubble, typeof e.timeStamp);
e.preventDefault();
e.stopPropagation();
console.log(e.defaultPrevented, e.returnValue, e.cancelBubble);
const plain = new Event("bar");
plain.preventDefault();
console.log(plain.defaultPrevented, plain.cancelable);
console.log(Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE, Event.length);
console.log(Object.getOwnPropertyNames(Event.prototype).join(","));
console.log(Object.prototype.toString.call(e), util.inspect(e, { depth: -1 }), util.inspect([e], { depth: 0 }));
attempt("new Event()", () => new Event());
attempt("options 5", () => new Event("x", 5));
attempt("options null", () => new Event("x", null).type);
attempt("type getter", () => Object.getOwnPropertyDescriptor(Event.prototype, "type").get.call({}));
attempt("number type", () => new Event(1).type);
const init = new Event("a");
init.initEvent("b", true, true);
console.log(init.type, init.bubbles, init.cancelable);

// ---- CustomEvent
const ce = new CustomEvent("c", { detail: { a: 1 } });
console.log(ce.detail, new CustomEvent("c").detail, ce instanceof Event, util.inspect([ce], { depth: 0 }));
attempt("new CustomEvent()", () => new CustomEvent());
attempt("detail getter", () => Object.getOwnPropertyDescriptor(CustomEvent.prototype, "detail").get.call(new Event("x")));

// ---- EventTarget: order, capture, duplicates, once, removal
const et = new EventTarget();
console.log(util.inspect(et), util.inspect([et], { depth: -1 }), Object.prototype.toString.call(et));
const f = (ev) => console.log("f", ev.type, ev.target === et);
et.addEventListener("a", f);
et.addEventListener("a", f);
et.addEventListener("a", f, true);
et.addEventListener("a", f, { capture: true });
console.log("listeners", events.getEventListeners(et, "a").length);
et.addEventListener("a", function (ev) {
  console.log("this is target", this === et, ev.eventPhase);
});
console.log("dispatch", et.dispatchEvent(new Event("a")));
et.removeEventListener("a", f, true);
console.log("after remove with true", events.getEventListeners(et, "a").length);
et.removeEventListener("a", f, { capture: true });
et.removeEventListener("a", f);
console.log("after removes", events.getEventListeners(et, "a").length);

et.addEventListener("o", () => console.log("once"), { once: true });
et.dispatchEvent(new Event("o"));
et.dispatchEvent(new Event("o"));
console.log("once left", events.getEventListeners(et, "o").length);

// The first listener sees the event at target; Node 20 stops counting it as being dispatched
// after that.
et.addEventListener("phase", (ev) => console.log("first", ev.eventPhase, ev.currentTarget === et, ev.composedPath().length));
et.addEventListener("phase", (ev) => console.log("second", ev.eventPhase, ev.currentTarget, ev.composedPath().length));
const phased = new Event("phase");
et.dispatchEvent(phased);
console.log("after", phased.eventPhase, phased.target === et, phased.currentTarget, phased.srcElement === et);

// preventDefault (passive does not stop it in Node 20) and the dispatch result.
et.addEventListener("p", (ev) => ev.preventDefault(), { passive: true });
console.log("cancelable", et.dispatchEvent(new Event("p", { cancelable: true })));
console.log("not cancelable", et.dispatchEvent(new Event("p")));

et.addEventListener("s", () => console.log("s1"));
et.addEventListener("s", (ev) => {
  console.log("s2");
  ev.stopImmediatePropagation();
});
et.addEventListener("s", () => console.log("s3"));
et.dispatchEvent(new Event("s"));

// Listeners added while dispatching run in that dispatch; removed ones do not.
const removed = () => console.log("removed one ran");
et.addEventListener("d", () => {
  console.log("d1");
  et.removeEventListener("d", removed);
  et.addEventListener("d", () => console.log("added during"));
});
et.addEventListener("d", removed);
et.dispatchEvent(new Event("d"));
console.log("second d");
et.dispatchEvent(new Event("d"));

// handleEvent objects: looked up when the event comes.
const handler = {};
et.addEventListener("h", handler);
handler.handleEvent = function (ev) {
  console.log("handleEvent", this === handler, ev.type);
};
et.dispatchEvent(new Event("h"));
console.log("handler listed", events.getEventListeners(et, "h")[0] === handler);

// Recursion
const again = new Event("r");
et.addEventListener("r", () => attempt("recursion", () => et.dispatchEvent(again)));
et.dispatchEvent(again);

// Argument errors
attempt("add missing", () => et.addEventListener("x"));
attempt("add number listener", () => et.addEventListener("x", 5));
attempt("add string listener", () => et.addEventListener("x", "s"));
attempt("add bad options", () => et.addEventListener("x", () => {}, 5));
attempt("add bad signal", () => et.addEventListener("x", () => {}, { signal: 5 }));
attempt("remove missing", () => et.removeEventListener("x"));
attempt("dispatch object", () => et.dispatchEvent({ type: "x" }));
attempt("dispatch nothing", () => et.dispatchEvent());
attempt("dispatch this", () => EventTarget.prototype.dispatchEvent.call({}, new Event("x")));
attempt("add this", () => EventTarget.prototype.addEventListener.call({}, "x", () => {}));
attempt("add undefined listener", () => et.addEventListener("x", undefined));
console.log(EventTarget.length, Object.getOwnPropertyNames(EventTarget.prototype).join(","));

// Max listeners
const limited = new EventTarget();
events.setMaxListeners(1, limited);
console.log("max", events.getMaxListeners(limited));
process.on("warning", (w) => console.log("warning", w.name, w.message, w.count, w.type, w.target === limited));
limited.addEventListener("x", () => {});
limited.addEventListener("x", () => {});
limited.addEventListener("y", () => {});

// Errors thrown by listeners, and rejections of what they return, are uncaught exceptions from
// the nextTick queue; the other listeners still run.
process.on("uncaughtException", (err) => console.log("uncaught:", err.message));
const thrower = new EventTarget();
thrower.addEventListener("t", () => {
  throw new Error("sync boom");
});
thrower.addEventListener("t", async () => {
  throw new Error("async boom");
});
thrower.addEventListener("t", {
  handleEvent() {
    throw new Error("handleEvent boom");
  },
});
thrower.addEventListener("t", () => console.log("last listener"));
console.log("thrower dispatch", thrower.dispatchEvent(new Event("t")));
console.log("after thrower dispatch");
