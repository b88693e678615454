// TransformStream and TransformStreamDefaultController: a writable side whose chunks go through
// the transformer's transform (and flush at the end) into a readable side, with the readable
// side's backpressure holding back the writes, as the spec and Node 20 have them.
"use strict";

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const {
  deferred,
  extractHighWaterMark,
  extractSizeAlgorithm,
  inspectStream,
  isBrandCheck,
  kState,
  kType,
  nonOpCancel,
  nonOpFlush,
  promiseCallback,
  webMembers,
} = require("node:internal/webstreams/util");
const {
  readableStreamDefaultControllerCanCloseOrEnqueue,
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure,
} = require("node:internal/webstreams/default_controller");
const { createReadableStream } = require("node:internal/webstreams/readablestream");
const {
  createWritableStream,
  writableStreamDefaultControllerErrorIfNeeded,
} = require("node:internal/webstreams/writablestream");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kMake = Symbol("kMake");

const isTransformStream = isBrandCheck("TransformStream");
const isTransformStreamDefaultController = isBrandCheck("TransformStreamDefaultController");

const objectOrNull = { allowArray: true, allowFunction: true, nullable: true };

class TransformStream {
  constructor(transformer = {}, writableStrategy = {}, readableStrategy = {}) {
    validateObject(transformer, "transformer", { allowArray: true, allowFunction: true });
    validateObject(writableStrategy, "writableStrategy", objectOrNull);
    validateObject(readableStrategy, "readableStrategy", objectOrNull);
    const readableType = transformer?.readableType;
    const writableType = transformer?.writableType;
    const start = transformer?.start;
    if (readableType !== undefined) {
      throw new ERR_INVALID_ARG_VALUE.RangeError("transformer.readableType", readableType);
    }
    if (writableType !== undefined) {
      throw new ERR_INVALID_ARG_VALUE.RangeError("transformer.writableType", writableType);
    }
    const readableHighWaterMark = readableStrategy?.highWaterMark;
    const readableSize = readableStrategy?.size;
    const writableHighWaterMark = writableStrategy?.highWaterMark;
    const writableSize = writableStrategy?.size;
    const actualReadableHighWaterMark = extractHighWaterMark(readableHighWaterMark, 0);
    const actualReadableSize = extractSizeAlgorithm(readableSize);
    const actualWritableHighWaterMark = extractHighWaterMark(writableHighWaterMark, 1);
    const actualWritableSize = extractSizeAlgorithm(writableSize);
    const startPromise = deferred();
    this[kType] = "TransformStream";
    initializeTransformStream(
      this,
      startPromise,
      actualWritableHighWaterMark,
      actualWritableSize,
      actualReadableHighWaterMark,
      actualReadableSize,
    );
    setupTransformStreamDefaultControllerFromTransformer(this, transformer);
    if (start !== undefined) startPromise.resolve(Reflect.apply(start, transformer, [this[kState].controller]));
    else startPromise.resolve();
  }

  get readable() {
    if (!isTransformStream(this)) throw new ERR_INVALID_THIS("TransformStream");
    return this[kState].readable;
  }

  get writable() {
    if (!isTransformStream(this)) throw new ERR_INVALID_THIS("TransformStream");
    return this[kState].writable;
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "TransformStream", {
      readable: this.readable,
      writable: this.writable,
      backpressure: this[kState].backpressure,
    });
  }
}

webMembers(TransformStream, ["readable", "writable"]);

class TransformStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kMake) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kType] = "TransformStreamDefaultController";
  }

  get desiredSize() {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS("TransformStreamDefaultController");
    const { readable } = this[kState].stream[kState];
    return readableStreamDefaultControllerGetDesiredSize(readable[kState].controller);
  }

  enqueue(chunk = undefined) {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS("TransformStreamDefaultController");
    transformStreamDefaultControllerEnqueue(this, chunk);
  }

  error(reason = undefined) {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS("TransformStreamDefaultController");
    transformStreamError(this[kState].stream, reason);
  }

  terminate() {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS("TransformStreamDefaultController");
    const { stream } = this[kState];
    readableStreamDefaultControllerClose(stream[kState].readable[kState].controller);
    transformStreamErrorWritableAndUnblockWrite(
      stream,
      new ERR_INVALID_STATE.TypeError("TransformStream has been terminated"),
    );
  }

  [customInspect](depth, options) {
    return inspectStream(depth, options, "TransformStreamDefaultController", { stream: this[kState].stream });
  }
}

webMembers(TransformStreamDefaultController, ["desiredSize", "enqueue", "error", "terminate"]);

async function defaultTransformAlgorithm(chunk, controller) {
  transformStreamDefaultControllerEnqueue(controller, chunk);
}

function initializeTransformStream(
  stream,
  startPromise,
  writableHighWaterMark,
  writableSizeAlgorithm,
  readableHighWaterMark,
  readableSizeAlgorithm,
) {
  const startAlgorithm = () => startPromise.promise;
  const writable = createWritableStream(
    startAlgorithm,
    (chunk) => sinkWriteAlgorithm(stream, chunk),
    () => sinkCloseAlgorithm(stream),
    (reason) => sinkAbortAlgorithm(stream, reason),
    writableHighWaterMark,
    writableSizeAlgorithm,
  );
  const readable = createReadableStream(
    startAlgorithm,
    () => sourcePullAlgorithm(stream),
    (reason) => sourceCancelAlgorithm(stream, reason),
    readableHighWaterMark,
    readableSizeAlgorithm,
  );
  stream[kState] = {
    readable,
    writable,
    controller: undefined,
    backpressure: undefined,
    backpressureChange: { promise: undefined, resolve: undefined, reject: undefined },
  };
  transformStreamSetBackpressure(stream, true);
}

