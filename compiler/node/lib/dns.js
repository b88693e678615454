// Node's `dns`. An EdgeBox app cannot query DNS (a query is a way out of the sandbox, and the
// host resolves names itself when it performs a request under the policy's URL rules), so:
// `lookup` answers an IP address at once, as Node does without a query, and fails for a name
// with EACCES (syscall getaddrinfo); every `Resolver` query and `lookupService` fails the same
// way (syscalls as Node's: queryA, getnameinfo, …). The constants, the checks of the arguments
// and the promise forms (`dns.promises`, `dns/promises`) are Node's.
"use strict";

const { isIP } = require("node:net");
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_MISSING_ARGS },
} = require("node:internal/errors");
const { validateFunction, validateString } = require("node:internal/validators");

const WHY = "an EdgeBox app cannot resolve names: the host resolves them for the requests it makes under allowedUrls";

const ERROR_CODES = {
  NODATA: "ENODATA", FORMERR: "EFORMERR", SERVFAIL: "ESERVFAIL", NOTFOUND: "ENOTFOUND",
  NOTIMP: "ENOTIMP", REFUSED: "EREFUSED", BADQUERY: "EBADQUERY", BADNAME: "EBADNAME",
  BADFAMILY: "EBADFAMILY", BADRESP: "EBADRESP", CONNREFUSED: "ECONNREFUSED", TIMEOUT: "ETIMEOUT",
  EOF: "EOF", FILE: "EFILE", NOMEM: "ENOMEM", DESTRUCTION: "EDESTRUCTION", BADSTR: "EBADSTR",
  BADFLAGS: "EBADFLAGS", NONAME: "ENONAME", BADHINTS: "EBADHINTS", NOTINITIALIZED: "ENOTINITIALIZED",
  LOADIPHLPAPI: "ELOADIPHLPAPI", ADDRGETNETWORKPARAMS: "EADDRGETNETWORKPARAMS", CANCELLED: "ECANCELLED",
};
const ADDRCONFIG = 32;
const V4MAPPED = 8;
const ALL = 16;

// The error of a query the sandbox does not make.
function denied(syscall, hostname) {
  const error = new Error(`${syscall} EACCES ${hostname} (${WHY})`);
  error.errno = -13;
  error.code = "EACCES";
  error.syscall = syscall;
  error.hostname = hostname;
  return error;
}

// lookup's options (a family number or an object) as { family, all, hints, order }.
function lookupOptions(options) {
  if (options === undefined || options === null) return { family: 0, all: false };
  if (typeof options === "number") {
    if (![0, 4, 6].includes(options)) throw new ERR_INVALID_ARG_VALUE("family", options, "must be one of: 0, 4, 6");
    return { family: options, all: false };
  }
  if (typeof options !== "object") throw new ERR_INVALID_ARG_TYPE("options", ["integer", "object"], options);
  let family = options.family ?? 0;
  if (family === "IPv4") family = 4;
  else if (family === "IPv6") family = 6;
  else if (![0, 4, 6].includes(family)) throw new ERR_INVALID_ARG_VALUE("options.family", family, "must be one of: 0, 4, 6");
  if (options.hints !== undefined && (typeof options.hints !== "number" || (options.hints & ~(ADDRCONFIG | ALL | V4MAPPED)) !== 0)) {
    throw new ERR_INVALID_ARG_VALUE("hints", options.hints, "is invalid");
  }
  if (options.all !== undefined && typeof options.all !== "boolean") {
    throw new ERR_INVALID_ARG_TYPE("options.all", "boolean", options.all);
  }
  return { family, all: options.all === true };
}

// What lookup answers without a query, as [error, address, family] or [error, list].
function answer(hostname, { family, all }) {
  if (!hostname) {
    process.emitWarning(
      `The provided hostname "${hostname}" is not a valid hostname, and is supported in the dns module solely for compatibility.`,
      "DeprecationWarning",
      "DEP0118",
    );
    return all ? [null, []] : [null, null, family === 6 ? 6 : 4];
  }
  const matched = isIP(hostname);
  if (matched === 0) return [denied("getaddrinfo", hostname)];
  return all ? [null, [{ address: hostname, family: matched }]] : [null, hostname, matched];
}

function lookup(hostname, options, callback) {
  if (hostname) validateString(hostname, "hostname");
  if (typeof options === "function") {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, "callback");
  const result = answer(hostname, lookupOptions(options));
  process.nextTick(callback, ...result);
  return {};
}

function lookupService(address, port, callback) {
  if (arguments.length !== 3) {
    throw new ERR_MISSING_ARGS("address", "port", "callback");
  }
  validateString(address, "address");
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE("address", address, "is invalid");
  validateFunction(callback, "callback");
  process.nextTick(callback, denied("getnameinfo", address));
  return {};
}

