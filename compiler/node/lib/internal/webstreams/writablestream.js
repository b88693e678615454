// WritableStream, WritableStreamDefaultWriter and WritableStreamDefaultController: the queue of
// writes (with the strategy's sizes and the backpressure it makes), closing, aborting (the
// controller's `signal`) and erroring, as the spec and Node 20 have them.
"use strict";

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const { AbortController } = require("node:internal/abort_controller");
const {
  deferred,
  dequeueValue,
  enqueueValueWithSize,
  extractHighWaterMark,
  extractSizeAlgorithm,
  inspectStream,
  isBrandCheck,
  isPromisePending,
  kState,
  kType,
  nonOpCancel,
  nonOpStart,
  nonOpWrite,
  peekQueueValue,
  promiseCallback,
  resetQueue,
  setPromiseHandled,
  settled,
  webMembers,
} = require("node:internal/webstreams/util");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kAbort = Symbol("kAbort");
const kErrorSteps = Symbol("kErrorSteps");
const kCloseSentinel = Symbol("kCloseSentinel");
const kMake = Symbol("kMake");

const isWritableStream = isBrandCheck("WritableStream");
const isWritableStreamDefaultWriter = isBrandCheck("WritableStreamDefaultWriter");
const isWritableStreamDefaultController = isBrandCheck("WritableStreamDefaultController");

// Node shares one error between all writers.
let releasedError;
const writerReleasedError = () => (releasedError ??= new ERR_INVALID_STATE.TypeError("Writer has been released"));

const noRequest = () => settled(undefined);
const noAbortRequest = () => ({ abort: noRequest(), reason: undefined, wasAlreadyErroring: false });

class WritableStream {
  constructor(sink = {}, strategy = {}) {
    validateObject(sink, "sink", { allowArray: true, allowFunction: true });
    validateObject(strategy, "strategy", { allowArray: true, allowFunction: true, nullable: true });
    const type = sink?.type;
    if (type !== undefined) throw new ERR_INVALID_ARG_VALUE.RangeError("type", type);
    initializeWritableStream(this);
    const size = extractSizeAlgorithm(strategy?.size);
    const highWaterMark = extractHighWaterMark(strategy?.highWaterMark, 1);
    setupWritableStreamDefaultControllerFromSink(this, sink, highWaterMark, size);
  }

  get locked() {
    if (!isWritableStream(this)) throw new ERR_INVALID_THIS("WritableStream");
    return isWritableStreamLocked(this);
  }

  abort(reason = undefined) {
    if (!isWritableStream(this)) return Promise.reject(new ERR_INVALID_THIS("WritableStream"));
    if (isWritableStreamLocked(this)) return Promise.reject(new ERR_INVALID_STATE.TypeError("WritableStream is locked"));
    return writableStreamAbort(this, reason);
  }

  close() {
    if (!isWritableStream(this)) return Promise.reject(new ERR_INVALID_THIS("WritableStream"));
    if (isWritableStreamLocked(this)) return Promise.reject(new ERR_INVALID_STATE.TypeError("WritableStream is locked"));
    if (writableStreamCloseQueuedOrInFlight(this)) {
      return Promise.reject(new ERR_INVALID_STATE.TypeError("Failure closing WritableStream"));
    }
    return writableStreamClose(this);
  }

  getWriter() {
    if (!isWritableStream(this)) throw new ERR_INVALID_THIS("WritableStream");
    return new WritableStreamDefaultWriter(this);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "WritableStream", { locked: this.locked, state: this[kState].state });
  }
}

webMembers(WritableStream, ["locked", "abort", "close", "getWriter"]);

const notBound = () => new ERR_INVALID_STATE.TypeError("Writer is not bound to a WritableStream");

class WritableStreamDefaultWriter {
  constructor(stream) {
    if (!isWritableStream(stream)) throw new ERR_INVALID_ARG_TYPE("stream", "WritableStream", stream);
    this[kType] = "WritableStreamDefaultWriter";
    this[kState] = { stream: undefined, close: noRequest(), ready: noRequest() };
    setupWritableStreamDefaultWriter(this, stream);
  }

