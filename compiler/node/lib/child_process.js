// Node's `child_process` over the host's process calls (native.proc, edgebox_host_abi.h): the
// host starts a command only as the policy allows (commands / allowCommands / denyCommands, an
// execute grant for its cwd) and, unless the policy says otherwise, inside an OS sandbox.
//
// Provided as Node 20 has them: spawn (ChildProcess with stdin, stdout and stderr streams,
// 'spawn', 'exit', 'close' and 'error', kill, killed, exitCode, signalCode, ref and unref),
// exec and execFile (callback and util.promisify forms), spawnSync, execSync and execFileSync,
// with the options cwd, env, argv0, input, encoding, timeout, killSignal, maxBuffer, shell,
// signal (AbortSignal; async forms) and stdio ('pipe', 'inherit', 'ignore', as a string or per
// stream); windowsHide and
// windowsVerbatimArguments are accepted and ignored, as Node does off Windows.
//
// Where EdgeBox differs from Node:
// - A command line (exec, execSync, shell) is sent to the host whole: it runs through /bin/sh
//   only when the policy allows `sh` (a string `shell` names no other shell); without `sh` the
//   host runs a line that is one plain command and refuses anything else.
// - A denied command fails as Node's EACCES (code, errno, syscall as Node's), with the host's
//   message, which names the policy rule, after the code: `spawnSync git EACCES: <message>`.
// - `env` adds to the variables the policy passes; it cannot remove one of them.
// - `pid` is not the host's process id (the host does not give it): it is the child's number
//   among the processes this app started (1, 2, ...), and process.kill(pid) does not reach it.
// - A child's stdout and stderr are read as they come, also while their stream is paused (the
//   host's wait cannot leave one pipe out); a destroyed stream's data is read and dropped.
// - Not provided: fork, IPC ('ipc' in stdio, send, disconnect), file descriptors or streams as
//   stdio other than the parent's own 0 to 2 at their place, detached, uid, gid, serialization.
"use strict";

const EventEmitter = require("node:events");
const { Buffer } = require("node:buffer");
const path = require("node:path");
const process = require("node:process");
const { setTimeout, clearTimeout } = require("node:timers");
const Readable = require("node:internal/streams/readable");
const Writable = require("node:internal/streams/writable");
const native = require("node:internal/native");
const loop = require("node:internal/loop");
const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
  withCode,
} = require("node:internal/errors");
const { errnoEntry } = require("node:internal/fs/errors");
const { validateFunction, validateObject, validateString } = require("node:internal/validators");
const { signals } = require("node:os").constants;
const { getSystemErrorName, promisify } = require("node:util");

// WASI errno values (wasi/api.h) of the host's answers.
const WASI_EACCES = 2;
const WASI_EAGAIN = 6;
const WASI_ENOENT = 44;
const WASI_ENOSYS = 52;
const WASI_EINVAL = 28;
const WASI_ESRCH = 71;
const HOST_DETAIL = [WASI_EACCES, WASI_EINVAL, WASI_ENOSYS];

const MAX_BUFFER = 1024 * 1024;
const READ_SIZE = 64 * 1024;
const STREAMS = [1, 2];

// The number the next child gets as its `pid`.
let nextPid = 1;

// ---- errors ------------------------------------------------------------------------------------

// Node's ErrnoException: `${syscall} ${code}`, with errno, code and syscall; `detail` (the
// host's message) follows the code when given.
function errnoException(code, errno, syscall, detail) {
  const error = new Error(detail ? `${syscall} ${code}: ${detail}` : `${syscall} ${code}`);
  error.errno = errno;
  error.code = code;
  error.syscall = syscall;
  return error;
}

// The error of a host call that returned `result` (-wasiErrno), with the host's message when it
// says what Node would not know: why a command was denied, refused or could not start.
function hostException(result, syscall) {
  const [code, errno] = errnoEntry(result);
  const detail = HOST_DETAIL.includes(-result) ? native.proc.lastError() : "";
  return errnoException(code, errno, syscall, detail);
}

// The error of a failed spawn of `options.file`, as Node reports it.
function spawnException(error, options) {
  error.path = options.file;
  error.spawnargs = options.args.slice(1);
  return error;
}

