// child_process.spawnSync("true") ×100, timed inside the program; prints the milliseconds.
// argv[2] is the working directory (a folder the policy grants with execute).
const { spawnSync } = require("child_process");

const cwd = process.argv[2];
const start = performance.now();
for (let i = 0; i < 100; i++) {
  const result = spawnSync("true", [], { cwd });
  if (result.status !== 0) throw result.error || new Error(`true exited with ${result.status}`);
}
console.log((performance.now() - start).toFixed(3));
