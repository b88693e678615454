// Buffer, TextEncoder and TextDecoder against Node: encodings, reads and writes, errors, inspect.
const { Buffer: B, constants } = require("buffer");
console.log(B === Buffer, typeof constants.MAX_LENGTH);
const text = "héllo wörld €𝄞";
const buf = Buffer.from(text);
console.log(buf, buf.length, Buffer.byteLength(text), buf.toString());
for (const enc of ["hex", "base64", "base64url", "latin1", "ascii", "utf16le", "binary"]) {
  const encoded = buf.toString(enc);
  console.log(enc, encoded, Buffer.from(encoded, enc).equals(buf));
}
console.log(Buffer.from("aGVsbG8=\n d29y bGQ", "base64").toString(), Buffer.from("0g1", "hex"), Buffer.from("zz", "hex"));
console.log(Buffer.from([0xff, 0xfe, 0x41]).toString(), Buffer.from([0xe2, 0x82]).toString("utf8"));
const b = Buffer.alloc(16);
b.writeUInt32BE(0xdeadbeef, 0);
b.writeInt16LE(-2, 4);
b.writeDoubleLE(1.5, 6);
b.writeBigUInt64BE(2n ** 63n, 8);
console.log(b, b.readUInt32BE(0).toString(16), b.readInt16LE(4), b.readDoubleLE(6), b.readBigUInt64BE(8));
console.log(Buffer.concat([Buffer.from("ab"), Buffer.from("cd")]), Buffer.compare(Buffer.from("a"), Buffer.from("b")));
const sliced = buf.subarray(1, 4);
sliced[0] = 0x41;
console.log(buf.slice(0, 3), buf.indexOf("l"), buf.lastIndexOf("l"), buf.includes("wörld"), buf.indexOf(Buffer.from("€")));
console.log(Buffer.alloc(5, "ab"), Buffer.alloc(3, 0x41), Buffer.from("abc").toJSON(), JSON.stringify(Buffer.from("hi")));
console.log(Buffer.alloc(60, 1));
console.log([Buffer.isBuffer(buf), Buffer.isBuffer(new Uint8Array(1)), Buffer.isEncoding("UTF-8"), Buffer.isEncoding("nope")]);
for (const bad of [() => b.readUInt32BE(14), () => b.writeUInt8(300, 0), () => Buffer.from({}), () => buf.toString("nope"), () => Buffer.alloc(-1)]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
const enc = new TextEncoder();
const dec = new TextDecoder();
console.log(enc.encode("€a"), dec.decode(enc.encode(text)), enc.encoding, dec.encoding);
console.log(enc.encodeInto("héllo", new Uint8Array(3)));
const streamed = new TextDecoder("utf-8");
console.log(streamed.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + streamed.decode(new Uint8Array([0xac])));
console.log(new TextDecoder("utf-16le").decode(new Uint8Array([0x41, 0, 0x42, 0])), new TextDecoder("latin1").encoding);
try {
  new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff]));
} catch (e) {
  console.log(e.name, e.code, e.message);
}
try {
  new TextDecoder("klingon");
} catch (e) {
  console.log(e.name, e.code, e.message);
}
