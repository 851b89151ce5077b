/**
 * Stopping a call early, on its time-out or the caller's abort. The time-out does not hand fetch
 * an AbortSignal of its own: Node's fetch makes every request that follows a signal markedly
 * slower. Without the caller's signal, a time-out rejects the call at once and the late response
 * is dropped when it comes; with one, the request itself is aborted.
 */
import type { OperationId } from "../../generated/types.js";
import type { Deadline } from "./deadlines.ts";
import { AbortError, TimeoutError } from "./errors.ts";

// Fields are `declare`d, set in the constructor or later: no class-field boilerplate in the bundle.
export class CallStop implements Deadline {
  /** Why the call stopped, once it has. */
  declare reason: AbortError | TimeoutError | undefined;
  /** Ends a back-off wait at once; set by the wait. */
  declare wake: (() => void) | undefined;
  /** Rejects the caller's promise. */
  declare reject: ((reason: unknown) => void) | undefined;
  declare readonly at: number;
  /** Aborts the request itself; only when the caller gave a signal to follow. */
  declare readonly controller: AbortController | undefined;
  declare private readonly operation: OperationId;
  declare private readonly timeoutMs: number | false;
  declare private readonly signal: AbortSignal | undefined;

  constructor(operation: OperationId, timeoutMs: number | false, signal: AbortSignal | undefined) {
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.signal = signal;
    this.at = timeoutMs === false ? Infinity : performance.now() + timeoutMs;
    if (signal) {
      this.controller = new AbortController();
      signal.addEventListener("abort", this, { once: true });
    }
  }

  /** The caller's signal fired (`this` is its event listener). */
  handleEvent(): void {
    this.end(new AbortError(this.operation, this.signal?.reason));
  }

  expire(): void {
    this.end(new TimeoutError(this.operation, this.timeoutMs as number));
  }

  /** The call is over, one way or the other: stop listening. */
  release(): void {
    this.signal?.removeEventListener("abort", this);
  }

  private end(reason: AbortError | TimeoutError): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.wake?.();
    this.reject?.(reason);
  }
}
