// Node's `readline/promises`: an Interface whose question() returns a promise (rejected with an
// AbortError when its signal aborts, or with ERR_USE_AFTER_CLOSE after close), createInterface
// and Readline (cursor actions committed together).
"use strict";

const EventEmitter = require("node:events");
const { AbortError } = require("node:internal/errors");
const { validateAbortSignal } = require("node:internal/streams/utils");
const { Readline } = require("node:internal/readline/promises");
const { Interface: BaseInterface, kQuestion, kQuestionCancel } = require("node:internal/readline/interface");

class Interface extends BaseInterface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      let callback = resolve;
      const signal = options?.signal;
      if (signal) {
        validateAbortSignal(signal, "options.signal");
        if (signal.aborted) {
          reject(new AbortError(undefined, { cause: signal.reason }));
          return;
        }
        const disposable = EventEmitter.addAbortListener(signal, () => {
          this[kQuestionCancel]();
          reject(new AbortError(undefined, { cause: signal.reason }));
        });
        callback = (answer) => {
          disposable[Symbol.dispose]();
          resolve(answer);
        };
      }
      this[kQuestion](query, callback);
    });
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = { Interface, Readline, createInterface };
