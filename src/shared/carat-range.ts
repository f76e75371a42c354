import { MAX_CARAT_WEIGHT } from './schemas';

export { caratRangeProblem } from './schemas';

// The grid's carat range, as the filter fields check it while the user types and as the core checks it
// again: each end a weight from 0 to the largest stone, and From not above To (a reversed range is
// refused, not answered with an empty list nobody can explain).

/** The weight typed into a From/To field, or why it is not one; an empty field is no bound. */
export function readCaratBound(text: string): { value: number | undefined } | { problem: string } {
  const typed = text.trim().replace(',', '.');
  if (typed === '') return { value: undefined };
  if (!/^-?\d*\.?\d*$/.test(typed) || !/\d/.test(typed)) return { problem: 'Type a weight in carats, e.g. 1.25' };
  const value = Number(typed);
  if (value < 0) return { problem: 'A weight cannot be below 0 ct' };
  if (value > MAX_CARAT_WEIGHT) return { problem: `At most ${MAX_CARAT_WEIGHT.toLocaleString('en-US')} ct` };
  return { value };
}
