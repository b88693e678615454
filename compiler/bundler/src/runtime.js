// The module registry of an EdgeBox bundle. The bundler places these declarations inside the
// bundle's outer function, after `var __edgebox_defs = { "<module id>": function (module,
// exports, require) { ... }, ... };`, then defines the Node globals the modules use
// (`__edgebox_global(...)`), preloads the Node layer's modules (`__edgebox_preload([...])`)
// and ends with `return function () { return __edgebox_run("<entry id>"); };`.

var __edgebox_cache = Object.create(null);
var __edgebox_namespaces = Object.create(null);

// Loads the Node layer's modules `ids` ahead of the app (the bundle's program does, so they are
// loaded in the build-time snapshot).
function __edgebox_preload(ids) {
  ids.forEach(function (id) {
    __edgebox_require(id);
  });
}

// Runs the entry module under the event loop of the Node layer (node:internal/loop); returns
// the exit code when the app is done. An async entry (top-level await) that fails is an uncaught
// error; one still waiting when the loop ends exits with 13 unless process.exitCode is set, as in
// Node.
function __edgebox_run(entry) {
  var loop = __edgebox_require("node:internal/loop");
  if (__edgebox_require("node:internal/native").serving) return __edgebox_serve(entry, loop);
  var pending = false;
  var code = loop.run(function () {
    __edgebox_require(entry, true);
    var evaluation = __edgebox_cache[entry] && __edgebox_cache[entry].evaluation;
    if (!evaluation) return;
    pending = true;
    evaluation.then(
      function () {
        pending = false;
      },
      function (error) {
        pending = false;
        loop.uncaught(error);
      },
    );
  });
  return pending && loop.hooks.exitCode() === undefined ? 13 : code;
}

// edgeboxd: runs the entry module under the event loop until nothing is pending, then returns
// the function that serves one request with its fetch handler (node:internal/serve, which the
// bundle includes when the entry has a default export), or undefined when it exports none.
function __edgebox_serve(entry, loop) {
  var settled = false;
  loop.settle(
    function () {
      __edgebox_require(entry, true);
      var evaluation = __edgebox_cache[entry] && __edgebox_cache[entry].evaluation;
      if (!evaluation) {
        settled = true;
        return;
      }
      evaluation.then(
        function () {
          settled = true;
        },
        function (error) {
          settled = true;
          loop.uncaught(error);
        },
      );
    },
    function () {
      return false;
    },
    true,
  );
  if (!settled || typeof __edgebox_defs["node:internal/serve"] !== "function") return undefined;
  return __edgebox_require("node:internal/serve").handler(__edgebox_cache[entry].exports);
}

// Defines Node's global `name` as the exports of module `id` (or their property `key`), loaded
// when the global is first read; assigning the global replaces it, as with Node's globals.
function __edgebox_global(name, id, key) {
  function settle(value) {
    Object.defineProperty(globalThis, name, { value: value, writable: true, configurable: true, enumerable: false });
    return value;
  }
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: false,
    get: function () {
      var exports = __edgebox_require(id);
      return settle(key === undefined ? exports : exports[key]);
    },
    set: settle,
  });
}

// CommonJS `require`: evaluates a module once, on first use (cycles see partial exports).
function __edgebox_require(id, isMain) {
  var cached = __edgebox_cache[id];
  if (cached) return cached.exports;
  var define = __edgebox_defs[id];
  if (typeof define !== "function" && id.slice(0, 9) !== "internal/" && typeof __edgebox_defs["node:" + id] === "function") {
    // A built-in the bundle includes, asked for by a name the bundler did not see.
    return __edgebox_require("node:" + id);
  }
  if (typeof define !== "function" && id.slice(0, 4) === "qjs:" && typeof __edgebox_builtin === "function") {
    // A QuickJS-NG module (qjs:std, qjs:os), provided by the EdgeBox guest.
    __edgebox_cache[id] = { id: id, exports: __edgebox_builtin(id), loaded: true };
    return __edgebox_cache[id].exports;
  }
  if (typeof define !== "function" && id.slice(0, 17) === "node-unsupported:") {
    // A Node built-in that EdgeBox does not provide (the build warned about it).
    var codes = __edgebox_require("node:internal/errors").codes;
    throw new codes.ERR_UNKNOWN_BUILTIN_MODULE("node:" + id.slice(17));
  }
  if (typeof define !== "function") {
    // An id the build did not resolve ("missing:<specifier>": a require inside a try block).
    var error = new Error("Cannot find module '" + id.replace(/^missing:/, "") + "'");
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  var module = { id: id, exports: {}, loaded: false };
  __edgebox_cache[id] = module;
  if (isMain) __edgebox_require.main = module;
  var ok = false;
  var result;
  try {
    result = define.call(module.exports, module, module.exports, __edgebox_require);
    ok = true;
  } finally {
    if (!ok) delete __edgebox_cache[id];
  }
  if (result instanceof Promise) {
    // An async module (its top level awaits): loaded once its evaluation settles.
    module.evaluation = result.then(function () {
      module.loaded = true;
    });
  } else {
    module.loaded = true;
  }
  return module.exports;
}

// The imports of a module that imports an async module, evaluated as Node does: in order, each
// synchronous one at its turn, each async one started; a promise of all of them done.
function __edgebox_import_all(ids) {
  var started = [];
  ids.forEach(function (id) {
    __edgebox_require(id);
    var evaluation = __edgebox_cache[id] && __edgebox_cache[id].evaluation;
    if (evaluation) started.push(evaluation);
  });
  return Promise.all(started);
}

// An `import()` of an async module: a promise of its exports once its evaluation is done
// (rejected with its error if it failed); in an import cycle that reaches a module still
// starting its evaluation, its exports as they are.
function __edgebox_import_async(id) {
  var exports = __edgebox_require(id);
  var evaluation = __edgebox_cache[id].evaluation;
  if (!evaluation) return exports;
  return evaluation.then(function () {
    return exports;
  });
}

// `require.resolve` of what the bundler could not resolve at build time (literal specifiers
// that resolve became their paths): a built-in the bundle has gives its name, anything else
// throws as Node does for a module that does not exist.
__edgebox_require.resolve = function (request) {
  var name = String(request);
  if (__edgebox_defs["node:" + name.replace(/^node:/, "")] && name.slice(0, 9) !== "internal/") return name;
  var error = new Error("Cannot find module '" + name + "'");
  error.code = "MODULE_NOT_FOUND";
  throw error;
};

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
