// Node's HTTP client (http.request / https.request, ClientRequest, IncomingMessage, Agent) over
// the host's requests (internal/host_request): the host checks the policy's URL rules and owns
// the connections (keep-alive pooling is the host's; an Agent here carries Node's options and
// names). Redirects are not followed, as in Node.
//
// Where EdgeBox differs from Node: there is no socket (`req.socket` / `res.socket` are small
// stand-ins with remoteAddress, remotePort and encrypted), TLS options (ca, cert, key,
// rejectUnauthorized: false) are not honoured (the host verifies against the system's CA store
// or SSL_CERT_FILE), and header names are sent as written but received lower-cased
// (rawHeaders too).
"use strict";

const EventEmitter = require("node:events");
const { Buffer } = require("node:buffer");
const { setTimeout, clearTimeout } = require("node:timers");
const Readable = require("node:internal/streams/readable");
const Writable = require("node:internal/streams/writable");
const { HostRequest } = require("node:internal/host_request");
const {
  codes: { ERR_INVALID_ARG_TYPE },
  withCode,
} = require("node:internal/errors");

const invalidToken = (what, value) =>
  withCode(TypeError, "ERR_INVALID_HTTP_TOKEN", `${what} must be a valid HTTP token ["${value}"]`);
const headersSent = (what) =>
  withCode(Error, "ERR_HTTP_HEADERS_SENT", `Cannot ${what} headers after they are sent to the client`);
const invalidProtocol = (protocol, expected) =>
  withCode(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${protocol}" not supported. Expected "${expected}"`);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ERRNO = { ECONNREFUSED: -111, ECONNRESET: -104, ETIMEDOUT: -110, ENOTFOUND: -3008, EACCES: -13 };

class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { path: null, ...options };
    this.defaultPort = options.defaultPort ?? 80;
    this.protocol = options.protocol ?? "http:";
    this.keepAlive = options.keepAlive ?? false;
    this.keepAliveMsecs = options.keepAliveMsecs ?? 1000;
    this.maxSockets = options.maxSockets ?? Infinity;
    this.maxFreeSockets = options.maxFreeSockets ?? 256;
    this.maxTotalSockets = options.maxTotalSockets ?? Infinity;
    this.totalSocketCount = 0;
    this.requests = Object.create(null);
    this.sockets = Object.create(null);
    this.freeSockets = Object.create(null);
  }

  destroy() {}
}

const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });

// A stand-in for the connection (the host owns the real one).
function socketFor(url) {
  const socket = new EventEmitter();
  socket.remoteAddress = url.hostname.replace(/^\[(.*)\]$/, "$1");
  socket.remotePort = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  socket.encrypted = url.protocol === "https:";
  socket.setTimeout = () => socket;
  socket.setNoDelay = () => socket;
  socket.setKeepAlive = () => socket;
  socket.destroy = () => socket;
  socket.ref = () => socket;
  socket.unref = () => socket;
  return socket;
}

// The host's error as Node's http client reports it (errno and syscall as Node's).
function clientError(error) {
  if (error.code in ERRNO) error.errno = ERRNO[error.code];
  return error;
}

class IncomingMessage extends Readable {
  constructor(host, head, socket) {
    super();
    this._host = host;
    this.socket = socket;
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.httpVersion = "1.1";
    this.complete = false;
    this.rawHeaders = [];
    this.headers = {};
    this.headersDistinct = {};
    this.trailers = {};
    this.rawTrailers = [];
    this.aborted = false;
    this.upgrade = false;
    this.url = "";
    this.method = null;
    this.statusCode = head.status;
    this.statusMessage = head.statusText;
    for (const [name, value] of head.headers) {
      this.rawHeaders.push(name, value);
      (this.headersDistinct[name] ??= []).push(value);
      if (name === "set-cookie") (this.headers[name] ??= []).push(value);
      else if (this.headers[name] === undefined) this.headers[name] = value;
      else if (!["content-type", "content-length", "user-agent", "referer", "host", "authorization",
        "proxy-authorization", "if-modified-since", "if-unmodified-since", "from", "location",
        "max-forwards", "retry-after", "etag", "last-modified", "server", "age", "expires"].includes(name)) {
        this.headers[name] += `, ${value}`;
      }
    }
    this._reading = false;
  }

