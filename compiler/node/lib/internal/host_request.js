// One HTTP request performed by the host (native.net, edgebox_host_abi.h), for fetch and for
// node:http / node:https: the host checks the policy's URL rules, connects and streams; this
// side asks without blocking and waits in the event loop's poll phase (loop.watchRequest) for
// what it asked. Redirects are not followed here (the callers do, each hop a new request).
"use strict";

const native = require("node:internal/native");
const loop = require("node:internal/loop");

const EAGAIN = -6;
const READ_SIZE = 64 * 1024;

// The host's failure as Node's error: `lastError` is "CODE message" ("Error message": an error
// without a code, as undici's own checks throw). A denial by the policy is EACCES, its message
// naming the rule.
function hostError(fallbackCode) {
  const text = native.proc.lastError();
  const space = text.indexOf(" ");
  const code = space > 0 ? text.slice(0, space) : fallbackCode;
  const message = space > 0 ? text.slice(space + 1) : text || fallbackCode;
  const error = new Error(message);
  if (code !== "Error") error.code = code;
  const connect = /^(connect|read) ([A-Z]+) (.*):(\d+)$/.exec(message);
  if (connect) {
    error.syscall = connect[1];
    error.address = connect[3].replace(/^\[(.*)\]$/, "$1");
    error.port = Number(connect[4]);
  }
  const dns = /^getaddrinfo ENOTFOUND (.*)$/.exec(message);
  if (dns) {
    error.syscall = "getaddrinfo";
    error.hostname = dns[1];
  }
  return error;
}

class HostRequest {
  // spec: { method, url, headers: [[name, value]], body: bool, decode: bool }. Throws the
  // host's error (a URL rule's denial among them) when the request cannot start.
  constructor(spec) {
    const handle = native.net.request(JSON.stringify(spec));
    if (handle < 0) throw hostError("EACCES");
    this.handle = handle;
    this.released = false;
    this.waiters = [];
    this.watcher = { refed: true, onReady: () => this.#retry() };
    this.buffer = null;
  }

  // Resolves with { status, statusText, headers } once the head came; rejects with the host's
  // error.
  head() {
    return this.#when(() => {
      const head = native.net.response(this.handle);
      if (head === undefined) return undefined;
      if (typeof head === "number") throw hostError("EIO");
      return { value: JSON.parse(head) };
    });
  }

  // Resolves with the next bytes of the body (a Uint8Array), or null at its end.
  read() {
    return this.#when(() => {
      this.buffer ??= new Uint8Array(READ_SIZE);
      const n = native.net.read(this.handle, this.buffer);
      if (n === EAGAIN) return undefined;
      if (n < 0) throw hostError("EIO");
      if (n === 0) return { value: null };
      const chunk = this.buffer.slice(0, n);
      return { value: chunk };
    });
  }

  // Resolves once all of `bytes` (a Uint8Array) is with the host.
  write(bytes) {
    let offset = 0;
    return this.#when(() => {
      while (offset < bytes.length) {
        const n = native.net.write(this.handle, bytes, offset, bytes.length - offset);
        if (n === EAGAIN) return undefined;
        if (n < 0) throw hostError("EIO");
        offset += n;
      }
      return { value: undefined };
    });
  }

  // Ends the body sent.
  end() {
    if (!this.released) native.net.closeBody(this.handle);
  }

  // Lets go of the request (one still running is abandoned); pending waits reject with `reason`.
  release(reason) {
    if (this.released) return;
    this.released = true;
    native.net.release(this.handle);
    const waiters = this.waiters.splice(0);
    loop.unwatchRequest(this.watcher);
    if (reason !== undefined) for (const waiter of waiters) waiter.reject(reason);
  }

  ref(refed) {
    loop.setRequestWatcherRef(this.watcher, refed);
  }

  // A promise of what `attempt` gives: { value } when done, undefined to try again when the
  // host has news (it may throw).
  #when(attempt) {
    if (this.released) return Promise.reject(new Error("the request was released"));
    return new Promise((resolve, reject) => {
      this.waiters.push({ attempt, resolve, reject });
      this.#retry();
    });
  }

  // Tries every waiter (a write may wait for room while the head is awaited).
  #retry() {
    for (const waiter of [...this.waiters]) {
      let outcome;
      try {
        outcome = waiter.attempt();
      } catch (error) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.reject(error);
        continue;
      }
      if (outcome === undefined) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(outcome.value);
    }
    if (this.waiters.length > 0) loop.watchRequest(this.watcher);
    else loop.unwatchRequest(this.watcher);
  }
}

module.exports = { HostRequest, hostError };
