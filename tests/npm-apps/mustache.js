// mustache: render a template file next to this program, with a partial, sections and escaping.
const fs = require("fs");
const path = require("path");
const Mustache = require("mustache");

const template = fs.readFileSync(path.join(__dirname, "templates", "card.mustache"), "utf8");
const partials = { sig: "-- {{author}}" };
process.stdout.write(Mustache.render(template, { name: "Ada", tags: ["x", "y"], html: "<i>&</i>", author: "A.L." }, partials));
process.stdout.write(Mustache.render(template, { name: "Bob", tags: [], html: "\"q\"", author: "B" }, partials));
console.log(JSON.stringify(Mustache.parse("{{a}} {{#b}}{{c}}{{/b}}")));
try {
  Mustache.render("{{#open}} never closed", {});
} catch (err) {
  console.log(err.message);
}