// The record types a Resolver queries, with the syscall Node names in its errors.
const QUERIES = {
  resolveAny: "queryAny", resolve4: "queryA", resolve6: "queryAaaa", resolveCaa: "queryCaa",
  resolveCname: "queryCname", resolveMx: "queryMx", resolveNs: "queryNs", resolveTxt: "queryTxt",
  resolveSrv: "querySrv", resolvePtr: "queryPtr", resolveNaptr: "queryNaptr", resolveSoa: "querySoa",
  reverse: "getHostByAddr",
};
const RRTYPES = {
  A: "resolve4", AAAA: "resolve6", ANY: "resolveAny", CAA: "resolveCaa", CNAME: "resolveCname",
  MX: "resolveMx", NAPTR: "resolveNaptr", NS: "resolveNs", PTR: "resolvePtr", SOA: "resolveSoa",
  SRV: "resolveSrv", TXT: "resolveTxt",
};

class Resolver {
  constructor(options = undefined) {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new ERR_INVALID_ARG_TYPE("options", "object", options);
    }
    this._servers = [];
  }

  cancel() {}

  getServers() {
    return [...this._servers];
  }

  setServers(servers) {
    if (!Array.isArray(servers)) throw new ERR_INVALID_ARG_TYPE("servers", "Array", servers);
    servers.forEach((server, i) => validateString(server, `servers[${i}]`));
    this._servers = [...servers];
  }

  setLocalAddress() {}

  resolve(hostname, rrtype, callback) {
    if (typeof rrtype === "function") {
      callback = rrtype;
      rrtype = "A";
    }
    validateString(rrtype, "rrtype");
    const method = RRTYPES[rrtype];
    if (method === undefined) throw new ERR_INVALID_ARG_VALUE("rrtype", rrtype, "is invalid");
    return Resolver.prototype[method].call(this, hostname, callback);
  }
}

for (const [method, syscall] of Object.entries(QUERIES)) {
  Resolver.prototype[method] = function (hostname, options, callback) {
    validateString(hostname, method === "reverse" ? "ip" : "name");
    if (typeof options === "function") callback = options;
    validateFunction(callback, "callback");
    process.nextTick(callback, denied(syscall, hostname));
    return {};
  };
}

let resultOrder = "verbatim";

function getDefaultResultOrder() {
  return resultOrder;
}

function setDefaultResultOrder(order) {
  if (!["verbatim", "ipv4first", "ipv6first"].includes(order)) {
    throw new ERR_INVALID_ARG_VALUE("dnsOrder", order, "must be one of: 'verbatim', 'ipv4first', 'ipv6first'");
  }
  resultOrder = order;
}

// The default resolver's methods, in the order Node lists them among the module's exports.
const QUERY_ORDER = ["resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx",
  "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse"];

// The module's exports (or dns.promises'), in Node's order, the queries bound to `resolver`.
function exportsOf(resolver, forms) {
  const bound = (method) => resolver[method].bind(resolver);
  const out = {
    lookup: forms.lookup,
    lookupService: forms.lookupService,
    Resolver: forms.Resolver,
    getDefaultResultOrder,
    setDefaultResultOrder,
    setServers: bound("setServers"),
    ...forms.constants,
    ...ERROR_CODES,
    getServers: bound("getServers"),
    resolve: bound("resolve"),
  };
  for (const method of QUERY_ORDER) out[method] = bound(method);
  return out;
}

// The promise forms, made on first use of `dns.promises` (as `dns/promises`).
function promises() {
  // `fn`'s callback form as a promise; its arguments are checked at once, as Node checks them.
  const promisified = (fn) => (...args) => {
    let settle;
    const promise = new Promise((resolve, reject) => {
      settle = (error, ...values) => {
        if (error) reject(error);
        else resolve(values.length > 1 ? { address: values[0], family: values[1] } : values[0]);
      };
    });
    fn(...args, settle);
    return promise;
  };

  class PromiseResolver extends Resolver {}
  for (const method of ["resolve", ...Object.keys(QUERIES)]) {
    const callbackForm = Resolver.prototype[method];
    PromiseResolver.prototype[method] = function (...args) {
      return promisified(callbackForm.bind(this))(...args);
    };
  }
  return exportsOf(new PromiseResolver(), {
    lookup(hostname, options) {
      if (hostname) validateString(hostname, "hostname");
      const [error, ...values] = answer(hostname, lookupOptions(options));
      if (error) return Promise.reject(error);
      return Promise.resolve(values.length > 1 ? { address: values[0], family: values[1] } : values[0]);
    },
    lookupService(address, port) {
      return promisified(lookupService)(address, port);
    },
    Resolver: PromiseResolver,
    constants: {},
  });
}

let promiseForms;

module.exports = exportsOf(new Resolver(), {
  lookup,
  lookupService,
  Resolver,
  constants: { ADDRCONFIG, ALL, V4MAPPED },
});
Object.defineProperty(module.exports, "promises", {
  enumerable: true,
  configurable: true,
  get() {
    promiseForms ??= promises();
    return promiseForms;
  },
});
