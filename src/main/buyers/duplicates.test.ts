import { describe, expect, it } from 'vitest';
import { boundedDistance, nameKey, normaliseCompanyName, similarNames } from './duplicates';

describe('company names', () => {
  it.each([
    ['Aurora Gems Ltd.', 'aurora gems'],
    ['The Aurora Gems Co., Ltd', 'aurora gems'],
    ['AURORA GEMS LLC', 'aurora gems'],
    ['Aurora-Gems GmbH', 'aurora gems'],
    ['Gübelin & Söhne AG', 'gubelin and sohne'],
    ['Smith & Co', 'smith'],
    ['Inc', 'inc'],
  ])('normalises %j to %j', (name, normalised) => {
    expect(normaliseCompanyName(name)).toBe(normalised);
  });

  it('compares names without spaces', () => {
    expect(nameKey('Gem House Inc.')).toBe(nameKey('Gemhouse'));
  });

  it.each([
    ['Aurora Gems Ltd', 'Aurora Gems LLC'],
    ['Aurora Gems Ltd', 'aurora gem'],
    ['Meridian Jewels', 'Meridain Jewels'],
    ['Gem House', 'GemHouse GmbH'],
    ['Bangkok Colour Stones', 'Bangkok Color Stones'],
  ])('finds %j and %j very similar', (a, b) => {
    expect(similarNames(a, b)).toBe(true);
  });

  it.each([
    ['Bangkok Gem Traders', 'Bangkok Gems Trading'],
    ['Aurora Gems', 'Borealis Gems'],
    ['Gems A', 'Gems B'],
    ['Ruby Co', 'Rubi Co'],
    ['Nord Gem Trading', 'Nord Gold Trading'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(similarNames(a, b)).toBe(false);
  });

  it('stops counting edits once past the limit', () => {
    expect(boundedDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedDistance('kitten', 'sitting', 2)).toBe(3);
    expect(boundedDistance('abc', 'abcdefgh', 2)).toBe(3);
  });
});
