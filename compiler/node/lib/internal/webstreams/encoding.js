// TextEncoderStream and TextDecoderStream: TransformStreams of strings to UTF-8 bytes (a
// surrogate pair split across chunks kept whole) and of bytes to strings (TextDecoder with
// `stream: true`), as Node 20 has them (no Symbol.toStringTag).
"use strict";

const {
  codes: { ERR_INVALID_THIS },
} = require("node:internal/errors");
const { TextDecoder, TextEncoder } = require("node:internal/encoding");
const { inspectStream, webMembers } = require("node:internal/webstreams/util");
const { TransformStream } = require("node:internal/webstreams/transformstream");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

let isTextEncoderStream;

class TextEncoderStream {
  #pendingHighSurrogate = null;
  #encoder = new TextEncoder();
  #transform = new TransformStream({
    transform: (chunk, controller) => {
      const encoded = this.#encode(String(chunk));
      if (encoded) controller.enqueue(this.#encoder.encode(encoded));
    },
    flush: (controller) => {
      if (this.#pendingHighSurrogate !== null) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
    },
  });

  static {
    isTextEncoderStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }

  // The chunk with a lead surrogate held back from the last one before it, its own last lead
  // surrogate held back, and lone surrogates as U+FFFD.
  #encode(chunk) {
    let text = "";
    for (let i = 0; i < chunk.length; i++) {
      const item = chunk[i];
      const unit = item.charCodeAt(0);
      if (this.#pendingHighSurrogate !== null) {
        const high = this.#pendingHighSurrogate;
        this.#pendingHighSurrogate = null;
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          text += high + item;
          continue;
        }
        text += "\ufffd";
      }
      if (unit >= 0xd800 && unit <= 0xdbff) {
        this.#pendingHighSurrogate = item;
        continue;
      }
      text += unit >= 0xdc00 && unit <= 0xdfff ? "\ufffd" : item;
    }
    return text;
  }

  get encoding() {
    if (!isTextEncoderStream(this)) throw new ERR_INVALID_THIS("TextEncoderStream");
    return this.#encoder.encoding;
  }

  get readable() {
    if (!isTextEncoderStream(this)) throw new ERR_INVALID_THIS("TextEncoderStream");
    return this.#transform.readable;
  }

  get writable() {
    if (!isTextEncoderStream(this)) throw new ERR_INVALID_THIS("TextEncoderStream");
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (!isTextEncoderStream(this)) throw new ERR_INVALID_THIS("TextEncoderStream");
    return inspectStream(depth, options, "TextEncoderStream", {
      encoding: this.#encoder.encoding,
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

let isTextDecoderStream;

class TextDecoderStream {
  #decoder;
  #transform;

  constructor(encoding = "utf-8", options = {}) {
    this.#decoder = new TextDecoder(encoding, options);
    this.#transform = new TransformStream({
      transform: (chunk, controller) => {
        const value = this.#decoder.decode(chunk, { stream: true });
        if (value) controller.enqueue(value);
      },
      flush: (controller) => {
        const value = this.#decoder.decode();
        if (value) controller.enqueue(value);
        controller.terminate();
      },
    });
  }

  static {
    isTextDecoderStream = (value) => value !== null && typeof value === "object" && #transform in value;
  }

  get encoding() {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return this.#decoder.encoding;
  }

  get fatal() {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return this.#decoder.fatal;
  }

  get ignoreBOM() {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return this.#decoder.ignoreBOM;
  }

  get readable() {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return this.#transform.readable;
  }

  get writable() {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (!isTextDecoderStream(this)) throw new ERR_INVALID_THIS("TextDecoderStream");
    return inspectStream(depth, options, "TextDecoderStream", {
      encoding: this.#decoder.encoding,
      fatal: this.#decoder.fatal,
      ignoreBOM: this.#decoder.ignoreBOM,
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

webMembers(TextEncoderStream, ["encoding", "readable", "writable"], false);
webMembers(TextDecoderStream, ["encoding", "fatal", "ignoreBOM", "readable", "writable"], false);

module.exports = { TextDecoderStream, TextEncoderStream };
