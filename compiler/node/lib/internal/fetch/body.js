// The body of a fetch Request or Response (the Fetch standard's Body mixin, as Node 20's
// undici): extracted from a BodyInit (string, ArrayBuffer or view, Blob, URLSearchParams,
// FormData, ReadableStream, async iterable) with its Content-Type and length, read once as
// text, JSON, bytes, a Blob or FormData, or as a ReadableStream.
"use strict";

const { Blob } = require("node:internal/blob");
const { File } = require("node:internal/file");
const { FormData } = require("node:internal/formdata");
const { URLSearchParams } = require("node:internal/url");
const { ReadableStream } = require("node:stream/web");
const { TextEncoder, TextDecoder } = require("node:internal/encoding");
const { kState: kStreamState } = require("node:internal/webstreams/util");

const kBody = Symbol("kBody");
const encoder = new TextEncoder();

// A byte stream that gives `bytes` in one chunk (a copy: enqueueing detaches the buffer).
function streamOfBytes(bytes) {
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (bytes.length > 0) controller.enqueue(bytes.slice());
      controller.close();
    },
  });
}

function randomDigits(count) {
  let digits = "";
  while (digits.length < count) digits += Math.floor(Math.random() * 1e10).toString().padStart(10, "0");
  return digits.slice(0, count);
}

function escapeFormName(name) {
  return name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
}

// multipart/form-data of a FormData, as undici writes it.
function multipart(formData) {
  const boundary = `----formdata-undici-0${randomDigits(11)}`;
  const parts = [];
  for (const [name, value] of formData) {
    if (typeof value === "string") {
      parts.push(
        encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeFormName(name)}"\r\n\r\n` +
            `${value.replace(/\r(?!\n)|(?<!\r)\n/g, "\r\n")}\r\n`,
        ),
      );
    } else {
      parts.push(
        encoder.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeFormName(name)}"; ` +
            `filename="${escapeFormName(value.name)}"\r\n` +
            `Content-Type: ${value.type || "application/octet-stream"}\r\n\r\n`,
        ),
        value,
        encoder.encode("\r\n"),
      );
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  return { blob: new Blob(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function isAsyncIterable(value) {
  return value != null && typeof value[Symbol.asyncIterator] === "function";
}

// { bytes | blob | stream, length (null when unknown), type (null when none) } of a BodyInit.
function extractBody(init) {
  if (typeof init === "string") {
    const bytes = encoder.encode(init);
    return { bytes, length: bytes.length, type: "text/plain;charset=UTF-8" };
  }
  if (init instanceof URLSearchParams) {
    const bytes = encoder.encode(init.toString());
    return { bytes, length: bytes.length, type: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  if (init instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && init instanceof SharedArrayBuffer)) {
    const bytes = new Uint8Array(init.slice(0));
    return { bytes, length: bytes.length, type: null };
  }
  if (ArrayBuffer.isView(init)) {
    const bytes = new Uint8Array(init.buffer.slice(init.byteOffset, init.byteOffset + init.byteLength));
    return { bytes, length: bytes.length, type: null };
  }
  if (init instanceof Blob) return { blob: init, length: init.size, type: init.type || null };
  if (init instanceof FormData) {
    const { blob, type } = multipart(init);
    return { blob, length: blob.size, type };
  }
  if (init instanceof ReadableStream) {
    if (init.locked) throw new TypeError("Response body object should not be disturbed or locked");
    return { stream: init, length: null, type: null };
  }
  if (isAsyncIterable(init)) {
    const iterator = init[Symbol.asyncIterator]();
    const stream = new ReadableStream({
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === "string" ? encoder.encode(value) : new Uint8Array(value));
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    });
    return { stream, length: null, type: null };
  }
  const bytes = encoder.encode(`${init}`);
  return { bytes, length: bytes.length, type: "text/plain;charset=UTF-8" };
}

// A body's state: its source (bytes, a Blob, or a stream), whether it was read.
class BodyState {
  constructor(source) {
    this.bytes = source?.bytes ?? null;
    this.blob = source?.blob ?? null;
    this.streamSource = source?.stream ?? null;
    this.length = source?.length ?? null;
    this.stream = null;
    this.used = false;
  }

  // The body as a ReadableStream (made on first use).
  get readable() {
    if (this.stream === null) {
      if (this.streamSource !== null) this.stream = this.streamSource;
      else if (this.blob !== null) this.stream = this.blob.stream();
      else if (this.bytes !== null) this.stream = streamOfBytes(this.bytes);
    }
    return this.stream;
  }

  // Read from, or locked to a reader (the standard's "disturbed or locked").
  get disturbed() {
    return this.used || (this.stream !== null && (this.stream.locked || this.stream[kStreamState].disturbed));
  }

  // All the bytes (a Uint8Array), reading the body to its end.
  async consume() {
    if (this.disturbed) throw new TypeError("Body is unusable: Body has already been read");
    this.used = true;
    if (this.stream === null && this.bytes !== null) return this.bytes;
    if (this.stream === null && this.blob !== null) return new Uint8Array(await this.blob.arrayBuffer());
    const stream = this.readable;
    if (stream === null) return new Uint8Array(0);
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError("Received non-Uint8Array chunk");
      }
      chunks.push(value);
      total += value.length;
    }
    if (chunks.length === 1) return chunks[0];
    const all = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  // Two bodies that read the same bytes (Request/Response clone).
  tee() {
    const stream = this.readable;
    if (stream === null) return [new BodyState(null), new BodyState(null)];
    const [a, b] = stream.tee();
    this.stream = a;
    return [this, new BodyState({ stream: b, length: this.length })];
  }
}

// Parses a body of `type` as FormData (urlencoded or multipart).
function parseFormData(bytes, type) {
  const form = new FormData();
  const mime = (type ?? "").split(";")[0].trim().toLowerCase();
  if (mime === "application/x-www-form-urlencoded") {
    for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) form.append(name, value);
    return form;
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type ?? "");
  if (mime !== "multipart/form-data" || !boundary) {
    throw new TypeError("Content-Type was not one of \"multipart/form-data\" or \"application/x-www-form-urlencoded\".");
  }
  const text = new TextDecoder("latin1").decode(bytes);
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  for (const part of text.split(delimiter).slice(1)) {
    if (part.startsWith("--")) break;
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(2, split);
    const content = part.slice(split + 4, part.length - 2);
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? "";
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const contentBytes = Uint8Array.from(content, (c) => c.charCodeAt(0));
    if (filename === undefined) {
      form.append(name, new TextDecoder().decode(contentBytes));
    } else {
      const partType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1] ?? "";
      form.append(name, new File([contentBytes], filename, { type: partType }));
    }
  }
  return form;
}

