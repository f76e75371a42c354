// What a dealer's stock of each type looks like: colours (with hue for coloured stones and a tint for the
// demo photos), origins, treatments, shapes and specific gravity. Weights are rough shares of a trade
// stock, not statistics: the aim is a demo that reads like a real one.
import type { Weighted } from './random';

export interface Colour {
  /** What the trade calls it (Colour). */
  colour: string;
  /** GIA's hue in words, for stones graded by hue, tone and saturation. */
  hue: string | null;
  /** The demo photo's colour. */
  tint: string;
}

export interface TypeProfile {
  /** Specific gravity: weight per volume, for measurements from carats. */
  sg: number;
  colours: Weighted<Colour>;
  /** '' stands for "not stated" (most diamonds carry no origin). */
  origins: Weighted<string>;
  treatments: Weighted<string>;
  shapes: Weighted<string>;
  /** Graded by hue, tone and saturation (not pearls and opals, described in words only). */
  graded: boolean;
  /** Lighter stones (aquamarine) sit lower on the tone scale. */
  light?: boolean;
}

const c = (colour: string, hue: string | null, tint: string, weight: number): [Colour, number] => [
  { colour, hue, tint },
  weight,
];

export const DIAMOND_SHAPES: Weighted<string> = [
  ['Round', 55],
  ['Oval', 8],
  ['Cushion', 8],
  ['Princess', 7],
  ['Emerald cut', 6],
  ['Pear', 5],
  ['Radiant', 4],
  ['Marquise', 3],
  ['Asscher', 2],
  ['Heart', 2],
];

const COLOURED_SHAPES: Weighted<string> = [
  ['Oval', 35],
  ['Cushion', 25],
  ['Round', 10],
  ['Pear', 7],
  ['Emerald cut', 6],
  ['Cabochon', 5],
  ['Trillion', 3],
  ['Radiant', 3],
  ['Heart', 2],
  ['Marquise', 2],
  ['Baguette', 2],
];

export const DIAMOND_ORIGINS: Weighted<string> = [
  ['', 60],
  ['Botswana', 12],
  ['Russia', 10],
  ['Canada', 8],
  ['South Africa', 5],
  ['Namibia', 3],
  ['Australia', 2],
];

export const DIAMOND_TREATMENTS: Weighted<string> = [
  ['None', 94],
  ['HPHT', 2],
  ['Laser drilled', 2],
  ['Fracture filled', 2],
];

/** Diamond colours on D–Z, most stock near the middle (G–J). */
export const DIAMOND_COLOUR_WEIGHTS = [3, 5, 8, 15, 17, 15, 12, 8, 5, 4, ...Array<number>(13).fill(0.6)];

/** The tint of a diamond's photo: colourless to yellow down the scale. */
export function diamondTint(grade: string): string {
  const i = grade.charCodeAt(0) - 'D'.charCodeAt(0);
  return i <= 6 ? '#eef3f8' : i <= 9 ? '#f3f0dc' : i <= 14 ? '#f1e7b8' : '#eedb8a';
}

