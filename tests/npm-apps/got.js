// got 11 (the last CommonJS major; over Node's http client, so over the host's) against the
// loopback fixture server at argv[2]: text, a gzip body, JSON both ways, redirects (got follows
// them itself), a buffer, hooks and prefixUrl of an extended instance, streams, an HTTPError,
// and a request cancelled through its promise.
const got = require("got");

const base = process.argv[2];

async function main() {
  console.log("text", await got(`${base}/hello`).text());
  const gzip = await got(`${base}/gzip`);
  console.log("gzip", gzip.statusCode, gzip.headers["content-encoding"], gzip.body);
  const posted = await got.post(`${base}/echo`, { json: { x: 1, list: [1, 2] } }).json();
  console.log("echo", posted.method, posted.url, posted.headers["content-type"], posted.body);
  const redirected = await got(`${base}/redirect/3`);
  console.log("redirect", redirected.statusCode, redirected.body, redirected.redirectUrls.map((u) => new URL(u).pathname));
  const bytes = await got(`${base}/bytes/1000`).buffer();
  console.log("buffer", bytes.length, bytes[999]);

  const api = got.extend({
    prefixUrl: base,
    headers: { "x-from": "got" },
    hooks: { afterResponse: [(response) => { console.log("hook", response.statusCode, response.url); return response; }] },
  });
  const echoed = await api.put("echo", { body: "plain", searchParams: { q: "a b" } }).json();
  console.log("extended", echoed.method, echoed.url, echoed.headers["x-from"], echoed.body);

  const chunks = [];
  for await (const chunk of got.stream(`${base}/chunks`)) chunks.push(chunk.toString());
  console.log("stream", chunks.join("|"));

  try {
    await got(`${base}/status/404`);
  } catch (error) {
    console.log("error", error.name, error.message, error.code, error.response.statusCode, error.response.body);
  }
  const slow = got(`${base}/slow?ms=2000`);
  setTimeout(() => slow.cancel(), 50);
  try {
    await slow;
  } catch (error) {
    console.log("cancelled", error.name, error.message, slow.isCanceled);
  }
}

main().catch((error) => {
  console.log("failed", error);
  process.exitCode = 1;
});
