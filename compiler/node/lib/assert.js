// Node's `assert`: the assertion functions, `assert.strict` (the same with the strict
// comparisons under the loose names), AssertionError and the deprecated CallTracker, with
// Node 20's messages.
//
// Where Node differs by what it can learn about the caller:
// - `assert.ok(falsy)` without a message names the call's source text in Node when it can read
//   the calling file; the bundle's source is not at hand here, so the message is what Node
//   prints when it cannot read it (code run by `node -e`): `false == true`.
// - V8 builds an error's `stack` header when the stack is captured; QuickJS's `stack` is only
//   the frames, so AssertionError puts Node's header (`AssertionError [ERR_ASSERTION]: ...`)
//   before them itself.
"use strict";

const {
  codes: {
    ERR_AMBIGUOUS_ARGUMENT,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_RETURN_VALUE,
    ERR_MISSING_ARGS,
    ERR_UNAVAILABLE_DURING_EXIT,
  },
} = require("node:internal/errors");
const { inspect } = require("node:internal/inspect");
const { isDeepEqual, isDeepStrictEqual, isError, isRegExp } = require("node:internal/comparisons");
const { validateFunction, validateInteger, validateObject } = require("node:internal/validators");

const regExpExec = Function.prototype.call.bind(RegExp.prototype.exec);
const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
const isNativeError = typeof Error.isError === "function" ? Error.isError : isError;

// ---------------------------------------------------------------------------------------------
// AssertionError.

const kReadableOperator = {
  deepStrictEqual: "Expected values to be strictly deep-equal:",
  strictEqual: "Expected values to be strictly equal:",
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: "Expected values to be loosely deep-equal:",
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: "Values have same structure but are not reference-equal:",
  notDeepEqualUnequal: "Expected values not to be loosely deep-equal:",
};

// Two single-line values together at most this long are shown as `a !== b`.
const kMaxShortLength = 12;

// Whether the environment says the terminal shows at least 16 colors, as Node's
// tty.getColorDepth() > 2 decides it (on Linux).
const kColorTerms = [
  "eterm", "cons25", "console", "cygwin", "dtterm", "gnome", "hurd", "jfbterm", "konsole", "kterm", "mlterm", "mosh",
  "putty", "st", "rxvt-unicode-24bit", "terminator",
];
const kColorTermRegExp = /ansi|color|linux|^con[0-9]*x[0-9]|^rxvt|^screen|^xterm|^vt100/;
const kColorCIs = ["APPVEYOR", "BUILDKITE", "CIRCLECI", "DRONE", "GITHUB_ACTIONS", "GITLAB_CI", "TRAVIS"];
function envHasColors(env) {
  if (env.FORCE_COLOR !== undefined) return ["", "1", "true", "2", "3"].includes(env.FORCE_COLOR);
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === "dumb") return false;
  if (env.TMUX) return true;
  if (env.CI) return kColorCIs.some((sign) => sign in env) || env.CI_NAME === "codeship";
  if ("TEAMCITY_VERSION" in env) return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION);
  if (["iTerm.app", "HyperTerm", "MacTerm", "Apple_Terminal"].includes(env.TERM_PROGRAM)) return true;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return true;
  if (env.TERM) {
    const term = env.TERM.toLowerCase();
    if (/^xterm-256/.test(env.TERM) || kColorTerms.includes(term) || kColorTermRegExp.test(term)) return true;
  }
  return Boolean(env.COLORTERM);
}

// The diff's colors: set, as in Node, when stderr is a terminal that shows them.
const colors = { blue: "", green: "", white: "", red: "" };
function refreshColors() {
  const { stderr } = process;
  if (!stderr || !stderr.isTTY) return;
  const hasColors = typeof stderr.getColorDepth === "function" ? stderr.getColorDepth() > 2 : envHasColors(process.env);
  colors.blue = hasColors ? "\u001b[34m" : "";
  colors.green = hasColors ? "\u001b[32m" : "";
  colors.white = hasColors ? "\u001b[39m" : "";
  colors.red = hasColors ? "\u001b[31m" : "";
}
refreshColors();

