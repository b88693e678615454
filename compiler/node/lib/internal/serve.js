// edgeboxd's side of the guest: the app's fetch handler (`export default { fetch(request) }`,
// the convention of Workers, Bun and Deno) serving the one request the host holds. The bundle
// includes this module when its entry has a default export; the bundle's runtime asks it for
// the handler once the entry has run (in the image every request starts from), and the guest
// calls what it returns once per request (glue.c edgebox_serve_handle).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { kBody } = require("node:internal/fetch/body");
const { Headers, sortedPairs } = require("node:internal/fetch/headers");
const { receivedRequest } = require("node:internal/fetch/request");
const { Response, NULL_BODY_STATUSES } = require("node:internal/fetch/response");

const EPIPE = -64;
const NULL_BODY_METHODS = ["GET", "HEAD"];

// The request body, all of it (the host has received it before the instance runs).
function requestBody() {
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = new Uint8Array(64 * 1024);
    const n = native.serve.body(chunk);
    if (n <= 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
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

function incomingRequest() {
  const head = JSON.parse(native.serve.request());
  const body = NULL_BODY_METHODS.includes(head.method.toUpperCase()) ? null : requestBody();
  return receivedRequest(head, body);
}

// Thrown when the client has gone: the rest of the response is dropped, nothing is logged.
class ClientGone extends Error {}

function check(result) {
  if (result === EPIPE) throw new ClientGone();
  if (result < 0) throw new Error(`edgeboxd refused the response (errno ${-result})`);
}

function writeChunk(chunk) {
  if (!(chunk instanceof Uint8Array)) {
    throw new TypeError("The fetch handler's response body gave a chunk that is not a Uint8Array");
  }
  if (chunk.length > 0) check(native.serve.write(chunk, 0, chunk.length));
}

async function send(response) {
  if (!(response instanceof Response)) {
    const shown = response === null ? "null" : typeof response === "object" ? "an object" : typeof response;
    throw new TypeError(`The fetch handler must return a Response (or a promise of one); it returned ${shown}`);
  }
  if (response.type === "error") throw new TypeError("The fetch handler returned Response.error()");
  if (response.bodyUsed) throw new TypeError("The fetch handler returned a Response whose body was already read");
  // (The pairs iteration gives, without its generators: a subclass's own headers are iterated.)
  const headers = response.headers instanceof Headers ? sortedPairs(response.headers) : [...response.headers];
  const state = response[kBody];
  // A body of known bytes goes out whole, with its length (as Bun and Deno send it).
  const bytes = state === null ? new Uint8Array(0) : state.stream === null ? state.bytes : null;
  const hasLength = headers.some(([name]) => name === "content-length");
  if (bytes !== null && !hasLength && !NULL_BODY_STATUSES.includes(response.status)) {
    headers.push(["content-length", `${bytes.length}`]);
  }
  check(native.serve.respond(JSON.stringify({ status: response.status, headers })));
  if (bytes !== null) {
    if (state !== null) state.used = true;
    writeChunk(bytes);
  } else {
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      writeChunk(value);
    }
  }
  check(native.serve.end());
}

function report(error) {
  if (error instanceof ClientGone) return;
  const text = error !== null && typeof error === "object" && typeof error.stack === "string"
    ? `${error}\n${error.stack}`
    : String(error);
  native.write(2, `edgeboxd: the fetch handler failed: ${text.trimEnd()}\n`);
}

// The function that serves one request with the entry's default export, or undefined when it
// is not a fetch handler.
function handler(entryExports) {
  const app = entryExports != null ? entryExports.default : undefined;
  if (app == null || typeof app.fetch !== "function") return undefined;
  // Returns 1 when the handler failed (reported on stderr), else 0.
  return function serveOne() {
    let finished = false;
    let failed = 0;
    loop.settle(
      () => {
        new Promise((resolve) => resolve(app.fetch(incomingRequest())))
          .then(send)
          .catch((error) => {
            if (!(error instanceof ClientGone)) failed = 1;
            report(error);
          })
          .finally(() => {
            finished = true;
          });
      },
      () => finished,
      false,
    );
    return failed;
  };
}

module.exports = { handler };
