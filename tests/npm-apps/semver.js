// semver: parse, compare, ranges, increments and coercion.
const semver = require("semver");

const versions = ["1.2.3", "1.10.0", "2.0.0-beta.2", "2.0.0-beta.10", "2.0.0", "0.9.9", "v1.2.4"];
console.log(semver.sort(versions.filter((v) => semver.valid(v))).join(" "));
console.log(semver.rsort(versions.map((v) => semver.clean(v))).join(" "));
for (const range of ["^1.2.0", "~1.2", ">=2.0.0-beta.3 <3", "1.x || >=2.0.0", "*"]) {
  console.log(range, "=>", semver.validRange(range), "|", semver.maxSatisfying(versions, range));
}
for (const release of ["major", "minor", "patch", "prerelease", "premajor"]) {
  console.log(release, semver.inc("1.2.3", release, "rc"));
}
console.log(semver.coerce("version 42.6 built").version, semver.diff("1.2.3", "1.3.0"));
console.log(semver.gt("1.10.0", "1.9.0"), semver.satisfies("2.0.0-beta.2", "^2.0.0-beta.1"));
const v = semver.parse("3.4.5-alpha.1+build.7");
console.log(v.major, v.minor, v.patch, v.prerelease, v.build, String(v));
try {
  new semver.SemVer("not a version");
} catch (err) {
  console.log(err.name, err.message);
}
