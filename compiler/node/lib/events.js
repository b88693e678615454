// Node 20's `events` module: EventEmitter with Node's rules (listener order, when
// 'newListener' and 'removeListener' are emitted, 'error' without a listener, the listener leak
// warning, captured promise rejections) and the helpers once(), on(), getEventListeners(),
// getMaxListeners(), setMaxListeners() and addAbortListener().
//
// An emitter keeps its listeners as Node does, in own properties that some libraries read:
// `_events` (a null-prototype object: event name → the listener, or an array of listeners once
// there are two or more), `_eventsCount` (how many names have listeners) and `_maxListeners`.
"use strict";

const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE, ERR_UNHANDLED_ERROR },
} = require("node:internal/errors");
const {
  validateBoolean,
  validateFunction,
  validateInteger,
  validateNumber,
} = require("node:internal/validators");

// Required when first needed: only messages use it.
let inspectModule;
function inspect(value, options) {
  if (inspectModule === undefined) inspectModule = require("node:internal/inspect");
  return inspectModule.inspect(value, options);
}

const { kFirstEventParam } = require("node:internal/events/symbols");

const kRejection = Symbol.for("nodejs.rejection");
const kWatermarkData = Symbol.for("nodejs.watermarkData");
const kErrorMonitor = Symbol("events.errorMonitor");
const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
const kMaxEventTargetListenersWarned = Symbol("events.maxEventTargetListenersWarned");
// Own properties of every emitter (so they show when one is inspected, as in Node): whether its
// listeners' rejections are captured, and whether `_events` was preset by a subclass (below).
const kCapture = Symbol("kCapture");
const kShapeMode = Symbol("shapeMode");

let defaultMaxListeners = 10;

// Node's check of an `AbortSignal` argument: absent, or an object that has `aborted`.
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
  }
}

// EventTargets (node:internal/event_target) are told by their constructor's brand, as in Node.
const kIsEventTarget = Symbol.for("nodejs.event_target");
function isEventTarget(value) {
  return Boolean(value?.constructor?.[kIsEventTarget]);
}

function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

module.exports = EventEmitter;
EventEmitter.addAbortListener = addAbortListener;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.usingDomains = false;
EventEmitter.captureRejectionSymbol = kRejection;

