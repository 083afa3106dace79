// Collation as mongod reads it (locale, strength, caseLevel, caseFirst, numericOrdering, alternate),
// carried out by ICU through Intl.Collator. A collation is resolved once per command into a string
// comparison that values.ts applies wherever two strings meet (matching, sorting, unique keys).
import type { Document } from 'bson';
import { CommandError } from './errors.js';
import { formatValue, isPlainObject, type StringCompare } from './values.js';

/** A collation spec in the full form mongod reports it (listIndexes, listCollections). */
export type CollationSpec = Document & { locale: string; strength: number };

const FIELDS = new Set(['locale', 'caseLevel', 'caseFirst', 'strength', 'numericOrdering', 'alternate', 'maxVariable', 'normalization', 'backwards', 'version']);
const SENSITIVITY: Record<number, Intl.CollatorOptions['sensitivity']> = { 1: 'base', 2: 'accent', 3: 'variant', 4: 'variant', 5: 'variant' };
const collators = new Map<string, StringCompare>();

/**
 * Validates a collation document and fills in mongod's defaults; `undefined` for none or for
 * `{ locale: 'simple' }` (binary comparison). Throws mongod's errors for bad fields and unknown locales.
 */
export function parseCollation(raw: unknown): CollationSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) throw new CommandError(14, `BSON field 'collation' is the wrong type '${typeof raw}', expected type 'object'`);
  for (const k of Object.keys(raw)) if (!FIELDS.has(k)) throw new CommandError(40415, `BSON field 'Collation.${k}' is an unknown field.`);
  if (typeof raw.locale !== 'string') {
    if (raw.locale === undefined) throw new CommandError(40414, "BSON field 'Collation.locale' is missing but a required field");
    throw new CommandError(14, "BSON field 'Collation.locale' is the wrong type, expected type 'string'");
  }
  if (raw.locale === 'simple') {
    if (Object.keys(raw).length > 1) throw new CommandError(2, `If "locale" is set to "simple", then no other fields may be set: ${formatValue(raw)}`);
    return undefined;
  }
  const tag = raw.locale.replace(/_/g, '-').replace(/@.*$/, '');
  let supported: string[];
  try {
    supported = tag === 'root' || tag === '' ? ['und'] : Intl.Collator.supportedLocalesOf([tag], { localeMatcher: 'lookup' });
  } catch {
    supported = [];
  }
  if (supported.length === 0) throw new CommandError(2, `Field 'locale' is invalid in: ${formatValue(raw)}`);
  const strength = raw.strength === undefined ? 3 : Number(raw.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) throw new CommandError(2, `Field 'strength' must be an integer 1 through 5. Got: ${String(raw.strength)}`);
  const caseFirst = raw.caseFirst ?? 'off';
  if (caseFirst !== 'off' && caseFirst !== 'upper' && caseFirst !== 'lower') throw new CommandError(2, `Field 'caseFirst' must be 'upper', 'lower' or 'off'. Got: ${String(caseFirst)}`);
  const alternate = raw.alternate ?? 'non-ignorable';
  if (alternate !== 'non-ignorable' && alternate !== 'shifted') throw new CommandError(2, `Field 'alternate' must be 'non-ignorable' or 'shifted'. Got: ${String(alternate)}`);
  return {
    locale: raw.locale,
    caseLevel: raw.caseLevel === true,
    caseFirst,
    strength,
    numericOrdering: raw.numericOrdering === true,
    alternate,
    maxVariable: raw.maxVariable ?? 'punct',
    normalization: raw.normalization === true,
    backwards: raw.backwards === true,
    version: '57.1',
  };
}

/** The string comparison of a parsed collation (cached per distinct spec). */
export function collator(spec: CollationSpec | undefined): StringCompare | undefined {
  if (typeof spec?.locale !== 'string') return undefined;
  const key = `${spec.locale}|${spec.strength}|${String(spec.caseLevel)}|${String(spec.caseFirst)}|${String(spec.numericOrdering)}|${String(spec.alternate)}`;
  let cmp = collators.get(key);
  if (!cmp) {
    let sensitivity = SENSITIVITY[spec.strength];
    if (spec.caseLevel === true) sensitivity = sensitivity === 'base' ? 'case' : 'variant';
    const c = new Intl.Collator(spec.locale.replace(/_/g, '-').replace(/@.*$/, '').replace(/^root$/, 'und'), {
      usage: 'sort',
      sensitivity,
      caseFirst: spec.caseFirst === 'off' ? 'false' : (spec.caseFirst as 'upper' | 'lower'),
      numeric: spec.numericOrdering === true,
      ignorePunctuation: spec.alternate === 'shifted',
    });
    cmp = (a, b) => {
      const d = c.compare(a, b);
      return d < 0 ? -1 : d > 0 ? 1 : 0;
    };
    collators.set(key, cmp);
  }
  return cmp;
}

/** Whether two parsed collations are the same (both simple counts as the same). */
export function sameCollation(a: CollationSpec | undefined, b: CollationSpec | undefined): boolean {
  if (!a || !b) return !a && !b;
  return collator(a) === collator(b);
}

/**
 * The collation a command runs with: its own, else the collection's default. A command's explicit
 * `{ locale: 'simple' }` overrides a collection default.
 */
export function effectiveCollation(raw: unknown, collectionDefault: unknown): CollationSpec | undefined {
  if (raw !== undefined && raw !== null) return parseCollation(raw);
  return isPlainObject(collectionDefault) ? parseCollation(collectionDefault) : undefined;
}
