// node:readline and node:readline/promises, one scenario per argument; the stdin scenarios read
// what tests/tests/node.rs pipes in, the others feed PassThrough streams from timers.
const readline = require("readline");
const readlinePromises = require("readline/promises");
const { PassThrough, Writable } = require("stream");

const scenario = process.argv[2];

// A Writable that keeps what is written, shown as JSON.
function collector() {
  const out = new Writable({
    write(chunk, encoding, callback) {
      out.text += chunk.toString();
      callback();
    },
  });
  out.text = "";
  return out;
}

function showEvents(rl, label) {
  for (const name of ["pause", "resume", "close", "history"]) {
    rl.on(name, () => console.log(label, "event", name));
  }
}

function showError(label, fn) {
  try {
    fn();
    console.log(label, "no error");
  } catch (error) {
    console.log(label, `${error.name} [${error.code}]: ${error.message}`);
  }
}

const scenarios = {
  // Lines of stdin with LF, CRLF and lone CR endings, empty lines and a last line without an
  // ending; 'close' at the end of the input.
  lines() {
    const rl = readline.createInterface({ input: process.stdin });
    showEvents(rl, "rl");
    rl.on("line", (line) => console.log("line", JSON.stringify(line), "rl.line", JSON.stringify(rl.line)));
    rl.on("close", () => console.log("closed", rl.closed, "terminal", rl.terminal));
  },

  // A \r that ends one read and the \n that opens the next are one line end (crlfDelay).
  crlfSplit() {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    rl.on("line", (line) => console.log(`line ${JSON.stringify(line)}`));
    rl.on("close", () => console.log("close"));
  },

  // question() answered from stdin, one after another; prompts go to stdout.
  questions() {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    rl.question("Name? ", (name) => {
      console.log(`[name: ${name}]`);
      rl.question("Colour? ", (colour) => {
        console.log(`[colour: ${colour}]`);
        rl.question("Again? ", { signal: new AbortController().signal }, (again) => {
          console.log(`[again: ${again}]`);
          rl.close();
        });
      });
    });
    rl.on("line", (line) => console.log("unasked line", line));
    rl.on("close", () => console.log("\nclosed"));
  },

  // readline/promises: awaited questions, then the rest by for await.
  async promises() {
    const rl = readlinePromises.createInterface({ input: process.stdin, output: process.stdout });
    const first = await rl.question("First? ");
    console.log(`[${first}]`);
    const second = await rl.question("Second? ");
    console.log(`[${second}]`);
    let rest = 0;
    for await (const line of rl) rest += line.length;
    console.log("rest", rest, "closed", rl.closed);
  },

  // for await over the lines of a large stdin.
  async forAwait() {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    let count = 0;
    let sum = 0;
    for await (const line of rl) {
      count++;
      sum = (sum * 31 + line.length) >>> 0;
    }
    console.log("lines", count, "sum", sum);
  },

  // close() in a 'line' listener: the rest of that chunk's lines still come (as in Node), and
  // the input is paused.
  closeMidStream() {
    const rl = readline.createInterface({ input: process.stdin });
    showEvents(rl, "rl");
    rl.on("line", (line) => {
      console.log("line", line);
      if (line === "two") rl.close();
    });
    process.on("exit", () => console.log("exit, stdin paused", process.stdin.isPaused()));
  },

  // close() from a timer: stdin is paused and the process ends though the pipe stays open.
  // (Paused from inside a 'data' or 'line' listener, Node's stdin reads on below its
  // highWaterMark, so the pipe's end is awaited.)
  closeLater() {
    const rl = readline.createInterface({ input: process.stdin });
    showEvents(rl, "rl");
    rl.on("line", (line) => {
      console.log("line", line);
      if (line === "two") setTimeout(() => rl.close(), 10);
    });
    process.on("exit", () => console.log("exit, stdin paused", process.stdin.isPaused()));
  },

  // A PassThrough fed by timers, immediates and ticks: the order of lines and loop callbacks.
  passthrough() {
    const input = new PassThrough();
    const rl = readline.createInterface({ input });
    rl.on("line", (line) => console.log("line", JSON.stringify(line)));
    rl.on("close", () => console.log("close"));
    input.write("sync 1\nsync ");
    process.nextTick(() => {
      console.log("tick");
      input.write("2\n");
    });
    setImmediate(() => {
      console.log("immediate");
      input.write("immediate\r");
    });
    setTimeout(() => {
      // More than crlfDelay after the \r: this \n is an empty line of its own.
      console.log("timeout");
      input.write("\nlate\r");
      input.write("\nsame tick\n");
      setTimeout(() => input.end("last without newline"), 5);
    }, 250);
    Promise.resolve().then(() => console.log("microtask"));
    console.log("main done");
  },

  // Async iteration: lines emitted before the iterator exists are not seen; after it is made,
  // they wait for the loop.
  async iteration() {
    const input = new PassThrough();
    const rl = readline.createInterface({ input });
    input.write("before the iterator\n");
    await new Promise((resolve) => setTimeout(resolve, 10));
    const iterator = rl[Symbol.asyncIterator]();
    console.log("same iterator", iterator === rl[Symbol.asyncIterator]());
    input.write("queued 1\nqueued 2\n");
    await new Promise((resolve) => setTimeout(resolve, 10));
    input.end("after\n");
    for await (const line of iterator) console.log("line", line);
    console.log("done, closed", rl.closed);
  },

  // Prompts, setPrompt/getPrompt, write(), pause()/resume() and their events, on a PassThrough
  // output.
  prompt() {
    const input = new PassThrough();
    const output = collector();
    const rl = readline.createInterface({ input, output, prompt: "$ ", historySize: 5 });
    showEvents(rl, "rl");
    rl.on("line", (line) => console.log("line", JSON.stringify(line)));
    console.log("prompt", JSON.stringify(rl.getPrompt()), "history", rl.history, rl.historySize);
    rl.prompt();
    rl.setPrompt("> ");
    console.log("prompt", JSON.stringify(rl.getPrompt()));
    rl.prompt();
    rl.write("typed\n");
    rl.pause();
    rl.pause();
    rl.write("while paused\n");
    rl.resume();
    rl.resume();
    console.log("output", JSON.stringify(output.text), "columns", rl.columns);
    rl.question("q? ", (answer) => console.log("answer", answer, "prompt", JSON.stringify(rl.getPrompt())));
    rl.question("ignored? ", () => console.log("never"));
    input.write("yes\n");
    rl.close();
    rl.close();
    console.log("output", JSON.stringify(output.text));
  },

  // Questions with an AbortSignal (callback and promise forms), close with a signal, and the
  // errors after close.
  async abort() {
    const input = new PassThrough();
    const output = collector();
    const rl = readline.createInterface({ input, output });
    const controller = new AbortController();
    rl.question("cancelled? ", { signal: controller.signal }, () => console.log("never"));
    controller.abort();
    rl.question("aborted already? ", { signal: controller.signal }, () => console.log("never"));
    rl.on("line", (line) => console.log("line", line));
    input.write("to the line listener\n");
    console.log("output", JSON.stringify(output.text), "cursor", rl.cursor);

    const question = require("util").promisify(rl.question);
    const reason = new Error("why");
    const pending = question.call(rl, "promisified? ", { signal: AbortSignal.abort(reason) });
    await pending.catch((error) => console.log("promisify", error.name, error.code, error.cause === reason));
    const answer = question.call(rl, "promisified? ");
    input.write("ok\n");
    console.log("promisify answer", await answer);

    const prl = readlinePromises.createInterface({ input: new PassThrough(), output: collector() });
    const prlController = new AbortController();
    const asked = prl.question("promise? ", { signal: prlController.signal });
    prlController.abort("stop");
    await asked.catch((error) => console.log(error.name, error.code, error.message, "cause", error.cause));
    await prl
      .question("pre-aborted? ", { signal: AbortSignal.abort() })
      .catch((error) => console.log("pre-aborted", error.name, error.cause?.name));

    const signalled = new AbortController();
    const withSignal = readline.createInterface({ input: new PassThrough(), signal: signalled.signal });
    withSignal.on("close", () => console.log("closed by its signal"));
    signalled.abort();
    readline
      .createInterface({ input: new PassThrough(), signal: AbortSignal.abort() })
      .on("close", () => console.log("closed by an aborted signal, on the next tick"));

    rl.close();
    showError("question after close", () => rl.question("x? ", () => {}));
    prl.close();
    await prl.question("x? ").catch((error) => console.log("promise question after close", error.code, error.message));
  },

  // The cursor functions, on a stream and without one.
  cursor() {
    const out = collector();
    console.log(readline.cursorTo(out, 3), readline.cursorTo(out, 3, 4), readline.cursorTo(out));
    readline.moveCursor(out, -2, 3);
    readline.moveCursor(out, 4, -1);
    readline.moveCursor(out, 0, 0);
    readline.clearLine(out, -1);
    readline.clearLine(out, 1);
    readline.clearLine(out, 0);
    readline.clearScreenDown(out);
    console.log(JSON.stringify(out.text));
    console.log(readline.cursorTo(null, 1), readline.moveCursor(undefined, 1, 1), readline.clearLine(null, 0));
    readline.cursorTo(null, 1, () => console.log("cursorTo callback"));
    readline.clearScreenDown(undefined, (error) => console.log("clearScreenDown callback", error));
    readline.moveCursor(out, 1, 0, () => console.log("moveCursor callback after write"));

    const rlOut = collector();
    const rlp = new readlinePromises.Readline(rlOut);
    rlp.cursorTo(0).moveCursor(2, -1).clearLine(-1).clearLine(0).clearLine(1).clearScreenDown().cursorTo(5, 6);
    console.log("before commit", JSON.stringify(rlOut.text));
    rlp.commit().then(() => {
      console.log("committed", JSON.stringify(rlOut.text));
      rlp.cursorTo(1).rollback();
      return rlp.commit();
    }).then(() => {
      const autoOut = collector();
      new readlinePromises.Readline(autoOut, { autoCommit: true }).cursorTo(9).clearScreenDown();
      console.log("auto, same tick", JSON.stringify(autoOut.text));
      process.nextTick(() => console.log("auto, next tick", JSON.stringify(autoOut.text)));
    });
  },

  // emitKeypressEvents: keys from characters and escape sequences, split across writes, and a
  // lone ESC after its timeout.
  keypress() {
    const input = new PassThrough();
    readline.emitKeypressEvents(input, { escapeCodeTimeout: 30 });
    readline.emitKeypressEvents(input);
    input.on("keypress", (text, key) => console.log(JSON.stringify(text), JSON.stringify(key)));
    input.write("aZ9 .\r\n\t\x7f\b\x01\x1a");
    input.write("\x1b[A\x1b[B\x1bOC\x1b[1;5D\x1b[3~\x1b[5;2~\x1b[24;5~\x1b[200~\x1b[Z\x1b[a\x1bOa\x1b[[A");
    input.write("\x1bx\x1bX\x1b\r\x1b\x1b[A\x1b[9X\x1b[");
    input.write("H€😀é");
    input.write("\x1b");
    setTimeout(() => console.log("after the escape timeout"), 100);
  },

  // Argument errors, with Node's codes and messages.
  errors() {
    const input = new PassThrough();
    showError("completer", () => readline.createInterface({ input, completer: "no" }));
    showError("history", () => readline.createInterface({ input, history: "no" }));
    showError("historySize string", () => readline.createInterface({ input, historySize: "5" }));
    showError("historySize negative", () => readline.createInterface({ input, historySize: -1 }));
    showError("historySize NaN", () => readline.createInterface({ input, historySize: NaN }));
    showError("tabSize", () => readline.createInterface({ input, tabSize: 0 }));
    showError("tabSize float", () => readline.createInterface({ input, tabSize: 1.5 }));
    showError("escapeCodeTimeout", () => readline.createInterface({ input, escapeCodeTimeout: Infinity }));
    showError("signal", () => readline.createInterface({ input, signal: {} }));
    showError("question signal", () => {
      const rl = readline.createInterface({ input: new PassThrough() });
      try {
        rl.question("q", { signal: "no" }, () => {});
      } finally {
        rl.close();
      }
    });
    showError("cursorTo NaN", () => readline.cursorTo(collector(), NaN));
    showError("cursorTo y NaN", () => readline.cursorTo(collector(), 1, NaN));
    showError("cursorTo row only", () => readline.cursorTo(collector(), undefined, 2));
    showError("cursorTo callback", () => readline.cursorTo(collector(), 1, 1, "no"));
    showError("moveCursor callback", () => readline.moveCursor(collector(), 1, 1, 5));
    showError("clearLine callback", () => readline.clearLine(collector(), 0, {}));
    showError("clearScreenDown callback", () => readline.clearScreenDown(collector(), null));
    showError("Readline stream", () => new readlinePromises.Readline({}));
    showError("Readline autoCommit", () => new readlinePromises.Readline(collector(), { autoCommit: 1 }));
    const rlp = new readlinePromises.Readline(collector());
    showError("Readline cursorTo", () => rlp.cursorTo(1.5));
    showError("Readline cursorTo y", () => rlp.cursorTo(1, "2"));
    showError("Readline moveCursor", () => rlp.moveCursor(1, NaN));
    showError("Readline clearLine", () => rlp.clearLine(2));
    showError("Readline clearLine type", () => rlp.clearLine());
    const rl = readline.createInterface({ input: new PassThrough(), output: collector() });
    showError("prompt not a string", () => {
      rl.setPrompt(5);
      rl.prompt();
    });
    rl.close();
    console.log("completer wrapped", typeof readline.createInterface({ input: new PassThrough(), completer: (l) => [[], l] }).completer);
  },
};

scenarios[scenario]();