function unknownSignal(signal) {
  return withCode(TypeError, "ERR_UNKNOWN_SIGNAL", `Unknown signal: ${signal}`);
}

function unsupported(feature) {
  return withCode(
    TypeError,
    "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
    `The feature ${feature} is unavailable on the current platform, which is being used to run Node.js`,
  );
}

// ---- signals -----------------------------------------------------------------------------------

function signalName(number) {
  for (const name in signals) if (signals[name] === number) return name;
  return null;
}

function convertToValidSignal(signal) {
  if (typeof signal === "number" && signalName(signal) !== null) return signal;
  if (typeof signal === "string") {
    const number = signals[signal.toUpperCase()];
    if (number !== undefined) return number;
  }
  throw unknownSignal(signal);
}

function sanitizeKillSignal(killSignal) {
  if (typeof killSignal === "string" || typeof killSignal === "number") return convertToValidSignal(killSignal);
  if (killSignal != null) throw new ERR_INVALID_ARG_TYPE("options.killSignal", ["string", "number"], killSignal);
  return undefined;
}

// ---- arguments ---------------------------------------------------------------------------------

function validateNullCheck(value, name) {
  if (typeof value === "string" && value.includes("\u0000")) {
    throw new ERR_INVALID_ARG_VALUE(name, value, "must be a string without null bytes");
  }
}

function validateTimeout(timeout) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw new ERR_OUT_OF_RANGE("timeout", "an unsigned integer", timeout);
  }
}

function validateMaxBuffer(maxBuffer) {
  if (maxBuffer != null && !(typeof maxBuffer === "number" && maxBuffer >= 0)) {
    throw new ERR_OUT_OF_RANGE("options.maxBuffer", "a positive number", maxBuffer);
  }
}

function validateCwd(cwd) {
  if (cwd instanceof URL) return require("node:url").fileURLToPath(cwd);
  if (Buffer.isBuffer(cwd)) return cwd.toString();
  if (typeof cwd !== "string") throw new ERR_INVALID_ARG_TYPE("options.cwd", ["string", "Buffer", "URL"], cwd);
  validateNullCheck(cwd, "options.cwd");
  return cwd;
}

function validateOptionTypes(options) {
  for (const name of ["detached", "windowsHide", "windowsVerbatimArguments"]) {
    if (options[name] != null && typeof options[name] !== "boolean") {
      throw new ERR_INVALID_ARG_TYPE(`options.${name}`, "boolean", options[name]);
    }
  }
  if (options.shell != null && typeof options.shell !== "boolean" && typeof options.shell !== "string") {
    throw new ERR_INVALID_ARG_TYPE("options.shell", ["boolean", "string"], options.shell);
  }
  if (options.argv0 != null) {
    validateString(options.argv0, "options.argv0");
    validateNullCheck(options.argv0, "options.argv0");
  }
  if (options.detached) throw unsupported("options.detached");
  if (options.uid != null || options.gid != null) throw unsupported("options.uid and options.gid");
}

// The environment as the child gets it (null: the policy's variables only).
function envPairs(env) {
  const pairs = {};
  for (const key in env) {
    const value = env[key];
    if (value === undefined) continue;
    validateNullCheck(key, `options.env['${key}']`);
    validateNullCheck(String(value), `options.env['${key}']`);
    pairs[key] = String(value);
  }
  return pairs;
}

// Node's normalizeSpawnArguments: `file` and `args` as Node reports them (`/bin/sh` and
// [sh, -c, line] for a shell), plus `command`, the line sent to the host for a shell.
function normalizeSpawnArguments(file, args, options) {
  validateString(file, "file");
  validateNullCheck(file, "file");
  if (file.length === 0) throw new ERR_INVALID_ARG_VALUE("file", file, "cannot be empty");
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args == null) {
    args = [];
  } else if (typeof args !== "object") {
    throw new ERR_INVALID_ARG_TYPE("args", "object", args);
  } else {
    options = args;
    args = [];
  }
  args.forEach((arg, i) => validateNullCheck(arg, `args[${i}]`));
  if (options === undefined) options = {};
  else validateObject(options, "options");
  const cwd = options.cwd != null ? validateCwd(options.cwd) : undefined;
  validateOptionTypes(options);
  let command;
  if (options.shell) {
    validateNullCheck(options.shell, "options.shell");
    command = [file, ...args].join(" ");
    file = typeof options.shell === "string" ? options.shell : "/bin/sh";
    args = ["-c", command];
  }
  args.unshift(typeof options.argv0 === "string" ? options.argv0 : file);
  return { ...options, args, command, cwd, env: envPairs(options.env || process.env), file };
}

