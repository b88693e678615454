// yargs: commands, typed options, defaults, validation failures and generated help.
const yargs = require("yargs/yargs");
const { hideBin } = require("yargs/helpers");

function parser(argv) {
  return yargs(argv)
    .scriptName("serve")
    .wrap(80)
    .command("start [port]", "start the server", (y) =>
      y.positional("port", { type: "number", default: 8080, describe: "port to bind" }))
    .option("host", { alias: "H", type: "string", default: "localhost", describe: "host name" })
    .option("watch", { alias: "w", type: "boolean", describe: "restart on change" })
    .option("level", { choices: ["info", "debug"], default: "info" })
    .array("tag")
    .demandCommand(1, "give a command")
    .strict()
    .exitProcess(false)
    .fail((msg, err) => { throw err || new Error(msg); });
}

const runs = [
  hideBin(process.argv),
  ["start", "3000", "-w", "--host", "example.org", "--tag", "a", "b"],
  ["start", "--level", "trace"],
  ["start", "--unknown"],
  [],
];
for (const argv of runs) {
  try {
    const out = parser(argv).parseSync();
    const { $0, ...rest } = out;
    console.log(JSON.stringify(rest));
  } catch (err) {
    console.log("error:", err.message);
  }
}
parser(["--help"]).showHelp((s) => console.log(s));
