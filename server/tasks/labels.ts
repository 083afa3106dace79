import type { TaskLabels } from '../engine/types.js';

/**
 * The labels a case's process instance carries onto its tasks, so that the work queue filters,
 * searches and sorts tasks without reading the cases. The keys are computed here rather than by a
 * collation: the embedded server has none, and both servers then give the same answers.
 */
export interface CaseTaskLabels extends TaskLabels {
  readonly unitId: string;
  readonly caseNumber: string;
  readonly personName: string;
  /** Lower case, accents and Norwegian letters folded: "Ørjan Åsheim" → " orjan asheim" (a space before every word). */
  readonly personSearch: string;
  /** Sorts by plain string comparison in Norwegian order: a–z, then æ, ø, å. */
  readonly personSort: string;
}

const searchFolds: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', ð: 'd', þ: 'th', ß: 'ss' };

/** The folded form of a name or a query: what `personSearch` holds and what `q` is matched against. */
export function searchKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æøåðþß]/g, (letter) => searchFolds[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .trim();
}

// Æ, Ø and Å after z (as the Norwegian alphabet; Swedish/German Ä and Ö file with Æ and Ø, Ü with Y):
// '{', '|' and '}' follow 'z' in every byte order.
const sortFolds: Record<string, string> = { æ: '{', ä: '{', ø: '|', ö: '|', å: '}', ü: 'y' };

export function sortKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[æäøöåü]/g, (letter) => sortFolds[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function caseTaskLabels(theCase: { readonly unitId: string; readonly caseNumber: string; readonly person: { readonly name: string } }): CaseTaskLabels {
  const personName = theCase.person.name;
  return {
    unitId: theCase.unitId,
    caseNumber: theCase.caseNumber,
    personName,
    personSearch: ` ${searchKey(personName)}`,
    personSort: sortKey(personName),
  };
}
