// The ReadableStream abstract operations that do not depend on the kind of controller: the
// stream's state, closing, erroring and cancelling it, its reader's read requests and the
// generic reader steps. Controllers answer kCancel, kPull and kRelease; read requests (and
// read-into requests) kChunk, kClose and kError.
"use strict";

const {
  codes: { ERR_INVALID_STATE },
} = require("node:internal/errors");
const { deferred, isBrandCheck, kState, setPromiseHandled, settled } = require("node:internal/webstreams/util");

const kCancel = Symbol("kCancel");
const kPull = Symbol("kPull");
const kRelease = Symbol("kRelease");
const kChunk = Symbol("kChunk");
const kClose = Symbol("kClose");
const kError = Symbol("kError");

const isReadableStream = isBrandCheck("ReadableStream");
const isReadableStreamDefaultReader = isBrandCheck("ReadableStreamDefaultReader");
const isReadableStreamBYOBReader = isBrandCheck("ReadableStreamBYOBReader");
const isReadableByteStreamController = isBrandCheck("ReadableByteStreamController");

// Node shares one error of each kind between all readers.
let releasedError;
let releasingError;
const readerReleasedError = () => (releasedError ??= new ERR_INVALID_STATE.TypeError("Reader released"));
const readerReleasingError = () => (releasingError ??= new ERR_INVALID_STATE.TypeError("Releasing reader"));

function createReadableStreamState() {
  return { disturbed: false, reader: undefined, state: "readable", storedError: undefined, controller: undefined };
}

function isReadableStreamLocked(stream) {
  return stream[kState].reader !== undefined;
}

function readableStreamHasDefaultReader(stream) {
  return isReadableStreamDefaultReader(stream[kState].reader);
}

function readableStreamHasBYOBReader(stream) {
  return isReadableStreamBYOBReader(stream[kState].reader);
}

function readableStreamGetNumReadRequests(stream) {
  return stream[kState].reader[kState].readRequests.length;
}

function readableStreamGetNumReadIntoRequests(stream) {
  return stream[kState].reader[kState].readIntoRequests.length;
}

function readableStreamAddReadRequest(stream, readRequest) {
  stream[kState].reader[kState].readRequests.push(readRequest);
}

function readableStreamAddReadIntoRequest(stream, readIntoRequest) {
  stream[kState].reader[kState].readIntoRequests.push(readIntoRequest);
}

function readableStreamFulfillReadRequest(stream, chunk, done) {
  const readRequest = stream[kState].reader[kState].readRequests.shift();
  if (done) readRequest[kClose]();
  else readRequest[kChunk](chunk);
}

function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const readIntoRequest = stream[kState].reader[kState].readIntoRequests.shift();
  if (done) readIntoRequest[kClose](chunk);
  else readIntoRequest[kChunk](chunk);
}

function readableStreamClose(stream) {
  const state = stream[kState];
  state.state = "closed";
  const { reader } = state;
  if (reader === undefined) return;
  reader[kState].close.resolve();
  if (isReadableStreamDefaultReader(reader)) closeRequests(reader, "readRequests");
}

// Settles a reader's requests (`list`, readRequests or readIntoRequests), those added meanwhile
// too, as done, failed with `error`, or done with no value.
function closeRequests(reader, list) {
  for (let n = 0; n < reader[kState][list].length; n++) reader[kState][list][n][kClose]();
  reader[kState][list] = [];
}

function errorRequests(reader, list, error) {
  for (let n = 0; n < reader[kState][list].length; n++) reader[kState][list][n][kError](error);
  reader[kState][list] = [];
}

function readableStreamError(stream, error) {
  const state = stream[kState];
  state.state = "errored";
  state.storedError = error;
  const { reader } = state;
  if (reader === undefined) return;
  setPromiseHandled(reader[kState].close.promise);
  reader[kState].close.reject(error);
  errorRequests(reader, isReadableStreamDefaultReader(reader) ? "readRequests" : "readIntoRequests", error);
}

function readableStreamCancel(stream, reason) {
  const state = stream[kState];
  state.disturbed = true;
  if (state.state === "closed") return Promise.resolve();
  if (state.state === "errored") return Promise.reject(state.storedError);
  readableStreamClose(stream);
  const { reader } = state;
  if (isReadableStreamBYOBReader(reader)) closeRequests(reader, "readIntoRequests");
  return state.controller[kCancel](reason).then(() => {});
}

// ---- Readers.

function readableStreamReaderGenericInitialize(reader, stream) {
  reader[kState].stream = stream;
  stream[kState].reader = reader;
  switch (stream[kState].state) {
    case "readable":
      reader[kState].close = deferred();
      break;
    case "closed":
      reader[kState].close = settled(Promise.resolve());
      break;
    case "errored":
      reader[kState].close = settled(Promise.reject(stream[kState].storedError));
      setPromiseHandled(reader[kState].close.promise);
      break;
  }
}

function setupReadableStreamReader(reader, stream, list) {
  if (isReadableStreamLocked(stream)) throw new ERR_INVALID_STATE.TypeError("ReadableStream is locked");
  readableStreamReaderGenericInitialize(reader, stream);
  reader[kState][list] = [];
}

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader[kState].stream, reason);
}

function readableStreamReaderGenericRelease(reader) {
  const { stream } = reader[kState];
  const error = readerReleasedError();
  if (stream[kState].state === "readable") reader[kState].close.reject?.(error);
  else reader[kState].close = settled(Promise.reject(error));
  setPromiseHandled(reader[kState].close.promise);
  stream[kState].controller[kRelease]();
  stream[kState].reader = undefined;
  reader[kState].stream = undefined;
}

// Releases a reader, failing its pending requests (`list`: readRequests or readIntoRequests).
function readableStreamReaderRelease(reader, list) {
  readableStreamReaderGenericRelease(reader);
  errorRequests(reader, list, readerReleasingError());
}

function readableStreamDefaultReaderRead(reader, readRequest) {
  const { stream } = reader[kState];
  stream[kState].disturbed = true;
  switch (stream[kState].state) {
    case "closed":
      readRequest[kClose]();
      break;
    case "errored":
      readRequest[kError](stream[kState].storedError);
      break;
    case "readable":
      stream[kState].controller[kPull](readRequest);
  }
}

// A read (or read-into) request settling a promise with the read's result ({ value, done }).
function promiseReadRequest() {
  const { promise, resolve, reject } = deferred();
  return {
    promise,
    [kChunk]: (value) => resolve({ value, done: false }),
    [kClose]: (value) => resolve({ value, done: true }),
    [kError]: reject,
  };
}

module.exports = {
  createReadableStreamState,
  isReadableByteStreamController,
  isReadableStream,
  isReadableStreamBYOBReader,
  isReadableStreamDefaultReader,
  isReadableStreamLocked,
  kCancel,
  kChunk,
  kClose,
  kError,
  kPull,
  kRelease,
  promiseReadRequest,
  readableStreamAddReadIntoRequest,
  readableStreamAddReadRequest,
  readableStreamCancel,
  readableStreamClose,
  readableStreamDefaultReaderRead,
  readableStreamError,
  readableStreamFulfillReadIntoRequest,
  readableStreamFulfillReadRequest,
  readableStreamGetNumReadIntoRequests,
  readableStreamGetNumReadRequests,
  readableStreamHasBYOBReader,
  readableStreamHasDefaultReader,
  readableStreamReaderGenericCancel,
  readableStreamReaderGenericRelease,
  readableStreamReaderRelease,
  setupReadableStreamReader,
};
