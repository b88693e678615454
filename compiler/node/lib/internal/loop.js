// Node's event loop, in Node's order (libuv's phases as Node 20 runs them):
//   the main module; then the nextTick queue and microtasks;
//   then, while anything referenced is pending: timers that are due (by duration list, as Node
//   keeps them), waiting (WASI poll_oneoff through native.sleep, or native.waitReadable while
//   an fd is watched, or the host's wait while a child process is watched) until the next timer,
//   a watched fd or a child when nothing else is ready, the readable fds' readers, the child
//   watchers and the I/O completions, immediates queued before the phase; after
//   every callback, the nextTick queue and microtasks, then unhandled rejections;
//   then 'beforeExit' (which may schedule more work), 'exit', and the exit code.
// Every bundle runs its entry through `run`; node:process and node:timers build on this module.
"use strict";

const native = require("node:internal/native");
// The bundle runtime throws ERR_UNKNOWN_BUILTIN_MODULE from it.
require("node:internal/errors");

// What node:process adds when it is loaded (it owns the events and process.exitCode).
const hooks = {
  // () → binds what belongs to the run (this module and node:process may be loaded in the
  // build-time snapshot, so nothing of the run is read when they load).
  start: null,
  // (error, origin) → true when an 'uncaughtException' listener took it.
  uncaughtException: null,
  // (reason, promise) → true when an 'unhandledRejection' listener took it.
  unhandledRejection: null,
  // (promise, id) → a rejection reported unhandled got a handler: 'rejectionHandled'.
  rejectionHandled: null,
  // () → emits 'beforeExit' with the exit code.
  beforeExit: null,
  // (code) → emits 'exit'; returns the final exit code (a listener may change it).
  exit: null,
  // () → process.exitCode (undefined when never set).
  exitCode: () => undefined,
};

// ---- the nextTick queue -------------------------------------------------------------------

let ticks = [];
let tickHead = 0;

function queueTick(callback, args) {
  ticks.push({ callback, args });
}

// Runs the queued ticks; false when one threw: as in Node, the rest of the queue (and the
// microtasks and rejections after it) then waits for the end of the next callback.
function runTicks() {
  while (tickHead < ticks.length) {
    const tick = ticks[tickHead];
    ticks[tickHead++] = undefined;
    try {
      if (tick.args === undefined) tick.callback();
      else tick.callback(...tick.args);
    } catch (error) {
      uncaught(error);
      return false;
    }
  }
  ticks = [];
  tickHead = 0;
  return true;
}

function runMicrotasks() {
  for (;;) {
    try {
      native.runJobs();
      return;
    } catch (error) {
      uncaught(error);
    }
  }
}

// ---- unhandled rejections -------------------------------------------------------------------

// Rejected promises without a handler, in the order they were rejected, and the ids of those
// already reported (Node numbers rejections as it tracks them).
const unhandled = new Map();
const reported = new WeakMap();
let lastRejectionId = 0;
native.setRejectionHandler((promise, reason, handled) => {
  if (!handled) {
    unhandled.set(promise, { reason, id: ++lastRejectionId });
  } else if (unhandled.has(promise)) {
    unhandled.delete(promise);
  } else if (reported.has(promise)) {
    handledLate.push({ promise, id: reported.get(promise) });
    reported.delete(promise);
  }
});
// Rejections reported unhandled that got a handler since: 'rejectionHandled', emitted where
// Node emits it, when the rejections are processed.
const handledLate = [];

// Node 20's default (`--unhandled-rejections=throw`): an 'unhandledRejection' listener, or
// else the reason becomes an uncaught exception. True when something was processed.
function processRejections() {
  const late = handledLate.splice(0);
  for (const { promise, id } of late) {
    if (hooks.rejectionHandled) hooks.rejectionHandled(promise, id);
  }
  if (unhandled.size === 0) return late.length > 0;
  const pending = [...unhandled];
  unhandled.clear();
  for (const [promise, { reason, id }] of pending) {
    reported.set(promise, id);
    if (hooks.unhandledRejection && hooks.unhandledRejection(reason, promise)) continue;
    uncaught(isErrorLike(reason) ? reason : unhandledRejectionError(reason), "unhandledRejection");
  }
  return true;
}

