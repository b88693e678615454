// fib(n) timed inside the script; runs under edgebox, node and qjs alike.
const args = globalThis.process ? process.argv.slice(2) : scriptArgs.slice(1);
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const n = Number(args[0] ?? 30);
const start = performance.now();
const result = fib(n);
const ms = performance.now() - start;
console.log(`fib(${n}) = ${result} time_ms ${ms.toFixed(3)}`);