const removeColors = (str) => str.replace(/\u001b\[\d\d?m/g, "");

// How values appear in messages, whatever util.inspect's defaults have been set to.
function inspectValue(value) {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

function setStackTraceLimit(limit) {
  const desc = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  let writable;
  if (desc === undefined) writable = Object.isExtensible(Error);
  else writable = hasOwn(desc, "writable") ? desc.writable : desc.set !== undefined;
  if (writable) Error.stackTraceLimit = limit;
}

// Keeps more than 50 lines from being printed: the first 46, then `...`.
function collapseLines(lines) {
  if (lines.length > 50) {
    lines[46] = `${colors.blue}...${colors.white}`;
    lines.length = 47;
  }
  return lines;
}

// The message of a failed strictEqual/deepStrictEqual: `a !== b` for short primitives, else a
// line diff of the two inspected values ("+" actual, "-" expected), with runs of identical lines
// shortened and, for two differing single lines, a `^` under the first difference.
function createErrDiff(actual, expected, operator, message = "") {
  const { blue, green, white, red } = colors;
  const actualInspected = inspectValue(actual);
  const actualLines = actualInspected.split("\n");
  const expectedLines = inspectValue(expected).split("\n");
  let indicator = "";

  // Objects (and functions) may be alike but be different objects.
  if (
    operator === "strictEqual" &&
    ((typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null) ||
      (typeof actual === "function" && typeof expected === "function"))
  ) {
    operator = "strictEqualObject";
  }
  const header = message || kReadableOperator[operator];

  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    const c = inspect.defaultOptions.colors;
    const actualRaw = c ? removeColors(actualLines[0]) : actualLines[0];
    const expectedRaw = c ? removeColors(expectedLines[0]) : expectedLines[0];
    const inputLength = actualRaw.length + expectedRaw.length;
    if (inputLength <= kMaxShortLength) {
      // (0 against -0 gets the diff.)
      if (
        (typeof actual !== "object" || actual === null) &&
        (typeof expected !== "object" || expected === null) &&
        (actual !== 0 || expected !== 0)
      ) {
        return `${header}\n\n${actualLines[0]} !== ${expectedLines[0]}\n`;
      }
    } else if (operator !== "strictEqualObject") {
      const maxLength = process.stderr && process.stderr.isTTY ? process.stderr.columns : 80;
      if (inputLength < maxLength) {
        let pos = 0;
        while (actualRaw[pos] === expectedRaw[pos]) pos++;
        if (pos > 2) indicator = `\n  ${" ".repeat(pos)}^`;
      }
    }
  }

  // Identical last lines are dropped from the diff; up to three of them are kept to end it.
  let end = "";
  let other = "";
  let skipped = false;
  let trailing = 0;
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (trailing++ < 3) end = `\n  ${a}${end}`;
    else other = a;
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }

  const maxLines = Math.max(actualLines.length, expectedLines.length);
  // Everything matched: alike but not the same (e.g. `{ a: Symbol() }` twice).
  if (maxLines === 0) {
    const lines = collapseLines(actualInspected.split("\n"));
    return `${kReadableOperator.notIdentical}\n\n${lines.join("\n")}\n`;
  }

  // At least five identical lines at the end: mark some as skipped, and show the first of them.
  if (trailing >= 5) {
    end = `\n${blue}...${white}${end}`;
    skipped = true;
  }
  if (other !== "") {
    end = `\n  ${other}${end}`;
    other = "";
  }

  let printedLines = 0;
  let identical = 0;
  let res = "";
  const msg = `${header}\n${green}+ actual${white} ${red}- expected${white}`;
  const skippedMsg = ` ${blue}...${white} Lines skipped`;

  // The lines of the longer side, printed alone once the shorter one has run out.
  let lines = actualLines;
  let plusMinus = `${green}+${white}`;
  let maxLength = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    plusMinus = `${red}-${white}`;
    maxLength = actualLines.length;
  }

  // Before a differing line, the identical lines since the last difference: up to two are
  // printed already; the last two (three if that makes all of them) are printed now, with
  // `...` for those in between.
  const printIdentical = (source, i) => {
    if (identical > 2) {
      if (identical > 3) {
        if (identical > 4) {
          if (identical === 5) {
            res += `\n  ${source[i - 3]}`;
            printedLines++;
          } else {
            res += `\n${blue}...${white}`;
            skipped = true;
          }
        }
        res += `\n  ${source[i - 2]}`;
        printedLines++;
      }
      res += `\n  ${source[i - 1]}`;
      printedLines++;
    }
    identical = 0;
  };

  for (let i = 0; i < maxLines; i++) {
    if (maxLength < i + 1) {
      printIdentical(lines, i);
      // Extra expected lines wait in `other` like the differing ones.
      if (lines === actualLines) res += `\n${plusMinus} ${lines[i]}`;
      else other += `\n${plusMinus} ${lines[i]}`;
      printedLines++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      // Lines differing only by a trailing comma count as identical.
      let diverging =
        actualLine !== expectedLine && (!actualLine.endsWith(",") || actualLine.slice(0, -1) !== expectedLine);
      if (diverging && expectedLine.endsWith(",") && expectedLine.slice(0, -1) === actualLine) {
        diverging = false;
        actualLine += ",";
      }
      if (diverging) {
        printIdentical(actualLines, i);
        // Consecutive differing lines show as +++--- rather than +-+-+-.
        res += `\n${green}+${white} ${actualLine}`;
        other += `\n${red}-${white} ${expectedLine}`;
        printedLines += 2;
      } else {
        res += other;
        other = "";
        identical++;
        if (identical <= 2) {
          res += `\n  ${actualLine}`;
          printedLines++;
        }
      }
    }
    // About 50 lines at most.
    if (printedLines > 50 && i < maxLines - 2) {
      return `${msg}${skippedMsg}\n${res}\n${blue}...${white}${other}\n${blue}...${white}`;
    }
  }

  return `${msg}${skipped ? skippedMsg : ""}\n${res}${other}${end}${indicator}`;
}

