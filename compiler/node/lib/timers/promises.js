// Node's timers/promises: setTimeout, setImmediate and setInterval as promises and an async
// iterator, with the `signal` (AbortSignal) and `ref` options.
"use strict";

const timers = require("node:timers");
const { validateBoolean, validateObject } = require("node:internal/validators");
const { withCode } = require("node:internal/errors");

function abortError(signal) {
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  error.code = "ABORT_ERR";
  if (signal && signal.reason !== undefined) error.cause = signal.reason;
  return error;
}

function checkOptions(options) {
  validateObject(options, "options");
  const { signal, ref = true } = options;
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw withCode(TypeError, "ERR_INVALID_ARG_TYPE", `The "options.signal" property must be an instance of AbortSignal. Received ${signal === null ? "null" : typeof signal}`);
  }
  validateBoolean(ref, "options.ref");
  return { signal, ref };
}

// A promise of a timer made by `schedule(resolve)`, cancelled by `signal`.
function timerPromise(schedule, cancel, value, options) {
  let checked;
  try {
    checked = checkOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal, ref } = checked;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const timer = schedule(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(value);
    });
    if (!ref) timer.unref();
    function onAbort() {
      cancel(timer);
      reject(abortError(signal));
    }
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

function setTimeout(after, value, options = {}) {
  return timerPromise((done) => timers.setTimeout(done, after), timers.clearTimeout, value, options);
}

function setImmediate(value, options = {}) {
  return timerPromise((done) => timers.setImmediate(done), timers.clearImmediate, value, options);
}

// Yields `value` every `after` ms; ticks that pass while the consumer is busy are not lost.
async function* setInterval(after, value, options = {}) {
  const { signal, ref } = checkOptions(options);
  if (signal && signal.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const timer = timers.setInterval(() => {
    pending++;
    if (wake) wake();
  }, after);
  if (!ref) timer.unref();
  const onAbort = () => wake && wake();
  if (signal) signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      if (signal && signal.aborted) throw abortError(signal);
      if (pending === 0) await new Promise((resolve) => (wake = resolve));
      wake = null;
      if (signal && signal.aborted) throw abortError(signal);
      for (; pending > 0; pending--) yield value;
    }
  } finally {
    timers.clearInterval(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}

const scheduler = {
  wait: (delay, options) => setTimeout(delay, undefined, options),
  yield: () => setImmediate(),
};

module.exports = { setTimeout, setImmediate, setInterval, scheduler };
