// The same hello under node's http server (no isolation between requests); prints its port.
const http = require("node:http");
const server = http.createServer((request, response) => {
  response.setHeader("content-type", "text/plain;charset=UTF-8");
  response.end("hello\n");
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
