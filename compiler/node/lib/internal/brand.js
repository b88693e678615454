// Brand checks: whether a builtin accessor or method accepts a value as its receiver (it throws
// on foreign ones), which Symbol.toStringTag or a changed prototype cannot fake.
"use strict";

// True when `check(value)` does not throw. QuickJS records a backtrace for every exception,
// which would make failing checks the bulk of inspecting or comparing a class instance; with
// Error.stackTraceLimit at 0 it records none.
function passes(check, value) {
  const limit = Error.stackTraceLimit;
  Reflect.set(Error, "stackTraceLimit", 0);
  try {
    check(value);
    return true;
  } catch {
    return false;
  } finally {
    Reflect.set(Error, "stackTraceLimit", limit);
  }
}

module.exports = { passes };