  get closed() {
    if (!isWritableStreamDefaultWriter(this)) {
      return Promise.reject(new ERR_INVALID_THIS("WritableStreamDefaultWriter"));
    }
    return this[kState].close.promise;
  }

  get desiredSize() {
    if (!isWritableStreamDefaultWriter(this)) throw new ERR_INVALID_THIS("WritableStreamDefaultWriter");
    if (this[kState].stream === undefined) throw notBound();
    return writableStreamDefaultWriterGetDesiredSize(this);
  }

  get ready() {
    if (!isWritableStreamDefaultWriter(this)) {
      return Promise.reject(new ERR_INVALID_THIS("WritableStreamDefaultWriter"));
    }
    return this[kState].ready.promise;
  }

  abort(reason = undefined) {
    if (!isWritableStreamDefaultWriter(this)) {
      return Promise.reject(new ERR_INVALID_THIS("WritableStreamDefaultWriter"));
    }
    if (this[kState].stream === undefined) return Promise.reject(notBound());
    return writableStreamAbort(this[kState].stream, reason);
  }

  close() {
    if (!isWritableStreamDefaultWriter(this)) {
      return Promise.reject(new ERR_INVALID_THIS("WritableStreamDefaultWriter"));
    }
    const { stream } = this[kState];
    if (stream === undefined) return Promise.reject(notBound());
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return Promise.reject(new ERR_INVALID_STATE.TypeError("Failure to close WritableStream"));
    }
    return writableStreamClose(stream);
  }

  releaseLock() {
    if (!isWritableStreamDefaultWriter(this)) throw new ERR_INVALID_THIS("WritableStreamDefaultWriter");
    if (this[kState].stream === undefined) return;
    writableStreamDefaultWriterRelease(this);
  }

  write(chunk = undefined) {
    if (!isWritableStreamDefaultWriter(this)) {
      return Promise.reject(new ERR_INVALID_THIS("WritableStreamDefaultWriter"));
    }
    if (this[kState].stream === undefined) return Promise.reject(notBound());
    return writableStreamDefaultWriterWrite(this, chunk);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "WritableStreamDefaultWriter", {
      stream: this[kState].stream,
      close: this[kState].close.promise,
      ready: this[kState].ready.promise,
      desiredSize: this.desiredSize,
    });
  }
}

webMembers(WritableStreamDefaultWriter, ["closed", "ready", "desiredSize", "abort", "close", "releaseLock", "write"]);

class WritableStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kMake) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kType] = "WritableStreamDefaultController";
  }

  get signal() {
    if (!isWritableStreamDefaultController(this)) throw new ERR_INVALID_THIS("WritableStreamDefaultController");
    return this[kState].abortController.signal;
  }

  error(error = undefined) {
    if (!isWritableStreamDefaultController(this)) throw new ERR_INVALID_THIS("WritableStreamDefaultController");
    if (this[kState].stream[kState].state !== "writable") return;
    writableStreamDefaultControllerError(this, error);
  }

  [kAbort](reason) {
    const result = this[kState].abortAlgorithm(reason);
    writableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  [kErrorSteps]() {
    resetQueue(this);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "WritableStreamDefaultController", { stream: this[kState].stream });
  }
}

webMembers(WritableStreamDefaultController, ["signal", "error"]);

function initializeWritableStream(stream) {
  stream[kType] = "WritableStream";
  stream[kState] = {
    closeRequest: noRequest(),
    inFlightWriteRequest: noRequest(),
    inFlightCloseRequest: noRequest(),
    pendingAbortRequest: noAbortRequest(),
    backpressure: false,
    controller: undefined,
    state: "writable",
    storedError: undefined,
    writeRequests: [],
    writer: undefined,
  };
}

// A WritableStream made by the Node layer (a TransformStream's) over these algorithms.
function createWritableStream(start, write, close, abort, highWaterMark, size) {
  const stream = Object.create(WritableStream.prototype);
  initializeWritableStream(stream);
  setupWritableStreamDefaultController(stream, start, write, close, abort, highWaterMark, size);
  return stream;
}