// The Body mixin's methods for a class whose instances have `this[kBody]` (a BodyState or
// null) and `this.headers`.
function defineBodyMethods(Class) {
  const methods = {
    get body() {
      return this[kBody]?.readable ?? null;
    },
    get bodyUsed() {
      return this[kBody] !== null && this[kBody].disturbed;
    },
    async arrayBuffer() {
      const bytes = await consume(this);
      return bytes.buffer.byteLength === bytes.length && bytes.byteOffset === 0
        ? bytes.buffer
        : bytes.slice().buffer;
    },
    async blob() {
      const bytes = await consume(this);
      return new Blob([bytes], { type: this.headers.get("content-type") ?? "" });
    },
    async formData() {
      const bytes = await consume(this);
      return parseFormData(bytes, this.headers.get("content-type"));
    },
    async json() {
      return JSON.parse(new TextDecoder().decode(await consume(this)));
    },
    async text() {
      return new TextDecoder().decode(await consume(this));
    },
  };
  for (const name of Reflect.ownKeys(methods)) {
    const desc = Object.getOwnPropertyDescriptor(methods, name);
    desc.enumerable = true;
    Object.defineProperty(Class.prototype, name, desc);
  }
}

function consume(self) {
  return self[kBody] === null ? Promise.resolve(new Uint8Array(0)) : self[kBody].consume();
}

module.exports = { BodyState, defineBodyMethods, extractBody, kBody };
