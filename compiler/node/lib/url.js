// Node 20's `url`: the WHATWG URL API (from node:internal/url) and the legacy API — url.parse,
// url.format, url.resolve, url.resolveObject and Url — which follows Node's own rules (not the
// WHATWG ones), results and quirks included.
"use strict";

const { codes } = require("node:internal/errors");
const { validateObject, validateString } = require("node:internal/validators");
const querystring = require("node:querystring");
const {
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  fileURLToPath,
  pathToFileURL: pathToFileURLUnchecked,
  urlToHttpOptions,
  formatURL,
  toASCII,
  percentEncodeString,
  unsafeProtocol,
  hostlessProtocol,
  slashedProtocol,
} = require("node:internal/url");

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

const protocolPattern = /^[a-z0-9.+-]+:/i;
const portPattern = /:[0-9]*$/;
const hostPattern = /^\/\/[^@/]+@[^@/]+/;
// A URL that is only a path ('/a', '//a' not followed by a third '/') and maybe a query.
const simplePathPattern = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
const hostnameMaxLength = 255;

// What may not end up in a hostname after toASCII (WHATWG's forbidden host code points that
// url.parse lets through, plus ':', '@', '[' and ']'); for IPv6 hostnames, '[', ']' and ':'
// are allowed.
const forbiddenHostChars = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const forbiddenHostCharsIpv6 = /[\0\t\n\r #%/<>?@\\^|]/;

// The characters url.parse escapes in what follows the host (RFC 2396's delimiters and
// "unwise" characters, and "'").
const autoEscapePattern = /[\t\n\r "'<>\\^`{|}]/g;
const autoEscaped = {
  "\t": "%09",
  "\n": "%0A",
  "\r": "%0D",
  " ": "%20",
  '"': "%22",
  "'": "%27",
  "<": "%3C",
  ">": "%3E",
  "\\": "%5C",
  "^": "%5E",
  "`": "%60",
  "{": "%7B",
  "|": "%7C",
  "}": "%7D",
};

// The percent-encode set of url.format's auth: all but A-Z a-z 0-9 ! ' ( ) * - . _ ~ and ':'.
const AUTH_SET = new Uint8Array(128).fill(1);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!'()*-._~:") {
  AUTH_SET[c.charCodeAt(0)] = 0;
}

// Leading and trailing characters url.parse trims: controls, space, U+00A0 and U+FEFF.
const isTrimmed = (code) => code < 33 || code === 0xa0 || code === 0xfeff;

const isIpv6Hostname = (hostname) =>
  hostname.charCodeAt(0) === 0x5b && hostname.charCodeAt(hostname.length - 1) === 0x5d;

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const urlObject = new Url();
  urlObject.parse(url, parseQueryString, slashesDenoteHost);
  return urlObject;
}

// The warning for a hostname with a ':' that is not a port's, given once per process.
let warnInvalidPort = true;

