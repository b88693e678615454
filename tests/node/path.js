// path (POSIX) against Node: every function on awkward inputs, and its argument errors.
const path = require("node:path");
const posix = require("path/posix");
const inputs = ["", ".", "..", "/", "//", "///a//b/", "a/b/c", "/a/b/../c/./d", "a/../../b", "./x.tar.gz", ".hidden", "file.", "..dots", "/trailing/", "a//b"];
console.log(path.sep, path.delimiter, posix === path, path.posix === path);
for (const p of inputs) {
  console.log(JSON.stringify(p), [
    path.normalize(p), path.isAbsolute(p), path.dirname(p), path.basename(p), path.basename(p, ".gz"),
    path.extname(p), path.parse(p), path.toNamespacedPath(p),
  ]);
}
console.log(path.join("a", "", "../b", "/c/", ".."), path.join(), path.join("/", "//x"));
console.log(path.resolve("/a/b", "./c", "../d"), path.resolve("/x", "/y", "z"));
console.log(path.relative("/a/b/c", "/a/d"), path.relative("/a", "/a/b/c"), path.relative("/x", "/x"));
console.log(path.format({ root: "/", dir: "/home/u", base: "f.txt" }), path.format({ name: "n", ext: "e" }));
for (const bad of [3, null, undefined, {}, ["a"], () => {}, Symbol("s")]) {
  try {
    path.join("a", bad);
  } catch (e) {
    console.log(e.name, e.code, e.message, e instanceof TypeError);
  }
}
try {
  path.format("nope");
} catch (e) {
  console.log(String(e));
}
