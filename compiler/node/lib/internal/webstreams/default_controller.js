// ReadableStreamDefaultController: the queue of chunks (with the strategy's sizes) of a
// ReadableStream that is not a byte stream, and the start/pull/cancel algorithms of its source.
"use strict";

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_STATE },
} = require("node:internal/errors");
const {
  dequeueValue,
  enqueueValueWithSize,
  inspectStream,
  kState,
  kType,
  nonOpCancel,
  nonOpPull,
  nonOpStart,
  promiseCallback,
  resetQueue,
  webMembers,
} = require("node:internal/webstreams/util");
const {
  isReadableStreamLocked,
  kCancel,
  kChunk,
  kPull,
  kRelease,
  readableStreamAddReadRequest,
  readableStreamClose,
  readableStreamError,
  readableStreamFulfillReadRequest,
  readableStreamGetNumReadRequests,
} = require("node:internal/webstreams/readable_ops");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kMake = Symbol("kMake");

// As in Node, the methods do not check their receiver.
class ReadableStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kMake) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kType] = "ReadableStreamDefaultController";
    this[kState] = {};
  }

  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(this);
  }

  close() {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw new ERR_INVALID_STATE.TypeError("Controller is already closed");
    }
    readableStreamDefaultControllerClose(this);
  }

  enqueue(chunk = undefined) {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw new ERR_INVALID_STATE.TypeError("Controller is already closed");
    }
    readableStreamDefaultControllerEnqueue(this, chunk);
  }

  error(error = undefined) {
    readableStreamDefaultControllerError(this, error);
  }

  [kCancel](reason) {
    resetQueue(this);
    const result = this[kState].cancelAlgorithm(reason);
    readableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  [kPull](readRequest) {
    const state = this[kState];
    if (state.queue.length) {
      const chunk = dequeueValue(this);
      if (state.closeRequested && !state.queue.length) {
        readableStreamDefaultControllerClearAlgorithms(this);
        readableStreamClose(state.stream);
      } else {
        readableStreamDefaultControllerCallPullIfNeeded(this);
      }
      readRequest[kChunk](chunk);
      return;
    }
    readableStreamAddReadRequest(state.stream, readRequest);
    readableStreamDefaultControllerCallPullIfNeeded(this);
  }

  [kRelease]() {}

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableStreamDefaultController", {});
  }
}

webMembers(ReadableStreamDefaultController, ["desiredSize", "close", "enqueue", "error"]);

function readableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  const { closeRequested, stream } = controller[kState];
  return !closeRequested && stream[kState].state === "readable";
}

function readableStreamDefaultControllerGetDesiredSize(controller) {
  const { stream, highWaterMark, queueTotalSize } = controller[kState];
  switch (stream[kState].state) {
    case "errored":
      return null;
    case "closed":
      return 0;
    default:
      return highWaterMark - queueTotalSize;
  }
}

function readableStreamDefaultControllerShouldCallPull(controller) {
  const { stream, started } = controller[kState];
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller) || !started) return false;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream)) return true;
  return readableStreamDefaultControllerGetDesiredSize(controller) > 0;
}

function readableStreamDefaultControllerHasBackpressure(controller) {
  return !readableStreamDefaultControllerShouldCallPull(controller);
}

function readableStreamDefaultControllerCallPullIfNeeded(controller) {
  if (!readableStreamDefaultControllerShouldCallPull(controller)) return;
  const state = controller[kState];
  if (state.pulling) {
    state.pullAgain = true;
    return;
  }
  state.pulling = true;
  state.pullAlgorithm(controller).then(
    () => {
      state.pulling = false;
      if (state.pullAgain) {
        state.pullAgain = false;
        readableStreamDefaultControllerCallPullIfNeeded(controller);
      }
    },
    (error) => readableStreamDefaultControllerError(controller, error),
  );
}

function readableStreamDefaultControllerClearAlgorithms(controller) {
  const state = controller[kState];
  state.pullAlgorithm = undefined;
  state.cancelAlgorithm = undefined;
  state.sizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(controller) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const state = controller[kState];
  state.closeRequested = true;
  if (!state.queue.length) {
    readableStreamDefaultControllerClearAlgorithms(controller);
    readableStreamClose(state.stream);
  }
}

function readableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const state = controller[kState];
  const { stream } = state;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream)) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    try {
      const chunkSize = Reflect.apply(state.sizeAlgorithm, undefined, [chunk]);
      enqueueValueWithSize(controller, chunk, chunkSize);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(controller);
}

function readableStreamDefaultControllerError(controller, error) {
  const { stream } = controller[kState];
  if (stream[kState].state !== "readable") return;
  resetQueue(controller);
  readableStreamDefaultControllerClearAlgorithms(controller);
  readableStreamError(stream, error);
}

function setupReadableStreamDefaultController(stream, start, pull, cancel, highWaterMark, sizeAlgorithm) {
  const controller = new ReadableStreamDefaultController(kMake);
  controller[kState] = {
    cancelAlgorithm: cancel,
    closeRequested: false,
    highWaterMark,
    pullAgain: false,
    pullAlgorithm: pull,
    pulling: false,
    queue: [],
    queueTotalSize: 0,
    started: false,
    sizeAlgorithm,
    stream,
  };
  stream[kState].controller = controller;
  const startResult = start(controller);
  new Promise((resolve) => resolve(startResult)).then(
    () => {
      controller[kState].started = true;
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    },
    (error) => readableStreamDefaultControllerError(controller, error),
  );
}

function setupReadableStreamDefaultControllerFromSource(stream, source, highWaterMark, sizeAlgorithm) {
  const { start, pull, cancel } = source;
  setupReadableStreamDefaultController(
    stream,
    start ? (controller) => Reflect.apply(start, source, [controller]) : nonOpStart,
    pull ? promiseCallback("source.pull", pull, source) : nonOpPull,
    cancel ? promiseCallback("source.cancel", cancel, source) : nonOpCancel,
    highWaterMark,
    sizeAlgorithm,
  );
}

module.exports = {
  ReadableStreamDefaultController,
  readableStreamDefaultControllerCanCloseOrEnqueue,
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure,
  setupReadableStreamDefaultController,
  setupReadableStreamDefaultControllerFromSource,
};
