// Node's `readline`: createInterface and the callback Interface (question with a callback and
// an optional AbortSignal, util.promisify-able; the underscore members some libraries override,
// such as _writeToOutput), the cursor functions, emitKeypressEvents and `promises`. The
// Interface reads lines as Node does for non-terminal input (internal/readline/interface.js
// says what terminal mode lacks).
"use strict";

const EventEmitter = require("node:events");
const { AbortError } = require("node:internal/errors");
const { validateAbortSignal } = require("node:internal/streams/utils");
const { clearLine, clearScreenDown, cursorTo, moveCursor } = require("node:internal/readline/callbacks");
const emitKeypressEvents = require("node:internal/readline/emitKeypressEvents");
const promises = require("node:readline/promises");
const {
  Interface: BaseInterface,
  InterfaceConstructor,
  kDecoder,
  kLineBuffer,
  kNormalWrite,
  kOldPrompt,
  kOnLine,
  kPrompt,
  kQuestion,
  kQuestionCallback,
  kQuestionCancel,
  kSawReturnAt,
  kWriteToOutput,
} = require("node:internal/readline/interface");

// A completer of one argument becomes the (line, callback) form this Interface calls.
function Interface(input, output, completer, terminal) {
  if (!(this instanceof Interface)) return new Interface(input, output, completer, terminal);
  if (input?.input && typeof input.completer === "function" && input.completer.length !== 2) {
    const given = input.completer;
    input.completer = (line, callback) => callback(null, given(line));
  } else if (typeof completer === "function" && completer.length !== 2) {
    const given = completer;
    completer = (line, callback) => callback(null, given(line));
  }
  InterfaceConstructor.call(this, input, output, completer, terminal);
}
Object.setPrototypeOf(Interface.prototype, BaseInterface.prototype);
Object.setPrototypeOf(Interface, BaseInterface);

Interface.prototype.question = function question(query, options, callback) {
  callback = typeof options === "function" ? options : callback;
  if (options === null || typeof options !== "object") options = {};
  if (options.signal) {
    validateAbortSignal(options.signal, "options.signal");
    if (options.signal.aborted) return;
    const disposable = EventEmitter.addAbortListener(options.signal, () => this[kQuestionCancel]());
    const answered = callback;
    callback =
      typeof answered === "function"
        ? (answer) => {
            disposable[Symbol.dispose]();
            return answered(answer);
          }
        : disposable[Symbol.dispose];
  }
  if (typeof callback === "function") this[kQuestion](query, callback);
};

Interface.prototype.question[Symbol.for("nodejs.util.promisify.custom")] = function question(query, options) {
  if (options === null || typeof options !== "object") options = {};
  const signal = options.signal;
  if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    let callback = resolve;
    if (signal) {
      const disposable = EventEmitter.addAbortListener(signal, () => {
        reject(new AbortError(undefined, { cause: signal.reason }));
      });
      callback = (answer) => {
        disposable[Symbol.dispose]();
        resolve(answer);
      };
    }
    this.question(query, options, callback);
  });
};

// The members Node keeps public for older code: the methods (the Interface calls them through
// these names, so an override such as a muted _writeToOutput takes effect) and the state.
const methods = { _onLine: kOnLine, _writeToOutput: kWriteToOutput, _normalWrite: kNormalWrite };
for (const [name, key] of Object.entries(methods)) {
  Interface.prototype[name] = BaseInterface.prototype[key];
  Object.defineProperty(Interface.prototype, key, {
    get() {
      return this[name];
    },
  });
}
const state = {
  _decoder: kDecoder,
  _line_buffer: kLineBuffer,
  _oldPrompt: kOldPrompt,
  _prompt: kPrompt,
  _questionCallback: kQuestionCallback,
  _sawReturnAt: kSawReturnAt,
};
for (const [name, key] of Object.entries(state)) {
  Object.defineProperty(Interface.prototype, name, {
    get() {
      return this[key];
    },
    set(value) {
      this[key] = value;
    },
  });
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = {
  Interface,
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
  promises,
};
