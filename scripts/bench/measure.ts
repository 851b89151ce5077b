/**
 * Interleaved rounds: each round runs every contestant once, in an order that rotates from round
 * to round, so drift (CPU frequency, GC, other load) hits all of them alike. The figure of a
 * contestant is the median of its rounds.
 */
export interface Contestant {
  name: string;
  /** One round of work; returns how many operations it did. */
  round: () => Promise<number>;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export interface Figures {
  /** Microseconds per operation, median of the rounds, per contestant. */
  medians: Record<string, number>;
  /** Microseconds per operation of every round, per contestant, in round order. */
  rounds: Record<string, number[]>;
}

/**
 * A contestant's cost relative to a reference: the median of the per-round ratios. The two ran
 * side by side in each round, so a slow round (GC, another process) slows both and cancels out.
 */
export function pairedRatio(figures: Figures, name: string, reference: string): number {
  const ours = figures.rounds[name] ?? [];
  const theirs = figures.rounds[reference] ?? [];
  return median(ours.map((value, round) => value / (theirs[round] as number)));
}

/** Runs `rounds` interleaved rounds of every contestant. */
export async function interleaved(contestants: readonly Contestant[], rounds: number): Promise<Figures> {
  const samples = new Map(contestants.map((contestant) => [contestant.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < contestants.length; index++) {
      const contestant = contestants[(round + index) % contestants.length] as Contestant;
      const started = performance.now();
      const operations = await contestant.round();
      samples.get(contestant.name)?.push(((performance.now() - started) * 1000) / operations);
    }
  }
  return {
    medians: Object.fromEntries([...samples].map(([name, values]) => [name, median(values)])),
    rounds: Object.fromEntries(samples),
  };
}
