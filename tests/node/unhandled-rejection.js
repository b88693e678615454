// edgebox-test: stderr differs
// Node 20's default for an unhandled rejection: print it, exit 1 (after the microtasks ran).
process.on("exit", (code) => console.log("exit event", code));
Promise.reject(new Error("nobody handles this"));
Promise.resolve().then(() => console.log("microtask still runs"));
setTimeout(() => console.log("never: the process ended"), 1);
console.log("sync done");
