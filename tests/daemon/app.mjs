// The fetch handler of the edgeboxd tests (tests/tests/daemon.rs): the routes node can run too
// (tests/daemon/oracle.mjs calls the same handler), and routes that fault, leak state or
// reach for what the policy denies.
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

let count = 0;
const remembered = [];

const routes = {
  "/": () => new Response(`hello from ${new URL("http://x/").host}\n`),
  "/state": () => {
    count += 1;
    remembered.push(count);
    globalThis.leak = (globalThis.leak ?? 0) + 1;
    return Response.json({ count, remembered: remembered.length, leak: globalThis.leak, random: Math.random() });
  },
  "/echo": async (request) =>
    new Response(`${request.method} ${request.headers.get("content-type")} ${await request.text()}`, {
      headers: { "x-custom": "echo" },
    }),
  "/json-in": async (request) => Response.json({ got: await request.json() }, { status: 202 }),
  "/bytes": async (request) => {
    const body = new Uint8Array(await request.arrayBuffer());
    return new Response(body.reverse(), { status: 201, headers: { "content-type": "application/octet-stream" } });
  },
  "/redirect": () => Response.redirect("http://example.com/elsewhere", 307),
  "/query": (request) => {
    const url = new URL(request.url);
    return new Response(`${url.pathname} ${url.searchParams.get("q")} ${request.headers.get("x-a")}`);
  },
  "/stream": () =>
    new Response(
      new ReadableStream({
        async start(controller) {
          for (const part of ["one ", "two ", "three"]) {
            controller.enqueue(new TextEncoder().encode(part));
            await sleep(5);
          }
          controller.close();
        },
      }),
      { headers: { "content-type": "text/plain" } },
    ),
  "/empty": () => new Response(null, { status: 204 }),
  "/slow": async () => {
    await sleep(300);
    return new Response("slow done");
  },
  "/throw": () => {
    throw new Error("secret detail of the failure");
  },
  "/reject": () => Promise.reject(new TypeError("rejected on purpose")),
  "/not-a-response": () => "just a string",
  "/loop": () => {
    for (;;);
  },
  "/exit": () => process.exit(3),
  "/oom": () => {
    const hog = [];
    for (;;) hog.push(new Array(1 << 16).fill(hog.length));
  },
  "/fs": () => {
    try {
      return new Response(readFileSync("/etc/passwd", "utf8").slice(0, 4));
    } catch (error) {
      return new Response(`denied: ${error.code}`, { status: 403 });
    }
  },
  "/fetch": async (request) => {
    try {
      await fetch(new URL(request.url).searchParams.get("url"));
      return new Response("fetched");
    } catch (error) {
      return new Response(`denied: ${error.cause?.code ?? error.message}`, { status: 403 });
    }
  },
};

export default {
  async fetch(request) {
    const route = routes[new URL(request.url).pathname];
    return route ? route(request) : new Response("no such route", { status: 404 });
  },
};
