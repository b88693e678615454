// node-fetch 2 and axios 1 (both over Node's http client, so over the host's) against the
// loopback fixture server at argv[2]: a gzip body, a POST echoed back, redirects (axios follows
// them with follow-redirects), a JSON body and a 404 as an error.
const fetch = require("node-fetch");
const axios = require("axios");

const base = process.argv[2];

async function main() {
  const gzip = await fetch(`${base}/gzip`);
  console.log("node-fetch", gzip.status, gzip.headers.get("content-encoding"), await gzip.text());
  const echoed = await fetch(`${base}/echo`, { method: "POST", body: "hi", headers: { "x-test": "1" } });
  const echo = await echoed.json();
  console.log("node-fetch echo", echo.method, echo.url, echo.body, echo.headers["x-test"], echo.headers["content-length"]);
  const redirected = await fetch(`${base}/redirect/2`);
  console.log("node-fetch redirect", redirected.status, redirected.redirected, await redirected.text());
  const manual = await fetch(`${base}/redirect/1`, { redirect: "manual" });
  console.log("node-fetch manual", manual.status, new URL(manual.headers.get("location"), base).pathname);

  const followed = await axios.get(`${base}/redirect/3`);
  console.log("axios", followed.status, followed.data, followed.request.path);
  const posted = await axios.post(`${base}/echo`, { x: 1, list: [1, 2] });
  console.log("axios echo", posted.data.method, posted.data.headers["content-type"], posted.data.body);
  const bytes = await axios.get(`${base}/bytes/1000`, { responseType: "arraybuffer" });
  console.log("axios bytes", bytes.data.length, bytes.data[999]);
  try {
    await axios.get(`${base}/status/404`);
  } catch (error) {
    console.log("axios error", error.name, error.message, error.code, error.response.status, error.response.data);
  }
}

main().catch((error) => {
  console.log("failed", error);
  process.exitCode = 1;
});
