// ReadableStream's tee: two branches that each get every chunk of the stream, read once for
// both; the stream is cancelled when both branches are. A byte stream's branches are byte
// streams (the second gets copies of the chunks), read with a BYOB reader when a branch is.
"use strict";

const native = require("node:internal/native");
const { cloneAsUint8Array, deferred, kState, nonOpStart } = require("node:internal/webstreams/util");
const {
  isReadableByteStreamController,
  isReadableStreamBYOBReader,
  isReadableStreamDefaultReader,
  kChunk,
  kClose,
  kError,
  readableStreamCancel,
  readableStreamDefaultReaderRead,
  readableStreamReaderRelease,
} = require("node:internal/webstreams/readable_ops");
const {
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
} = require("node:internal/webstreams/default_controller");
const {
  readableByteStreamControllerClose,
  readableByteStreamControllerEnqueue,
  readableByteStreamControllerError,
  readableByteStreamControllerRespond,
  readableByteStreamControllerRespondWithNewView,
} = require("node:internal/webstreams/byte_controller");
const {
  ReadableStreamBYOBReader,
  ReadableStreamDefaultReader,
  readableStreamBYOBReaderRead,
} = require("node:internal/webstreams/readers");
const { createReadableByteStream, createReadableStream } = require("node:internal/webstreams/readablestream");

const controllerOf = (branch) => branch[kState].controller;

function readableStreamTee(stream) {
  if (isReadableByteStreamController(stream[kState].controller)) return readableByteStreamTee(stream);
  return readableStreamDefaultTee(stream);
}

// The cancel algorithms of two branches: the stream is cancelled with both reasons once both
// are; `cancelled.promise` settles then (or when the stream closes or errors).
function teeCancel(stream) {
  const cancelled = deferred();
  const canceled = [false, false];
  const reasons = [undefined, undefined];
  const cancelBranch = (index) => (reason) => {
    canceled[index] = true;
    reasons[index] = reason;
    if (canceled[1 - index]) cancelled.resolve(readableStreamCancel(stream, [reasons[0], reasons[1]]));
    return cancelled.promise;
  };
  return { cancelled, canceled, cancel1: cancelBranch(0), cancel2: cancelBranch(1) };
}

function readableStreamDefaultTee(stream) {
  const reader = new ReadableStreamDefaultReader(stream);
  const { cancelled, canceled, cancel1, cancel2 } = teeCancel(stream);
  let reading = false;
  let branch1;
  let branch2;

  async function pullAlgorithm() {
    if (reading) return;
    reading = true;
    readableStreamDefaultReaderRead(reader, {
      [kChunk](value) {
        native.queueMicrotask(() => {
          reading = false;
          if (!canceled[0]) readableStreamDefaultControllerEnqueue(controllerOf(branch1), value);
          if (!canceled[1]) readableStreamDefaultControllerEnqueue(controllerOf(branch2), value);
        });
      },
      [kClose]() {
        // Node closes the branches from the nextTick queue (not in the spec).
        process.nextTick(() => {
          reading = false;
          if (!canceled[0]) readableStreamDefaultControllerClose(controllerOf(branch1));
          if (!canceled[1]) readableStreamDefaultControllerClose(controllerOf(branch2));
          if (!canceled[0] || !canceled[1]) cancelled.resolve();
        });
      },
      [kError]() {
        reading = false;
      },
    });
  }

  branch1 = createReadableStream(nonOpStart, pullAlgorithm, cancel1);
  branch2 = createReadableStream(nonOpStart, pullAlgorithm, cancel2);
  reader[kState].close.promise.then(undefined, (error) => {
    readableStreamDefaultControllerError(controllerOf(branch1), error);
    readableStreamDefaultControllerError(controllerOf(branch2), error);
    if (!canceled[0] || !canceled[1]) cancelled.resolve();
  });
  return [branch1, branch2];
}

