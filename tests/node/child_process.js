// child_process: the sync and async forms, their results and errors, stdio, input, encodings,
// maxBuffer, timeouts, kill, and the order of 'spawn', 'exit' and 'close'. Only what is equal
// under node and edgebox is printed (no pids, no stacks). Under edgebox the policy allows sh,
// echo, cat, true, false, printf and sleep.
const cp = require("child_process");
const util = require("util");

const show = (value) => console.log(util.inspect(value, { depth: 4, breakLength: 120 }));

function errorFields(error) {
  const fields = { message: error.message, name: error.name };
  for (const key of ["errno", "code", "syscall", "path", "spawnargs", "status", "signal", "killed", "cmd"]) {
    if (key in error) fields[key] = error[key];
  }
  for (const key of ["stdout", "stderr"]) if (key in error) fields[key] = String(error[key]);
  return fields;
}

function syncResult(result) {
  const { pid, error, ...rest } = result;
  console.log("  pid is", pid === 0 ? "0" : typeof pid, "keys", Object.keys(result).join(","));
  if (error) show(errorFields(error));
  show(rest);
}

function spawnSyncForms() {
  console.log("spawnSync echo");
  syncResult(cp.spawnSync("echo", ["hello", "world"]));
  console.log("spawnSync utf8, exit code and stderr");
  syncResult(cp.spawnSync("sh", ["-c", "echo out; echo err >&2; exit 3"], { encoding: "utf8" }));
  console.log("spawnSync false / true");
  console.log(" ", cp.spawnSync("false").status, cp.spawnSync("true").status);
  console.log("spawnSync killed by a signal");
  syncResult(cp.spawnSync("sh", ["-c", "kill -9 $$"]));
  console.log("spawnSync input");
  syncResult(cp.spawnSync("cat", { input: "piped in\n", encoding: "utf8" }));
  syncResult(cp.spawnSync("cat", { input: Buffer.from([1, 2, 3]) }));
  const big = "x".repeat(300000);
  const echoed = cp.spawnSync("cat", { input: big, encoding: "latin1" });
  console.log("  300000 bytes through cat:", echoed.stdout.length, echoed.stdout === big);
  console.log("spawnSync timeout");
  syncResult(cp.spawnSync("sleep", ["5"], { timeout: 100 }));
  syncResult(cp.spawnSync("sleep", ["5"], { timeout: 100, killSignal: "SIGKILL" }));
  console.log("spawnSync maxBuffer");
  syncResult(cp.spawnSync("sh", ["-c", "printf 0123456789; exec sleep 5"], { maxBuffer: 4, encoding: "utf8" }));
  console.log("spawnSync stdio");
  syncResult(cp.spawnSync("echo", ["ignored"], { stdio: "ignore" }));
  syncResult(cp.spawnSync("sh", ["-c", "echo to-stderr >&2; echo shown"], { stdio: ["pipe", "pipe", "ignore"], encoding: "utf8" }));
  console.log("before inherit");
  syncResult(cp.spawnSync("echo", ["inherited"], { stdio: "inherit" }));
  console.log("spawnSync env and argv0");
  syncResult(cp.spawnSync("sh", ["-c", 'echo "$GREETING $0"'], { env: { GREETING: "hi" }, encoding: "utf8" }));
  console.log("spawnSync shell");
  syncResult(cp.spawnSync("echo a && echo b", { shell: true, encoding: "utf8" }));
  syncResult(cp.spawnSync("echo", ["x", "&&", "echo", "y"], { shell: true, encoding: "utf8" }));
  console.log("spawnSync missing command and cwd");
  syncResult(cp.spawnSync("no-such-command-edgebox", ["a", "b"]));
  syncResult(cp.spawnSync("echo", ["x"], { cwd: "no-such-dir" }));
}

function execSyncForms() {
  console.log("execSync");
  show(cp.execSync("echo one; echo two"));
  show(cp.execSync("printf 'ü'", { encoding: "utf8" }));
  show(cp.execSync("cat", { input: "from input" }).toString());
  try {
    cp.execSync("echo partial; echo failure >&2; exit 2", { stdio: "pipe" });
  } catch (error) {
    show(errorFields(error));
    console.log("  output", util.inspect(error.output), "pid", typeof error.pid);
  }
  try {
    cp.execSync("echo inherited stderr >&2; exit 1");
  } catch (error) {
    console.log("  status", error.status);
  }
  console.log("execFileSync");
  show(cp.execFileSync("echo", ["file", "sync"], { encoding: "utf8" }));
  try {
    cp.execFileSync("sh", ["-c", "exit 7"]);
  } catch (error) {
    show(errorFields(error));
  }
  try {
    cp.execFileSync("no-such-command-edgebox", ["z"]);
  } catch (error) {
    show(errorFields(error));
    console.log("  error is itself", error.error === error);
  }
}

function argumentErrors() {
  console.log("argument errors");
  const attempts = [
    () => cp.spawnSync(42),
    () => cp.spawnSync(""),
    () => cp.spawnSync("echo", "not-an-array"),
    () => cp.spawnSync("echo", [], { timeout: -1 }),
    () => cp.spawnSync("echo", [], { killSignal: "SIGNOPE" }),
    () => cp.spawnSync("echo", [], { stdio: "bogus" }),
    () => cp.spawnSync("echo", [], { maxBuffer: -1 }),
    () => cp.spawnSync("echo", [], { shell: 3 }),
    () => cp.execSync(5),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
      console.log("  no error");
    } catch (error) {
      console.log(" ", error.name, error.code, error.message);
    }
  }
}