function isErrorLike(value) {
  return value !== null && typeof value === "object" && typeof value.stack === "string";
}

// What Node throws for a rejection whose reason is not an error.
function unhandledRejectionError(reason) {
  let shown;
  if (reason !== null && (typeof reason === "object" || typeof reason === "function")) {
    const ctor = reason.constructor;
    shown = `#<${(ctor && ctor.name) || "Object"}>`;
  } else {
    shown = typeof reason === "symbol" ? reason.toString() : String(reason);
  }
  const error = new Error(
    "This error originated either by throwing inside of an async function without a catch block, " +
      `or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "${shown}".`,
  );
  error.name = "UnhandledPromiseRejection";
  error.code = "ERR_UNHANDLED_REJECTION";
  return error;
}

// Node's processTicksAndRejections: ticks, then microtasks, until both stay empty.
function drain() {
  do {
    if (!runTicks()) return;
    runMicrotasks();
  } while (tickHead < ticks.length || processRejections());
}

// ---- uncaught exceptions and exit ------------------------------------------------------------

let exiting = false;

// How an uncaught error is shown: the error with its stack (the engine's stack has the frames
// only, so the header comes first), or the value.
function describeUncaught(value) {
  try {
    if (value instanceof Error || (value && typeof value === "object" && typeof value.stack === "string")) {
      const stack = typeof value.stack === "string" ? value.stack.replace(/\n+$/, "") : "";
      if (!stack) return String(value);
      // An assigned stack may have its header already (assert's errors do).
      return /^[ \t]+at /.test(stack) ? `${String(value)}\n${stack}` : stack;
    }
    return typeof value === "symbol" ? value.toString() : String(value);
  } catch {
    return "<an error that cannot be shown>";
  }
}

const frameRegExp = /^[ \t]+at (?:.*? \()?(.+):(\d+):(\d+)\)?$/;

// Node's code frame for an uncaught error: `file:line`, the line, a caret under the column,
// for the first frame of its stack in one of the app's files (the artifact keeps their text);
// "" when there is none.
function codeFrame(value) {
  try {
    const stack = value !== null && typeof value === "object" ? value.stack : undefined;
    if (typeof stack !== "string") return "";
    for (const frame of stack.split("\n")) {
      const match = frameRegExp.exec(frame);
      if (match === null) continue;
      const [, file, line, column] = match;
      const text = native.sourceLine(file, Number(line));
      if (text !== undefined) return `${file}:${line}\n${text}\n${" ".repeat(Number(column) - 1)}^\n`;
    }
  } catch {}
  return "";
}

// What is printed for an uncaught error: as Node prints it (the code frame, a blank line, the
// error and its stack) when the stack leads to the app's code, else `Uncaught ` and the error.
function reportUncaught(value) {
  const frame = codeFrame(value);
  return frame ? `${frame}\n${describeUncaught(value)}\n` : `Uncaught ${describeUncaught(value)}\n`;
}

// Offers `error` to 'uncaughtException' listeners: true when one took it. A listener that
// throws ends the process with code 7, as in Node.
function offerUncaught(error, origin) {
  if (!hooks.uncaughtException) return false;
  try {
    return hooks.uncaughtException(error, origin);
  } catch (thrown) {
    native.write(2, reportUncaught(thrown));
    native.exit(7);
  }
}

function uncaught(error, origin = "uncaughtException") {
  if (!exiting && offerUncaught(error, origin)) {
    // As Node does: an empty immediate, so that what the error interrupted (the rest of the
    // nextTick queue) runs at the latest after the next check phase.
    queueImmediate({ refed: true, queued: false, fire() {} });
    return;
  }
  native.write(2, reportUncaught(error));
  exit(1);
}

// Emits 'exit' (once) and returns the exit code: process.exitCode as the listeners leave it.
// A listener that throws is an uncaught error; unless a listener takes it, the code is then
// process.exitCode, or 1.
function emitExit(code) {
  if (exiting) return code;
  exiting = true;
  if (!hooks.exit) return code;
  try {
    return hooks.exit(code);
  } catch (error) {
    if (offerUncaught(error, "uncaughtException")) return hooks.exitCode() ?? 0;
    native.write(2, reportUncaught(error));
    return hooks.exitCode() ?? 1;
  }
}

