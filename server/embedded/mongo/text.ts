// `$text` search over a collection's text index, as mongod's text index version 3 reads text: words
// folded to lower case without diacritics, stop words dropped and the rest stemmed (Snowball) in the
// document's language (`norwegian`, `english`, … or `none`), phrases and negated words honoured,
// and a relevance score per document for `{ $meta: "textScore" }`.
import type { Document } from 'bson';
import snowball from 'snowball-stemmers';
import type { Collection } from './collection.js';
import { CommandError } from './errors.js';
import type { Index } from './indexes.js';
import { isPlainObject } from './values.js';

/** The score of each document a `$text` query matched (documents are kept by identity). */
export const textScores = new WeakMap<object, number>();

const LANGUAGES: Record<string, string> = {
  none: 'none', norwegian: 'norwegian', nb: 'norwegian', no: 'norwegian', nn: 'norwegian', english: 'english', en: 'english', danish: 'danish', da: 'danish',
  swedish: 'swedish', sv: 'swedish', german: 'german', de: 'german', french: 'french', fr: 'french', spanish: 'spanish', es: 'spanish', dutch: 'dutch', nl: 'dutch',
  finnish: 'finnish', fi: 'finnish', italian: 'italian', it: 'italian', portuguese: 'portuguese', pt: 'portuguese', russian: 'russian', ru: 'russian',
  hungarian: 'hungarian', hu: 'hungarian', romanian: 'romanian', ro: 'romanian', turkish: 'turkish', tr: 'turkish',
};

// Snowball's stop word lists, as mongod uses them (Norwegian bokmål and nynorsk, English).
const STOP_WORDS: Record<string, Set<string>> = {
  norwegian: new Set(
    'og i jeg det at en et den til er som pa de med han av ikke ikkje der sa var meg seg men ett har om vi min mitt ha hadde hun na over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjol her alle vil bli ble blei blitt kunne inn nar vaere kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot a meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sann inni mellom var hver hvem vors hvis bade bare enn fordi for mange ogsa slik vaert bae begge siden dykk dykkar dei deira deires deim di da eg ein eit eitt elles honom hja ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart'.split(' '),
  ),
  english: new Set(
    'a about above after again against all am an and any are as at be because been before being below between both but by can did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with you your yours yourself yourselves'.split(' '),
  ),
};

const stemmers = new Map<string, { stem(word: string): string }>();

function language(name: unknown, where: string): string {
  const lang = LANGUAGES[String(name).toLowerCase()];
  if (!lang) throw new CommandError(17262, `${where}: language override unsupported: ${String(name)}`);
  return lang;
}

function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** The index terms of a text in a language (stop words dropped, words stemmed). */
export function terms(text: string, lang: string): string[] {
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
  if (lang === 'none') return words;
  const stop = STOP_WORDS[lang];
  let stemmer = stemmers.get(lang);
  if (!stemmer) {
    stemmer = snowball.newStemmer(lang);
    stemmers.set(lang, stemmer);
  }
  const s = stemmer;
  return words.filter((w) => !stop?.has(w)).map((w) => s.stem(w));
}

export function textIndex(coll: Collection | undefined): Index | undefined {
  return coll?.indexes.find((ix) => Object.values(ix.spec.key).includes('text'));
}

