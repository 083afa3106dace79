import { languages, type Language } from '../../../forms/types.js';

/** The languages the app is offered in (the same as the forms'). Bokmål is the default. */
export { languages, type Language };

export const defaultLanguage: Language = 'nb';

/**
 * Each language's name in that language. These are deliberately not translated: a reader looks
 * for the name of their own language, written the way they write it.
 */
export const nativeLanguageNames: Record<Language, string> = {
  nb: 'Bokmål',
  nn: 'Nynorsk',
  en: 'English',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
