// constants (deprecated): os.constants' tables and fs.constants in one frozen object.
const constants = require("constants");
const os = require("os");
const fs = require("fs");

console.log(Object.isFrozen(constants), Object.getPrototypeOf(constants) === Object.prototype);
const { dlopen, errno, priority, signals } = os.constants;
for (const [name, table] of Object.entries({ dlopen, errno, priority, signals, fs: fs.constants })) {
  const same = Object.keys(table).every((key) => constants[key] === table[key]);
  console.log(name, Object.keys(table).length > 0, same);
}
console.log(Object.keys(constants).slice(0, 8));
console.log(constants.O_RDONLY, constants.O_CREAT, constants.ENOENT, constants.SIGINT, constants.S_IFDIR, constants.PRIORITY_LOW);
