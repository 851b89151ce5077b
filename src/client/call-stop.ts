/**
 * Stopping a call early, on its time-out or the caller's abort. A call that can stop early is given
 * its stop when it is made, and each try is sent with the stop's signal (`fetch(request, { signal })`),
 * so that a stop aborts the request itself: one left running would hold its connection until the
 * server gave up, and in a browser every later request for the same URL would wait behind it. The
 * signal goes to `fetch`, not into the request openapi-fetch makes: Node's fetch copies every
 * request it is given and makes the copy follow a signal either way, so following ours there costs
 * nothing more, while a request made with one would follow it twice. The time-out's timer is shared
 * by all of a client's calls (deadlines.ts).
 */
import type { OperationId } from "../../generated/types.js";
import type { Deadline, Deadlines } from "./deadlines.ts";
import { AbortError, TimeoutError } from "./errors.ts";
import type { Settings } from "./options.ts";

// Fields are `declare`d, set in the constructor or later: no class-field boilerplate in the bundle.
export class CallStop implements Deadline {
  /** Why the call stopped, once it has. */
  declare reason: AbortError | TimeoutError | undefined;
  /** Ends a back-off wait at once; set by the wait. */
  declare wake: (() => void) | undefined;
  /** Rejects the caller's promise. */
  declare reject: ((reason: unknown) => void) | undefined;
  declare readonly at: number;
  /** Aborts the call's tries: its signal is sent with each. */
  declare readonly controller: AbortController;
  declare private readonly operation: OperationId;
  declare private readonly timeoutMs: number | false;
  declare private readonly signal: AbortSignal | null | undefined;
  declare private readonly deadlines: Deadlines;

  constructor(operation: OperationId, timeoutMs: number | false, signal: AbortSignal | null | undefined, deadlines: Deadlines) {
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.signal = signal;
    this.deadlines = deadlines;
    this.controller = new AbortController();
    this.at = timeoutMs === false ? Infinity : performance.now() + timeoutMs;
    // Released when the call ends, so no `once`; a signal that already fired fires no more.
    signal?.addEventListener("abort", this);
    if (signal?.aborted) this.handleEvent();
    if (timeoutMs !== false) deadlines.add(this);
  }

  /** The caller's signal fired (`this` is its event listener). */
  handleEvent(): void {
    this.end(new AbortError(this.operation, this.signal?.reason));
  }

  expire(): void {
    this.end(new TimeoutError(this.operation, this.timeoutMs as number));
  }

  /** The call is over, one way or the other: forget its deadline and stop listening. Called again, it does nothing more. */
  release(): void {
    this.deadlines.remove(this);
    this.signal?.removeEventListener("abort", this);
  }

  private end(reason: AbortError | TimeoutError): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort(reason);
    this.wake?.();
    this.reject?.(reason);
  }
}

/**
 * The stop of a call with a time-out (its own, else the client's) or a signal to follow; `undefined`
 * when nothing can stop it early.
 */
export function callStop(
  client: Pick<Settings, "timeoutMs" | "deadlines">,
  operation: OperationId,
  timeoutMs: number | false | undefined,
  signal: AbortSignal | null | undefined,
): CallStop | undefined {
  const limit = timeoutMs ?? client.timeoutMs;
  return limit === false && !signal ? undefined : new CallStop(operation, limit, signal, client.deadlines);
}
