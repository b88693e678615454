// The web's Event, CustomEvent and EventTarget as Node 20 has them. An EventTarget keeps, per
// event type, a linked list of listeners: a listener added while an event is dispatched runs in
// that dispatch when the list reaches it, one removed before it is reached does not run. A
// listener that throws (or returns a promise that rejects) does not stop the others: its error
// is thrown again from the nextTick queue, where it is an uncaught exception.
"use strict";

const native = require("node:internal/native");
const {
  withCode,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const EventEmitter = require("node:events");

const { kMaxEventTargetListeners, kMaxEventTargetListenersWarned } = EventEmitter;

const customInspect = Symbol.for("nodejs.util.inspect.custom");
// What node:events tells EventTargets by: the constructor carries this symbol.
const kIsEventTarget = Symbol.for("nodejs.event_target");
// Options only the Node layer passes: an 'abort' listener that stopImmediatePropagation does
// not stop; an event that is trusted (isTrusted).
const kResistStopPropagation = Symbol("kResistStopPropagation");
const kTrustEvent = Symbol("kTrustEvent");
// Called on a target after a listener was added: (size of the type's list, type).
const kNewListener = Symbol("kNewListener");

let inspectModule;
function inspect(value, options) {
  if (inspectModule === undefined) inspectModule = require("node:internal/inspect");
  return inspectModule.inspect(value, options);
}

// `Name {…}` of an object's shown fields, one level deeper, as Node prints its web classes;
// past the depth, `short` (the name, or the object itself to be shown as `[Name]`).
function inspectAs(self, fields, depth, options, short = self.constructor.name) {
  const name = self.constructor.name;
  if (depth < 0) return short;
  const opts = { ...options, depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth };
  return `${name} ${inspect(fields, opts)}`;
}

// Node's WebIDL conversion of a type to a string (a symbol throws).
function toDOMString(value) {
  return `${value}`;
}

function uncaughtLater(error) {
  process.nextTick(() => {
    throw error;
  });
}

// ---- Event ---------------------------------------------------------------------------------

// Internal access to an event's state (set in Event's static block).
let isEvent;
let eventState;

class Event {
  #type;
  #bubbles;
  #cancelable;
  #composed;
  #timeStamp;
  #trusted;
  #defaultPrevented = false;
  #propagationStopped = false;
  // The target of its last dispatch; whether it counts as being dispatched; whether
  // stopImmediatePropagation was called.
  #state = { target: null, dispatching: false, stopped: false };

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("type");
    if (options !== undefined && options !== null) {
      validateObject(options, "options", { allowArray: true, allowFunction: true });
    }
    this.#bubbles = Boolean(options?.bubbles);
    this.#cancelable = Boolean(options?.cancelable);
    this.#composed = Boolean(options?.composed);
    this.#trusted = Boolean(options?.[kTrustEvent]);
    this.#type = toDOMString(type);
    this.#timeStamp = native.now();
  }

  static {
    isEvent = (value) => value !== null && typeof value === "object" && #type in value;
    eventState = (event) => event.#state;
  }

  [customInspect](depth, options) {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    const fields = {
      type: this.#type,
      defaultPrevented: this.#defaultPrevented,
      cancelable: this.#cancelable,
      timeStamp: this.#timeStamp,
    };
    return inspectAs(this, fields, depth, options);
  }

  // The legacy way to set what the constructor sets; ignored while the event is dispatched.
  initEvent(type, bubbles = false, cancelable = false) {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("type");
    if (this.#state.dispatching) return;
    this.#type = toDOMString(type);
    this.#bubbles = Boolean(bubbles);
    this.#cancelable = Boolean(cancelable);
  }

  stopImmediatePropagation() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    this.#propagationStopped = true;
    this.#state.stopped = true;
  }

  preventDefault() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    if (this.#cancelable) this.#defaultPrevented = true;
  }

  get target() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#state.target;
  }

  get currentTarget() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#state.dispatching ? this.#state.target : null;
  }

  get srcElement() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#state.target;
  }

  get type() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#type;
  }

  get cancelable() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#cancelable;
  }

  get defaultPrevented() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#cancelable && this.#defaultPrevented;
  }

  get timeStamp() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#timeStamp;
  }

  composedPath() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#state.dispatching ? [this.#state.target] : [];
  }

  get returnValue() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return !(this.#cancelable && this.#defaultPrevented);
  }

  get bubbles() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#bubbles;
  }

  get composed() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#composed;
  }

  get eventPhase() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#state.dispatching ? Event.AT_TARGET : Event.NONE;
  }

  get cancelBubble() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#propagationStopped;
  }

  set cancelBubble(value) {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    if (value) this.#propagationStopped = true;
  }

  stopPropagation() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    this.#propagationStopped = true;
  }

  get isTrusted() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS("Event");
    return this.#trusted;
  }
}

