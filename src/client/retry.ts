/**
 * When to retry and how long to wait. Only idempotent GETs are retried; the PATCH never is, since
 * a lost response does not tell whether the change was applied.
 */
import type { RetryPolicy } from "./call-options.ts";

/**
 * The wait before retry number `attempt + 1`, in ms. A `Retry-After` header (seconds or an HTTP
 * date) is honoured as given; without one, the delay doubles per attempt up to `maxDelayMs`, with
 * "equal jitter" (half fixed, half random) so that clients do not retry in lock-step.
 * Returns `undefined` when the server asks for a longer wait than `maxRetryAfterMs`.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfter: string | null, now = Date.now()): number | undefined {
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (!Number.isNaN(ms)) return ms > policy.maxRetryAfterMs ? undefined : Math.max(0, ms);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}
