// Node's global `console`: every method, formatting as Node does (util.formatWithOptions, in
// colour by Node's rule), stdout for log/info/debug/dir/table/time*/count/group, stderr for
// error/warn/trace/assert; group indentation.
"use strict";

const native = require("node:internal/native");
const { inspect, formatWithOptions } = require("node:internal/inspect");
const { getColorDepth } = require("node:internal/tty");

const counts = new Map();
const timers = new Map();
let indent = "";

function print(fd, text) {
  if (indent !== "") text = indent + text.replaceAll("\n", `\n${indent}`);
  native.write(fd, `${text}\n`);
}

// Whether output to fd is in colour, as Node's console decides it: FORCE_COLOR when set, else
// whether the stream is a terminal; then the environment's colour depth.
function colors(fd) {
  const stream = fd === 1 ? process.stdout : process.stderr;
  return (process.env.FORCE_COLOR !== undefined || stream.isTTY) && getColorDepth() > 2;
}

function log(...args) {
  print(1, formatWithOptions({ colors: colors(1) }, ...args));
}

function error(...args) {
  print(2, formatWithOptions({ colors: colors(2) }, ...args));
}

// How console.time* shows a duration, as Node does: `12.345ms`, `1.500s`, `1:05.000 (m:ss.mmm)`,
// `1:01:05.000 (h:mm:ss.mmm)`.
function formatDuration(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  const pad = (n) => String(n).padStart(2, "0");
  if (hours !== 0 || minutes !== 0) {
    const [whole, millis] = seconds.toFixed(3).split(".");
    const head = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${head}:${pad(whole)}.${millis} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function timeLabel(label) {
  return label === undefined ? "default" : `${label}`;
}

// console.table's cell text: objects one level deep at most, on one line.
function cell(value) {
  const depth = value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 2 ? -1 : 0;
  return inspect(value, { depth, maxArrayLength: 3, breakLength: Infinity });
}

function renderTable(head, columns) {
  const rows = Math.max(0, ...columns.map((c) => c.length));
  // Array.from: a column is sparse where a row lacks the property.
  const widths = head.map((h, i) => Math.max(h.length, ...Array.from(columns[i], (c) => (c === undefined ? 0 : c.length))) + 2);
  const line = (l, m, r) => `${l}${widths.map((w) => "─".repeat(w)).join(m)}${r}`;
  const row = (cells) => `│${cells.map((c, i) => ` ${(c || "").padEnd(widths[i] - 2)} `).join("│")}│`;
  const out = [line("┌", "┬", "┐"), row(head), line("├", "┼", "┤")];
  for (let r = 0; r < rows; r++) out.push(row(columns.map((c) => c[r])));
  out.push(line("└", "┴", "┘"));
  return out.join("\n");
}

function table(data, properties) {
  if (data === null || typeof data !== "object") return log(data);
  const isMap = data instanceof Map;
  const isSet = data instanceof Set;
  const entries = isMap ? [...data] : isSet ? [...data].map((v, i) => [i, v]) : Object.keys(data).map((k) => [k, data[k]]);
  const indexHeader = isMap || isSet ? "(iteration index)" : "(index)";
  const keys = [];
  const values = [];
  const mapKeys = [];
  const byColumn = new Map();
  let hasPrimitives = false;
  entries.forEach(([key, value], row) => {
    keys.push(isMap || isSet ? String(row) : key);
    if (isMap) mapKeys.push(cell(key));
    if (value !== null && typeof value === "object" && !isMap && !isSet) {
      const names = properties || Object.keys(value);
      for (const name of names) {
        if (!byColumn.has(name)) byColumn.set(name, []);
        if (Object.prototype.hasOwnProperty.call(value, name)) byColumn.get(name)[row] = cell(value[name]);
      }
    } else {
      hasPrimitives = true;
      values[row] = cell(value);
    }
  });
  if (properties) {
    for (const name of properties) if (!byColumn.has(name)) byColumn.set(name, []);
  }
  const head = [indexHeader];
  const columns = [keys];
  if (isMap) {
    head.push("Key");
    columns.push(mapKeys);
  }
  for (const [name, column] of byColumn) {
    head.push(String(name));
    columns.push(column);
  }
  if (hasPrimitives) {
    head.push("Values");
    columns.push(values);
  }
  print(1, renderTable(head, columns));
}

const console = {
  log,
  info: log,
  debug: log,
  error,
  warn: error,
  dir(object, options) {
    print(1, inspect(object, { customInspect: false, colors: colors(1), ...options }));
  },
  dirxml: log,
  table,
  trace(...args) {
    const stack = new Error().stack.split("\n").slice(1).join("\n").replace(/\n+$/, "");
    const message = formatWithOptions({ colors: colors(2) }, ...args);
    print(2, `Trace${message ? ": " : ""}${message}${stack ? `\n${stack}` : ""}`);
  },
  assert(condition, ...args) {
    if (condition) return;
    if (args.length === 0) return error("Assertion failed");
    if (typeof args[0] === "string") args[0] = `Assertion failed: ${args[0]}`;
    else args.unshift("Assertion failed:");
    error(...args);
  },
  count(label = "default") {
    label = `${label}`;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    log(`${label}: ${n}`);
  },
  countReset(label = "default") {
    label = `${label}`;
    if (!counts.has(label)) {
      process.emitWarning(`Count for '${label}' does not exist`);
      return;
    }
    counts.delete(label);
  },
  group(...labels) {
    if (labels.length > 0) log(...labels);
    indent += "  ";
  },
  groupEnd() {
    indent = indent.slice(0, -2);
  },
  time(label) {
    label = timeLabel(label);
    if (timers.has(label)) {
      process.emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    timers.set(label, native.now());
  },
  timeLog(label, ...data) {
    label = timeLabel(label);
    if (!timers.has(label)) {
      process.emitWarning(`No such label '${label}' for console.timeLog()`);
      return;
    }
    log(`${label}: ${formatDuration(native.now() - timers.get(label))}`, ...data);
  },
  timeEnd(label) {
    label = timeLabel(label);
    if (!timers.has(label)) {
      process.emitWarning(`No such label '${label}' for console.timeEnd()`);
      return;
    }
    log(`${label}: ${formatDuration(native.now() - timers.get(label))}`);
    timers.delete(label);
  },
};
console.groupCollapsed = console.group;

module.exports = console;
