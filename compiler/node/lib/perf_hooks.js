// Node 20's perf_hooks, the part without observers: the `performance` global (now, timeOrigin,
// user timing: mark, measure, getEntries*, clearMarks, clearMeasures; toJSON; timerify),
// PerformanceEntry, PerformanceMark, PerformanceMeasure and constants. Times are milliseconds
// since the run started (native.now); timeOrigin is read when first asked for.
"use strict";

const native = require("node:internal/native");
const {
  withCode,
  codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS },
} = require("node:internal/errors");
const { validateFunction, validateObject } = require("node:internal/validators");
const { DOMException } = require("node:internal/domexception");
const { EventTarget, enumerableMembers } = require("node:internal/event_target");

const customInspect = Symbol.for("nodejs.util.inspect.custom");
const kMake = Symbol("kMake");

function now() {
  return native.now();
}

function illegalConstructor() {
  return withCode(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
}

function invalidTimestamp(value) {
  return withCode(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${value} is not a valid timestamp`);
}

function invalidMeasureOptions(message) {
  return withCode(TypeError, "ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS", message);
}

// ---- entries -------------------------------------------------------------------------------

let isEntry;
let entryFields;

class PerformanceEntry {
  #name;
  #type;
  #start;
  #duration;

  constructor(key = undefined, name, type, start, duration) {
    if (key !== kMake) throw illegalConstructor();
    this.#name = name;
    this.#type = type;
    this.#start = start;
    this.#duration = duration;
  }

  static {
    isEntry = (value) => value !== null && typeof value === "object" && #name in value;
    entryFields = (entry) => ({
      name: entry.#name,
      entryType: entry.#type,
      startTime: entry.#start,
      duration: entry.#duration,
    });
  }

  get name() {
    return entryFields(checkEntry(this)).name;
  }

  get entryType() {
    return entryFields(checkEntry(this)).entryType;
  }

  get startTime() {
    return entryFields(checkEntry(this)).startTime;
  }

  get duration() {
    return entryFields(checkEntry(this)).duration;
  }

  toJSON() {
    return this.#json();
  }

  #json() {
    const fields = entryFields(checkEntry(this));
    if (this instanceof PerformanceMark || this instanceof PerformanceMeasure) fields.detail = this.detail;
    return fields;
  }

  [customInspect](depth, options, inspect) {
    const name = this.constructor.name;
    if (depth < 0) return options.stylize(`[${name}]`, "special");
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${name} ${inspect(this.#json(), opts)}`;
  }
}

function checkEntry(value) {
  if (!isEntry(value)) throw new ERR_INVALID_ARG_TYPE("this", "PerformanceEntry", value);
  return value;
}

function cloneDetail(detail) {
  return detail == null ? null : structuredClone(detail);
}

class PerformanceMark extends PerformanceEntry {
  #detail;

  constructor(name, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("name");
    name = `${name}`;
    if (options !== undefined && options !== null) validateObject(options, "options");
    const startTime = options?.startTime ?? now();
    if (typeof startTime !== "number") throw new ERR_INVALID_ARG_TYPE("options.startTime", "number", startTime);
    if (startTime < 0) throw invalidTimestamp(startTime);
    super(kMake, name, "mark", startTime, 0);
    this.#detail = cloneDetail(options?.detail);
  }

  get detail() {
    if (!(#detail in this)) throw new ERR_INVALID_ARG_TYPE("this", "PerformanceMark", this);
    return this.#detail;
  }

  toJSON() {
    return super.toJSON();
  }
}

class PerformanceMeasure extends PerformanceEntry {
  #detail;

  constructor(key = undefined, name, start, duration, detail) {
    if (key !== kMake) throw illegalConstructor();
    super(kMake, name, "measure", start, duration);
    this.#detail = detail;
  }

  get detail() {
    if (!(#detail in this)) throw new ERR_INVALID_ARG_TYPE("this", "PerformanceMeasure", this);
    return this.#detail;
  }

  toJSON() {
    return super.toJSON();
  }
}

enumerableMembers(PerformanceEntry);
enumerableMembers(PerformanceMark);
enumerableMembers(PerformanceMeasure);

// ---- the user timing buffers ---------------------------------------------------------------

const marks = [];
const measures = [];
// Mark name → the start time of its latest mark.
const markTimes = new Map();

function markTime(name) {
  if (name === undefined) return undefined;
  if (typeof name === "number") {
    if (name < 0) throw invalidTimestamp(name);
    return name;
  }
  name = `${name}`;
  const time = markTimes.get(name);
  if (time === undefined) throw new DOMException(`The "${name}" performance mark has not been set`, "SyntaxError");
  return time;
}

function byStartTime(a, b) {
  return a.startTime - b.startTime;
}

function entriesOf(name, type) {
  let list;
  if (type === undefined) list = [...marks, ...measures];
  else if (type === "mark") list = [...marks];
  else if (type === "measure") list = [...measures];
  else return [];
  if (name !== undefined) list = list.filter((entry) => entry.name === name);
  return list.sort(byStartTime);
}

function clear(list, name) {
  for (let i = list.length - 1; i >= 0; i--) {
    if (name === undefined || list[i].name === name) list.splice(i, 1);
  }
}

// ---- Performance ---------------------------------------------------------------------------

let timeOrigin;
let isPerformance;

class Performance extends EventTarget {
  #brand = true;

  constructor(key = undefined) {
    if (key !== kMake) throw illegalConstructor();
    super();
  }

  static {
    isPerformance = (value) => value !== null && typeof value === "object" && #brand in value;
  }

  clearMarks(name = undefined) {
    checkPerformance(this);
    if (name !== undefined) name = `${name}`;
    clear(marks, name);
    if (name === undefined) markTimes.clear();
    else markTimes.delete(name);
  }

  clearMeasures(name = undefined) {
    checkPerformance(this);
    clear(measures, name === undefined ? undefined : `${name}`);
  }

  getEntries() {
    checkPerformance(this);
    return entriesOf(undefined, undefined);
  }

  getEntriesByName(name, type = undefined) {
    checkPerformance(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("name");
    return entriesOf(`${name}`, type === undefined ? undefined : `${type}`);
  }

  getEntriesByType(type) {
    checkPerformance(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("type");
    return entriesOf(undefined, `${type}`);
  }

  mark(name, options = undefined) {
    checkPerformance(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("name");
    const mark = new PerformanceMark(name, options);
    marks.push(mark);
    markTimes.set(mark.name, mark.startTime);
    return mark;
  }

  // measure(name, startMark?, endMark?) or measure(name, { start, end, duration, detail }):
  // marks are names or times; an unset start is 0 and an unset end is now.
  measure(name, startOrOptions = undefined, endMark = undefined) {
    checkPerformance(this);
    if (arguments.length === 0) throw new ERR_MISSING_ARGS("name");
    name = `${name}`;
    let start;
    let end;
    let duration;
    let detail;
    if (startOrOptions !== null && typeof startOrOptions === "object" && Object.keys(startOrOptions).length > 0) {
      ({ start, end, duration, detail } = startOrOptions);
      if (start !== undefined && end !== undefined && duration !== undefined) {
        throw invalidMeasureOptions("Must not have options.start, options.end, and options.duration specified");
      }
      if (endMark !== undefined) throw invalidMeasureOptions("endMark must not be specified");
    } else if (typeof startOrOptions === "string") {
      start = startOrOptions;
    }
    let endTime;
    if (endMark !== undefined) endTime = markTime(endMark);
    else if (end !== undefined) endTime = markTime(end);
    else if (start !== undefined && duration !== undefined) endTime = markTime(start) + markTime(duration);
    else endTime = now();
    let startTime = 0;
    if (start !== undefined) startTime = markTime(start);
    else if (duration !== undefined && end !== undefined) startTime = endTime - markTime(duration);
    const measure = new PerformanceMeasure(kMake, name, startTime, endTime - startTime, cloneDetail(detail));
    measures.push(measure);
    return measure;
  }

  now() {
    checkPerformance(this);
    return now();
  }

  get timeOrigin() {
    checkPerformance(this);
    timeOrigin ??= Date.now() - now();
    return timeOrigin;
  }

  toJSON() {
    checkPerformance(this);
    return { timeOrigin: this.timeOrigin };
  }

  // fn wrapped as Node's timerify does (entries of type 'function' go to observers, which there
  // are none of here): called, or constructed, as fn.
  timerify(fn, options = {}) {
    checkPerformance(this);
    validateFunction(fn, "fn");
    validateObject(options, "options");
    function timerified(...args) {
      return new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
    }
    Object.defineProperties(timerified, {
      length: { value: fn.length, configurable: true },
      name: { value: `timerified ${fn.name}`, configurable: true },
    });
    return timerified;
  }

  [customInspect](depth, options, inspect) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `Performance ${inspect({ timeOrigin: this.timeOrigin }, opts)}`;
  }
}

function checkPerformance(value) {
  if (!isPerformance(value)) throw new ERR_INVALID_ARG_TYPE("this", "Performance", value);
}

enumerableMembers(Performance);

const performance = new Performance(kMake);

const constants = {
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
};

module.exports = {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  performance,
  constants,
};
