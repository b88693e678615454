// Node's timers: setTimeout / setInterval / setImmediate and their clear* functions, with
// Timeout and Immediate objects (ref, unref, hasRef, refresh, close, and a numeric id through
// Symbol.toPrimitive, accepted by clearTimeout), scheduled on node:internal/loop.
"use strict";

const loop = require("node:internal/loop");
const { validateFunction } = require("node:internal/validators");

// Node's largest delay; longer (and non-positive or non-numeric) delays become 1 ms.
const TIMEOUT_MAX = 2 ** 31 - 1;

function delayOf(after) {
  after *= 1;
  if (!(after >= 1 && after <= TIMEOUT_MAX)) {
    if (after > TIMEOUT_MAX && typeof process !== "undefined" && process.emitWarning) {
      process.emitWarning(
        `${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`,
        "TimeoutOverflowWarning",
      );
    }
    after = 1;
  }
  return after;
}

// Timers whose id was asked for (`+timer`), so that clearTimeout(id) finds them.
const timersById = new Map();
let nextId = 1;

class Timeout {
  constructor(callback, after, args, repeat) {
    this._idleTimeout = delayOf(after);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = repeat ? this._idleTimeout : null;
    this._destroyed = false;
    // Scheduling state, read by node:internal/loop.
    Object.defineProperties(this, {
      // Whole milliseconds, as Node schedules them.
      duration: { value: Math.trunc(this._idleTimeout), writable: true },
      repeat: { value: this._repeat, writable: true },
      refed: { value: true, writable: true },
      active: { value: false, writable: true },
      start: { value: 0, writable: true },
      generation: { value: 0, writable: true },
      cleared: { value: false, writable: true },
      id: { value: nextId++ },
    });
    loop.insertTimer(this);
  }

  fire() {
    if (!this._repeat) this._destroyed = true;
    const args = this._timerArgs;
    if (args === undefined) this._onTimeout();
    else this._onTimeout(...args);
    if (!this.active && !this.repeat) timersById.delete(this.id);
  }

  ref() {
    loop.setTimerRef(this, true);
    return this;
  }

  unref() {
    loop.setTimerRef(this, false);
    return this;
  }

  hasRef() {
    return this.refed;
  }

  // Starts the timer again from now, with the same delay and callback.
  refresh() {
    if (!this.cleared) {
      this._destroyed = false;
      loop.insertTimer(this, loop.now());
    }
    return this;
  }

  close() {
    clearTimeout(this);
    return this;
  }

  [Symbol.toPrimitive]() {
    timersById.set(this.id, this);
    return this.id;
  }
}

class Immediate {
  constructor(callback, args) {
    this._onImmediate = callback;
    this._argv = args;
    this._destroyed = false;
    Object.defineProperties(this, {
      refed: { value: true, writable: true },
      queued: { value: false, writable: true },
    });
    loop.queueImmediate(this);
  }

  fire() {
    this._destroyed = true;
    const args = this._argv;
    if (args === undefined) this._onImmediate();
    else this._onImmediate(...args);
  }

  ref() {
    loop.setImmediateRef(this, true);
    return this;
  }

  unref() {
    loop.setImmediateRef(this, false);
    return this;
  }

  hasRef() {
    return this.refed;
  }
}

function setTimeout(callback, after, ...args) {
  validateFunction(callback, "callback");
  return new Timeout(callback, after, args.length ? args : undefined, false);
}

function setInterval(callback, repeat, ...args) {
  validateFunction(callback, "callback");
  return new Timeout(callback, repeat, args.length ? args : undefined, true);
}

function setImmediate(callback, ...args) {
  validateFunction(callback, "callback");
  return new Immediate(callback, args.length ? args : undefined);
}

function clearTimeout(timer) {
  if (timer instanceof Timeout) {
    timer.cleared = true;
    timer._destroyed = true;
    timer._onTimeout = null;
    loop.removeTimer(timer);
    timersById.delete(timer.id);
  } else if (typeof timer === "number" || typeof timer === "string") {
    const known = timersById.get(Number(timer));
    if (known) clearTimeout(known);
  }
}

function clearImmediate(immediate) {
  if (immediate instanceof Immediate) {
    immediate._destroyed = true;
    loop.removeImmediate(immediate);
  }
}

module.exports = {
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval: clearTimeout,
  setImmediate,
  clearImmediate,
  Timeout,
  Immediate,
};
