// console and util.inspect formatting, as Node prints it (no colours: not a terminal).
class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
class Point3 extends Point {}
const circular = { name: "loop", list: [1, 2] };
circular.self = circular;
circular.list.push(circular);
const values = [
  "text", 42, -0, 0, 1.5, NaN, -Infinity, 12345678901234567890n, true, null, undefined,
  Symbol("tag"), Symbol(), Symbol.iterator,
  [], [1, 2, 3], [undefined, null], [1, , 3], new Array(5), [[1, [2, [3, [4, [5]]]]]],
  {}, { a: 1, b: "two", "c-d": 3, [Symbol("s")]: 4 }, { nested: { deeper: { deepest: { gone: 1 } } } },
  Object.create(null), Object.assign(Object.create(null), { x: 1 }),
  new Map([["a", 1], [{ k: 1 }, [2]]]), new Set([1, "two", [3]]), new Map(), new Set(),
  new WeakMap(), new Point(1, 2), new Point3(1, 2, 3), Point, Point3, class {}, function named() {},
  () => {}, async function af() {}, function* gen() {}, async () => {}, Math.max,
  new Date(0), new Date(NaN), /ab+c/gi, new Number(3), new String("boxed"), new Boolean(false),
  new Uint8Array([1, 2, 3]), new Float64Array(2), new ArrayBuffer(4), new DataView(new ArrayBuffer(2)),
  Promise.resolve(7), Promise.reject(new Error("rejected")).catch(() => {}) && new Promise(() => {}),
  circular, { [Symbol.toStringTag]: "Tagged", v: 1 },
  { get g() { return 1; }, set s(v) {}, get gs() { return 2; }, set gs(v) {} },
  Array.from({ length: 30 }, (_, i) => i * 3),
  Array.from({ length: 120 }, (_, i) => i),
  Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat((i % 5) + 1)),
  { long: "x".repeat(100), other: "y".repeat(30), more: ["a".repeat(40), "b".repeat(40)] },
  "multi\nline", "it's", 'say "hi"', `both ' and "`,
  { "multi\nline": "key", 1: "numeric key", valid_id: 1, $dollar: 2 },
  Object.assign([1, 2], { extra: true }),
  Object.assign(() => {}, { prop: 1 }),
];
for (const v of values) console.log(v);
console.log(values.slice(0, 12));
console.log("%s is %d years and %i days, %f%% sure", "Bob", 42.5, 7.9, 99.5);
console.log("%j %o %O", { a: [1] }, [1, { b: 2 }], { c: { d: { e: { f: 1 } } } });
console.log("%c styled %s", "color: red", "text", "extra", 1, { x: 1 });
console.log("%s", Symbol("s"), "%d", 5n, "%i", "12.7px");
console.log("no args for %s and %d");
console.log("%%s literal", "x");
console.log();
console.info("info"), console.debug("debug");
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: Infinity });
console.table([{ a: 1, b: "x" }, { a: 22, c: true }]);
console.table([1, "two", { x: 1 }]);
console.table({ r1: { a: 1 }, r2: { b: 2 } });
console.table([{ a: 1, b: 2 }], ["b"]);
console.table(new Map([["k", 1], ["j", { z: 1 }]]));
console.table(5);
console.count();
console.count();
console.count("x");
console.countReset();
console.count();
console.group("Group");
console.log("inside\nmultiline");
console.group();
console.info({ nested: true });
console.groupEnd();
console.groupEnd();
console.log("outside");
const err = new TypeError("bad thing");
console.log(err.name, err.message, String(err), err instanceof Error);
console.log({ message: err.message, code: undefined });
