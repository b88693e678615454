// Node's event-loop order: nextTick queue, microtasks, timers by due time and creation,
// immediates, nested scheduling, ref/unref, intervals, refresh, timers/promises, exit events.
// Stages run one after the other, so that the order never depends on how fast the machine is.
const log = (...args) => console.log(...args);
const timersPromises = require("timers/promises");

function stageTicksAndMicrotasks(next) {
  process.nextTick(() => log("tick 1"));
  process.nextTick((a, b) => log("tick with args", a, b), "x", 2);
  Promise.resolve()
    .then(() => {
      log("promise 1");
      process.nextTick(() => log("tick from promise"));
    })
    .then(() => log("promise 2"));
  queueMicrotask(() => log("microtask"));
  setTimeout(next, 1);
}

function stageTimers(next) {
  setTimeout(() => {
    log("timeout 10");
    setImmediate(() => log("immediate from timeout 10"));
    setTimeout(() => {
      log("timeout 0 from timeout 10");
      next();
    }, 0);
    process.nextTick(() => log("tick from timeout 10"));
    Promise.resolve().then(() => log("promise from timeout 10"));
  }, 10);
  setTimeout(() => log("timeout 5"), 5);
  setTimeout((x) => log("timeout 5 again", x), 5, "arg");
  setTimeout(() => log("timeout 1"), 1);
  const cleared = setTimeout(() => log("never: cleared"), 1);
  clearTimeout(cleared);
  const byId = setTimeout(() => log("never: cleared by id"), 2);
  clearTimeout(+byId);
  setTimeout(() => log("never: unref'd keeps nothing alive"), 100000).unref();
  log("hasRef", byId.hasRef(), setTimeout(() => {}, 1).unref().hasRef());
}

function stageImmediates(next) {
  setImmediate(() => {
    log("immediate 1");
    setImmediate(() => {
      log("immediate nested (next loop turn)");
      next();
    });
    process.nextTick(() => log("tick from immediate 1"));
  });
  setImmediate((a) => log("immediate 2", a), "arg");
  const gone = setImmediate(() => log("never: cleared immediate"));
  clearImmediate(gone);
}

function stageInterval(next) {
  let n = 0;
  const interval = setInterval(() => {
    n += 1;
    log("interval", n);
    if (n === 3) {
      clearInterval(interval);
      next();
    }
  }, 3);
}

function stageRefresh(next) {
  const timer = setTimeout(() => {
    log("refreshed timer ran once");
    next();
  }, 20);
  setTimeout(() => timer.refresh(), 10);
}

async function stagePromises(next) {
  log("timers/promises setTimeout:", await timersPromises.setTimeout(5, "resolved value"));
  log("timers/promises setImmediate:", await timersPromises.setImmediate("imm"));
  let ticks = 0;
  for await (const v of timersPromises.setInterval(2, "iv")) {
    ticks += 1;
    if (ticks === 3) {
      log("timers/promises setInterval:", v, ticks);
      break;
    }
  }
  next();
}

const stages = [stageTicksAndMicrotasks, stageTimers, stageImmediates, stageInterval, stageRefresh, stagePromises];
function runStage(i) {
  if (i === stages.length) return;
  log(`-- ${stages[i].name}`);
  stages[i](() => runStage(i + 1));
}

let beforeExitCount = 0;
process.on("beforeExit", (code) => {
  beforeExitCount += 1;
  log("beforeExit", code, beforeExitCount);
  if (beforeExitCount === 1) setTimeout(() => log("timeout scheduled in beforeExit"), 1);
});
process.on("exit", (code) => {
  log("exit", code, process.exitCode);
  setTimeout(() => log("never: timers do not run after exit"), 0);
});
log("main start");
runStage(0);
log("main end");
