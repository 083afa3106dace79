/** The languages the app is offered in. Bokmål is the default. */
export const languages = ['nb', 'nn', 'en'] as const;

export type Language = (typeof languages)[number];

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
