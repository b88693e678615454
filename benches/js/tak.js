// Takeuchi's function: deep non-tail recursion with three arguments, timed inside the script;
// runs under edgebox, node and qjs alike.
const args = globalThis.process ? process.argv.slice(2) : scriptArgs.slice(1);
function tak(x, y, z) {
  return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}
const n = Number(args[0] ?? 24);
// args[1]: run the kernel that many times and report the fastest run (default once).
const reps = Number(args[1] ?? 1);
let result, ms = Infinity;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  result = tak(n, Math.floor(n * 2 / 3), Math.floor(n / 3));
  ms = Math.min(ms, performance.now() - start);
}
console.log(`tak(${n}) = ${result} time_ms ${ms.toFixed(3)}`);
