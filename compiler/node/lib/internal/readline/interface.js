// The readline Interface of node:readline and node:readline/promises: lines of a Readable
// (process.stdin, a file stream, a PassThrough) as 'line' events, questions, prompts, 'pause',
// 'resume' and 'close' when Node emits them, and async iteration over the lines (events.on,
// queued while no one iterates, the input paused past 1024 of them).
//
// Only Node's non-terminal mode: `terminal: true` and a terminal output still read plain lines
// (on a terminal, its own line discipline edits and echoes them: WASI cannot set raw mode), so
// `rl.terminal` is false and there is no keypress-driven editing, history or completion.
"use strict";

const EventEmitter = require("node:events");
const { StringDecoder } = require("node:string_decoder");
const {
  codes: { ERR_INVALID_ARG_VALUE },
  withCode,
} = require("node:internal/errors");
const { validateArray, validateInteger, validateNumber, validateString } = require("node:internal/validators");
const { validateAbortSignal } = require("node:internal/streams/utils");
const { kFirstEventParam } = require("node:internal/events/symbols");

const HISTORY_SIZE = 30;
const MIN_CRLF_DELAY = 100;
// GNU readline's keyseq-timeout.
const ESCAPE_CODE_TIMEOUT = 500;
// A line ends at \r\n, \n, or a \r that no \n follows (in the same chunk).
const LINE_ENDING = /\r?\n|\r(?!\n)/g;

const kDecoder = Symbol("_decoder");
const kLineBuffer = Symbol("_line_buffer");
const kLineIterator = Symbol("line object stream");
const kNormalWrite = Symbol("_normalWrite");
const kOldPrompt = Symbol("_oldPrompt");
const kOnLine = Symbol("_onLine");
const kPrompt = Symbol("_prompt");
const kQuestion = Symbol("kQuestion");
const kQuestionCallback = Symbol("_questionCallback");
const kQuestionCancel = Symbol("kQuestionCancel");
const kSawReturnAt = Symbol("_sawReturnAt");
const kWriteToOutput = Symbol("_writeToOutput");

function useAfterClose() {
  return withCode(Error, "ERR_USE_AFTER_CLOSE", "readline was closed");
}

// The options of createInterface, from an options object or from the four positional
// arguments, checked in Node's order.
function readOptions(self, input, output, completer, terminal) {
  const options = { input, output, completer, terminal, prompt: "> " };
  if (input?.input) {
    Object.assign(options, {
      output: input.output,
      completer: input.completer,
      terminal: input.terminal,
      history: input.history,
      historySize: input.historySize,
      signal: input.signal,
      removeHistoryDuplicates: input.removeHistoryDuplicates,
      crlfDelay: input.crlfDelay,
      input: input.input,
    });
    if (input.tabSize !== undefined) {
      validateInteger(input.tabSize, "tabSize", 1, 4294967295);
      self.tabSize = input.tabSize;
    }
    if (input.prompt !== undefined) options.prompt = input.prompt;
    if (input.escapeCodeTimeout !== undefined) {
      // Node shows the timeout in force, not the one given.
      if (!Number.isFinite(input.escapeCodeTimeout)) {
        throw new ERR_INVALID_ARG_VALUE("input.escapeCodeTimeout", self.escapeCodeTimeout);
      }
      self.escapeCodeTimeout = input.escapeCodeTimeout;
    }
    if (options.signal) validateAbortSignal(options.signal, "options.signal");
  }
  if (options.completer !== undefined && typeof options.completer !== "function") {
    throw new ERR_INVALID_ARG_VALUE("completer", options.completer);
  }
  if (options.history === undefined) options.history = [];
  else validateArray(options.history, "history");
  if (options.historySize === undefined) options.historySize = HISTORY_SIZE;
  validateNumber(options.historySize, "historySize", 0);
  return options;
}

function InterfaceConstructor(input, output, completer, terminal) {
  this[kSawReturnAt] = 0;
  this.isCompletionEnabled = true;
  this.escapeCodeTimeout = ESCAPE_CODE_TIMEOUT;
  this.tabSize = 8;
  EventEmitter.call(this);

  const options = readOptions(this, input, output, completer, terminal);
  input = options.input;
  this.line = "";
  this.output = options.output;
  this.input = input;
  this.history = options.history;
  this.historySize = options.historySize;
  this.removeHistoryDuplicates = !!options.removeHistoryDuplicates;
  this.crlfDelay = options.crlfDelay ? Math.max(MIN_CRLF_DELAY, options.crlfDelay) : MIN_CRLF_DELAY;
  this.completer = options.completer;
  this.setPrompt(options.prompt);
  this.terminal = false;
  this[kLineIterator] = undefined;

  const onError = (error) => this.emit("error", error);
  const onData = (data) => this[kNormalWrite](data);
  const onEnd = () => {
    const rest = this[kLineBuffer];
    if (typeof rest === "string" && rest.length > 0) this.emit("line", rest);
    this.close();
  };
  input.on("error", onError);
  input.on("data", onData);
  input.on("end", onEnd);
  this.once("close", () => {
    input.removeListener("data", onData);
    input.removeListener("error", onError);
    input.removeListener("end", onEnd);
  });
  this[kDecoder] = new StringDecoder("utf8");

  const signal = options.signal;
  if (signal) {
    const onAbort = () => this.close();
    if (signal.aborted) {
      process.nextTick(onAbort);
    } else {
      const disposable = EventEmitter.addAbortListener(signal, onAbort);
      this.once("close", disposable[Symbol.dispose]);
    }
  }

  this.line = "";
  input.resume();
}
Object.setPrototypeOf(InterfaceConstructor.prototype, EventEmitter.prototype);
Object.setPrototypeOf(InterfaceConstructor, EventEmitter);

