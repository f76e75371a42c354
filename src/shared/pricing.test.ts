import { describe, expect, it } from 'vitest';
import { discountPercent, discountText, margin, perCarat, totalFromPerCarat } from './pricing';
import { colourText, gradingLine, measurementsText } from './grading';
import { stoneFields, updateStoneInput } from './schemas';

describe('price per carat', () => {
  it('is rounded to whole currency units, half up', () => {
    // 12,500.00 USD for 2.15 ct = 5,813.953… → 5,814 USD/ct
    expect(perCarat(1_250_000, 2.15, 'USD')).toBe(581_400);
    // 4,292.50 USD / 1.01 ct = 4,250 exactly
    expect(perCarat(429_250, 1.01, 'USD')).toBe(425_000);
    // half a unit rounds up: 1.00 ct at 100.50 → 101
    expect(perCarat(10_050, 1, 'USD')).toBe(10_100);
    // currencies without minor units: 1,000,000 JPY / 3 ct = 333,333.3 → 333,333
    expect(perCarat(1_000_000, 3, 'JPY')).toBe(333_333);
    // three-decimal currencies: 1 KWD = 1000 fils
    expect(perCarat(1_500_500, 0.5, 'KWD')).toBe(3_001_000);
  });

  it('is not said without a total or a weight', () => {
    expect(perCarat(null, 1, 'USD')).toBeNull();
    expect(perCarat(100, 0, 'USD')).toBeNull();
  });

  it('makes a total rounded to whole units from a price per carat typed by staff', () => {
    expect(totalFromPerCarat(4250, 1.01, 'USD')).toBe(4293); // 4,292.50 → 4,293
    expect(totalFromPerCarat(4250.5, 2, 'USD')).toBe(8501);
    expect(totalFromPerCarat(1234, 0.33, 'USD')).toBe(407); // 407.22
    expect(totalFromPerCarat(333_333, 3, 'JPY')).toBe(999_999);
    // large amounts stay exact (no floating-point drift)
    expect(totalFromPerCarat(999_999_999.99, 999.99, 'USD')).toBe(999_989_999_990);
  });

  it('refuses a price per carat with more decimals than the currency has', () => {
    expect(() => totalFromPerCarat(10.5, 1, 'JPY')).toThrow(/at most 0 decimals/);
  });
});

describe('margin and discount', () => {
  it('margin is asking − cost, and its share of asking', () => {
    expect(margin(800_000, 1_250_000)).toEqual({ amount: 450_000, percentOfAsking: 36 });
    expect(margin(1_300_000, 1_250_000)).toEqual({ amount: -50_000, percentOfAsking: -4 });
    expect(margin(null, 1_250_000)).toBeNull();
  });

  it('a quote reads as a discount from the asking price', () => {
    expect(discountPercent(1_000_000, 915_000)).toBe(8.5);
    expect(discountText(discountPercent(1_000_000, 915_000))).toBe('8.5 % below asking');
    expect(discountText(discountPercent(1_000_000, 1_030_000))).toBe('3 % above asking');
    expect(discountText(discountPercent(1_000_000, 1_000_000))).toBe('at the asking price');
    expect(discountPercent(null, 1)).toBeNull();
  });
});

describe('grading words', () => {
  it('reads measurements and colour as the trade writes them', () => {
    expect(measurementsText({ lengthMm: 6.52, widthMm: 6.49, depthMm: 4.01 })).toBe('6.52 × 6.49 × 4.01 mm');
    expect(measurementsText({})).toBeNull();
    expect(colourText({ colour: 'Royal blue', tone: 'Medium dark', saturation: 'Vivid' })).toBe(
      'Royal blue (medium dark, vivid)',
    );
    expect(gradingLine({ shape: 'Round', colour: 'G', cutGrade: 'Excellent', fluorescence: 'None' })).toBe(
      'Round · G colour · Excellent cut · None fluorescence',
    );
  });
});

const base = {
  sku: 'RB-1',
  gemstoneType: 'Diamond',
  caratWeight: 1.01,
  clarityGrade: 'VS1',
  certificateStatus: 'none',
  location: 'Vault',
};
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('grading and price input', () => {
  it('takes the listed spelling and turns blanks into none', () => {
    const v = stoneFields.parse({ ...base, shape: 'round', treatment: 'heated', cutGrade: 'excellent', origin: ' ' });
    expect(v).toMatchObject({ shape: 'Round', treatment: 'Heated', cutGrade: 'Excellent', origin: null });
    expect(stoneFields.parse({ ...base, treatment: 'Heated, minor oil' }).treatment).toBe('Heated, minor oil');
  });

  it('says what is wrong in staff words', () => {
    const r = stoneFields.safeParse({
      ...base,
      tone: 'Pale',
      lengthMm: 6.523,
      widthMm: 0,
      reportUrl: 'http://gia.edu/report',
      priceCurrency: 'XXQ',
    });
    expect(messages(r)).toEqual([
      expect.stringMatching(/^tone: Choose a tone from the list/),
      'lengthMm: Length is measured to at most 0.01 mm',
      'widthMm: Width must be greater than 0 mm',
      'reportUrl: Report link must be a web address starting with https://',
      'priceCurrency: XXQ is not an ISO 4217 currency code (e.g. USD, EUR)',
    ]);
  });

  it('needs a currency with a price, and no more decimals than the currency has', async () => {
    const { createStoneInput } = await import('./schemas');
    expect(messages(createStoneInput.safeParse({ ...base, askingPrice: 12500 }))).toEqual([
      'priceCurrency: Choose the currency of the prices',
    ]);
    expect(messages(createStoneInput.safeParse({ ...base, askingPrice: 12500.5, priceCurrency: 'JPY' }))).toEqual([
      'askingPrice: JPY amounts have at most 0 decimals',
    ]);
    expect(createStoneInput.parse({ ...base, askingPrice: 12500.5, priceCurrency: 'usd' })).toMatchObject({
      askingPrice: 12500.5,
      priceCurrency: 'USD',
    });
    expect(updateStoneInput.parse({ id: 'x', changes: { shape: 'Oval' } }).changes).toEqual({ shape: 'Oval' });
  });
});
