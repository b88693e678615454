// Prints the environment the app sees, sorted (the useKeychain test).
"use strict";
const env = Object.keys(process.env).sort().map((name) => `${name}=${process.env[name]}`);
console.log(env.join("\n"));
