// Node's `process`: an EventEmitter ('exit', 'beforeExit', 'uncaughtException',
// 'unhandledRejection', 'warning') with the run's argv and env (the policy's), exit and
// exitCode, nextTick, hrtime, uptime, stdin/stdout/stderr, emitWarning, and constants where WASI
// has nothing to tell (see the README's compatibility table).
"use strict";

const EventEmitter = require("node:events");
const native = require("node:internal/native");
const loop = require("node:internal/loop");
const { codes } = require("node:internal/errors");
const { validateFunction, validateInteger } = require("node:internal/validators");

// The Node version whose API EdgeBox follows, and EdgeBox's own (checked against Cargo.toml by
// edgebox-node's tests).
const NODE_VERSION = "20.20.2";
const EDGEBOX_VERSION = "0.1.0";

const process = Object.create(EventEmitter.prototype);
EventEmitter.call(process);

let exitCode;

// stdout / stderr (isTTY and columns are bound when the run starts): EventEmitters that write
// at once, so that a Readable can pipe into them (`process.stdin.pipe(process.stdout)`).
function writer(fd) {
  const stream = Object.create(EventEmitter.prototype);
  EventEmitter.call(stream);
  return Object.assign(stream, {
    fd,
    isTTY: false,
    columns: undefined,
    writable: true,
    write(chunk, encoding, callback) {
      if (typeof encoding === "function") callback = encoding;
      if (typeof chunk !== "string" && !(chunk instanceof Uint8Array)) {
        throw new codes.ERR_INVALID_ARG_TYPE("chunk", ["string", "Buffer", "Uint8Array"], chunk);
      }
      native.write(fd, chunk);
      if (typeof callback === "function") loop.queueTick(callback, undefined);
      return true;
    },
    end(chunk, encoding, callback) {
      if (typeof chunk === "function") callback = chunk;
      else if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      if (typeof callback === "function") loop.queueTick(callback, undefined);
      return this;
    },
  });
}

