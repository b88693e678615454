// ByteLengthQueuingStrategy and CountQueuingStrategy: a highWaterMark (checked only when a
// stream uses it) and the size function every instance shares.
"use strict";

const {
  codes: { ERR_INVALID_THIS, ERR_MISSING_OPTION },
} = require("node:internal/errors");
const { validateObject } = require("node:internal/validators");
const { inspectStream, isBrandCheck, kState, kType, webMembers } = require("node:internal/webstreams/util");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

const byteLengthSize = Object.defineProperty((chunk) => chunk.byteLength, "name", { value: "size" });
const countSize = Object.defineProperty(() => 1, "name", { value: "size" });

function strategyClass(name, size) {
  const isStrategy = isBrandCheck(name);
  const Strategy = {
    [name]: class {
      constructor(init) {
        validateObject(init, "init");
        if (init.highWaterMark === undefined) throw new ERR_MISSING_OPTION("init.highWaterMark");
        this[kType] = name;
        this[kState] = { highWaterMark: +init.highWaterMark };
      }

      get highWaterMark() {
        if (!isStrategy(this)) throw new ERR_INVALID_THIS(name);
        return this[kState].highWaterMark;
      }

      get size() {
        if (!isStrategy(this)) throw new ERR_INVALID_THIS(name);
        return size;
      }

      [customInspect](depth, options) {
        return inspectStream(depth, options, name, { highWaterMark: this.highWaterMark });
      }
    },
  }[name];
  webMembers(Strategy, ["highWaterMark", "size"]);
  return Strategy;
}

const ByteLengthQueuingStrategy = strategyClass("ByteLengthQueuingStrategy", byteLengthSize);
const CountQueuingStrategy = strategyClass("CountQueuingStrategy", countSize);

module.exports = { ByteLengthQueuingStrategy, CountQueuingStrategy };
