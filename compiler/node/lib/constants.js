// Node's deprecated `constants`: os.constants' dlopen, errno, priority and signals tables and
// fs.constants in one frozen object (Node adds crypto.constants, which EdgeBox does not have).
"use strict";

const os = require("node:os");
const { constants: fs } = require("node:internal/fs/utils");

const { dlopen, errno, priority, signals } = os.constants;
module.exports = Object.freeze(Object.assign({}, dlopen, errno, priority, signals, fs));