export const COLOURED: Record<string, TypeProfile> = {
  Ruby: {
    sg: 4.0,
    graded: true,
    colours: [
      c('Red', 'Red', '#b0102a', 45),
      c('Pigeon blood red', 'Red', '#9b0a1e', 10),
      c('Purplish red', 'Purplish red', '#9c1448', 30),
      c('Pinkish red', 'Pinkish red', '#c8284e', 15),
    ],
    origins: [
      ['Burma (Myanmar)', 25],
      ['Mozambique', 40],
      ['Thailand', 10],
      ['Madagascar', 12],
      ['Sri Lanka', 6],
      ['Tanzania', 7],
    ],
    treatments: [
      ['Heated', 62],
      ['None', 30],
      ['Glass filled', 5],
      ['Diffused', 3],
    ],
    shapes: COLOURED_SHAPES,
  },
  Sapphire: {
    sg: 4.0,
    graded: true,
    colours: [
      c('Blue', 'Blue', '#1f3f9e', 45),
      c('Royal blue', 'Violetish blue', '#142b8a', 10),
      c('Cornflower blue', 'Blue', '#5072c8', 10),
      c('Pink', 'Pink', '#e0609a', 10),
      c('Yellow', 'Yellow', '#e8c23a', 8),
      c('Padparadscha', 'Pinkish orange', '#f08a6c', 4),
      c('Purple', 'Purple', '#7a3e9e', 5),
      c('White', null, '#e8eef4', 5),
      c('Green', 'Green', '#3f7f5c', 3),
    ],
    origins: [
      ['Sri Lanka', 35],
      ['Madagascar', 25],
      ['Burma (Myanmar)', 10],
      ['Thailand', 8],
      ['Australia', 6],
      ['Nigeria', 5],
      ['Tanzania', 5],
      ['Montana (USA)', 4],
      ['Kashmir', 2],
    ],
    treatments: [
      ['Heated', 62],
      ['None', 33],
      ['Diffused', 5],
    ],
    shapes: COLOURED_SHAPES,
  },
  Emerald: {
    sg: 2.72,
    graded: true,
    colours: [
      c('Green', 'Green', '#138a4c', 55),
      c('Bluish green', 'Bluish green', '#0f7f6a', 30),
      c('Yellowish green', 'Yellowish green', '#4c9a2a', 15),
    ],
    origins: [
      ['Colombia', 50],
      ['Zambia', 32],
      ['Brazil', 13],
      ['Afghanistan', 5],
    ],
    treatments: [
      ['Oiled', 70],
      ['Resin filled', 15],
      ['None', 15],
    ],
    shapes: [
      ['Emerald cut', 50],
      ['Oval', 15],
      ['Cushion', 10],
      ['Cabochon', 10],
      ['Pear', 8],
      ['Round', 7],
    ],
  },
  Spinel: {
    sg: 3.6,
    graded: true,
    colours: [
      c('Red', 'Red', '#b51a2e', 30),
      c('Pink', 'Pink', '#e4578f', 25),
      c('Hot pink', 'Purplish pink', '#ff3f8e', 10),
      c('Cobalt blue', 'Blue', '#1c3fbf', 5),
      c('Lavender', 'Violet', '#b69ad8', 15),
      c('Grey', 'Grey', '#8a8c99', 15),
    ],
    origins: [
      ['Burma (Myanmar)', 40],
      ['Tanzania', 25],
      ['Sri Lanka', 20],
      ['Vietnam', 10],
      ['Tajikistan', 5],
    ],
    treatments: [
      ['None', 95],
      ['Heated', 5],
    ],
    shapes: COLOURED_SHAPES,
  },
  Tanzanite: {
    sg: 3.35,
    graded: true,
    colours: [c('Violetish blue', 'Violetish blue', '#4a4fc0', 60), c('Bluish violet', 'Bluish violet', '#6a4ac8', 40)],
    origins: [['Tanzania', 1]],
    treatments: [
      ['Heated', 95],
      ['None', 5],
    ],
    shapes: COLOURED_SHAPES,
  },
  Tourmaline: {
    sg: 3.06,
    graded: true,
    colours: [
      c('Green', 'Green', '#3e8a4a', 30),
      c('Pink', 'Pink', '#e06b9a', 25),
      c('Rubellite red', 'Purplish red', '#b81f55', 15),
      c('Indicolite blue', 'Greenish blue', '#2a6f95', 12),
      c('Paraíba blue', 'Greenish blue', '#18c6d0', 5),
      c('Bicolour pink and green', null, '#c86a8a', 13),
    ],
    origins: [
      ['Brazil', 35],
      ['Mozambique', 25],
      ['Madagascar', 15],
      ['Nigeria', 15],
      ['Afghanistan', 10],
    ],
    treatments: [
      ['None', 60],
      ['Heated', 30],
      ['Irradiated', 10],
    ],
    shapes: COLOURED_SHAPES,
  },
  Aquamarine: {
    sg: 2.7,
    graded: true,
    light: true,
    colours: [
      c('Light blue', 'Greenish blue', '#9fd0e6', 50),
      c('Blue', 'Blue', '#6fb6dc', 40),
      c('Santa Maria blue', 'Blue', '#3f8fcf', 10),
    ],
    origins: [
      ['Brazil', 45],
      ['Mozambique', 20],
      ['Nigeria', 15],
      ['Madagascar', 10],
      ['Pakistan', 10],
    ],
    treatments: [
      ['Heated', 60],
      ['None', 40],
    ],
    shapes: COLOURED_SHAPES,
  },
  Garnet: {
    sg: 3.9,
    graded: true,
    colours: [
      c('Rhodolite', 'Purplish red', '#8e1f4a', 35),
      c('Tsavorite', 'Green', '#2ea24a', 20),
      c('Spessartite', 'Orange', '#e0661c', 20),
      c('Pyrope', 'Red', '#8a0f1c', 15),
      c('Demantoid', 'Yellowish green', '#5aa02a', 10),
    ],
    origins: [
      ['Tanzania', 25],
      ['Kenya', 20],
      ['Madagascar', 20],
      ['Namibia', 15],
      ['Russia', 10],
      ['Sri Lanka', 10],
    ],
    treatments: [['None', 1]],
    shapes: COLOURED_SHAPES,
  },
  Pearl: {
    sg: 2.7,
    graded: false,
    colours: [
      c('White', null, '#f4f1ea', 40),
      c('Cream', null, '#efe2c4', 20),
      c('Golden', null, '#d9b45a', 15),
      c('Black', null, '#3a3a44', 15),
      c('Silver', null, '#c9cdd3', 5),
      c('Pink', null, '#f1d4d4', 5),
    ],
    origins: [
      ['Australia (South Sea)', 25],
      ['French Polynesia (Tahiti)', 20],
      ['Japan (Akoya)', 20],
      ['China (freshwater)', 25],
      ['Philippines', 10],
    ],
    treatments: [
      ['None', 70],
      ['Bleached', 15],
      ['Dyed', 15],
    ],
    shapes: [
      ['Round', 55],
      ['Oval', 20],
      ['Pear', 15],
      ['Baroque', 10],
    ],
  },
  Opal: {
    sg: 2.1,
    graded: false,
    colours: [
      c('White', null, '#e9edf2', 35),
      c('Crystal', null, '#dfe9f0', 20),
      c('Black', null, '#2a2f4a', 15),
      c('Boulder', null, '#6b4a2a', 15),
      c('Fire orange', null, '#f07a1e', 15),
    ],
    origins: [
      ['Australia', 65],
      ['Ethiopia', 25],
      ['Mexico', 10],
    ],
    treatments: [
      ['None', 90],
      ['Smoke treated', 5],
      ['Dyed', 5],
    ],
    shapes: [
      ['Cabochon', 70],
      ['Oval', 20],
      ['Pear', 10],
    ],
  },
  Alexandrite: {
    sg: 3.73,
    graded: true,
    colours: [
      c('Green to red', 'Bluish green', '#2f7f5f', 60),
      c('Bluish green to purplish red', 'Bluish green', '#2d7a7a', 40),
    ],
    origins: [
      ['Sri Lanka', 35],
      ['Brazil', 30],
      ['Russia', 20],
      ['India', 15],
    ],
    treatments: [
      ['None', 95],
      ['Oiled', 5],
    ],
    shapes: COLOURED_SHAPES,
  },
};

