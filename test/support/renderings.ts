/** Every way an error can be shown or serialized: where a secret must never appear. */
import { inspect } from "node:util";

export const renderings = (error: unknown): string[] => [
  String(error),
  JSON.stringify(error),
  inspect(error, { depth: 5, showHidden: true }),
  (error as Error).stack ?? "",
];
