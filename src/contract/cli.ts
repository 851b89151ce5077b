#!/usr/bin/env node
/**
 * `mycreditapp-contract`: the contract's checks of a server, by command:
 * - `verify`: a running deployment, on the wire (verify-command.ts);
 * - `conform`: the server's own generated OpenAPI document, statically (src/conform/).
 */
import { CONFORM_USAGE, runConform } from "../conform/conform-command.ts";
import { printable } from "../http/untrusted-text.ts";
import { runVerify, VERIFY_USAGE } from "./verify-command.ts";

const USAGE = `${VERIFY_USAGE}\n\n${CONFORM_USAGE}`;
const [command, ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h" || command === undefined) {
  console.log(USAGE);
  process.exitCode = command === undefined ? 2 : 0;
} else if (command === "verify") await runVerify(rest);
else if (command === "conform") {
  process.exitCode = await runConform(rest, {
    print: (text) => process.stdout.write(text),
    error: (line) => console.error(line),
  });
} else {
  console.error(`mycreditapp-contract: unknown command "${printable(command)}"; the commands are verify and conform\n${USAGE}`);
  process.exitCode = 2;
}