export const DIAMOND_SG = 3.52;

/**
 * A shape's proportions: length ÷ width, depth ÷ width, and the factor of the trade's weight-estimation
 * formula (carats ≈ length × width × depth × specific gravity × factor, all in mm).
 */
export const SHAPE_GEOMETRY: Record<string, { ratio: number; depth: number; factor: number }> = {
  Round: { ratio: 1, depth: 0.61, factor: 0.0018 },
  Oval: { ratio: 1.35, depth: 0.62, factor: 0.002 },
  Cushion: { ratio: 1.08, depth: 0.66, factor: 0.0022 },
  'Emerald cut': { ratio: 1.4, depth: 0.66, factor: 0.0025 },
  Princess: { ratio: 1, depth: 0.72, factor: 0.00236 },
  Pear: { ratio: 1.6, depth: 0.6, factor: 0.00175 },
  Marquise: { ratio: 2, depth: 0.58, factor: 0.0016 },
  Radiant: { ratio: 1.25, depth: 0.66, factor: 0.0024 },
  Asscher: { ratio: 1, depth: 0.66, factor: 0.0025 },
  Heart: { ratio: 1, depth: 0.6, factor: 0.0018 },
  Trillion: { ratio: 1, depth: 0.45, factor: 0.0019 },
  Baguette: { ratio: 2.5, depth: 0.5, factor: 0.0026 },
  Cabochon: { ratio: 1.3, depth: 0.55, factor: 0.0026 },
  Baroque: { ratio: 1.2, depth: 0.85, factor: 0.0026 },
};

/** A pearl is nearly a sphere: π/6 of its box, in carats (0.2 g). */
export const PEARL_GEOMETRY: Record<string, { ratio: number; depth: number; factor: number }> = {
  Round: { ratio: 1, depth: 1, factor: Math.PI / 6 / 200 },
  Oval: { ratio: 1.15, depth: 0.95, factor: Math.PI / 6 / 200 },
  Pear: { ratio: 1.3, depth: 0.95, factor: 0.0024 },
  Baroque: { ratio: 1.25, depth: 0.85, factor: 0.0024 },
};