const PHASES = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
for (const [name, value] of Object.entries(PHASES)) {
  Object.defineProperty(Event, name, { value, enumerable: true });
}

let isCustomEvent;

class CustomEvent extends Event {
  #detail;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("type");
    super(type, options);
    this.#detail = options?.detail ?? null;
  }

  static {
    isCustomEvent = (value) => value !== null && typeof value === "object" && #detail in value;
  }

  get detail() {
    if (!isCustomEvent(this)) throw new ERR_INVALID_THIS("CustomEvent");
    return this.#detail;
  }
}

// ---- EventTarget ---------------------------------------------------------------------------

function listenerArgument(listener) {
  if (typeof listener === "function" || (listener !== null && typeof listener === "object")) return true;
  if (listener == null) return false;
  throw new ERR_INVALID_ARG_TYPE("listener", "EventListener", listener);
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
  }
}

function listenerOptions(options) {
  if (typeof options === "boolean") return { capture: options };
  if (options === null) return {};
  validateObject(options, "options", { allowArray: true, allowFunction: true });
  validateAbortSignal(options.signal, "options.signal");
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    signal: options.signal,
    resistStopPropagation: Boolean(options[kResistStopPropagation]),
  };
}

let isEventTarget;
let listsOf;

class EventTarget {
  // Event type → the head of its listener list ({ next, size }).
  #lists = new Map();

  constructor() {
    this[kMaxEventTargetListeners] = EventEmitter.defaultMaxListeners;
    this[kMaxEventTargetListenersWarned] = false;
  }

  static {
    isEventTarget = (value) => value !== null && typeof value === "object" && #lists in value;
    listsOf = (target) => target.#lists;
  }

  addEventListener(type, listener, options = {}) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS("EventTarget");
    if (arguments.length < 2) throw new ERR_MISSING_ARGS("type", "listener");
    const { once, capture, signal, resistStopPropagation } = listenerOptions(options);
    if (!listenerArgument(listener)) {
      const warning = new Error(`addEventListener called with ${listener} which has no effect.`);
      warning.name = "AddEventListenerArgumentTypeWarning";
      warning.target = this;
      warning.type = type;
      process.emitWarning(warning);
      return;
    }
    type = toDOMString(type);
    if (signal) {
      if (signal.aborted) return;
      signal.addEventListener("abort", () => this.removeEventListener(type, listener, options), {
        once: true,
        [kResistStopPropagation]: true,
      });
    }
    let head = this.#lists.get(type);
    if (head === undefined) {
      head = { next: null, size: 0 };
      this.#lists.set(type, head);
    }
    let last = head;
    for (let entry = head.next; entry !== null; entry = entry.next) {
      if (entry.listener === listener && entry.capture === capture) return;
      last = entry;
    }
    const entry = { listener, capture, once, resistStopPropagation, removed: false, previous: last, next: null };
    last.next = entry;
    head.size++;
    this.#warnIfLeaking(head.size, type);
    this[kNewListener]?.(head.size, type);
  }

  #warnIfLeaking(size, type) {
    const max = this[kMaxEventTargetListeners];
    if (max > 0 && size > max && !this[kMaxEventTargetListenersWarned]) {
      this[kMaxEventTargetListenersWarned] = true;
      const warning = new Error(
        `Possible EventTarget memory leak detected. ${size} ${type} listeners added to ` +
          `${inspect(this, { depth: -1 })}. MaxListeners is ${max}. Use events.setMaxListeners() to increase limit`,
      );
      warning.name = "MaxListenersExceededWarning";
      warning.target = this;
      warning.type = type;
      warning.count = size;
      process.emitWarning(warning);
    }
  }

  removeEventListener(type, listener, options = {}) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS("EventTarget");
    if (arguments.length < 2) throw new ERR_MISSING_ARGS("type", "listener");
    if (!listenerArgument(listener)) return;
    type = toDOMString(type);
    // As in Node, only an options object sets capture here (`true` does not).
    const capture = options?.capture === true;
    const head = this.#lists.get(type);
    if (head === undefined) return;
    for (let entry = head.next; entry !== null; entry = entry.next) {
      if (entry.listener === listener && entry.capture === capture) {
        unlink(head, entry);
        if (head.size === 0) this.#lists.delete(type);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS("EventTarget");
    if (arguments.length < 1) throw new ERR_MISSING_ARGS("event");
    if (!(event instanceof Event)) throw new ERR_INVALID_ARG_TYPE("event", "Event", event);
    const state = eventState(event);
    if (state.dispatching) throw withCode(Error, "ERR_EVENT_RECURSION", `The event "${event.type}" is already being dispatched`);
    state.target = this;
    state.dispatching = true;
    const head = this.#lists.get(event.type);
    let entry = head === undefined ? null : head.next;
    while (entry !== null && (!state.stopped || entry.resistStopPropagation)) {
      // The next one as it is now: one added by this listener after the last runs too.
      const next = entry.next;
      if (!entry.removed) {
        if (entry.once) {
          unlink(head, entry);
          if (head.size === 0 && this.#lists.get(event.type) === head) this.#lists.delete(event.type);
        }
        this.#call(entry.listener, event);
        // Node 20 counts an event as being dispatched only until its first listener returns
        // (later ones see eventPhase 0, no currentTarget, and may dispatch it again).
        state.dispatching = false;
      }
      entry = next;
    }
    state.dispatching = false;
    return event.defaultPrevented !== true;
  }

  #call(listener, event) {
    try {
      const result = typeof listener === "function" ? listener.call(this, event) : callHandleEvent(listener, event);
      if (result !== undefined && result !== null) catchRejection(result);
    } catch (error) {
      uncaughtLater(error);
    }
  }

  [customInspect](depth, options) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS("EventTarget");
    return inspectAs(this, {}, depth, options);
  }
}

