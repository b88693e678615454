// js-yaml: load a YAML file read next to this program, dump an object, and a syntax error.
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");

const doc = yaml.load(fs.readFileSync(path.join(__dirname, "data", "config.yaml"), "utf8"));
console.log(JSON.stringify(doc, null, 2));
process.stdout.write(yaml.dump({ name: "edgebox", list: [1, "two", { three: 3 }], nested: { a: null, b: true, when: new Date(Date.UTC(2024, 0, 2)) }, text: "line one\nline two\n" }, { sortKeys: true }));
for (const doc of yaml.loadAll("--- 1\n--- [a, b]\n--- {k: v}\n")) console.log(JSON.stringify(doc));
try {
  yaml.load("a: [1, 2\nb: 3");
} catch (err) {
  console.log(err.name);
  console.log(err.message);
}
