// The module registry of an EdgeBox bundle. The bundler places these declarations inside the
// bundle's outer function, after `var __edgebox_defs = { "<module id>": function (module,
// exports, require) { ... }, ... };`, and ends it with `__edgebox_require("<entry id>");`.

var __edgebox_cache = Object.create(null);
var __edgebox_namespaces = Object.create(null);

// CommonJS `require`: evaluates a module once, on first use (cycles see partial exports).
function __edgebox_require(id) {
  var cached = __edgebox_cache[id];
  if (cached) return cached.exports;
  var define = __edgebox_defs[id];
  if (typeof define !== "function" && id.slice(0, 4) === "qjs:" && typeof __edgebox_builtin === "function") {
    // A QuickJS-NG module (qjs:std, qjs:os), provided by the EdgeBox guest.
    __edgebox_cache[id] = { id: id, exports: __edgebox_builtin(id), loaded: true };
    return __edgebox_cache[id].exports;
  }
  if (typeof define !== "function") {
    var error = new Error("Cannot find module '" + id + "'");
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  var module = { id: id, exports: {}, loaded: false };
  __edgebox_cache[id] = module;
  if (!__edgebox_require.main) __edgebox_require.main = module;
  var ok = false;
  try {
    define.call(module.exports, module, module.exports, __edgebox_require);
    ok = true;
  } finally {
    if (!ok) delete __edgebox_cache[id];
  }
  module.loaded = true;
  return module.exports;
}

// `import` of a CommonJS or JSON module, as Node does it: a namespace whose `default` is
// `module.exports` and whose other names read the properties of `module.exports`.
function __edgebox_import(id) {
  var cached = __edgebox_namespaces[id];
  if (cached) return cached;
  var exports = __edgebox_require(id);
  var namespace = Object.create(null);
  if (exports !== null && (typeof exports === "object" || typeof exports === "function")) {
    Object.keys(exports).forEach(function (key) {
      if (key === "default") return;
      Object.defineProperty(namespace, key, {
        enumerable: true,
        get: function () {
          return exports[key];
        },
      });
    });
  }
  Object.defineProperty(namespace, "default", { enumerable: true, value: exports });
  Object.defineProperty(namespace, Symbol.toStringTag, { value: "Module" });
  if (__edgebox_cache[id] && __edgebox_cache[id].loaded) __edgebox_namespaces[id] = namespace;
  return namespace;
}

// `export * from "x"`: live re-exports of every name but `default` not already exported.
function __edgebox_export_star(from, to) {
  Object.keys(from).forEach(function (key) {
    if (key === "default" || Object.prototype.hasOwnProperty.call(to, key)) return;
    Object.defineProperty(to, key, {
      enumerable: true,
      get: function () {
        return from[key];
      },
    });
  });
  return from;
}
