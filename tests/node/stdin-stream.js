// process.stdin as a stream, one scenario per argument (tests/tests/node.rs feeds stdin: a
// pipe written in steps, some waiting for this program's output, or a regular file).
const scenario = process.argv[2];

// A digest of bytes that does not depend on how they were split into chunks.
function digest(chunks) {
  const all = Buffer.concat(chunks);
  let sum = 0;
  for (const byte of all) sum = (sum * 31 + byte) >>> 0;
  return `${all.length} bytes, sum ${sum}`;
}

function showEvents(stream, names) {
  for (const name of names) stream.on(name, (...args) => console.log("event", name, ...args));
}

const scenarios = {
  // 'data' and 'end' ('close' after it on a pipe, not on a file), and what stdin is.
  data() {
    const stdin = process.stdin;
    console.log("same object", process.stdin === stdin, "fd", stdin.fd, "isTTY", stdin.isTTY);
    console.log("flowing before", stdin.readableFlowing, "readable", stdin.readable);
    const chunks = [];
    stdin.on("data", (chunk) => {
      if (!Buffer.isBuffer(chunk)) console.log("not a buffer", typeof chunk);
      chunks.push(chunk);
    });
    showEvents(stdin, ["end", "close", "pause", "resume"]);
    stdin.on("end", () => console.log(digest(chunks), "ended", stdin.readableEnded));
    console.log("flowing after", stdin.readableFlowing);
  },

  // setEncoding keeps a UTF-8 character split across reads whole; the test writes the second
  // half only once the first chunk was printed.
  encoding() {
    process.stdin.setEncoding("utf8");
    let n = 0;
    process.stdin.on("data", (text) => console.log(`chunk ${++n}`, JSON.stringify(text)));
    process.stdin.on("end", () => console.log("end after", n, "chunks"));
  },

  // for await over stdin, then code after the loop.
  async forAwait() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    console.log("loop done:", digest(chunks));
    console.log("ended", process.stdin.readableEnded, "destroyed", process.stdin.destroyed);
  },

  // Paused mode: 'readable' and read() until null.
  readable() {
    const chunks = [];
    process.stdin.on("readable", () => {
      let chunk;
      while ((chunk = process.stdin.read()) !== null) chunks.push(chunk);
    });
    process.stdin.on("end", () => console.log("read:", digest(chunks)));
  },

  // pipe() through a Transform into stdout.
  pipe() {
    const { Transform } = require("stream");
    const upper = new Transform({
      transform(chunk, encoding, callback) {
        callback(null, chunk.toString("latin1").toUpperCase());
      },
    });
    process.stdin.pipe(upper).pipe(process.stdout);
    upper.on("end", () => console.error("transform ended"));
  },

  // A timer fires while stdin is open and quiet: the test writes the second line only after it.
  timer() {
    process.stdin.setEncoding("utf8");
    let lines = 0;
    process.stdin.on("data", (text) => {
      console.log("got", JSON.stringify(text));
      if (++lines === 1) setTimeout(() => console.log("timer fired while stdin was open"), 50);
    });
    process.stdin.on("end", () => console.log("end"));
  },

  // pause() after the first chunk: stdin no longer holds the process, though the pipe stays
  // open. (Paused inside the 'data' listener, Node reads on, as the stream reads ahead below its
  // highWaterMark: hence the timer.)
  pause() {
    process.stdin.on("data", (chunk) => {
      console.log("chunk", JSON.stringify(chunk.toString()));
      setTimeout(() => {
        process.stdin.pause();
        console.log("paused", process.stdin.isPaused());
      }, 10);
    });
    process.on("exit", () => console.log("exit with stdin paused"));
  },

  // pause() then resume() from a timer: no data is lost.
  resume() {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.pause();
    setTimeout(() => {
      console.log("resuming");
      process.stdin.resume();
    }, 20);
    process.stdin.on("end", () => console.log("after resume:", digest(chunks)));
  },

  // An unref()'d stdin with a 'data' listener does not keep the process alive (the test keeps
  // the pipe open and writes nothing).
  unref() {
    process.stdin.on("data", () => console.log("data"));
    process.stdin.unref();
    setTimeout(() => console.log("timer"), 10);
    process.on("exit", () => console.log("exit"));
  },

  // openStdin() starts the flow and returns stdin.
  openStdin() {
    const stdin = process.openStdin();
    console.log("same", stdin === process.stdin, "flowing", stdin.readableFlowing);
    const chunks = [];
    stdin.on("data", (chunk) => chunks.push(chunk));
    stdin.on("end", () => console.log(digest(chunks)));
  },

  // fd 0 closed before stdin is made: an empty stream.
  closed() {
    require("fs").closeSync(0);
    const stdin = process.stdin;
    console.log(stdin.constructor.name, stdin.fd);
    stdin.on("data", (chunk) => console.log("data", chunk));
    showEvents(stdin, ["end", "close"]);
  },
};

scenarios[scenario]();
