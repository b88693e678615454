/*
 * The EdgeBox host ABI: everything an EdgeBox module gets from its host (edgebox) beyond WASI
 * preview1. One import module, `edgebox`, and the host control record
 * (edgebox_host_control.h). The host implements these in runtime-min/src/host_abi/ and checks a
 * module before it runs: the control record's version must be EDGEBOX_HOST_CONTROL_VERSION, and
 * every function the module imports from `edgebox` must be one listed here, with this
 * signature. The names are the ABI: a function whose meaning changes gets a new name, so an
 * additive change keeps older modules running and a module that needs a newer host is refused
 * before it starts ("imports edgebox.x, which this edgebox does not provide").
 *
 * The guest never holds a process handle or a socket of the host: it holds small integers that
 * name objects the host keeps, and the host checks the policy (.edgebox.json) before doing
 * anything.
 *
 * Errors: a function that can fail returns a negative WASI errno (wasi/api.h: -2 EACCES,
 * -6 EAGAIN, -8 EBADF, -28 EINVAL, -44 ENOENT, -52 ENOSYS, -64 EPIPE); after a failure,
 * edgebox_last_error copies the host's message (UTF-8, naming the policy rule for a denial).
 * Buffers are (pointer, length) pairs in linear memory; the host checks them.
 */
#ifndef EDGEBOX_HOST_ABI_H
#define EDGEBOX_HOST_ABI_H

#include <stdint.h>

#include "edgebox_host_control.h"

#define EDGEBOX_IMPORT(name) __attribute__((import_module("edgebox"), import_name(name)))

/* ---- engine ------------------------------------------------------------------------------- */

/* 1 when the native stack (AOT code) or the interpreter's wasm stack has less than 256 KiB (a
 * quarter, if smaller) left, else 0: QuickJS-NG then throws RangeError instead of running into
 * a trap (vendor/patches/quickjs/0004-host-checks.patch declares it itself). */
EDGEBOX_IMPORT("stack_low") int32_t edgebox_stack_low(void);

/* ---- errors ------------------------------------------------------------------------------- */

/* Copies the message of the calling thread's last failed call (at most `len` bytes, not
 * NUL-terminated) and returns its full length (0: none). */
EDGEBOX_IMPORT("last_error") int32_t edgebox_last_error(uint8_t *buf, uint32_t len);

/* ---- sources ------------------------------------------------------------------------------ */

/* Copies line `line` (1-based, without its line break) of the app's file `file` (UTF-8, as a
 * stack trace names it) from the artifact's own sources record (at most `len` bytes) and returns
 * its full length; -ENOENT when the artifact has no such file or line. For the code frame of an
 * uncaught error: the host reads the record only when this is called. */
EDGEBOX_IMPORT("source_line")
int32_t edgebox_source_line(const uint8_t *file, uint32_t file_len, uint32_t line, uint8_t *buf,
                            uint32_t len);

/* ---- processes (child_process) ------------------------------------------------------------ */

/* Starts a command. `request` is JSON (UTF-8):
 *   {"file": "git", "args": ["status"]}      a program and its arguments (argv[1..]), or
 *   {"command": "git status | wc -l"}       a command line (exec, execSync, shell: true)
 * plus, for both:
 *   "cwd":   the working directory as the guest names it (absolute); default: the guest's
 *            current directory,
 *   "env":   {"NAME": "value", ...} added to the policy's variables (null: none added),
 *   "stdio": ["pipe" | "inherit" | "ignore"] x 3 (stdin, stdout, stderr); default all "pipe",
 *   "argv0": the child's argv[0] (default `file`; inside bubblewrap honoured only where the
 *            sandbox finds the same program under it, else the program's real path).
 * The host applies the policy's command rules (commands / allowCommands / denyCommands, an
 * execute grant for cwd, shell rules) and starts the command inside bubblewrap (unless the
 * policy sets "osSandbox": false). On success writes the process handle (u32) to *handle and
 * returns 0, once the command has started (Node's 'spawn'). Fails with -EACCES (denied: the
 * message names the rule), -ENOENT (an allowed name that is not on the host's PATH, or a cwd
 * that does not exist), -EINVAL (a malformed request), -ENOSYS (no OS sandbox available). */
EDGEBOX_IMPORT("proc_spawn")
int32_t edgebox_proc_spawn(const uint8_t *request, uint32_t request_len, uint32_t *handle);