// The message of a failed not-(deep-)strict-equal: the one value.
function createNotEqualMessage(actual, operator) {
  let base = kReadableOperator[operator];
  const isObject = (typeof actual === "object" && actual !== null) || typeof actual === "function";
  if (operator === "notStrictEqual" && isObject) base = kReadableOperator.notStrictEqualObject;
  const lines = collapseLines(inspectValue(actual).split("\n"));
  if (lines.length === 1) return `${base}${lines[0].length > 5 ? "\n\n" : " "}${lines[0]}`;
  return `${base}\n\n${lines.join("\n")}\n`;
}

const truncate = (text, max) => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

// The message of the other operators: both values, around the operator's words (or the
// operator itself: `1 == true`).
function createOtherMessage(actual, expected, operator) {
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const known = kReadableOperator[operator];
  if (operator === "notDeepEqual" && res === other) return truncate(`${known}\n\n${res}`, 1024);
  res = truncate(res, 512);
  other = truncate(other, 512);
  if (operator === "deepEqual") return `${known}\n\n${res}\n\nshould loosely deep-equal\n\n${other}`;
  const unequal = kReadableOperator[`${operator}Unequal`];
  if (unequal) return `${unequal}\n\n${res}\n\nshould not loosely deep-equal\n\n${other}`;
  return `${res} ${operator} ${other}`;
}

// V8 gives every error an own `stack`; QuickJS gives errors a `stack` accessor on
// Error.prototype, which other objects inheriting from it have too.
function hasStack(value) {
  if (isNativeError(value)) return true;
  for (let obj = value; obj !== null && obj !== Error.prototype; obj = Object.getPrototypeOf(obj)) {
    if (hasOwn(obj, "stack")) return true;
  }
  return false;
}

// A stand-in for an error in a message: its enumerable properties and message, not its stack.
function copyError(source) {
  const target = Object.assign({ __proto__: Object.getPrototypeOf(source) }, source);
  Object.defineProperty(target, "message", { value: source.message });
  return target;
}

// Up to 10 lines of a long string shown as `actual`/`expected` when inspecting the error. (As
// in Node, a string of fewer lines but over 512 characters keeps what follows the first 512.)
function addEllipsis(string) {
  const lines = string.split("\n", 11);
  if (lines.length > 10) return `${lines.slice(0, 10).join("\n")}\n...`;
  if (string.length > 512) return `${string.slice(512)}...`;
  return string;
}

