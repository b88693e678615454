// fs-extra: ensureDir, outputFile, writeJson/readJson, copy, move, remove and pathExists in a
// directory the test made (argv[2]); the test checks the tree it leaves.
const path = require("path");
const fse = require("fs-extra");

const root = process.argv[2];
const at = (...p) => path.join(root, ...p);
const rel = (p) => path.relative(root, p);

async function main() {
  await fse.ensureDir(at("a", "b", "c"));
  await fse.outputFile(at("a", "b", "note.txt"), "hello from fs-extra\n");
  await fse.writeJson(at("a", "data.json"), { n: 1, list: [true, null] }, { spaces: 2 });
  console.log("readJson", JSON.stringify(await fse.readJson(at("a", "data.json"))));
  await fse.copy(at("a"), at("copy"));
  console.log("copied", fse.readFileSync(at("copy", "b", "note.txt"), "utf8").trim());
  // A move checks the destination's parents up to the source's parent: here both lie inside
  // the granted directory (up to "/", they would not).
  await fse.move(at("copy", "data.json"), at("copy", "b", "moved.json"));
  console.log("exists", await fse.pathExists(at("copy", "data.json")), await fse.pathExists(at("copy", "b", "moved.json")));
  fse.ensureFileSync(at("empty", "file.txt"));
  fse.outputJsonSync(at("sync", "x.json"), [1, 2]);
  console.log("readJsonSync", JSON.stringify(fse.readJsonSync(at("sync", "x.json"))));
  fse.copySync(at("sync"), at("sync-copy"));
  await fse.remove(at("a", "b", "c"));
  await fse.emptyDir(at("sync"));
  try {
    await fse.readJson(at("missing.json"));
  } catch (err) {
    console.log("missing", err.code, err.syscall);
  }
  try {
    await fse.copy(at("copy", "b", "moved.json"), at("copy", "b", "moved.json"));
  } catch (err) {
    console.log("copy to itself:", err.message);
  }
  const walk = (dir) => fse.readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    return fse.statSync(p).isDirectory() ? [rel(p) + "/", ...walk(p)] : [rel(p)];
  });
  console.log(walk(root).join("\n"));
}
main();
