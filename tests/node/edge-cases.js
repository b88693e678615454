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
};
cases[process.argv[2]]();
