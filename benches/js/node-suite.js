// The Node layer's work against node's, the same program under both: each case runs once to
// warm up, then 3 times; prints `<case> <median ms>`. argv[2] is a folder holding big.bin
// (10 MB), big.json (5 MB) and many/ (10,000 files), made by the bench.
const fs = require("fs");
const path = require("path");
const util = require("util");
const EventEmitter = require("events");
const crypto = require("crypto");
const zlib = require("zlib");

const data = process.argv[2];
const mb = Buffer.alloc(1 << 20);
for (let i = 0; i < mb.length; i++) mb[i] = (i * 31 + (i >> 8)) & 0xff;
const text = "héllo wörld, ".repeat(80660).slice(0, 1 << 20);
let sink = 0;

const cases = {
  "Buffer base64 round trip, 1 MB": () => {
    sink += Buffer.from(mb.toString("base64"), "base64").length;
  },
  "Buffer hex round trip, 1 MB": () => {
    sink += Buffer.from(mb.toString("hex"), "hex").length;
  },
  "TextEncoder.encode, 1 MB": () => {
    sink += new TextEncoder().encode(text).length;
  },
  "TextDecoder.decode, 1 MB": () => {
    sink += new TextDecoder().decode(mb).length;
  },
  "fs.readFileSync, 10 MB": () => {
    sink += fs.readFileSync(path.join(data, "big.bin")).length;
  },
  "fs.readdirSync, 10,000 entries": () => {
    sink += fs.readdirSync(path.join(data, "many")).length;
  },
  "path.join ×1M": () => {
    for (let i = 0; i < 1e6; i++) sink += path.join("/usr", "local", "lib", "x.js").length;
  },
  "EventEmitter.emit ×1M": () => {
    const e = new EventEmitter();
    e.on("x", (n) => {
      sink += n;
    });
    for (let i = 0; i < 1e6; i++) e.emit("x", 1);
  },
  "util.inspect, 10,000 objects": () => {
    const rows = Array.from({ length: 10000 }, (_, i) => ({ id: i, name: `row ${i}`, ok: i % 2 === 0 }));
    sink += util.inspect(rows, { maxArrayLength: Infinity }).length;
  },
  "crypto sha256, 10 MB": () => {
    const hash = crypto.createHash("sha256");
    for (let i = 0; i < 10; i++) hash.update(mb);
    sink += hash.digest().length;
  },
  "zlib gzip 10 MB round trip": () => {
    const tenMb = Buffer.concat(Array.from({ length: 10 }, () => mb));
    sink += zlib.gunzipSync(zlib.gzipSync(tenMb)).length;
  },
  "JSON.parse of a 5 MB file": () => {
    sink += JSON.parse(fs.readFileSync(path.join(data, "big.json"), "utf8")).length;
  },
};

for (const [name, run] of Object.entries(cases)) {
  run();
  const times = [];
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}\t${times[1].toFixed(2)}`);
}
if (sink === 0) console.log("no work");