const kFramesOnly = /^[ \t]+at /;

// The frame lines of a stack, whether QuickJS's (frames only) or one with a header.
function stackFrames(stack) {
  if (kFramesOnly.test(stack)) return stack;
  const start = stack.indexOf("\n    at");
  return start === -1 ? "" : stack.slice(start + 1);
}

class AssertionError extends Error {
  constructor(options) {
    validateObject(options, "options");
    const { message, operator, stackStartFn, details, stackStartFunction } = options;
    let { actual, expected } = options;

    const diff = operator === "deepStrictEqual" || operator === "strictEqual";
    let text;
    if (message != null) {
      text = diff ? createErrDiff(actual, expected, operator, message) : String(message);
    } else {
      refreshColors();
      // Errors are shown without their stacks.
      if (
        typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null &&
        hasStack(actual) && actual instanceof Error && hasStack(expected) && expected instanceof Error
      ) {
        actual = copyError(actual);
        expected = copyError(expected);
      }
      if (diff) text = createErrDiff(actual, expected, operator);
      else if (operator === "notDeepStrictEqual" || operator === "notStrictEqual") {
        text = createNotEqualMessage(actual, operator);
      } else {
        text = createOtherMessage(actual, expected, operator);
      }
    }

    // The stack is captured below, from the caller of the assertion.
    const limit = Error.stackTraceLimit;
    setStackTraceLimit(0);
    super(text);
    setStackTraceLimit(limit);

    this.generatedMessage = !message;
    Object.defineProperty(this, "name", {
      value: "AssertionError [ERR_ASSERTION]",
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = "ERR_ASSERTION";
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    Error.captureStackTrace(this, stackStartFn || stackStartFunction);
    // QuickJS's stack is only the frames: the header V8 would have put first, with the name as
    // it is now, goes before them.
    const frames = String(this.stack);
    if (frames === "" || kFramesOnly.test(frames)) {
      const head = this.message ? `${this.name}: ${this.message}` : this.name;
      this.stack = frames === "" ? head : `${head}\n${frames.replace(/\n$/, "")}`;
    }
    this.name = "AssertionError";
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  // `actual` and `expected` are shown at depth 0 (long strings shortened), as the message
  // shows them already.
  [inspect.custom](recurseTimes, ctx) {
    const { actual, expected } = this;
    if (typeof actual === "string") this.actual = addEllipsis(actual);
    if (typeof expected === "string") this.expected = addEllipsis(expected);
    const result = inspect(this, { ...ctx, customInspect: false, depth: 0 });
    this.actual = actual;
    this.expected = expected;
    return result;
  }
}

// ---------------------------------------------------------------------------------------------
// The assertions.

const assert = (module.exports = ok);

// What getActual/waitForActual return when nothing was thrown.
const NO_EXCEPTION_SENTINEL = {};

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

let warnedFail = false;

function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = "Failed";
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!warnedFail) {
      warnedFail = true;
      process.emitWarning(
        "assert.fail() with more than one argument is deprecated. " +
          "Please use assert.strictEqual() instead or only pass a message.",
        "DeprecationWarning",
        "DEP0094",
      );
    }
    if (argsLen === 2) operator = "!=";
  }
  if (message instanceof Error) throw message;

  const err = new AssertionError({
    actual,
    expected,
    operator: operator === undefined ? "fail" : operator,
    stackStartFn: stackStartFn || fail,
    message,
  });
  if (internalMessage) err.generatedMessage = true;
  throw err;
}

assert.fail = fail;
assert.AssertionError = AssertionError;

// assert(value, message) / assert.ok / assert.strict: the value must be truthy.
function innerOk(fn, argLen, value, message) {
  if (value) return;
  let generatedMessage = false;
  if (argLen === 0) {
    generatedMessage = true;
    message = "No value argument passed to `assert.ok()`";
  } else if (message == null) {
    // The source is not at hand (see the top): AssertionError builds the message.
    generatedMessage = true;
  } else if (isError(message)) {
    throw message;
  }
  const err = new AssertionError({ actual: value, expected: true, message, operator: "==", stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}
assert.ok = ok;

function checkArgs(argsLen) {
  if (argsLen < 2) throw new ERR_MISSING_ARGS("actual", "expected");
}

const bothNaN = (a, b) => Number.isNaN(a) && Number.isNaN(b);

assert.equal = function equal(actual, expected, message) {
  checkArgs(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual != expected && !bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: "==", stackStartFn: equal });
  }
};

