// fs and fs/promises inside the directory argv[2] (granted read-write by the test): sync,
// callback and promise forms, Node's errors, and the tree left behind (the test compares it
// with the one node leaves). Paths print relative to that directory.
const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");

const root = process.argv[2];
const rel = (p) => (typeof p === "string" ? p.split(root).join("<root>").replace(/tmp-[A-Za-z0-9]{6}/g, "tmp-XXXXXX") : p);
const show = (label, f) => {
  try {
    const value = f();
    console.log(label, value === undefined ? "ok" : rel(value));
  } catch (e) {
    console.log(label, e.name, e.code, rel(e.message), e.errno, e.syscall, rel(e.path), rel(e.dest));
  }
};
const at = (...parts) => path.join(root, ...parts);

// ---- sync ----
show("mkdir -p", () => rel(fs.mkdirSync(at("a/b/c"), { recursive: true })));
show("mkdir -p again", () => fs.mkdirSync(at("a/b/c"), { recursive: true }));
show("mkdir exists", () => fs.mkdirSync(at("a")));
show("mkdir no parent", () => fs.mkdirSync(at("x/y")));
show("mkdir through a file", () => {
  fs.writeFileSync(at("file"), "f");
  return fs.mkdirSync(at("file/sub"), { recursive: true });
});
fs.writeFileSync(at("a/text.txt"), "héllo wörld\n");
fs.appendFileSync(at("a/text.txt"), "second line\n");
fs.appendFileSync(at("a/text.txt"), Buffer.from("third\n"));
show("readFile utf8", () => JSON.stringify(fs.readFileSync(at("a/text.txt"), "utf8")));
show("readFile buffer", () => fs.readFileSync(at("a/text.txt")).length);
show("readFile base64", () => fs.readFileSync(at("a/text.txt"), { encoding: "base64" }));
show("readFile hex", () => fs.readFileSync(at("a/text.txt"), "hex").slice(0, 16));
show("readFile missing", () => fs.readFileSync(at("missing.txt")));
show("readFile dir", () => fs.readFileSync(at("a")));
show("readFile bad encoding", () => fs.readFileSync(at("a/text.txt"), "nope"));
show("writeFile wx exists", () => fs.writeFileSync(at("a/text.txt"), "x", { flag: "wx" }));
show("writeFile bad data", () => fs.writeFileSync(at("a/bad.txt"), { a: 1 }));
show("writeFile typed array", () => fs.writeFileSync(at("a/u16.bin"), new Uint16Array([1, 2, 0xffff])));
show("readFile typed array back", () => [...fs.readFileSync(at("a/u16.bin"))].join(","));
show("bad path type", () => fs.readFileSync(true));
show("bad path object", () => fs.statSync({}));
show("null byte", () => fs.statSync(at("a\u0000b")));
show("bad flags", () => fs.openSync(at("a/text.txt"), "rw"));
show("buffer path", () => fs.statSync(Buffer.from(at("a/text.txt"))).size);
show("file URL", () => fs.readFileSync(new URL(`file://${at("a/text.txt")}`), "utf8").length);

// stat and friends
const st = fs.statSync(at("a/text.txt"));
console.log("stat", st.size, st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.mtime instanceof Date, typeof st.mtimeMs);
console.log("stat dir", fs.statSync(at("a")).isDirectory(), fs.lstatSync(at("a")).isDirectory());
console.log("bigint", typeof fs.statSync(at("a/text.txt"), { bigint: true }).size);
show("stat missing", () => fs.statSync(at("missing")));
show("stat missing no throw", () => String(fs.statSync(at("missing"), { throwIfNoEntry: false })));
show("lstat missing", () => fs.lstatSync(at("missing")));
console.log("exists", fs.existsSync(at("a/text.txt")), fs.existsSync(at("missing")), fs.existsSync(42));
show("access", () => fs.accessSync(at("a/text.txt"), fs.constants.R_OK | fs.constants.W_OK));
show("access missing", () => fs.accessSync(at("missing")));
show("utimes", () => {
  fs.utimesSync(at("a/text.txt"), 1000000, new Date(2000000000));
  const s = fs.statSync(at("a/text.txt"));
  return [s.atimeMs, s.mtimeMs, s.mtime.toISOString()].join(" ");
});

// directories
show("readdir", () => fs.readdirSync(at("a")).sort().join(","));
show("readdir types", () =>
  fs
    .readdirSync(at("a"), { withFileTypes: true })
    .map((d) => `${d.name}:${d.isFile() ? "f" : d.isDirectory() ? "d" : "?"}:${rel(d.parentPath)}`)
    .sort()
    .join(","),
);
show("readdir recursive", () => fs.readdirSync(at("a"), { recursive: true }).sort().join(","));
show("readdir buffer", () => Buffer.isBuffer(fs.readdirSync(at("a"), { encoding: "buffer" })[0]));
show("readdir file", () => fs.readdirSync(at("a/text.txt")));
show("readdir missing", () => fs.readdirSync(at("missing")));
show("mkdtemp", () => /^<root>\/tmp-[A-Za-z0-9]{6}$/.test(rel(fs.mkdtempSync(at("tmp-")))));

