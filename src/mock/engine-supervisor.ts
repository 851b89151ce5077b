/**
 * Keeps the mock engine running. The front normalizes what it passes on (engine-request.ts), but
 * the engine is another program: should it exit anyway, the supervisor says so in one line and
 * starts it again on a fresh port, with back-off, at most `maxRestarts` times in `windowMs`.
 * Requests that arrive meanwhile wait for the new engine instead of failing. Past the limit it
 * gives up and says why, so that the command can exit non-zero: a mock that answers 502 for ever
 * is worse than one that stops.
 */
import { findFreePort } from "./free-port.ts";
import type { PrismProcess } from "./prism-process.ts";

export interface SupervisorOptions {
  /** Starts one engine on a port. */
  start: (port: number) => Promise<PrismProcess>;
  /** One line for each thing that happened to the engine. */
  onEvent?: (message: string) => void;
  /** Called once when the supervisor gives up; the engine is not started again. */
  onGiveUp?: (error: Error) => void;
  maxRestarts?: number;
  windowMs?: number;
  /** Back-off before the first restart; it doubles for each further one in the window. */
  firstDelayMs?: number;
}

export interface SupervisedEngine {
  /** The running engine's URL; waits while it restarts, rejects once the supervisor gave up. */
  url(): Promise<string>;
  /** The URL of the engine started last, for diagnostics. */
  readonly lastUrl: string;
  stop(): Promise<void>;
}

const MAX_DELAY_MS = 5_000;

export async function superviseEngine(options: SupervisorOptions): Promise<SupervisedEngine> {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const firstDelayMs = options.firstDelayMs ?? 200;
  let engine = await options.start(await findFreePort("127.0.0.1"));
  let current: Promise<string> = Promise.resolve(engine.url);
  let stopping = false;
  const restarts: number[] = [];

  const giveUp = (error: Error): void => {
    current = Promise.reject(error);
    current.catch(() => undefined);
    options.onGiveUp?.(error);
  };

  const watch = (running: PrismProcess): void => {
    void running.exited.then(({ code, signal }) => {
      if (stopping) return;
      const now = performance.now();
      while (restarts.length > 0 && now - (restarts[0] as number) > windowMs) restarts.shift();
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (restarts.length >= maxRestarts) {
        giveUp(new Error(`the mock engine (Prism) exited (${how}) ${restarts.length + 1} times within ${windowMs / 1000} s; giving up`));
        return;
      }
      restarts.push(now);
      const delay = Math.min(MAX_DELAY_MS, firstDelayMs * 2 ** (restarts.length - 1));
      options.onEvent?.(`the mock engine (Prism) exited (${how}); restarting it in ${delay} ms (restart ${restarts.length} of at most ${maxRestarts})`);
      current = (async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (stopping) throw new Error("the mock is stopping");
        engine = await options.start(await findFreePort("127.0.0.1"));
        watch(engine);
        options.onEvent?.(`the mock engine (Prism) is back on ${engine.url}`);
        return engine.url;
      })();
      current.catch((error: unknown) => {
        if (!stopping) giveUp(new Error(`the mock engine (Prism) could not be restarted: ${(error as Error).message}`));
      });
    });
  };
  watch(engine);

  return {
    url: () => current,
    get lastUrl() {
      return engine.url;
    },
    async stop() {
      stopping = true;
      await current.catch(() => undefined);
      await engine.stop();
    },
  };
}