assert.notEqual = function notEqual(actual, expected, message) {
  checkArgs(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual == expected || bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: "!=", stackStartFn: notEqual });
  }
};

assert.deepEqual = function deepEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (!isDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: "deepEqual", stackStartFn: deepEqual });
  }
};

assert.notDeepEqual = function notDeepEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (isDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: "notDeepEqual", stackStartFn: notDeepEqual });
  }
};

assert.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (!isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: "deepStrictEqual", stackStartFn: deepStrictEqual });
  }
};

assert.notDeepStrictEqual = function notDeepStrictEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: "notDeepStrictEqual", stackStartFn: notDeepStrictEqual });
  }
};

assert.strictEqual = function strictEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (!Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: "strictEqual", stackStartFn: strictEqual });
  }
};

assert.notStrictEqual = function notStrictEqual(actual, expected, message) {
  checkArgs(arguments.length);
  if (Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: "notStrictEqual", stackStartFn: notStrictEqual });
  }
};

// Whether `value` is a string that `regexp` (a RegExp) matches.
const matchesRegExp = (value, regexp) =>
  typeof value === "string" && isRegExp(regexp) && regExpExec(regexp, value) !== null;

// The keys of a thrown error compared with a validation object, for the diff in the message.
// A string property that the expected RegExp matches is shown as the string, as no difference.
// (The class name shows in the message.)
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (!(key in obj)) continue;
      if (actual !== undefined && matchesRegExp(actual[key], obj[key])) {
        this[key] = actual[key];
      } else {
        this[key] = obj[key];
      }
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (key in actual && isDeepStrictEqual(actual[key], expected[key])) return;
  if (!message) {
    const err = new AssertionError({
      actual: new Comparison(actual, keys),
      expected: new Comparison(expected, keys, actual),
      operator: "deepStrictEqual",
      stackStartFn: fn,
    });
    err.actual = actual;
    err.expected = expected;
    err.operator = fn.name;
    throw err;
  }
  innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
}