// Node's stdio option as the host takes it: one of "pipe", "inherit", "ignore" per stream.
function normalizeStdio(stdio) {
  if (typeof stdio === "string") {
    if (stdio === "overlapped") stdio = "pipe";
    if (!["pipe", "inherit", "ignore"].includes(stdio)) throw new ERR_INVALID_ARG_VALUE("stdio", stdio);
    return [stdio, stdio, stdio];
  }
  if (!Array.isArray(stdio)) throw new ERR_INVALID_ARG_VALUE("stdio", stdio);
  if (stdio.length > 3 && stdio.slice(3).some((s) => s != null && s !== "ignore")) {
    throw unsupported("stdio beyond fd 2");
  }
  return [0, 1, 2].map((fd) => stdioOf(stdio[fd], fd));
}

function stdioOf(value, fd) {
  if (value == null || value === "overlapped") return "pipe";
  if (value === "pipe" || value === "inherit" || value === "ignore") return value;
  if (value === fd || (typeof value === "object" && value.fd === fd)) return "inherit";
  if (value === "ipc") throw unsupported("stdio 'ipc'");
  if (typeof value === "number" || typeof value === "object") throw unsupported(`stdio[${fd}] other than 'pipe', 'inherit', 'ignore' or fd ${fd}`);
  throw new ERR_INVALID_ARG_VALUE("stdio", value);
}

// The JSON request of edgebox_proc_spawn.
function spawnRequest(options, stdio) {
  const request = options.command !== undefined ? { command: options.command } : { file: options.file, args: options.args.slice(1) };
  if (options.command === undefined && options.args[0] !== options.file) request.argv0 = options.args[0];
  if (options.cwd !== undefined) request.cwd = path.resolve(process.cwd(), options.cwd);
  request.env = options.env;
  request.stdio = stdio;
  return JSON.stringify(request);
}

// ---- spawnSync ---------------------------------------------------------------------------------

function validInput(input, encoding) {
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === "string") return Buffer.from(input, Buffer.isEncoding(encoding) ? encoding : "utf8");
  throw new ERR_INVALID_ARG_TYPE("options.stdio[0]", ["Buffer", "TypedArray", "DataView", "string"], input);
}

// What a synchronous run is doing: its handle, the streams it reads, the input left to write.
class SyncRun {
  constructor(handle, options, stdio) {
    this.handle = handle;
    this.open = new Set(STREAMS.filter((fd) => stdio[fd] === "pipe"));
    this.chunks = { 1: [], 2: [] };
    this.buffered = 0;
    this.maxBuffer = options.maxBuffer;
    this.killSignal = options.killSignal;
    this.input = stdio[0] === "pipe" ? options.input || Buffer.alloc(0) : null;
    this.written = 0;
    this.status = undefined;
    this.error = null;
    this.scratch = Buffer.allocUnsafe(READ_SIZE);
  }

  read() {
    for (const fd of this.open) {
      for (;;) {
        const n = native.proc.read(this.handle, fd, this.scratch);
        if (n === -WASI_EAGAIN) break;
        if (n <= 0) {
          this.open.delete(fd);
          break;
        }
        this.chunks[fd].push(Buffer.from(this.scratch.subarray(0, n)));
        this.buffered += n;
      }
    }
    if (this.buffered > this.maxBuffer && this.error === null) this.fail("ENOBUFS", -105);
  }

  write() {
    if (this.input === null) return;
    while (this.written < this.input.length) {
      const n = native.proc.write(this.handle, this.input, this.written, this.input.length - this.written);
      if (n === -WASI_EAGAIN) return;
      if (n < 0) break;
      this.written += n;
    }
    native.proc.closeStdin(this.handle);
    this.input = null;
  }

  // Stops the child for `code` (timeout, maxBuffer), the first such error being the result's.
  fail(code, errno) {
    this.error = [code, errno];
    native.proc.kill(this.handle, this.killSignal);
  }

