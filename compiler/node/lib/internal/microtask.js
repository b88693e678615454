// Node's global queueMicrotask: QuickJS-NG's job queue (native.queueMicrotask), with Node's check
// of the callback. A callback that throws is an uncaught exception (the event loop reports
// what a job throws).
"use strict";

const native = require("node:internal/native");
const { validateFunction } = require("node:internal/validators");

function queueMicrotask(callback) {
  validateFunction(callback, "callback");
  native.queueMicrotask(callback);
}

module.exports = { queueMicrotask };