  _read() {
    if (this._reading || this._host === null) return;
    this._reading = true;
    this._host.read().then(
      (chunk) => {
        this._reading = false;
        if (chunk === null) {
          this.complete = true;
          this._host.release();
          this._host = null;
          this.push(null);
        } else if (this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))) {
          this._read();
        }
      },
      (error) => {
        this._reading = false;
        this.aborted = true;
        this.destroy(clientError(error));
      },
    );
  }

  _destroy(error, callback) {
    if (this._host !== null) {
      this._host.release();
      this._host = null;
      if (!this.complete) this.aborted = true;
    }
    callback(error);
  }

  setTimeout(ms, callback) {
    if (callback) this.once("timeout", callback);
    return this;
  }
}

function validateHeaderName(name) {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw invalidToken("Header name", name);
  }
}

class ClientRequest extends Writable {
  constructor(url, options, callback) {
    super({ decodeStrings: true, autoDestroy: false });
    this._url = url;
    this.method = (options.method ?? "GET").toUpperCase();
    if (!TOKEN.test(this.method)) throw invalidToken("Method", options.method);
    this.path = url.pathname + url.search;
    this.host = url.hostname;
    this.protocol = url.protocol;
    this.agent = options.agent === false ? new Agent() : (options.agent ?? globalAgent);
    this.reusedSocket = false;
    this.aborted = false;
    this.headersSent = false;
    this.finished = false;
    this._headers = new Map();
    this._chunks = [];
    this._host = null;
    this._timer = null;
    this._timeoutMs = options.timeout;
    this.res = null;
    this.socket = socketFor(url);
    if (options.setHost !== false) {
      this._headers.set("host", ["Host", url.port ? `${url.hostname}:${url.port}` : url.hostname]);
    }
    const headers = options.headers;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const name of Object.keys(headers)) this.setHeader(name, headers[name]);
    }
    if (options.auth && !this.hasHeader("authorization")) {
      this.setHeader("Authorization", `Basic ${Buffer.from(options.auth).toString("base64")}`);
    }
    if (callback) this.once("response", callback);
    if (options.signal) {
      const signal = options.signal;
      const onAbort = () => this.destroy(Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR" }));
      if (signal.aborted) process.nextTick(onAbort);
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    if (this._timeoutMs !== undefined) this.setTimeout(this._timeoutMs);
    process.nextTick(() => this.emit("socket", this.socket));
  }

  setHeader(name, value) {
    if (this.headersSent) throw headersSent("set");
    validateHeaderName(name);
    if (value === undefined) throw withCode(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE", `Invalid value "undefined" for header "${name}"`);
    this._headers.set(name.toLowerCase(), [name, value]);
    return this;
  }

  appendHeader(name, value) {
    validateHeaderName(name);
    const key = name.toLowerCase();
    const existing = this._headers.get(key);
    if (existing === undefined) this._headers.set(key, [name, value]);
    else existing[1] = [].concat(existing[1], value);
    return this;
  }

  getHeader(name) {
    return this._headers.get(`${name}`.toLowerCase())?.[1];
  }

  getHeaders() {
    const out = Object.create(null);
    for (const [key, [, value]] of this._headers) out[key] = value;
    return out;
  }

  getHeaderNames() {
    return [...this._headers.keys()];
  }

  getRawHeaderNames() {
    return [...this._headers.values()].map(([name]) => name);
  }

  hasHeader(name) {
    return this._headers.has(`${name}`.toLowerCase());
  }

  removeHeader(name) {
    if (this.headersSent) throw headersSent("remove");
    this._headers.delete(`${name}`.toLowerCase());
  }

  flushHeaders() {
    this._start(true);
  }

  setTimeout(ms, callback) {
    if (callback) this.once("timeout", callback);
    clearTimeout(this._timer);
    this._timer = ms > 0 ? setTimeout(() => this.emit("timeout"), ms) : null;
    return this;
  }

  setNoDelay() {}
  setSocketKeepAlive() {}

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    process.nextTick(() => this.emit("abort"));
    this.destroy();
  }

  // Starts the host's request: `streaming` when the body is written piece by piece (chunked),
  // else with the whole body known.
  _start(streaming) {
    if (this._host !== null) return;
    this.headersSent = true;
    const pairs = [];
    for (const [, [name, value]] of this._headers) {
      for (const one of [].concat(value)) pairs.push([name, `${one}`]);
    }
    if (!this.hasHeader("connection")) {
      pairs.push(["Connection", this.agent.keepAlive ? "keep-alive" : "close"]);
    }
    const body = Buffer.concat(this._chunks);
    this._chunks = [];
    const hasBody = streaming || body.length > 0;
    if (!streaming && body.length > 0 && !this.hasHeader("content-length")) {
      pairs.push(["Content-Length", `${body.length}`]);
    } else if (streaming && !this.hasHeader("content-length") && !this.hasHeader("transfer-encoding")) {
      pairs.push(["Transfer-Encoding", "chunked"]);
    }
    try {
      this._host = new HostRequest({ method: this.method, url: this._url.href, headers: pairs, body: hasBody, decode: false });
    } catch (error) {
      this._host = false;
      process.nextTick(() => this.destroy(clientError(error)));
      return;
    }
    if (body.length > 0) this._host.write(body).catch(() => {});
    if (!streaming) this._host.end();
    this._host.head().then(
      (head) => this._onResponse(head),
      (error) => {
        if (!this.destroyed) this.destroy(clientError(error));
      },
    );
  }

  _onResponse(head) {
    clearTimeout(this._timer);
    const res = new IncomingMessage(this._host, head, this.socket);
    res.req = this;
    this.res = res;
    if (!this.emit("response", res)) res.resume();
    res.once("end", () => process.nextTick(() => this.emit("close")));
  }

  _write(chunk, encoding, callback) {
    if (this._host === null) this._start(true);
    if (!this._host) return callback();
    this._host.write(chunk).then(() => callback(), callback);
  }

  _final(callback) {
    this.finished = true;
    if (this._host === null) this._start(false);
    else if (this._host) this._host.end();
    callback();
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === "function") return super.end(chunk);
    if (chunk !== undefined && chunk !== null && this._host === null) {
      this._chunks.push(Buffer.from(chunk, typeof encoding === "string" ? encoding : undefined));
      return super.end(typeof encoding === "function" ? encoding : callback);
    }
    return super.end(chunk, encoding, callback);
  }

  _destroy(error, callback) {
    clearTimeout(this._timer);
    if (this._host) this._host.release();
    if (this.res !== null && !this.res.complete) this.res.destroy();
    if (error === null && this.res === null) {
      error = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    }
    callback(error);
  }
}

