// fib(n) timed inside the script; runs under edgebox, node and qjs alike.
const args = globalThis.process ? process.argv.slice(2) : scriptArgs.slice(1);
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const n = Number(args[0] ?? 30);
// args[1]: run the kernel that many times and report the fastest run (default once).
const reps = Number(args[1] ?? 1);
let result, ms = Infinity;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  result = fib(n);
  ms = Math.min(ms, performance.now() - start);
}
console.log(`fib(${n}) = ${result} time_ms ${ms.toFixed(3)}`);
