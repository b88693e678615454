// Node's error codes: `new codes.ERR_X(...args)` is an Error of Node's class (TypeError,
// RangeError, ...) with Node's message for those arguments and its `code`, printed by
// `String(err)` and in stacks as `TypeError [ERR_X]: message`, as Node does.
"use strict";

const codes = Object.create(null);

// The inspect module needs these errors too; it is required only when a message is built.
let inspectModule;
function inspect(value, options) {
  if (inspectModule === undefined) inspectModule = require("node:internal/inspect");
  return inspectModule.inspect(value, options);
}

function define(code, Base, message) {
  class NodeError extends Base {
    constructor(...args) {
      super(typeof message === "function" ? message(...args) : message);
      Object.defineProperty(this, "code", {
        value: code,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }

    toString() {
      return `${this.name} [${code}]: ${this.message}`;
    }
  }
  Object.defineProperty(NodeError.prototype, "name", {
    value: Base.name,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(NodeError, "name", { value: Base.name });
  codes[code] = NodeError;
}

// The JS types Node names in type lists; other lowercase words are values, capitalized words
// are class names.
const TYPES = ["string", "function", "number", "object", "Function", "Object", "boolean", "bigint", "symbol"];
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/;

function list(words, lead) {
  if (words.length > 2) return `${lead}${words.slice(0, -1).join(", ")}, or ${words[words.length - 1]}`;
  if (words.length === 2) return `${lead}${words[0]} or ${words[1]}`;
  return `${lead}${words[0]}`;
}

// How Node describes a received value in a message: `type number (3)`, `an instance of Foo`,
// `function f`, `undefined`.
function describeReceived(value) {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case "bigint":
      return `type bigint (${value}n)`;
    case "number":
      return `type number (${Object.is(value, -0) ? "-0" : value})`;
    case "boolean":
    case "symbol":
      return `type ${typeof value} (${String(value)})`;
    case "function":
      return `function ${value.name}`;
    case "object":
      if (value.constructor && "name" in value.constructor) return `an instance of ${value.constructor.name}`;
      return inspect(value, { depth: -1 });
    case "string":
      if (value.length > 28) value = `${value.slice(0, 25)}...`;
      return value.includes("'") ? `type string (${JSON.stringify(value)})` : `type string ('${value}')`;
    default: {
      let shown = inspect(value, { colors: false });
      if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
      return `type ${typeof value} (${shown})`;
    }
  }
}

function argumentName(name) {
  if (name.endsWith(" argument")) return `The ${name} `;
  return `The "${name}" ${name.includes(".") ? "property" : "argument"} `;
}

function invalidArgType(name, expected, actual) {
  if (!Array.isArray(expected)) expected = [expected];
  const types = [];
  const instances = [];
  const other = [];
  for (const value of expected) {
    if (TYPES.includes(value)) types.push(value.toLowerCase());
    else if (CLASS_NAME.test(value)) instances.push(value);
    else other.push(value);
  }
  if (instances.length > 0) {
    const object = types.indexOf("object");
    if (object !== -1) {
      types.splice(object, 1);
      instances.push("Object");
    }
  }
  let msg = `${argumentName(name)}must be `;
  if (types.length > 0) {
    msg += list(types, types.length === 1 ? "of type " : "one of type ");
    if (instances.length > 0 || other.length > 0) msg += " or ";
  }
  if (instances.length > 0) {
    msg += list(instances, "an instance of ");
    if (other.length > 0) msg += " or ";
  }
  if (other.length > 0) {
    if (other.length === 1) msg += other[0].toLowerCase() !== other[0] ? `an ${other[0]}` : other[0];
    else msg += list(other, "one of ");
  }
  return `${msg}. Received ${describeReceived(actual)}`;
}

// 1000000 → "1_000_000", as Node shows large numbers in range errors.
function numericalSeparators(text) {
  let out = "";
  let i = text.length;
  const start = text[0] === "-" ? 1 : 0;
  for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
  return `${text.slice(0, i)}${out}`;
}

function outOfRange(name, range, input, replaceDefaultBoolean = false) {
  let msg = replaceDefaultBoolean ? name : `The value of "${name}" is out of range.`;
  let received;
  if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) {
    received = numericalSeparators(String(input));
  } else if (typeof input === "bigint") {
    received = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = numericalSeparators(received);
    received += "n";
  } else {
    received = inspect(input);
  }
  return `${msg} It must be ${range}. Received ${received}`;
}

define("ERR_INVALID_ARG_TYPE", TypeError, invalidArgType);
define("ERR_INVALID_ARG_VALUE", TypeError, (name, value, reason = "is invalid") => {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return `The ${name.includes(".") ? "property" : "argument"} '${name}' ${reason}. Received ${shown}`;
});
define("ERR_OUT_OF_RANGE", RangeError, outOfRange);
define("ERR_MISSING_ARGS", TypeError, (...names) => {
  const quoted = names.map((n) => (Array.isArray(n) ? n.map((a) => `"${a}"`).join(" or ") : `"${n}"`));
  let msg = "The ";
  if (quoted.length === 1) msg += `${quoted[0]} argument`;
  else if (quoted.length === 2) msg += `${quoted[0]} and ${quoted[1]} arguments`;
  else msg += `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]} arguments`;
  return `${msg} must be specified`;
});
define("ERR_UNKNOWN_ENCODING", TypeError, (encoding) => `Unknown encoding: ${encoding}`);
define("ERR_UNHANDLED_ERROR", Error, (err) => {
  const msg = "Unhandled error.";
  return err === undefined ? msg : `${msg} (${inspect(err)})`;
});
define("ERR_INVALID_THIS", TypeError, (type) => `Value of "this" must be of type ${type}`);
define("ERR_METHOD_NOT_IMPLEMENTED", Error, (method) => `The ${method} method is not implemented`);
define("ERR_INVALID_RETURN_VALUE", TypeError, (input, name, value) => {
  const type = value && value.constructor && value.constructor.name ? `instance of ${value.constructor.name}` : `type ${typeof value}`;
  return `Expected ${input} to be returned from the "${name}" function but got ${type}.`;
});
define("ERR_FALSY_VALUE_REJECTION", Error, "Promise was rejected with falsy value");
define("ERR_UNKNOWN_BUILTIN_MODULE", Error, (name) => `No such built-in module: ${name}`);

// The error of an operation cancelled through an AbortSignal (its reason as `cause`), as Node's
// AbortError: an Error named "AbortError" with code "ABORT_ERR".
class AbortError extends Error {
  constructor(message = "The operation was aborted", options = undefined) {
    if (options !== undefined && typeof options !== "object") {
      throw new codes.ERR_INVALID_ARG_TYPE("options", "Object", options);
    }
    super(message, options);
    this.code = "ABORT_ERR";
    this.name = "AbortError";
  }
}

// A Node error whose message is given (for codes used in one place only).
function withCode(Base, code, message) {
  if (!codes[code]) define(code, Base, (text) => text);
  return new codes[code](message);
}

module.exports = { AbortError, codes, withCode, describeReceived };
