// fs.readFileSync(0): everything on stdin (tests/tests/fs.rs pipes text in).
const fs = require("fs");
const text = fs.readFileSync(0, "utf8");
console.log(JSON.stringify(text), Buffer.byteLength(text));
