// fetch, Request, Response and Headers against the loopback fixture server
// (tests/servers/http-fixture.js; its URLs in FIXTURE_HTTP and FIXTURE_HTTPS, a closed port in
// FIXTURE_CLOSED): bodies both ways, redirects in the three modes, content codings, streamed
// bodies, status codes, cookies, aborts and timeouts, network errors, HTTPS with a test CA.
"use strict";

const base = process.env.FIXTURE_HTTP;
const secure = process.env.FIXTURE_HTTPS;
const closed = process.env.FIXTURE_CLOSED;

function describe(error) {
  const cause = error.cause;
  return [error.name, error.message, cause && cause.name, cause && cause.message, cause && cause.code].join(" | ");
}

async function attempt(label, fn) {
  try {
    console.log(label, await fn());
  } catch (error) {
    console.log(label, "threw", describe(error));
  }
}

// The echo without the headers that name the port or the time.
async function echo(path, init) {
  const response = await fetch(base + path, init);
  const seen = await response.json();
  delete seen.headers.host;
  return seen;
}

async function main() {
  const hello = await fetch(`${base}/hello`);
  console.log(hello.status, hello.statusText, hello.ok, hello.type, hello.redirected, hello.url === `${base}/hello`);
  console.log(hello.headers.get("content-type"), hello.headers.get("content-length"), hello.bodyUsed);
  console.log(await hello.text(), hello.bodyUsed);
  await attempt("text twice", () => hello.text());

  console.log(await echo("/echo"));
  console.log(await echo("/echo?q=1", { method: "POST", body: "a string" }));
  console.log(await echo("/echo", { method: "PUT", body: JSON.stringify({ a: 1 }), headers: { "Content-Type": "application/json", "X-Many": "1" } }));
  console.log(await echo("/echo", { method: "POST", body: new Uint8Array([104, 105]) }));
  console.log(await echo("/echo", { method: "POST", body: new URLSearchParams({ a: "1", b: "two words" }) }));
  console.log(await echo("/echo", { method: "POST", body: new Blob(["blob ", "parts"], { type: "text/x-blob" }) }));
  const streamed = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("streamed "));
      controller.enqueue(new TextEncoder().encode("body"));
      controller.close();
    },
  });
  console.log(await echo("/echo", { method: "POST", body: streamed, duplex: "half" }));
  const form = new FormData();
  form.append("a", "1");
  form.append("file", new Blob(["file body"], { type: "text/plain" }), "f.txt");
  const formSeen = await echo("/echo", { method: "POST", body: form });
  const boundary = /boundary=(.*)/.exec(formSeen.headers["content-type"])[1];
  console.log(boundary.replace(/\d/g, "#"), formSeen.headers["content-length"]);
  console.log(JSON.stringify(formSeen.body.split(boundary).join("<boundary>")));
  const parsedForm = await new Response("a=1&b=x+y", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }).formData();
  console.log([...parsedForm]);
  console.log(new Response("x"), Response.json({ a: 1 }).headers.get("content-type"), Response.error().type);
  console.log(Response.redirect("http://example.com/", 301).status, new Headers([["b", "1"], ["a", "2"]]));
  await attempt("stream without duplex", () => fetch(`${base}/echo`, { method: "POST", body: new ReadableStream() }));
  await attempt("GET with body", () => fetch(`${base}/echo`, { method: "GET", body: "x" }));
  console.log(await echo("/echo", { method: "delete" }));

  const followed = await fetch(`${base}/redirect/3`);
  console.log(followed.status, followed.redirected, followed.url.endsWith("/redirect/0"), await followed.text());
  const manual = await fetch(`${base}/redirect/1`, { redirect: "manual" });
  console.log(manual.status, manual.redirected, manual.headers.get("location"), manual.type);
  await attempt("redirect error", () => fetch(`${base}/redirect/1`, { redirect: "error" }));
  await attempt("too many redirects", () => fetch(`${base}/redirect/21`));
  const seeOther = await fetch(`${base}/to?status=303&url=/echo`, { method: "POST", body: "dropped" });
  const seen = await seeOther.json();
  console.log(seeOther.redirected, seen.method, seen.body, seen.headers["content-type"]);
  const kept = await fetch(`${base}/to?status=307&url=/echo`, { method: "POST", body: "kept" });
  console.log((await kept.json()).body);

  for (const coding of ["gzip", "deflate", "br"]) {
    const r = await fetch(`${base}/${coding}`);
    console.log(coding, r.headers.get("content-encoding"), await r.text());
  }
  console.log("5 codings", await (await fetch(`${base}/codings/5`)).text());
  await attempt("6 codings", () => fetch(`${base}/codings/6`));

  const bytes = await fetch(`${base}/bytes/300000`);
  const buffer = await bytes.arrayBuffer();
  let sum = 0;
  for (const b of new Uint8Array(buffer)) sum = (sum + b) % 65521;
  console.log(buffer.byteLength, sum);
  const chunked = await fetch(`${base}/chunks`);
  let text = "";
  for await (const chunk of chunked.body) text += new TextDecoder().decode(chunk);
  console.log(text, chunked.bodyUsed);
  const viaReader = await fetch(`${base}/bytes/1000`);
  const reader = viaReader.body.getReader();
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
  }
  console.log(total);
  const blob = await (await fetch(`${base}/hello`)).blob();
  console.log(blob.size, blob.type, await blob.text());

  const missing = await fetch(`${base}/status/404`);
  console.log(missing.status, missing.ok, missing.statusText, await missing.text());
  const empty = await fetch(`${base}/status/204`);
  console.log(empty.status, empty.body, await empty.text());
  const head = await fetch(`${base}/hello`, { method: "HEAD" });
  console.log(head.status, head.body, head.headers.get("content-length"));
  const cookies = await fetch(`${base}/cookies`);
  console.log(cookies.headers.getSetCookie(), cookies.headers.get("set-cookie"));
  await attempt("immutable", () => cookies.headers.set("a", "b"));

  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  await attempt("abort", () => fetch(`${base}/hang`, { signal: controller.signal }));
  await attempt("timeout", () => fetch(`${base}/hang`, { signal: AbortSignal.timeout(50) }));
  await attempt("aborted before", () => fetch(`${base}/hello`, { signal: AbortSignal.abort("why") }));
  await attempt("refused", () => fetch(closed));
  await attempt("bad port", () => fetch("http://127.0.0.1:1/"));
  await attempt("bad url", () => fetch("not a url"));
  await attempt("credentials", () => fetch("http://user:pass@127.0.0.1/"));
  await attempt("file scheme", () => fetch("file:///etc/passwd"));

  const overTls = await fetch(`${secure}/echo`);
  const tlsSeen = await overTls.json();
  console.log(overTls.status, tlsSeen.method, tlsSeen.headers["user-agent"]);

  const request = new Request(`${base}/echo`, { method: "POST", body: "from a Request", headers: { "x-req": "1" } });
  const fromRequest = await (await fetch(request)).json();
  console.log(fromRequest.method, fromRequest.body, fromRequest.headers["x-req"]);
  await attempt("request used", () => fetch(request));
}

main();
