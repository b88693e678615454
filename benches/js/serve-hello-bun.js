// The same hello under Bun.serve (no isolation between requests); prints its port.
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("hello\n") });
console.log(server.port);
