/** Locations every script agrees on, resolved from the repository root. */
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const generatedDir = fileURLToPath(new URL("../../generated/", import.meta.url));
/** The name Redocly knows the API by in `redocly.yaml` (`apis:`). */
export const apiName = "mycreditapp@v1-beta";
