// The web's AbortController and AbortSignal as Node 20 has them: a signal aborts once, with a
// reason (by default a DOMException AbortError), then dispatches a trusted 'abort' event to its
// listeners (`onabort` among them), then aborts the signals AbortSignal.any made of it.
// AbortSignal.timeout(ms) aborts with a TimeoutError DOMException from an unreferenced timer.
"use strict";

const {
  withCode,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const { validateArray, validateInteger } = require("node:internal/validators");
const { DOMException } = require("node:internal/domexception");
const {
  Event,
  EventTarget,
  defineEventHandler,
  enumerableMembers,
  inspectAs,
  kNewListener,
  kTrustEvent,
} = require("node:internal/event_target");
const timers = require("node:timers");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
// Only this module makes signals.
const kMake = Symbol("kMake");

// Composite and timeout signals that have 'abort' listeners: kept alive until they abort (the
// signals they depend on, or the timer, hold them only weakly otherwise).
const listenedSignals = new Set();

let isAbortSignal;
let signalState;

class AbortSignal extends EventTarget {
  // aborted, reason; the composite signals made of this one (WeakRefs); the signals a composite
  // is made of; whether it is a composite or timeout signal.
  #state = { aborted: false, reason: undefined, dependants: null, sources: null, held: false };

  constructor(key = undefined) {
    if (key !== kMake) throw withCode(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
    super();
  }

  static {
    isAbortSignal = (value) => value !== null && typeof value === "object" && #state in value;
    signalState = (signal) => signal.#state;
  }

  get aborted() {
    if (!isAbortSignal(this)) throw new ERR_INVALID_THIS("AbortSignal");
    return this.#state.aborted;
  }

  get reason() {
    if (!isAbortSignal(this)) throw new ERR_INVALID_THIS("AbortSignal");
    return this.#state.reason;
  }

  throwIfAborted() {
    if (!isAbortSignal(this)) throw new ERR_INVALID_THIS("AbortSignal");
    if (this.#state.aborted) throw this.#state.reason;
  }

  static abort(reason = new DOMException("This operation was aborted", "AbortError")) {
    const signal = new AbortSignal(kMake);
    signal.#state.aborted = true;
    signal.#state.reason = reason;
    return signal;
  }

  static timeout(delay) {
    validateInteger(delay, "delay", 0, 2 ** 32 - 1);
    const signal = new AbortSignal(kMake);
    signal.#state.held = true;
    const ref = new WeakRef(signal);
    timers
      .setTimeout(() => {
        const target = ref.deref();
        if (target !== undefined) {
          abortSignal(target, new DOMException("The operation was aborted due to timeout", "TimeoutError"));
        }
      }, delay)
      .unref();
    return signal;
  }

  static any(signals) {
    validateArray(signals, "signals");
    signals.forEach((signal, i) => {
      if (!isAbortSignal(signal)) {
        throw new ERR_INVALID_ARG_TYPE(`signals[${i}]`, "AbortSignal", signal);
      }
    });
    const result = new AbortSignal(kMake);
    result.#state.held = true;
    for (const signal of signals) {
      if (signal.#state.aborted) {
        result.#state.aborted = true;
        result.#state.reason = signal.#state.reason;
        return result;
      }
    }
    // A composite made of composites depends on their sources (it may outlive them).
    const sources = new Set();
    for (const signal of signals) {
      for (const source of signal.#state.sources ?? [signal]) sources.add(source);
    }
    result.#state.sources = [...sources];
    const ref = new WeakRef(result);
    for (const source of sources) {
      source.#state.dependants ??= new Set();
      source.#state.dependants.add(ref);
    }
    return result;
  }

  [kNewListener](size, type) {
    if (type === "abort" && this.#state.held && !this.#state.aborted) listenedSignals.add(this);
  }

  [customInspect](depth, options) {
    if (!isAbortSignal(this)) throw new ERR_INVALID_THIS("AbortSignal");
    return inspectAs(this, { aborted: this.#state.aborted }, depth, options, this);
  }
}

function abortSignal(signal, reason) {
  const state = signalState(signal);
  if (state.aborted) return;
  state.aborted = true;
  state.reason = reason;
  listenedSignals.delete(signal);
  signal.dispatchEvent(new Event("abort", { [kTrustEvent]: true }));
  if (state.dependants !== null) {
    const dependants = state.dependants;
    state.dependants = null;
    for (const ref of dependants) {
      const dependant = ref.deref();
      if (dependant !== undefined) abortSignal(dependant, reason);
    }
  }
}

defineEventHandler(AbortSignal.prototype, "abort");

let isAbortController;

class AbortController {
  #signal = new AbortSignal(kMake);

  static {
    isAbortController = (value) => value !== null && typeof value === "object" && #signal in value;
  }

  get signal() {
    if (!isAbortController(this)) throw new ERR_INVALID_THIS("AbortController");
    return this.#signal;
  }

  abort(reason = new DOMException("This operation was aborted", "AbortError")) {
    if (!isAbortController(this)) throw new ERR_INVALID_THIS("AbortController");
    abortSignal(this.#signal, reason);
  }

  [customInspect](depth, options) {
    if (!isAbortController(this)) throw new ERR_INVALID_THIS("AbortController");
    return inspectAs(this, { signal: this.#signal }, depth, options, this);
  }
}

enumerableMembers(AbortSignal);
enumerableMembers(AbortController);

module.exports = { AbortController, AbortSignal, isAbortSignal };