/* Reads what the child wrote to its stdout (stream 1) or stderr (stream 2), without blocking:
 * returns the number of bytes read (> 0), 0 at the end of the stream, -EAGAIN when nothing is
 * there yet, -EBADF for an unknown handle or a stream that is not a pipe. */
EDGEBOX_IMPORT("proc_read")
int32_t edgebox_proc_read(uint32_t handle, uint32_t stream, uint8_t *buf, uint32_t len);

/* Writes to the child's stdin without blocking: returns the bytes accepted (may be fewer than
 * `len`, or -EAGAIN when the pipe is full), -EPIPE when the child closed it, -EBADF as above. */
EDGEBOX_IMPORT("proc_write")
int32_t edgebox_proc_write(uint32_t handle, const uint8_t *buf, uint32_t len);

/* Closes the child's stdin (the child sees its end). 0, or -EBADF. */
EDGEBOX_IMPORT("proc_close_stdin") int32_t edgebox_proc_close_stdin(uint32_t handle);

/* Whether the child has exited, without blocking: 0 while it runs; 1 once it has, with
 * status[0] = its exit code (-1 when a signal ended it) and status[1] = that signal's number
 * (Linux numbering, 0 when it exited); -EBADF. Inside bubblewrap, which reports a command
 * killed by signal n as exit code 128 + n, codes 129-192 are reported as that signal. */
EDGEBOX_IMPORT("proc_status") int32_t edgebox_proc_status(uint32_t handle, int32_t status[2]);

/* Sends signal `signal` (Linux numbering) to the child. 0; -EINVAL for a bad signal number;
 * -ESRCH (-71) when it has already exited; -EBADF. */
EDGEBOX_IMPORT("proc_kill") int32_t edgebox_proc_kill(uint32_t handle, int32_t signal);

/* Forgets a handle once the guest is done with it (its pipes are closed; a child still running
 * is not killed). 0 or -EBADF. */
EDGEBOX_IMPORT("proc_release") int32_t edgebox_proc_release(uint32_t handle);

/* ---- network (fetch, http, https) --------------------------------------------------------- */

/* Starts an HTTP request. `request` is JSON (UTF-8):
 *   {"method": "GET", "url": "https://example.com/a",
 *    "headers": [["name", "value"], ...],    sent as given, in order (the host sets Host,
 *                                           Connection and Transfer-Encoding itself),
 *    "body": false,                          true: the guest streams a body (net_write, then
 *                                           net_close_body); chunked unless Content-Length
 *                                           is among the headers,
 *    "decode": false}                        true: undo the response's Content-Encoding (gzip,
 *                                           deflate, br), as fetch does.
 * The host normalizes the URL (scheme, lower-case host, IDNA, default port, dot segments,
 * percent-decoded unreserved characters), refuses userinfo, and checks it against the policy's
 * allowedUrls / blockedUrls before anything is sent; the DNS answer is checked too (a pattern
 * that does not spell the host out reaches no loopback, private or link-local address).
 * Redirects are not followed: the guest sees the 3xx and asks again, checked again.
 * `rateLimitRps` and `maxConnections` delay a request until it may go. On success writes the
 * handle (u32) to *handle and returns 0 at once (the request runs on a host thread). Fails
 * with -EACCES (denied by a URL rule: the message names it), -EINVAL (a malformed request),
 * -ENOSYS (no network in this run). */
EDGEBOX_IMPORT("net_request")
int32_t edgebox_net_request(const uint8_t *request, uint32_t request_len, uint32_t *handle);

/* Adds request-body bytes without blocking: the bytes accepted, -EAGAIN when the host's buffer
 * (256 KiB) is full (a wait with EDGEBOX_WAIT_NET reports when it drains), -EBADF. */
EDGEBOX_IMPORT("net_write")
int32_t edgebox_net_write(uint32_t handle, const uint8_t *buf, uint32_t len);

/* Ends the request body. 0 or -EBADF. */
EDGEBOX_IMPORT("net_close_body") int32_t edgebox_net_close_body(uint32_t handle);

/* The response head, without blocking: 0 while it has not come; else its length n, having
 * copied min(n, len) bytes of JSON {"status": 200, "statusText": "OK", "headers": [["name",
 * "value"], ...]} (names lower-case, in the order received) — call again with n bytes if it
 * did not fit. -EIO when the request failed: edgebox_last_error gives "CODE message", CODE
 * being Node's (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ECONNRESET, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
 * ERR_TLS_CERT_ALTNAME_INVALID, ..., EACCES for a destination the SSRF guard refused; "Error"
 * for a failure Node reports without a code, e.g. more than 5 content codings). -EBADF. */
