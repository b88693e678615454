// node:http and node:https as a client against the loopback fixture server (URLs in
// FIXTURE_HTTP / FIXTURE_HTTPS, a closed port in FIXTURE_CLOSED): request and get with URLs
// and options, headers both ways, bodies written in pieces or whole, IncomingMessage as a
// stream, redirects left alone, status codes, errors, timeouts, abort and destroy.
"use strict";

const http = require("http");
const https = require("https");

const base = new URL(process.env.FIXTURE_HTTP);
const secure = process.env.FIXTURE_HTTPS;
const closed = process.env.FIXTURE_CLOSED;

function collect(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("error", reject);
  });
}

function show(res) {
  const headers = { ...res.headers };
  delete headers.date;
  return [res.statusCode, res.statusMessage, res.httpVersion, headers];
}

function send(label, make) {
  return new Promise((resolve) => {
    const events = [];
    const req = make((res) => {
      events.push("response");
      collect(res).then((body) => {
        const seen = body.toString();
        let printed = seen;
        try {
          const parsed = JSON.parse(seen);
          delete parsed.headers.host;
          printed = parsed;
        } catch {}
        console.log(label, show(res), printed, res.complete);
        res.on("close", () => {
          events.push("res close");
        });
      });
    });
    req.on("error", (error) => {
      events.push("error");
      console.log(label, "error", error.name, error.message, error.code, error.syscall);
    });
    req.on("close", () => {
      events.push("close");
      setTimeout(() => {
        console.log(label, "events", events.join(","));
        resolve();
      }, 10);
    });
  });
}

async function main() {
  await send("get url", (cb) => http.get(`${base.href}hello`, cb));
  await send("get options", (cb) => http.get({ hostname: base.hostname, port: base.port, path: "/echo?x=1", headers: { "X-Test": "yes" } }, cb));
  await send("post whole", (cb) => {
    const req = http.request(`${base.href}echo`, { method: "POST", headers: { "content-type": "text/plain" } }, cb);
    req.end("whole body");
    return req;
  });
  await send("post pieces", (cb) => {
    const req = http.request({ host: base.hostname, port: base.port, path: "/echo", method: "PUT" }, cb);
    req.write("piece one, ");
    req.write(Buffer.from("piece two"));
    req.end();
    return req;
  });
  await send("redirect", (cb) => http.get(`${base.href}redirect/2`, cb));
  await send("404", (cb) => http.get(`${base.href}status/404`, cb));
  await send("cookies", (cb) => http.get(`${base.href}cookies`, cb));
  await send("gzip stays", (cb) => http.get(`${base.href}gzip`, (res) => {
    cb(res);
  }));
  await send("refused", (cb) => http.get(closed, cb));
  await send("timeout", (cb) => {
    const req = http.get(`${base.href}hang`, cb);
    req.setTimeout(50, () => {
      console.log("timeout fired");
      req.destroy();
    });
    return req;
  });
  await send("abort signal", (cb) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    return http.get(`${base.href}hang`, { signal: controller.signal }, cb);
  });
  await send("https", (cb) => https.get(`${secure}/echo`, cb));
  try {
    https.get(`${base.href}hello`);
  } catch (error) {
    console.log("wrong protocol", error.name, error.code, error.message);
  }
  try {
    http.request(`${base.href}hello`, { method: "BAD METHOD" });
  } catch (error) {
    console.log("bad method", error.name, error.code, error.message);
  }
  const req = http.request(`${base.href}echo`, { method: "POST" });
  req.setHeader("X-Set", "1");
  console.log(req.getHeader("x-set"), req.getHeaderNames(), req.hasHeader("X-SET"), req.path, req.method);
  req.end();
  await new Promise((resolve) => req.on("response", (res) => collect(res).then(resolve)));
  try {
    req.setHeader("late", "1");
  } catch (error) {
    console.log("late header", error.code, error.message);
  }
  console.log(http.STATUS_CODES[418], http.METHODS.length, typeof http.Agent, http.globalAgent instanceof http.Agent);
}

main();
