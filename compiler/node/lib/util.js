// Node's `util`: format and inspect (node:internal/inspect), promisify, callbackify, inherits,
// deprecate, debuglog, parseArgs, styleText, the system error names, `types`
// (node:util/types) and the legacy is* checks, as Node 20 has them.
//
// Not here: util.aborted, MIMEType and MIMEParams, parseEnv, transferableAbortSignal and
// transferableAbortController, _errnoException and _exceptionWithHostPort.
"use strict";

const {
  codes: {
    ERR_FALSY_VALUE_REJECTION,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_OUT_OF_RANGE,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL,
    ERR_PARSE_ARGS_UNKNOWN_OPTION,
  },
} = require("node:internal/errors");
const { format, formatWithOptions, inspect, stripVTControlCharacters } = require("node:internal/inspect");
const {
  validateArray,
  validateBoolean,
  validateFunction,
  validateNumber,
  validateObject,
  validateOneOf,
  validateString,
} = require("node:internal/validators");
const types = require("node:util/types");

// ---------------------------------------------------------------------------------------------
// The legacy checks (documented as deprecated, without a runtime warning in Node 20).

function isBoolean(arg) {
  return typeof arg === "boolean";
}

function isNull(arg) {
  return arg === null;
}

function isNullOrUndefined(arg) {
  return arg === null || arg === undefined;
}

function isNumber(arg) {
  return typeof arg === "number";
}

function isString(arg) {
  return typeof arg === "string";
}

function isSymbol(arg) {
  return typeof arg === "symbol";
}

function isUndefined(arg) {
  return arg === undefined;
}

function isObject(arg) {
  return arg !== null && typeof arg === "object";
}

function isError(e) {
  return Object.prototype.toString.call(e) === "[object Error]" || e instanceof Error;
}

function isFunction(arg) {
  return typeof arg === "function";
}

function isPrimitive(arg) {
  return arg === null || (typeof arg !== "object" && typeof arg !== "function");
}

// Buffers exist only where the Buffer global does.
function isBuffer(b) {
  const Buffer = globalThis.Buffer;
  return typeof Buffer === "function" && typeof Buffer.isBuffer === "function" && Buffer.isBuffer(b);
}

