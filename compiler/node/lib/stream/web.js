// Node's `stream/web`: the WHATWG streams classes, the queuing strategies and the text encoding
// streams (CompressionStream and DecompressionStream are not provided).
"use strict";

const { ReadableStream } = require("node:internal/webstreams/readablestream");
const { ReadableStreamBYOBReader, ReadableStreamDefaultReader } = require("node:internal/webstreams/readers");
const { ReadableByteStreamController, ReadableStreamBYOBRequest } = require("node:internal/webstreams/byte_controller");
const { ReadableStreamDefaultController } = require("node:internal/webstreams/default_controller");
const { TransformStream, TransformStreamDefaultController } = require("node:internal/webstreams/transformstream");
const {
  WritableStream,
  WritableStreamDefaultController,
  WritableStreamDefaultWriter,
} = require("node:internal/webstreams/writablestream");
const { ByteLengthQueuingStrategy, CountQueuingStrategy } = require("node:internal/webstreams/queuingstrategies");
const { TextDecoderStream, TextEncoderStream } = require("node:internal/webstreams/encoding");

module.exports = {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
};