// The default of the constructor's `captureRejections` option, kept on the prototype.
Object.defineProperty(EventEmitter, "captureRejections", {
  get() {
    return EventEmitter.prototype[kCapture];
  },
  set(value) {
    validateBoolean(value, "EventEmitter.captureRejections");
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});

EventEmitter.errorMonitor = kErrorMonitor;

Object.defineProperty(EventEmitter, "defaultMaxListeners", {
  get() {
    return defaultMaxListeners;
  },
  set(value) {
    validateNumber(value, "defaultMaxListeners", 0);
    defaultMaxListeners = value;
  },
  enumerable: true,
});

// Where an EventTarget keeps its limit (read by EventTarget implementations).
Object.defineProperties(EventEmitter, {
  kMaxEventTargetListeners: { value: kMaxEventTargetListeners },
  kMaxEventTargetListenersWarned: { value: kMaxEventTargetListenersWarned },
});

// With no targets, sets the default limit of every emitter; else the limit of each target.
EventEmitter.setMaxListeners = function (n = defaultMaxListeners, ...eventTargets) {
  validateNumber(n, "setMaxListeners", 0);
  if (eventTargets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const target of eventTargets) {
    if (isEventTarget(target)) {
      target[kMaxEventTargetListeners] = n;
      target[kMaxEventTargetListenersWarned] = false;
    } else if (typeof target.setMaxListeners === "function") {
      target.setMaxListeners(n);
    } else {
      throw new ERR_INVALID_ARG_TYPE("eventTargets", ["EventEmitter", "EventTarget"], target);
    }
  }
};

// The constructor's work, public as in Node (subclasses and domains call or replace it).
EventEmitter.init = function (opts) {
  // `_events` already set (and not the prototype's) is a subclass's preset of its events as
  // undefined entries (Node's streams do this): it is kept, and removing an event's last
  // listener then sets its entry back to undefined.
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
  } else {
    this[kShapeMode] = true;
  }
  // A limit of 0 set before init (by a subclass) counts as none.
  this._maxListeners = this._maxListeners || undefined;
  const capture = opts?.captureRejections;
  if (capture) {
    validateBoolean(capture, "options.captureRejections");
    this[kCapture] = capture;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

// Deprecated form of emitter.listenerCount(type).
EventEmitter.listenerCount = function (emitter, type) {
  if (typeof emitter.listenerCount === "function") return emitter.listenerCount(type);
  return listenerCount.call(emitter, type);
};

const proto = EventEmitter.prototype;

Object.defineProperty(proto, kCapture, { value: false, writable: true });
// What an object made from the prototype without the constructor has.
proto._events = undefined;
proto._eventsCount = 0;
proto._maxListeners = undefined;

proto.setMaxListeners = function setMaxListeners(n) {
  validateNumber(n, "setMaxListeners", 0);
  this._maxListeners = n;
  return this;
};

function maxListenersOf(emitter) {
  return emitter._maxListeners === undefined ? EventEmitter.defaultMaxListeners : emitter._maxListeners;
}

proto.getMaxListeners = function getMaxListeners() {
  return maxListenersOf(this);
};

// Whether `emitter` has an entry for `type`. With `type` undefined, whether it has `_events` at
// all: as in Node, methods called without an event name then go on and fail on the missing entry.
function hasEventListener(emitter, type) {
  if (type === undefined) return emitter._events !== undefined;
  return emitter._events !== undefined && emitter._events[type] !== undefined;
}

proto.emit = function emit(type, ...args) {
  const events = this._events;
  let unhandled = type === "error";
  if (events !== undefined) {
    // errorMonitor listeners see every 'error', before its listeners (or the throw).
    if (unhandled && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
    unhandled = unhandled && events.error === undefined;
  } else if (!unhandled) {
    return false;
  }
  if (unhandled) throw unhandledError(args[0]);

  const handler = events[type];
  if (handler === undefined) return false;
  if (typeof handler === "function") {
    const result = handler.apply(this, args);
    if (result !== undefined && result !== null) catchRejection(this, result, type, args);
  } else {
    // A copy: listeners added or removed by these ones count from the next emit on.
    const listeners = handler.slice();
    for (let i = 0; i < listeners.length; i++) {
      const result = listeners[i].apply(this, args);
      if (result !== undefined && result !== null) catchRejection(this, result, type, args);
    }
  }
  return true;
};

// What emit('error', er) throws when nothing listens: er itself if it is an Error, else an
// ERR_UNHANDLED_ERROR that shows it and has it as `context`.
function unhandledError(er) {
  if (er instanceof Error) return er;
  // Node shows inspect(er), or `${er}` if inspecting fails, and "(undefined)" for undefined
  // (where ERR_UNHANDLED_ERROR given undefined would show nothing): so the message is built here.
  let shown;
  try {
    shown = inspect(er);
  } catch {
    shown = er;
  }
  const err = new ERR_UNHANDLED_ERROR();
  err.message = `${err.message} (${shown})`;
  err.context = er;
  return err;
}

// With rejections captured, a listener's returned promise that rejects hands its reason, on the
// next tick, to the emitter's [Symbol.for('nodejs.rejection')](err, type, ...args) method if it
// has one, else to its 'error' event.
function catchRejection(emitter, promise, type, args) {
  if (!emitter[kCapture]) return;
  try {
    // Read once: a thenable's `then` may be a getter.
    const then = promise.then;
    if (typeof then === "function") {
      then.call(promise, undefined, (err) => {
        // Next tick: an error thrown by the handler is then an uncaught exception, not a
        // rejection of this derived promise.
        process.nextTick(emitRejection, emitter, err, type, args);
      });
    }
  } catch (err) {
    emitter.emit("error", err);
  }
}

function emitRejection(emitter, err, type, args) {
  if (typeof emitter[kRejection] === "function") {
    emitter[kRejection](err, type, ...args);
    return;
  }
  // Not captured again: a rejecting 'error' listener would loop. Restored even if emit throws,
  // for when the uncaught exception is handled.
  const capture = emitter[kCapture];
  try {
    emitter[kCapture] = false;
    emitter.emit("error", err);
  } finally {
    emitter[kCapture] = capture;
  }
}

function addListenerTo(target, type, listener, prepend) {
  validateFunction(listener, "listener");
  let events = target._events;
  let existing;
  if (events === undefined) {
    events = target._events = { __proto__: null };
    target._eventsCount = 0;
  } else {
    // Before the listener is added, so that a 'newListener' listener is not told of itself;
    // once wrappers are shown as the listener they wrap.
    if (events.newListener !== undefined) {
      target.emit("newListener", type, listener.listener ?? listener);
      // Those listeners may have replaced `_events` (removeAllListeners() does).
      events = target._events;
    }
    existing = events[type];
  }

  if (existing === undefined) {
    events[type] = listener;
    ++target._eventsCount;
    return target;
  }
  if (typeof existing === "function") {
    existing = events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  warnIfLeaking(target, type, existing);
  return target;
}

// The first time an event's listeners exceed the limit (0: no limit), a
// MaxListenersExceededWarning; the array remembers it with `warned`.
function warnIfLeaking(target, type, listeners) {
  const max = maxListenersOf(target);
  if (max > 0 && listeners.length > max && !listeners.warned) {
    listeners.warned = true;
    const warning = new Error(
      `Possible EventEmitter memory leak detected. ${listeners.length} ${String(type)} listeners ` +
        `added to ${inspect(target, { depth: -1 })}. MaxListeners is ${max}. ` +
        "Use emitter.setMaxListeners() to increase limit",
    );
    Object.assign(warning, {
      name: "MaxListenersExceededWarning",
      emitter: target,
      type,
      count: listeners.length,
    });
    if (typeof process.emitWarning === "function") process.emitWarning(warning);
  }
}

proto.addListener = function addListener(type, listener) {
  return addListenerTo(this, type, listener, false);
};
proto.on = proto.addListener;

proto.prependListener = function prependListener(type, listener) {
  return addListenerTo(this, type, listener, true);
};

// A once listener is this function bound to its state: on the first call it removes itself,
// then calls the listener. `.listener` on it is the listener, for listeners() and removal.
function onceWrapper(...args) {
  if (!this.fired) {
    this.target.removeListener(this.type, this.wrapFn);
    this.fired = true;
    return this.listener.apply(this.target, args);
  }
}

function onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = onceWrapper.bind(state);
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

proto.once = function once(type, listener) {
  validateFunction(listener, "listener");
  this.on(type, onceWrap(this, type, listener));
  return this;
};

proto.prependOnceListener = function prependOnceListener(type, listener) {
  validateFunction(listener, "listener");
  this.prependListener(type, onceWrap(this, type, listener));
  return this;
};

// Removes the most recently added instance of `listener` (or of a once wrapper of it), then
// emits 'removeListener' with, as Node does, the wrapped listener if the event had only that one,
// else `listener` as given.
proto.removeListener = function removeListener(type, listener) {
  validateFunction(listener, "listener");
  if (!hasEventListener(this, type)) return this;
  const events = this._events;
  const list = events[type];

  if (list === listener || list.listener === listener) {
    this._eventsCount -= 1;
    if (this[kShapeMode]) {
      events[type] = undefined;
    } else if (this._eventsCount === 0) {
      // No 'removeListener' listener left to tell.
      this._events = { __proto__: null };
    } else {
      delete events[type];
      if (events.removeListener) this.emit("removeListener", type, list.listener || listener);
    }
  } else if (typeof list !== "function") {
    let position = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i;
        break;
      }
    }
    if (position < 0) return this;
    list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];
    if (events.removeListener !== undefined) this.emit("removeListener", type, listener);
  }
  return this;
};
proto.off = proto.removeListener;

// With 'removeListener' listeners, removes one listener at a time (each event's last first,
// 'removeListener' itself last) so that each removal is told.
proto.removeAllListeners = function removeAllListeners(type) {
  if (!hasEventListener(this)) return this;
  const events = this._events;
  const all = arguments.length === 0;

  if (events.removeListener === undefined) {
    if (all) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
    }
    this[kShapeMode] = false;
    return this;
  }

  if (all) {
    for (const key of Reflect.ownKeys(events)) {
      if (key !== "removeListener") this.removeAllListeners(key);
    }
    this.removeAllListeners("removeListener");
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
    return this;
  }

  const listeners = events[type];
  if (typeof listeners === "function") {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

// The listeners of `type`, a copy; unwrapped: once wrappers replaced by their listeners.
function listenersOf(emitter, type, unwrap) {
  if (!hasEventListener(emitter, type)) return [];
  const entry = emitter._events[type];
  if (typeof entry === "function") return [unwrap ? entry.listener || entry : entry];
  const copy = entry.slice();
  if (unwrap) {
    for (let i = 0; i < copy.length; i++) {
      if (typeof copy[i].listener === "function") copy[i] = copy[i].listener;
    }
  }
  return copy;
}

proto.listeners = function listeners(type) {
  return listenersOf(this, type, true);
};

proto.rawListeners = function rawListeners(type) {
  return listenersOf(this, type, false);
};

// How many listeners `type` has; given `listener`, how many of them are it (or wrap it).
function listenerCount(type, listener) {
  const entry = this._events?.[type];
  if (entry === undefined) return 0;
  const matches = (fn) => fn === listener || fn.listener === listener;
  if (typeof entry === "function") return listener == null || matches(entry) ? 1 : 0;
  if (listener == null) return entry.length;
  return entry.filter(matches).length;
}
proto.listenerCount = listenerCount;

// Names with listeners, strings then symbols, each in the order first added.
proto.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget.listeners === "function") return emitterOrTarget.listeners(type);
  if (isEventTarget(emitterOrTarget)) return require("node:internal/event_target").listenersOf(emitterOrTarget, type);
  throw new ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
}

