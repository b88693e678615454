// readline.emitKeypressEvents(stream, interface): makes `stream` emit 'keypress' (text, key)
// for what it reads while someone listens to 'keypress' (internal/readline/utils.js parses the
// keys). An ESC that ends the data waits escapeCodeTimeout ms for the rest of its sequence,
// then is the escape key.
"use strict";

const { StringDecoder } = require("node:string_decoder");
const { clearTimeout, setTimeout } = require("node:timers");
const { emitKeys, kEscape } = require("node:internal/readline/utils");

const KEYPRESS_DECODER = Symbol("keypress-decoder");
const ESCAPE_DECODER = Symbol("escape-decoder");
const ESCAPE_CODE_TIMEOUT = 500;

function startParser(stream) {
  stream[ESCAPE_DECODER] = emitKeys(stream);
  stream[ESCAPE_DECODER].next();
}

function emitKeypressEvents(stream, iface = {}) {
  if (stream[KEYPRESS_DECODER]) return;
  stream[KEYPRESS_DECODER] = new StringDecoder("utf8");
  startParser(stream);
  const { escapeCodeTimeout = ESCAPE_CODE_TIMEOUT } = iface;
  const triggerEscape = () => stream[ESCAPE_DECODER].next("");
  let timeout;

  function onData(input) {
    if (stream.listenerCount("keypress") === 0) {
      // No one listens: wait for a listener before decoding again.
      stream.removeListener("data", onData);
      stream.on("newListener", onNewListener);
      return;
    }
    const text = stream[KEYPRESS_DECODER].write(input);
    if (!text) return;
    clearTimeout(timeout);
    iface.isCompletionEnabled = false;
    let length = 0;
    for (const character of text) {
      length += character.length;
      if (length === text.length) iface.isCompletionEnabled = true;
      try {
        stream[ESCAPE_DECODER].next(character);
        if (length === text.length && character === kEscape) {
          timeout = setTimeout(triggerEscape, escapeCodeTimeout);
        }
      } catch (error) {
        // A 'keypress' listener threw: the parser starts afresh.
        startParser(stream);
        throw error;
      }
    }
  }

  function onNewListener(event) {
    if (event !== "keypress") return;
    stream.on("data", onData);
    stream.removeListener("newListener", onNewListener);
  }

  if (stream.listenerCount("keypress") > 0) stream.on("data", onData);
  else stream.on("newListener", onNewListener);
}

module.exports = emitKeypressEvents;
