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

/** Microseconds per operation, median of `rounds` interleaved rounds, per contestant. */
export async function interleaved(contestants: readonly Contestant[], rounds: number): Promise<Record<string, number>> {
  const samples = new Map(contestants.map((contestant) => [contestant.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < contestants.length; index++) {
      const contestant = contestants[(round + index) % contestants.length] as Contestant;
      const started = performance.now();
      const operations = await contestant.round();
      samples.get(contestant.name)?.push(((performance.now() - started) * 1000) / operations);
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}
