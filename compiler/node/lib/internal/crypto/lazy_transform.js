// Node's LazyTransform: a Transform whose stream state is built on first use, so that a Hash or
// Hmac used only through update() and digest() never pays for it. The stream's default
// encoding is 'buffer' (strings written reach _transform as they are).
"use strict";

const { Transform } = require("node:stream");

function LazyTransform(options) {
  this._options = options;
}
Object.setPrototypeOf(LazyTransform.prototype, Transform.prototype);
Object.setPrototypeOf(LazyTransform, Transform);

function makeGetter(name) {
  return function get() {
    Transform.call(this, this._options);
    this._writableState.decodeStrings = false;
    if (!this._options || !this._options.defaultEncoding) this._writableState.defaultEncoding = "buffer";
    return this[name];
  };
}

function makeSetter(name) {
  return function set(value) {
    Object.defineProperty(this, name, { value, enumerable: true, configurable: true, writable: true });
  };
}

for (const name of ["_readableState", "_writableState", "_transformState"]) {
  Object.defineProperty(LazyTransform.prototype, name, {
    get: makeGetter(name),
    set: makeSetter(name),
    configurable: true,
    enumerable: true,
  });
}

module.exports = LazyTransform;
