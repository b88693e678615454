// assert against Node: passing and failing checks, AssertionError's fields and messages.
const assert = require("assert");
const strict = require("node:assert/strict");
function show(label, fn) {
  try {
    fn();
    console.log(label, "passed");
  } catch (e) {
    console.log(label, e.name, e.code, e.generatedMessage, e.operator);
    console.log(e.message);
  }
}
show("ok true", () => assert.ok(1));
show("ok message", () => assert(false, "custom message"));
show("equal", () => assert.equal(1, "1"));
show("notEqual", () => assert.notEqual(1, 1));
show("strictEqual numbers", () => assert.strictEqual(1, 2));
show("strictEqual strings", () => assert.strictEqual("hello world", "hello there"));
show("strictEqual multiline", () => assert.strictEqual("a\nb\nc", "a\nB\nc"));
show("deepEqual loose", () => assert.deepEqual({ a: 1 }, { a: "1" }));
show("deepStrictEqual objects", () => assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }));
show("deepStrictEqual maps", () => assert.deepStrictEqual(new Map([["k", 1]]), new Map([["k", 2]])));
show("deepStrictEqual same", () => assert.deepStrictEqual(new Set([1, { x: [2] }]), new Set([1, { x: [2] }])));
show("notDeepStrictEqual", () => assert.notDeepStrictEqual([1], [1]));
show("strict module", () => strict.equal(1, "1"));
show("throws", () => assert.throws(() => { throw new TypeError("bad"); }, TypeError));
show("throws mismatch", () => assert.throws(() => { throw new TypeError("bad"); }, /good/));
show("throws object", () => assert.throws(() => { throw new Error("msg"); }, { message: "other" }));
show("throws nothing", () => assert.throws(() => {}));
show("doesNotThrow", () => assert.doesNotThrow(() => { throw new Error("oops"); }));
show("match", () => assert.match("abc", /x/));
show("ifError", () => assert.ifError(null));
show("fail", () => assert.fail("boom"));
show("bad argument", () => assert.throws("not a function"));
console.log(assert.strict === strict, typeof assert.AssertionError);
const err = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" });
console.log(err.message);
(async () => {
  await assert.rejects(Promise.reject(new Error("r")), /r/);
  console.log("rejects passed");
  try {
    await assert.doesNotReject(Promise.reject(new Error("nope")));
  } catch (e) {
    console.log(e.code, e.message);
  }
})();
