// string_decoder against Node: every encoding, characters split across writes, replacement
// characters, end() flushing, the legacy lastChar/lastNeed/lastTotal and text(), and errors.
const { StringDecoder } = require("string_decoder");

const show = (s) => JSON.stringify(s);

// Decodes `bytes` split at every given position, then ends.
function decodeSplit(encoding, bytes, splits) {
  const decoder = new StringDecoder(encoding);
  const parts = [];
  let start = 0;
  for (const at of [...splits, bytes.length]) {
    parts.push(decoder.write(Buffer.from(bytes.slice(start, at))));
    start = at;
  }
  parts.push(decoder.end());
  return parts.map(show).join(" ");
}

for (const name of [undefined, null, "", "utf8", "UTF-8", "ucs2", "UCS-2", "utf16le", "utf-16le", "latin1", "binary", "base64", "base64url", "hex", "ascii", "Hex"]) {
  console.log(String(name), new StringDecoder(name).encoding);
}
for (const bad of ["utf9", "buffer", 42, {}]) {
  try {
    new StringDecoder(bad);
  } catch (err) {
    console.log(err.name, err.code, err.message);
  }
}

const euro = [0xe2, 0x82, 0xac];
const emoji = [0xf0, 0x9f, 0x98, 0x80];
console.log(decodeSplit("utf8", euro, [1]));
console.log(decodeSplit("utf8", euro, [1, 2]));
console.log(decodeSplit("utf8", emoji, [1, 2, 3]));
console.log(decodeSplit("utf8", [0x61, ...emoji, 0x62, ...euro], [2, 6, 8]));
// Incomplete at the end, and broken by a non-continuation byte.
console.log(decodeSplit("utf8", [0xe2, 0x82], []));
console.log(decodeSplit("utf8", [0xe2], [1]));
console.log(decodeSplit("utf8", [0xe2, 0x41, 0x42], [1]));
console.log(decodeSplit("utf8", [0xf0, 0x9f, 0x41], [1, 2]));
console.log(decodeSplit("utf8", [0xff, 0xfe, 0x80, 0x80, 0x80, 0x80], [3]));
console.log(decodeSplit("utf8", [0xc3], []));
console.log(decodeSplit("utf8", [0xed, 0xa0, 0x80], [2]));
console.log(decodeSplit("utf8", [0x80, 0x80], [1]));
console.log(decodeSplit("utf8", [0xf8, 0x88, 0x80], [1]));

// UTF-16LE: odd bytes and surrogate pairs across writes.
const pile = Buffer.from("a😀b", "utf16le");
console.log(decodeSplit("utf16le", [...pile], [1]));
console.log(decodeSplit("utf16le", [...pile], [3]));
console.log(decodeSplit("utf16le", [...pile], [4]));
console.log(decodeSplit("utf16le", [...pile], [1, 3, 5, 7]));
console.log(decodeSplit("utf16le", [0x61, 0x00, 0x62], []));
console.log(decodeSplit("utf16le", [0x3d, 0xd8], []));
console.log(decodeSplit("ucs2", [0x3d, 0xd8, 0x41], []));

// base64 groups of 3 bytes, hex, latin1, ascii.
const bytes = [...Buffer.from("hello world!")];
for (const enc of ["base64", "base64url", "hex", "latin1", "ascii"]) {
  console.log(enc, decodeSplit(enc, bytes, [1]), decodeSplit(enc, bytes, [2, 7]), decodeSplit(enc, [0xfb, 0xff], [1]));
}
console.log(decodeSplit("ascii", [0xe9, 0x41, 0xc8], []));
console.log(decodeSplit("latin1", [0xe9, 0x41, 0xc8], [1]));

// end() with a last chunk; write() of a string; typed arrays and DataView.
const decoder = new StringDecoder("utf8");
console.log(show(decoder.write("as is")), show(decoder.write(Buffer.from([0xe2]))), show(decoder.end(Buffer.from([0x82, 0xac]))));
console.log(show(decoder.end()), show(decoder.end(Buffer.alloc(0))));
console.log(show(decoder.write(new Uint8Array([0xc3, 0xa9]))), show(decoder.write(new DataView(new Uint8Array([0x41, 0xc3]).buffer))), show(decoder.end()));
const u16 = new Uint16Array([0x4241]);
console.log(show(new StringDecoder("latin1").write(u16)));

// The legacy state.
const legacy = new StringDecoder("utf8");
legacy.write(Buffer.from([0xf0, 0x9f]));
console.log(legacy.lastChar, legacy.lastNeed, legacy.lastTotal);
console.log(show(legacy.end()), legacy.lastChar, legacy.lastNeed, legacy.lastTotal);
console.log(show(legacy.text(Buffer.from("xyé"), 1)));
const ucs = new StringDecoder("ucs2");
ucs.write(Buffer.from([0x3d]));
console.log(ucs.lastNeed, ucs.lastTotal);
console.log(new StringDecoder("hex"));
console.log(Object.keys(new StringDecoder()));

for (const bad of [null, 42, [1, 2], {}]) {
  try {
    new StringDecoder().write(bad);
  } catch (err) {
    console.log(err.name, err.code, err.message);
  }
}
try {
  StringDecoder.prototype.write.call({}, Buffer.from("a"));
} catch (err) {
  console.log(err.name, err.code, err.message);
}

// A long text split everywhere decodes to itself.
const text = "Grüße, 世界! 😀🎉 ok";
const encoded = [...Buffer.from(text)];
let allSame = true;
for (let i = 0; i <= encoded.length; i++) {
  for (let j = i; j <= encoded.length; j++) {
    const d = new StringDecoder("utf8");
    const out = d.write(Buffer.from(encoded.slice(0, i))) + d.write(Buffer.from(encoded.slice(i, j))) + d.write(Buffer.from(encoded.slice(j))) + d.end();
    if (out !== text) allSame = false;
  }
}
console.log("utf8 splits", allSame);
const encoded16 = [...Buffer.from(text, "utf16le")];
let allSame16 = true;
for (let i = 0; i <= encoded16.length; i++) {
  const d = new StringDecoder("utf16le");
  if (d.write(Buffer.from(encoded16.slice(0, i))) + d.end(Buffer.from(encoded16.slice(i))) !== text) allSame16 = false;
}
console.log("utf16le splits", allSame16);