// Checks a thrown (or rejected) value against `expected`: a RegExp for its string, a class it
// must be an instance of, a validation function that must return true, or an object (an error)
// whose keys it must have deep-equal (or, for strings, matching RegExp values).
function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;

  if (typeof expected !== "function") {
    if (isRegExp(expected)) {
      const str = String(actual);
      if (regExpExec(expected, str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
    } else if (typeof actual !== "object" || actual === null) {
      const err = new AssertionError({ actual, expected, message, operator: "deepStrictEqual", stackStartFn: fn });
      err.operator = fn.name;
      throw err;
    } else {
      const keys = Object.keys(expected);
      // An error's name and message are compared too.
      if (expected instanceof Error) keys.push("name", "message");
      else if (keys.length === 0) throw new ERR_INVALID_ARG_VALUE("error", expected, "may not be an empty object");
      for (const key of keys) {
        if (!matchesRegExp(actual[key], expected[key])) compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    // (Arrow functions have no prototype to be an instance of.)
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generatedMessage = true;
      message = `The error is expected to be an instance of "${expected.name}". Received `;
      if (isError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        if (expected.name === name) message += "an error with identical name but a different prototype.";
        else message += `"${name}"`;
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
  } else {
    const res = Reflect.apply(expected, {}, [actual]);
    if (res === true) return;
    if (!message) {
      generatedMessage = true;
      const name = expected.name ? `"${expected.name}" ` : "";
      message = `The ${name}validation function is expected to return "true". Received ${inspect(res)}`;
      if (isError(actual)) message += `\n\nCaught error:\n\n${actual}`;
    }
  }

  const err = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

function getActual(fn) {
  validateFunction(fn, "fn");
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

// Native promises, and objects with `then` and `catch` methods.
function checkIsPromise(obj) {
  return (
    Object.prototype.isPrototypeOf.call(Promise.prototype, obj) ||
    (obj !== null && typeof obj === "object" && typeof obj.then === "function" && typeof obj.catch === "function")
  );
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === "function") {
    // A synchronous throw rejects the promise returned by waitForActual.
    resultPromise = promiseFn();
    if (!checkIsPromise(resultPromise)) {
      throw new ERR_INVALID_RETURN_VALUE("instance of Promise", "promiseFn", resultPromise);
    }
  } else if (checkIsPromise(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    throw new ERR_INVALID_ARG_TYPE("promiseFn", ["Function", "Promise"], promiseFn);
  }
  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

const kErrorTypes = ["Object", "Error", "Function", "RegExp"];

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === "string") {
    // A string in place of `error` is the message.
    if (arguments.length === 4) throw new ERR_INVALID_ARG_TYPE("error", kErrorTypes, error);
    if (typeof actual === "object" && actual !== null) {
      if (actual.message === error) {
        const reason = `The error message "${actual.message}" is identical to the message.`;
        throw new ERR_AMBIGUOUS_ARGUMENT("error/message", reason);
      }
    } else if (actual === error) {
      throw new ERR_AMBIGUOUS_ARGUMENT("error/message", `The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== "object" && typeof error !== "function") {
    throw new ERR_INVALID_ARG_TYPE("error", kErrorTypes, error);
  }

  if (actual === NO_EXCEPTION_SENTINEL) {
    let details = error && error.name ? ` (${error.name})` : "";
    details += message ? `: ${message}` : ".";
    const fnType = stackStartFn === assert.rejects ? "rejection" : "exception";
    innerFail({
      actual: undefined,
      expected: error,
      operator: stackStartFn.name,
      message: `Missing expected ${fnType}${details}`,
      stackStartFn,
    });
  }
  if (error) expectedException(actual, error, message, stackStartFn);
}

// Whether a thrown value is one doesNotThrow/doesNotReject were told to fail on.
function hasMatchingError(actual, expected) {
  if (typeof expected !== "function") {
    if (isRegExp(expected)) return regExpExec(expected, String(actual)) !== null;
    throw new ERR_INVALID_ARG_TYPE("expected", ["Function", "RegExp"], expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION_SENTINEL) return;
  if (typeof error === "string") {
    message = error;
    error = undefined;
  }
  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : ".";
    const fnType = stackStartFn === assert.doesNotReject ? "rejection" : "exception";
    innerFail({
      actual,
      expected: error,
      operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual && actual.message}"`,
      stackStartFn,
    });
  }
  // An error not matching `error` passes through.
  throw actual;
}

assert.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};

assert.rejects = async function rejects(promiseFn, ...args) {
  expectsError(rejects, await waitForActual(promiseFn), ...args);
};

assert.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};

assert.doesNotReject = async function doesNotReject(fn, ...args) {
  expectsNoError(doesNotReject, await waitForActual(fn), ...args);
};

assert.ifError = function ifError(err) {
  if (err === null || err === undefined) return;
  let message = "ifError got unwanted exception: ";
  if (typeof err === "object" && typeof err.message === "string") {
    message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
  } else {
    message += inspect(err);
  }
  const newErr = new AssertionError({
    actual: err,
    expected: null,
    operator: "ifError",
    message,
    stackStartFn: ifError,
  });

  // The new stack ends with the frames of `err`, without the frames both share.
  const origStack = err.stack;
  if (typeof origStack === "string") {
    const originalFrames = stackFrames(origStack).replace(/\n$/, "");
    if (originalFrames !== "") {
      const frames = originalFrames.split("\n");
      let newLines = newErr.stack.split("\n");
      for (const frame of frames) {
        const pos = newLines.indexOf(frame);
        if (pos !== -1) {
          newLines = newLines.slice(0, pos);
          break;
        }
      }
      newErr.stack = `${newLines.join("\n")}\n${frames.join("\n")}`;
    }
  }
  throw newErr;
};

function internalMatch(string, regexp, message, fn) {
  if (!isRegExp(regexp)) throw new ERR_INVALID_ARG_TYPE("regexp", "RegExp", regexp);
  const match = fn === assert.match;
  if (typeof string === "string" && (regExpExec(regexp, string) !== null) === match) return;
  if (message instanceof Error) throw message;

  const generatedMessage = !message;
  if (!message) {
    if (typeof string !== "string") {
      message = `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`;
    } else {
      const verb = match ? "did not match" : "was expected to not match";
      message = `The input ${verb} the regular expression ${inspect(regexp)}. Input:\n\n${inspect(string)}\n`;
    }
  }
  const err = new AssertionError({ actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

assert.match = function match(string, regexp, message) {
  internalMatch(string, regexp, message, match);
};

assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

// ---------------------------------------------------------------------------------------------
// CallTracker (deprecated): wraps functions to count their calls, and reports those not called
// the expected number of times.

// One tracked function: its calls ({ thisArg, arguments }, frozen) and what was expected.
class CallTrackerContext {
  #expected;
  #calls = [];
  #name;
  #stackTrace;

  constructor(expected, stackTrace, name) {
    this.#expected = expected;
    this.#stackTrace = stackTrace;
    this.#name = name;
  }

  track(thisArg, args) {
    this.#calls.push(Object.freeze({ thisArg, arguments: Object.freeze([...args]) }));
  }

  reset() {
    this.#calls = [];
  }

  getCalls() {
    return Object.freeze([...this.#calls]);
  }

  // The details of a wrong count, or undefined.
  report() {
    if (this.#calls.length === this.#expected) return undefined;
    return {
      message:
        `Expected the ${this.#name} function to be executed ${this.#expected} time(s) ` +
        `but was executed ${this.#calls.length} time(s).`,
      actual: this.#calls.length,
      expected: this.#expected,
      operator: this.#name,
      stack: this.#stackTrace,
    };
  }
}

class CallTracker {
  #contexts = new Set();
  #tracked = new WeakMap();

  #contextOf(tracked) {
    if (!this.#tracked.has(tracked)) throw new ERR_INVALID_ARG_VALUE("tracked", tracked, "is not a tracked function");
    return this.#tracked.get(tracked);
  }

  reset(tracked) {
    if (tracked === undefined) {
      for (const context of this.#contexts) context.reset();
      return;
    }
    this.#contextOf(tracked).reset();
  }

  getCalls(tracked) {
    return this.#contextOf(tracked).getCalls();
  }

  // `fn` (a no-op by default) wrapped to count its calls; `calls(expected)` works too.
  calls(fn, expected = 1) {
    if (process._exiting) throw new ERR_UNAVAILABLE_DURING_EXIT();
    if (typeof fn === "number") {
      expected = fn;
      fn = Function.prototype;
    } else if (fn === undefined) {
      fn = Function.prototype;
    }
    validateInteger(expected, "expected", 1, 2 ** 32 - 1);
    const context = new CallTrackerContext(expected, new Error(), fn.name || "calls");
    const tracked = new Proxy(fn, {
      apply(target, thisArg, args) {
        context.track(thisArg, args);
        return Reflect.apply(target, thisArg, args);
      },
    });
    this.#contexts.add(context);
    this.#tracked.set(tracked, context);
    return tracked;
  }

  report() {
    const errors = [];
    for (const context of this.#contexts) {
      const details = context.report();
      if (details !== undefined) errors.push(details);
    }
    return errors;
  }

  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ? errors[0].message : "Functions were not called the expected number of times";
    throw new AssertionError({ message, details: errors });
  }
}

// As util.deprecate wraps it: a DeprecationWarning on first use.
let warnedCallTracker = false;
function deprecated(...args) {
  if (!warnedCallTracker && !process.noDeprecation) {
    warnedCallTracker = true;
    process.emitWarning("assert.CallTracker is deprecated.", "DeprecationWarning", "DEP0173");
  }
  return new.target ? Reflect.construct(CallTracker, args, new.target) : Reflect.apply(CallTracker, this, args);
}
Object.setPrototypeOf(deprecated, CallTracker);
deprecated.prototype = CallTracker.prototype;
assert.CallTracker = deprecated;

// assert.strict: the same functions, with the strict comparisons under the loose names too.
function strict(...args) {
  innerOk(strict, args.length, ...args);
}

assert.strict = Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.strict = assert.strict;
