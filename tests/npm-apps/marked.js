// marked: a markdown file next to this program to HTML, inline rendering and the lexer.
const fs = require("fs");
const path = require("path");
const { marked } = require("marked");

process.stdout.write(marked.parse(fs.readFileSync(path.join(__dirname, "data", "doc.md"), "utf8")));
console.log(marked.parseInline("*emphasis* and `code` and [link](https://example.org)"));
console.log(marked.lexer("# Title\n\ntext").map((t) => t.type).join(","));