// Cuts the hostname at its first character that cannot be in one; the rest goes back to the
// start of the path.
function cutHostname(self, rest, hostname, url) {
  const i = hostname.search(/[/\\#?:]/);
  if (i === -1) return rest;
  if (warnInvalidPort && hostname[i] === ":") {
    process.emitWarning(
      `The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
      "DeprecationWarning",
      "DEP0170",
    );
    warnInvalidPort = false;
  }
  self.hostname = hostname.slice(0, i);
  return `/${hostname.slice(i)}${rest}`;
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  validateString(url, "url");

  // Trim, and (as browsers do) turn backslashes into slashes before the first '?' or '#'.
  let start = 0;
  while (start < url.length && isTrimmed(url.charCodeAt(start))) start++;
  let end = url.length;
  while (end > start && isTrimmed(url.charCodeAt(end - 1))) end--;
  let hasHash = false;
  let hasAt = false;
  let split = false;
  let rest = "";
  let lastPos = start;
  for (let i = start; i < end; i++) {
    const c = url[i];
    if (split) {
      if (c === "#") hasHash = true;
    } else if (c === "@") {
      hasAt = true;
    } else if (c === "#" || c === "?") {
      hasHash = c === "#";
      split = true;
    } else if (c === "\\") {
      rest += `${url.slice(lastPos, i)}/`;
      lastPos = i + 1;
    }
  }
  rest += url.slice(lastPos, end);

  if (!slashesDenoteHost && !hasHash && !hasAt) {
    const simplePath = simplePathPattern.exec(rest);
    if (simplePath) {
      this.path = rest;
      this.href = rest;
      this.pathname = simplePath[1];
      if (simplePath[2]) {
        this.search = simplePath[2];
        this.query = parseQueryString ? querystring.parse(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  let proto = protocolPattern.exec(rest);
  let lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  // '//' starts a host after a protocol, with slashesDenoteHost, or before 'user@host'.
  let slashes;
  if (slashesDenoteHost || proto || hostPattern.test(rest)) {
    slashes = rest.startsWith("//");
    if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  // (Node looks the protocol up here as written, so 'HTTP:x' has a host.)
  if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(proto)))) {
    // The host ends at the first '/', '?' or '#'; the auth is what comes before the last '@'
    // before it, unless a character that cannot be in a host comes after that '@'.
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length && hostEnd === -1; i++) {
      switch (rest[i]) {
        case "\t":
        case "\n":
        case "\r":
          // Removed, as the WHATWG parser removes them.
          rest = rest.slice(0, i) + rest.slice(i + 1);
          i--;
          break;
        case " ":
        case '"':
        case "%":
        case "'":
        case ";":
        case "<":
        case ">":
        case "\\":
        case "^":
        case "`":
        case "{":
        case "|":
        case "}":
          if (nonHost === -1) nonHost = i;
          break;
        case "#":
        case "/":
        case "?":
          if (nonHost === -1) nonHost = i;
          hostEnd = i;
          break;
        case "@":
          atSign = i;
          nonHost = -1;
          break;
      }
    }
    let hostStart = 0;
    if (atSign !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, atSign));
      hostStart = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(hostStart);
      rest = "";
    } else {
      this.host = rest.slice(hostStart, nonHost);
      rest = rest.slice(nonHost);
    }

    this.parseHost();
    if (typeof this.hostname !== "string") this.hostname = "";
    const hostname = this.hostname;
    const ipv6Hostname = isIpv6Hostname(hostname);
    if (!ipv6Hostname) rest = cutHostname(this, rest, hostname, url);

    this.hostname = this.hostname.length > hostnameMaxLength ? "" : this.hostname.toLowerCase();

    if (this.hostname !== "") {
      if (ipv6Hostname) {
        if (forbiddenHostCharsIpv6.test(this.hostname)) throw new codes.ERR_INVALID_URL(url);
      } else {
        this.hostname = toASCII(this.hostname);
        // Characters toASCII let in, or a hostname it refused: spoofing risks, so an error.
        if (this.hostname === "" || forbiddenHostChars.test(this.hostname)) throw new codes.ERR_INVALID_URL(url);
      }
    }

    this.host = (this.hostname || "") + (this.port ? `:${this.port}` : "");

    // The hostname loses the brackets of an IPv6 address; the host keeps them.
    if (ipv6Hostname) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== "/") rest = `/${rest}`;
    }
  }

  if (!unsafeProtocol.has(lowerProto)) rest = rest.replace(autoEscapePattern, (c) => autoEscaped[c]);

  const hashIdx = rest.indexOf("#");
  if (hashIdx !== -1) this.hash = rest.slice(hashIdx);
  const questionIdx = rest.slice(0, hashIdx === -1 ? rest.length : hashIdx).indexOf("?");
  const queryEnd = hashIdx === -1 ? rest.length : hashIdx;
  if (questionIdx !== -1) {
    this.search = rest.slice(questionIdx, queryEnd);
    this.query = rest.slice(questionIdx + 1, queryEnd);
    if (parseQueryString) this.query = querystring.parse(this.query);
  } else if (parseQueryString) {
    this.search = null;
    this.query = { __proto__: null };
  }

  const firstIdx = questionIdx !== -1 ? questionIdx : hashIdx;
  if (firstIdx === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (firstIdx > 0) {
    this.pathname = rest.slice(0, firstIdx);
  }
  if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) this.pathname = "/";

  // For http.request.
  if (this.pathname || this.search) this.path = (this.pathname || "") + (this.search || "");

  this.href = this.format();
  return this;
};

