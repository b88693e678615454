// ReadableStreamDefaultReader and ReadableStreamBYOBReader: the lock on a ReadableStream, its
// `closed` promise and the reads, as Node 20 has them (its messages and error codes).
"use strict";

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS, ERR_OUT_OF_RANGE },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const { inspectStream, kState, kType, webMembers } = require("node:internal/webstreams/util");
const {
  promiseReadRequest,
  isReadableByteStreamController,
  isReadableStream,
  isReadableStreamBYOBReader,
  isReadableStreamDefaultReader,
  kError,
  readableStreamDefaultReaderRead,
  readableStreamReaderGenericCancel,
  readableStreamReaderRelease,
  setupReadableStreamReader,
} = require("node:internal/webstreams/readable_ops");
const { readableByteStreamControllerPullInto } = require("node:internal/webstreams/byte_controller");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

const notAttached = () => new ERR_INVALID_STATE.TypeError("The reader is not attached to a stream");

function emptyReaderState() {
  return { stream: undefined, close: { promise: undefined, resolve: undefined, reject: undefined } };
}

class ReadableStreamDefaultReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw new ERR_INVALID_ARG_TYPE("stream", "ReadableStream", stream);
    this[kType] = "ReadableStreamDefaultReader";
    this[kState] = { readRequests: [], ...emptyReaderState() };
    setupReadableStreamReader(this, stream, "readRequests");
  }

  read() {
    if (!isReadableStreamDefaultReader(this)) {
      return Promise.reject(new ERR_INVALID_THIS("ReadableStreamDefaultReader"));
    }
    if (this[kState].stream === undefined) return Promise.reject(notAttached());
    const readRequest = promiseReadRequest();
    readableStreamDefaultReaderRead(this, readRequest);
    return readRequest.promise;
  }

  releaseLock() {
    if (!isReadableStreamDefaultReader(this)) throw new ERR_INVALID_THIS("ReadableStreamDefaultReader");
    if (this[kState].stream === undefined) return;
    readableStreamReaderRelease(this, "readRequests");
  }

  get closed() {
    if (!isReadableStreamDefaultReader(this)) {
      return Promise.reject(new ERR_INVALID_THIS("ReadableStreamDefaultReader"));
    }
    return this[kState].close.promise;
  }

  cancel(reason = undefined) {
    if (!isReadableStreamDefaultReader(this)) {
      return Promise.reject(new ERR_INVALID_THIS("ReadableStreamDefaultReader"));
    }
    if (this[kState].stream === undefined) return Promise.reject(notAttached());
    return readableStreamReaderGenericCancel(this, reason);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableStreamDefaultReader", {
      stream: this[kState].stream,
      readRequests: this[kState].readRequests.length,
      close: this[kState].close.promise,
    });
  }
}

webMembers(ReadableStreamDefaultReader, ["closed", "read", "releaseLock", "cancel"]);

class ReadableStreamBYOBReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw new ERR_INVALID_ARG_TYPE("stream", "ReadableStream", stream);
    this[kType] = "ReadableStreamBYOBReader";
    this[kState] = { ...emptyReaderState(), readIntoRequests: [] };
    setupReadableStreamBYOBReader(this, stream);
  }

  async read(view, options = {}) {
    if (!isReadableStreamBYOBReader(this)) throw new ERR_INVALID_THIS("ReadableStreamBYOBReader");
    if (!ArrayBuffer.isView(view)) {
      throw new ERR_INVALID_ARG_TYPE("view", ["Buffer", "TypedArray", "DataView"], view);
    }
    validateObject(options, "options", { allowArray: true, allowFunction: true, nullable: true });
    if (view.byteLength === 0 || view.buffer.byteLength === 0) {
      throw new ERR_INVALID_STATE.TypeError("View or Viewed ArrayBuffer is zero-length or detached");
    }
    const min = options?.min ?? 1;
    if (typeof min !== "number") throw new ERR_INVALID_ARG_TYPE("options.min", "number", min);
    if (!Number.isInteger(min)) throw new ERR_INVALID_ARG_VALUE("options.min", min, "must be an integer");
    if (min <= 0) throw new ERR_INVALID_ARG_VALUE("options.min", min, "must be greater than 0");
    if (!(view instanceof DataView)) {
      if (min > view.length) throw new ERR_OUT_OF_RANGE("options.min", "<= view.length", min);
    } else if (min > view.byteLength) {
      throw new ERR_OUT_OF_RANGE("options.min", "<= view.byteLength", min);
    }
    if (this[kState].stream === undefined) throw notAttached();
    const readIntoRequest = promiseReadRequest();
    readableStreamBYOBReaderRead(this, view, min, readIntoRequest);
    return readIntoRequest.promise;
  }

  releaseLock() {
    if (!isReadableStreamBYOBReader(this)) throw new ERR_INVALID_THIS("ReadableStreamBYOBReader");
    if (this[kState].stream === undefined) return;
    readableStreamReaderRelease(this, "readIntoRequests");
  }

  get closed() {
    if (!isReadableStreamBYOBReader(this)) return Promise.reject(new ERR_INVALID_THIS("ReadableStreamBYOBReader"));
    return this[kState].close.promise;
  }

  cancel(reason = undefined) {
    if (!isReadableStreamBYOBReader(this)) return Promise.reject(new ERR_INVALID_THIS("ReadableStreamBYOBReader"));
    if (this[kState].stream === undefined) return Promise.reject(notAttached());
    return readableStreamReaderGenericCancel(this, reason);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableStreamBYOBReader", {
      stream: this[kState].stream,
      readIntoRequests: this[kState].readIntoRequests.length,
      close: this[kState].close.promise,
    });
  }
}

webMembers(ReadableStreamBYOBReader, ["closed", "read", "releaseLock", "cancel"]);

function setupReadableStreamBYOBReader(reader, stream) {
  if (stream[kState].reader !== undefined) throw new ERR_INVALID_STATE.TypeError("ReadableStream is locked");
  if (!isReadableByteStreamController(stream[kState].controller)) {
    throw new ERR_INVALID_ARG_VALUE("stream", stream, "must be a byte stream");
  }
  setupReadableStreamReader(reader, stream, "readIntoRequests");
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const { stream } = reader[kState];
  stream[kState].disturbed = true;
  if (stream[kState].state === "errored") {
    readIntoRequest[kError](stream[kState].storedError);
    return;
  }
  readableByteStreamControllerPullInto(stream[kState].controller, view, min, readIntoRequest);
}

module.exports = {
  ReadableStreamBYOBReader,
  ReadableStreamDefaultReader,
  readableStreamBYOBReaderRead,
};
