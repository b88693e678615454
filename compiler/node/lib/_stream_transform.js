// The legacy module name of stream.Transform.
"use strict";

module.exports = require("node:stream").Transform;