// Splits a ':port' (digits, maybe none) off the host.
Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  let port = portPattern.exec(host);
  if (port) {
    port = port[0];
    if (port !== ":") this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

function urlFormat(urlObject, options) {
  if (typeof urlObject === "string") {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== "object" || urlObject === null) {
    throw new codes.ERR_INVALID_ARG_TYPE("urlObject", ["Object", "string"], urlObject);
  } else if (urlObject instanceof URL) {
    const parts = { fragment: true, unicode: false, search: true, auth: true };
    if (options) {
      validateObject(options, "options");
      for (const name of ["fragment", "unicode", "search", "auth"]) {
        if (options[name] != null) parts[name] = Boolean(options[name]);
      }
    }
    return formatURL(urlObject.href, parts);
  }
  return Url.prototype.format.call(urlObject);
}

// The properties are used as they are (Node's format calls string methods on them).
Url.prototype.format = function format() {
  let auth = this.auth || "";
  if (auth) auth = `${percentEncodeString(auth, AUTH_SET)}@`;

  let protocol = this.protocol || "";
  let pathname = this.pathname || "";
  let hash = this.hash || "";
  let host = "";
  let query = "";

  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const hostname = this.hostname;
    host = auth + (hostname.includes(":") && !isIpv6Hostname(hostname) ? `[${hostname}]` : hostname);
    if (this.port) host += `:${this.port}`;
  }

  if (this.query !== null && typeof this.query === "object") query = querystring.stringify(this.query);

  let search = this.search || (query && `?${query}`) || "";

  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 0x3a) protocol += ":";

  // '#' and '?' in the pathname are escaped.
  let escapedPathname = "";
  let lastPos = 0;
  for (let i = 0; i < pathname.length; i++) {
    const code = pathname.charCodeAt(i);
    if (code === 0x23 || code === 0x3f) {
      escapedPathname += `${pathname.slice(lastPos, i)}${code === 0x23 ? "%23" : "%3F"}`;
      lastPos = i + 1;
    }
  }
  if (lastPos > 0) pathname = escapedPathname + pathname.slice(lastPos);

  // Only the slashed protocols get '//' (mailto:, xmpp: do not), unless it was there.
  if (this.slashes || slashedProtocol.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname.charCodeAt(0) !== 0x2f) pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.length >= 4 && protocol.startsWith("file")) {
      host = "//";
    }
  }

  search = search.replace(/#/g, "%23");
  if (hash && hash.charCodeAt(0) !== 0x23) hash = `#${hash}`;
  if (search && search.charCodeAt(0) !== 0x3f) search = `?${search}`;

  return protocol + host + pathname + search + hash;
};

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

