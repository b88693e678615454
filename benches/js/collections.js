// Interpreter-heavy work on strings, Map, JSON and sort, timed inside the script; runs under
// edgebox, node and qjs alike.
const args = globalThis.process ? process.argv.slice(2) : scriptArgs.slice(1);
function work(n) {
  let total = 0;
  for (let r = 0; r < n; r++) {
    const m = new Map();
    for (let i = 0; i < 2000; i++) m.set('k' + i, { i, s: 'v' + (i * 7) });
    let s = '';
    for (const [k, v] of m) if (v.i % 3 === 0) s += k + ':' + v.s + ',';
    const json = JSON.stringify([...m.values()].slice(0, 500));
    const back = JSON.parse(json);
    back.sort((a, b) => b.i - a.i);
    total += s.length + back[0].i + json.length;
  }
  return total;
}
const n = Number(args[0] ?? 40);
// args[1]: run the kernel that many times and report the fastest run (default once).
const reps = Number(args[1] ?? 1);
let result, ms = Infinity;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  result = work(n);
  ms = Math.min(ms, performance.now() - start);
}
console.log(`collections(${n}) = ${result} time_ms ${ms.toFixed(3)}`);
