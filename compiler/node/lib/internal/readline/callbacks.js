// readline's cursor functions on a stream: cursorTo, moveCursor, clearLine, clearScreenDown
// write ECMA-48 control sequences; with no stream (or nothing to do) they only call back, on
// the next tick.
"use strict";

const {
  codes: { ERR_INVALID_ARG_VALUE },
  withCode,
} = require("node:internal/errors");
const { validateFunction } = require("node:internal/validators");
const { CSI } = require("node:internal/readline/utils");

function nothingToWrite(callback) {
  if (typeof callback === "function") process.nextTick(callback, null);
  return true;
}

function cursorTo(stream, x, y, callback) {
  if (callback !== undefined) validateFunction(callback, "callback");
  if (typeof y === "function") {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x)) throw new ERR_INVALID_ARG_VALUE("x", x);
  if (Number.isNaN(y)) throw new ERR_INVALID_ARG_VALUE("y", y);
  if (stream == null || (typeof x !== "number" && typeof y !== "number")) return nothingToWrite(callback);
  if (typeof x !== "number") {
    throw withCode(TypeError, "ERR_INVALID_CURSOR_POS", "Cannot set cursor row without setting its column");
  }
  return stream.write(typeof y !== "number" ? CSI`${x + 1}G` : CSI`${y + 1};${x + 1}H`, callback);
}

function moveCursor(stream, dx, dy, callback) {
  if (callback !== undefined) validateFunction(callback, "callback");
  if (stream == null || !(dx || dy)) return nothingToWrite(callback);
  let data = "";
  if (dx < 0) data += CSI`${-dx}D`;
  else if (dx > 0) data += CSI`${dx}C`;
  if (dy < 0) data += CSI`${-dy}A`;
  else if (dy > 0) data += CSI`${dy}B`;
  return stream.write(data, callback);
}

// dir < 0: to the line's start, > 0: to its end, 0: the whole line.
function clearLine(stream, dir, callback) {
  if (callback !== undefined) validateFunction(callback, "callback");
  if (stream === null || stream === undefined) return nothingToWrite(callback);
  const data = dir < 0 ? CSI.kClearToLineBeginning : dir > 0 ? CSI.kClearToLineEnd : CSI.kClearLine;
  return stream.write(data, callback);
}

function clearScreenDown(stream, callback) {
  if (callback !== undefined) validateFunction(callback, "callback");
  if (stream === null || stream === undefined) return nothingToWrite(callback);
  return stream.write(CSI.kClearScreenDown, callback);
}

module.exports = { clearLine, clearScreenDown, cursorTo, moveCursor };
