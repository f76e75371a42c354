// How a stone's grading reads on the screens and in the command palette, in the trade's order.

export interface Grading {
  colour?: string | null;
  hue?: string | null;
  tone?: string | null;
  saturation?: string | null;
  shape?: string | null;
  cutGrade?: string | null;
  lengthMm?: number | null;
  widthMm?: number | null;
  depthMm?: number | null;
  treatment?: string | null;
  fluorescence?: string | null;
  origin?: string | null;
}

/** Measurements as labs write them: "6.52 × 6.49 × 4.01 mm"; the parts present, or null. */
export function measurementsText(stone: Grading): string | null {
  const parts = [stone.lengthMm, stone.widthMm, stone.depthMm].filter((n): n is number => typeof n === 'number');
  if (parts.length === 0) return null;
  return `${parts.map((n) => n.toFixed(2)).join(' × ')} mm`;
}

/** A coloured stone's colour in words: "Royal blue (blue, medium dark, vivid)". */
export function colourText(stone: Grading): string | null {
  const described = [stone.hue, stone.tone?.toLowerCase(), stone.saturation?.toLowerCase()].filter(Boolean);
  if (!stone.colour && described.length === 0) return null;
  if (described.length === 0) return stone.colour ?? null;
  return stone.colour ? `${stone.colour} (${described.join(', ')})` : described.join(', ');
}

/** The short line a dealer reads a stone by: "Oval · G colour · Excellent cut · Heated · Sri Lanka". */
export function gradingLine(stone: Grading): string {
  const colour = colourText(stone);
  return [
    stone.shape,
    colour && (stone.colour && /^[D-Z]$/.test(stone.colour) && !stone.hue ? `${colour} colour` : colour),
    stone.cutGrade && `${stone.cutGrade} cut`,
    stone.treatment && (stone.treatment === 'None' ? 'No treatment' : stone.treatment),
    stone.fluorescence && `${stone.fluorescence} fluorescence`,
    stone.origin,
  ]
    .filter(Boolean)
    .join(' · ');
}
