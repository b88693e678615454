// Symbols the Node layer shares with node:events: `kFirstEventParam`, the option of events.on
// that yields each event's first argument instead of the array of them (readline's lines).
"use strict";

module.exports = { kFirstEventParam: Symbol("nodejs.kFirstEventParam") };
