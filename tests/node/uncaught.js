// edgebox-test: stderr differs
// An uncaught error: 'exit' runs with code 1, nothing after the throw runs.
process.on("exit", (code) => console.log("exit event", code));
setTimeout(() => console.log("never: the process ended"), 1);
console.log("before");
function inner() {
  throw new TypeError("something went wrong");
}
inner();
console.log("never printed");
