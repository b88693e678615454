// Node's `https`: the client of `http` over TLS, which the host performs (rustls, the system's
// CA store or SSL_CERT_FILE) under the policy's URL rules. TLS options of a request (ca, cert,
// key, rejectUnauthorized) are not honoured: the host always verifies. No server.
"use strict";

const { Agent: HttpAgent, clientFor } = require("node:internal/http/client");
const http = require("node:http");

class Agent extends HttpAgent {
  constructor(options = {}) {
    super({ defaultPort: 443, protocol: "https:", ...options });
  }
}

const globalAgent = new Agent({ keepAlive: true, scheduling: "lifo", timeout: 5000 });
const { request, get } = clientFor("https:");

module.exports = { Agent, globalAgent, Server: http.Server, createServer: http.createServer, get, request };