// Ends the process: 'exit' (once), then the code; never returns.
function exit(code) {
  native.exit(emitExit(code));
}

// ---- timers -----------------------------------------------------------------------------------

// Node's loop time: milliseconds, whole, read once per loop iteration (libuv's uv_now); first
// read when the run starts.
let loopTime = 0;
function now() {
  return loopTime;
}
function updateTime() {
  loopTime = Math.floor(native.now());
}

// Timers of one duration, in insertion order (so due in order); the lists are kept in a heap by
// (expiry, id), as Node's timer list queue.
let nextListId = 1;
const listsByDuration = new Map();
const listHeap = [];
let refedTimers = 0;

function listBefore(a, b) {
  return a.expiry < b.expiry || (a.expiry === b.expiry && a.id < b.id);
}

function heapUp(i) {
  const item = listHeap[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!listBefore(item, listHeap[parent])) break;
    listHeap[i] = listHeap[parent];
    i = parent;
  }
  listHeap[i] = item;
}

function heapDown(i) {
  const item = listHeap[i];
  const n = listHeap.length;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && listBefore(listHeap[child + 1], listHeap[child])) child++;
    if (!listBefore(listHeap[child], item)) break;
    listHeap[i] = listHeap[child];
    i = child;
  }
  listHeap[i] = item;
}

function heapPop() {
  const last = listHeap.pop();
  if (listHeap.length > 0) {
    listHeap[0] = last;
    heapDown(0);
  }
}

// Schedules `timer` (fields: duration, start, active, refed, generation) `duration` ms after
// `start`. A timer scheduled again leaves its old list entry behind, recognized by generation.
function insertTimer(timer, start = loopTime) {
  removeTimer(timer);
  timer.start = start;
  timer.active = true;
  timer.generation = (timer.generation || 0) + 1;
  if (timer.refed) refedTimers++;
  let list = listsByDuration.get(timer.duration);
  if (list === undefined) {
    list = { duration: timer.duration, expiry: start + timer.duration, id: nextListId++, timers: [], head: 0 };
    listsByDuration.set(timer.duration, list);
    listHeap.push(list);
    heapUp(listHeap.length - 1);
  }
  list.timers.push({ timer, generation: timer.generation });
}

// Unschedules `timer`; its list entry is skipped when reached.
function removeTimer(timer) {
  if (!timer.active) return;
  timer.active = false;
  if (timer.refed) refedTimers--;
}

function setTimerRef(timer, refed) {
  if (timer.refed === refed) return;
  timer.refed = refed;
  if (timer.active) refedTimers += refed ? 1 : -1;
}

function runDueList(list) {
  while (list.head < list.timers.length) {
    const { timer, generation } = list.timers[list.head];
    if (!timer.active || timer.generation !== generation) {
      // Cleared, or scheduled again since.
      list.timers[list.head++] = undefined;
      continue;
    }
    if (loopTime - timer.start < list.duration) {
      compact(list);
      list.expiry = Math.max(timer.start + list.duration, loopTime + 1);
      list.id = nextListId++;
      heapDown(0);
      return;
    }
    list.timers[list.head++] = undefined;
    const start = timer.repeat ? loopTime : 0;
    removeTimer(timer);
    try {
      timer.fire();
    } catch (error) {
      uncaught(error);
    }
    drain();
    // An interval runs again unless its callback cleared or rescheduled it.
    if (timer.repeat && !timer.cleared && !timer.active) {
      timer.duration = Math.trunc(timer.repeat);
      insertTimer(timer, start);
    }
  }
  listsByDuration.delete(list.duration);
  heapPop();
}

// Drops the entries a list has run past, once they are most of it (a list that keeps being
// refilled, as by an interval, is never emptied).
function compact(list) {
  if (list.head > 1024 && list.head * 2 > list.timers.length) {
    list.timers = list.timers.slice(list.head);
    list.head = 0;
  }
}

function runTimers() {
  while (listHeap.length > 0) {
    const list = listHeap[0];
    if (list.expiry > loopTime) return;
    runDueList(list);
  }
}

// ---- immediates --------------------------------------------------------------------------------

let immediates = [];
let refedImmediates = 0;

function queueImmediate(immediate) {
  immediate.queued = true;
  if (immediate.refed) refedImmediates++;
  immediates.push(immediate);
}