const pathOf = (url) => (url.pathname ? url.pathname : "") + (url.search ? url.search : "");

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === "string") {
    const rel = new Url();
    rel.parse(relative, false, true);
    relative = rel;
  }

  const result = new Url();
  Object.assign(result, this);

  // The hash is always the relative one's, even href="" removes it.
  result.hash = relative.hash;

  if (relative.href === "") {
    result.href = result.format();
    return result;
  }

  // '//foo/bar' keeps only the protocol.
  if (relative.slashes && !relative.protocol) {
    for (const key of Object.keys(relative)) {
      if (key !== "protocol") result[key] = relative[key];
    }
    if (slashedProtocol.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = "/";
    }
    result.href = result.format();
    return result;
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    // Another protocol: a non-slashed one is taken whole; a slashed one must have a host
    // (taken from the path's first segment if need be), except file: which has none.
    if (!slashedProtocol.has(relative.protocol)) {
      Object.assign(result, relative);
      result.href = result.format();
      return result;
    }
    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) && !hostlessProtocol.has(relative.protocol)) {
      const relPath = (relative.pathname || "").split("/");
      while (relPath.length && !(relative.host = relPath.shift()));
      if (!relative.host) relative.host = "";
      if (!relative.hostname) relative.hostname = "";
      if (relPath[0] !== "") relPath.unshift("");
      if (relPath.length < 2) relPath.unshift("");
      result.pathname = relPath.join("/");
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || "";
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    if (result.pathname || result.search) result.path = pathOf(result);
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  }

  const isSourceAbs = result.pathname && result.pathname.charAt(0) === "/";
  const isRelAbs = relative.host || (relative.pathname && relative.pathname.charAt(0) === "/");
  let mustEndAbs = isRelAbs || isSourceAbs || (result.host && relative.pathname);
  const removeAllDots = mustEndAbs;
  let srcPath = (result.pathname && result.pathname.split("/")) || [];
  const relPath = (relative.pathname && relative.pathname.split("/")) || [];
  const noLeadingSlashes = result.protocol && !slashedProtocol.has(result.protocol);

  // In a non-slashed URL the host is the path's first segment, so that '../..' can climb to
  // it; it is put back at the end.
  if (noLeadingSlashes) {
    result.hostname = "";
    result.port = null;
    if (result.host) {
      if (srcPath[0] === "") srcPath[0] = result.host;
      else srcPath.unshift(result.host);
    }
    result.host = "";
    if (relative.protocol) {
      relative.hostname = null;
      relative.port = null;
      result.auth = null;
      if (relative.host) {
        if (relPath[0] === "") relPath[0] = relative.host;
        else relPath.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbs = mustEndAbs && (relPath[0] === "" || srcPath[0] === "");
  }

  if (isRelAbs) {
    if (relative.host || relative.host === "") {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === "") {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    srcPath = relPath;
  } else if (relPath.length) {
    // A relative path replaces the last segment.
    srcPath.pop();
    srcPath = srcPath.concat(relPath);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a search ('?foo').
    if (noLeadingSlashes) {
      result.hostname = result.host = srcPath.shift();
      // An auth can be left in the host, as in resolveObject('mailto:local1@domain1',
      // 'local2@domain2').
      const authInHost = result.host && result.host.indexOf("@") > 0 && result.host.split("@");
      if (authInHost) {
        result.auth = authInHost.shift();
        result.host = result.hostname = authInHost.shift();
      }
    }
    result.search = relative.search;
    result.query = relative.query;
    if (result.pathname !== null || result.search !== null) result.path = pathOf(result);
    result.href = result.format();
    return result;
  }

  if (!srcPath.length) {
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    result.href = result.format();
    return result;
  }

  // A path ending in '.' or '..' (or '') gets a trailing slash.
  let last = srcPath.slice(-1)[0];
  const hasTrailingSlash =
    ((result.host || relative.host || srcPath.length > 1) && (last === "." || last === "..")) || last === "";

  // Drop '.' segments and resolve '..' ones; `up` counts those that go above the root.
  let up = 0;
  for (let i = srcPath.length - 1; i >= 0; i--) {
    last = srcPath[i];
    if (last === ".") {
      srcPath.splice(i, 1);
    } else if (last === "..") {
      srcPath.splice(i, 1);
      up++;
    } else if (up) {
      srcPath.splice(i, 1);
      up--;
    }
  }

  if (!mustEndAbs && !removeAllDots) {
    while (up--) srcPath.unshift("..");
  }

  if (mustEndAbs && srcPath[0] !== "" && (!srcPath[0] || srcPath[0].charAt(0) !== "/")) srcPath.unshift("");

  if (hasTrailingSlash && srcPath.join("/").slice(-1) !== "/") srcPath.push("");

  const isAbsolute = srcPath[0] === "" || (srcPath[0] && srcPath[0].charAt(0) === "/");

  // Put the host back.
  if (noLeadingSlashes) {
    result.hostname = result.host = isAbsolute ? "" : srcPath.length ? srcPath.shift() : "";
    const authInHost = result.host && result.host.indexOf("@") > 0 ? result.host.split("@") : false;
    if (authInHost) {
      result.auth = authInHost.shift();
      result.host = result.hostname = authInHost.shift();
    }
  }

  mustEndAbs = mustEndAbs || (result.host && srcPath.length);
  if (mustEndAbs && !isAbsolute) srcPath.unshift("");

  if (srcPath.length) {
    result.pathname = srcPath.join("/");
  } else {
    result.pathname = null;
    result.path = null;
  }

  if (result.pathname !== null || result.search !== null) result.path = pathOf(result);
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  result.href = result.format();
  return result;
};

function pathToFileURL(path, options) {
  validateString(path, "path");
  return pathToFileURLUnchecked(path, options);
}

module.exports = {
  // The legacy API.
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,

  // The WHATWG API.
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,

  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