// Object.assign of one source, assigning the last key first as Node does.
function _extend(target, source) {
  if (source === null || typeof source !== "object") return target;
  const keys = Object.keys(source);
  for (let i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
  return target;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// `26 Feb 16:19:34`, in local time.
function timestamp() {
  const d = new Date();
  const time = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  return `${d.getDate()} ${months[d.getMonth()]} ${time}`;
}

// Through Node's console, whatever the global `console` has been replaced with.
function log(...args) {
  require("node:console").log("%s - %s", timestamp(), format(...args));
}

// ---------------------------------------------------------------------------------------------
// inherits, promisify, callbackify.

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw new ERR_INVALID_ARG_TYPE("ctor", "Function", ctor);
  if (superCtor === undefined || superCtor === null) {
    throw new ERR_INVALID_ARG_TYPE("superCtor", "Function", superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw new ERR_INVALID_ARG_TYPE("superCtor.prototype", "Object", superCtor.prototype);
  }
  Object.defineProperty(ctor, "super_", { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const kCustomPromisifiedSymbol = Symbol.for("nodejs.util.promisify.custom");

// The own properties of `from`, `length` and `name` included, defined on `to` (descriptors with
// a null prototype, so that a setter on Object.prototype cannot reach them).
function copyOwnProperties(to, from, adjust = undefined) {
  const descriptors = Object.getOwnPropertyDescriptors(from);
  for (const descriptor of Object.values(descriptors)) Object.setPrototypeOf(descriptor, null);
  if (adjust !== undefined) adjust(descriptors);
  return Object.defineProperties(to, descriptors);
}

// `fn[util.promisify.custom]` marks `fn` as its own promisified form, so that promisifying it
// again returns it.
function markPromisified(fn) {
  return Object.defineProperty(fn, kCustomPromisifiedSymbol, {
    value: fn,
    enumerable: false,
    writable: false,
    configurable: true,
  });
}

function promisify(original) {
  validateFunction(original, "original");
  if (original[kCustomPromisifiedSymbol]) {
    const fn = original[kCustomPromisifiedSymbol];
    validateFunction(fn, "util.promisify.custom");
    return markPromisified(fn);
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, value) => (err ? reject(err) : resolve(value)));
      Reflect.apply(original, this, args);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  markPromisified(fn);
  return copyOwnProperties(fn, original);
}

promisify.custom = kCustomPromisifiedSymbol;

// A falsy rejection reason would read as success to a callback: it is wrapped in an error that
// keeps it as `reason`.
function callbackifyOnRejected(reason, cb) {
  if (!reason) {
    const error = new ERR_FALSY_VALUE_REJECTION();
    error.reason = reason;
    Error.captureStackTrace(error, callbackifyOnRejected);
    reason = error;
  }
  return cb(reason);
}

function callbackify(original) {
  validateFunction(original, "original");
  // The callback runs in a later tick, outside the promise's reactions: what it throws is an
  // uncaught exception, not a rejection. Nothing is returned, as nothing follows the callback.
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, "last argument");
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => process.nextTick(cb, null, ret),
      (rej) => process.nextTick(callbackifyOnRejected, rej, cb),
    );
  }
  return copyOwnProperties(callbackified, original, (descriptors) => {
    // `length` and `name` may have been redefined as anything.
    if (typeof descriptors.length.value === "number") descriptors.length.value++;
    if (typeof descriptors.name.value === "string") descriptors.name.value += "Callbackified";
  });
}

// ---------------------------------------------------------------------------------------------
// deprecate.

// The codes warned of: each is warned of once, whichever function was deprecated with it.
const codesWarned = new Set();

// process.emitWarning has no throwDeprecation of its own: with it set, the warning is thrown
// from the next tick, as Node's emitWarning does (letting earlier warnings be printed first).
function emitDeprecationWarning(msg, code) {
  if (process.throwDeprecation) {
    const warning = new Error(msg);
    warning.name = "DeprecationWarning";
    if (code !== undefined) warning.code = code;
    process.nextTick(() => {
      throw warning;
    });
    return;
  }
  process.emitWarning(msg, "DeprecationWarning", code);
}

function deprecate(fn, msg, code) {
  if (code !== undefined) validateString(code, "code");
  let warned = false;
  function deprecated(...args) {
    if (!process.noDeprecation && !warned) {
      warned = true;
      if (code === undefined) {
        emitDeprecationWarning(msg);
      } else if (!codesWarned.has(code)) {
        emitDeprecationWarning(msg, code);
        codesWarned.add(code);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  // The wrapper inherits fn's static members, and instances made by either are instances of
  // both.
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

// ---------------------------------------------------------------------------------------------
// debuglog.

const toUpperCase = (value) => String.prototype.toUpperCase.call(value);

// Whether the section NAME (upper case) is in NODE_DEBUG: a comma-separated list of names where
// `*` matches anything, compared without case. Node reads NODE_DEBUG at start-up; here it is
// read once, when a section is first tested (process.env is bound when the run starts).
let debugTest;
function debugEnabled(name) {
  if (debugTest === undefined) {
    const spec = process.env.NODE_DEBUG;
    if (spec) {
      const source = spec.replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replaceAll("*", ".*").replaceAll(",", "$|^");
      const regex = new RegExp(`^${source}$`, "i");
      debugTest = (section) => regex.test(section);
    } else {
      debugTest = () => false;
    }
  }
  return debugTest(name);
}

// Node's rule for colouring what is written to a stream: FORCE_COLOR when set, else whether the
// stream is a terminal with colours.
function shouldColorize(stream) {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return ["", "1", "true", "2", "3"].includes(force);
  return Boolean(stream?.isTTY) && (typeof stream.getColorDepth === "function" ? stream.getColorDepth() > 2 : true);
}

// The logging function of each section, made once.
const debugImpls = Object.create(null);
const noop = () => {};

function debugImpl(enabled, set) {
  if (debugImpls[set] === undefined) {
    if (enabled) {
      const pid = process.pid;
      if (set === "HTTP" || set === "HTTP2") {
        process.emitWarning(
          `Setting the NODE_DEBUG environment variable to '${set.toLowerCase()}' can expose sensitive data ` +
            "(such as passwords, tokens and authentication headers) in the resulting log.",
        );
      }
      debugImpls[set] = function debug(...args) {
        const colors = shouldColorize(process.stderr);
        const msg = formatWithOptions({ colors }, ...args);
        process.stderr.write(format("%s %s: %s\n", set, inspect(pid, { colors }), msg));
      };
    } else {
      debugImpls[set] = noop;
    }
  }
  return debugImpls[set];
}

// A logger for section `set`, which writes `SET PID: message` to stderr when NODE_DEBUG names
// the section. Nothing is decided until it is first called (or its `enabled` read); the first
// call passes the function that does the logging to `cb`.
function debuglog(set, cb) {
  let enabled;
  function init() {
    set = toUpperCase(set);
    enabled = debugEnabled(set);
  }
  let debug = (...args) => {
    init();
    debug = debugImpl(enabled, set);
    if (typeof cb === "function") cb(debug);
    return debug(...args);
  };
  let test = () => {
    init();
    test = () => enabled;
    return enabled;
  };
  const logger = (...args) => debug(...args);
  Object.defineProperty(logger, "enabled", {
    get() {
      return test();
    },
    configurable: true,
    enumerable: true,
  });
  return logger;
}

// ---------------------------------------------------------------------------------------------
// styleText.

// Node's duck typing of its own streams and of web streams.
function isStream(obj) {
  if (!obj) return false;
  const isNodeStream =
    obj._readableState ||
    obj._writableState ||
    (typeof obj.write === "function" && typeof obj.on === "function") ||
    (typeof obj.pipe === "function" && typeof obj.on === "function");
  if (isNodeStream) return true;
  const isReadable =
    typeof obj.pipeThrough === "function" && typeof obj.getReader === "function" && typeof obj.cancel === "function";
  return isReadable || (typeof obj.getWriter === "function" && typeof obj.abort === "function");
}

const escapeStyleCode = (code) => `\u001b[${code}m`;

function styleCodes(key) {
  const codes = inspect.colors[key];
  if (codes == null) validateOneOf(key, "format", Object.keys(inspect.colors));
  return codes;
}

// `text` in the inspect.colors style `format` (or styles, an array of them). A single style is
// applied only when `stream` takes colours (or validateStream is false), as in Node 20.
function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  validateString(text, "text");
  validateBoolean(validateStream, "options.validateStream");
  if (validateStream && !isStream(stream)) {
    throw new ERR_INVALID_ARG_TYPE("stream", ["ReadableStream", "WritableStream", "Stream"], stream);
  }
  if (Array.isArray(format)) {
    let left = "";
    let right = "";
    for (const key of format) {
      const codes = styleCodes(key);
      left += escapeStyleCode(codes[0]);
      right = `${escapeStyleCode(codes[1])}${right}`;
    }
    return `${left}${text}${right}`;
  }
  const codes = styleCodes(format);
  if (validateStream && (!stream || !shouldColorize(stream))) return text;
  return `${escapeStyleCode(codes[0])}${text}${escapeStyleCode(codes[1])}`;
}

// ---------------------------------------------------------------------------------------------
// System errors: libuv's names and messages for Linux errno values (negated, as libuv reports
// them) and for its own codes.

const systemErrors = [
  [-7, "E2BIG", "argument list too long"],
  [-13, "EACCES", "permission denied"],
  [-98, "EADDRINUSE", "address already in use"],
  [-99, "EADDRNOTAVAIL", "address not available"],
  [-97, "EAFNOSUPPORT", "address family not supported"],
  [-11, "EAGAIN", "resource temporarily unavailable"],
  [-3000, "EAI_ADDRFAMILY", "address family not supported"],
  [-3001, "EAI_AGAIN", "temporary failure"],
  [-3002, "EAI_BADFLAGS", "bad ai_flags value"],
  [-3013, "EAI_BADHINTS", "invalid value for hints"],
  [-3003, "EAI_CANCELED", "request canceled"],
  [-3004, "EAI_FAIL", "permanent failure"],
  [-3005, "EAI_FAMILY", "ai_family not supported"],
  [-3006, "EAI_MEMORY", "out of memory"],
  [-3007, "EAI_NODATA", "no address"],
  [-3008, "EAI_NONAME", "unknown node or service"],
  [-3009, "EAI_OVERFLOW", "argument buffer overflow"],
  [-3014, "EAI_PROTOCOL", "resolved protocol is unknown"],
  [-3010, "EAI_SERVICE", "service not available for socket type"],
  [-3011, "EAI_SOCKTYPE", "socket type not supported"],
  [-114, "EALREADY", "connection already in progress"],
  [-9, "EBADF", "bad file descriptor"],
  [-16, "EBUSY", "resource busy or locked"],
  [-125, "ECANCELED", "operation canceled"],
  [-4080, "ECHARSET", "invalid Unicode character"],
  [-103, "ECONNABORTED", "software caused connection abort"],
  [-111, "ECONNREFUSED", "connection refused"],
  [-104, "ECONNRESET", "connection reset by peer"],
  [-89, "EDESTADDRREQ", "destination address required"],
  [-17, "EEXIST", "file already exists"],
  [-14, "EFAULT", "bad address in system call argument"],
  [-27, "EFBIG", "file too large"],
  [-113, "EHOSTUNREACH", "host is unreachable"],
  [-4, "EINTR", "interrupted system call"],
  [-22, "EINVAL", "invalid argument"],
  [-5, "EIO", "i/o error"],
  [-106, "EISCONN", "socket is already connected"],
  [-21, "EISDIR", "illegal operation on a directory"],
  [-40, "ELOOP", "too many symbolic links encountered"],
  [-24, "EMFILE", "too many open files"],
  [-90, "EMSGSIZE", "message too long"],
  [-36, "ENAMETOOLONG", "name too long"],
  [-100, "ENETDOWN", "network is down"],
  [-101, "ENETUNREACH", "network is unreachable"],
  [-23, "ENFILE", "file table overflow"],
  [-105, "ENOBUFS", "no buffer space available"],
  [-19, "ENODEV", "no such device"],
  [-2, "ENOENT", "no such file or directory"],
  [-12, "ENOMEM", "not enough memory"],
  [-64, "ENONET", "machine is not on the network"],
  [-92, "ENOPROTOOPT", "protocol not available"],
  [-28, "ENOSPC", "no space left on device"],
  [-38, "ENOSYS", "function not implemented"],
  [-107, "ENOTCONN", "socket is not connected"],
  [-20, "ENOTDIR", "not a directory"],
  [-39, "ENOTEMPTY", "directory not empty"],
  [-88, "ENOTSOCK", "socket operation on non-socket"],
  [-95, "ENOTSUP", "operation not supported on socket"],
  [-75, "EOVERFLOW", "value too large for defined data type"],
  [-1, "EPERM", "operation not permitted"],
  [-32, "EPIPE", "broken pipe"],
  [-71, "EPROTO", "protocol error"],
  [-93, "EPROTONOSUPPORT", "protocol not supported"],
  [-91, "EPROTOTYPE", "protocol wrong type for socket"],
  [-34, "ERANGE", "result too large"],
  [-30, "EROFS", "read-only file system"],
  [-108, "ESHUTDOWN", "cannot send after transport endpoint shutdown"],
  [-29, "ESPIPE", "invalid seek"],
  [-3, "ESRCH", "no such process"],
  [-110, "ETIMEDOUT", "connection timed out"],
  [-26, "ETXTBSY", "text file is busy"],
  [-18, "EXDEV", "cross-device link not permitted"],
  [-4094, "UNKNOWN", "unknown error"],
  [-4095, "EOF", "end of file"],
  [-6, "ENXIO", "no such device or address"],
  [-31, "EMLINK", "too many links"],
  [-112, "EHOSTDOWN", "host is down"],
  [-121, "EREMOTEIO", "remote I/O error"],
  [-25, "ENOTTY", "inappropriate ioctl for device"],
  [-4028, "EFTYPE", "inappropriate file type or format"],
  [-84, "EILSEQ", "illegal byte sequence"],
  [-94, "ESOCKTNOSUPPORT", "socket type not supported"],
  [-61, "ENODATA", "no data available"],
  [-49, "EUNATCH", "protocol driver not attached"],
];

function getSystemErrorName(err) {
  validateNumber(err, "err");
  if (err >= 0 || !Number.isSafeInteger(err)) throw new ERR_OUT_OF_RANGE("err", "a negative integer", err);
  const entry = systemErrors.find(([errno]) => errno === err);
  return entry !== undefined ? entry[1] : `Unknown system error ${err}`;
}

// A new Map of errno → [name, message] at each call.
function getSystemErrorMap() {
  return new Map(systemErrors.map(([errno, name, message]) => [errno, [name, message]]));
}

// ---------------------------------------------------------------------------------------------
// parseArgs: command-line arguments (process.argv's, or `args`) into option values and
// positionals, by the POSIX utility conventions; strict by default.

const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const ownValue = (object, key) => (hasOwn(object, key) ? object[key] : undefined);
const optionSetting = (options, name, key) => (hasOwn(options, name) ? ownValue(options[name], key) : undefined);

function validateUnion(value, name, union) {
  if (!union.includes(value)) throw new ERR_INVALID_ARG_TYPE(name, `('${union.join("|")}')`, value);
}

function validateArrayOf(type, value, name) {
  validateArray(value, name);
  value.forEach((item, i) => {
    if (typeof item !== type) throw new ERR_INVALID_ARG_TYPE(`${name}[${i}]`, type, item);
  });
}

// The user's arguments: those after the script, or after node's own with -e/-p.
function mainArgs() {
  const evaluates = ["-e", "--eval", "-p", "--print"].some((flag) => process.execArgv.includes(flag));
  return process.argv.slice(evaluates ? 1 : 2);
}

// The long name of the short option `short`: that of the option configured with it, else
// `short` itself.
function longOptionFor(short, options) {
  const entry = Object.entries(options).find(([, config]) => ownValue(config, "short") === short);
  return entry !== undefined ? entry[0] : short;
}

const isLoneShortOption = (arg) => arg.length === 2 && arg[0] === "-" && arg[1] !== "-";
const isLoneLongOption = (arg) => arg.length > 2 && arg.startsWith("--") && !arg.includes("=", 3);
const isLongOptionAndValue = (arg) => arg.length > 2 && arg.startsWith("--") && arg.includes("=", 3);
// `-abc` (whose first letter is not a string option) and `-fVALUE` (whose is).
const isShortOptionCluster = (arg) => arg.length > 2 && arg[0] === "-" && arg[1] !== "-";
const takesValue = (options, name) => optionSetting(options, name, "type") === "string";
// An argument that looks like an option, not like the value of the one before.
const isOptionLike = (value) => value != null && value.length > 1 && value[0] === "-";

// The arguments as tokens: { kind: 'option', name, rawName, index, value, inlineValue },
// { kind: 'positional', index, value } and { kind: 'option-terminator', index }, where index is
// that of the argument in `args` (short options grouped in one argument share it).
function argsToTokens(args, options) {
  const tokens = [];
  let index = -1;
  // How many of the coming arguments are the expansion of one short-option group.
  let groupCount = 0;
  const remaining = args.slice();
  while (remaining.length > 0) {
    const arg = remaining.shift();
    const next = remaining[0];
    if (groupCount > 0) groupCount--;
    else index++;

    if (arg === "--") {
      tokens.push({ kind: "option-terminator", index });
      for (const value of remaining) tokens.push({ kind: "positional", index: ++index, value });
      break;
    }

    if (isLoneShortOption(arg)) {
      // A string option takes the next argument as its value, whatever it looks like.
      const name = longOptionFor(arg[1], options);
      let value;
      let inlineValue;
      if (takesValue(options, name) && next != null) {
        value = remaining.shift();
        inlineValue = false;
      }
      tokens.push({ kind: "option", name, rawName: arg, index, value, inlineValue });
      if (value != null) ++index;
      continue;
    }

    if (isShortOptionCluster(arg) && !takesValue(options, longOptionFor(arg[1], options))) {
      // -abc is -a -b -c; a string option in the middle takes the rest: -abfFILE is -a -b -fFILE.
      const expanded = [];
      for (let i = 1; i < arg.length; i++) {
        if (!takesValue(options, longOptionFor(arg[i], options)) || i === arg.length - 1) {
          expanded.push(`-${arg[i]}`);
        } else {
          expanded.push(`-${arg.slice(i)}`);
          break;
        }
      }
      remaining.unshift(...expanded);
      groupCount = expanded.length;
      continue;
    }

    if (isShortOptionCluster(arg)) {
      // -fVALUE
      const rawName = arg.slice(0, 2);
      const name = longOptionFor(arg[1], options);
      tokens.push({ kind: "option", name, rawName, index, value: arg.slice(2), inlineValue: true });
      continue;
    }

    if (isLoneLongOption(arg)) {
      const name = arg.slice(2);
      let value;
      let inlineValue;
      if (takesValue(options, name) && next != null) {
        value = remaining.shift();
        inlineValue = false;
      }
      tokens.push({ kind: "option", name, rawName: arg, index, value, inlineValue });
      if (value != null) ++index;
      continue;
    }

    if (isLongOptionAndValue(arg)) {
      const equals = arg.indexOf("=");
      const name = arg.slice(2, equals);
      const value = arg.slice(equals + 1);
      tokens.push({ kind: "option", name, rawName: `--${name}`, index, value, inlineValue: true });
      continue;
    }

    tokens.push({ kind: "positional", index, value: arg });
  }
  return tokens;
}

// Strict mode: the option must be known (or the negation of a known boolean, with
// allowNegative) and have a value exactly if it is a string option.
function checkOptionUsage(config, token) {
  let name = token.name;
  if (!hasOwn(config.options, name)) {
    const negated = config.allowNegative && name.startsWith("no-") ? name.slice(3) : undefined;
    const known = negated !== undefined && optionSetting(config.options, negated, "type") === "boolean";
    if (!known) throw new ERR_PARSE_ARGS_UNKNOWN_OPTION(token.rawName, config.allowPositionals);
    name = negated;
  }
  const short = optionSetting(config.options, name, "short");
  const shortAndLong = `${short ? `-${short}, ` : ""}--${name}`;
  const type = optionSetting(config.options, name, "type");
  if (type === "string" && typeof token.value !== "string") {
    throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(`Option '${shortAndLong} <value>' argument missing`);
  }
  if (type === "boolean" && token.value != null) {
    throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(`Option '${shortAndLong}' does not take an argument`);
  }
}

// Strict mode: `--foo --bar` with string option foo is taken for a mistake; `--foo=--bar` is
// how to say it.
function checkOptionLikeValue(token) {
  if (!token.inlineValue && isOptionLike(token.value)) {
    const example = token.rawName.startsWith("--")
      ? `'${token.rawName}=-XYZ'`
      : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
    throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(
      `Option '${token.rawName}' argument is ambiguous.\n` +
        `Did you forget to specify the option argument for '${token.rawName}'?\n` +
        `To specify an option argument starting with a dash use ${example}.`,
    );
  }
}

// The option's value as given (true for none), or false for --no-NAME with allowNegative; kept
// in an array for a `multiple` option. Never stored as `__proto__`.
function storeOption(token, options, values, allowNegative) {
  let name = token.name;
  let value = token.value;
  if (name === "__proto__") return;
  if (allowNegative && name.startsWith("no-") && value === undefined) {
    name = name.slice(3);
    token.name = name;
    value = false;
  }
  const stored = value ?? true;
  if (optionSetting(options, name, "multiple")) {
    if (values[name]) values[name].push(stored);
    else values[name] = [stored];
  } else {
    values[name] = stored;
  }
}

const kEmptyObject = Object.freeze({ __proto__: null });

function validateOptionConfig(name, config) {
  validateObject(config, `options.${name}`);
  const type = ownValue(config, "type");
  validateUnion(type, `options.${name}.type`, ["string", "boolean"]);
  if (hasOwn(config, "short")) {
    const short = config.short;
    validateString(short, `options.${name}.short`);
    if (short.length !== 1) {
      throw new ERR_INVALID_ARG_VALUE(`options.${name}.short`, short, "must be a single character");
    }
  }
  const multiple = ownValue(config, "multiple");
  if (hasOwn(config, "multiple")) validateBoolean(multiple, `options.${name}.multiple`);
  const defaultValue = ownValue(config, "default");
  if (defaultValue !== undefined) {
    const defaultName = `options.${name}.default`;
    if (multiple) validateArrayOf(type, defaultValue, defaultName);
    else if (type === "string") validateString(defaultValue, defaultName);
    else validateBoolean(defaultValue, defaultName);
  }
}

const parseArgs = (config = kEmptyObject) => {
  const args = ownValue(config, "args") ?? mainArgs();
  const strict = ownValue(config, "strict") ?? true;
  const allowPositionals = ownValue(config, "allowPositionals") ?? !strict;
  const returnTokens = ownValue(config, "tokens") ?? false;
  const allowNegative = ownValue(config, "allowNegative") ?? false;
  const options = ownValue(config, "options") ?? { __proto__: null };
  validateArray(args, "args");
  validateBoolean(strict, "strict");
  validateBoolean(allowPositionals, "allowPositionals");
  validateBoolean(returnTokens, "tokens");
  validateBoolean(allowNegative, "allowNegative");
  validateObject(options, "options");
  for (const [name, optionConfig] of Object.entries(options)) validateOptionConfig(name, optionConfig);

  const tokens = argsToTokens(args, options);
  const result = { values: { __proto__: null }, positionals: [] };
  if (returnTokens) result.tokens = tokens;
  const parseConfig = { options, allowPositionals, allowNegative };
  for (const token of tokens) {
    if (token.kind === "option") {
      if (strict) {
        checkOptionUsage(parseConfig, token);
        checkOptionLikeValue(token);
      }
      storeOption(token, options, result.values, allowNegative);
    } else if (token.kind === "positional") {
      if (!allowPositionals) throw new ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL(token.value);
      result.positionals.push(token.value);
    }
  }
  // Defaults of the options not given.
  for (const [name, optionConfig] of Object.entries(options)) {
    const defaultValue = ownValue(optionConfig, "default");
    if (defaultValue !== undefined && result.values[name] === undefined && name !== "__proto__") {
      result.values[name] = defaultValue;
    }
  }
  return result;
};

// ---------------------------------------------------------------------------------------------

let isDeepStrictEqualImpl;

// Resolves once `signal` aborts (with the 'abort' event; at once, with undefined, if it has);
// `resource` is what the wait is for (Node also stops waiting once it is garbage collected;
// here the wait lasts until the abort).
async function aborted(signal, resource) {
  if (signal === null || typeof signal !== "object" || !("aborted" in signal)) {
    throw new ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
  }
  validateObject(resource, "resource", { allowArray: true, allowFunction: true });
  if (signal.aborted) return undefined;
  return new Promise((resolve) => {
    signal.addEventListener("abort", resolve, { once: true });
  });
}

module.exports = {
  _extend,
  aborted,
  callbackify,
  debug: debuglog,
  debuglog,
  deprecate,
  format,
  styleText,
  formatWithOptions,
  getSystemErrorMap,
  getSystemErrorName,
  inherits,
  inspect,
  isArray: Array.isArray,
  isBoolean,
  isBuffer,
  isDeepStrictEqual(a, b) {
    // Loaded when first needed: most apps never compare.
    isDeepStrictEqualImpl ??= require("node:internal/comparisons").isDeepStrictEqual;
    return isDeepStrictEqualImpl(a, b);
  },
  isNull,
  isNullOrUndefined,
  isNumber,
  isString,
  isSymbol,
  isUndefined,
  isRegExp: types.isRegExp,
  isObject,
  isDate: types.isDate,
  isError,
  isFunction,
  isPrimitive,
  log,
  promisify,
  stripVTControlCharacters,
  toUSVString(input) {
    return `${input}`.toWellFormed();
  },
  types,
  parseArgs,
};

// TextDecoder and TextEncoder are the globals, where there are such globals. They are read when
// first used here: a Node global of the bundle is defined to load its module when first read.
function defineLazy(key, get) {
  const settle = (value) => Object.defineProperty(module.exports, key, { value, writable: true });
  Object.defineProperty(module.exports, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = get();
      settle(value);
      return value;
    },
    set: settle,
  });
}
if ("TextDecoder" in globalThis) defineLazy("TextDecoder", () => TextDecoder);
if ("TextEncoder" in globalThis) defineLazy("TextEncoder", () => TextEncoder);