function removeImmediate(immediate) {
  if (!immediate.queued) return;
  immediate.queued = false;
  if (immediate.refed) refedImmediates--;
}

function setImmediateRef(immediate, refed) {
  if (immediate.refed === refed) return;
  immediate.refed = refed;
  if (immediate.queued) refedImmediates += refed ? 1 : -1;
}

function runImmediates() {
  const batch = immediates;
  immediates = [];
  for (const immediate of batch) {
    if (!immediate.queued) continue;
    removeImmediate(immediate);
    try {
      immediate.fire();
    } catch (error) {
      // As in Node, what the error interrupted waits for the next callback's end.
      uncaught(error);
      continue;
    }
    drain();
  }
}

// ---- I/O completions (the poll phase) ----------------------------------------------------------
// The callbacks of finished I/O (fs's callback and promise forms), run after the timers and
// before the immediates, each followed by ticks and microtasks. A completion queued while the
// phase runs waits for the next iteration, as one from libuv's thread pool would.

let completions = [];

function queueCompletion(callback) {
  completions.push(callback);
}

function runCompletions() {
  const batch = completions;
  completions = [];
  for (const callback of batch) {
    try {
      callback();
    } catch (error) {
      uncaught(error);
      continue;
    }
    drain();
  }
}

// ---- watched file descriptors (the poll phase) -------------------------------------------------
// A reader of a pipe or terminal (stdin) watches its fd while it wants data: the loop then waits
// in one poll_oneoff for the next timer or for a watched fd to be readable (or at its end), and
// calls the watcher's onReadable in the poll phase, before the I/O completions. A watcher is
// { fd, refed, onReadable }; a referenced one keeps the loop alive while it watches, as a
// reading libuv handle does.

// A set of watchers of one kind that counts the referenced ones (they keep the loop alive).
class WatcherSet extends Set {
  constructor() {
    super();
    this.refed = 0;
  }

  watch(watcher) {
    if (this.has(watcher)) return;
    this.add(watcher);
    if (watcher.refed) this.refed++;
  }

  unwatch(watcher) {
    if (!this.delete(watcher)) return;
    if (watcher.refed) this.refed--;
  }

  setRef(watcher, refed) {
    if (watcher.refed === refed) return;
    watcher.refed = refed;
    if (this.has(watcher)) this.refed += refed ? 1 : -1;
  }
}

const watchers = new WatcherSet();
const watchFd = (watcher) => watchers.watch(watcher);
const unwatchFd = (watcher) => watchers.unwatch(watcher);
const setWatcherRef = (watcher, refed) => watchers.setRef(watcher, refed);

// ---- watched child processes (the poll phase) --------------------------------------------------
// A child process (node:child_process) is watched while it runs or its pipes are open: the loop
// then waits in the host's wait (native.proc.wait) for the children, and for fd 0 when stdin is
// watched, instead of in poll_oneoff (fd watchers are stdin's: the host's wait knows only fd 0).
// The host does not say which child is ready, so each wake-up calls every child watcher's
// onReady, which looks at its child without blocking. A watcher is { refed, onReady }; a
// referenced one keeps the loop alive while it watches.

const childWatchers = new WatcherSet();
const watchChild = (watcher) => childWatchers.watch(watcher);
const unwatchChild = (watcher) => childWatchers.unwatch(watcher);
const setChildWatcherRef = (watcher, refed) => childWatchers.setRef(watcher, refed);

// ---- watched HTTP requests (the poll phase) ----------------------------------------------------
// A request of fetch or node:http is watched while it waits for its response, its body, or room
// for the body it sends; the host's wait then waits for the network too. As with children, each
// wake-up calls every request watcher's onReady, which looks at its request without blocking. A
// watcher is { refed, onReady }.

const netWatchers = new WatcherSet();
const watchRequest = (watcher) => netWatchers.watch(watcher);
const unwatchRequest = (watcher) => netWatchers.unwatch(watcher);
const setRequestWatcherRef = (watcher, refed) => netWatchers.setRef(watcher, refed);

// Calls `call(watcher)` for each watcher of `set` that `ready` picks and is still watched, each
// followed by ticks and microtasks.
function runReady(set, ready, call) {
  for (const watcher of [...set]) {
    if (!ready(watcher) || !set.has(watcher)) continue;
    try {
      call(watcher);
    } catch (error) {
      uncaught(error);
      continue;
    }
    drain();
  }
}