function isWritableStreamLocked(stream) {
  return stream[kState].writer !== undefined;
}

function setupWritableStreamDefaultWriter(writer, stream) {
  if (isWritableStreamLocked(stream)) throw new ERR_INVALID_STATE.TypeError("WritableStream is locked");
  const writerState = writer[kState];
  writerState.stream = stream;
  stream[kState].writer = writer;
  const { state, storedError } = stream[kState];
  switch (state) {
    case "writable":
      if (!writableStreamCloseQueuedOrInFlight(stream) && stream[kState].backpressure) {
        writerState.ready = deferred();
      } else {
        writerState.ready = settled(Promise.resolve());
      }
      writerState.close = deferred();
      break;
    case "erroring":
      writerState.ready = settled(Promise.reject(storedError));
      setPromiseHandled(writerState.ready.promise);
      writerState.close = deferred();
      break;
    case "closed":
      writerState.ready = settled(Promise.resolve());
      writerState.close = settled(Promise.resolve());
      break;
    default:
      writerState.ready = settled(Promise.reject(storedError));
      writerState.close = settled(Promise.reject(storedError));
      setPromiseHandled(writerState.ready.promise);
      setPromiseHandled(writerState.close.promise);
  }
}

function writableStreamAbort(stream, reason) {
  const { state, controller } = stream[kState];
  if (state === "closed" || state === "errored") return Promise.resolve();
  controller[kState].abortController.abort(reason);
  if (stream[kState].pendingAbortRequest.abort.promise !== undefined) {
    return stream[kState].pendingAbortRequest.abort.promise;
  }
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const abort = deferred();
  stream[kState].pendingAbortRequest = { abort, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return abort.promise;
}

function writableStreamClose(stream) {
  const { state, writer, backpressure, controller } = stream[kState];
  if (state === "closed" || state === "errored") {
    return Promise.reject(new ERR_INVALID_STATE.TypeError("WritableStream is closed"));
  }
  stream[kState].closeRequest = deferred();
  const { promise } = stream[kState].closeRequest;
  if (writer !== undefined && backpressure && state === "writable") writer[kState].ready.resolve?.();
  enqueueValueWithSize(controller, kCloseSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  return promise;
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const { writer } = stream[kState];
  if (writer !== undefined && stream[kState].backpressure !== backpressure) {
    if (backpressure) writer[kState].ready = deferred();
    else writer[kState].ready.resolve?.();
  }
  stream[kState].backpressure = backpressure;
}

function writableStreamStartErroring(stream, reason) {
  const { controller, writer } = stream[kState];
  stream[kState].state = "erroring";
  stream[kState].storedError = reason;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) && controller[kState].started) {
    writableStreamFinishErroring(stream);
  }
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  const state = stream[kState];
  if (state.closeRequest.promise !== undefined) {
    state.closeRequest.reject?.(state.storedError);
    state.closeRequest = noRequest();
  }
  const { writer } = state;
  if (writer !== undefined) {
    setPromiseHandled(writer[kState].close.promise);
    writer[kState].close.reject?.(state.storedError);
  }
}