  done() {
    if (this.status === undefined) {
      const status = native.proc.status(this.handle);
      if (Array.isArray(status)) this.status = status;
    }
    return this.status !== undefined && this.open.size === 0;
  }

  run(timeout) {
    const deadline = timeout > 0 ? native.now() + timeout : Infinity;
    for (;;) {
      this.read();
      this.write();
      if (this.done()) break;
      const left = deadline - native.now();
      if (left <= 0 && this.error === null) this.fail("ETIMEDOUT", -110);
      native.proc.waitOne(this.handle, this.error === null && left < Infinity ? Math.max(1, Math.ceil(left)) : -1);
    }
    native.proc.release(this.handle);
  }

  output(stdio) {
    return [null, ...STREAMS.map((fd) => (stdio[fd] === "pipe" ? Buffer.concat(this.chunks[fd]) : null))];
  }
}

// Node's spawn_sync binding: { error?, status, signal, output, pid } (error as [code, errno]
// or an Error).
function runSync(options, stdio) {
  const handle = native.proc.spawn(spawnRequest(options, stdio));
  if (handle < 0) {
    return { error: hostException(handle, `spawnSync ${options.file}`), status: null, signal: null, output: null, pid: 0 };
  }
  const run = new SyncRun(handle, options, stdio);
  run.run(options.timeout);
  const [code, signal] = run.status;
  const result = { status: signal ? null : code, signal: signal ? signalName(signal) : null, output: run.output(stdio), pid: nextPid++ };
  if (run.error === null) return result;
  return { error: errnoException(run.error[0], run.error[1], `spawnSync ${options.file}`), ...result };
}

function spawnSync(file, args, options) {
  options = { maxBuffer: MAX_BUFFER, ...normalizeSpawnArguments(file, args, options) };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal) ?? signals.SIGTERM;
  const stdio = normalizeStdio(options.stdio || "pipe");
  if (options.input != null) options.input = validInput(options.input, options.encoding);
  const result = runSync(options, stdio);
  if (result.error) spawnException(result.error, options);
  if (result.output && options.encoding && options.encoding !== "buffer") {
    result.output = result.output.map((out) => (out ? out.toString(options.encoding) : out));
  }
  result.stdout = result.output && result.output[1];
  result.stderr = result.output && result.output[2];
  return result;
}

function checkExecSyncError(ret, args, cmd) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
  } else if (ret.status !== 0) {
    let msg = `Command failed: ${cmd || args.join(" ")}`;
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = new Error(msg);
    Object.assign(err, ret);
  }
  return err;
}

function normalizeExecArgs(command, options, callback) {
  validateString(command, "command");
  validateNullCheck(command, "command");
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  options = { ...options };
  options.shell = typeof options.shell === "string" ? options.shell : true;
  return { file: command, options, callback };
}

function execSync(command, options) {
  const opts = normalizeExecArgs(command, options, null);
  const inheritStderr = !opts.options.stdio;
  const ret = spawnSync(opts.file, opts.options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, undefined, command);
  if (err) throw err;
  return ret.stdout;
}

function normalizeExecFileArgs(file, args, options, callback) {
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args != null && typeof args === "object") {
    callback = options;
    options = args;
    args = null;
  } else if (typeof args === "function") {
    callback = args;
    options = null;
    args = null;
  }
  if (args == null) args = [];
  if (typeof options === "function") callback = options;
  else if (options != null) validateObject(options, "options");
  if (options == null || typeof options === "function") options = {};
  if (callback != null) validateFunction(callback, "callback");
  if (options.argv0 != null) {
    validateString(options.argv0, "options.argv0");
    validateNullCheck(options.argv0, "options.argv0");
  }
  return { file, args, options, callback };
}

function execFileSync(file, args, options) {
  ({ file, args, options } = normalizeExecFileArgs(file, args, options));
  const inheritStderr = !options.stdio;
  const ret = spawnSync(file, args, options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, [options.argv0 || file, ...args]);
  if (err) throw err;
  return ret.stdout;
}

// ---- ChildProcess --------------------------------------------------------------------------

// A child's stdout or stderr: data is pushed as the child's watcher reads it.
class ChildReadable extends Readable {
  constructor(child) {
    super();
    this._child = child;
    this._refed = true;
  }

