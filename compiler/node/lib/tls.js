// Node's `tls`: TLSSocket (a net.Socket with `encrypted`), `connect` whose connection never
// opens (an EdgeBox app gets no sockets: the host performs https requests, verifying against the
// system's CA store or SSL_CERT_FILE; internal/no_sockets), so it fails with EACCES as a refused
// connection does in Node; the version defaults (rustls's, which are Node's); createServer,
// Server and createSecureContext throw ERR_NOT_SUPPORTED. Packages that feature-detect TLS at
// load (resolve-alpn, http2-wrapper, so got) run.
"use strict";

const net = require("node:net");
const { withCode } = require("node:internal/errors");
const { noServer, WHY } = require("node:internal/no_sockets");

class TLSSocket extends net.Socket {
  constructor(socket, options = {}) {
    super(options);
    this.encrypted = true;
    this.authorized = false;
    this.authorizationError = null;
    this.alpnProtocol = false;
  }
}

function connect(...args) {
  const options = args[0] !== null && typeof args[0] === "object" ? args[0] : {};
  return new TLSSocket(null, options).connect(...args);
}

function createSecureContext() {
  throw withCode(Error, "ERR_NOT_SUPPORTED", `tls.createSecureContext: ${WHY}, and the host verifies TLS itself`);
}

const server = noServer("tls");

module.exports = {
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_ECDH_CURVE: "auto",
  DEFAULT_MIN_VERSION: "TLSv1.2",
  DEFAULT_MAX_VERSION: "TLSv1.3",
  createSecureContext,
  TLSSocket,
  Server: server,
  createServer: server,
  connect,
};
