// minimist: parse the arguments the test gives, and a few fixed argument lists.
const minimist = require("minimist");

console.log(JSON.stringify(minimist(process.argv.slice(2))));
const opts = { string: ["name"], boolean: ["dry"], alias: { n: "name", d: "dry" }, default: { level: 2 }, "--": true };
for (const argv of [
  ["-n", "x", "-d", "--level=5", "rest", "--", "after"],
  ["--no-dry", "-abc", "--num", "12", "--neg", "-3", "--", "x"],
  ["-xvf", "file.tar", "--a.b.c", "7"],
]) {
  console.log(JSON.stringify(minimist(argv, opts)));
}
