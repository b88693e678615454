// The fetch Response, as Node 20's (undici's): made by the app (type "default") or by fetch
// from the host's response (type "basic", immutable headers, the body streamed from the host).
"use strict";

const { inspectAs } = require("node:internal/event_target");
const { Headers, immutableHeaders, setGuard } = require("node:internal/fetch/headers");
const { BodyState, defineBodyMethods, extractBody, kBody } = require("node:internal/fetch/body");
const { TextEncoder } = require("node:internal/encoding");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kState = Symbol("kState");
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const NULL_BODY_STATUSES = [101, 204, 205, 304];
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

function initResponse(response, init, body) {
  if (init !== undefined && init !== null && typeof init !== "object") {
    throw new TypeError("Response constructor: Expected init to be a dictionary.");
  }
  init ??= {};
  const status = init.status !== undefined ? Number(init.status) : 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  const statusText = init.statusText !== undefined ? `${init.statusText}` : "";
  if (!REASON.test(statusText)) throw new TypeError("Invalid statusText");
  const headers = new Headers(init.headers);
  if (body !== null) {
    if (NULL_BODY_STATUSES.includes(status)) {
      throw new TypeError("Response constructor: Invalid response status code " + status);
    }
    if (body.type !== null && !headers.has("content-type")) headers.append("content-type", body.type);
  }
  response[kState] = { type: "default", url: null, redirected: false, status, statusText, headers };
  response[kBody] = body === null ? null : new BodyState(body);
  setGuard(headers, "response");
}

class Response {
  constructor(body = null, init = {}) {
    initResponse(this, init, body === null || body === undefined ? null : extractBody(body));
  }

  static error() {
    const response = new Response(null, { status: 200 });
    Object.assign(response[kState], { type: "error", status: 0, statusText: "" });
    setGuard(response[kState].headers, "immutable");
    return response;
  }

  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    const response = new Response(null, init);
    const bytes = new TextEncoder().encode(text);
    response[kBody] = new BodyState({ bytes, length: bytes.length });
    if (!response[kState].headers.has("content-type")) {
      response[kState].headers.append("content-type", "application/json");
    }
    return response;
  }

  static redirect(url, status = 302) {
    let parsed;
    try {
      parsed = new URL(`${url}`);
    } catch (cause) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause });
    }
    if (!REDIRECT_STATUSES.includes(status)) throw new RangeError(`Invalid status code ${status}`);
    const response = new Response(null, { status });
    response[kState].headers.append("location", parsed.href);
    setGuard(response[kState].headers, "immutable");
    return response;
  }

  get type() {
    return this[kState].type;
  }
  get url() {
    return this[kState].url ?? "";
  }
  get redirected() {
    return this[kState].redirected;
  }
  get status() {
    return this[kState].status;
  }
  get ok() {
    return this[kState].status >= 200 && this[kState].status <= 299;
  }
  get statusText() {
    return this[kState].statusText;
  }
  get headers() {
    return this[kState].headers;
  }

  clone() {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    const copy = Object.create(Response.prototype);
    copy[kState] = { ...this[kState], headers: new Headers(this[kState].headers) };
    setGuard(copy[kState].headers, this[kState].type === "basic" ? "immutable" : "response");
    copy[kBody] = null;
    if (this[kBody] !== null) {
      const [mine, theirs] = this[kBody].tee();
      this[kBody] = mine;
      copy[kBody] = theirs;
    }
    return copy;
  }

  get [Symbol.toStringTag]() {
    return "Response";
  }

  [customInspect](depth, options) {
    const fields = {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    };
    return inspectAs(this, fields, depth, options);
  }
}

defineBodyMethods(Response);

// A Response of the network: `head` as the host gave it, `stream` its body (null: none).
function networkResponse(head, url, redirected, stream) {
  const response = Object.create(Response.prototype);
  response[kState] = {
    type: "basic",
    url,
    redirected,
    status: head.status,
    statusText: head.statusText,
    headers: immutableHeaders(head.headers),
  };
  response[kBody] = stream === null ? null : new BodyState({ stream, length: null });
  return response;
}

module.exports = { Response, networkResponse, REDIRECT_STATUSES, NULL_BODY_STATUSES };
