// Start-up with Node built-ins loaded: fs, path, events, util and console (the set).
const fs = require("fs");
const path = require("path");
const { EventEmitter } = require("events");
const util = require("util");
const e = new EventEmitter();
e.on("x", (v) => console.log(util.format("%s %s %s", path.join("a", "b"), v, typeof fs.statSync)));
e.emit("x", "ok");