// fds
const fd = fs.openSync(at("a/fd.txt"), "w+");
console.log("fd type", typeof fd);
console.log("write", fs.writeSync(fd, "0123456789"));
console.log("write at", fs.writeSync(fd, Buffer.from("AB"), 0, 2, 4));
const buf = Buffer.alloc(6);
console.log("read at", fs.readSync(fd, buf, 0, 6, 2), buf.toString());
console.log("read options", fs.readSync(fd, buf, { position: 0, length: 3 }), buf.toString());
console.log("read at end", fs.readSync(fd, buf, 0, 6, 100));
console.log("fstat", fs.fstatSync(fd).size);
fs.ftruncateSync(fd, 5);
fs.fsyncSync(fd);
fs.closeSync(fd);
show("after truncate", () => fs.readFileSync(at("a/fd.txt"), "utf8"));
show("close again", () => fs.closeSync(fd));
show("bad fd", () => fs.readSync(-1, buf));
show("fd string", () => fs.fstatSync("3"));
show("read offset", () => fs.readSync(0, buf, 10, 1, 0));
fs.truncateSync(at("a/fd.txt"), 2);
show("truncate", () => fs.readFileSync(at("a/fd.txt"), "latin1"));
const append = fs.openSync(at("a/fd.txt"), "a");
fs.writeSync(append, "++");
fs.closeSync(append);
show("append fd", () => fs.readFileSync(at("a/fd.txt"), "utf8"));

// rename, copy, links
fs.renameSync(at("a/fd.txt"), at("a/renamed.txt"));
show("rename missing", () => fs.renameSync(at("a/fd.txt"), at("a/other.txt")));
fs.copyFileSync(at("a/text.txt"), at("a/copy.txt"));
show("copyFile excl", () => fs.copyFileSync(at("a/text.txt"), at("a/copy.txt"), fs.constants.COPYFILE_EXCL));
show("copyFile missing", () => fs.copyFileSync(at("nope"), at("a/copy2.txt")));
fs.symlinkSync("text.txt", at("a/link"));
fs.symlinkSync(at("a/b"), at("dirlink"));
show("readlink", () => fs.readlinkSync(at("a/link")));
show("lstat link", () => fs.lstatSync(at("a/link")).isSymbolicLink());
show("stat link", () => fs.statSync(at("a/link")).isFile());
show("realpath", () => rel(fs.realpathSync(at("dirlink/c"))));
show("realpath missing", () => fs.realpathSync(at("a/nope")));
show("readlink not link", () => fs.readlinkSync(at("a/text.txt")));
fs.linkSync(at("a/text.txt"), at("a/hard.txt"));
show("hard link", () => fs.statSync(at("a/hard.txt")).nlink);

// cp and rm
show("cp dir without recursive", () => fs.cpSync(at("a"), at("a-copy")));
fs.cpSync(at("a"), at("a-copy"), { recursive: true });
show("cp result", () => fs.readdirSync(at("a-copy"), { recursive: true }).sort().join(","));
show("cp into itself", () => fs.cpSync(at("a"), at("a/b/inside"), { recursive: true }));
show("cp errorOnExist", () => fs.cpSync(at("a/text.txt"), at("a-copy/text.txt"), { force: false, errorOnExist: true }));
show("rm dir", () => fs.rmSync(at("a-copy")));
show("rm missing", () => fs.rmSync(at("nope")));
show("rm missing force", () => fs.rmSync(at("nope"), { force: true }));
show("rm -r", () => fs.rmSync(at("a-copy"), { recursive: true }));
show("rmdir not empty", () => fs.rmdirSync(at("a")));
show("unlink dir", () => fs.unlinkSync(at("a/b")));
show("unlink", () => fs.unlinkSync(at("a/hard.txt")));

// relative paths and chdir
process.chdir(root);
console.log("cwd", rel(process.cwd()));
show("relative read", () => fs.readFileSync("a/text.txt", "utf8").length);
show("relative dot", () => fs.readdirSync(".").sort().join(","));
process.chdir("a");
console.log("cwd", rel(process.cwd()));
show("relative parent", () => fs.existsSync("../file"));
show("chdir missing", () => process.chdir("nope"));
process.chdir(root);

