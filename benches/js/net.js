// The network benchmark: against the fixture server at argv[2] (tests/servers/http-fixture.js),
// a 10 MB download through fetch and 1,000 small requests one after another over keep-alive
// (fetch, then http.get), timed inside the program; prints the three times in milliseconds.
const http = require("http");

const base = process.argv[2];

async function download() {
  const start = performance.now();
  const body = await (await fetch(`${base}/bytes/10485760`)).arrayBuffer();
  if (body.byteLength !== 10485760) throw new Error(`got ${body.byteLength} bytes`);
  return performance.now() - start;
}

async function fetches() {
  const start = performance.now();
  for (let i = 0; i < 1000; i++) {
    const text = await (await fetch(`${base}/hello`)).text();
    if (text !== "hello world") throw new Error(text);
  }
  return performance.now() - start;
}

function get() {
  return new Promise((resolve, reject) => {
    http.get(`${base}/hello`, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => (text === "hello world" ? resolve() : reject(new Error(text))));
    }).on("error", reject);
  });
}

async function gets() {
  const start = performance.now();
  for (let i = 0; i < 1000; i++) await get();
  return performance.now() - start;
}

async function main() {
  const times = [await download(), await fetches(), await gets()];
  console.log(times.map((t) => t.toFixed(3)).join(" "));
}

main();
