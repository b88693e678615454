// glob: patterns over a directory tree the test made (argv[2]), sync and async.
const path = require("path");
const glob = require("glob");

const root = process.argv[2];
for (const pattern of ["**/*.js", "*.md", "src/**", "**/*.{json,txt}", "lib/*/", "**/.hidden*"]) {
  console.log(pattern, JSON.stringify(glob.sync(pattern, { cwd: root }).sort()));
}
console.log("dot", JSON.stringify(glob.sync("**/.hidden*", { cwd: root, dot: true }).sort()));
console.log("nodir", JSON.stringify(glob.sync("src/**", { cwd: root, nodir: true }).sort()));
console.log("absolute", glob.sync(path.join(root, "*.md")).map((p) => path.relative(root, p)).join(","));
glob("**/*.txt", { cwd: root, ignore: ["lib/**"] }, (err, files) => {
  if (err) throw err;
  console.log("async", JSON.stringify(files.sort()));
  console.log("hasMagic", glob.hasMagic("a/*.js"), glob.hasMagic("a/b.js"));
});