function writableStreamHasOperationMarkedInFlight(stream) {
  const { inFlightWriteRequest, inFlightCloseRequest } = stream[kState];
  return inFlightWriteRequest.promise !== undefined || inFlightCloseRequest.promise !== undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  stream[kState].inFlightWriteRequest.reject?.(error);
  stream[kState].inFlightWriteRequest = noRequest();
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightWrite(stream) {
  stream[kState].inFlightWriteRequest.resolve?.();
  stream[kState].inFlightWriteRequest = noRequest();
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  const state = stream[kState];
  state.inFlightCloseRequest.reject?.(error);
  state.inFlightCloseRequest = noRequest();
  if (state.pendingAbortRequest.abort.promise !== undefined) {
    state.pendingAbortRequest.abort.reject?.(error);
    state.pendingAbortRequest = noAbortRequest();
  }
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightClose(stream) {
  const state = stream[kState];
  state.inFlightCloseRequest.resolve?.();
  state.inFlightCloseRequest = noRequest();
  if (state.state === "erroring") {
    state.storedError = undefined;
    if (state.pendingAbortRequest.abort.promise !== undefined) {
      state.pendingAbortRequest.abort.resolve?.();
      state.pendingAbortRequest = noAbortRequest();
    }
  }
  state.state = "closed";
  if (state.writer !== undefined) state.writer[kState].close.resolve?.();
}

function writableStreamFinishErroring(stream) {
  const state = stream[kState];
  state.state = "errored";
  state.controller[kErrorSteps]();
  const { storedError } = state;
  for (let n = 0; n < state.writeRequests.length; n++) state.writeRequests[n].reject?.(storedError);
  state.writeRequests = [];
  if (state.pendingAbortRequest.abort.promise === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = state.pendingAbortRequest;
  state.pendingAbortRequest = noAbortRequest();
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.abort.reject?.(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  state.controller[kAbort](abortRequest.reason).then(
    () => {
      abortRequest.abort.resolve?.();
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    },
    (error) => {
      abortRequest.abort.reject?.(error);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    },
  );
}

function writableStreamDealWithRejection(stream, error) {
  if (stream[kState].state === "writable") {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamCloseQueuedOrInFlight(stream) {
  const { closeRequest, inFlightCloseRequest } = stream[kState];
  return closeRequest.promise !== undefined || inFlightCloseRequest.promise !== undefined;
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const { stream } = writer[kState];
  const { controller } = stream[kState];
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer[kState].stream) {
    return Promise.reject(new ERR_INVALID_STATE.TypeError("Mismatched WritableStreams"));
  }
  const { state } = stream[kState];
  if (state === "errored") return Promise.reject(stream[kState].storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return Promise.reject(new ERR_INVALID_STATE.TypeError("WritableStream is closed"));
  }
  if (state === "erroring") return Promise.reject(stream[kState].storedError);
  const request = deferred();
  stream[kState].writeRequests.push(request);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return request.promise;
}

function writableStreamDefaultWriterRelease(writer) {
  const { stream } = writer[kState];
  const error = writerReleasedError();
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error);
  stream[kState].writer = undefined;
  writer[kState].stream = undefined;
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const { stream } = writer[kState];
  switch (stream[kState].state) {
    case "errored":
    case "erroring":
      return null;
    case "closed":
      return 0;
  }
  return writableStreamDefaultControllerGetDesiredSize(stream[kState].controller);
}

// Rejects the writer's promise `which` (ready or close) with `error`, or replaces it by one
// rejected so when it is settled already.
function ensurePromiseRejected(writer, which, error) {
  const state = writer[kState];
  if (isPromisePending(state[which].promise)) state[which].reject?.(error);
  else state[which] = settled(Promise.reject(error));
  setPromiseHandled(state[which].promise);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  ensurePromiseRejected(writer, "ready", error);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  ensurePromiseRejected(writer, "close", error);
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const { stream } = writer[kState];
  const { state } = stream[kState];
  if (writableStreamCloseQueuedOrInFlight(stream) || state === "closed") return Promise.resolve();
  if (state === "errored") return Promise.reject(stream[kState].storedError);
  return writableStreamClose(stream);
}

function writableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  try {
    enqueueValueWithSize(controller, chunk, chunkSize);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  const { stream } = controller[kState];
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream[kState].state === "writable") {
    writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(controller));
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerProcessWrite(controller, chunk) {
  const { stream, writeAlgorithm } = controller[kState];
  stream[kState].inFlightWriteRequest = stream[kState].writeRequests.shift();
  writeAlgorithm(chunk, controller).then(
    () => {
      writableStreamFinishInFlightWrite(stream);
      const { state } = stream[kState];
      dequeueValue(controller);
      if (!writableStreamCloseQueuedOrInFlight(stream) && state === "writable") {
        writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(controller));
      }
      writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
    },
    (error) => {
      if (stream[kState].state === "writable") writableStreamDefaultControllerClearAlgorithms(controller);
      writableStreamFinishInFlightWriteWithError(stream, error);
    },
  );
}

function writableStreamDefaultControllerProcessClose(controller) {
  const { closeAlgorithm, stream } = controller[kState];
  stream[kState].inFlightCloseRequest = stream[kState].closeRequest;
  stream[kState].closeRequest = noRequest();
  dequeueValue(controller);
  const sinkClosePromise = closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(controller);
  sinkClosePromise.then(
    () => writableStreamFinishInFlightClose(stream),
    (error) => writableStreamFinishInFlightCloseWithError(stream, error),
  );
}

function writableStreamDefaultControllerGetDesiredSize(controller) {
  const { highWaterMark, queueTotalSize } = controller[kState];
  return highWaterMark - queueTotalSize;
}

function writableStreamDefaultControllerGetChunkSize(controller, chunk) {
  const { sizeAlgorithm } = controller[kState];
  if (sizeAlgorithm === undefined) return 1;
  try {
    return Reflect.apply(sizeAlgorithm, undefined, [chunk]);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

function writableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller[kState].stream[kState].state === "writable") writableStreamDefaultControllerError(controller, error);
}

function writableStreamDefaultControllerError(controller, error) {
  writableStreamDefaultControllerClearAlgorithms(controller);
  writableStreamStartErroring(controller[kState].stream, error);
}

function writableStreamDefaultControllerClearAlgorithms(controller) {
  const state = controller[kState];
  state.writeAlgorithm = undefined;
  state.closeAlgorithm = undefined;
  state.abortAlgorithm = undefined;
  state.sizeAlgorithm = undefined;
}

function writableStreamDefaultControllerGetBackpressure(controller) {
  return writableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const { queue, started, stream } = controller[kState];
  if (!started || stream[kState].inFlightWriteRequest.promise !== undefined) return;
  if (stream[kState].state === "erroring") {
    writableStreamFinishErroring(stream);
    return;
  }
  if (!queue.length) return;
  const value = peekQueueValue(controller);
  if (value === kCloseSentinel) writableStreamDefaultControllerProcessClose(controller);
  else writableStreamDefaultControllerProcessWrite(controller, value);
}

function setupWritableStreamDefaultControllerFromSink(stream, sink, highWaterMark, sizeAlgorithm) {
  const { start, write, close, abort } = sink;
  setupWritableStreamDefaultController(
    stream,
    start ? (controller) => Reflect.apply(start, sink, [controller]) : nonOpStart,
    write ? promiseCallback("sink.write", write, sink) : nonOpWrite,
    close ? promiseCallback("sink.close", close, sink) : nonOpCancel,
    abort ? promiseCallback("sink.abort", abort, sink) : nonOpCancel,
    highWaterMark,
    sizeAlgorithm,
  );
}

function setupWritableStreamDefaultController(stream, start, write, close, abort, highWaterMark, sizeAlgorithm) {
  const controller = new WritableStreamDefaultController(kMake);
  controller[kState] = {
    abortAlgorithm: abort,
    closeAlgorithm: close,
    highWaterMark,
    queue: [],
    queueTotalSize: 0,
    abortController: new AbortController(),
    sizeAlgorithm,
    started: false,
    stream,
    writeAlgorithm: write,
  };
  stream[kState].controller = controller;
  writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(controller));
  const startResult = start(controller);
  new Promise((resolve) => resolve(startResult)).then(
    () => {
      controller[kState].started = true;
      writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
    },
    (error) => {
      controller[kState].started = true;
      writableStreamDealWithRejection(stream, error);
    },
  );
}

module.exports = {
  WritableStream,
  WritableStreamDefaultController,
  WritableStreamDefaultWriter,
  createWritableStream,
  isWritableStream,
  isWritableStreamLocked,
  writableStreamAbort,
  writableStreamCloseQueuedOrInFlight,
  writableStreamDefaultControllerErrorIfNeeded,
  writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamDefaultWriterRelease,
  writableStreamDefaultWriterWrite,
};
