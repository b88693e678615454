// punycode: encode/decode, toASCII/toUnicode, ucs2 and the RangeErrors, on RFC 3492's samples,
// e-mail addresses, the IDNA dots, surrogates and bad input.
const punycode = require("punycode");

console.log(punycode.version, Object.keys(punycode), Object.keys(punycode.ucs2));
const words = [
  "", "abc", "ü", "mañana", "bücher", "他们为什么不说中文", "Pročprostěnemluvíčesky",
  "3年B組金八先生", "安室奈美恵-with-SUPER-MONKEYS", "MajiでKoiする5秒前", "\uD83D\uDE00 smile",
  "a\uD800b", "-> $1.00 <-", "ÜBER",
];
for (const word of words) {
  const encoded = punycode.encode(word);
  console.log(JSON.stringify(word), encoded, JSON.stringify(punycode.decode(encoded)));
}
const domains = [
  "mañana.com", "www.bücher.de", "例え.テスト", "a\u3002b\uFF0Ec\uFF61d", "josé@mañana.com",
  "xn--maana-pta.com", "XN--MAANA-PTA.COM", "plain.example", "", "ab--c.xn--ls8h.la",
];
for (const domain of domains) {
  console.log(JSON.stringify(domain), punycode.toASCII(domain), JSON.stringify(punycode.toUnicode(punycode.toASCII(domain))));
}
console.log(punycode.ucs2.decode("a\uD83D\uDE00\uDC00z"), JSON.stringify(punycode.ucs2.encode([97, 0x1f600, 0xdc00])));
for (const bad of ["ü-abc", "abc-9999999999", "abc-!", "99999999", "a-", "-", "-a", "zz"]) {
  try {
    console.log(JSON.stringify(bad), JSON.stringify(punycode.decode(bad)));
  } catch (error) {
    console.log(JSON.stringify(bad), error.name, error.message);
  }
}
try {
  punycode.toUnicode("xn--ü");
} catch (error) {
  console.log(error instanceof RangeError, error.message);
}