function readableByteStreamTee(stream) {
  let reader = new ReadableStreamDefaultReader(stream);
  const { cancelled, canceled, cancel1, cancel2 } = teeCancel(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let branch1;
  let branch2;

  function forwardReaderError(thisReader) {
    thisReader[kState].close.promise.then(undefined, (error) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(controllerOf(branch1), error);
      readableByteStreamControllerError(controllerOf(branch2), error);
      if (!canceled[0] || !canceled[1]) cancelled.resolve();
    });
  }

  // After a chunk: the stream is read again for the branch that asked meanwhile.
  function readAgain() {
    reading = false;
    if (readAgainForBranch1) pull1Algorithm(controllerOf(branch1));
    else if (readAgainForBranch2) pull2Algorithm(controllerOf(branch2));
  }

  // Errors both branches and cancels the stream with what cloning a chunk threw.
  function cloneFailed(error) {
    readableByteStreamControllerError(controllerOf(branch1), error);
    readableByteStreamControllerError(controllerOf(branch2), error);
    cancelled.resolve(readableStreamCancel(stream, error));
  }

  function pullWithDefaultReader() {
    if (isReadableStreamBYOBReader(reader)) {
      readableStreamReaderRelease(reader, "readIntoRequests");
      reader = new ReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    readableStreamDefaultReaderRead(reader, {
      [kChunk](chunk) {
        native.queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          let chunk2 = chunk;
          if (!canceled[0] && !canceled[1]) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (error) {
              cloneFailed(error);
              return;
            }
          }
          if (!canceled[0]) readableByteStreamControllerEnqueue(controllerOf(branch1), chunk);
          if (!canceled[1]) readableByteStreamControllerEnqueue(controllerOf(branch2), chunk2);
          readAgain();
        });
      },
      [kClose]() {
        reading = false;
        if (!canceled[0]) readableByteStreamControllerClose(controllerOf(branch1));
        if (!canceled[1]) readableByteStreamControllerClose(controllerOf(branch2));
        for (const branch of [branch1, branch2]) {
          if (controllerOf(branch)[kState].pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(controllerOf(branch), 0);
          }
        }
        if (!canceled[0] || !canceled[1]) cancelled.resolve();
      },
      [kError]() {
        reading = false;
      },
    });
  }

  function pullWithBYOBReader(view, forBranch2) {
    if (isReadableStreamDefaultReader(reader)) {
      readableStreamReaderRelease(reader, "readRequests");
      reader = new ReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    const byobIndex = forBranch2 ? 1 : 0;
    readableStreamBYOBReaderRead(reader, view, 1, {
      [kChunk](chunk) {
        native.queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = canceled[byobIndex];
          const otherCanceled = canceled[1 - byobIndex];
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (error) {
              cloneFailed(error);
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
            readableByteStreamControllerEnqueue(controllerOf(otherBranch), clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
          }
          readAgain();
        });
      },
      [kClose](chunk) {
        reading = false;
        const byobCanceled = canceled[byobIndex];
        const otherCanceled = canceled[1 - byobIndex];
        if (!byobCanceled) readableByteStreamControllerClose(controllerOf(byobBranch));
        if (!otherCanceled) readableByteStreamControllerClose(controllerOf(otherBranch));
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
          if (!otherCanceled && controllerOf(otherBranch)[kState].pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(controllerOf(otherBranch), 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelled.resolve();
      },
      [kError]() {
        reading = false;
      },
    });
  }

  // The pull algorithm of the first branch or (forBranch2) the second.
  function pullFor(forBranch2) {
    return (controller) => {
      if (reading) {
        if (forBranch2) readAgainForBranch2 = true;
        else readAgainForBranch1 = true;
        return Promise.resolve();
      }
      reading = true;
      const { byobRequest } = controller;
      if (byobRequest === null) pullWithDefaultReader();
      else pullWithBYOBReader(byobRequest[kState].view, forBranch2);
      return Promise.resolve();
    };
  }

  const pull1Algorithm = pullFor(false);
  const pull2Algorithm = pullFor(true);

  branch1 = createReadableByteStream(nonOpStart, pull1Algorithm, cancel1);
  branch2 = createReadableByteStream(nonOpStart, pull2Algorithm, cancel2);
  forwardReaderError(reader);
  return [branch1, branch2];
}

module.exports = { readableStreamTee };