class Interface extends InterfaceConstructor {
  get columns() {
    if (this.output && this.output.columns) return this.output.columns;
    return Infinity;
  }

  setPrompt(prompt) {
    this[kPrompt] = prompt;
  }

  getPrompt() {
    return this[kPrompt];
  }

  prompt() {
    if (this.paused) this.resume();
    this[kWriteToOutput](this[kPrompt]);
  }

  // The prompt becomes `query` until the next line, which goes to `callback` instead of a 'line'
  // event; while a question waits, another one only prompts again.
  [kQuestion](query, callback) {
    if (this.closed) throw useAfterClose();
    if (this[kQuestionCallback]) {
      this.prompt();
      return;
    }
    this[kOldPrompt] = this[kPrompt];
    this.setPrompt(query);
    this[kQuestionCallback] = callback;
    this.prompt();
  }

  [kOnLine](line) {
    const callback = this[kQuestionCallback];
    if (!callback) {
      this.emit("line", line);
      return;
    }
    this[kQuestionCallback] = null;
    this.setPrompt(this[kOldPrompt]);
    callback(line);
  }

  [kQuestionCancel]() {
    if (!this[kQuestionCallback]) return;
    this[kQuestionCallback] = null;
    this.setPrompt(this[kOldPrompt]);
    this.clearLine();
  }

  [kWriteToOutput](text) {
    validateString(text, "stringToWrite");
    if (this.output !== null && this.output !== undefined) this.output.write(text);
  }

  // Ends the current output line and forgets the line being typed.
  clearLine() {
    this[kWriteToOutput]("\r\n");
    this.line = "";
    this.cursor = 0;
    this.prevRows = 0;
  }

  close() {
    if (this.closed) return;
    this.pause();
    this.closed = true;
    this.emit("close");
  }

  pause() {
    if (this.paused) return;
    this.input.pause();
    this.paused = true;
    this.emit("pause");
    return this;
  }

  resume() {
    if (!this.paused) return;
    this.input.resume();
    this.paused = false;
    this.emit("resume");
    return this;
  }

  write(data) {
    if (this.paused) this.resume();
    this[kNormalWrite](data);
  }

  // Splits decoded input into lines. A chunk ending in \r ends its line; a \n opening the next
  // chunk within crlfDelay ms is that line's \r\n, not an empty line.
  [kNormalWrite](data) {
    if (data === undefined) return;
    let text = this[kDecoder].write(data);
    if (this[kSawReturnAt] && Date.now() - this[kSawReturnAt] <= this.crlfDelay) {
      if (text.codePointAt(0) === 10) text = text.slice(1);
      this[kSawReturnAt] = 0;
    }
    LINE_ENDING.lastIndex = 0;
    if (!LINE_ENDING.test(text)) {
      if (text) this[kLineBuffer] = this[kLineBuffer] ? this[kLineBuffer] + text : text;
      return;
    }
    if (this[kLineBuffer]) {
      text = this[kLineBuffer] + text;
      this[kLineBuffer] = null;
    }
    this[kSawReturnAt] = text.endsWith("\r") ? Date.now() : 0;
    const lines = [];
    let start = 0;
    LINE_ENDING.lastIndex = 0;
    for (let match; (match = LINE_ENDING.exec(text)) !== null; ) {
      lines.push(text.slice(start, match.index));
      start = LINE_ENDING.lastIndex;
    }
    this[kLineBuffer] = text.slice(start);
    // Every line of the chunk is delivered, even after a listener closes the interface.
    for (const line of lines) this[kOnLine](line);
  }

  [Symbol.asyncIterator]() {
    this[kLineIterator] ??= EventEmitter.on(this, "line", {
      close: ["close"],
      highWaterMark: 1024,
      [kFirstEventParam]: true,
    });
    return this[kLineIterator];
  }
}

module.exports = {
  Interface,
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
};
