// ReadableStream: its constructor (a default or a byte stream), locking, cancel, tee, pipeTo and
// pipeThrough, async iteration (values) and ReadableStream.from, as Node 20 has them. The
// controllers, readers, tee and pipe algorithms are modules of their own.
"use strict";

const {
  codes: { ERR_ARG_NOT_ITERABLE, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const {
  deferred,
  extractHighWaterMark,
  extractSizeAlgorithm,
  inspectStream,
  kState,
  kType,
  nonOpStart,
  setPromiseHandled,
  webMembers,
} = require("node:internal/webstreams/util");
const {
  createReadableStreamState,
  isReadableByteStreamController,
  isReadableStream,
  isReadableStreamLocked,
  kChunk,
  kClose,
  kError,
  readableStreamCancel,
  readableStreamDefaultReaderRead,
  readableStreamReaderGenericCancel,
  readableStreamReaderGenericRelease,
} = require("node:internal/webstreams/readable_ops");
const {
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  setupReadableStreamDefaultController,
  setupReadableStreamDefaultControllerFromSource,
} = require("node:internal/webstreams/default_controller");
const {
  setupReadableByteStreamController,
  setupReadableByteStreamControllerFromSource,
} = require("node:internal/webstreams/byte_controller");
const { ReadableStreamBYOBReader, ReadableStreamDefaultReader } = require("node:internal/webstreams/readers");
const { isWritableStream, isWritableStreamLocked } = require("node:internal/webstreams/writablestream");
const { readableStreamPipeTo, validateAbortSignal } = require("node:internal/webstreams/pipe");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const objectOrNull = { allowArray: true, allowFunction: true, nullable: true };

class ReadableStream {
  constructor(source = {}, strategy = {}) {
    validateObject(source, "source", { allowArray: true, allowFunction: true });
    validateObject(strategy, "strategy", objectOrNull);
    this[kType] = "ReadableStream";
    this[kState] = createReadableStreamState();
    // The strategy first: its errors come before the source's.
    const size = strategy?.size;
    const highWaterMark = strategy?.highWaterMark;
    const type = source.type;
    if (`${type}` === "bytes") {
      if (size !== undefined) throw new ERR_INVALID_ARG_VALUE.RangeError("strategy.size", size);
      setupReadableByteStreamControllerFromSource(this, source, extractHighWaterMark(highWaterMark, 0));
    } else {
      if (type !== undefined) throw new ERR_INVALID_ARG_VALUE("source.type", type);
      setupReadableStreamDefaultControllerFromSource(
        this,
        source,
        extractHighWaterMark(highWaterMark, 1),
        extractSizeAlgorithm(size),
      );
    }
  }

  get locked() {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
    return isReadableStreamLocked(this);
  }

  static from(iterable) {
    return readableStreamFromIterable(iterable);
  }

  cancel(reason = undefined) {
    if (!isReadableStream(this)) return Promise.reject(new ERR_INVALID_THIS("ReadableStream"));
    if (isReadableStreamLocked(this)) return Promise.reject(new ERR_INVALID_STATE.TypeError("ReadableStream is locked"));
    return readableStreamCancel(this, reason);
  }

  getReader(options = {}) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
    validateObject(options, "options", objectOrNull);
    const mode = options?.mode;
    if (mode === undefined) return new ReadableStreamDefaultReader(this);
    if (`${mode}` !== "byob") throw new ERR_INVALID_ARG_VALUE("options.mode", mode);
    return new ReadableStreamBYOBReader(this);
  }

  pipeThrough(transform, options = {}) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
    const readable = transform?.readable;
    if (!isReadableStream(readable)) throw new ERR_INVALID_ARG_TYPE("transform.readable", "ReadableStream", readable);
    const writable = transform?.writable;
    if (!isWritableStream(writable)) throw new ERR_INVALID_ARG_TYPE("transform.writable", "WritableStream", writable);
    const { preventClose, preventAbort, preventCancel, signal } = pipeOptions(options);
    if (isReadableStreamLocked(this)) throw new ERR_INVALID_STATE.TypeError("The ReadableStream is locked");
    if (isWritableStreamLocked(writable)) throw new ERR_INVALID_STATE.TypeError("The WritableStream is locked");
    setPromiseHandled(readableStreamPipeTo(this, writable, preventClose, preventAbort, preventCancel, signal));
    return readable;
  }

  pipeTo(destination, options = {}) {
    try {
      if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
      if (!isWritableStream(destination)) {
        throw new ERR_INVALID_ARG_TYPE("transform.writable", "WritableStream", destination);
      }
      const { preventClose, preventAbort, preventCancel, signal } = pipeOptions(options);
      if (isReadableStreamLocked(this)) throw new ERR_INVALID_STATE.TypeError("The ReadableStream is locked");
      if (isWritableStreamLocked(destination)) throw new ERR_INVALID_STATE.TypeError("The WritableStream is locked");
      return readableStreamPipeTo(this, destination, preventClose, preventAbort, preventCancel, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  tee() {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
    // Required here: tee's module makes ReadableStreams with this one's functions.
    return require("node:internal/webstreams/tee").readableStreamTee(this);
  }

  values(options = {}) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS("ReadableStream");
    validateObject(options, "options", objectOrNull);
    return readableStreamAsyncIterator(this, Boolean(options?.preventCancel));
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableStream", {
      locked: this.locked,
      state: this[kState].state,
      supportsBYOB: isReadableByteStreamController(this[kState].controller),
    });
  }
}

