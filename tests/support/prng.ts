/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence of
 * fuzz cases, so a failure printed with its seed can be replayed.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Mostly small sizes, now and then a large one: most bugs hide at the edges. */
  size(max: number): number {
    return this.chance(0.8) ? this.int(0, Math.min(max, 16)) : this.int(0, max);
  }

  string(length: number, alphabet: string): string {
    const chars = [...alphabet];
    return Array.from({ length }, () => this.pick(chars)).join('');
  }
}

/** FUZZ_SEED from the environment to replay a run, otherwise a fresh one. */
export function seedFromEnv(name = 'FUZZ_SEED'): number {
  const given = process.env[name];
  if (given !== undefined && /^\d+$/.test(given)) return Number(given) >>> 0;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