function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget?.getMaxListeners === "function") return maxListenersOf(emitterOrTarget);
  if (emitterOrTarget?.[kMaxEventTargetListeners]) return emitterOrTarget[kMaxEventTargetListeners];
  throw new ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
}

// Calls `listener` once `signal` aborts (in a microtask if it already has). Returns a disposable
// that stops listening.
function addAbortListener(signal, listener) {
  if (signal === undefined) throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
  validateAbortSignal(signal, "signal");
  validateFunction(listener, "listener");
  let removeEventListener;
  if (signal.aborted) {
    queueMicrotask(() => listener());
  } else {
    signal.addEventListener("abort", listener, { __proto__: null, once: true });
    removeEventListener = () => {
      signal.removeEventListener("abort", listener);
    };
  }
  return {
    __proto__: null,
    [Symbol.dispose]() {
      removeEventListener?.();
    },
  };
}

// Listening on an EventEmitter, or else on an EventTarget.
function addAnyListener(emitter, name, listener, flags) {
  if (typeof emitter.on === "function") {
    if (flags?.once) emitter.once(name, listener);
    else emitter.on(name, listener);
  } else if (typeof emitter.addEventListener === "function") {
    emitter.addEventListener(name, listener, flags);
  } else {
    throw new ERR_INVALID_ARG_TYPE("emitter", "EventEmitter", emitter);
  }
}