webMembers(ReadableStream, ["locked", "cancel", "getReader", "pipeThrough", "pipeTo", "tee", "values"]);
Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  configurable: true,
  writable: true,
  value: ReadableStream.prototype.values,
});
Object.defineProperty(ReadableStream, "from", { enumerable: true });

// The options of pipeTo and pipeThrough, read and checked in the spec's order.
function pipeOptions(options) {
  validateObject(options, "options", objectOrNull);
  const preventAbort = options?.preventAbort;
  const preventCancel = options?.preventCancel;
  const preventClose = options?.preventClose;
  const signal = options?.signal;
  if (signal !== undefined) validateAbortSignal(signal, "options.signal");
  return { preventClose: !!preventClose, preventAbort: !!preventAbort, preventCancel: !!preventCancel, signal };
}

// A ReadableStream made by the Node layer over these algorithms (tee's branches, from's, a
// TransformStream's readable side).
function createReadableStream(start, pull, cancel, highWaterMark = 1, size = () => 1) {
  const stream = Object.create(ReadableStream.prototype);
  stream[kType] = "ReadableStream";
  stream[kState] = createReadableStreamState();
  setupReadableStreamDefaultController(stream, start, pull, cancel, highWaterMark, size);
  return stream;
}

function createReadableByteStream(start, pull, cancel) {
  const stream = Object.create(ReadableStream.prototype);
  stream[kType] = "ReadableStream";
  stream[kState] = createReadableStreamState();
  setupReadableByteStreamController(stream, start, pull, cancel, 0, undefined);
  return stream;
}

// ---- Async iteration.

const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
const ReadableStreamAsyncIteratorPrototype = { __proto__: AsyncIteratorPrototype, next: undefined, return: undefined };

const notBound = () => new ERR_INVALID_STATE.TypeError("The reader is not bound to a ReadableStream");

