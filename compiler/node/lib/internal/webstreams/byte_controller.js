// ReadableByteStreamController and ReadableStreamBYOBRequest: the controller of a byte stream
// (`type: "bytes"`), its queue of byte ranges and the pending pull-into descriptors of BYOB
// reads (and of default reads when the source asks for autoAllocateChunkSize). Chunks enqueued
// have their ArrayBuffer transferred (detached), as the spec and Node do.
"use strict";

const { Buffer } = require("node:buffer");
const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const {
  copyArrayBuffer,
  inspectStream,
  isBrandCheck,
  kState,
  kType,
  nonOpCancel,
  nonOpPull,
  nonOpStart,
  promiseCallback,
  resetQueue,
  transferArrayBuffer,
  webMembers,
} = require("node:internal/webstreams/util");
const {
  isReadableByteStreamController,
  kCancel,
  kChunk,
  kClose,
  kError,
  kPull,
  kRelease,
  readableStreamAddReadIntoRequest,
  readableStreamAddReadRequest,
  readableStreamClose,
  readableStreamError,
  readableStreamFulfillReadIntoRequest,
  readableStreamFulfillReadRequest,
  readableStreamGetNumReadIntoRequests,
  readableStreamGetNumReadRequests,
  readableStreamHasBYOBReader,
  readableStreamHasDefaultReader,
} = require("node:internal/webstreams/readable_ops");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kMake = Symbol("kMake");

const isReadableStreamBYOBRequest = isBrandCheck("ReadableStreamBYOBRequest");

function validateBuffer(buffer, name = "buffer") {
  if (!ArrayBuffer.isView(buffer)) {
    throw new ERR_INVALID_ARG_TYPE(name, ["Buffer", "TypedArray", "DataView"], buffer);
  }
}

const isDataView = (view) => view instanceof DataView;

function isViewedArrayBufferDetached(view) {
  return view.byteLength === 0 && view.buffer.detached;
}

class ReadableStreamBYOBRequest {
  constructor(key = undefined) {
    if (key !== kMake) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kType] = "ReadableStreamBYOBRequest";
  }

  get view() {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS("ReadableStreamBYOBRequest");
    return this[kState].view;
  }

  respond(bytesWritten) {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS("ReadableStreamBYOBRequest");
    const { view, controller } = this[kState];
    if (controller === undefined) throw new ERR_INVALID_STATE.TypeError("This BYOB request has been invalidated");
    if (view.buffer.detached) throw new ERR_INVALID_STATE.TypeError("Viewed ArrayBuffer is detached");
    readableByteStreamControllerRespond(controller, bytesWritten);
  }

  respondWithNewView(view) {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS("ReadableStreamBYOBRequest");
    const { controller } = this[kState];
    if (controller === undefined) throw new ERR_INVALID_STATE.TypeError("This BYOB request has been invalidated");
    validateBuffer(view, "view");
    if (isViewedArrayBufferDetached(view)) throw new ERR_INVALID_STATE.TypeError("Viewed ArrayBuffer is detached");
    readableByteStreamControllerRespondWithNewView(controller, view);
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableStreamBYOBRequest", {
      view: this.view,
      controller: this[kState].controller,
    });
  }
}

webMembers(ReadableStreamBYOBRequest, ["view", "respond", "respondWithNewView"]);

