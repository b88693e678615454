// Tries every fs call against what the policy does not grant: argv[2] is granted read-write,
// argv[3] read-only, argv[4] not at all (it holds secret.txt). Each attempt prints
// `<what>: denied <code> <message>` or `<what>: ALLOWED`; tests/tests/fs.rs checks them all and
// the disk (this program is not compared with node: node has no sandbox).
const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");

const [, , rw, ro, outside] = process.argv;
const secret = path.join(outside, "secret.txt");
const roFile = path.join(ro, "file.txt");
const rwFile = path.join(rw, "mine.txt");
fs.writeFileSync(rwFile, "mine");

// Ways to name the secret from inside the granted directory.
const secrets = {
  absolute: secret,
  dotdot: path.join(rw, "..", path.basename(outside), "secret.txt"),
  "absolute symlink": path.join(rw, "link-out", "secret.txt"),
  "relative symlink": path.join(rw, "rel-out", "secret.txt"),
  "file symlink": path.join(rw, "secret-link"),
  "relative to cwd": path.join("..", path.basename(outside), "secret.txt"),
};

const attempts = [];
const attempt = (what, f) => attempts.push([what, f]);

// Calls on the secret's directory (the link itself is the rw directory's to remove: rmSync is
// tried only where the directory is named without a link).
const LINKED = ["absolute symlink", "relative symlink", "file symlink"];
for (const [how, p] of Object.entries(secrets)) {
  const dir = path.dirname(p) === rw ? outside : path.dirname(p);
  attempt(`readFileSync ${how}`, () => fs.readFileSync(p, "utf8"));
  attempt(`openSync ${how}`, () => fs.openSync(p, "r"));
  attempt(`statSync ${how}`, () => fs.statSync(p));
  attempt(`accessSync ${how}`, () => fs.accessSync(p));
  attempt(`existsSync ${how}`, () => fs.existsSync(p) || fail());
  attempt(`readdirSync ${how}`, () => fs.readdirSync(dir));
  attempt(`realpathSync ${how}`, () => fs.realpathSync(p));
  attempt(`writeFileSync ${how}`, () => fs.writeFileSync(p, "pwned"));
  attempt(`appendFileSync ${how}`, () => fs.appendFileSync(p, "pwned"));
  attempt(`truncateSync ${how}`, () => fs.truncateSync(p, 0));
  attempt(`utimesSync ${how}`, () => fs.utimesSync(p, 0, 0));
  // What acts on the file symlink itself (a name in rw/) is rw's to do.
  if (how !== "file symlink") attempt(`unlinkSync ${how}`, () => fs.unlinkSync(p));
  if (!LINKED.includes(how)) attempt(`rmSync ${how}`, () => fs.rmSync(dir, { recursive: true }));
  if (how !== "file symlink") attempt(`renameSync out ${how}`, () => fs.renameSync(p, path.join(rw, "stolen.txt")));
  attempt(`renameSync in ${how}`, () => fs.renameSync(rwFile, path.join(dir, "planted.txt")));
  attempt(`copyFileSync out ${how}`, () => fs.copyFileSync(p, path.join(rw, "copied.txt")));
  attempt(`copyFileSync in ${how}`, () => fs.copyFileSync(rwFile, path.join(dir, "planted.txt")));
  attempt(`cpSync out ${how}`, () => fs.cpSync(dir, path.join(rw, "cp-out"), { recursive: true, dereference: true }));
  if (how !== "file symlink") attempt(`linkSync out ${how}`, () => fs.linkSync(p, path.join(rw, "hard.txt")));
  attempt(`linkSync in ${how}`, () => fs.linkSync(rwFile, path.join(dir, "hard.txt")));
  attempt(`symlinkSync in ${how}`, () => fs.symlinkSync(rwFile, path.join(dir, "planted-link")));
  attempt(`mkdirSync ${how}`, () => fs.mkdirSync(path.join(dir, "planted-dir")));
  attempt(`mkdirSync -p ${how}`, () => fs.mkdirSync(path.join(dir, "deep/planted"), { recursive: true }));
  attempt(`mkdtempSync ${how}`, () => fs.mkdtempSync(path.join(dir, "tmp-")));
  attempt(`rmdirSync ${how}`, () => fs.rmdirSync(dir));
}

// The read-only directory: reading works, nothing changes.
attempt("ro writeFileSync", () => fs.writeFileSync(roFile, "pwned"));
attempt("ro appendFileSync", () => fs.appendFileSync(roFile, "pwned"));
attempt("ro openSync r+", () => fs.openSync(roFile, "r+"));
attempt("ro openSync w", () => fs.openSync(roFile, "w"));
attempt("ro openSync create", () => fs.openSync(path.join(ro, "new.txt"), "w"));
attempt("ro truncateSync", () => fs.truncateSync(roFile, 0));
attempt("ro utimesSync", () => fs.utimesSync(roFile, 0, 0));
attempt("ro unlinkSync", () => fs.unlinkSync(roFile));
attempt("ro rmSync", () => fs.rmSync(ro, { recursive: true }));
attempt("ro renameSync out", () => fs.renameSync(roFile, path.join(rw, "moved.txt")));
attempt("ro renameSync in", () => fs.renameSync(rwFile, path.join(ro, "planted.txt")));
attempt("ro copyFileSync in", () => fs.copyFileSync(rwFile, path.join(ro, "planted.txt")));
attempt("ro mkdirSync", () => fs.mkdirSync(path.join(ro, "sub")));
attempt("ro symlinkSync", () => fs.symlinkSync(rwFile, path.join(ro, "link")));
attempt("ro linkSync then write", () => {
  fs.linkSync(roFile, path.join(rw, "ro-hard.txt"));
  fs.writeFileSync(path.join(rw, "ro-hard.txt"), "pwned");
});
attempt("ro write through a symlink in rw", () => {
  fs.symlinkSync(roFile, path.join(rw, "ro-link"));
  fs.writeFileSync(path.join(rw, "ro-link"), "pwned");
});
attempt("ro fd write", () => {
  const fd = fs.openSync(roFile, "r");
  try {
    fs.writeSync(fd, "pwned");
  } finally {
    fs.closeSync(fd);
  }
});
attempt("write through a link made to outside", () => {
  fs.symlinkSync(secret, path.join(rw, "made-link"));
  fs.writeFileSync(path.join(rw, "made-link"), "pwned");
});
attempt("read through a link made to outside", () => fs.readFileSync(path.join(rw, "made-link"), "utf8"));
attempt("chdir outside then read", () => {
  process.chdir(outside);
  return fs.readFileSync("secret.txt", "utf8");
});

function fail() {
  throw Object.assign(new Error("ENOENT: (existsSync said false)"), { code: "ENOENT" });
}

process.chdir(rw);
for (const [what, f] of attempts) {
  try {
    f();
    console.log(`${what}: ALLOWED`);
  } catch (e) {
    console.log(`${what}: denied ${e.code} ${e.message}`);
  }
  try {
    process.chdir(rw);
  } catch {}
}
// The promise API goes through the same calls.
fsp
  .readFile(secret)
  .then(
    () => console.log("fsp.readFile absolute: ALLOWED"),
    (e) => console.log(`fsp.readFile absolute: denied ${e.code} ${e.message}`),
  )
  .then(() => fsp.writeFile(secrets["absolute symlink"], "pwned"))
  .then(
    () => console.log("fsp.writeFile absolute symlink: ALLOWED"),
    (e) => console.log(`fsp.writeFile absolute symlink: denied ${e.code} ${e.message}`),
  );
