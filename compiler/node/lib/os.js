// Node 20's `os`. WASI tells a guest nothing about the machine, so what Node reads from the
// system is a documented constant here (each is commented), chosen to be what a Linux x86-64
// host would plausibly report; what is computed (tmpdir, homedir, userInfo's username,
// uptime) follows Node's rules over the run's environment. As in Node, most functions also
// convert to their result (`${os.hostname}`), and the members are in Node's order.
"use strict";

const { validateInteger } = require("node:internal/validators");

// Node's validateInt32.
function validateInt32(value, name, min = -(2 ** 31), max = 2 ** 31 - 1) {
  validateInteger(value, name, min, max);
}

// EdgeBox runs on Linux x86-64 only (process.platform and process.arch say so too).
function arch() {
  return process.arch;
}

function platform() {
  return process.platform;
}

// uname(2) of an unknown kernel: the type and machine of the only host EdgeBox runs on, and a
// release and version that say they are EdgeBox's.
const getOSType = () => "Linux";
const getOSRelease = () => "6.0.0-edgebox";
const getOSVersion = () => "#1 SMP";
const getMachine = () => "x86_64";

// There is no network name to report.
const hostname = () => "localhost";

// Node reads HOME first, as here; there is no passwd entry to fall back on.
const homedir = () => process.env.HOME || "/";

// The process's uptime stands for the system's, which WASI does not give.
const uptime = () => process.uptime();

