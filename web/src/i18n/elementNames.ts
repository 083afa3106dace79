import type { Language } from './languages.js';
import { processElementsEn } from './locales/process-elements/en.js';
import { processElementsNb } from './locales/process-elements/nb.js';
import { processElementsNn } from './locales/process-elements/nn.js';

const names: Record<Language, Readonly<Record<string, string>>> = { nb: processElementsNb, nn: processElementsNn, en: processElementsEn };

/**
 * A BPMN element's name for a reader. The process as shipped names its elements in English; a name
 * still as shipped is shown in the reader's language. A name a process owner wrote (any other) is
 * shown as written: it is theirs, and no translation of it exists.
 */
export function elementName(id: string, name: string | null | undefined, language: Language): string | undefined {
  if (!name) return undefined;
  return processElementsEn[id] === name ? (names[language][id] ?? name) : name;
}
