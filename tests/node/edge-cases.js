// edgebox-test: stderr differs
// Exit codes and ordering in corner cases; argv[2] picks the case.
const cases = {
  "exit-listener-throws-with-exit-code": () => {
    process.exitCode = 3;
    process.on("exit", () => {
      throw new Error("from exit");
    });
  },
  "exit-listener-throws": () => {
    process.on("exit", () => {
      throw new Error("from exit");
    });
  },
  "uncaught-listener-throws": () => {
    process.on("uncaughtException", () => {
      throw new Error("again");
    });
    setTimeout(() => {
      throw new Error("first");
    }, 1);
  },
  "non-error-rejection": () => {
    process.on("uncaughtException", (e, origin) => console.log(e.name, e.code, e.message, origin));
    Promise.reject(42);
    Promise.reject({ a: 1 });
  },
  "fractional-delays": () => {
    setTimeout(() => console.log("1.5 ms"), 1.5);
    setTimeout(() => console.log("1 ms"), 1);
    setTimeout(() => console.log("2.9 ms"), 2.9);
  },
  "throwing-immediate": () => {
    process.on("uncaughtException", (e) => console.log("caught", e.message));
    setImmediate(() => {
      process.nextTick(() => console.log("tick from i1"));
      throw new Error("i1");
    });
    setImmediate(() => console.log("i2"));
  },
  "globals-by-property": () => {
    globalThis.setTimeout(() => console.log("globalThis.setTimeout ran"), 1);
    console.log(typeof global.Buffer, global === globalThis);
  },
  "internal-modules-are-not-reachable": () => {
    try {
      require("node:internal/native");
    } catch (e) {
      console.log(e.code, e.message);
    }
  },
  "own-path": () => {
    const { __filename: f } = { __filename };
    console.log(f === __filename, require("path").basename(f), typeof __dirname);
  },
  "interval-keeps-running": () => {
    let n = 0;
    const t = setInterval(() => {
      if (++n === 1100) {
        clearInterval(t);
        console.log("1100 interval runs (the list is compacted after 1024)");
      }
    }, 0);
  },
  "rejection-handled-late": () => {
    process.on("unhandledRejection", (r) => console.log("unhandledRejection", r.message));
    process.on("rejectionHandled", () => console.log("rejectionHandled"));
    const p = Promise.reject(new Error("late"));
    setTimeout(() => {
      p.catch((e) => console.log("caught", e.message));
      Promise.resolve().then(() => console.log("microtask after catch"));
    }, 1);
  },
  "structured-clone": () => {
    class A {
      constructor() {
        this.x = 1;
      }
      get y() {
        return 2;
      }
    }
    const o = { a: 1, nested: { list: [1, , 3] } };
    o.self = o;
    const c = structuredClone(o);
    console.log(c.self === c, c !== o, c.nested.list, structuredClone(new A()), structuredClone(Object.assign([1], { p: 2 })));
    const buffer = new ArrayBuffer(8);
    const view = new Uint8Array(buffer, 2, 3);
    const [b2, v2] = structuredClone([buffer, view]);
    console.log(v2.buffer === b2, v2.byteOffset, v2.length);
    console.log(structuredClone(new Map([[{ k: 1 }, new Set([1])]])), structuredClone(/x/gi), structuredClone(new Date(0)));
    console.log(structuredClone(Object(1n)), structuredClone(new String("s")), structuredClone({ get g() { return 5; } }));
    const e = structuredClone(new RangeError("r", { cause: 1 }));
    console.log(e instanceof RangeError, e.message, e.cause, Object.keys(e));
    // (Not functions: their text is the bundler's reprint, see the README.)
    for (const bad of [Symbol("x"), new WeakMap(), Promise.resolve()]) {
      try {
        structuredClone(bad);
      } catch (err) {
        console.log(err.name, err.code, err.message, err instanceof DOMException);
      }
    }
    try {
      structuredClone();
    } catch (err) {
      console.log(err.name, err.code, err.message);
    }
  },
};
cases[process.argv[2]]();
