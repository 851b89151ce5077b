/**
 * Finds a Chromium the way a developer's machine has one, so browser tests run anywhere: the
 * `CHROME_PATH` environment variable, then the usual Chromium / Chrome locations on Linux and
 * macOS, and where there is none, the Chromium shipped inside the `@sparticuz/chromium` npm
 * package (a dev dependency, so `npm ci` always brings it).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";

const USUAL_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** Flags that keep a headless Chromium from reaching out to the network on its own. */
const QUIET = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Flags the packaged Chromium starts with that a user's browser never has: without the same-origin
 * policy and CORS, a test of what a browser lets a page read would prove nothing.
 */
const LOWERED_SECURITY = ["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials"];

export interface FoundBrowser {
  executablePath: string;
  args: string[];
  /** Where it came from, for test output: `CHROME_PATH`, a system path or the npm package. */
  source: string;
}

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundBrowser> {
  const fromEnv = env["CHROME_PATH"];
  if (fromEnv) {
    // A path the user set but that does not exist is a mistake worth reporting, not skipping.
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist`);
    return { executablePath: fromEnv, args: QUIET, source: "CHROME_PATH" };
  }
  const system = USUAL_PATHS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: QUIET, source: system };
  const packaged = (await import("@sparticuz/chromium")).default;
  const args = packaged.args.filter((flag) => !LOWERED_SECURITY.includes(flag));
  return { executablePath: await packaged.executablePath(), args: [...args, ...QUIET.slice(1)], source: "@sparticuz/chromium" };
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({ executablePath: found.executablePath, args: found.args });
}

/** The page that loads an app's script from `/app.js`, as a bundled web app's index does. */
export const APP_PAGE = '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="/app.js"></script>';

/**
 * An app's entry bundled as a web app's build would (esbuild, for browsers, ES2022), its imports
 * resolved from the repository's root (`./src/index.ts`, the dev dependencies).
 */
export async function bundleApp(source: string): Promise<string> {
  const bundled = await build({
    stdin: { contents: source, resolveDir: join(import.meta.dirname, "..", ".."), loader: "ts", sourcefile: "app.ts" },
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return bundled.outputFiles[0]?.text ?? "";
}