EDGEBOX_IMPORT("net_response")
int32_t edgebox_net_response(uint32_t handle, uint8_t *buf, uint32_t len);

/* Reads response-body bytes without blocking: the count (> 0), 0 at its end, -EAGAIN when
 * nothing is there yet, -EIO when the body broke off (edgebox_last_error as above), -EBADF. */
EDGEBOX_IMPORT("net_read") int32_t edgebox_net_read(uint32_t handle, uint8_t *buf, uint32_t len);

/* Forgets a request: one still running is abandoned (its connection closed). 0 or -EBADF. */
EDGEBOX_IMPORT("net_release") int32_t edgebox_net_release(uint32_t handle);

/* ---- serving (edgeboxd) ------------------------------------------------------------------ */

/* Under edgeboxd an instance starts with the export edgebox_serve_init instead of `_start`
 * and serves one request per call of the export edgebox_serve_handle (glue.c); under edgebox
 * every one of these fails with -ENOSYS. */

/* What edgebox_serve_init returns when the app's entry exports no fetch handler. */
#define EDGEBOX_SERVE_NO_HANDLER 240

/* The request head: its length n, having copied min(n, len) bytes of JSON {"method": "GET",
 * "url": "http://host:port/path?query", "headers": [["name", "value"], ...]} (names lower-case,
 * in the order received) — call again with n bytes if it did not fit. -ENOSYS. */
EDGEBOX_IMPORT("serve_request") int32_t edgebox_serve_request(uint8_t *buf, uint32_t len);

/* Reads request-body bytes (the daemon has received the whole body, at most its
 * max_body_bytes, before the instance runs): the count (> 0), 0 at its end. -ENOSYS. */
EDGEBOX_IMPORT("serve_body") int32_t edgebox_serve_body(uint8_t *buf, uint32_t len);

/* Sends the response head, JSON {"status": 200, "headers": [["name", "value"], ...]}, once.
 * 0; -EINVAL for a malformed head or a second one; -EPIPE when the client has gone. */
EDGEBOX_IMPORT("serve_respond")
int32_t edgebox_serve_respond(const uint8_t *head, uint32_t head_len);

/* Sends response-body bytes (after the head), blocking while the client is slower than the
 * app (a bounded buffer): `len`; -EINVAL before the head or after the end; -EPIPE when the
 * client has gone. */
EDGEBOX_IMPORT("serve_write") int32_t edgebox_serve_write(const uint8_t *buf, uint32_t len);

/* Ends the response body. 0; -EINVAL before the head or after the end. */
EDGEBOX_IMPORT("serve_end") int32_t edgebox_serve_end(void);

/* ---- waiting ------------------------------------------------------------------------------ */

/* What edgebox_wait waits for. */
#define EDGEBOX_WAIT_STDIN 1u    /* the guest's fd 0 is readable (data, or its end) */
#define EDGEBOX_WAIT_CHILDREN 2u /* a child's stdout/stderr is readable, its stdin writable again
                                    after -EAGAIN, or a child exited */
#define EDGEBOX_WAIT_NET 4u      /* a request's head or body bytes came, it failed, or its body
                                    buffer has room again after -EAGAIN */

/* Blocks until the child `handle` has news — its stdout or stderr is readable, its stdin
 * writable again after -EAGAIN, or it exited — or `timeout_ms` passes (-1: no limit; 0: just
 * look). 1: news; 0: the time passed; -EBADF. What a synchronous spawn waits in, deaf to the
 * app's other children. */
EDGEBOX_IMPORT("proc_wait") int32_t edgebox_proc_wait(uint32_t handle, int32_t timeout_ms);

/* Blocks until one of `what` happens or `timeout_ms` passes (-1: no limit; 0: just look).
 * Returns the EDGEBOX_WAIT_* bits that are ready (0: the time passed). The event loop calls it
 * instead of WASI poll_oneoff while it has child processes to watch. */
EDGEBOX_IMPORT("wait") int32_t edgebox_wait(int32_t timeout_ms, uint32_t what);

#endif /* EDGEBOX_HOST_ABI_H */