function runReadable(watcher) {
  watcher.onReadable();
}

function runHostWatcher(watcher) {
  watcher.onReady();
}

// The host's wait for the children and requests (and stdin when it is watched), then the ready
// watchers.
function pollHost(wait) {
  const { WAIT_CHILDREN, WAIT_STDIN } = native.proc;
  const { WAIT_NET } = native.net;
  const stdinWatched = [...watchers].some((watcher) => watcher.fd === 0);
  const what =
    (childWatchers.size > 0 ? WAIT_CHILDREN : 0) |
    (netWatchers.size > 0 ? WAIT_NET : 0) |
    (stdinWatched ? WAIT_STDIN : 0);
  const ready = native.proc.wait(wait, what);
  if (ready & WAIT_STDIN) runReady(watchers, (watcher) => watcher.fd === 0, runReadable);
  if (ready & WAIT_CHILDREN) runReady(childWatchers, () => true, runHostWatcher);
  if (ready & WAIT_NET) runReady(netWatchers, () => true, runHostWatcher);
}

// Waits up to `wait` ms (-1: until a watched fd is readable, a child or a request is ready) and
// runs the ready watchers.
function poll(wait) {
  if (childWatchers.size > 0 || netWatchers.size > 0) {
    pollHost(wait);
    return;
  }
  if (watchers.size === 0) {
    if (wait > 0) native.sleep(wait);
    return;
  }
  const fds = [...new Set(Array.from(watchers, (watcher) => watcher.fd))];
  const ready = native.waitReadable(fds, wait);
  if (ready.length > 0) runReady(watchers, (watcher) => ready.includes(watcher.fd), runReadable);
}

// ---- the loop ----------------------------------------------------------------------------------

function alive() {
  return (
    refedTimers > 0 ||
    refedImmediates > 0 ||
    completions.length > 0 ||
    watchers.refed > 0 ||
    childWatchers.refed > 0 ||
    netWatchers.refed > 0
  );
}

// How long the poll phase may wait: until the next timer's expiry (an unreferenced timer alone
// does not keep the loop waiting, but it still runs when due while the loop is up); with no
// timer, as long as it takes a watched fd or child to be ready (-1).
function waitTime() {
  if (immediates.length > 0 || completions.length > 0 || !alive()) return 0;
  if (listHeap.length === 0) {
    return watchers.size > 0 || childWatchers.size > 0 || netWatchers.size > 0 ? -1 : 0;
  }
  return Math.max(0, listHeap[0].expiry - Math.floor(native.now()));
}

function iterate() {
  updateTime();
  runTimers();
  poll(waitTime());
  runCompletions();
  runImmediates();
}

// Runs `main` (the entry module) and the loop to the end; returns the exit code.
function run(main) {
  updateTime();
  if (hooks.start) hooks.start();
  try {
    main();
  } catch (error) {
    uncaught(error);
  }
  drain();
  for (;;) {
    while (alive()) iterate();
    if (!hooks.beforeExit) break;
    try {
      hooks.beforeExit();
    } catch (error) {
      uncaught(error);
    }
    drain();
    if (!alive()) break;
  }
  return emitExit(hooks.exitCode() ?? 0);
}

// edgeboxd: runs `main` as `run` does (with the `start` hook when `start` is true), then the
// loop while something is pending and `done()` is false; no 'beforeExit' or 'exit': an instance
// that serves does not end, its memory is reset to the state it had before.
function settle(main, done, start) {
  updateTime();
  if (start && hooks.start) hooks.start();
  try {
    main();
  } catch (error) {
    uncaught(error);
  }
  drain();
  while (!done() && alive()) iterate();
}

module.exports = {
  exit,
  hooks,
  insertTimer,
  now,
  queueCompletion,
  queueImmediate,
  queueTick,
  removeImmediate,
  removeTimer,
  run,
  setChildWatcherRef,
  setImmediateRef,
  setRequestWatcherRef,
  setTimerRef,
  setWatcherRef,
  settle,
  uncaught,
  unwatchChild,
  unwatchFd,
  unwatchRequest,
  watchChild,
  watchFd,
  watchRequest,
};
