// The WHATWG Headers of fetch, as Node 20's (undici's): names matched without case and listed
// lower-cased in sorted order, values combined with ", " (Set-Cookie values kept apart for
// getSetCookie and iteration), a guard that makes a fetched response's headers immutable.
"use strict";

const { inspectAs } = require("node:internal/event_target");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kGuard = Symbol("kGuard");
const kList = Symbol("kList");

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Leading and trailing HTTP whitespace (tab, LF, CR, space).
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

const FORBIDDEN_VALUE = /[\0\r\n]/;
const isHTTPWhitespace = (c) => c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;

function normalizeValue(value) {
  value = `${value}`;
  // Most values have nothing to trim, which is cheaper to see than to replace (QuickJS).
  if (value === "" || (!isHTTPWhitespace(value.charCodeAt(0)) && !isHTTPWhitespace(value.charCodeAt(value.length - 1)))) {
    return value;
  }
  return value.replace(EDGE_WHITESPACE, "");
}

function checkName(name, method) {
  if (!TOKEN.test(name)) throw new TypeError(`${method}: "${name}" is an invalid header name.`);
}

function checkValue(value, method) {
  if (FORBIDDEN_VALUE.test(value)) throw new TypeError(`${method}: "${value}" is an invalid header value.`);
}

function checkArgs(method, count, needed) {
  if (count < needed) {
    throw new TypeError(
      `${method}: ${needed} argument${needed === 1 ? "" : "s"} required, but only ${count} present.`,
    );
  }
}

class Headers {
  // lower-cased name -> { name (as first written), values }
  [kList] = new Map();
  [kGuard] = "none";

  constructor(init = undefined) {
    if (init === undefined || init === null) {
      if (init === null) throw new TypeError("Headers constructor: Received null");
      return;
    }
    fill(this, init, "Headers constructor");
  }

  append(name, value) {
    checkArgs("Headers.append", arguments.length, 2);
    appendHeader(this, `${name}`, value, "Headers.append");
  }

  delete(name) {
    checkArgs("Headers.delete", arguments.length, 1);
    name = `${name}`;
    checkName(name, "Headers.delete");
    checkMutable(this);
    this[kList].delete(name.toLowerCase());
  }

  get(name) {
    checkArgs("Headers.get", arguments.length, 1);
    name = `${name}`;
    checkName(name, "Headers.get");
    const entry = this[kList].get(name.toLowerCase());
    return entry === undefined ? null : entry.values.join(", ");
  }

  getSetCookie() {
    const entry = this[kList].get("set-cookie");
    return entry === undefined ? [] : [...entry.values];
  }

  has(name) {
    checkArgs("Headers.has", arguments.length, 1);
    name = `${name}`;
    checkName(name, "Headers.has");
    return this[kList].has(name.toLowerCase());
  }

  set(name, value) {
    checkArgs("Headers.set", arguments.length, 2);
    name = `${name}`;
    value = normalizeValue(value);
    checkName(name, "Headers.set");
    checkValue(value, "Headers.set");
    checkMutable(this);
    const key = name.toLowerCase();
    const entry = this[kList].get(key);
    if (entry === undefined) this[kList].set(key, { name, values: [value] });
    else entry.values = [value];
  }

  forEach(callback, thisArg = undefined) {
    checkArgs("Headers.forEach", arguments.length, 1);
    if (typeof callback !== "function") {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  *entries() {
    yield* sortedPairs(this);
  }

  *keys() {
    for (const [name] of sortedPairs(this)) yield name;
  }

  *values() {
    for (const [, value] of sortedPairs(this)) yield value;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  get [Symbol.toStringTag]() {
    return "Headers";
  }

  [customInspect](depth, options) {
    const fields = {};
    for (const { name, values } of this[kList].values()) fields[name] = values.join(", ");
    return inspectAs(this, fields, depth, options);
  }
}

// The headers' pairs as iteration gives them: sorted lower-case names, values combined.
function sortedPairs(headers) {
  const pairs = [];
  const keys = [...headers[kList].keys()].sort();
  for (const key of keys) {
    const { values } = headers[kList].get(key);
    if (key === "set-cookie") for (const value of values) pairs.push([key, value]);
    else pairs.push([key, values.join(", ")]);
  }
  return pairs;
}

function checkMutable(headers) {
  if (headers[kGuard] === "immutable") throw new TypeError("immutable");
}

function appendHeader(headers, name, value, method) {
  value = normalizeValue(value);
  checkName(name, method);
  checkValue(value, method);
  checkMutable(headers);
  const key = name.toLowerCase();
  const entry = headers[kList].get(key);
  if (entry === undefined) headers[kList].set(key, { name, values: [value] });
  else entry.values.push(value);
}

// Fills `headers` from a HeadersInit: Headers, a sequence of [name, value] pairs, or a record.
function fill(headers, init, method) {
  if (typeof init !== "object" && typeof init !== "function") {
    throw new TypeError(
      `${method}: Expected init (${JSON.stringify(init)}) to be an instance of Sequence or Record.`,
    );
  }
  if (typeof init[Symbol.iterator] === "function") {
    for (const pair of init) {
      if (typeof pair === "string" || typeof pair?.[Symbol.iterator] !== "function") {
        throw new TypeError(`${method}: Expected sequence<sequence<ByteString>>.`);
      }
      const items = [...pair];
      if (items.length !== 2) {
        throw new TypeError(`${method}: expected name/value pair to be length 2, found ${items.length}.`);
      }
      appendHeader(headers, `${items[0]}`, items[1], method);
    }
    return;
  }
  for (const name of Reflect.ownKeys(init)) {
    if (typeof name === "symbol") continue;
    const desc = Reflect.getOwnPropertyDescriptor(init, name);
    if (desc?.enumerable) appendHeader(headers, name, init[name], method);
  }
}

// The headers' pairs as sent: in insertion order, each value of a name on its own.
function headerPairs(headers) {
  const pairs = [];
  for (const { name, values } of headers[kList].values()) {
    if (name.toLowerCase() === "set-cookie") for (const value of values) pairs.push([name, value]);
    else pairs.push([name, values.join(", ")]);
  }
  return pairs;
}

// Headers of a response from the network (immutable), from the host's [[name, value]] list.
function immutableHeaders(pairs) {
  const headers = new Headers();
  for (const [name, value] of pairs) appendHeader(headers, name, value, "Headers.append");
  headers[kGuard] = "immutable";
  return headers;
}

function setGuard(headers, guard) {
  headers[kGuard] = guard;
}

module.exports = { Headers, fill, headerPairs, immutableHeaders, setGuard, sortedPairs };
