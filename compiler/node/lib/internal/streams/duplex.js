// Node's Duplex: a Readable that is also a Writable (both states, one destroy); with
// allowHalfOpen false, the end of the readable side ends the writable side.
"use strict";

const { Stream } = require("node:internal/streams/legacy");
const Readable = require("node:internal/streams/readable");
const Writable = require("node:internal/streams/writable");
const destroyImpl = require("node:internal/streams/destroy");
const { addAbortSignal } = require("node:internal/streams/add-abort-signal");
const { kOnConstructed } = require("node:internal/streams/utils");

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  this._events ??= {
    close: undefined,
    error: undefined,
    prefinish: undefined,
    finish: undefined,
    drain: undefined,
    data: undefined,
    end: undefined,
    readable: undefined,
  };
  this._readableState = new Readable.ReadableState(options, this, true);
  this._writableState = new Writable.WritableState(options, this, true);

  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
    if (typeof options.read === "function") this._read = options.read;
    if (typeof options.write === "function") this._write = options.write;
    if (typeof options.writev === "function") this._writev = options.writev;
    if (typeof options.destroy === "function") this._destroy = options.destroy;
    if (typeof options.final === "function") this._final = options.final;
    if (typeof options.construct === "function") this._construct = options.construct;
    if (options.signal) addAbortSignal(options.signal, this);
  } else {
    this.allowHalfOpen = true;
  }

  Stream.call(this, options);

  if (this._construct != null) {
    destroyImpl.construct(this, () => {
      this._readableState[kOnConstructed](this);
      this._writableState[kOnConstructed](this);
    });
  }
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);

// Writable's methods that Readable does not have (Readable's pipe and destroy stay).
for (const method of Object.keys(Writable.prototype)) {
  if (!Duplex.prototype[method]) Duplex.prototype[method] = Writable.prototype[method];
}

function writableProperty(name) {
  return { ...Object.getOwnPropertyDescriptor(Writable.prototype, name) };
}

Object.defineProperties(Duplex.prototype, {
  writable: writableProperty("writable"),
  writableHighWaterMark: writableProperty("writableHighWaterMark"),
  writableObjectMode: writableProperty("writableObjectMode"),
  writableBuffer: writableProperty("writableBuffer"),
  writableLength: writableProperty("writableLength"),
  writableFinished: writableProperty("writableFinished"),
  writableCorked: writableProperty("writableCorked"),
  writableEnded: writableProperty("writableEnded"),
  writableNeedDrain: writableProperty("writableNeedDrain"),
  destroyed: {
    get() {
      if (this._readableState === undefined || this._writableState === undefined) return false;
      return this._readableState.destroyed && this._writableState.destroyed;
    },
    set(value) {
      if (this._readableState && this._writableState) {
        this._readableState.destroyed = value;
        this._writableState.destroyed = value;
      }
    },
  },
});

module.exports = Duplex;
