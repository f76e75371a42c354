// A demo stone's asking and cost price. Prices per carat are log-normal around a figure per type that
// rises with weight (a 2 ct stone costs more per carat than a 1 ct one), moved by what the trade pays
// for (colour grade, origin, no treatment, saturation); cost is 55–75 % of asking. Most stock is priced
// in dollars, some in euros and Swiss francs.
import { DIAMOND_CLARITY_GRADES, DIAMOND_COLOURS } from '../../src/shared/enums';
import { toMinorUnits } from '../../src/shared/money';
import type { StoneGrading } from './grading';
import { between, normal, picker, type Weighted } from './random';

interface Market {
  /** Median price per carat of a 1 ct stone, USD. */
  perCarat: number;
  /** How fast the price per carat rises with weight: price per carat ∝ carats^growth. */
  growth: number;
}

export const MARKETS: Record<string, Market> = {
  Diamond: { perCarat: 5200, growth: 0.85 },
  Ruby: { perCarat: 3500, growth: 0.7 },
  Sapphire: { perCarat: 1600, growth: 0.6 },
  Emerald: { perCarat: 2200, growth: 0.6 },
  Spinel: { perCarat: 1100, growth: 0.5 },
  Tanzanite: { perCarat: 420, growth: 0.35 },
  Tourmaline: { perCarat: 320, growth: 0.35 },
  Aquamarine: { perCarat: 240, growth: 0.3 },
  Garnet: { perCarat: 260, growth: 0.3 },
  Pearl: { perCarat: 550, growth: 0.4 },
  Opal: { perCarat: 230, growth: 0.3 },
  Alexandrite: { perCarat: 5500, growth: 0.7 },
};

/** Above this weight the price per carat stops rising (a 60 ct aquamarine is not priced like a crown jewel). */
const GROWTH_CAP_CT = 20;
const SPREAD = 0.35;

const CURRENCIES: Weighted<{ code: string; perUsd: number }> = [
  [{ code: 'USD', perUsd: 1 }, 75],
  [{ code: 'EUR', perUsd: 0.92 }, 15],
  [{ code: 'CHF', perUsd: 0.88 }, 10],
];

const PREMIUM_ORIGINS: Record<string, number> = {
  'Burma (Myanmar)': 1.5,
  Kashmir: 3,
  Colombia: 1.3,
};
const COLOUR_PREMIUMS: Record<string, number> = {
  'Pigeon blood red': 1.8,
  'Royal blue': 1.5,
  Padparadscha: 2,
  'Paraíba blue': 6,
  'Cobalt blue': 2.5,
  Demantoid: 2,
  Black: 1.4,
};
const SATURATION_FACTOR: Record<string, number> = {
  'Greyish / brownish': 0.6,
  'Slightly greyish / brownish': 0.75,
  'Very slightly greyish / brownish': 0.9,
  'Moderately strong': 1,
  Strong: 1.15,
  Vivid: 1.4,
};

/** What the quality adds or takes away, as a factor on the type's median price per carat. */
function quality(type: string, clarity: string, g: StoneGrading): number {
  let f = 1;
  if (type === 'Diamond') {
    const colour = DIAMOND_COLOURS.indexOf(g.colour as (typeof DIAMOND_COLOURS)[number]);
    f *= 1.09 ** (4 - colour); // D ≈ 1.4×, H = 1×, M ≈ 0.6×
    const grade = DIAMOND_CLARITY_GRADES.indexOf(clarity as (typeof DIAMOND_CLARITY_GRADES)[number]);
    if (grade >= 0) f *= 1.1 ** (5 - grade); // FL ≈ 1.6×, VS2 = 1×, I3 ≈ 0.56×
    if (g.treatment && g.treatment !== 'None') f *= 0.6;
    return f;
  }
  f *= PREMIUM_ORIGINS[g.origin ?? ''] ?? 1;
  f *= COLOUR_PREMIUMS[g.colour ?? ''] ?? 1;
  f *= SATURATION_FACTOR[g.saturation ?? ''] ?? 1;
  if ((type === 'Ruby' || type === 'Sapphire') && g.treatment === 'None') f *= 1.5;
  if (g.treatment === 'Glass filled') f *= 0.1;
  if (g.treatment === 'Diffused') f *= 0.3;
  return f;
}

/** The trade's round figures: 1,235 → 1,235; 12,340 → 12,350; 123,400 → 123,400. */
export function roundAsking(amount: number): number {
  const step = amount < 1000 ? 5 : amount < 10_000 ? 10 : amount < 100_000 ? 50 : 100;
  return Math.max(step, Math.round(amount / step) * step);
}

export interface StonePrices {
  costPrice: number | null;
  askingPrice: number | null;
  priceCurrency: string | null;
}

/** A pricer: draws one stone's prices after another from `rnd`. Amounts are minor units (cents). */
export function makePricer(rnd: () => number) {
  const currency = picker(CURRENCIES, rnd);
  return (type: string, carats: number, clarity: string, grading: StoneGrading): StonePrices => {
    // A few stones have just come in and are not priced yet.
    if (rnd() < 0.04) return { costPrice: null, askingPrice: null, priceCurrency: null };
    const market = MARKETS[type] ?? MARKETS.Spinel!;
    const perCarat =
      market.perCarat *
      Math.min(carats, GROWTH_CAP_CT) ** market.growth *
      quality(type, clarity, grading) *
      Math.exp(SPREAD * normal(rnd));
    const { code, perUsd } = currency();
    const asking = roundAsking(perCarat * carats * perUsd);
    // Not every stone's cost is on file (consignment, old stock).
    const cost = rnd() < 0.9 ? Math.round(asking * between(rnd, 0.55, 0.75)) : null;
    return {
      askingPrice: toMinorUnits(asking, code),
      costPrice: cost === null ? null : toMinorUnits(Math.max(1, cost), code),
      priceCurrency: code,
    };
  };
}
