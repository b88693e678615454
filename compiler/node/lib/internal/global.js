// Node's `global`: the global object.
"use strict";

module.exports = globalThis;
