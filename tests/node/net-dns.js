// net's address checks, dns's constants, exports and answers that need no query (IP literals),
// http2's constants and tls's defaults, and the argument errors of each, as node gives them.
const net = require("net");
const dns = require("dns");
const dnsPromises = require("dns/promises");
const http2 = require("http2");
const tls = require("tls");

const addresses = [
  "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.04", "01.2.3.4",
  " 1.2.3.4", "1.2.3.4 ", "::", "::1", "1::", "fe80::1%eth0", "fe80::1%", "::ffff:127.0.0.1",
  "2001:db8::ff00:42:8329", "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9", "1::2::3", "::ffff:1.2.3", "[::1]", "gggg::1", "12345::", "example.com",
  "", "localhost", 4, null, undefined, "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4",
];
for (const address of addresses) {
  console.log(JSON.stringify(address), net.isIP(address), net.isIPv4(address), net.isIPv6(address));
}

console.log(Object.keys(dns).join(" "));
console.log(Object.keys(dns.promises).join(" "));
console.log(dnsPromises === dns.promises, dns.ADDRCONFIG, dns.V4MAPPED, dns.ALL, dns.NOTFOUND, dns.CANCELLED);
console.log(dns.getDefaultResultOrder(), typeof new dns.Resolver().resolve4, typeof dns.promises.Resolver);

function caught(label, fn) {
  try {
    fn();
    console.log(label, "no error");
  } catch (error) {
    console.log(label, error.name, error.code, error.message);
  }
}

caught("lookup number", () => dns.lookup(5, () => {}));
caught("lookup no callback", () => dns.lookup("1.2.3.4"));
caught("lookup family", () => dns.lookup("1.2.3.4", { family: 5 }, () => {}));
caught("lookup family number", () => dns.lookup("1.2.3.4", 7, () => {}));
caught("lookup all", () => dns.lookup("1.2.3.4", { all: 1 }, () => {}));
caught("lookup hints", () => dns.lookup("1.2.3.4", { hints: 1 << 20 }, () => {}));
caught("lookupService args", () => dns.lookupService("1.2.3.4", 80));
caught("lookupService address", () => dns.lookupService("nope", 80, () => {}));
caught("resolve name", () => dns.resolve4(5, () => {}));
caught("resolve rrtype", () => dns.resolve("a.example", "BOGUS", () => {}));
caught("result order", () => dns.setDefaultResultOrder("random"));
caught("promises lookup", () => dns.promises.lookup(5));
caught("net.connect", () => net.connect());
caught("tls.connect", () => tls.connect({}));

dns.lookup("127.0.0.1", (...args) => console.log("lookup v4", args));
dns.lookup("::1", { all: true }, (...args) => console.log("lookup v6 all", JSON.stringify(args)));
dns.lookup("10.1.2.3", { family: 6 }, (...args) => console.log("lookup other family", args));
dns.lookup("192.168.0.1", 4, (...args) => console.log("lookup family number", args));
dns.promises.lookup("10.0.0.1").then((result) => console.log("promise lookup", result));
dns.promises.lookup("fe80::1", { all: true }).then((result) => console.log("promise lookup all", result));
console.log("lookup returns", typeof dns.lookup("1.1.1.1", () => {}));

const c = http2.constants;
console.log(Object.keys(c).length, c.HTTP2_HEADER_STATUS, c.HTTP2_HEADER_CONTENT_TYPE, c.HTTP2_METHOD_BASELINE_CONTROL);
console.log(c.HTTP_STATUS_TEAPOT, c.NGHTTP2_CANCEL, c.NGHTTP2_ERR_FRAME_SIZE_ERROR, c.DEFAULT_SETTINGS_MAX_CONCURRENT_STREAMS);
console.log(JSON.stringify(http2.getDefaultSettings()), typeof http2.sensitiveHeaders);
console.log(tls.DEFAULT_MIN_VERSION, tls.DEFAULT_MAX_VERSION, tls.DEFAULT_ECDH_CURVE, tls.CLIENT_RENEG_LIMIT);
console.log(new tls.TLSSocket(null) instanceof net.Socket, new tls.TLSSocket(null).encrypted);
const socket = new net.Socket();
console.log(socket.connecting, socket.pending, socket.readyState, socket.remoteAddress, socket.address());
socket.on("error", (error) => console.log("write before connect", error.code, error.message));
socket.write("x");