class ReadableByteStreamController {
  constructor(key = undefined) {
    if (key !== kMake) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kType] = "ReadableByteStreamController";
    this[kState] = {};
  }

  get byobRequest() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS("ReadableByteStreamController");
    const state = this[kState];
    if (state.byobRequest === null && state.pendingPullIntos.length) {
      const { buffer, byteOffset, bytesFilled, byteLength } = state.pendingPullIntos[0];
      const request = new ReadableStreamBYOBRequest(kMake);
      request[kState] = {
        controller: this,
        view: new Uint8Array(buffer, byteOffset + bytesFilled, byteLength - bytesFilled),
      };
      state.byobRequest = request;
    }
    return state.byobRequest;
  }

  get desiredSize() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS("ReadableByteStreamController");
    return readableByteStreamControllerGetDesiredSize(this);
  }

  close() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS("ReadableByteStreamController");
    if (this[kState].closeRequested) throw new ERR_INVALID_STATE.TypeError("Controller is already closed");
    if (this[kState].stream[kState].state !== "readable") {
      throw new ERR_INVALID_STATE.TypeError("ReadableStream is already closed");
    }
    readableByteStreamControllerClose(this);
  }

  enqueue(chunk) {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS("ReadableByteStreamController");
    validateBuffer(chunk);
    if (chunk.byteLength === 0 || chunk.buffer.byteLength === 0) {
      throw new ERR_INVALID_STATE.TypeError("chunk ArrayBuffer is zero-length or detached");
    }
    if (this[kState].closeRequested) throw new ERR_INVALID_STATE.TypeError("Controller is already closed");
    if (this[kState].stream[kState].state !== "readable") {
      throw new ERR_INVALID_STATE.TypeError("ReadableStream is already closed");
    }
    readableByteStreamControllerEnqueue(this, chunk);
  }

  error(error = undefined) {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS("ReadableByteStreamController");
    readableByteStreamControllerError(this, error);
  }

  [kCancel](reason) {
    readableByteStreamControllerClearPendingPullIntos(this);
    resetQueue(this);
    const result = this[kState].cancelAlgorithm(reason);
    readableByteStreamControllerClearAlgorithms(this);
    return result;
  }

  [kPull](readRequest) {
    const state = this[kState];
    if (state.queueTotalSize) {
      readableByteStreamControllerFillReadRequestFromQueue(this, readRequest);
      return;
    }
    const { autoAllocateChunkSize } = state;
    if (autoAllocateChunkSize !== undefined) {
      let buffer;
      try {
        buffer = new ArrayBuffer(autoAllocateChunkSize);
      } catch (error) {
        readRequest[kError](error);
        return;
      }
      state.pendingPullIntos.push({
        buffer,
        bufferByteLength: autoAllocateChunkSize,
        byteOffset: 0,
        byteLength: autoAllocateChunkSize,
        bytesFilled: 0,
        minimumFill: 1,
        elementSize: 1,
        ctor: Uint8Array,
        type: "default",
      });
    }
    readableStreamAddReadRequest(state.stream, readRequest);
    readableByteStreamControllerCallPullIfNeeded(this);
  }

  [kRelease]() {
    const state = this[kState];
    if (state.pendingPullIntos.length > 0) {
      const first = state.pendingPullIntos[0];
      first.type = "none";
      state.pendingPullIntos = [first];
    }
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "ReadableByteStreamController", {});
  }
}

webMembers(ReadableByteStreamController, ["byobRequest", "desiredSize", "close", "enqueue", "error"]);

// A view of the class a BYOB read was given (a Buffer's is made by Buffer.from).
function viewOf(ctor, buffer, byteOffset, length) {
  return ctor === Buffer ? Buffer.from(buffer, byteOffset, length) : new ctor(buffer, byteOffset, length);
}

// The view a filled pull-into descriptor stands for, over its (transferred) buffer.
function convertPullIntoDescriptor(desc) {
  const { buffer, bytesFilled, byteLength, byteOffset, ctor, elementSize } = desc;
  if (bytesFilled > byteLength) throw new ERR_INVALID_STATE.RangeError("The buffer size is invalid");
  return viewOf(ctor, transferArrayBuffer(buffer), byteOffset, bytesFilled / elementSize);
}

