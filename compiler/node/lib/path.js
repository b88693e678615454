// Node 20's `path` module for POSIX paths: every function returns what Node's `path.posix`
// returns, quirks included, and throws Node's errors for arguments of the wrong type.
// `path.win32` is not supported: its functions throw.
"use strict";

const { validateObject, validateString } = require("node:internal/validators");

// The names of `path` without its '.' and '' segments, with each '..' cancelling the name
// before it, joined by '/' (no leading or trailing slash). A '..' with nothing left to cancel
// is kept when `keepAboveRoot` (relative paths) and dropped otherwise (absolute paths: the
// parent of the root is the root).
function normalizeNames(path, keepAboveRoot) {
  const names = [];
  for (const name of path.split("/")) {
    if (name === "" || name === ".") continue;
    if (name !== "..") names.push(name);
    else if (names.length > 0 && names[names.length - 1] !== "..") names.pop();
    else if (keepAboveRoot) names.push("..");
  }
  return names.join("/");
}

// [start, end) of the last name in `path`, trailing slashes ignored: 'a/b//' → [2, 3].
// [0, 0] when there is none ('' or only slashes).
function lastName(path) {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  let start = end;
  while (start > 0 && path[start - 1] !== "/") start--;
  return [start, end];
}

// Where the extension of a file name starts: at its last dot, unless that dot is the name's
// first character ('.bashrc', '.') or the name is '..'; -1 when it has none.
function extensionIndex(name) {
  const dot = name.lastIndexOf(".");
  return dot <= 0 || name === ".." ? -1 : dot;
}

function resolve(...paths) {
  let resolved = "";
  let absolute = false;
  // From the last argument back to the first absolute one: as in Node, arguments left of an
  // absolute one are not even type-checked.
  for (let i = paths.length - 1; i >= 0 && !absolute; i--) {
    const path = paths[i];
    validateString(path, `paths[${i}]`);
    if (path === "") continue;
    resolved = `${path}/${resolved}`;
    absolute = path[0] === "/";
  }
  // Then the current directory (not type-checked either).
  if (!absolute) {
    const cwd = process.cwd();
    resolved = `${cwd}/${resolved}`;
    absolute = cwd[0] === "/";
  }
  resolved = normalizeNames(resolved, !absolute);
  if (absolute) return `/${resolved}`;
  return resolved === "" ? "." : resolved;
}

function normalize(path) {
  validateString(path, "path");
  if (path === "") return ".";
  const absolute = path[0] === "/";
  const trailing = path[path.length - 1] === "/" ? "/" : "";
  const names = normalizeNames(path, !absolute);
  if (names === "") return absolute ? "/" : `.${trailing}`;
  return `${absolute ? "/" : ""}${names}${trailing}`;
}

function isAbsolute(path) {
  validateString(path, "path");
  return path[0] === "/";
}

function join(...paths) {
  for (const path of paths) validateString(path, "path");
  const joined = paths.filter((path) => path !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

function relative(from, to) {
  validateString(from, "from");
  validateString(to, "to");
  if (from === to) return "";
  // Resolved paths are absolute and normalized, '/' or '/name/name...', given an absolute
  // current directory.
  const namesOf = (path) => (path === "/" ? [] : path.slice(1).split("/"));
  const fromNames = namesOf(resolve(from));
  const toNames = namesOf(resolve(to));
  let common = 0;
  while (common < fromNames.length && common < toNames.length && fromNames[common] === toNames[common]) {
    common++;
  }
  const up = Array(fromNames.length - common).fill("..");
  return up.concat(toNames.slice(common)).join("/");
}

function toNamespacedPath(path) {
  return path;
}

function dirname(path) {
  validateString(path, "path");
  if (path === "") return ".";
  const absolute = path[0] === "/";
  // Everything before the slash that precedes the last name: extra slashes before that one
  // stay ('/a//b' → '/a/'), and so does a leading '//' ('//a' → '//'), as in Node.
  const cut = lastName(path)[0] - 1;
  if (cut < 1) return absolute ? "/" : ".";
  if (cut === 1 && absolute) return "//";
  return path.slice(0, cut);
}

function basename(path, suffix) {
  if (suffix !== undefined) validateString(suffix, "suffix");
  validateString(path, "path");
  const [start, end] = lastName(path);
  const name = path.slice(start, end);
  // Node's rules for the suffix, which are only applied when it is no longer than the path.
  if (suffix !== undefined && suffix !== "" && suffix.length <= path.length) {
    if (suffix === path) return "";
    if (name.length > suffix.length && name.endsWith(suffix)) {
      return name.slice(0, name.length - suffix.length);
    }
    // A name that is only the end of the suffix comes back with its trailing slashes, and a
    // path of slashes comes back whole: basename('a/b/', 'xb') is 'b/', basename('//', '/')
    // is '//'.
    if (name.length < suffix.length && suffix.endsWith(name)) return path.slice(start);
  }
  return name;
}

function extname(path) {
  validateString(path, "path");
  const [start, end] = lastName(path);
  const name = path.slice(start, end);
  const dot = extensionIndex(name);
  return dot === -1 ? "" : name.slice(dot);
}

// `{ ext: 'png' }` gives '.png', as does `{ ext: '.png' }`.
function formatExt(ext) {
  if (!ext) return "";
  return ext[0] === "." ? `${ext}` : `.${ext}`;
}

// The properties are read in Node's order (getters see the same calls) and need not be strings:
// they are converted as template literals convert, and a lone `base` is returned as it is.
function format(pathObject) {
  validateObject(pathObject, "pathObject");
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ""}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}/${base}`;
}

function parse(path) {
  validateString(path, "path");
  const parsed = { root: "", dir: "", base: "", ext: "", name: "" };
  if (path === "") return parsed;
  const absolute = path[0] === "/";
  if (absolute) parsed.root = "/";
  const [start, end] = lastName(path);
  const base = path.slice(start, end);
  if (start > 1) parsed.dir = path.slice(0, start - 1);
  else if (absolute) parsed.dir = "/";
  // Node's parse (unlike its extname) takes '..' right after the root for a name with an
  // extension: parse('/..') has name '.' and ext '.'.
  const dot = base === ".." && start === 1 ? 1 : extensionIndex(base);
  parsed.base = base;
  parsed.name = dot === -1 ? base : base.slice(0, dot);
  if (dot !== -1) parsed.ext = base.slice(dot);
  return parsed;
}

// Windows paths are not supported: every function of `path.win32` throws.
function win32Unsupported() {
  throw new Error("path.win32 is not supported by EdgeBox: only POSIX paths are");
}

const win32 = { sep: "\\", delimiter: ";" };
for (const name of [
  "resolve",
  "normalize",
  "isAbsolute",
  "join",
  "relative",
  "toNamespacedPath",
  "dirname",
  "basename",
  "extname",
  "format",
  "parse",
]) {
  win32[name] = win32Unsupported;
}

// The members in the order Node lists them.
const posix = {
  resolve,
  normalize,
  isAbsolute,
  join,
  relative,
  toNamespacedPath,
  dirname,
  basename,
  extname,
  format,
  parse,
  sep: "/",
  delimiter: ":",
  win32,
  posix: null,
  _makeLong: toNamespacedPath,
};
posix.posix = posix;

module.exports = posix;
