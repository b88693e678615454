// The loopback HTTP and HTTPS server of the network tests and benchmarks (started by
// tests/http_fixture.rs with node): `node http-fixture.js [cert.pem key.pem]` listens on
// 127.0.0.1 (ports chosen by the system) and prints {"http": port, "https": port, "control":
// port} on one line. The control server (not counted in the stats) answers /stats and /reset.
//
// Routes (both servers):
//   /hello                 "hello world" (text/plain)
//   /echo                  JSON {method, url, headers, body} of the request
//   /redirect/N            302 to /redirect/N-1; /redirect/0 says "done"
//   /to?url=U&status=S     a redirect (S, default 302) to U
//   /status/N              status N, body "status N"
//   /gzip, /deflate, /br   "hello <coding>" compressed with that Content-Encoding
//   /codings/N             "layers" gzipped N times, Content-Encoding listing gzip N times
//   /bytes/N               N bytes (0..255 repeating), application/octet-stream
//   /slow?ms=M             answers after M ms (default 200)
//   /chunks                three chunks 20 ms apart
//   /cookies               two Set-Cookie headers
//   /hang                  never answers
// and on the control server:
//   /stats                 JSON {requests (paths in order), arrivals (ms since start), maxOpen
//                          (most connections open at once), open}; /reset clears them
"use strict";
const http = require("http");
const https = require("https");
const zlib = require("zlib");
const fs = require("fs");

const started = Date.now();
let stats = { requests: [], arrivals: [], maxOpen: 0 };
let open = 0;

function track(server) {
  server.on("connection", (socket) => {
    open++;
    stats.maxOpen = Math.max(stats.maxOpen, open);
    socket.on("close", () => open--);
  });
  server.keepAliveTimeout = 5000;
  return server;
}

function handle(req, res) {
  const url = new URL(req.url, "http://fixture");
  stats.requests.push(req.url);
  stats.arrivals.push(Date.now() - started);
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => route(req, res, url, Buffer.concat(chunks)));
}

function route(req, res, url, body) {
  const parts = url.pathname.split("/").filter(Boolean);
  switch (parts[0]) {
    case "hello":
      res.setHeader("content-type", "text/plain");
      return res.end("hello world");
    case "echo": {
      const headers = {};
      for (const name of Object.keys(req.headers).sort()) headers[name] = req.headers[name];
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify({ method: req.method, url: req.url, headers, body: body.toString() }));
    }
    case "redirect": {
      const n = Number(parts[1]);
      if (n > 0) {
        res.writeHead(302, { location: `/redirect/${n - 1}` });
        return res.end();
      }
      return res.end("done");
    }
    case "to":
      res.writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("url") });
      return res.end();
    case "status":
      res.statusCode = Number(parts[1]);
      return res.end(`status ${parts[1]}`);
    case "gzip":
      res.setHeader("content-encoding", "gzip");
      return res.end(zlib.gzipSync("hello gzip"));
    case "deflate":
      res.setHeader("content-encoding", "deflate");
      return res.end(zlib.deflateSync("hello deflate"));
    case "br":
      res.setHeader("content-encoding", "br");
      return res.end(zlib.brotliCompressSync("hello br"));
    case "codings": {
      let body = Buffer.from("layers");
      for (let i = 0; i < Number(parts[1]); i++) body = zlib.gzipSync(body);
      res.setHeader("content-encoding", Array(Number(parts[1])).fill("gzip").join(", "));
      return res.end(body);
    }
    case "bytes": {
      const n = Number(parts[1]);
      const block = Buffer.alloc(Math.min(n, 65536));
      for (let i = 0; i < block.length; i++) block[i] = i & 255;
      res.setHeader("content-type", "application/octet-stream");
      res.setHeader("content-length", n);
      let left = n;
      const more = () => {
        while (left > 0) {
          const piece = block.subarray(0, Math.min(left, block.length));
          left -= piece.length;
          if (!res.write(piece)) return res.once("drain", more);
        }
        res.end();
      };
      return more();
    }
    case "slow":
      return setTimeout(() => res.end("slow"), Number(url.searchParams.get("ms") ?? 200));
    case "chunks": {
      let i = 0;
      const next = () => {
        if (i === 3) return res.end();
        res.write(`chunk${i++};`);
        setTimeout(next, 20);
      };
      return next();
    }
    case "cookies":
      res.setHeader("set-cookie", ["a=1; Path=/", "b=2"]);
      return res.end("cookies");
    case "hang":
      return;
    default:
      res.statusCode = 404;
      return res.end("not found");
  }
}

function control(req, res) {
  if (req.url === "/reset") {
    stats = { requests: [], arrivals: [], maxOpen: open };
    return res.end("reset");
  }
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ ...stats, open }));
}

const plain = track(http.createServer(handle));
const controlServer = http.createServer(control);
const [cert, key] = process.argv.slice(2);
const secure = cert ? track(https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, handle)) : null;
plain.listen(0, "127.0.0.1", () => {
  controlServer.listen(0, "127.0.0.1", () => {
    const report = () => {
      const ports = { http: plain.address().port, https: secure ? secure.address().port : null };
      console.log(JSON.stringify({ ...ports, control: controlServer.address().port }));
    };
    if (secure) secure.listen(0, "127.0.0.1", report);
    else report();
  });
});