  _read() {}

  ref() {
    this._refed = true;
    this._child._updateRef();
    return this;
  }

  unref() {
    this._refed = false;
    this._child._updateRef();
    return this;
  }
}

// A child's stdin: a write the pipe does not take at once waits for the child's watcher.
class ChildWritable extends Writable {
  constructor(child) {
    super({ decodeStrings: true });
    this._child = child;
    this._refed = true;
    this._pending = null;
    this._closed = false;
  }

  _write(chunk, encoding, callback) {
    this._pending = { chunk, offset: 0, callback };
    this._flush();
  }

  // Writes what is pending; true when nothing is left.
  _flush() {
    const pending = this._pending;
    if (pending === null) return true;
    const handle = this._child._handle;
    while (pending.offset < pending.chunk.length) {
      const n = handle === null ? -WASI_EAGAIN : native.proc.write(handle.id, pending.chunk, pending.offset, pending.chunk.length - pending.offset);
      if (n === -WASI_EAGAIN) return false;
      if (n < 0) {
        this._pending = null;
        pending.callback(hostException(n, "write"));
        return true;
      }
      pending.offset += n;
    }
    this._pending = null;
    pending.callback();
    return true;
  }

  _final(callback) {
    this._close();
    callback();
  }

  _destroy(error, callback) {
    this._pending = null;
    this._close();
    callback(error);
  }

  _close() {
    if (this._closed) return;
    this._closed = true;
    const handle = this._child._handle;
    if (handle !== null) native.proc.closeStdin(handle.id);
  }

  ref() {
    this._refed = true;
    return this;
  }

  unref() {
    this._refed = false;
    return this;
  }
}

function maybeClose(child) {
  child._closesGot++;
  if (child._closesGot === child._closesNeeded) child.emit("close", child.exitCode, child.signalCode);
}

