// edgebox-test: stderr differs
// process against Node: events, exit codes, uncaught errors and rejections taken by listeners.
console.log(typeof process.version, /^v20\./.test(process.version), process.versions.node === process.version.slice(1));
console.log(process.platform, process.arch, Array.isArray(process.argv), typeof process.env);
const t = process.hrtime();
console.log(t.length, typeof t[0], typeof process.hrtime.bigint(), process.hrtime(t)[0] >= 0);
console.log(typeof process.uptime(), typeof process.nextTick, process.exitCode);
console.log(String(process), Object.prototype.toString.call(process));
try {
  process.nextTick("nope");
} catch (e) {
  console.log(e.code, e.message);
}
try {
  process.exitCode = "abc";
} catch (e) {
  console.log(e.code, e.message);
}
process.on("uncaughtException", (err, origin) => {
  console.log("uncaughtException:", err.message, origin);
});
process.on("unhandledRejection", (reason, promise) => {
  console.log("unhandledRejection:", reason.message, promise instanceof Promise);
});
process.on("exit", (code) => console.log("exit", code));
setTimeout(() => {
  throw new Error("from a timer");
}, 20);
Promise.reject(new Error("nobody catches"));
const late = Promise.reject(new Error("caught late"));
setTimeout(() => late.catch((e) => console.log("caught:", e.message)), 40);
process.nextTick(() => {
  throw new Error("from a tick");
});
process.exitCode = 3;