function transformStreamError(stream, error) {
  readableStreamDefaultControllerError(stream[kState].readable[kState].controller, error);
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamErrorWritableAndUnblockWrite(stream, error) {
  const { controller, writable } = stream[kState];
  transformStreamDefaultControllerClearAlgorithms(controller);
  writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, error);
  transformStreamUnblockWrite(stream);
}

function transformStreamUnblockWrite(stream) {
  if (stream[kState].backpressure) transformStreamSetBackpressure(stream, false);
}

function transformStreamSetBackpressure(stream, backpressure) {
  const state = stream[kState];
  if (state.backpressureChange.promise !== undefined) state.backpressureChange.resolve?.();
  state.backpressureChange = deferred();
  state.backpressure = backpressure;
}

function setupTransformStreamDefaultControllerFromTransformer(stream, transformer) {
  const controller = new TransformStreamDefaultController(kMake);
  const { transform, flush, cancel } = transformer;
  controller[kState] = {
    stream,
    transformAlgorithm: transform
      ? promiseCallback("transformer.transform", transform, transformer)
      : defaultTransformAlgorithm,
    flushAlgorithm: flush ? promiseCallback("transformer.flush", flush, transformer) : nonOpFlush,
    cancelAlgorithm: cancel ? promiseCallback("transformer.cancel", cancel, transformer) : nonOpCancel,
  };
  stream[kState].controller = controller;
}

function transformStreamDefaultControllerClearAlgorithms(controller) {
  const state = controller[kState];
  state.transformAlgorithm = undefined;
  state.flushAlgorithm = undefined;
  state.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(controller, chunk) {
  const { stream } = controller[kState];
  const { readable } = stream[kState];
  const readableController = readable[kState].controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new ERR_INVALID_STATE.TypeError("Unable to enqueue");
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    transformStreamErrorWritableAndUnblockWrite(stream, error);
    throw readable[kState].storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream[kState].backpressure) transformStreamSetBackpressure(stream, true);
}

async function performTransform(controller, chunk) {
  try {
    return await controller[kState].transformAlgorithm(chunk, controller);
  } catch (error) {
    transformStreamError(controller[kState].stream, error);
    throw error;
  }
}

function sinkWriteAlgorithm(stream, chunk) {
  const { controller } = stream[kState];
  if (stream[kState].backpressure) {
    return stream[kState].backpressureChange.promise.then(() => {
      const { writable } = stream[kState];
      if (writable[kState].state === "erroring") throw writable[kState].storedError;
      return performTransform(controller, chunk);
    });
  }
  return performTransform(controller, chunk);
}

// Runs `finish` (the transformer's flush or cancel) once for the stream: the promise of the
// stream's finishing, which `settle` settles from finish's outcome.
function finishOnce(controller, finish, settle) {
  const state = controller[kState];
  if (state.finishPromise !== undefined) return state.finishPromise;
  const { promise, resolve, reject } = deferred();
  state.finishPromise = promise;
  const finished = finish();
  transformStreamDefaultControllerClearAlgorithms(controller);
  finished.then(
    () => settle.fulfilled(resolve, reject),
    (error) => settle.rejected(error, reject),
  );
  return state.finishPromise;
}

async function sinkAbortAlgorithm(stream, reason) {
  const { controller, readable } = stream[kState];
  return finishOnce(controller, () => controller[kState].cancelAlgorithm(reason), {
    fulfilled(resolve, reject) {
      if (readable[kState].state === "errored") {
        reject(readable[kState].storedError);
      } else {
        readableStreamDefaultControllerError(readable[kState].controller, reason);
        resolve();
      }
    },
    rejected(error, reject) {
      readableStreamDefaultControllerError(readable[kState].controller, error);
      reject(error);
    },
  });
}

function sinkCloseAlgorithm(stream) {
  const { controller, readable } = stream[kState];
  return finishOnce(controller, () => controller[kState].flushAlgorithm(controller), {
    fulfilled(resolve, reject) {
      if (readable[kState].state === "errored") {
        reject(readable[kState].storedError);
      } else {
        readableStreamDefaultControllerClose(readable[kState].controller);
        resolve();
      }
    },
    rejected(error, reject) {
      readableStreamDefaultControllerError(readable[kState].controller, error);
      reject(error);
    },
  });
}

function sourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream[kState].backpressureChange.promise;
}

function sourceCancelAlgorithm(stream, reason) {
  const { controller, writable } = stream[kState];
  return finishOnce(controller, () => controller[kState].cancelAlgorithm(reason), {
    fulfilled(resolve, reject) {
      if (writable[kState].state === "errored") {
        reject(writable[kState].storedError);
      } else {
        writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, reason);
        transformStreamUnblockWrite(stream);
        resolve();
      }
    },
    rejected(error, reject) {
      writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, error);
      transformStreamUnblockWrite(stream);
      reject(error);
    },
  });
}

module.exports = { TransformStream, TransformStreamDefaultController };
