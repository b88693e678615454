// dotenv: parse an env file beside the program, and config() into a given object and into
// process.env (without overriding what is set unless asked).
const fs = require("fs");
const path = require("path");
const dotenv = require("dotenv");

const file = path.join(__dirname, "data", "app.env");
console.log(dotenv.parse(fs.readFileSync(file)));
console.log(dotenv.parse("A=1\r\nB = two\r\nC='x'"));

const target = { PORT: "1" };
const result = dotenv.config({ path: file, processEnv: target });
console.log(Object.keys(result.parsed).length, target.PORT, target.NAME);
dotenv.config({ path: file, processEnv: target, override: true });
console.log(target.PORT);

process.env.PORT = "9";
dotenv.config({ path: file });
console.log(process.env.PORT, process.env.NAME, process.env.EXPORTED);

const missing = dotenv.config({ path: path.join(__dirname, "data", "missing.env") });
console.log(missing.error && missing.error.code);
