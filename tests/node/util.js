// edgebox-test: stderr differs
// util against Node: format/inspect, promisify/callbackify, inherits, deprecate, types, parseArgs.
const util = require("util");
const types = require("node:util/types");
console.log(util.format("%s=%d %j", "a", 1, { b: [2] }), util.inspect({ deep: { er: { est: {} } } }, { depth: 0 }));
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ["1"]));
function legacy(a, b, cb) {
  setTimeout(() => (a < 0 ? cb(new Error("negative")) : cb(null, a + b)), 1);
}
const promised = util.promisify(legacy);
legacy[util.promisify.custom] = undefined;
const custom = function () {};
custom[util.promisify.custom] = () => Promise.resolve("custom!");
(async () => {
  console.log("promisify", await promised(1, 2));
  try {
    await promised(-1, 2);
  } catch (e) {
    console.log("promisify rejects", e.message);
  }
  console.log("custom", await util.promisify(custom)());
  const cbified = util.callbackify(async (x) => {
    if (x) return x * 2;
    return Promise.reject(null);
  });
  cbified(21, (err, v) => console.log("callbackify", err, v));
  cbified(0, (err) => console.log("callbackify falsy", err.code, err.message, err.reason));
})();
function Base() {}
Base.prototype.hello = function () {
  return "hello from base";
};
function Derived() {
  Base.call(this);
}
util.inherits(Derived, Base);
console.log(new Derived().hello(), Derived.super_ === Base);
try {
  util.inherits(Derived, null);
} catch (e) {
  console.log(e.code, e.message);
}
const values = [new Date(), /x/, new Map(), new Set(), new WeakMap(), Promise.resolve(), new Uint8Array(1), new ArrayBuffer(1), async () => {}, function* () {}, new Error("e"), new Number(1), Object(Symbol("s")), [], {}, null];
console.log(values.map((v) => [types.isDate(v), types.isRegExp(v), types.isMap(v), types.isSet(v), types.isPromise(v), types.isTypedArray(v), types.isArrayBuffer(v), types.isAsyncFunction(v), types.isGeneratorFunction(v), types.isNativeError(v), types.isBoxedPrimitive(v)].map(Number).join("")));
console.log(types.isProxy(new Proxy({}, {})), types.isProxy({}), util.types === types);
const { values: opts, positionals } = util.parseArgs({
  args: ["-f", "--bar", "b", "pos", "--no-color"],
  options: { foo: { type: "boolean", short: "f" }, bar: { type: "string" }, color: { type: "boolean" } },
  allowPositionals: true,
  allowNegative: true,
});
console.log(opts, positionals);
try {
  util.parseArgs({ args: ["--nope"], options: {} });
} catch (e) {
  console.log(e.code, e.message);
}
const old = util.deprecate(() => "old result", "old() is deprecated", "DEP_TEST");
console.log(old(), old());
console.log(util.getSystemErrorName(-2), util.types.isDate(new Date()), typeof util.debuglog("x"));
console.log(util.stripVTControlCharacters("\u001b[31mred\u001b[39m"), util.toUSVString("a\ud800b"));
