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

// `properties(...args)`, when given, returns the error's own properties that follow `code`
// (as ERR_INVALID_URL's `input`).
function nodeErrorClass(code, Base, message, properties) {
  class NodeError extends Base {
    constructor(...args) {
      super(typeof message === "function" ? message(...args) : message);
      Object.defineProperty(this, "code", {
        value: code,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (properties) Object.assign(this, properties(...args));
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
  return NodeError;
}

// `variants`: the other classes Node throws the code as, each `codes[code][Class.name]`
// (`new codes.ERR_INVALID_STATE.TypeError(...)`).
function define(code, Base, message, properties, variants = []) {
  codes[code] = nodeErrorClass(code, Base, message, properties);
  for (const Variant of variants) codes[code][Variant.name] = nodeErrorClass(code, Variant, message, properties);
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
define(
  "ERR_INVALID_ARG_VALUE",
  TypeError,
  (name, value, reason = "is invalid") => {
    let shown = inspect(value);
    if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
    return `The ${name.includes(".") ? "property" : "argument"} '${name}' ${reason}. Received ${shown}`;
  },
  undefined,
  [RangeError],
);
define("ERR_OUT_OF_RANGE", RangeError, outOfRange);
define("ERR_AMBIGUOUS_ARGUMENT", TypeError, (name, reason) => `The "${name}" argument is ambiguous. ${reason}`);
define("ERR_UNAVAILABLE_DURING_EXIT", Error, "Cannot call function in process exit handler");
define("ERR_MISSING_ARGS", TypeError, (...names) => {
  const quoted = names.map((n) => (Array.isArray(n) ? n.map((a) => `"${a}"`).join(" or ") : `"${n}"`));
  let msg = "The ";
  if (quoted.length === 1) msg += `${quoted[0]} argument`;
  else if (quoted.length === 2) msg += `${quoted[0]} and ${quoted[1]} arguments`;
  else msg += `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]} arguments`;
  return `${msg} must be specified`;
});
// The encoding as `%s` shows it: an object inspected, anything else as a string.
define("ERR_UNKNOWN_ENCODING", TypeError, (encoding) => {
  const shown = encoding !== null && typeof encoding === "object" ? inspect(encoding, { depth: 0 }) : String(encoding);
  return `Unknown encoding: ${shown}`;
});
define("ERR_UNHANDLED_ERROR", Error, (err) => {
  const msg = "Unhandled error.";
  return err === undefined ? msg : `${msg} (${inspect(err)})`;
});
define("ERR_INVALID_THIS", TypeError, (type) => `Value of "this" must be of type ${type}`);
define("ERR_METHOD_NOT_IMPLEMENTED", Error, (method) => `The ${method} method is not implemented`);
define(
  "ERR_INVALID_RETURN_VALUE",
  TypeError,
  (input, name, value) => `Expected ${input} to be returned from the "${name}" function but got ${describeReceived(value)}.`,
);
define("ERR_FALSY_VALUE_REJECTION", Error, "Promise was rejected with falsy value");
define("ERR_UNKNOWN_BUILTIN_MODULE", Error, (name) => `No such built-in module: ${name}`);
define("ERR_BUFFER_OUT_OF_BOUNDS", RangeError, (name = undefined) =>
  name ? `"${name}" is outside of buffer bounds` : "Attempt to access memory outside buffer bounds",
);
define("ERR_INVALID_BUFFER_SIZE", RangeError, (size) => `Buffer size must be a multiple of ${size}`);
define("ERR_ENCODING_NOT_SUPPORTED", RangeError, (encoding) => `The "${encoding}" encoding is not supported`);
define("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", TypeError, (message) => message);
define(
  "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
  TypeError,
  (value) => `Unexpected argument '${value}'. This command does not take positional arguments`,
);
define("ERR_PARSE_ARGS_UNKNOWN_OPTION", TypeError, (option, allowPositionals) => {
  const suggestDashDash = allowPositionals
    ? ". To specify a positional argument starting with a '-', place it at the end of the command after " +
      `'--', as in '-- ${JSON.stringify(option)}`
    : "";
  return `Unknown option '${option}'${suggestDashDash}`;
});
define("ERR_INVALID_URI", URIError, "URI malformed");
// The URL is not in the message (Node keeps it out of logs), only in `input` (and `base`).
define("ERR_INVALID_URL", TypeError, "Invalid URL", (input, base = null) =>
  base == null ? { input } : { input, base },
);
define("ERR_INVALID_URL_SCHEME", TypeError, (expected) => {
  if (typeof expected === "string") expected = [expected];
  const which = expected.length === 2 ? `one of scheme ${expected[0]} or ${expected[1]}` : `of scheme ${expected[0]}`;
  return `The URL must be ${which}`;
});
define("ERR_INVALID_FILE_URL_HOST", TypeError, (platform) => `File URL host must be "localhost" or empty on ${platform}`);
define("ERR_INVALID_FILE_URL_PATH", TypeError, (reason) => `File URL path ${reason}`);
define("ERR_INVALID_TUPLE", TypeError, (name, value) => `${name} must be an iterable ${value} tuple`);
define("ERR_ARG_NOT_ITERABLE", TypeError, (name) => `${name} must be iterable`);
define("ERR_MULTIPLE_CALLBACK", Error, "Callback called multiple times");
define("ERR_STREAM_PUSH_AFTER_EOF", Error, "stream.push() after EOF");
define("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", Error, "stream.unshift() after end event");
define("ERR_STREAM_WRITE_AFTER_END", Error, "write after end");
define("ERR_STREAM_DESTROYED", Error, (method) => `Cannot call ${method} after a stream was destroyed`);
define("ERR_STREAM_ALREADY_FINISHED", Error, (method) => `Cannot call ${method} after a stream was finished`);
define("ERR_STREAM_PREMATURE_CLOSE", Error, "Premature close");
define("ERR_STREAM_NULL_VALUES", TypeError, "May not write null values to stream");
define("ERR_STREAM_CANNOT_PIPE", Error, "Cannot pipe, not readable");
define("ERR_INVALID_STATE", Error, (message) => `Invalid state: ${message}`, undefined, [TypeError, RangeError]);
define("ERR_ILLEGAL_CONSTRUCTOR", TypeError, "Illegal constructor");
define("ERR_MISSING_OPTION", TypeError, (name) => `${name} is required`);

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

// An error as Node's C++ layer throws it: a plain `Base` with the message as given and a `code`
// property, which its name and stack header do not show (`TypeError: message`).
function nativeError(Base, code, message) {
  const err = new Base(message);
  err.code = code;
  return err;
}

module.exports = { AbortError, codes, withCode, nativeError, describeReceived };