function removeAnyListener(emitter, name, listener, flags) {
  if (typeof emitter.removeListener === "function") {
    emitter.removeListener(name, listener);
  } else if (typeof emitter.removeEventListener === "function") {
    emitter.removeEventListener(name, listener, flags);
  } else {
    throw new ERR_INVALID_ARG_TYPE("emitter", "EventEmitter", emitter);
  }
}

// A promise of the arguments of the next `name` event, as an array. On an EventEmitter an
// 'error' event first rejects it (EventTargets have no such 'error'); so does `signal` aborting.
async function once(emitter, name, options = {}) {
  const signal = options?.signal;
  validateAbortSignal(signal, "options.signal");
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
  return new Promise((resolve, reject) => {
    const errorListener = (err) => {
      emitter.removeListener(name, resolver);
      if (signal != null) removeAnyListener(signal, "abort", abortListener);
      reject(err);
    };
    const resolver = (...args) => {
      if (typeof emitter.removeListener === "function") emitter.removeListener("error", errorListener);
      if (signal != null) removeAnyListener(signal, "abort", abortListener);
      resolve(args);
    };
    addAnyListener(emitter, name, resolver, { __proto__: null, once: true });
    if (name !== "error" && typeof emitter.once === "function") emitter.once("error", errorListener);
    function abortListener() {
      removeAnyListener(emitter, name, resolver);
      removeAnyListener(emitter, "error", errorListener);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    }
    if (signal != null) addAnyListener(signal, "abort", abortListener, { __proto__: null, once: true });
  });
}

