// A stream's highWaterMark: the option (a non-negative integer), or the default (16 KiB, or 16
// objects), which setDefaultHighWaterMark changes.
"use strict";

const { validateInteger } = require("node:internal/validators");
const {
  codes: { ERR_INVALID_ARG_VALUE },
} = require("node:internal/errors");

let defaultBytes = 16 * 1024;
let defaultObjects = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultObjects : defaultBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  validateInteger(value, "value", 0);
  if (objectMode) defaultObjects = value;
  else defaultBytes = value;
}

// `duplexKey` (readableHighWaterMark / writableHighWaterMark) counts for a duplex side when
// `highWaterMark` is not given.
function getHighWaterMark(state, options, duplexKey, isDuplex) {
  const hwm = options.highWaterMark != null ? options.highWaterMark : isDuplex ? options[duplexKey] : null;
  if (hwm != null) {
    if (!Number.isInteger(hwm) || hwm < 0) {
      throw new ERR_INVALID_ARG_VALUE(isDuplex ? `options.${duplexKey}` : "options.highWaterMark", hwm);
    }
    return Math.floor(hwm);
  }
  return getDefaultHighWaterMark(state.objectMode);
}

module.exports = { getDefaultHighWaterMark, getHighWaterMark, setDefaultHighWaterMark };
