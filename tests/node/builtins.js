// Built-in modules with and without `node:`, and a built-in that does not exist.
const modules = {
  path: require("path"),
  "node:path": require("node:path"),
  events: require("events"),
  "node:events": require("node:events"),
  timers: require("timers"),
  "timers/promises": require("timers/promises"),
  console: require("console"),
  process: require("process"),
};
for (const [name, m] of Object.entries(modules)) console.log(name, typeof m);
console.log(require("path") === require("node:path"), require("process") === process, require("console") === console);
const name = "path";
console.log("by a name the bundler cannot see:", require(name) === modules.path);
try {
  require("node:no-such-module");
} catch (e) {
  console.log(e.code, e.message, String(e));
}
import("node:path").then((ns) => console.log("import()", typeof ns.join, typeof ns.default.join));
