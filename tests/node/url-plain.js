// URLs at the edges of url.js's plain http(s) fast path, against Node: each is parsed, shown
// whole and changed through its setters.
const inputs = [
  "http://127.0.0.1:8080/",
  "http://127.0.0.1:8080",
  "http://127.0.0.1:80/x",
  "https://example.com:443/a/b/",
  "https://example.com:8443/a//b?",
  "http://example.com/?a=1&b=%zz&c=%20?d",
  "http://a.b-c.d9/p/q.r/s..t/.x/x./",
  "http://a.b/./c",
  "http://a.b/../c",
  "http://a.b/c/..",
  "http://a.b/c/.",
  "http://a.b/%2e/c",
  "http://a.b/c%2E%2e/",
  "http://a.b/é",
  "http://a.b/a b",
  "http://a.b/a\\b",
  "http://a.b/q?x='y'",
  "http://a.b/q?x=\"y\"",
  "http://a.b/#frag",
  "http://user@a.b/",
  "http://user:pw@a.b/",
  "http://A.B/",
  "HTTP://a.b/",
  "http://xn--nxasmq6b.com/",
  "http://xn--a.com/",
  "http://a--b.com/",
  "http://-a.com/",
  "http://a-.com/",
  "http://a.b./",
  "http://a..b/",
  "http://a.1/",
  "http://a.0x1/",
  "http://0x7f.0.0.1/",
  "http://127.0.0.01/",
  "http://127.1/",
  "http://256.1.1.1/",
  "http://255.255.255.255/",
  "http://0.0.0.0:0/",
  "http://1.2.3.4:00080/",
  "http://1.2.3.4:65535/",
  "http://1.2.3.4:65536/",
  "http://1.2.3.4:99999/",
  "https://h:80/",
  "http://h:443/",
  " http://h/ ",
  "http://h/\tx",
  "http://h/~_!$&()*+,;=:@",
  "http://h?x",
  "http://h/a?b?c/d",
  "http:/h/",
  "http:h/",
  "ws://h/",
];
for (const input of inputs) {
  let url;
  try {
    url = new URL(input);
  } catch (error) {
    console.log(JSON.stringify(input), error.name, error.code);
    continue;
  }
  const { href, origin, protocol, host, hostname, port, pathname, search, hash } = url;
  console.log(JSON.stringify(input), [href, origin, protocol, host, hostname, port, pathname, search, hash]);
  url.searchParams.append("k", "v w");
  url.pathname += "/next";
  url.port = "81";
  console.log("  changed:", url.href, [...url.searchParams]);
  console.log("  again:", new URL(url.href).href === url.href, URL.canParse(input));
}
