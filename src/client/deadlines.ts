/**
 * One timer for the time-outs of all of a client's calls in flight, instead of one timer per call:
 * arming and clearing a timer on every request costs more than the rest of the client's own work
 * (Node's fetch keeps a timer wheel of its own for the same reason). The timer is re-armed only
 * when a call's deadline is earlier than the one it is set for, which under a steady flow of calls
 * with the same time-out means once per time-out period.
 */
export interface Deadline {
  /** When it expires, in `performance.now()` time. */
  readonly at: number;
  expire(): void;
}

export interface Deadlines {
  add(deadline: Deadline): void;
  /** Forgets a deadline that is no longer needed (its call ended); no-op when it already expired. */
  remove(deadline: Deadline): void;
}

export function createDeadlines(): Deadlines {
  const pending = new Set<Deadline>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;

  const arm = (at: number): void => {
    clearTimeout(timer);
    armedFor = at;
    timer = setTimeout(fire, Math.max(0, at - performance.now()));
    // In Node, a waiting timer alone must not keep the process alive; the request it guards does.
    (timer as { unref?: () => void }).unref?.();
  };
  const fire = (): void => {
    timer = undefined;
    armedFor = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const deadline of pending) {
      if (deadline.at <= now) {
        pending.delete(deadline);
        deadline.expire();
      } else next = Math.min(next, deadline.at);
    }
    if (next !== Infinity) arm(next);
  };

  return {
    add(deadline) {
      pending.add(deadline);
      if (deadline.at < armedFor) arm(deadline.at);
    },
    remove(deadline) {
      pending.delete(deadline);
    },
  };
}