const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

function iterResult(value, done) {
  return { value, done };
}

// An async iterator of the `event` events' argument arrays (their first arguments with the
// internal option kFirstEventParam). Events not yet taken are queued: past
// `highWaterMark` of them the emitter is paused, and resumed once fewer than `lowWaterMark` are
// left. An 'error' event (on an EventEmitter) or `signal` aborting rejects the next take, and one
// of the `close` events ends the iteration; both stop listening, as does return().
function on(emitter, event, options = {}) {
  const signal = options.signal;
  validateAbortSignal(signal, "options.signal");
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
  // The lowercase-m spellings are accepted too, as in Node.
  const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
  validateInteger(highWatermark, "options.highWaterMark", 1);
  const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
  validateInteger(lowWatermark, "options.lowWaterMark", 1);

  const unconsumedEvents = [];
  // The { resolve, reject } of each next() waiting for an event.
  const unconsumedPromises = [];
  let paused = false;
  let error = null;
  let finished = false;

  const iterator = Object.setPrototypeOf(
    {
      next() {
        if (unconsumedEvents.length > 0) {
          const value = unconsumedEvents.shift();
          if (paused && unconsumedEvents.length < lowWatermark) {
            emitter.resume();
            paused = false;
          }
          return Promise.resolve(iterResult(value, false));
        }
        // An error is given to one take only; listening stopped with it.
        if (error) {
          const p = Promise.reject(error);
          error = null;
          return p;
        }
        if (finished) return closeHandler();
        return new Promise((resolve, reject) => {
          unconsumedPromises.push({ resolve, reject });
        });
      },

      return() {
        return closeHandler();
      },

      throw(err) {
        if (!err || !(err instanceof Error)) {
          throw new ERR_INVALID_ARG_TYPE("EventEmitter.AsyncIterator", "Error", err);
        }
        errorHandler(err);
      },

      [Symbol.asyncIterator]() {
        return this;
      },

      [kWatermarkData]: {
        get size() {
          return unconsumedEvents.length;
        },
        get low() {
          return lowWatermark;
        },
        get high() {
          return highWatermark;
        },
        get isPaused() {
          return paused;
        },
      },
    },
    AsyncIteratorPrototype,
  );

  // Every listener added, removed (last first) when the iteration ends.
  const added = [];
  const listen = (name, handler) => {
    addAnyListener(emitter, name, handler);
    added.push([name, handler]);
  };
  const firstParam = options[kFirstEventParam] === true;
  listen(event, (...args) => eventHandler(firstParam ? args[0] : args));
  if (event !== "error" && typeof emitter.on === "function") listen("error", errorHandler);
  const closeEvents = options?.close;
  if (closeEvents?.length) {
    for (let i = 0; i < closeEvents.length; i++) listen(closeEvents[i], closeHandler);
  }
  const abortListenerDisposable = signal ? addAbortListener(signal, abortListener) : null;

  return iterator;

  function abortListener() {
    errorHandler(new AbortError(undefined, { cause: signal?.reason }));
  }

  function eventHandler(value) {
    if (unconsumedPromises.length > 0) {
      unconsumedPromises.shift().resolve(iterResult(value, false));
      return;
    }
    unconsumedEvents.push(value);
    if (!paused && unconsumedEvents.length > highWatermark) {
      paused = true;
      emitter.pause();
    }
  }

  function errorHandler(err) {
    if (unconsumedPromises.length > 0) unconsumedPromises.shift().reject(err);
    else error = err;
    closeHandler();
  }

  function closeHandler() {
    abortListenerDisposable?.[Symbol.dispose]();
    while (added.length > 0) removeAnyListener(emitter, ...added.pop());
    finished = true;
    const done = iterResult(undefined, true);
    while (unconsumedPromises.length > 0) unconsumedPromises.shift().resolve(done);
    return Promise.resolve(done);
  }
}