// `path` resolved against the directory `from`, normalized (process.chdir's target; node:path
// is not required here, so that every app does not bundle it).
function absolute(from, path) {
  const parts = [];
  for (const part of (path.startsWith("/") ? path : `${from}/${path}`).split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "" && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function hrtime(previous) {
  const ns = native.hrtime();
  let seconds = Number(ns / 1000000000n);
  let nanos = Number(ns % 1000000000n);
  if (previous !== undefined) {
    if (!Array.isArray(previous)) throw new codes.ERR_INVALID_ARG_TYPE("time", "Array", previous);
    if (previous.length !== 2) throw new codes.ERR_OUT_OF_RANGE("time", 2, previous.length);
    seconds -= previous[0];
    nanos -= previous[1];
    if (nanos < 0) {
      seconds--;
      nanos += 1e9;
    }
  }
  return [seconds, nanos];
}
hrtime.bigint = () => native.hrtime();

Object.assign(process, {
  title: "edgebox",
  version: `v${NODE_VERSION}`,
  versions: { node: NODE_VERSION, edgebox: EDGEBOX_VERSION, quickjs: native.quickjsVersion },
  release: { name: "node" },
  // WASI tells neither; edgebox runs on Linux x86-64 only.
  platform: "linux",
  arch: "x64",
  // WASI has no process ids.
  pid: 1,
  ppid: 0,
  // argv, argv0 and env are bound when the run starts (loop.hooks.start).
  argv: [],
  argv0: "edgebox",
  execArgv: [],
  execPath: "/edgebox",
  env: {},
  _exiting: false,
  features: {},
  config: { variables: {} },
  stdout: writer(1),
  stderr: writer(2),
  hrtime,
  cwd: () => native.cwd(),
  chdir(directory) {
    if (typeof directory !== "string") throw new codes.ERR_INVALID_ARG_TYPE("directory", "string", directory);
    const from = native.cwd();
    const result = native.fs.chdir(absolute(from, directory));
    if (result < 0) throw require("node:internal/fs/errors").uvException(result, "chdir", from, directory);
  },
  memoryUsage: Object.assign(
    function memoryUsage() {
      const [rss, heapTotal, heapUsed, arrayBuffers] = native.memoryUsage();
      return { rss, heapTotal, heapUsed, external: arrayBuffers, arrayBuffers };
    },
    { rss: () => native.memoryUsage()[0] },
  ),
  uptime: () => native.now() / 1000,
  umask: () => 0o22,
  nextTick(callback, ...args) {
    validateFunction(callback, "callback");
    loop.queueTick(callback, args.length ? args : undefined);
  },
  exit(code) {
    if (code !== undefined) process.exitCode = code;
    loop.exit(exitCode ?? 0);
  },
  emitWarning(warning, type, code) {
    let name = "Warning";
    if (type !== null && typeof type === "object") {
      code = type.code;
      type = type.type;
    }
    if (typeof type === "string") name = type;
    if (typeof warning === "string") {
      warning = new Error(warning);
      warning.name = name;
      if (code !== undefined) warning.code = code;
    } else if (!(warning instanceof Error)) {
      throw new codes.ERR_INVALID_ARG_TYPE("warning", ["Error", "string"], warning);
    }
    if (warning.name === "DeprecationWarning" && process.noDeprecation) return;
    loop.queueTick(() => {
      process.emit("warning", warning);
      const head = warning.code ? `[${warning.code}] ` : "";
      native.write(2, `(node:${process.pid}) ${head}${warning.name}: ${warning.message}\n`);
    }, undefined);
  },
});

Object.defineProperty(process, "exitCode", {
  enumerable: true,
  get: () => exitCode,
  set(code) {
    if (code !== undefined && code !== null) {
      if (typeof code === "string" && code !== "" && Number.isInteger(+code)) code = +code;
      validateInteger(code, "code");
    }
    exitCode = code === null ? undefined : code;
  },
});

// process.stdin, made on first use (node:internal/stdin). That module is in the bundle only when
// the app's code names `stdin` or `openStdin` (edgebox_node::NAMED_MODULES), so it is required
// by a name the bundler does not follow: the apps that never read stdin carry no streams for it.
const STDIN_MODULE = "node:internal/stdin";
let stdin;
function getStdin() {
  stdin ??= require(STDIN_MODULE).getStdin();
  return stdin;
}
Object.defineProperty(process, "stdin", { configurable: true, enumerable: true, get: getStdin });
process.openStdin = function openStdin() {
  getStdin().resume();
  return stdin;
};

Object.defineProperty(process, Symbol.toStringTag, { value: "process", configurable: true });

loop.hooks.start = () => {
  process.argv = native.argv;
  process.argv0 = native.argv[0];
  process.env = native.env;
  for (const stream of [process.stdout, process.stderr]) {
    stream.isTTY = native.isatty(stream.fd);
    stream.columns = stream.isTTY ? 80 : undefined;
  }
};
loop.hooks.exitCode = () => exitCode;
loop.hooks.beforeExit = () => process.emit("beforeExit", exitCode ?? 0);
loop.hooks.exit = (code) => {
  if (code !== undefined && code !== exitCode && code !== 0) exitCode = code;
  process._exiting = true;
  process.emit("exit", exitCode ?? 0);
  return exitCode ?? 0;
};
loop.hooks.uncaughtException = (error, origin) => {
  if (process.listenerCount("uncaughtException") === 0) return false;
  process.emit("uncaughtException", error, origin);
  return true;
};
loop.hooks.unhandledRejection = (reason, promise) => {
  if (process.listenerCount("unhandledRejection") === 0) return false;
  process.emit("unhandledRejection", reason, promise);
  return true;
};

loop.hooks.rejectionHandled = (promise, id) => {
  if (!process.emit("rejectionHandled", promise)) {
    process.emitWarning(`Promise rejection was handled asynchronously (rejection id: ${id})`, "PromiseRejectionHandledWarning");
  }
};

module.exports = process;
