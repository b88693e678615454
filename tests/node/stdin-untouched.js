// A program that never reads standard input: it ends when its work is done, even when its input
// is a pipe that stays open (tests/tests/node.rs keeps it open), and its bundle has no stdin
// streams.
setTimeout(() => console.log("timer done"), 20);
process.on("exit", (code) => console.log("exit", code));
console.log("started");
