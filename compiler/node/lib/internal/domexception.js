// The web's DOMException as Node 20 has it: `new DOMException(message, name)` or
// `new DOMException(message, { name, cause })`; `code` is the legacy code of the name (0 for
// names that have none); the prototype chain reaches Error.prototype, and each instance has its
// own `stack`.
"use strict";

const {
  codes: { ERR_INVALID_THIS },
} = require("node:internal/errors");

// Legacy name → code, in code order (the constants are named after them).
const LEGACY = [
  ["IndexSizeError", "INDEX_SIZE_ERR"],
  [null, "DOMSTRING_SIZE_ERR"],
  ["HierarchyRequestError", "HIERARCHY_REQUEST_ERR"],
  ["WrongDocumentError", "WRONG_DOCUMENT_ERR"],
  ["InvalidCharacterError", "INVALID_CHARACTER_ERR"],
  [null, "NO_DATA_ALLOWED_ERR"],
  ["NoModificationAllowedError", "NO_MODIFICATION_ALLOWED_ERR"],
  ["NotFoundError", "NOT_FOUND_ERR"],
  ["NotSupportedError", "NOT_SUPPORTED_ERR"],
  ["InUseAttributeError", "INUSE_ATTRIBUTE_ERR"],
  ["InvalidStateError", "INVALID_STATE_ERR"],
  ["SyntaxError", "SYNTAX_ERR"],
  ["InvalidModificationError", "INVALID_MODIFICATION_ERR"],
  ["NamespaceError", "NAMESPACE_ERR"],
  ["InvalidAccessError", "INVALID_ACCESS_ERR"],
  [null, "VALIDATION_ERR"],
  ["TypeMismatchError", "TYPE_MISMATCH_ERR"],
  ["SecurityError", "SECURITY_ERR"],
  ["NetworkError", "NETWORK_ERR"],
  ["AbortError", "ABORT_ERR"],
  ["URLMismatchError", "URL_MISMATCH_ERR"],
  ["QuotaExceededError", "QUOTA_EXCEEDED_ERR"],
  ["TimeoutError", "TIMEOUT_ERR"],
  ["InvalidNodeTypeError", "INVALID_NODE_TYPE_ERR"],
  ["DataCloneError", "DATA_CLONE_ERR"],
];
const codeOfName = new Map();
LEGACY.forEach(([name], i) => {
  if (name !== null) codeOfName.set(name, i + 1);
});

let hasBrand;

class DOMException {
  #name;
  #message;

  constructor(message = "", options = "Error") {
    this.#message = `${message}`;
    Error.captureStackTrace(this);
    if (options !== null && typeof options === "object") {
      this.#name = `${options.name}`;
      if ("cause" in options) {
        Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
      }
    } else {
      this.#name = `${options}`;
    }
  }

  get name() {
    if (!isDOMException(this)) throw invalidThis();
    return this.#name;
  }

  get message() {
    if (!isDOMException(this)) throw invalidThis();
    return this.#message;
  }

  get code() {
    if (!isDOMException(this)) throw invalidThis();
    return codeOfName.get(this.#name) ?? 0;
  }

  static {
    hasBrand = (value) => #name in value;
  }
}

function isDOMException(value) {
  return value !== null && typeof value === "object" && hasBrand(value);
}

// Node's DOMException words this error without "type".
function invalidThis() {
  const error = new ERR_INVALID_THIS("DOMException");
  error.message = 'Value of "this" must be of DOMException';
  return error;
}
Object.setPrototypeOf(DOMException.prototype, Error.prototype);
for (const key of ["name", "message", "code"]) {
  Object.defineProperty(DOMException.prototype, key, { enumerable: true });
}
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: "DOMException", configurable: true });
LEGACY.forEach(([, constant], i) => {
  const descriptor = { value: i + 1, enumerable: true };
  Object.defineProperty(DOMException, constant, descriptor);
  Object.defineProperty(DOMException.prototype, constant, descriptor);
});

module.exports = { DOMException, isDOMException };