// callbacks and promises, one at a time (their relative order with other callbacks depends on
// libuv's thread pool in Node)
const steps = [
  (next) => fs.readFile(at("a/text.txt"), "utf8", (err, text) => next("readFile cb", err, text.length)),
  (next) => fs.readFile(at("missing"), (err, data) => next("readFile cb missing", err.code, rel(err.message), data)),
  (next) => fs.writeFile(at("cb.txt"), "by callback", (err) => next("writeFile cb", err)),
  (next) => fs.stat(at("cb.txt"), (err, s) => next("stat cb", err, s.size)),
  (next) => fs.readdir(at("a"), { withFileTypes: true }, (err, list) => next("readdir cb", err, list.length)),
  (next) => fs.mkdir(at("cbdir/x"), { recursive: true }, (err, first) => next("mkdir cb", err, rel(first))),
  (next) => fs.exists(at("cb.txt"), (yes) => next("exists cb", yes)),
  (next) => fs.access(at("missing"), (err) => next("access cb", err.code)),
  (next) =>
    fs.open(at("cb.txt"), "r", (err, fd) =>
      fs.read(fd, Buffer.alloc(2), 0, 2, 0, (err2, n, b) => fs.close(fd, (err3) => next("open/read/close cb", err, err2, n, b.toString(), err3))),
    ),
  (next) => fs.rm(at("cbdir"), { recursive: true }, (err) => next("rm cb", err)),
  (next) => {
    try {
      fs.readFile(at("cb.txt"));
    } catch (e) {
      next("no callback", e.code, e.message);
    }
  },
  (next) => fsp.readFile(at("cb.txt"), "utf8").then((t) => next("promises readFile", t)),
  (next) => fsp.readFile(at("missing")).catch((e) => next("promises missing", e.code, rel(e.message))),
  (next) => fsp.readFile(42n).catch((e) => next("promises bad arg", e.code)),
  (next) => fsp.writeFile(at("p.txt"), "promised").then((v) => next("promises writeFile", v)),
  (next) => fsp.appendFile(at("p.txt"), "!").then(() => fsp.readFile(at("p.txt"), "utf8")).then((t) => next("promises appendFile", t)),
  (next) => fsp.mkdir(at("pdir/q"), { recursive: true }).then((first) => next("promises mkdir", rel(first))),
  (next) => fsp.readdir(at("pdir")).then((l) => next("promises readdir", l)),
  (next) => fsp.stat(at("p.txt")).then((s) => next("promises stat", s.size, s.isFile())),
  (next) => fsp.rename(at("p.txt"), at("pdir/p.txt")).then(() => next("promises rename", fs.existsSync(at("pdir/p.txt")))),
  (next) => fsp.rm(at("pdir"), { recursive: true }).then(() => next("promises rm", fs.existsSync(at("pdir")))),
  (next) => fsp.access(at("missing")).catch((e) => next("promises access", e.code)),
  async (next) => {
    const handle = await fsp.open(at("handle.txt"), "w+");
    console.log("handle fd", typeof handle.fd);
    await handle.write("filehandle text");
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    const stat = await handle.stat();
    await handle.truncate(4);
    const whole = await handle.readFile("utf8");
    await handle.close();
    next("filehandle", bytesRead, buffer.toString(), stat.size, JSON.stringify(whole), handle.fd);
  },
  async (next) => {
    const handle = await fsp.open(at("handle.txt"));
    await handle.close();
    await handle.close();
    next("close twice", "ok");
  },
];
(function run(i) {
  if (i === steps.length) return finish();
  steps[i]((...values) => {
    console.log(...values.map(rel));
    run(i + 1);
  });
})(0);

function finish() {
  const usage = process.memoryUsage();
  console.log("memoryUsage", Object.keys(usage), Object.values(usage).every((n) => Number.isInteger(n) && n >= 0), usage.rss > 0, typeof process.memoryUsage.rss());
  fs.rmSync(at("file"));
  console.log("tree", rel(fs.readdirSync(root, { recursive: true }).sort().join(",")));
}

// Streams, after the rest (they finish in the loop).
process.on("beforeExit", function streams() {
  process.removeListener("beforeExit", streams);
  const file = at("stream.txt");
  const out = fs.createWriteStream(file);
  const events = [];
  out.on("open", (fd) => events.push(`open ${typeof fd}`));
  out.on("ready", () => events.push("ready"));
  out.on("finish", () => events.push("finish"));
  out.write("line one\n");
  out.write(Buffer.from("line two\n"));
  out.end("line three\n", () => {
    console.log("write stream", events.join(","), out.bytesWritten, JSON.stringify(fs.readFileSync(file, "utf8")));
    const chunks = [];
    fs.createReadStream(file, { highWaterMark: 8, encoding: "utf8" })
      .on("data", (c) => chunks.push(c))
      .on("end", () => console.log("read stream chunks", JSON.stringify(chunks)))
      .on("close", () => {
        const part = [];
        fs.createReadStream(file, { start: 5, end: 12 })
          .on("data", (c) => part.push(c))
          .on("close", () => {
            console.log("read stream range", JSON.stringify(Buffer.concat(part).toString()));
            fs.createReadStream(at("missing"))
              .on("error", (e) => console.log("read stream error", e.code, rel(e.message)))
              .on("close", () => {
                fs.unlinkSync(file);
                console.log("streams done");
              });
          });
      });
  });
});
