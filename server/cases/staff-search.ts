import { normalizeNationalId } from '../../forms/national-id.js';

/**
 * What a staff member typed in the case search: an 11-digit identity number, a case number (or
 * its beginning), or a name. Names match case- and accent-insensitively ("orjan" finds "Ørjan",
 * "aasheim" does not, "asheim" finds "Åsheim", "aeroe" finds "Ærø").
 */
export type CaseSearch =
  | { readonly kind: 'national-id'; readonly nationalId: string }
  | { readonly kind: 'case-number'; readonly pattern: RegExp }
  | { readonly kind: 'name'; readonly pattern: RegExp };

/** Letters that fold to one base letter; æ folds to "ae" (handled as a pair). */
const variants: Readonly<Record<string, string>> = {
  a: 'aàáâãäåāą',
  c: 'cçćč',
  d: 'dđ',
  e: 'eèéêëēęě',
  i: 'iìíîïī',
  l: 'lł',
  n: 'nñńň',
  o: 'oòóôõöøō',
  r: 'rř',
  s: 'sśšş',
  t: 'tť',
  u: 'uùúûüū',
  y: 'yýÿ',
  z: 'zźżž',
};

/** Lower case, accents off, ø → o, æ → ae: the form both the query and names are compared in. */
export function foldName(value: string): string {
  return value
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function letterClass(letter: string): string {
  const set = variants[letter];
  return set ? `[${set}${set.toUpperCase()}]` : escape(letter);
}

/** A regular expression matching the folded query anywhere in a name, whatever its accents and case. */
export function namePattern(query: string): RegExp {
  const folded = foldName(query);
  let source = '';
  for (let i = 0; i < folded.length; i++) {
    const letter = folded[i]!;
    if (letter === 'a' && folded[i + 1] === 'e') {
      source += `(?:${letterClass('a')}${letterClass('e')}|[æÆ])`;
      i++;
    } else if (letter === ' ') source += '\\s+';
    else source += letterClass(letter);
  }
  return new RegExp(source, 'i');
}

/** Reads the search box; undefined for an empty one. */
export function parseCaseSearch(q: string | undefined): CaseSearch | undefined {
  const text = (q ?? '').trim();
  if (text === '') return undefined;
  const digits = normalizeNationalId(text);
  if (/^\d{11}$/.test(digits)) return { kind: 'national-id', nationalId: digits };
  if (/^ip-\d{4}(-\d{0,6})?$/i.test(text)) return { kind: 'case-number', pattern: new RegExp(`^${escape(text.toUpperCase())}`) };
  return { kind: 'name', pattern: namePattern(text) };
}

/** The number as the audit log keeps it: the birth date, the personal part hidden. */
export function maskedNationalId(nationalId: string): string {
  return `${nationalId.slice(0, 6)}*****`;
}
