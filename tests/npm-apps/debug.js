// debug: namespaces enabled by DEBUG (from the environment the policy grants); messages go to
// stderr, formatted with %s/%d/%o/%j.
const createDebug = require("debug");

const app = createDebug("app");
const db = createDebug("app:db");
const net = createDebug("net");
console.log("enabled:", app.enabled, db.enabled, net.enabled, createDebug.enabled("app:http"));
app("starting %s with %d workers", "server", 4);
db("query %j", { table: "users", limit: 10 });
db("object %O", { nested: { deep: [1, 2, 3] } });
net("never printed");
const child = db.extend("pool");
child("pool size %d", 8);
createDebug.enable("net");
console.log("after enable:", app.enabled, net.enabled);
net("now printed %o", "yes");
console.log("done");
