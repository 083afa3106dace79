/**
 * Norwegian national identity numbers (fødselsnummer) and D-numbers: 11 digits, DDMMYY + a
 * three-digit individual number + two check digits (modulus 11).
 *
 * - D-number: the first digit is raised by 4 (day 41–71).
 * - Synthetic test numbers (Skatteetaten's Tenor test data, also used in ID-porten's test
 *   environment): the month is raised by 80. They can never belong to a real person, which is
 *   why the product's examples and demo data use them. They follow the same rules otherwise.
 *
 * The century comes from the individual number (Skatteetaten's ranges):
 * 000–499 → 1900–1999; 500–749 with year 54–99 → 1854–1899; 500–999 with year 00–39 → 2000–2039;
 * 900–999 with year 40–99 → 1940–1999. Other combinations are not issued.
 *
 * Runs in the browser and on the server; no Node APIs.
 */

export type NationalIdKind = 'fodselsnummer' | 'd-number';

export interface ParsedNationalId {
  readonly kind: NationalIdKind;
  /** A Tenor test number (month + 80). */
  readonly synthetic: boolean;
  /** ISO calendar date `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly individualNumber: number;
}

export type NationalIdProblem = 'format' | 'checksum' | 'date';

const weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return undefined; // no valid check digit: such numbers are never issued
  return rest;
}

/** Both check digits (k1, k2) for the first nine digits, or undefined when no valid number exists. */
export function checkDigits(firstNine: string): [number, number] | undefined {
  if (!/^\d{9}$/.test(firstNine)) return undefined;
  const digits = [...firstNine].map(Number);
  const k1 = checkDigit(digits, weights1);
  if (k1 === undefined) return undefined;
  const k2 = checkDigit([...digits, k1], weights2);
  if (k2 === undefined) return undefined;
  return [k1, k2];
}

/** Removes spaces, dots and dashes people type between the groups of digits. */
export function normalizeNationalId(value: string): string {
  return value.replace(/[\s.-]/g, '');
}

function century(individual: number, year: number): number | undefined {
  if (individual <= 499) return 1900;
  if (individual <= 749 && year >= 54) return 1800;
  if (individual >= 500 && year <= 39) return 2000;
  if (individual >= 900 && year >= 40) return 1900;
  return undefined;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Parses a national identity number or D-number; the problem if it is not a valid one. */
export function parseNationalId(value: string): { ok: true; value: ParsedNationalId } | { ok: false; problem: NationalIdProblem } {
  const id = normalizeNationalId(value);
  if (!/^\d{11}$/.test(id)) return { ok: false, problem: 'format' };
  const digits = checkDigits(id.slice(0, 9));
  if (!digits || digits[0] !== Number(id[9]) || digits[1] !== Number(id[10])) return { ok: false, problem: 'checksum' };

  let day = Number(id.slice(0, 2));
  let month = Number(id.slice(2, 4));
  const year = Number(id.slice(4, 6));
  const individualNumber = Number(id.slice(6, 9));
  let kind: NationalIdKind = 'fodselsnummer';
  if (day > 40) {
    kind = 'd-number';
    day -= 40;
  }
  let synthetic = false;
  if (month > 80) {
    synthetic = true;
    month -= 80;
  }
  const base = century(individualNumber, year);
  if (base === undefined) return { ok: false, problem: 'date' };
  const fullYear = base + year;
  if (!isCalendarDate(fullYear, month, day)) return { ok: false, problem: 'date' };
  return { ok: true, value: { kind, synthetic, birthDate: `${fullYear}-${pad(month)}-${pad(day)}`, individualNumber } };
}

export function isValidNationalId(value: string): boolean {
  return parseNationalId(value).ok;
}

/** Whole years from an ISO birth date to an ISO reference date. */
export function ageOn(birthDate: string, referenceDate: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [ry = 0, rm = 0, rd = 0] = referenceDate.split('-').map(Number);
  let age = ry - by;
  if (rm < bm || (rm === bm && rd < bd)) age -= 1;
  return age;
}

/** Today's date as `YYYY-MM-DD` in Norwegian time, which decides birthdays here. */
export function todayInNorway(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The age in whole years on `referenceDate` (default: today in Norway), or undefined for an invalid number. */
export function ageFromNationalId(value: string, referenceDate: string = todayInNorway()): number | undefined {
  const parsed = parseNationalId(value);
  return parsed.ok ? ageOn(parsed.value.birthDate, referenceDate) : undefined;
}

/**
 * Builds a valid number from a birth date and an individual number (tests, examples, demo data):
 * the smallest individual number from `individual` upwards in the same century range that gives
 * valid check digits.
 */
export function makeNationalId(
  birthDate: string,
  options: { individual?: number; dNumber?: boolean; synthetic?: boolean } = {},
): string {
  const [y = 0, m = 0, d = 0] = birthDate.split('-').map(Number);
  const day = d + (options.dNumber ? 40 : 0);
  const month = m + (options.synthetic ? 80 : 0);
  const yy = y % 100;
  const from = options.individual ?? (y >= 2000 ? 500 : y < 1900 ? 500 : 100);
  for (let individual = from; individual <= 999; individual++) {
    const base = century(individual, yy);
    if (base === undefined || base + yy !== y) continue;
    const nine = `${pad(day)}${pad(month)}${pad(yy)}${pad(individual, 3)}`;
    const digits = checkDigits(nine);
    if (digits) return `${nine}${digits[0]}${digits[1]}`;
  }
  throw new Error(`no valid national identity number for ${birthDate}`);
}
