// ejs: render a template file next to this program (with an include), from a string, and an
// error that names the template line.
const path = require("path");
const ejs = require("ejs");

const file = path.join(__dirname, "templates", "page.ejs");
const data = { title: "Fruit <list>", items: [{ name: "apple", price: 1.5 }, { name: "pear", price: 2 }], footer: true };
ejs.renderFile(file, data, {}, (err, html) => {
  if (err) throw err;
  process.stdout.write(html);
  console.log(ejs.render("<%= a %> + <%- b %> = <%= a + 2 %>", { a: 1, b: "<b>2</b>" }));
  const fn = ejs.compile("<% for (const x of xs) { %>[<%= x %>]<% } %>");
  console.log(fn({ xs: ["a", "&", "c"] }));
  try {
    ejs.render("line one\n<%= missing.value %>\n", {}, { filename: "inline.ejs" });
  } catch (e) {
    console.log(e.name);
    console.log(e.message);
  }
});
