// ReadableStream's pipeTo: reads from the source and writes to the destination while the
// destination's writer is ready, then shuts both down as the spec says for whichever side
// closes or errors first, or for the signal's abort (preventClose, preventAbort, preventCancel).
"use strict";

const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_STATE },
} = require("node:internal/errors");
const { DOMException } = require("node:internal/domexception");
const { addAbortListener } = require("node:events");
const { deferred, kState, setPromiseHandled } = require("node:internal/webstreams/util");
const {
  kChunk,
  kClose,
  kError,
  readableStreamCancel,
  readableStreamDefaultReaderRead,
  readableStreamReaderGenericRelease,
} = require("node:internal/webstreams/readable_ops");
const { ReadableStreamDefaultReader } = require("node:internal/webstreams/readers");
const {
  WritableStreamDefaultWriter,
  writableStreamAbort,
  writableStreamCloseQueuedOrInFlight,
  writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamDefaultWriterRelease,
  writableStreamDefaultWriterWrite,
} = require("node:internal/webstreams/writablestream");

function validateAbortSignal(signal, name) {
  if (signal === null || typeof signal !== "object" || !("aborted" in signal)) {
    throw new ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
  }
}

// Promise.all as Node's pipeTo has it (its SafePromiseAll): a promise of each promise's outcome,
// and one of all's, which settle two microtasks later than Promise.all's would.
function settleAll(promises) {
  const each = promises.map((promise) => new Promise((resolve, reject) => promise.then(resolve, reject)));
  return new Promise((resolve, reject) => Promise.all(each).then(resolve, reject));
}

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  let reader;
  let writer;
  let disposable;
  try {
    reader = new ReadableStreamDefaultReader(source);
    writer = new WritableStreamDefaultWriter(dest);
  } catch (error) {
    return Promise.reject(error);
  }
  source[kState].disturbed = true;
  let shuttingDown = false;
  const promise = deferred();
  let currentWrite = Promise.resolve();

  // `rejected` says whether the pipe fails, with `error` (which may be undefined).
  function finalize(rejected, error) {
    writableStreamDefaultWriterRelease(writer);
    readableStreamReaderGenericRelease(reader);
    if (signal !== undefined) disposable?.[Symbol.dispose]();
    if (rejected) promise.reject(error);
    else promise.resolve();
  }

  async function waitForCurrentWrite() {
    const write = currentWrite;
    await write;
    if (write !== currentWrite) await waitForCurrentWrite();
  }

  const destWritable = () => dest[kState].state === "writable" && !writableStreamCloseQueuedOrInFlight(dest);

  function shutdownWithAnAction(action, rejected, originalError) {
    if (shuttingDown) return;
    shuttingDown = true;
    const complete = () => {
      action().then(
        () => finalize(rejected, originalError),
        (error) => finalize(true, error),
      );
    };
    if (destWritable()) {
      waitForCurrentWrite().then(complete, (error) => finalize(true, error));
      return;
    }
    complete();
  }

  function shutdown(rejected, error) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (destWritable()) {
      waitForCurrentWrite().then(
        () => finalize(rejected, error),
        (error) => finalize(true, error),
      );
      return;
    }
    finalize(rejected, error);
  }

  function abortAlgorithm() {
    // A DOMException, never Node's AbortError.
    const error =
      signal.reason instanceof AbortError ? new DOMException(signal.reason.message, "AbortError") : signal.reason;
    const actions = [];
    if (!preventAbort) {
      actions.push(() => (dest[kState].state === "writable" ? writableStreamAbort(dest, error) : Promise.resolve()));
    }
    if (!preventCancel) {
      actions.push(() =>
        source[kState].state === "readable" ? readableStreamCancel(source, error) : Promise.resolve(),
      );
    }
    shutdownWithAnAction(() => settleAll(actions.map((action) => action())), true, error);
  }

  function watchErrored(stream, closed, action) {
    if (stream[kState].state === "errored") action(stream[kState].storedError);
    else closed.then(undefined, action);
  }

  function watchClosed(stream, closed, action) {
    if (stream[kState].state === "closed") action();
    else closed.then(action, () => {});
  }

  // Whether the pipe is done (true) or has written a chunk (false).
  async function step() {
    if (shuttingDown) return true;
    await writer[kState].ready.promise;
    const { promise, resolve, reject } = deferred();
    readableStreamDefaultReaderRead(reader, {
      [kChunk](chunk) {
        currentWrite = writableStreamDefaultWriterWrite(writer, chunk);
        setPromiseHandled(currentWrite);
        resolve(false);
      },
      [kClose]: () => resolve(true),
      [kError]: reject,
    });
    return promise;
  }

  async function run() {
    while (!(await step()));
  }

  if (signal !== undefined) {
    if (signal.aborted) {
      abortAlgorithm();
      return promise.promise;
    }
    disposable = addAbortListener(signal, abortAlgorithm);
  }

  setPromiseHandled(run());

  watchErrored(source, reader[kState].close.promise, (error) => {
    if (!preventAbort) {
      shutdownWithAnAction(() => writableStreamAbort(dest, error), true, error);
      return;
    }
    shutdown(true, error);
  });

  watchErrored(dest, writer[kState].close.promise, (error) => {
    if (!preventCancel) {
      shutdownWithAnAction(() => readableStreamCancel(source, error), true, error);
      return;
    }
    shutdown(true, error);
  });

  watchClosed(source, reader[kState].close.promise, () => {
    if (!preventClose) {
      shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
      return;
    }
    shutdown();
  });

  if (writableStreamCloseQueuedOrInFlight(dest) || dest[kState].state === "closed") {
    const error = new ERR_INVALID_STATE.TypeError("Destination WritableStream is closed");
    if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, error), true, error);
    else shutdown(true, error);
  }

  return promise.promise;
}

module.exports = { readableStreamPipeTo, validateAbortSignal };
