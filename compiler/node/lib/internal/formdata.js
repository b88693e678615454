// The web's FormData as Node 20 has it (undici's): entries of a name and a string or a File (a
// Blob becomes a File named "blob", or the filename given), with undici's WebIDL errors and
// inspect output. Blob-like objects that are not Blobs are taken as strings.
"use strict";

const { nativeError } = require("node:internal/errors");
const { isBlob } = require("node:internal/blob");
const { File } = require("node:internal/file");

const customInspect = Symbol.for("nodejs.util.inspect.custom");

const toUSVString = (value) => `${value}`.toWellFormed();

function brandCheck(value) {
  if (!(value instanceof FormData)) throw nativeError(TypeError, "ERR_INVALID_THIS", "Illegal invocation");
}

function argumentLengthCheck(length, min, context) {
  if (length < min) {
    const required = `${min} argument${min !== 1 ? "s" : ""} required`;
    throw new TypeError(`${context}: ${required}, but${length ? " only" : ""} ${length} found.`);
  }
}

// The entry of a value (a string, or a File) appended or set.
function makeEntry(name, value, filename) {
  if (typeof value !== "string") {
    if (!(value instanceof File)) value = new File([value], "blob", { type: value.type });
    if (filename !== undefined) {
      value = new File([value], filename, { type: value.type, lastModified: value.lastModified });
    }
  }
  return { name, value };
}

// The checked and converted arguments of append and set (`method`).
function entryArguments(method, args) {
  argumentLengthCheck(args.length, 2, `FormData.${method}`);
  const [name, value, filename] = args;
  const blob = isBlob(value);
  if (args.length === 3 && !blob) {
    throw new TypeError(`Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
  }
  return makeEntry(
    toUSVString(name),
    blob ? value : toUSVString(value),
    args.length === 3 ? toUSVString(filename) : undefined,
  );
}

let entriesOf;

class FormData {
  #entries = [];

  constructor(form) {
    if (form !== undefined) {
      throw new TypeError("FormData constructor: Argument 1 could not be converted to: undefined.");
    }
  }

  static {
    entriesOf = (form) => form.#entries;
  }

  append(name, value, filename = undefined) {
    brandCheck(this);
    this.#entries.push(entryArguments("append", arguments));
  }

  delete(name) {
    brandCheck(this);
    argumentLengthCheck(arguments.length, 1, "FormData.delete");
    name = toUSVString(name);
    this.#entries = this.#entries.filter((entry) => entry.name !== name);
  }

  get(name) {
    brandCheck(this);
    argumentLengthCheck(arguments.length, 1, "FormData.get");
    name = toUSVString(name);
    const entry = this.#entries.find((candidate) => candidate.name === name);
    return entry === undefined ? null : entry.value;
  }

  getAll(name) {
    brandCheck(this);
    argumentLengthCheck(arguments.length, 1, "FormData.getAll");
    name = toUSVString(name);
    return this.#entries.filter((entry) => entry.name === name).map((entry) => entry.value);
  }

  has(name) {
    brandCheck(this);
    argumentLengthCheck(arguments.length, 1, "FormData.has");
    name = toUSVString(name);
    return this.#entries.some((entry) => entry.name === name);
  }

  set(name, value, filename = undefined) {
    brandCheck(this);
    const entry = entryArguments("set", arguments);
    const index = this.#entries.findIndex((candidate) => candidate.name === entry.name);
    if (index === -1) {
      this.#entries.push(entry);
      return;
    }
    this.#entries = [
      ...this.#entries.slice(0, index),
      entry,
      ...this.#entries.slice(index + 1).filter((candidate) => candidate.name !== entry.name),
    ];
  }

  // The entries by name (an array where a name has several), shown as a plain object is.
  [customInspect](depth, options) {
    const byName = { __proto__: null };
    for (const { name, value } of this.#entries) {
      if (byName[name] === undefined) byName[name] = value;
      else if (Array.isArray(byName[name])) byName[name].push(value);
      else byName[name] = [byName[name], value];
    }
    options.depth ??= depth;
    options.colors ??= true;
    const output = require("node:internal/inspect").formatWithOptions(options, byName);
    return `FormData ${output.slice(output.indexOf("]") + 2)}`;
  }
}

// ---- Iteration (WebIDL's pair iterator: keys, values, entries, forEach, Symbol.iterator).

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

let isFormDataIterator;

class FormDataIterator {
  #form;
  #kind;
  #index = 0;

  constructor(form, kind) {
    this.#form = form;
    this.#kind = kind;
  }

  static {
    isFormDataIterator = (value) => value !== null && typeof value === "object" && #form in value;
  }

  next() {
    if (!isFormDataIterator(this)) {
      throw new TypeError("'next' called on an object that does not implement interface FormData Iterator.");
    }
    const entries = entriesOf(this.#form);
    if (this.#index >= entries.length) return { value: undefined, done: true };
    const { name, value } = entries[this.#index++];
    const result = this.#kind === "key" ? name : this.#kind === "value" ? value : [name, value];
    return { value: result, done: false };
  }
}

delete FormDataIterator.prototype.constructor;
Object.setPrototypeOf(FormDataIterator.prototype, IteratorPrototype);
Object.defineProperties(FormDataIterator.prototype, {
  [Symbol.toStringTag]: { value: "FormData Iterator", configurable: true },
  next: { enumerable: true },
});

const iterationMethods = {
  keys() {
    brandCheck(this);
    return new FormDataIterator(this, "key");
  },
  values() {
    brandCheck(this);
    return new FormDataIterator(this, "value");
  },
  entries() {
    brandCheck(this);
    return new FormDataIterator(this, "key+value");
  },
  forEach(callbackfn, thisArg = globalThis) {
    brandCheck(this);
    argumentLengthCheck(arguments.length, 1, "FormData.forEach");
    if (typeof callbackfn !== "function") {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const [key, value] of new FormDataIterator(this, "key+value")) {
      Reflect.apply(callbackfn, thisArg, [value, key, this]);
    }
  },
};

for (const [name, method] of Object.entries(iterationMethods)) {
  Object.defineProperty(FormData.prototype, name, { value: method, writable: true, enumerable: true, configurable: true });
}
Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: iterationMethods.entries,
  writable: true,
  configurable: true,
});
for (const member of ["append", "delete", "get", "getAll", "has", "set"]) {
  Object.defineProperty(FormData.prototype, member, { enumerable: true });
}
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });

module.exports = { FormData };