// Runs `child` to its 'close', recording its events; 'spawn' must come first, 'exit' before
// 'close' and 'close' last, the streams' data before 'close'.
function events(child, label) {
  return new Promise((resolve) => {
    const seen = [];
    let out = "";
    let err = "";
    child.on("spawn", () => seen.push("spawn"));
    child.on("error", (error) => {
      seen.push("error");
      show(errorFields(error));
    });
    child.on("exit", (code, signal) => seen.push(`exit ${code} ${signal}`));
    child.stdout?.on("data", (chunk) => (out += chunk));
    child.stderr?.on("data", (chunk) => (err += chunk));
    child.on("close", (code, signal) => {
      seen.push(`close ${code} ${signal}`);
      console.log(label, seen.join(" | "));
      const shown = (text) => (text.length > 100 ? `${text.length} characters` : JSON.stringify(text));
      console.log("  stdout", shown(out), "stderr", shown(err));
      console.log("  exitCode", child.exitCode, "signalCode", child.signalCode, "killed", child.killed);
      resolve();
    });
  });
}

async function spawnForms() {
  console.log("spawn");
  const echo = cp.spawn("echo", ["async", "echo"]);
  console.log("  pid is a number:", typeof echo.pid, "stdio", echo.stdio.map((s) => s !== null));
  await events(echo, "echo");
  await events(cp.spawn("sh", ["-c", "echo o; echo e >&2; exit 5"]), "sh exit 5");
  const cat = cp.spawn("cat");
  cat.stdin.write("line 1\n");
  cat.stdin.end("line 2\n");
  await events(cat, "cat");
  const bigCat = cp.spawn("cat");
  let bytes = 0;
  bigCat.stdout.on("data", (chunk) => (bytes += chunk.length));
  bigCat.stdin.end(Buffer.alloc(500000, 97));
  await events(bigCat, "big cat");
  console.log("  bytes", bytes);
  const sleeper = cp.spawn("sleep", ["5"]);
  sleeper.on("spawn", () => console.log("  kill returns", sleeper.kill()));
  await events(sleeper, "killed sleep");
  console.log("  kill after exit", sleeper.kill());
  const timed = cp.spawn("sleep", ["5"], { timeout: 100, killSignal: "SIGINT" });
  await events(timed, "timed out sleep");
  try {
    cp.spawn("sleep", ["0"]).kill("SIGNOPE");
  } catch (error) {
    console.log(" ", error.name, error.code, error.message);
  }
  const controller = new AbortController();
  const aborted = cp.spawn("sleep", ["5"], { signal: controller.signal });
  aborted.on("spawn", () => controller.abort());
  await events(aborted, "aborted sleep");
  const missing = cp.spawn("no-such-command-edgebox", ["q"]);
  console.log("  missing pid", missing.pid, "stdout", missing.stdout !== null);
  await events(missing, "missing");
  await events(cp.spawn("echo", ["quiet"], { stdio: "ignore" }), "ignored stdio");
  const unread = cp.spawn("sh", ["-c", "echo nobody reads this"]);
  await new Promise((resolve) => unread.on("close", (code) => resolve(console.log("unread output closes with", code))));
}

function execCallback(...args) {
  return new Promise((resolve) => {
    cp.exec(...args, (error, stdout, stderr) => {
      console.log("  error", error === null ? null : errorFields(error));
      console.log("  stdout", util.inspect(stdout), "stderr", util.inspect(stderr));
      resolve();
    });
  });
}

function execFileCallback(...args) {
  return new Promise((resolve) => {
    cp.execFile(...args, (error, stdout, stderr) => {
      console.log("  error", error === null ? null : errorFields(error));
      console.log("  stdout", util.inspect(stdout), "stderr", util.inspect(stderr));
      resolve();
    });
  });
}

async function execForms() {
  console.log("exec");
  await execCallback("echo hi; echo there >&2");
  await execCallback("echo failed; exit 4");
  await execCallback("printf 0123456789", { maxBuffer: 4 });
  await execCallback("printf buffered", { encoding: "buffer" });
  await execCallback("sleep 5", { timeout: 100 });
  console.log("execFile");
  await execFileCallback("echo", ["file", "args"]);
  await execFileCallback("sh", ["-c", "echo x >&2; exit 9"]);
  await execFileCallback("no-such-command-edgebox", ["w"]);
  console.log("promisified");
  const execP = util.promisify(cp.exec);
  const execFileP = util.promisify(cp.execFile);
  const promise = execP("echo promised");
  console.log("  has child", promise.child instanceof cp.ChildProcess);
  show(await promise);
  show(await execFileP("printf", ["%s-%s", "a", "b"]));
  try {
    await execFileP("sh", ["-c", "echo so; echo se >&2; exit 3"]);
  } catch (error) {
    show(errorFields(error));
  }
}

async function main() {
  spawnSyncForms();
  execSyncForms();
  argumentErrors();
  await spawnForms();
  await execForms();
  console.log("done");
}

main();