// As Node: each next() waits for the one before (and the first for a resolved promise, so that
// the stream has started).
function readableStreamAsyncIterator(stream, preventCancel) {
  const reader = new ReadableStreamDefaultReader(stream);
  const state = { done: false, current: undefined };
  let started = false;

  function nextSteps() {
    if (state.done) return Promise.resolve({ done: true, value: undefined });
    if (reader[kState].stream === undefined) return Promise.reject(notBound());
    const { promise, resolve, reject } = deferred();
    readableStreamDefaultReaderRead(reader, {
      [kChunk](chunk) {
        state.current = undefined;
        resolve({ value: chunk, done: false });
      },
      [kClose]() {
        state.current = undefined;
        state.done = true;
        readableStreamReaderGenericRelease(reader);
        resolve({ done: true, value: undefined });
      },
      [kError](error) {
        state.current = undefined;
        state.done = true;
        readableStreamReaderGenericRelease(reader);
        reject(error);
      },
    });
    return promise;
  }

  async function returnSteps(value) {
    if (state.done) return { done: true, value };
    state.done = true;
    if (reader[kState].stream === undefined) throw notBound();
    if (!preventCancel) {
      const result = readableStreamReaderGenericCancel(reader, value);
      readableStreamReaderGenericRelease(reader);
      await result;
      return { done: true, value };
    }
    readableStreamReaderGenericRelease(reader);
    return { done: true, value };
  }

  return Object.setPrototypeOf(
    {
      next() {
        if (!started) {
          state.current = Promise.resolve();
          started = true;
        }
        state.current = state.current !== undefined ? state.current.then(nextSteps, nextSteps) : nextSteps();
        return state.current;
      },

      return(error) {
        started = true;
        state.current =
          state.current !== undefined
            ? state.current.then(
                () => returnSteps(error),
                () => returnSteps(error),
              )
            : returnSteps(error);
        return state.current;
      },

      [Symbol.asyncIterator]() {
        return this;
      },
    },
    ReadableStreamAsyncIteratorPrototype,
  );
}

// ---- ReadableStream.from.

let formatModule;
function notIterable(value) {
  formatModule ??= require("node:internal/inspect");
  return new ERR_ARG_NOT_ITERABLE(formatModule.format("%s", value));
}

// The async iterator of `value` ({ iterator, nextMethod }): its Symbol.asyncIterator's, else
// its sync iterator's made async.
function getAsyncIterator(value) {
  let method = value[Symbol.asyncIterator];
  if (method == null) {
    const syncMethod = value[Symbol.iterator];
    if (syncMethod === undefined) throw notIterable(value);
    const syncIterator = iteratorOf(value, syncMethod);
    const iterator = (async function* () {
      return yield* { [Symbol.iterator]: () => syncIterator };
    })();
    return { iterator, nextMethod: iterator.next };
  }
  const iterator = iteratorOf(value, method);
  return { iterator, nextMethod: iterator.next };
}

function iteratorOf(value, method) {
  if (method === undefined) throw notIterable(value);
  const iterator = Reflect.apply(method, value, []);
  if (typeof iterator !== "object" || iterator === null) {
    throw new ERR_INVALID_STATE.TypeError("The iterator method must return an object");
  }
  return iterator;
}

function readableStreamFromIterable(iterable) {
  let stream;
  const { iterator, nextMethod } = getAsyncIterator(iterable);

  async function pullAlgorithm() {
    const nextResult = Reflect.apply(nextMethod, iterator, []);
    if (typeof nextResult !== "object" || nextResult === null) {
      throw new ERR_INVALID_STATE.TypeError("The iterator.next() method must return an object");
    }
    return Promise.resolve(nextResult).then((iterResult) => {
      if (typeof iterResult !== "object" || iterResult === null) {
        throw new ERR_INVALID_STATE.TypeError(
          "The promise returned by the iterator.next() method must fulfill with an object",
        );
      }
      const { controller } = stream[kState];
      if (iterResult.done) readableStreamDefaultControllerClose(controller);
      else readableStreamDefaultControllerEnqueue(controller, iterResult.value);
    });
  }

  async function cancelAlgorithm(reason) {
    const returnMethod = iterator.return;
    if (returnMethod === undefined) return Promise.resolve();
    const returnResult = Reflect.apply(returnMethod, iterator, [reason]);
    return Promise.resolve(returnResult).then((iterResult) => {
      if (typeof iterResult !== "object" || iterResult === null) {
        throw new ERR_INVALID_STATE.TypeError(
          "The promise returned by the iterator.return() method must fulfill with an object",
        );
      }
      return undefined;
    });
  }

  stream = createReadableStream(nonOpStart, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

module.exports = {
  ReadableStream,
  createReadableByteStream,
  createReadableStream,
};