// http.request's arguments: (url[, options][, callback]) or (options[, callback]).
function requestArgs(defaultProtocol, input, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  let url;
  if (typeof input === "string" || input instanceof URL) {
    url = new URL(`${input}`);
    options = { ...options };
  } else {
    options = { ...input, ...options };
    const protocol = options.protocol ?? defaultProtocol;
    if (protocol !== defaultProtocol) {
      throw invalidProtocol(protocol, defaultProtocol);
    }
    const host = options.hostname ?? options.host ?? "localhost";
    const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
    const port = options.port ?? options.defaultPort ?? (protocol === "https:" ? 443 : 80);
    url = new URL(`${protocol}//${bracketed}:${port}${options.path ?? "/"}`);
  }
  if (url.protocol !== defaultProtocol) throw invalidProtocol(url.protocol, defaultProtocol);
  if (url.username && options.auth === undefined) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    url.username = "";
    url.password = "";
  }
  if (callback !== undefined && typeof callback !== "function") {
    throw new ERR_INVALID_ARG_TYPE("callback", "Function", callback);
  }
  return { url, options, callback };
}

function clientFor(protocol) {
  function request(input, options, callback) {
    const args = requestArgs(protocol, input, options, callback);
    return new ClientRequest(args.url, args.options, args.callback);
  }
  function get(input, options, callback) {
    const req = request(input, options, callback);
    req.end();
    return req;
  }
  return { request, get };
}

module.exports = { Agent, ClientRequest, IncomingMessage, clientFor, globalAgent };