function readableByteStreamControllerClose(controller) {
  const state = controller[kState];
  const { closeRequested, pendingPullIntos, queueTotalSize, stream } = state;
  if (closeRequested || stream[kState].state !== "readable") return;
  if (queueTotalSize) {
    state.closeRequested = true;
    return;
  }
  if (pendingPullIntos.length) {
    const first = pendingPullIntos[0];
    if (first.bytesFilled % first.elementSize !== 0) {
      const error = new ERR_INVALID_STATE.TypeError("Partial read");
      readableByteStreamControllerError(controller, error);
      throw error;
    }
  }
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

function commitPullIntoDescriptor(stream, desc) {
  const done = stream[kState].state === "closed";
  const filledView = convertPullIntoDescriptor(desc);
  if (desc.type === "default") readableStreamFulfillReadRequest(stream, filledView, done);
  else readableStreamFulfillReadIntoRequest(stream, filledView, done);
}

function invalidateBYOBRequest(controller) {
  const state = controller[kState];
  if (state.byobRequest === null) return;
  state.byobRequest[kState].controller = undefined;
  state.byobRequest[kState].view = null;
  state.byobRequest = null;
}

function readableByteStreamControllerClearAlgorithms(controller) {
  controller[kState].pullAlgorithm = undefined;
  controller[kState].cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(controller) {
  invalidateBYOBRequest(controller);
  controller[kState].pendingPullIntos = [];
}

function readableByteStreamControllerGetDesiredSize(controller) {
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

function shouldCallPull(controller) {
  const { stream, closeRequested, started } = controller[kState];
  if (stream[kState].state !== "readable" || closeRequested || !started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(controller) > 0;
}

function handleQueueDrain(controller) {
  const { closeRequested, queueTotalSize, stream } = controller[kState];
  if (!queueTotalSize && closeRequested) {
    readableByteStreamControllerClearAlgorithms(controller);
    readableStreamClose(stream);
    return;
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

// A BYOB read into `view` of at least `min` elements.
function readableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const state = controller[kState];
  const { closeRequested, stream, pendingPullIntos } = state;
  let elementSize = 1;
  let ctor = DataView;
  if (!isDataView(view)) {
    elementSize = view.constructor.BYTES_PER_ELEMENT;
    ctor = view.constructor;
  }
  const minimumFill = min * elementSize;
  const { buffer, byteOffset, byteLength } = view;
  const bufferByteLength = buffer.byteLength;
  let transferredBuffer;
  try {
    transferredBuffer = transferArrayBuffer(buffer);
  } catch (error) {
    readIntoRequest[kError](error);
    return;
  }
  const desc = {
    buffer: transferredBuffer,
    bufferByteLength,
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill,
    elementSize,
    ctor,
    type: "byob",
  };
  if (pendingPullIntos.length) {
    pendingPullIntos.push(desc);
    readableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream[kState].state === "closed") {
    readIntoRequest[kClose](viewOf(ctor, desc.buffer, byteOffset, 0));
    return;
  }
  if (state.queueTotalSize) {
    if (fillPullIntoDescriptorFromQueue(controller, desc)) {
      const filledView = convertPullIntoDescriptor(desc);
      handleQueueDrain(controller);
      readIntoRequest[kChunk](filledView);
      return;
    }
    if (closeRequested) {
      const error = new ERR_INVALID_STATE.TypeError("ReadableStream closed");
      readableByteStreamControllerError(controller, error);
      readIntoRequest[kError](error);
      return;
    }
  }
  pendingPullIntos.push(desc);
  readableStreamAddReadIntoRequest(stream, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function respondInternal(controller, bytesWritten) {
  const { stream, pendingPullIntos } = controller[kState];
  const desc = pendingPullIntos[0];
  invalidateBYOBRequest(controller);
  if (stream[kState].state === "closed") {
    if (bytesWritten) throw new ERR_INVALID_STATE.TypeError("Controller is closed but view is not zero-length");
    respondInClosedState(controller, desc);
  } else {
    if (!bytesWritten) throw new ERR_INVALID_STATE.TypeError("View cannot be zero-length");
    respondInReadableState(controller, bytesWritten, desc);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespond(controller, bytesWritten) {
  const { pendingPullIntos, stream } = controller[kState];
  const desc = pendingPullIntos[0];
  if (stream[kState].state === "closed") {
    if (bytesWritten !== 0) throw new ERR_INVALID_ARG_VALUE("bytesWritten", bytesWritten);
  } else {
    if (!bytesWritten) throw new ERR_INVALID_ARG_VALUE("bytesWritten", bytesWritten);
    if (desc.bytesFilled + bytesWritten > desc.byteLength) {
      throw new ERR_INVALID_ARG_VALUE.RangeError("bytesWritten", bytesWritten);
    }
  }
  desc.buffer = transferArrayBuffer(desc.buffer);
  respondInternal(controller, bytesWritten);
}

function respondInClosedState(controller, desc) {
  if (desc.type === "none") shiftPendingPullInto(controller);
  const { stream } = controller[kState];
  if (readableStreamHasBYOBReader(stream)) {
    while (readableStreamGetNumReadIntoRequests(stream) > 0) {
      commitPullIntoDescriptor(stream, shiftPendingPullInto(controller));
    }
  }
}

function readableByteStreamControllerEnqueue(controller, chunk) {
  const state = controller[kState];
  const { closeRequested, pendingPullIntos, stream } = state;
  const { buffer, byteOffset, byteLength } = chunk;
  if (closeRequested || stream[kState].state !== "readable") return;
  const transferredBuffer = transferArrayBuffer(buffer);
  if (pendingPullIntos.length) {
    const first = pendingPullIntos[0];
    if (first.buffer.detached) throw new ERR_INVALID_STATE.TypeError("Destination ArrayBuffer is detached");
    invalidateBYOBRequest(controller);
    first.buffer = transferArrayBuffer(first.buffer);
    if (first.type === "none") enqueueDetachedPullIntoToQueue(controller, first);
  }
  if (readableStreamHasDefaultReader(stream)) {
    processReadRequestsUsingQueue(controller);
    if (!readableStreamGetNumReadRequests(stream)) {
      enqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    } else {
      if (state.pendingPullIntos.length) shiftPendingPullInto(controller);
      readableStreamFulfillReadRequest(stream, new Uint8Array(transferredBuffer, byteOffset, byteLength), false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    enqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    processPullIntoDescriptorsUsingQueue(controller);
  } else {
    enqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function enqueueClonedChunkToQueue(controller, buffer, byteOffset, byteLength) {
  let clone;
  try {
    clone = buffer.slice(byteOffset, byteOffset + byteLength);
  } catch (error) {
    readableByteStreamControllerError(controller, error);
    throw error;
  }
  enqueueChunkToQueue(controller, clone, 0, byteLength);
}

function enqueueChunkToQueue(controller, buffer, byteOffset, byteLength) {
  controller[kState].queue.push({ buffer, byteOffset, byteLength });
  controller[kState].queueTotalSize += byteLength;
}

function enqueueDetachedPullIntoToQueue(controller, desc) {
  const { buffer, byteOffset, bytesFilled } = desc;
  if (bytesFilled > 0) enqueueClonedChunkToQueue(controller, buffer, byteOffset, bytesFilled);
  shiftPendingPullInto(controller);
}

// Copies what the queue holds into the descriptor; whether it now has its minimum.
function fillPullIntoDescriptorFromQueue(controller, desc) {
  const state = controller[kState];
  const { buffer, byteLength, byteOffset, bytesFilled, minimumFill, elementSize } = desc;
  const maxBytesToCopy = Math.min(state.queueTotalSize, byteLength - bytesFilled);
  const maxBytesFilled = bytesFilled + maxBytesToCopy;
  const maxAlignedBytes = maxBytesFilled - (maxBytesFilled % elementSize);
  let remaining = maxBytesToCopy;
  let ready = false;
  if (maxAlignedBytes >= minimumFill) {
    remaining = maxAlignedBytes - bytesFilled;
    ready = true;
  }
  const { queue } = state;
  while (remaining) {
    const head = queue[0];
    const bytesToCopy = Math.min(remaining, head.byteLength);
    const destStart = byteOffset + desc.bytesFilled;
    if (buffer.byteLength - destStart < bytesToCopy) {
      throw new ERR_INVALID_STATE.RangeError("view ArrayBuffer size is invalid");
    }
    copyArrayBuffer(buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
    if (head.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    state.queueTotalSize -= bytesToCopy;
    desc.bytesFilled += bytesToCopy;
    remaining -= bytesToCopy;
  }
  return ready;
}

function processPullIntoDescriptorsUsingQueue(controller) {
  const state = controller[kState];
  while (state.pendingPullIntos.length) {
    if (!state.queueTotalSize) return;
    const desc = state.pendingPullIntos[0];
    if (fillPullIntoDescriptorFromQueue(controller, desc)) {
      shiftPendingPullInto(controller);
      commitPullIntoDescriptor(state.stream, desc);
    }
  }
}

function respondInReadableState(controller, bytesWritten, desc) {
  const { buffer, bytesFilled, byteLength, type } = desc;
  if (bytesFilled + bytesWritten > byteLength) throw new ERR_INVALID_STATE.RangeError("The buffer size is invalid");
  desc.bytesFilled += bytesWritten;
  if (type === "none") {
    enqueueDetachedPullIntoToQueue(controller, desc);
    processPullIntoDescriptorsUsingQueue(controller);
    return;
  }
  if (desc.bytesFilled < desc.minimumFill) return;
  shiftPendingPullInto(controller);
  const remainderSize = desc.bytesFilled % desc.elementSize;
  if (remainderSize) {
    const end = desc.byteOffset + desc.bytesFilled;
    const remainder = buffer.slice(end - remainderSize, end);
    enqueueChunkToQueue(controller, remainder, 0, remainder.byteLength);
  }
  desc.bytesFilled -= remainderSize;
  commitPullIntoDescriptor(controller[kState].stream, desc);
  processPullIntoDescriptorsUsingQueue(controller);
}

function readableByteStreamControllerRespondWithNewView(controller, view) {
  const { stream, pendingPullIntos } = controller[kState];
  const desc = pendingPullIntos[0];
  const viewByteLength = view.byteLength;
  if (stream[kState].state === "closed") {
    if (viewByteLength !== 0) throw new ERR_INVALID_STATE.TypeError("View is not zero-length");
  } else if (viewByteLength === 0) {
    throw new ERR_INVALID_STATE.TypeError("View is zero-length");
  }
  const { byteOffset, byteLength, bytesFilled, bufferByteLength } = desc;
  if (byteOffset + bytesFilled !== view.byteOffset) throw new ERR_INVALID_ARG_VALUE.RangeError("view", view);
  if (bytesFilled + viewByteLength > byteLength) throw new ERR_INVALID_ARG_VALUE.RangeError("view", view);
  if (bufferByteLength !== view.buffer.byteLength) throw new ERR_INVALID_ARG_VALUE.RangeError("view", view);
  desc.buffer = transferArrayBuffer(view.buffer);
  respondInternal(controller, viewByteLength);
}

function shiftPendingPullInto(controller) {
  return controller[kState].pendingPullIntos.shift();
}

function readableByteStreamControllerCallPullIfNeeded(controller) {
  if (!shouldCallPull(controller)) return;
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
        readableByteStreamControllerCallPullIfNeeded(controller);
      }
    },
    (error) => readableByteStreamControllerError(controller, error),
  );
}

function readableByteStreamControllerError(controller, error) {
  const { stream } = controller[kState];
  if (stream[kState].state !== "readable") return;
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(controller);
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamError(stream, error);
}

function readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const state = controller[kState];
  const { buffer, byteOffset, byteLength } = state.queue.shift();
  state.queueTotalSize -= byteLength;
  handleQueueDrain(controller);
  readRequest[kChunk](new Uint8Array(buffer, byteOffset, byteLength));
}

function processReadRequestsUsingQueue(controller) {
  const { stream, queueTotalSize } = controller[kState];
  const { reader } = stream[kState];
  while (reader[kState].readRequests.length > 0) {
    if (queueTotalSize === 0) return;
    readableByteStreamControllerFillReadRequestFromQueue(controller, reader[kState].readRequests.shift());
  }
}

function setupReadableByteStreamController(stream, start, pull, cancel, highWaterMark, autoAllocateChunkSize) {
  const controller = new ReadableByteStreamController(kMake);
  controller[kState] = {
    byobRequest: null,
    closeRequested: false,
    pullAgain: false,
    pulling: false,
    started: false,
    stream,
    queue: [],
    queueTotalSize: 0,
    highWaterMark,
    pullAlgorithm: pull,
    cancelAlgorithm: cancel,
    autoAllocateChunkSize,
    pendingPullIntos: [],
  };
  stream[kState].controller = controller;
  const startResult = start(controller);
  new Promise((resolve) => resolve(startResult)).then(
    () => {
      controller[kState].started = true;
      readableByteStreamControllerCallPullIfNeeded(controller);
    },
    (error) => readableByteStreamControllerError(controller, error),
  );
}

function setupReadableByteStreamControllerFromSource(stream, source, highWaterMark) {
  const { start, pull, cancel, autoAllocateChunkSize } = source;
  const pullAlgorithm = pull ? promiseCallback("source.pull", pull, source) : nonOpPull;
  const cancelAlgorithm = cancel ? promiseCallback("source.cancel", cancel, source) : nonOpCancel;
  if (autoAllocateChunkSize === 0) {
    throw new ERR_INVALID_ARG_VALUE("source.autoAllocateChunkSize", autoAllocateChunkSize);
  }
  setupReadableByteStreamController(
    stream,
    start ? (controller) => Reflect.apply(start, source, [controller]) : nonOpStart,
    pullAlgorithm,
    cancelAlgorithm,
    highWaterMark,
    autoAllocateChunkSize,
  );
}

module.exports = {
  ReadableByteStreamController,
  ReadableStreamBYOBRequest,
  readableByteStreamControllerClose,
  readableByteStreamControllerEnqueue,
  readableByteStreamControllerError,
  readableByteStreamControllerPullInto,
  readableByteStreamControllerRespond,
  readableByteStreamControllerRespondWithNewView,
  setupReadableByteStreamController,
  setupReadableByteStreamControllerFromSource,
};
