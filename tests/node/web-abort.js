// AbortController and AbortSignal as Node 20 has them: reasons, the 'abort' event and onabort,
// abort(), timeout() (in order with other timers; unreferenced), any(); the integration with
// events.once/on/addAbortListener, timers/promises and util.aborted; errors and inspect output.
"use strict";
const util = require("util");
const events = require("events");
const timersPromises = require("timers/promises");

function attempt(label, fn) {
  try {
    console.log(label, fn());
  } catch (e) {
    console.log(label, "threw", e.name, e.message, e.code);
  }
}

const ac = new AbortController();
console.log(ac, ac.signal, util.inspect(ac, { depth: 0 }), [ac.signal]);
console.log(Object.prototype.toString.call(ac), Object.prototype.toString.call(ac.signal));
console.log(ac.signal instanceof EventTarget, ac.signal.aborted, ac.signal.reason, ac.signal.onabort);
ac.signal.addEventListener("abort", (e) => {
  console.log("listener1", e.type, e.isTrusted, e.constructor.name, ac.signal.aborted, e.target === ac.signal);
});
ac.signal.onabort = function (e) {
  console.log("onabort", e.type, this === ac.signal);
};
ac.signal.addEventListener("abort", () => console.log("listener2"));
console.log(typeof ac.signal.onabort);
ac.abort();
ac.abort("again");
console.log(ac.signal, ac.signal.reason instanceof DOMException, ac.signal.reason.name, ac.signal.reason.message, ac.signal.reason.code);
attempt("throwIfAborted", () => ac.signal.throwIfAborted());

const reasoned = new AbortController();
reasoned.abort(42);
console.log(reasoned.signal.reason);
attempt("throwIfAborted reason", () => {
  try {
    reasoned.signal.throwIfAborted();
  } catch (e) {
    return `thrown ${e}`;
  }
});
new AbortController().signal.throwIfAborted();

// onabort keeps the place of its first setting; null turns it off.
const handlers = new AbortController();
handlers.signal.addEventListener("abort", () => console.log("before"));
handlers.signal.onabort = () => console.log("first");
handlers.signal.addEventListener("abort", () => console.log("after"));
handlers.signal.onabort = () => console.log("second");
handlers.abort();
const off = new AbortController();
off.signal.onabort = () => console.log("never");
off.signal.onabort = null;
console.log(off.signal.onabort);
off.abort();

// AbortSignal.abort, any
const aborted = AbortSignal.abort("why");
console.log(aborted, aborted.aborted, aborted.reason, util.inspect([aborted], { depth: -1 }));
console.log(AbortSignal.abort().reason.name, AbortSignal.abort().reason.message);
const a1 = new AbortController();
const a2 = new AbortController();
const any = AbortSignal.any([a1.signal, a2.signal]);
any.addEventListener("abort", () => console.log("any aborted", any.reason));
a2.signal.addEventListener("abort", () => console.log("a2 aborted, any yet?", any.aborted));
a2.abort("r2");
a1.abort("r1");
console.log(any.reason, AbortSignal.any([AbortSignal.abort(7), a1.signal]).reason, AbortSignal.any([]).aborted);
const nested = new AbortController();
const outer = AbortSignal.any([AbortSignal.any([nested.signal])]);
nested.abort("deep");
console.log("nested", outer.aborted, outer.reason);

// Errors
attempt("new AbortSignal", () => new AbortSignal());
attempt("timeout string", () => AbortSignal.timeout("1"));
attempt("timeout negative", () => AbortSignal.timeout(-1));
attempt("timeout fraction", () => AbortSignal.timeout(1.5));
attempt("timeout too big", () => AbortSignal.timeout(2 ** 32));
attempt("any number", () => AbortSignal.any(5));
attempt("any of number", () => AbortSignal.any([5]));
attempt("any nothing", () => AbortSignal.any());
attempt("aborted getter", () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get.call({}));
console.log(Object.getOwnPropertyNames(AbortSignal.prototype).join(","), Object.getOwnPropertyNames(AbortController.prototype).join(","));
console.log(AbortSignal.length, AbortController.length, Object.keys(AbortSignal));

// A listener's { signal } removes it on abort.
const et = new EventTarget();
const remover = new AbortController();
et.addEventListener("g", () => console.log("g"), { signal: remover.signal });
et.dispatchEvent(new Event("g"));
remover.abort();
et.dispatchEvent(new Event("g"));
console.log(events.getEventListeners(et, "g").length, events.getEventListeners(remover.signal, "abort").length);
et.addEventListener("g", () => console.log("never added"), { signal: remover.signal });
et.dispatchEvent(new Event("g"));

async function main() {
  // events.once and events.on with a signal
  const emitter = new events.EventEmitter();
  const onceController = new AbortController();
  const pending = events.once(emitter, "foo", { signal: onceController.signal });
  onceController.abort("stop");
  try {
    await pending;
  } catch (e) {
    console.log("once rejected", e.name, e.message, e.code, e.cause);
  }
  try {
    await events.once(emitter, "foo", { signal: AbortSignal.abort() });
  } catch (e) {
    console.log("once pre-aborted", e.name, e.code, e.cause.name);
  }
  const target = new EventTarget();
  setTimeout(() => target.dispatchEvent(new Event("ping")), 1);
  const [ping] = await events.once(target, "ping");
  console.log("once on EventTarget", ping.type, ping instanceof Event);

  const onController = new AbortController();
  setTimeout(() => {
    emitter.emit("bar", 1);
    onController.abort();
  }, 1);
  try {
    for await (const args of events.on(emitter, "bar", { signal: onController.signal })) console.log("on got", args);
  } catch (e) {
    console.log("on rejected", e.name, e.code);
  }

  // addAbortListener
  const listened = new AbortController();
  const disposable = events.addAbortListener(listened.signal, (e) => console.log("abort listener", e.type));
  console.log(typeof disposable[Symbol.dispose]);
  listened.abort();
  const disposed = new AbortController();
  events.addAbortListener(disposed.signal, () => console.log("never"))[Symbol.dispose]();
  disposed.abort();
  events.addAbortListener(AbortSignal.abort(), () => console.log("already aborted: a microtask"));
  console.log("before the microtask");
  await null;

  // timers/promises with a signal
  const timerController = new AbortController();
  const sleeping = timersPromises.setTimeout(50, "value", { signal: timerController.signal });
  timerController.abort();
  try {
    await sleeping;
  } catch (e) {
    console.log("setTimeout rejected", e.name, e.code);
  }

  // util.aborted
  const waited = new AbortController();
  const waiting = util.aborted(waited.signal, {});
  waited.abort();
  const abortEvent = await waiting;
  console.log("util.aborted", abortEvent instanceof Event, abortEvent.type, await util.aborted(waited.signal, {}));
  try {
    await util.aborted({}, {});
  } catch (e) {
    console.log("util.aborted bad", e.code, e.message);
  }

  // AbortSignal.timeout fires in order with the timers of the same delay, with a TimeoutError.
  setTimeout(() => console.log("timer 5"), 5);
  const timed = AbortSignal.timeout(10);
  timed.addEventListener("abort", () => console.log("timeout abort", timed.reason.name, timed.reason.message, timed.reason.code));
  setTimeout(() => console.log("timer 10"), 10);
  setTimeout(() => {
    console.log("timer 20", timed.aborted);
    // Unreferenced: this one does not keep the process alive.
    AbortSignal.timeout(100).addEventListener("abort", () => console.log("never fires"));
  }, 20);
}
main();
