// Node's `net`: the address checks (isIP, isIPv4, isIPv6, Node's own patterns) and a Socket
// whose connection never opens: an EdgeBox app gets no sockets (internal/no_sockets), so
// `connect` fails as a refused connection does in Node, with EACCES, after the socket has
// reported `connecting`; createServer and Server throw ERR_NOT_SUPPORTED. Packages that only
// test addresses or feature-detect (got, http2-wrapper, cacheable-lookup) load and run.
"use strict";

const Duplex = require("node:internal/streams/duplex");
const {
  codes: { ERR_MISSING_ARGS },
  withCode,
} = require("node:internal/errors");
const { connectDenied, noServer } = require("node:internal/no_sockets");

const V4_PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const V4 = `(?:${V4_PART}\\.){3}${V4_PART}`;
const V6_PART = "(?:[0-9a-fA-F]{1,4})";
// An IPv6 address: a run of groups, at most one `::`, an IPv4 tail, then a zone index.
const V6 =
  "(?:" +
  `(?:${V6_PART}:){7}(?:${V6_PART}|:)|` +
  `(?:${V6_PART}:){6}(?:${V4}|:${V6_PART}|:)|` +
  `(?:${V6_PART}:){5}(?::${V4}|(?::${V6_PART}){1,2}|:)|` +
  `(?:${V6_PART}:){4}(?:(?::${V6_PART}){0,1}:${V4}|(?::${V6_PART}){1,3}|:)|` +
  `(?:${V6_PART}:){3}(?:(?::${V6_PART}){0,2}:${V4}|(?::${V6_PART}){1,4}|:)|` +
  `(?:${V6_PART}:){2}(?:(?::${V6_PART}){0,3}:${V4}|(?::${V6_PART}){1,5}|:)|` +
  `(?:${V6_PART}:){1}(?:(?::${V6_PART}){0,4}:${V4}|(?::${V6_PART}){1,6}|:)|` +
  `(?::(?:(?::${V6_PART}){0,5}:${V4}|(?::${V6_PART}){1,7}|:))` +
  ")(?:%[0-9a-zA-Z-.:]{1,})?";
const IPV4 = new RegExp(`^${V4}$`);
const IPV6 = new RegExp(`^${V6}$`);

function isIPv4(input) {
  return IPV4.test(`${input}`);
}

function isIPv6(input) {
  return IPV6.test(`${input}`);
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

// connect's arguments as Node takes them: (options[, listener]), (port[, host][, listener]) or
// (path[, listener]).
function normalizeArgs(args) {
  const listener = typeof args[args.length - 1] === "function" ? args[args.length - 1] : undefined;
  const [first, second] = args;
  let options;
  if (first !== null && typeof first === "object") options = { ...first };
  else if (typeof first === "string" && !/^[0-9]+$/.test(first)) options = { path: first };
  else options = { port: first, host: typeof second === "string" ? second : undefined };
  if (options.path === undefined && options.port === undefined) {
    throw new ERR_MISSING_ARGS(["options", "port", "path"]);
  }
  return [options, listener];
}

class Socket extends Duplex {
  constructor(options = {}) {
    super({ ...options, allowHalfOpen: options.allowHalfOpen ?? false });
    this.connecting = false;
    this.remoteAddress = undefined;
    this.remotePort = undefined;
    this.remoteFamily = undefined;
    this.bytesRead = 0;
  }

  get pending() {
    return true;
  }

  get readyState() {
    if (this.connecting) return "opening";
    if (this.readable) return this.writable ? "open" : "readOnly";
    return this.writable ? "writeOnly" : "closed";
  }

  connect(...args) {
    const [options, listener] = normalizeArgs(args);
    if (listener) this.once("connect", listener);
    this.connecting = true;
    const error = options.path !== undefined
      ? connectDenied(options.path)
      : connectDenied(options.host ?? "localhost", Number(options.port));
    process.nextTick(() => {
      this.connecting = false;
      this.destroy(error);
    });
    return this;
  }

  address() {
    return {};
  }

  setTimeout(timeout, callback) {
    if (callback) this.once("timeout", callback);
    return this;
  }

  setNoDelay() {
    return this;
  }

  setKeepAlive() {
    return this;
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  _read() {}

  _write(chunk, encoding, callback) {
    callback(withCode(Error, "ERR_SOCKET_CLOSED", "Socket is closed"));
  }
}

function connect(...args) {
  const [options] = normalizeArgs(args);
  const socket = new Socket(options);
  return socket.connect(...args);
}

const server = noServer("net");

module.exports = {
  Server: server,
  Socket,
  Stream: Socket,
  connect,
  createConnection: connect,
  createServer: server,
  isIP,
  isIPv4,
  isIPv6,
};
