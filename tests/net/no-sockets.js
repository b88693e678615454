// Every way to a socket or a DNS query that net, tls, http2 and dns offer, aimed at the loopback
// server argv[2] (host) argv[3] (port): each must fail with EACCES without reaching it.
const net = require("net");
const tls = require("tls");
const http2 = require("http2");
const dns = require("dns");

const [host, port] = [process.argv[2], Number(process.argv[3])];

function report(label) {
  return (error) => console.log(label, error.code, error.syscall, error.message);
}

const attempts = [
  (done) => net.connect(port, host).on("error", report("net.connect")).on("close", done),
  (done) => net.createConnection({ host, port }).on("error", report("net.createConnection")).on("close", done),
  (done) => new net.Socket().connect(port, host).on("error", report("Socket#connect")).on("close", done),
  (done) => tls.connect(port, host).on("error", report("tls.connect")).on("close", done),
  (done) => http2.connect(`http://${host}:${port}`).on("error", report("http2.connect")).on("close", done),
  (done) => dns.lookup("localhost", (error) => { report("dns.lookup")(error); done(); }),
  (done) => dns.resolve4("example.com", (error) => { report("dns.resolve4")(error); done(); }),
  (done) => dns.promises.resolveTxt("example.com").catch((error) => { report("resolveTxt")(error); done(); }),
  (done) => dns.lookupService("127.0.0.1", port, (error) => { report("lookupService")(error); done(); }),
];

function next(i) {
  if (i === attempts.length) {
    for (const [name, fn] of [["net", net.createServer], ["tls", tls.createServer], ["http2", http2.createServer]]) {
      try {
        fn();
      } catch (error) {
        console.log(`${name}.createServer`, error.code, error.message);
      }
    }
    return;
  }
  attempts[i](() => next(i + 1));
}
next(0);
