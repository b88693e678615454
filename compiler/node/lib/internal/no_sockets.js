// What `net`, `tls` and `http2` share: an EdgeBox app gets no sockets of its own (the host
// performs fetch and http(s) requests under the policy's URL rules), so a connection an app asks
// for fails as Node reports a refused one, with EACCES and a message saying why, and a server
// cannot be made.
"use strict";

const { withCode } = require("node:internal/errors");

const WHY = "EdgeBox gives apps no sockets: fetch and http(s) requests go through the host under allowedUrls";

// Node's error for a connection to `address` (`host:port` or a path) that never opens.
function connectDenied(host, port) {
  const address = port === undefined ? `${host}` : `${host}:${port}`;
  const error = new Error(`connect EACCES ${address} (${WHY})`);
  error.errno = -13;
  error.code = "EACCES";
  error.syscall = "connect";
  error.address = `${host}`;
  if (port !== undefined) error.port = port;
  return error;
}

// The error of `module.createServer()` and its Server classes.
function noServer(module) {
  return () => {
    throw withCode(Error, "ERR_NOT_SUPPORTED", `${module}: EdgeBox apps cannot listen (serve a fetch handler with edgeboxd instead)`);
  };
}

module.exports = { WHY, connectDenied, noServer };
