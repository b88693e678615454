// Node's `stream`: the legacy Stream (the module itself), Readable, Writable, Duplex, Transform,
// PassThrough, pipeline, finished, addAbortSignal, destroy, the is* predicates, the default
// highWaterMark and the promise forms (`stream.promises`).
"use strict";

const { Buffer } = require("node:buffer");
const { pipeline } = require("node:internal/streams/pipeline");
const eos = require("node:internal/streams/end-of-stream");
const { destroyer } = require("node:internal/streams/destroy");
const { addAbortSignal } = require("node:internal/streams/add-abort-signal");
const { getDefaultHighWaterMark, setDefaultHighWaterMark } = require("node:internal/streams/state");
const utils = require("node:internal/streams/utils");
const promises = require("node:stream/promises");

const Stream = require("node:internal/streams/legacy").Stream;
module.exports = Stream;

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;
Stream.Readable = require("node:internal/streams/readable");
Stream.Writable = require("node:internal/streams/writable");
Stream.Duplex = require("node:internal/streams/duplex");
Stream.Transform = require("node:internal/streams/transform");
Stream.PassThrough = require("node:internal/streams/passthrough");
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyer;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;

Object.defineProperty(Stream, "promises", {
  configurable: true,
  enumerable: true,
  get() {
    return promises;
  },
});

// util.promisify(pipeline) and util.promisify(finished) are the promise forms.
const customPromisify = Symbol.for("nodejs.util.promisify.custom");
Object.defineProperty(pipeline, customPromisify, {
  enumerable: true,
  get() {
    return promises.pipeline;
  },
});
Object.defineProperty(eos, customPromisify, {
  enumerable: true,
  get() {
    return promises.finished;
  },
});

Stream.Stream = Stream;

Stream._isArrayBufferView = ArrayBuffer.isView;
Stream._isUint8Array = (value) => value instanceof Uint8Array;
Stream._uint8ArrayToBuffer = function _uint8ArrayToBuffer(chunk) {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
};
