// Node's Blob: immutable bytes with a type, made of parts (strings as UTF-8, ArrayBuffers,
// views, other Blobs), sliced without copying, read as an ArrayBuffer, text, bytes or a byte
// ReadableStream.
//
// As Node's (a DataQueue in its C++ layer), a Blob's contents are a queue of entries: bytes, or
// the queue of a Blob given as a part. Reading one pulls an entry's bytes, then its end, for
// each entry in turn, a microtask apart; the reads resolve in as many microtasks as Node's do.
"use strict";

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_THIS },
} = require("node:internal/errors");
const native = require("node:internal/native");
const { TextDecoder, isAnyArrayBuffer, utf8Encode } = require("node:internal/encoding");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

// A reader's pull results.
const kEnd = 0;
const kContinue = 1;

const disallowedTypeCharacters = /[^\u0020-\u007E]/u;

// An entry: a Uint8Array, or a queue ({ entries, size }).
const entrySize = (entry) => (entry instanceof Uint8Array ? entry.byteLength : entry.size);

// The queue of bytes [start, end) of `queue`, as Node slices a DataQueue (an entry the range
// starts at the end of is kept, empty).
function sliceQueue(queue, start, end) {
  const entries = [];
  const size = end - start;
  let remaining = size;
  if (remaining > 0) {
    for (const entry of queue.entries) {
      const entryLength = entrySize(entry);
      if (start > entryLength) {
        start -= entryLength;
        continue;
      }
      const length = Math.min(remaining, entryLength - start);
      entries.push(entry instanceof Uint8Array ? entry.subarray(start, start + length) : sliceQueue(entry, start, start + length));
      remaining -= length;
      start = 0;
      if (remaining === 0) break;
    }
  }
  return { entries, size };
}

// A reader of `queue`: pull(callback) calls back at once with (kContinue, an ArrayBuffer copy
// of an entry's bytes, or undefined where an entry ends) or (kEnd).
function queueReader(queue) {
  let index = 0;
  let current = null;
  return {
    pull(callback) {
      if (index >= queue.entries.length) {
        callback(kEnd);
        return;
      }
      current ??= entryReader(queue.entries[index]);
      current.pull((status, buffer) => {
        if (status === kEnd) {
          index++;
          current = null;
          status = index === queue.entries.length ? kEnd : kContinue;
        }
        callback(status, buffer);
      });
    },
  };
}

function entryReader(entry) {
  if (!(entry instanceof Uint8Array)) return queueReader(entry);
  let read = false;
  return {
    pull(callback) {
      if (read) {
        callback(kEnd);
        return;
      }
      read = true;
      callback(kContinue, entry.slice().buffer);
    },
  };
}

// The bytes of a constructor part: a Blob's queue, or a copy of the part's bytes.
function partEntry(part, endings) {
  if (isBlob(part)) return blobQueue(part);
  if (isAnyArrayBuffer(part)) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  let text = `${part}`;
  if (endings === "native") text = text.replace(/\n|\r\n/g, "\n");
  return utf8Encode(text);
}

function normalizedType(type) {
  type = `${type}`;
  return disallowedTypeCharacters.test(type) ? "" : type.toLowerCase();
}

let isBlob;
let blobQueue;
let setBlobContents;
let decoder;

class Blob {
  #queue;
  #type;

  constructor(sources = [], options = undefined) {
    if (sources === null || typeof sources[Symbol.iterator] !== "function" || typeof sources === "string") {
      throw new ERR_INVALID_ARG_TYPE("sources", "a sequence", sources);
    }
    if (options != null && typeof options !== "object" && typeof options !== "function") {
      throw new ERR_INVALID_ARG_TYPE("options", "a dictionary", options);
    }
    const { type = "", endings: givenEndings = "transparent" } = options ?? {};
    const endings = `${givenEndings}`;
    if (endings !== "transparent" && endings !== "native") {
      throw new ERR_INVALID_ARG_VALUE("options.endings", endings);
    }
    const entries = Array.from(sources, (source) => partEntry(source, endings));
    this.#queue = { entries, size: entries.reduce((size, entry) => size + entrySize(entry), 0) };
    this.#type = normalizedType(type);
  }

  static {
    isBlob = (value) => value !== null && typeof value === "object" && #queue in value;
    blobQueue = (blob) => blob.#queue;
    setBlobContents = (blob, queue, type) => {
      blob.#queue = queue;
      blob.#type = type;
    };
  }

  [customInspect](depth, options) {
    if (depth < 0) return options.stylize("[Blob]", "special");
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `Blob ${require("node:internal/inspect").inspect({ size: this.size, type: this.type }, opts)}`;
  }

  get type() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    return this.#type;
  }

  get size() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    return this.#queue.size;
  }

  slice(start = 0, end = undefined, contentType = "") {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    const size = this.#queue.size;
    if (end === undefined) end = size;
    start = start < 0 ? Math.max(size + start, 0) : Math.min(start, size);
    end = end < 0 ? Math.max(size + end, 0) : Math.min(end, size);
    const span = Math.max(end - start, 0);
    return blobOf(sliceQueue(this.#queue, start, start + span), normalizedType(contentType));
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS("Blob"));
    const { promise, resolve } = Promise.withResolvers();
    const reader = queueReader(this.#queue);
    const buffers = [];
    const readNext = () => {
      reader.pull((status, buffer) => {
        if (status === kEnd) {
          resolve(concat(buffers));
          return;
        }
        if (buffer !== undefined) buffers.push(buffer);
        native.queueMicrotask(readNext);
      });
    };
    readNext();
    return promise;
  }

  async text() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    decoder ??= new TextDecoder();
    return decoder.decode(await this.arrayBuffer());
  }

  bytes() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  stream() {
    if (!isBlob(this)) throw new ERR_INVALID_THIS("Blob");
    return blobStream(queueReader(this.#queue));
  }
}

for (const member of ["type", "size", "slice", "arrayBuffer", "text", "stream"]) {
  Object.defineProperty(Blob.prototype, member, { enumerable: true });
}
Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });

function blobOf(queue, type) {
  const blob = new Blob();
  setBlobContents(blob, queue, type);
  return blob;
}

function concat(buffers) {
  const total = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    bytes.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return bytes.buffer;
}

// A byte stream of what `reader` pulls, as Node's: read on demand (no highWaterMark), a pull
// reading on until the stream has more than it asked for.
function blobStream(reader) {
  const { ReadableStream } = require("node:internal/webstreams/readablestream");
  return new ReadableStream({
    type: "bytes",
    start() {
      this.pendingPulls = [];
    },
    pull(c) {
      const { promise, resolve, reject } = Promise.withResolvers();
      this.pendingPulls.push({ resolve, reject });
      const readNext = () => {
        reader.pull((status, buffer) => {
          // None pending: the stream was cancelled.
          if (this.pendingPulls.length === 0) return;
          if (status === kEnd) {
            c.close();
            c.byobRequest?.respond(0);
            this.pendingPulls.shift().resolve();
            return;
          }
          if (buffer !== undefined && buffer.byteLength !== 0) c.enqueue(new Uint8Array(buffer));
          native.queueMicrotask(() => {
            if (c.desiredSize < 0) {
              if (this.pendingPulls.length !== 0) this.pendingPulls.shift().resolve();
              return;
            }
            readNext();
          });
        });
      };
      readNext();
      return promise;
    },
    cancel(reason) {
      for (const pending of this.pendingPulls) pending.reject(reason);
      this.pendingPulls = [];
    },
  });
}

module.exports = { Blob, isBlob };
