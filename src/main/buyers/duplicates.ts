import type { Store } from '../db/store';
import { buyerIdentities } from './queries';

// Duplicate buyers: the same email (case-insensitive), the same buyer code (case-insensitive), or a very
// similar company name. Names are compared after normalising (see normaliseCompanyName): they are very
// similar when equal, or — for names of at least MIN_FUZZY_LENGTH letters — when the edit distance
// (Levenshtein) is at most SIMILARITY_TOLERANCE of the longer name: "Aurora Gems Ltd" and "Aurora Gem
// LLC" clash, "Bangkok Gem Traders" and "Bangkok Gems Trading" do not.

export const SIMILARITY_TOLERANCE = 0.15;
export const MIN_FUZZY_LENGTH = 5;

/** Legal-form words dropped from the end of a name (and "the" from its start). */
const LEGAL_SUFFIXES = new Set([
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'sl',
  'bv',
  'nv',
  'pte',
  'pty',
  'pvt',
  'oy',
  'ab',
  'as',
  'aps',
  'kk',
  'fze',
  'fzco',
  'fzc',
  'dmcc',
  'est',
  'and',
]);

/** "The Aurora Gems Co., Ltd." → "aurora gems": lowercase, no accents or punctuation, no legal form. */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

/** The name as compared: normalised, without spaces ("Gem House" and "Gemhouse" are the same). */
export function nameKey(name: string): string {
  return normaliseCompanyName(name).replace(/ /g, '');
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit` (keeps bulk imports fast). */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** True when two company names are very similar by the rule above. */
export function similarNames(a: string, b: string): boolean {
  return similarKeys(nameKey(a), nameKey(b));
}

function similarKeys(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const longer = Math.max(a.length, b.length);
  if (Math.min(a.length, b.length) < MIN_FUZZY_LENGTH) return false;
  const limit = Math.floor(longer * SIMILARITY_TOLERANCE);
  return limit > 0 && boundedDistance(a, b, limit) <= limit;
}

export type DuplicateMatch = 'email' | 'buyerCode' | 'companyName';

export interface Duplicate {
  match: DuplicateMatch;
  existingId: string;
  companyName: string;
  buyerCode: string;
}

export interface BuyerIdentity {
  buyerCode?: string;
  email?: string;
  companyName?: string;
}

interface KnownBuyer {
  id: string;
  buyerCode: string;
  companyName: string;
  email: string;
  key: string;
}

/**
 * The buyers a new or edited buyer must not duplicate, loaded once; `add` records a buyer accepted
 * earlier in the same import so two rows of one file are caught too.
 */
export class DuplicateIndex {
  private readonly byEmail = new Map<string, KnownBuyer>();
  private readonly byCode = new Map<string, KnownBuyer>();
  private readonly all: KnownBuyer[] = [];

  static load(store: Store): DuplicateIndex {
    const index = new DuplicateIndex();
    for (const row of buyerIdentities.all(store)) index.add(row);
    return index;
  }

  add(buyer: { id: string; buyerCode: string; companyName: string; email: string }) {
    const known = { ...buyer, key: nameKey(buyer.companyName) };
    this.byEmail.set(buyer.email.trim().toLowerCase(), known);
    this.byCode.set(buyer.buyerCode.trim().toUpperCase(), known);
    this.all.push(known);
  }

  /** The first clash, strongest first (email, then code, then name); `exceptId` is the buyer being edited. */
  find(candidate: BuyerIdentity, exceptId?: string, checkName = true): Duplicate | null {
    const hit = (match: DuplicateMatch, b: KnownBuyer | undefined): Duplicate | null =>
      b && b.id !== exceptId ? { match, existingId: b.id, companyName: b.companyName, buyerCode: b.buyerCode } : null;
    const email = candidate.email?.trim().toLowerCase();
    const byEmail = email ? hit('email', this.byEmail.get(email)) : null;
    if (byEmail) return byEmail;
    const code = candidate.buyerCode?.trim().toUpperCase();
    const byCode = code ? hit('buyerCode', this.byCode.get(code)) : null;
    if (byCode) return byCode;
    if (!checkName || !candidate.companyName) return null;
    const key = nameKey(candidate.companyName);
    for (const b of this.all) {
      if (b.id !== exceptId && similarKeys(key, b.key)) return hit('companyName', b);
    }
    return null;
  }
}

/** The sentence a person reads for a duplicate, naming the existing buyer. */
export function duplicateMessage(d: Duplicate, given: BuyerIdentity): string {
  const existing = `${d.companyName} (${d.buyerCode})`;
  switch (d.match) {
    case 'email':
      return `${existing} already uses the email ${given.email?.trim()}.`;
    case 'buyerCode':
      return `The buyer code ${given.buyerCode?.trim().toUpperCase()} is already used by ${existing}.`;
    case 'companyName':
      return `${existing} has a very similar company name; open the existing buyer, or confirm this is a different company.`;
  }
}
