/**
 * Words that are Bokmål and never Nynorsk (Nynorsk: ikkje, eg, kva, korleis, kven, nokon, dykk,
 * kvifor, mykje, sjå): a Nynorsk text with one of them was not translated.
 */
export const bokmalOnly = /(?<![\p{L}])(ikke|jeg|hva|hvordan|hvem|hvilke|hvorfor|noen|dere|mye|hvis|deg selv|ble|skal ikke)(?![\p{L}])/iu;

/** The Bokmål-only words in a text, each with a little of what surrounds it. */
export function bokmalOnlyWords(text: string): string[] {
  const global = new RegExp(bokmalOnly.source, 'giu');
  return [...text.matchAll(global)].map((match) => text.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).replace(/\s+/g, ' '));
}
