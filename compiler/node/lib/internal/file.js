// Node's File: a Blob with a name (made well-formed) and a lastModified time (Date.now() unless
// given; NaN becomes 0).
"use strict";

const {
  codes: { ERR_MISSING_ARGS },
} = require("node:internal/errors");
const { Blob } = require("node:internal/blob");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = {}) {
    if (arguments.length < 2) throw new ERR_MISSING_ARGS("fileBits", "fileName");
    super(fileBits, options);
    let { lastModified } = options ?? {};
    if (lastModified !== undefined) {
      lastModified = +lastModified;
      if (Number.isNaN(lastModified)) lastModified = 0;
    } else {
      lastModified = Date.now();
    }
    this.#name = `${fileName}`.toWellFormed();
    this.#lastModified = lastModified;
  }

  get name() {
    return this.#name;
  }

  get lastModified() {
    return this.#lastModified;
  }

  [customInspect](depth, options) {
    if (depth < 0) return options.stylize("[File]", "special");
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    const fields = { size: this.size, type: this.type, name: this.#name, lastModified: this.#lastModified };
    return `File ${require("node:internal/inspect").inspect(fields, opts)}`;
  }
}

for (const member of ["name", "lastModified"]) Object.defineProperty(File.prototype, member, { enumerable: true });
Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });

module.exports = { File };
