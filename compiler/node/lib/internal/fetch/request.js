// The fetch Request, as Node 20's (undici's): an absolute URL, a normalized method, headers, a
// body (never for GET or HEAD; a stream body needs `duplex: "half"`), redirect mode and signal.
"use strict";

const { inspectAs } = require("node:internal/event_target");
const { AbortController, AbortSignal } = require("node:internal/abort_controller");
const { Headers, setGuard } = require("node:internal/fetch/headers");
const { BodyState, defineBodyMethods, extractBody, kBody } = require("node:internal/fetch/body");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kState = Symbol("kState");

const NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];
const FORBIDDEN_METHODS = ["CONNECT", "TRACE", "TRACK"];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REDIRECTS = ["follow", "error", "manual"];

function parseURL(input) {
  try {
    return new URL(`${input}`);
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause });
  }
}

function normalizeMethod(method) {
  method = `${method}`;
  if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.includes(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  return NORMALIZED_METHODS.includes(upper) && upper !== "PATCH" ? upper : method;
}

class Request {
  constructor(input, init = {}) {
    if (arguments.length < 1) {
      throw new TypeError("Request constructor: 1 argument required, but only 0 present.");
    }
    if (init !== undefined && init !== null && typeof init !== "object") {
      throw new TypeError("Request constructor: Expected init to be a dictionary.");
    }
    init ??= {};
    const from = input instanceof Request ? input[kState] : null;
    const url = from !== null ? from.url : parseURL(input);
    if (from === null && (url.username || url.password)) {
      throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
    }
    const method = init.method !== undefined ? normalizeMethod(init.method) : (from?.method ?? "GET");
    const redirect = init.redirect ?? from?.redirect ?? "follow";
    if (!REDIRECTS.includes(redirect)) {
      throw new TypeError(
        `Request constructor: ${redirect} is not an accepted type. Expected one of follow, error, manual.`,
      );
    }
    const signal = init.signal !== undefined ? init.signal : from?.signal;
    if (signal != null && !(signal instanceof AbortSignal)) {
      throw new TypeError("Request constructor: Expected signal (\"" + `${signal}` + "\") to be an instance of AbortSignal.");
    }
    const headers = new Headers(init.headers !== undefined ? init.headers : from?.headers);
    let body = null;
    if (init.body !== undefined && init.body !== null) {
      if (method === "GET" || method === "HEAD") {
        throw new TypeError("Request with GET/HEAD method cannot have body.");
      }
      const extracted = extractBody(init.body);
      if (extracted.stream !== undefined && init.duplex !== "half") {
        throw new TypeError("RequestInit: duplex option is required when sending a body.");
      }
      if (extracted.type !== null && !headers.has("content-type")) headers.append("content-type", extracted.type);
      body = new BodyState(extracted);
    } else if (from !== null && input[kBody] !== null) {
      if (input.bodyUsed) throw new TypeError("Cannot construct a Request with a Request object that has already been used.");
      body = input[kBody];
    }
    // The request's own signal follows the one given (as undici's does).
    const controller = new AbortController();
    if (signal != null) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    }
    this[kState] = {
      url,
      method,
      headers,
      redirect,
      signal: controller.signal,
      keepalive: Boolean(init.keepalive ?? from?.keepalive ?? false),
      duplex: init.duplex ?? from?.duplex ?? "half",
    };
    this[kBody] = body;
    setGuard(headers, "request");
  }

  get method() {
    return this[kState].method;
  }
  get url() {
    return this[kState].url.href;
  }
  get headers() {
    return this[kState].headers;
  }
  get destination() {
    return "";
  }
  get referrer() {
    return "about:client";
  }
  get referrerPolicy() {
    return "";
  }
  get mode() {
    return "cors";
  }
  get credentials() {
    return "same-origin";
  }
  get cache() {
    return "default";
  }
  get redirect() {
    return this[kState].redirect;
  }
  get integrity() {
    return "";
  }
  get keepalive() {
    return this[kState].keepalive;
  }
  get isReloadNavigation() {
    return false;
  }
  get isHistoryNavigation() {
    return false;
  }
  get signal() {
    return this[kState].signal;
  }
  get duplex() {
    return this[kState].duplex;
  }

  clone() {
    if (this.bodyUsed) throw new TypeError("Request.clone: Body has already been consumed.");
    const copy = new Request(this);
    if (this[kBody] !== null) {
      const [mine, theirs] = this[kBody].tee();
      this[kBody] = mine;
      copy[kBody] = theirs;
    }
    const headers = new Headers(this.headers);
    copy[kState] = { ...this[kState], headers };
    return copy;
  }

  get [Symbol.toStringTag]() {
    return "Request";
  }

  [customInspect](depth, options) {
    const fields = {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    };
    return inspectAs(this, fields, depth, options);
  }
}

defineBodyMethods(Request);

// What fetch needs of a request.
function requestState(request) {
  return request[kState];
}

// A request edgeboxd received: `head` is its method, absolute URL and [name, value] header
// pairs as the host parsed them, `body` its bytes (null: none). What `new Request(url, init)`
// would make of them, except that the URL is parsed, the headers filled and the signal made
// when first read: most handlers read few of them.
function receivedRequest(head, body) {
  const request = Object.create(Request.prototype);
  let url = null;
  let headers = null;
  let signal = null;
  request[kState] = {
    get url() {
      return (url ??= parseURL(head.url));
    },
    method: normalizeMethod(head.method),
    get headers() {
      if (headers === null) {
        headers = new Headers(head.headers);
        setGuard(headers, "request");
      }
      return headers;
    },
    redirect: "follow",
    get signal() {
      return (signal ??= new AbortController().signal);
    },
    keepalive: false,
    duplex: "half",
  };
  request[kBody] = body === null ? null : new BodyState({ bytes: body, length: body.length, type: null });
  return request;
}

module.exports = { Request, receivedRequest, requestState };
