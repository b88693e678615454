// addAbortSignal(signal, stream): the stream is destroyed with an AbortError (the signal's
// reason as its cause) when the signal aborts.
"use strict";

const EventEmitter = require("node:events");
const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE },
} = require("node:internal/errors");
const { isNodeStream } = require("node:internal/streams/utils");
const eos = require("node:internal/streams/end-of-stream");

function isSignal(signal) {
  return signal !== null && typeof signal === "object" && "aborted" in signal;
}

function addAbortSignal(signal, stream) {
  if (!isSignal(signal)) throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
  if (!isNodeStream(stream)) {
    throw new ERR_INVALID_ARG_TYPE("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
  }
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (!isSignal(signal)) return stream;
  const onAbort = () => {
    stream.destroy(new AbortError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    onAbort();
  } else {
    const disposable = EventEmitter.addAbortListener(signal, onAbort);
    eos(stream, disposable[Symbol.dispose]);
  }
  return stream;
}

module.exports = { addAbortSignal, addAbortSignalNoValidate };
