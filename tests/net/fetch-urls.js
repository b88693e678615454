// Fetches each URL given as an argument and prints one line per URL: `ok <status> <body>` or
// `failed <error> | <cause's code> | <cause's message>`. With `--parallel` first, all at once
// (the limits tests); otherwise one after another.
"use strict";

async function one(url) {
  try {
    const response = await fetch(url);
    return `ok ${response.status} ${(await response.text()).slice(0, 40)}`;
  } catch (error) {
    return `failed ${error.message} | ${error.cause?.code} | ${error.cause?.message}`;
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--parallel") {
    for (const line of await Promise.all(args.slice(1).map(one))) console.log(line);
    return;
  }
  for (const url of args) console.log(url, "->", await one(url));
}

main();
