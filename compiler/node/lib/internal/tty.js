// Node's color depth of a terminal from the environment (internal/tty in Node): tty's
// WriteStream methods and the console's colour rule.
"use strict";

const { validateInteger } = require("node:internal/validators");

const COLORS_2 = 1;
const COLORS_16 = 4;
const COLORS_256 = 8;
const COLORS_16M = 24;

const TERMS = {
  eterm: COLORS_16,
  cons25: COLORS_16,
  console: COLORS_16,
  cygwin: COLORS_16,
  dtterm: COLORS_16,
  gnome: COLORS_16,
  hurd: COLORS_16,
  jfbterm: COLORS_16,
  konsole: COLORS_16,
  kterm: COLORS_16,
  mlterm: COLORS_16,
  mosh: COLORS_16M,
  putty: COLORS_16,
  st: COLORS_16,
  "rxvt-unicode-24bit": COLORS_16M,
  terminator: COLORS_16M,
};
const COLOR_TERMS = [/ansi/, /color/, /linux/, /^con[0-9]*x[0-9]/, /^rxvt/, /^screen/, /^xterm/, /^vt100/];
const COLOR_CIS = ["APPVEYOR", "BUILDKITE", "CIRCLECI", "DRONE", "GITHUB_ACTIONS", "GITLAB_CI", "TRAVIS"];

let warned = false;
function warnIgnoredColorEnv(env) {
  const names = ["NODE_DISABLE_COLORS", "NO_COLOR"].filter((name) => env[name] !== undefined);
  if (warned || names.length === 0) return;
  process.emitWarning(`The '${names.join("' and '")}' env is ignored due to the 'FORCE_COLOR' env being set.`, "Warning");
  warned = true;
}

// The bits of color the environment says the terminal shows (1, 4, 8 or 24), as Node decides
// it on Linux.
function getColorDepth(env = process.env) {
  if (env.FORCE_COLOR !== undefined) {
    const depth = { "": COLORS_16, 1: COLORS_16, true: COLORS_16, 2: COLORS_256, 3: COLORS_16M }[env.FORCE_COLOR];
    if (depth === undefined) return COLORS_2;
    warnIgnoredColorEnv(env);
    return depth;
  }
  if (env.NODE_DISABLE_COLORS !== undefined || env.NO_COLOR !== undefined || env.TERM === "dumb") return COLORS_2;
  if (env.TMUX) return COLORS_256;
  if (env.CI) {
    return COLOR_CIS.some((name) => name in env) || env.CI_NAME === "codeship" ? COLORS_256 : COLORS_2;
  }
  if ("TEAMCITY_VERSION" in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? COLORS_16 : COLORS_2;
  }
  switch (env.TERM_PROGRAM) {
    case "iTerm.app":
      return !env.TERM_PROGRAM_VERSION || /^[0-2]\./.test(env.TERM_PROGRAM_VERSION) ? COLORS_256 : COLORS_16M;
    case "HyperTerm":
    case "MacTerm":
      return COLORS_16M;
    case "Apple_Terminal":
      return COLORS_256;
  }
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return COLORS_16M;
  if (env.TERM) {
    if (/^xterm-256/.test(env.TERM)) return COLORS_256;
    const term = env.TERM.toLowerCase();
    if (TERMS[term]) return TERMS[term];
    if (COLOR_TERMS.some((pattern) => pattern.test(term))) return COLORS_16;
  }
  return env.COLORTERM ? COLORS_16 : COLORS_2;
}

function hasColors(count, env) {
  if (env === undefined && (count === undefined || (typeof count === "object" && count !== null))) {
    env = count;
    count = 16;
  } else {
    validateInteger(count, "count", 2);
  }
  return count <= 2 ** getColorDepth(env);
}

module.exports = { getColorDepth, hasColors };