/** The strings of a document a text index covers, with their weights. */
function indexedTexts(index: Index, doc: Document): Array<[string, number]> {
  const weights = (index.spec.weights as Document | undefined) ?? {};
  const out: Array<[string, number]> = [];
  const push = (v: unknown, weight: number): void => {
    if (typeof v === 'string') out.push([v, weight]);
    else if (Array.isArray(v)) for (const e of v) push(e, weight);
  };
  const wildcard = (v: unknown, path: string): void => {
    if (typeof v === 'string') out.push([v, Number(weights[path] ?? 1)]);
    else if (Array.isArray(v)) for (const e of v) wildcard(e, path);
    else if (isPlainObject(v)) for (const [k, e] of Object.entries(v)) wildcard(e, path ? `${path}.${k}` : k);
  };
  const fields = Object.entries(index.spec.key).filter(([, v]) => v === 'text').map(([k]) => k);
  for (const field of new Set([...fields, ...Object.keys(weights)])) {
    if (field === '$**' || field === '_fts' || field === '_ftsx') {
      if (field === '$**') wildcard(doc, '');
      continue;
    }
    let values: unknown[] = [doc];
    for (const part of field.split('.')) values = values.flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => (isPlainObject(v) ? v[part] : undefined));
    for (const v of values) push(v, Number(weights[field] ?? 1));
  }
  return out;
}

interface Search {
  positive: string[];
  negative: string[];
  phrases: string[];
  negPhrases: string[];
  lang: string;
  caseSensitive: boolean;
}

function parseSearch(spec: unknown, index: Index): Search {
  if (!isPlainObject(spec) || typeof spec.$search !== 'string') throw new CommandError(2, '$text requires a $search string');
  const lang = language(spec.$language ?? index.spec.default_language ?? 'english', '$text');
  const text = spec.$search;
  const phrases: string[] = [];
  const negPhrases: string[] = [];
  const rest = text.replace(/(-?)"([^"]*)"/g, (_m, neg: string, p: string) => {
    (neg ? negPhrases : phrases).push(p);
    return ' ';
  });
  const positive: string[] = [];
  const negative: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-')) negative.push(...terms(word.slice(1), lang));
    else positive.push(...terms(word, lang));
  }
  for (const p of phrases) positive.push(...terms(p, lang));
  return { positive, negative, phrases, negPhrases, lang, caseSensitive: spec.$caseSensitive === true };
}

/**
 * The documents matching a `$text` condition with their scores recorded in `textScores`, or throws
 * mongod's error when the collection has no text index.
 */
export function textSearch(coll: Collection | undefined, spec: unknown, docs: Iterable<Document>): Document[] {
  const index = textIndex(coll);
  if (!index) throw new CommandError(27, 'text index required for $text query');
  const search = parseSearch(spec, index);
  const override = String(index.spec.language_override ?? 'language');
  const out: Document[] = [];
  for (const doc of docs) {
    const lang = doc[override] !== undefined ? language(doc[override], 'document') : language(index.spec.default_language ?? 'english', 'index');
    const texts = indexedTexts(index, doc);
    const has = (p: string): boolean => texts.some(([t]) => (search.caseSensitive ? t.includes(p) : fold(t).includes(fold(p))));
    if (!search.phrases.every(has) || search.negPhrases.some(has)) continue;
    let score = 0;
    let negated = false;
    const wanted = new Set(search.lang === lang ? search.positive : search.positive.map((t) => t));
    for (const [text, weight] of texts) {
      const tokens = terms(text, lang);
      if (search.negative.some((n) => tokens.includes(n))) {
        negated = true;
        break;
      }
      const counts = new Map<string, number>();
      for (const t of tokens) if (wanted.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, count] of counts) {
        let freq = 0;
        for (let i = 0; i < count; i++) freq += 1 / 2 ** i;
        const coeff = (0.5 * count) / tokens.length + 0.5;
        const exact = fold(text) === t ? 1.1 : 1;
        score += weight * freq * coeff * exact;
      }
    }
    if (negated || score === 0) continue;
    textScores.set(doc, score);
    out.push(doc);
  }
  return out;
}

/** Splits `$text` off a filter (mongod allows one, at the top level or in a top-level $and). */
export function takeText(filter: Document): { text?: unknown; rest: Document } {
  if (!('$text' in filter)) return { rest: filter };
  const { $text, ...rest } = filter;
  return { text: $text, rest };
}

/** Whether a sort or projection value asks for the text score. */
export function isTextScore(v: unknown): boolean {
  return isPlainObject(v) && v.$meta === 'textScore';
}
