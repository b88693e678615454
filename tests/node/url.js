// url (WHATWG and legacy), querystring and os against Node.
const url = require("url");
const qs = require("node:querystring");
const os = require("os");
const u = new URL("https://user:pa%20ss@Example.COM:8080/a/../b/./c?x=1&y=2&x=3#frag");
console.log(u.href, u.origin, u.host, u.pathname, u.search, u.hash, u.username, u.password);
console.log(u.searchParams.getAll("x"), [...u.searchParams], String(u.searchParams));
u.searchParams.append("z", "a b&c");
u.pathname = "/new path";
u.port = "443";
console.log(u.href, JSON.stringify(u));
console.log(new URL("../up?q", "http://h/a/b/c").href, new URL("file:///tmp/a%20b").pathname, URL.canParse("nope"));
for (const input of ["http://[::1]:80/", "http://0x7f.1/", "HTTP://ÉXAMPLE.com/", "mailto:someone@x.org", "http://a b/"]) {
  try {
    console.log(new URL(input).href);
  } catch (e) {
    console.log(e.name, e.code, e.message, e.input);
  }
}
const params = new URLSearchParams({ b: "2", a: "1", c: "x y" });
params.sort();
console.log(params.toString(), params.has("a"), params.size);
console.log(u, params);
console.log(url.parse("http://user@host.com:8080/p/a/t/h?query=string#hash", true));
console.log(url.format({ protocol: "https", hostname: "x.org", pathname: "/p", query: { a: [1, 2] } }));
console.log(url.resolve("http://a/b/c/d;p?q", "../g"), url.fileURLToPath("file:///tmp/x%20y"), url.pathToFileURL("/tmp/a b#c").href);
console.log(qs.parse("a=1&b=2&a=3&c=%E2%82%AC&d&e=%ZZ"), qs.stringify({ a: [1, 2], b: "x y", c: "€", d: null }));
console.log(qs.escape("a b/c"), qs.unescape("a%20b%zz"), qs.parse("a:1;b:2", ";", ":"));
console.log(os.EOL === "\n", typeof os.tmpdir(), os.endianness(), typeof os.constants.signals.SIGINT, os.constants.errno.ENOENT);