// Node's flushStdio: the streams the app does not read are resumed, so that they end.
function flushStdio(child) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream || !stream.readable || stream._readableState.readableListening) continue;
    stream.resume();
  }
}

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    this._handle = null;
    this._refed = true;
    this.stdin = null;
    this.stdout = null;
    this.stderr = null;
    this.stdio = [null, null, null];
  }

  spawn(options) {
    validateObject(options, "options");
    const stdio = normalizeStdio(options.stdio || "pipe");
    this.spawnfile = options.file;
    this.spawnargs = options.args;
    const id = native.proc.spawn(spawnRequest(options, stdio));
    if (id >= 0) {
      this._handle = { id, scratch: Buffer.allocUnsafe(READ_SIZE), open: new Set(), watcher: { refed: true, onReady: () => this._onReady() } };
      this.pid = nextPid++;
      process.nextTick(() => this.emit("spawn"));
    } else if ([WASI_EACCES, WASI_ENOENT, WASI_EAGAIN].includes(-id)) {
      const error = spawnException(hostException(id, `spawn ${options.file}`), options);
      process.nextTick(() => this._onExit(error.errno, null, error));
    } else {
      throw hostException(id, "spawn");
    }
    this._createStreams(stdio);
    if (this._handle !== null) loop.watchChild(this._handle.watcher);
    return id < 0 ? errnoEntry(id)[1] : 0;
  }

  _createStreams(stdio) {
    if (stdio[0] === "pipe") this.stdin = new ChildWritable(this);
    for (const fd of STREAMS) {
      if (stdio[fd] !== "pipe") continue;
      const stream = new ChildReadable(this);
      if (fd === 1) this.stdout = stream;
      else this.stderr = stream;
      if (this._handle === null) continue;
      this._handle.open.add(fd);
      this._closesNeeded++;
      stream.on("close", () => maybeClose(this));
    }
    this.stdio = [this.stdin, this.stdout, this.stderr];
  }

  // The child's watcher: what its pipes have, what its stdin takes, whether it has exited.
  _onReady() {
    const handle = this._handle;
    for (const fd of handle.open) this._readPipe(handle, fd);
    const written = this.stdin === null || this.stdin._flush();
    if (this.exitCode === null && this.signalCode === null) {
      const status = native.proc.status(handle.id);
      if (Array.isArray(status)) this._onExit(status[1] ? null : status[0], status[1] ? signalName(status[1]) : null);
    }
    this._release(written);
  }

  _readPipe(handle, fd) {
    const stream = fd === 1 ? this.stdout : this.stderr;
    for (;;) {
      const n = native.proc.read(handle.id, fd, handle.scratch);
      if (n === -WASI_EAGAIN) return;
      if (n <= 0) {
        handle.open.delete(fd);
        if (stream.destroyed) return;
        if (n < 0) stream.destroy(hostException(n, "read"));
        else stream.push(null);
        return;
      }
      if (!stream.destroyed) stream.push(Buffer.from(handle.scratch.subarray(0, n)));
    }
  }

  // Forgets the handle once the child has exited and its pipes have ended.
  _release(written) {
    const handle = this._handle;
    const exited = this.exitCode !== null || this.signalCode !== null;
    if (!exited || handle.open.size > 0 || !written) {
      this._updateRef();
      return;
    }
    loop.unwatchChild(handle.watcher);
    native.proc.release(handle.id);
    this._handle = null;
  }

  // Node's onexit: exitCode or signalCode, stdin destroyed, 'exit' (or 'error' for a spawn that
  // failed), the unread streams resumed, 'close' once the streams have closed too.
  _onExit(exitCode, signalCode, error) {
    if (signalCode) this.signalCode = signalCode;
    else this.exitCode = exitCode;
    if (this.stdin) this.stdin.destroy();
    if (error) this.emit("error", error);
    else this.emit("exit", this.exitCode, this.signalCode);
    process.nextTick(flushStdio, this);
    maybeClose(this);
  }

  _updateRef() {
    const handle = this._handle;
    if (handle === null) return;
    const exited = this.exitCode !== null || this.signalCode !== null;
    const pipeRefed = [...handle.open].some((fd) => (fd === 1 ? this.stdout : this.stderr)._refed);
    loop.setChildWatcherRef(handle.watcher, (this._refed && !exited) || pipeRefed || (this.stdin?._pending != null && this.stdin._refed));
  }

  kill(sig) {
    const signal = sig === 0 ? sig : convertToValidSignal(sig === undefined ? "SIGTERM" : sig);
    const exited = this.exitCode !== null || this.signalCode !== null;
    if (this._handle === null || exited) return false;
    const result = signal === 0 ? 0 : native.proc.kill(this._handle.id, signal);
    if (result === 0) {
      this.killed = true;
      return true;
    }
    if (result === -WASI_EINVAL || result === -WASI_ENOSYS) throw hostException(result, "kill");
    if (result !== -WASI_ESRCH) this.emit("error", hostException(result, "kill"));
    return false;
  }

  ref() {
    this._refed = true;
    this._updateRef();
  }

  unref() {
    this._refed = false;
    this._updateRef();
  }
}

// ---- spawn, execFile, exec ---------------------------------------------------------------------

function spawn(file, args, options) {
  options = normalizeSpawnArguments(file, args, options);
  validateTimeout(options.timeout);
  validateAbortSignal(options.signal);
  const killSignal = sanitizeKillSignal(options.killSignal);
  const child = new ChildProcess();
  child.spawn(options);
  if (options.signal) abortWith(child, options.signal, killSignal);
  if (options.timeout > 0) {
    let timeoutId = setTimeout(() => {
      if (!timeoutId) return;
      try {
        child.kill(killSignal);
      } catch (err) {
        child.emit("error", err);
      }
      timeoutId = null;
    }, options.timeout);
    child.once("exit", () => {
      if (!timeoutId) return;
      clearTimeout(timeoutId);
      timeoutId = null;
    });
  }
  return child;
}

function validateAbortSignal(signal) {
  if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
    throw new ERR_INVALID_ARG_TYPE("options.signal", "AbortSignal", signal);
  }
}

// Node's abortChildProcess when `signal` aborts: the child killed, then an AbortError.
function abortWith(child, signal, killSignal) {
  const onAbort = () => {
    try {
      if (child.kill(killSignal)) child.emit("error", new AbortError(undefined, { cause: signal.reason }));
    } catch (err) {
      child.emit("error", err);
    }
  };
  if (signal.aborted) {
    process.nextTick(onAbort);
    return;
  }
  const disposable = EventEmitter.addAbortListener(signal, onAbort);
  child.once("exit", () => disposable[Symbol.dispose]());
}

