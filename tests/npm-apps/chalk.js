// chalk: without a TTY it prints plain text; an Instance with a forced level prints ANSI codes.
const chalk = require("chalk");

console.log(chalk.level, chalk.supportsColor);
console.log(chalk.red("red"), chalk.bold.underline("strong"), chalk`{green ok} {bgBlue.white done}`);
for (const level of [1, 2, 3]) {
  const forced = new chalk.Instance({ level });
  console.log(level, JSON.stringify(forced.red.bold("a") + forced.hex("#ff8800")("b") + forced.rgb(10, 20, 30).bgGray("c")));
}
const c = new chalk.Instance({ level: 1 });
console.log(JSON.stringify(c.green(`x ${c.blue("nested")} y`)), JSON.stringify(c.dim("multi\nline")));
