// Start-up with Node built-ins loaded: path, events, util and console.
const path = require("path");
const { EventEmitter } = require("events");
const util = require("util");
const e = new EventEmitter();
e.on("x", (v) => console.log(util.format("%s %s", path.join("a", "b"), v)));
e.emit("x", "ok");
