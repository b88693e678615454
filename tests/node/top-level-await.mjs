// edgebox-test: stderr differs
// Top-level await in the entry module: the loop runs until the entry's evaluation settles; one
// that never settles exits with 13 (or process.exitCode), after 'beforeExit' and 'exit' (which
// see 0); one that rejects is an uncaught error.
const mode = process.argv[2];
process.on("beforeExit", (code) => console.log("beforeExit", code));
process.on("exit", (code) => console.log("exit", code));
console.log("before", await new Promise((resolve) => setTimeout(() => resolve(mode), 2)));
if (mode === "hang") await new Promise(() => {});
if (mode === "hang-code") {
  process.exitCode = 3;
  await new Promise(() => {});
}
if (mode === "reject") await Promise.reject(new Error("rejected at the top level"));
console.log("after");