// Node's rules: TMPDIR, TMP, TEMP, else /tmp, without a trailing slash.
function tmpdir() {
  let path = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

// WebAssembly memory is little-endian.
function endianness() {
  return "LE";
}

// A guest sees one thread: one CPU, whose model and times are unknown (Node never returns an
// empty list on Linux, so there is one entry).
const getAvailableParallelism = () => 1;

function cpus() {
  return [{ model: "unknown", speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }];
}

// No memory figures reach the guest: 4 GiB in all, half of it free.
const getTotalMem = () => 2 ** 32;
const getFreeMem = () => 2 ** 31;

// No load figures either.
function loadavg() {
  return [0, 0, 0];
}

// Sockets are not available to the guest, so there is no interface.
function networkInterfaces() {
  return {};
}

// There are no process priorities: every process is at 0, and setting one (validated as in
// Node) changes nothing.
function setPriority(pid, priority) {
  if (priority === undefined) {
    priority = pid;
    pid = 0;
  }
  validateInt32(pid, "pid");
  validateInt32(priority, "priority", -20, 19);
}

function getPriority(pid) {
  if (pid !== undefined) validateInt32(pid, "pid");
  return 0;
}

// No user database: ids -1 (what Node reports on Windows, where there are none), the name
// from USER, no shell. The options are ignored: `encoding: 'buffer'` is not supported (the
// fields stay strings).
function userInfo(options) {
  const username = process.env.USER || "edgebox";
  return { __proto__: null, uid: -1, gid: -1, username, homedir: homedir(), shell: null };
}

// Node's names for the functions it builds (its checked native calls are all "wrappedFn").
for (const [fn, name] of [
  [hostname, "wrappedFn"],
  [homedir, "wrappedFn"],
  [uptime, "wrappedFn"],
]) {
  Object.defineProperty(fn, "name", { value: name });
}

// As in Node, these functions also convert to what they return.
for (const fn of [
  getAvailableParallelism,
  getFreeMem,
  hostname,
  getOSVersion,
  getOSType,
  getOSRelease,
  getMachine,
  homedir,
  getTotalMem,
  uptime,
  arch,
  platform,
  tmpdir,
  endianness,
]) {
  fn[Symbol.toPrimitive] = () => fn();
}

// Node's os.constants on Linux: null-prototype tables of Linux's numbers.
const table = (entries) => Object.assign(Object.create(null), entries);
const constants = table({
  UV_UDP_REUSEADDR: 4,
  dlopen: table({ RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8 }),
  errno: table({
    E2BIG: 7,
    EACCES: 13,
    EADDRINUSE: 98,
    EADDRNOTAVAIL: 99,
    EAFNOSUPPORT: 97,
    EAGAIN: 11,
    EALREADY: 114,
    EBADF: 9,
    EBADMSG: 74,
    EBUSY: 16,
    ECANCELED: 125,
    ECHILD: 10,
    ECONNABORTED: 103,
    ECONNREFUSED: 111,
    ECONNRESET: 104,
    EDEADLK: 35,
    EDESTADDRREQ: 89,
    EDOM: 33,
    EDQUOT: 122,
    EEXIST: 17,
    EFAULT: 14,
    EFBIG: 27,
    EHOSTUNREACH: 113,
    EIDRM: 43,
    EILSEQ: 84,
    EINPROGRESS: 115,
    EINTR: 4,
    EINVAL: 22,
    EIO: 5,
    EISCONN: 106,
    EISDIR: 21,
    ELOOP: 40,
    EMFILE: 24,
    EMLINK: 31,
    EMSGSIZE: 90,
    EMULTIHOP: 72,
    ENAMETOOLONG: 36,
    ENETDOWN: 100,
    ENETRESET: 102,
    ENETUNREACH: 101,
    ENFILE: 23,
    ENOBUFS: 105,
    ENODATA: 61,
    ENODEV: 19,
    ENOENT: 2,
    ENOEXEC: 8,
    ENOLCK: 37,
    ENOLINK: 67,
    ENOMEM: 12,
    ENOMSG: 42,
    ENOPROTOOPT: 92,
    ENOSPC: 28,
    ENOSR: 63,
    ENOSTR: 60,
    ENOSYS: 38,
    ENOTCONN: 107,
    ENOTDIR: 20,
    ENOTEMPTY: 39,
    ENOTSOCK: 88,
    ENOTSUP: 95,
    ENOTTY: 25,
    ENXIO: 6,
    EOPNOTSUPP: 95,
    EOVERFLOW: 75,
    EPERM: 1,
    EPIPE: 32,
    EPROTO: 71,
    EPROTONOSUPPORT: 93,
    EPROTOTYPE: 91,
    ERANGE: 34,
    EROFS: 30,
    ESPIPE: 29,
    ESRCH: 3,
    ESTALE: 116,
    ETIME: 62,
    ETIMEDOUT: 110,
    ETXTBSY: 26,
    EWOULDBLOCK: 11,
    EXDEV: 18,
  }),
  signals: table({
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGILL: 4,
    SIGTRAP: 5,
    SIGABRT: 6,
    SIGIOT: 6,
    SIGBUS: 7,
    SIGFPE: 8,
    SIGKILL: 9,
    SIGUSR1: 10,
    SIGSEGV: 11,
    SIGUSR2: 12,
    SIGPIPE: 13,
    SIGALRM: 14,
    SIGTERM: 15,
    SIGCHLD: 17,
    SIGSTKFLT: 16,
    SIGCONT: 18,
    SIGSTOP: 19,
    SIGTSTP: 20,
    SIGTTIN: 21,
    SIGTTOU: 22,
    SIGURG: 23,
    SIGXCPU: 24,
    SIGXFSZ: 25,
    SIGVTALRM: 26,
    SIGPROF: 27,
    SIGWINCH: 28,
    SIGIO: 29,
    SIGPOLL: 29,
    SIGPWR: 30,
    SIGSYS: 31,
  }),
  priority: table({
    PRIORITY_LOW: 19,
    PRIORITY_BELOW_NORMAL: 10,
    PRIORITY_NORMAL: 0,
    PRIORITY_ABOVE_NORMAL: -7,
    PRIORITY_HIGH: -14,
    PRIORITY_HIGHEST: -20,
  }),
});

module.exports = {
  arch,
  availableParallelism: getAvailableParallelism,
  cpus,
  endianness,
  freemem: getFreeMem,
  getPriority,
  homedir,
  hostname,
  loadavg,
  networkInterfaces,
  platform,
  release: getOSRelease,
  setPriority,
  tmpdir,
  totalmem: getTotalMem,
  type: getOSType,
  userInfo,
  uptime,
  version: getOSVersion,
  machine: getMachine,
};

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  EOL: { configurable: true, enumerable: true, writable: false, value: "\n" },
  devNull: { configurable: true, enumerable: true, writable: false, value: "/dev/null" },
});
