// ms: durations to and from text.
const ms = require("ms");

for (const s of ["2 days", "1d", "10h", "2.5 hrs", "1m", "5s", "100", "-3 days", "1y", "nonsense"]) {
  console.log(s, "->", ms(s));
}
for (const n of [100, 1000, 60000, 3600000, 86400000, -86400000 * 3, 1234567]) {
  console.log(n, "->", ms(n), "/", ms(n, { long: true }));
}
try {
  ms({});
} catch (err) {
  console.log(err.message);
}