Object.defineProperty(EventTarget, kIsEventTarget, { value: true });

// An object listener's handleEvent, looked up when the event comes; as in Node, what it throws
// rejects the promise this returns.
async function callHandleEvent(listener, event) {
  if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, [event]);
}

function unlink(head, entry) {
  entry.removed = true;
  entry.previous.next = entry.next;
  if (entry.next !== null) entry.next.previous = entry.previous;
  head.size--;
}

// A listener's returned thenable that rejects: its reason is an uncaught exception.
function catchRejection(result) {
  const then = result.then;
  if (typeof then === "function") then.call(result, undefined, uncaughtLater);
}

// The listeners of `type` on `target`, as added (functions or handleEvent objects).
function listenersOf(target, type) {
  const listeners = [];
  const head = listsOf(target).get(toDOMString(type));
  for (let entry = head?.next ?? null; entry !== null; entry = entry.next) listeners.push(entry.listener);
  return listeners;
}

// `on<type>` on a prototype: an attribute whose function is called as a listener added when it
// was first set (setting another keeps that place; null or a non-function makes it do nothing).
function defineEventHandler(prototype, type) {
  const handlers = new WeakMap();
  const name = `on${type}`;
  const accessors = {
    get [name]() {
      return handlers.get(this)?.handler ?? null;
    },
    set [name](value) {
      let wrapped = handlers.get(this);
      if (wrapped === undefined) {
        wrapped = function eventHandler(...args) {
          if (typeof wrapped.handler !== "function") return undefined;
          return Reflect.apply(wrapped.handler, this, args);
        };
        handlers.set(this, wrapped);
        this.addEventListener(type, wrapped);
      }
      wrapped.handler = value;
    },
  };
  Object.defineProperty(prototype, name, Object.getOwnPropertyDescriptor(accessors, name));
}

// Node's web classes show their accessors and methods as enumerable.
function enumerableMembers(Class) {
  for (const key of Object.getOwnPropertyNames(Class.prototype)) {
    if (key !== "constructor") Object.defineProperty(Class.prototype, key, { enumerable: true });
  }
  Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: Class.name, configurable: true });
}
enumerableMembers(Event);
enumerableMembers(CustomEvent);
enumerableMembers(EventTarget);

module.exports = {
  CustomEvent,
  Event,
  EventTarget,
  defineEventHandler,
  enumerableMembers,
  inspectAs,
  isEvent,
  isEventTarget,
  kNewListener,
  kResistStopPropagation,
  kTrustEvent,
  listenersOf,
};
