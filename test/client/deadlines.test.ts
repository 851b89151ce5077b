/**
 * The shared time-out timer: every deadline fires on time whatever order deadlines are added in,
 * removed ones never fire, and one timer serves them all.
 */
import { describe, expect, it } from "vitest";
import { createDeadlines, type Deadline } from "../../src/client/deadlines.ts";

function deadline(ms: number, fired: string[], name: string): Deadline & { startedAt: number; firedAfter: number | undefined } {
  const startedAt = performance.now();
  const item = {
    at: startedAt + ms,
    startedAt,
    firedAfter: undefined as number | undefined,
    expire() {
      item.firedAfter = performance.now() - startedAt;
      fired.push(name);
    },
  };
  return item;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createDeadlines", () => {
  it("fires an earlier deadline added after a later one at its own time", async () => {
    const deadlines = createDeadlines();
    const fired: string[] = [];
    const late = deadline(600, fired, "late");
    const early = deadline(40, fired, "early");
    deadlines.add(late);
    deadlines.add(early);
    // Generous windows: a busy test run may delay a timer, but never make it fire early.
    await pause(300);
    expect(fired).toEqual(["early"]);
    expect(early.firedAfter).toBeGreaterThanOrEqual(39);
    await pause(700);
    expect(fired).toEqual(["early", "late"]);
    expect(late.firedAfter).toBeGreaterThanOrEqual(599);
  });

  it("never fires a removed deadline, and fires the others", async () => {
    const deadlines = createDeadlines();
    const fired: string[] = [];
    const removed = deadline(30, fired, "removed");
    const kept = deadline(60, fired, "kept");
    deadlines.add(removed);
    deadlines.add(kept);
    deadlines.remove(removed);
    await pause(300);
    expect(fired).toEqual(["kept"]);
  });

  it("arms one timer for many deadlines added in order", async () => {
    const deadlines = createDeadlines();
    const fired: string[] = [];
    const armed: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      armed.push(args[1]);
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      for (let index = 0; index < 50; index++) deadlines.add(deadline(50 + index, fired, String(index)));
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(armed).toHaveLength(1);
    await pause(400);
    expect(fired).toHaveLength(50);
  });
});
