// A numeric loop kernel (int32 arithmetic, nested loops), timed inside the script; runs under
// edgebox, node and qjs alike.
const args = globalThis.process ? process.argv.slice(2) : scriptArgs.slice(1);
function kernel(n) {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 1000; j++) {
      acc = (acc + ((i * j) ^ (i + j))) % 1000003;
    }
  }
  return acc;
}
const n = Number(args[0] ?? 3000);
// args[1]: run the kernel that many times and report the fastest run (default once).
const reps = Number(args[1] ?? 1);
let result, ms = Infinity;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  result = kernel(n);
  ms = Math.min(ms, performance.now() - start);
}
console.log(`kernel(${n}) = ${result} time_ms ${ms.toFixed(3)}`);
