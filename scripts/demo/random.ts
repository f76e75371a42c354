// Drawing from weighted lists and bell curves with the seeded generator (src/shared/seeded-random.ts), so
// the same seed gives the same demo stock.

export type Weighted<T> = [T, number][];

/** A function that draws from `items` in proportion to their weights. */
export function picker<T>(items: Weighted<T>, rnd: () => number): () => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let running = 0;
  const cumulative = items.map(([, w]) => (running += w) / total);
  return () => {
    const r = rnd();
    const i = cumulative.findIndex((c) => r < c);
    return items[i === -1 ? items.length - 1 : i]![0];
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** A uniform draw in [min, max). */
export const between = (rnd: () => number, min: number, max: number) => min + (max - min) * rnd();
