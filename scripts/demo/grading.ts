// A demo stone's grading and description, on its type's scale: diamonds D–Z with cut and fluorescence,
// coloured stones a colour in words with hue, tone and saturation, origin and treatment by type, and
// measurements that fit the stone's weight, shape and specific gravity.
import { CUT_GRADES, DIAMOND_COLOURS, FLUORESCENCE, SATURATIONS, TONES } from '../../src/shared/enums';
import { normal, picker, type Weighted } from './random';
import {
  COLOURED,
  DIAMOND_COLOUR_WEIGHTS,
  DIAMOND_ORIGINS,
  DIAMOND_SG,
  DIAMOND_SHAPES,
  DIAMOND_TREATMENTS,
  diamondTint,
  PEARL_GEOMETRY,
  SHAPE_GEOMETRY,
  type TypeProfile,
} from './stone-profiles';

export interface StoneGrading {
  colour: string | null;
  hue: string | null;
  tone: string | null;
  saturation: string | null;
  shape: string;
  cutGrade: string | null;
  lengthMm: number | null;
  widthMm: number | null;
  depthMm: number | null;
  origin: string | null;
  treatment: string | null;
  fluorescence: string | null;
  reportUrl: string | null;
}

export interface GradedStone {
  grading: StoneGrading;
  /** The colour of its demo photo. */
  tint: string;
}

const weights = <T>(items: readonly T[], w: number[]): Weighted<T> => items.map((x, i) => [x, w[i] ?? 0]);

/** GIA's report check, the link a certificate number gives. */
export const reportLink = (certificateNumber: string) =>
  `https://www.gia.edu/report-check?reportno=${encodeURIComponent(certificateNumber)}`;

const mm = (n: number) => Math.round(n * 100) / 100;

/** Length × width × depth in mm of a stone of `carats`, from its shape's proportions and specific gravity. */
export function measurementsFor(carats: number, shape: string, sg: number, pearl: boolean, rnd: () => number) {
  const g = (pearl ? PEARL_GEOMETRY[shape] : undefined) ?? SHAPE_GEOMETRY[shape] ?? SHAPE_GEOMETRY.Oval!;
  // Cutters vary: a few per cent either way on outline and depth.
  const ratio = g.ratio === 1 ? 1 : Math.max(1.02, g.ratio * (1 + 0.06 * normal(rnd)));
  const depth = g.depth * (1 + 0.04 * normal(rnd));
  const width = Math.cbrt(carats / (ratio * depth * sg * g.factor));
  // A round's "length" and "width" are its smallest and largest diameter.
  const length = g.ratio === 1 ? width * (1 + Math.abs(0.006 * normal(rnd))) : width * ratio;
  return { lengthMm: mm(length), widthMm: mm(width), depthMm: mm(width * depth) };
}

/** A grader: draws the grading of one stone after another from `rnd` (deterministic for a seed). */
export function makeGrader(rnd: () => number) {
  const diamondColour = picker(weights(DIAMOND_COLOURS, DIAMOND_COLOUR_WEIGHTS), rnd);
  const diamondShape = picker(DIAMOND_SHAPES, rnd);
  const diamondOrigin = picker(DIAMOND_ORIGINS, rnd);
  const diamondTreatment = picker(DIAMOND_TREATMENTS, rnd);
  const fluorescence = picker(weights(FLUORESCENCE, [62, 20, 11, 6, 1]), rnd);
  const diamondCut = picker(weights(CUT_GRADES, [45, 30, 18, 5, 2]), rnd);
  const colouredCut = picker(weights(CUT_GRADES, [12, 40, 35, 10, 3]), rnd);
  const tone = picker(weights(TONES, [2, 8, 18, 30, 28, 12, 2]), rnd);
  const lightTone = picker(weights(TONES, [15, 35, 30, 15, 5, 0, 0]), rnd);
  const saturation = picker(weights(SATURATIONS, [3, 8, 14, 25, 32, 18]), rnd);
  const byType = new Map(
    Object.entries(COLOURED).map(([type, p]) => [
      type,
      {
        profile: p,
        colour: picker(p.colours, rnd),
        origin: picker(p.origins, rnd),
        treatment: picker(p.treatments, rnd),
        shape: picker(p.shapes, rnd),
      },
    ]),
  );

  function diamond(carats: number, certificate: string | null): GradedStone {
    const colour = diamondColour();
    const shape = diamondShape();
    const origin = diamondOrigin();
    // GIA grades the cut of rounds; a fancy shape's report often has none.
    const cutGrade = shape === 'Round' || rnd() < 0.4 ? diamondCut() : null;
    return {
      tint: diamondTint(colour),
      grading: {
        colour,
        hue: null,
        tone: null,
        saturation: null,
        shape,
        cutGrade,
        ...measured(carats, shape, DIAMOND_SG, false),
        origin: origin === '' ? null : origin,
        treatment: diamondTreatment(),
        fluorescence: fluorescence(),
        reportUrl: certificate ? reportLink(certificate) : null,
      },
    };
  }

  function measured(carats: number, shape: string, sg: number, pearl: boolean) {
    // Most stones have been measured; a few older entries never were.
    return rnd() < 0.92
      ? measurementsFor(carats, shape, sg, pearl, rnd)
      : { lengthMm: null, widthMm: null, depthMm: null };
  }

  function coloured(
    type: string,
    kind: NonNullable<ReturnType<typeof byType.get>>,
    carats: number,
    certificate: string | null,
  ): GradedStone {
    const p: TypeProfile = kind.profile;
    const { colour, hue, tint } = kind.colour();
    const shape = kind.shape();
    const pearl = type === 'Pearl';
    const faceted = !pearl && shape !== 'Cabochon';
    const graded = p.graded && hue !== null;
    return {
      tint,
      grading: {
        colour,
        hue: graded ? hue : null,
        tone: graded ? (p.light ? lightTone() : tone()) : null,
        saturation: graded ? saturation() : null,
        shape,
        cutGrade: faceted && rnd() < 0.7 ? colouredCut() : null,
        ...measured(carats, shape, p.sg, pearl),
        origin: kind.origin(),
        treatment: kind.treatment(),
        fluorescence: null,
        reportUrl: certificate && rnd() < 0.5 ? reportLink(certificate) : null,
      },
    };
  }

  return (type: string, carats: number, certificate: string | null): GradedStone => {
    if (type === 'Diamond') return diamond(carats, certificate);
    const kind = byType.get(type) ?? byType.get('Sapphire')!;
    return coloured(type, kind, carats, certificate);
  };
}
