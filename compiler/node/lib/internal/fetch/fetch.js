// fetch(), as Node 20's (undici's), over the host's requests (internal/host_request): the host
// checks every URL against the policy's URL rules, including each redirect hop, which fetch
// follows here (at most 20; "error" and "manual" as the standard says). A failure is Node's
// `TypeError: fetch failed` whose `cause` is the host's error (for a denial, its message names
// the rule).
"use strict";

const { ReadableStream } = require("node:stream/web");
const { HostRequest } = require("node:internal/host_request");
const { Request, requestState } = require("node:internal/fetch/request");
const { networkResponse, REDIRECT_STATUSES, NULL_BODY_STATUSES } = require("node:internal/fetch/response");
const { headerPairs } = require("node:internal/fetch/headers");
const { kBody } = require("node:internal/fetch/body");

const MAX_REDIRECTS = 20;
// The Fetch standard's bad ports.
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);
// What undici adds when the request does not set them.
const DEFAULT_HEADERS = [
  ["accept", "*/*"],
  ["accept-language", "*"],
  ["sec-fetch-mode", "cors"],
  ["user-agent", "node"],
  ["accept-encoding", "gzip, deflate"],
];

function fetchFailed(cause) {
  return new TypeError("fetch failed", { cause });
}

// The bytes of a request body, or a stream, to send (null: none).
function outgoingBody(request) {
  const state = request[kBody];
  if (state === null) return null;
  if (state.disturbed) throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
  if (state.bytes !== null && state.stream === null) {
    state.used = true;
    return { bytes: state.bytes };
  }
  const stream = state.readable;
  state.used = true;
  return { stream, length: state.length };
}

// Sends `body` into `host` and ends it; a failure of the stream ends the request.
async function upload(host, body) {
  if (body.bytes !== undefined) {
    if (body.bytes.length > 0) await host.write(body.bytes);
    host.end();
    return;
  }
  const reader = body.stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) throw new TypeError("Received non-Uint8Array chunk");
    if (value.length > 0) await host.write(value);
  }
  host.end();
}

// The response body of `host` as a ReadableStream that releases the request at its end.
function bodyStream(host) {
  return new ReadableStream({
    async pull(controller) {
      const chunk = await host.read();
      if (chunk === null) {
        controller.close();
        host.release();
      } else {
        controller.enqueue(chunk);
      }
    },
    cancel() {
      host.release();
    },
    type: "bytes",
  }, { highWaterMark: 0 });
}

function abortWith(signal, host) {
  const onAbort = () => host.release(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

async function fetchOnce(url, method, pairs, body, signal) {
  if (BAD_PORTS.has(Number(url.port))) throw fetchFailed(new Error("bad port"));
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw fetchFailed(new Error("not implemented... yet..."));
  }
  // undici's connection header comes first, then the request's, then its defaults.
  const headers = [["connection", "keep-alive"], ...pairs];
  const present = new Set(headers.map(([name]) => name.toLowerCase()));
  for (const pair of DEFAULT_HEADERS) if (!present.has(pair[0])) headers.push(pair);
  const length = body?.bytes?.length ?? body?.length ?? null;
  if (length !== null && !present.has("content-length")) headers.push(["content-length", `${length}`]);
  else if (body === null && (method === "POST" || method === "PUT") && !present.has("content-length")) {
    headers.push(["content-length", "0"]);
  }
  let host;
  try {
    host = new HostRequest({ method, url: url.href, headers, body: body !== null, decode: true });
  } catch (error) {
    throw fetchFailed(error);
  }
  const stopListening = abortWith(signal, host);
  if (body !== null) {
    upload(host, body).catch((error) => host.release(fetchFailed(error)));
  }
  let head;
  try {
    head = await host.head();
  } catch (error) {
    stopListening();
    host.release();
    throw signal.aborted ? signal.reason : error instanceof TypeError ? error : fetchFailed(error);
  }
  return { host, head, stopListening };
}

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const state = requestState(request);
  const signal = state.signal;
  if (signal.aborted) throw signal.reason;
  let url = state.url;
  let method = state.method;
  let pairs = headerPairs(state.headers);
  let body = outgoingBody(request);
  for (let redirects = 0; ; redirects++) {
    const { host, head, stopListening } = await fetchOnce(url, method, pairs, body, signal);
    const location = head.headers.find(([name]) => name === "location")?.[1];
    if (REDIRECT_STATUSES.includes(head.status) && location !== undefined && state.redirect !== "manual") {
      host.release();
      stopListening();
      if (state.redirect === "error") throw fetchFailed(new Error("unexpected redirect"));
      if (redirects + 1 > MAX_REDIRECTS) throw fetchFailed(new Error("redirect count exceeded"));
      let next;
      try {
        next = new URL(location, url);
      } catch (cause) {
        throw fetchFailed(cause);
      }
      if (next.username || next.password) {
        throw fetchFailed(new TypeError("URL cannot contain credentials"));
      }
      if (body?.stream !== undefined && head.status !== 303) {
        throw fetchFailed(new TypeError("Cannot follow redirect with a streamed body"));
      }
      if ((head.status === 303 && method !== "GET" && method !== "HEAD") ||
          ((head.status === 301 || head.status === 302) && method === "POST")) {
        method = "GET";
        body = null;
        pairs = pairs.filter(([name]) => !/^content-(type|length|encoding|language|location)$/i.test(name));
      }
      if (next.origin !== url.origin) {
        pairs = pairs.filter(([name]) => !/^(authorization|cookie|proxy-authorization)$/i.test(name));
      }
      url = next;
      continue;
    }
    const noBody = method === "HEAD" || NULL_BODY_STATUSES.includes(head.status);
    if (noBody) host.release();
    const stream = noBody ? null : bodyStream(host);
    if (noBody) stopListening();
    return networkResponse(head, url.href, redirects > 0, stream);
  }
}

module.exports = { fetch };