function maxBufferError(name) {
  return withCode(RangeError, "ERR_CHILD_PROCESS_STDIO_MAXBUFFER", `${name} maxBuffer length exceeded`);
}

// Collects a stream's output for execFile's callback; `onOverflow` when it passes maxBuffer.
function collect(stream, encoding, maxBuffer, onOverflow) {
  const chunks = [];
  if (!stream) return chunks;
  if (encoding) stream.setEncoding(encoding);
  let length = 0;
  stream.on("data", (chunk) => {
    if (maxBuffer === Infinity) {
      chunks.push(chunk);
      return;
    }
    const enc = stream.readableEncoding;
    const size = enc ? Buffer.byteLength(chunk, enc) : chunk.length;
    length += size;
    if (length > maxBuffer) {
      chunks.push(chunk.slice(0, maxBuffer - (length - size)));
      onOverflow();
    } else {
      chunks.push(chunk);
    }
  });
  return chunks;
}

function joined(chunks, stream, encoding) {
  return encoding || stream?.readableEncoding ? chunks.join("") : Buffer.concat(chunks);
}

function execFile(file, args, options, callback) {
  ({ file, args, options, callback } = normalizeExecFileArgs(file, args, options, callback));
  options = { encoding: "utf8", timeout: 0, maxBuffer: MAX_BUFFER, killSignal: "SIGTERM", cwd: null, env: null, shell: false, ...options };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options.killSignal = sanitizeKillSignal(options.killSignal);
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    shell: options.shell,
    signal: options.signal,
    windowsHide: !!options.windowsHide,
    windowsVerbatimArguments: !!options.windowsVerbatimArguments,
  });
  const encoding = options.encoding !== "buffer" && Buffer.isEncoding(options.encoding) ? options.encoding : null;
  let killed = false;
  let exited = false;
  let timeoutId;
  let ex = null;

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timeoutId) {
      clearTimeout(timeoutId);
      timeoutId = null;
    }
    if (!callback) return;
    const stdout = joined(stdoutChunks, child.stdout, encoding);
    const stderr = joined(stderrChunks, child.stderr, encoding);
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    let cmd = file;
    if (args?.length) cmd += ` ${args.join(" ")}`;
    if (!ex) {
      ex = new Error(`Command failed: ${cmd}\n${stderr}`);
      ex.code = code < 0 ? getSystemErrorName(code) : code;
      ex.killed = child.killed || killed;
      ex.signal = signal;
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function errorhandler(e) {
    ex = e;
    child.stdout?.destroy();
    child.stderr?.destroy();
    exithandler();
  }

  function kill() {
    child.stdout?.destroy();
    child.stderr?.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timeoutId = setTimeout(() => {
      kill();
      timeoutId = null;
    }, options.timeout);
  }
  const overflow = (name) => () => {
    ex = maxBufferError(name);
    kill();
  };
  const stdoutChunks = collect(child.stdout, encoding, options.maxBuffer, overflow("stdout"));
  const stderrChunks = collect(child.stderr, encoding, options.maxBuffer, overflow("stderr"));
  child.addListener("close", exithandler);
  child.addListener("error", errorhandler);
  return child;
}

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  return module.exports.execFile(opts.file, opts.options, opts.callback);
}

// util.promisify(exec) and util.promisify(execFile): a promise of { stdout, stderr }, with the
// child as its `child`; the error gets stdout and stderr.
function customPromiseExecFunction(orig) {
  return (...args) => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.child = orig(...args, (err, stdout, stderr) => {
      if (err !== null) {
        err.stdout = stdout;
        err.stderr = stderr;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
    return promise;
  };
}

Object.defineProperty(exec, promisify.custom, { enumerable: false, value: customPromiseExecFunction(exec) });
Object.defineProperty(execFile, promisify.custom, { enumerable: false, value: customPromiseExecFunction(execFile) });

function fork() {
  throw unsupported("child_process.fork");
}

module.exports = {
  ChildProcess,
  exec,
  execFile,
  execFileSync,
  execSync,
  fork,
  spawn,
  spawnSync,
};
