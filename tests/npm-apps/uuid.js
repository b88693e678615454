// uuid: name-based (v3, v5) ids are fixed; random (v4) and time (v1) ids are checked by shape.
const uuid = require("uuid");

console.log(uuid.v5("hello", uuid.v5.DNS), uuid.v3("hello", uuid.v3.URL));
console.log(uuid.v5("edgebox", "1b671a64-40d5-491e-99b0-da01ff1f3341"));
const v4 = uuid.v4();
console.log("v4", uuid.validate(v4), uuid.version(v4), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(v4));
console.log("v1", uuid.version(uuid.v1()), uuid.v1({ node: [1, 2, 3, 4, 5, 6], clockseq: 0x1234, msecs: Date.UTC(2024, 0, 1), nsecs: 5 }));
console.log(uuid.NIL, uuid.validate("not-a-uuid"), uuid.stringify(uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")));
try {
  uuid.parse("zz");
} catch (err) {
  console.log(err.name, err.message);
}
