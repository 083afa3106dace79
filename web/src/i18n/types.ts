import type { nb } from './locales/nb.js';
import type { oversightNb } from './locales/oversight/nb.js';

/** The shape of a translation: the same keys as Bokmål, every leaf a string. */
type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export type Translation = Messages<typeof nb>;
export type OversightTranslation = Messages<typeof oversightNb>;

// Typed keys: t('start.title') is checked at compile time against the Bokmål source.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nb };
  }
}
