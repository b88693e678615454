// tty: isatty's checks, WriteStream on stdout/stderr (not terminals here), the colour depth from
// the environment, the cursor functions' control sequences, and the errors of bad fds.
const tty = require("tty");

console.log(Object.keys(tty));
for (const fd of [0, 1, 2, -1, 1.5, "1", 2 ** 31, 1000, null]) console.log("isatty", fd, tty.isatty(fd));

const out = new tty.WriteStream(1);
console.log(out.isTTY, out.fd, out.columns, out.rows, out.getWindowSize(), out.writable);
const envs = [
  {},
  { TERM: "dumb" },
  { TERM: "xterm" },
  { TERM: "xterm-256color" },
  { TERM: "screen" },
  { TERM: "mosh" },
  { COLORTERM: "truecolor" },
  { COLORTERM: "yes" },
  { TMUX: "1" },
  { CI: "1", GITHUB_ACTIONS: "true" },
  { CI: "1" },
  { TERM_PROGRAM: "iTerm.app", TERM_PROGRAM_VERSION: "3.4" },
  { TERM_PROGRAM: "Apple_Terminal" },
  { TEAMCITY_VERSION: "9.1.0" },
  { FORCE_COLOR: "0" },
  { FORCE_COLOR: "2", TERM: "dumb" },
  { NO_COLOR: "", TERM: "xterm" },
];
for (const env of envs) {
  console.log(JSON.stringify(env), out.getColorDepth(env), out.hasColors(env), out.hasColors(256, env));
}
try {
  out.hasColors(1, {});
} catch (err) {
  console.log(err.name, err.code, err.message);
}

function attempt(label, fn) {
  try {
    fn();
    console.log(label, "ok");
  } catch (err) {
    console.log(label, String(err), err.code, JSON.stringify(err.info), err.errno, err.syscall);
  }
}
attempt("WriteStream(-1)", () => new tty.WriteStream(-1));
attempt("WriteStream(1.5)", () => tty.WriteStream(1.5));
attempt("WriteStream(1000)", () => new tty.WriteStream(1000));
attempt("ReadStream(0)", () => new tty.ReadStream(0));
attempt("ReadStream('x')", () => new tty.ReadStream("x"));
attempt("cursorTo(NaN)", () => out.cursorTo(NaN));
attempt("cursorTo(undefined, 2)", () => out.cursorTo(undefined, 2));

const err = new tty.WriteStream(2);
const steps = [
  (done) => out.cursorTo(3, done),
  (done) => out.cursorTo(3, 4, done),
  (done) => out.moveCursor(-2, 5, done),
  (done) => out.moveCursor(0, 0, done),
  (done) => out.clearLine(-1, done),
  (done) => out.clearLine(0, done),
  (done) => out.clearLine(1, done),
  (done) => out.clearScreenDown(done),
  (done) => err.write("to stderr\n", done),
  (done) => out.write(Buffer.from("a buffer\n"), done),
];
(function next(i) {
  if (i === steps.length) {
    out.end("end\n", () => console.log("finished", out.writableFinished));
    return;
  }
  const returned = steps[i]((e) => {
    console.log(`|step ${i}`, returned, e);
    next(i + 1);
  });
})(0);
