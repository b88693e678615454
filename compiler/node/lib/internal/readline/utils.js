// What readline's cursor functions and keypress events share: the ECMA-48 control sequences
// (CSI), and emitKeys, the parser that turns typed characters into Node's 'keypress' events.
"use strict";

const kEscape = "\x1b";

// CSI`${n}G` is ESC [ n G.
function CSI(strings, ...args) {
  let sequence = `${kEscape}[`;
  strings.forEach((text, i) => {
    sequence += text;
    if (i < args.length) sequence += args[i];
  });
  return sequence;
}
CSI.kEscape = kEscape;
CSI.kClearToLineBeginning = CSI`1K`;
CSI.kClearToLineEnd = CSI`0K`;
CSI.kClearLine = CSI`2K`;
CSI.kClearScreenDown = CSI`0J`;

// How many UTF-16 units the character at `i` takes (1 past the end).
function charLengthAt(text, i) {
  if (text.length <= i) return 1;
  return text.codePointAt(i) >= 0x10000 ? 2 : 1;
}

// The keys of escape sequences, by their code (the sequence without ESC and modifier), as
// terminals send them (xterm, gnome, rxvt, putty, Cygwin): a name, or [name, shift, ctrl] for
// the rxvt codes that carry their modifier in the final character.
const KEYS = {
  "[P": "f1", "[Q": "f2", "[R": "f3", "[S": "f4",
  OP: "f1", OQ: "f2", OR: "f3", OS: "f4",
  "[11~": "f1", "[12~": "f2", "[13~": "f3", "[14~": "f4",
  "[200~": "paste-start", "[201~": "paste-end",
  "[[A": "f1", "[[B": "f2", "[[C": "f3", "[[D": "f4", "[[E": "f5",
  "[15~": "f5", "[17~": "f6", "[18~": "f7", "[19~": "f8",
  "[20~": "f9", "[21~": "f10", "[23~": "f11", "[24~": "f12",
  "[A": "up", "[B": "down", "[C": "right", "[D": "left", "[E": "clear", "[F": "end", "[H": "home",
  OA: "up", OB: "down", OC: "right", OD: "left", OE: "clear", OF: "end", OH: "home",
  "[1~": "home", "[2~": "insert", "[3~": "delete", "[4~": "end", "[5~": "pageup", "[6~": "pagedown",
  "[[5~": "pageup", "[[6~": "pagedown",
  "[7~": "home", "[8~": "end",
  "[a": ["up", true, false], "[b": ["down", true, false], "[c": ["right", true, false],
  "[d": ["left", true, false], "[e": ["clear", true, false],
  "[2$": ["insert", true, false], "[3$": ["delete", true, false], "[5$": ["pageup", true, false],
  "[6$": ["pagedown", true, false], "[7$": ["home", true, false], "[8$": ["end", true, false],
  Oa: ["up", false, true], Ob: ["down", false, true], Oc: ["right", false, true],
  Od: ["left", false, true], Oe: ["clear", false, true],
  "[2^": ["insert", false, true], "[3^": ["delete", false, true], "[5^": ["pageup", false, true],
  "[6^": ["pagedown", false, true], "[7^": ["home", false, true], "[8^": ["end", false, true],
  "[Z": ["tab", true, false],
};

const isDigit = (ch) => ch >= "0" && ch <= "9";
// ESC [ digits (;modifier) final: `[24;5~` is F12 with modifier 5.
const NUMBERED = /^(?:(\d\d?)(?:;(\d))?([~^$])|(\d{3}~))$/;
// ESC [ (1;)(modifier) letter: `[1;5H` is Home with modifier 5.
const LETTERED = /^((\d;)?(\d))?([A-Za-z])$/;

// Names `key` from the code of an escape sequence and its modifier (1 + shift + 2 alt +
// 4 ctrl + 8 meta, less one).
function nameSequence(key, code, modifier) {
  key.ctrl = !!(modifier & 4);
  key.meta = !!(modifier & 10);
  key.shift = !!(modifier & 1);
  key.code = code;
  const known = Object.hasOwn(KEYS, code) ? KEYS[code] : "undefined";
  if (typeof known === "string") {
    key.name = known;
    return;
  }
  key.name = known[0];
  if (known[1]) key.shift = true;
  if (known[2]) key.ctrl = true;
}

// Names `key` for one character, after an ESC when `escaped` (alt + that key).
function nameCharacter(key, ch, escaped) {
  const named = { "\r": "return", "\n": "enter", "\t": "tab", "\b": "backspace", "\x7f": "backspace", [kEscape]: "escape", " ": "space" };
  if (Object.hasOwn(named, ch)) {
    key.name = named[ch];
    key.meta = escaped;
  } else if (!escaped && ch <= "\x1a") {
    key.name = String.fromCharCode(ch.charCodeAt(0) + 96);
    key.ctrl = true;
  } else if (/^[0-9A-Za-z]$/.test(ch)) {
    key.name = ch.toLowerCase();
    key.shift = /^[A-Z]$/.test(ch);
    key.meta = escaped;
  } else if (escaped) {
    // A lone ESC whose sequence timed out ('' is the timeout's character).
    key.name = ch.length ? undefined : "escape";
    key.meta = true;
  }
}

// A generator fed one character at a time (`next(ch)`; '' when an ESC waited too long) that
// emits 'keypress' (text, key) on `stream` for each key: { sequence, name, ctrl, meta, shift }
// and, for escape sequences, `code`. Broken sequences emit nothing.
function* emitKeys(stream) {
  for (;;) {
    let ch = yield;
    let sequence = ch;
    let escaped = false;
    const key = { sequence: null, name: undefined, ctrl: false, meta: false, shift: false };
    if (ch === kEscape) {
      escaped = true;
      sequence += ch = yield;
      // Two ESCs mean the same as one.
      if (ch === kEscape) sequence += ch = yield;
    }
    if (escaped && ch === "O") {
      let code = ch;
      let modifier = 0;
      sequence += ch = yield;
      if (isDigit(ch)) {
        modifier = Number(ch) - 1;
        sequence += ch = yield;
      }
      nameSequence(key, code + ch, modifier);
    } else if (escaped && ch === "[") {
      let code = ch;
      let modifier = 0;
      sequence += ch = yield;
      if (ch === "[") {
        code += ch;
        sequence += ch = yield;
      }
      // Enough of the sequence to tell its code and modifier: up to three digits, then an
      // optional ;modifier, then the final character.
      const commandStart = sequence.length - 1;
      for (let digits = 0; digits < 3 && isDigit(ch); digits++) sequence += ch = yield;
      if (ch === ";") {
        sequence += ch = yield;
        if (isDigit(ch)) sequence += yield;
      }
      const command = sequence.slice(commandStart);
      let match;
      if ((match = NUMBERED.exec(command))) {
        if (match[4]) {
          code += match[4];
        } else {
          code += match[1] + match[3];
          modifier = (match[2] || 1) - 1;
        }
      } else if ((match = LETTERED.exec(command))) {
        code += match[4];
        modifier = (match[3] || 1) - 1;
      } else {
        code += command;
      }
      nameSequence(key, code, modifier);
    } else {
      nameCharacter(key, ch, escaped);
    }
    key.sequence = sequence;
    if (sequence.length !== 0 && (key.name !== undefined || escaped)) {
      stream.emit("keypress", escaped ? undefined : sequence, key);
    } else if (charLengthAt(sequence, 0) === sequence.length) {
      // One character without a name ('.').
      stream.emit("keypress", sequence, key);
    }
  }
}

module.exports = { CSI, charLengthAt, emitKeys, kEscape };
