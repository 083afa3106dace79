import type { nb } from './locales/nb.js';
import type { planNb } from './locales/plan.nb.js';

/** The shape of a translation: the same keys as Bokmål, every leaf a string. */
type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export type Translation = Messages<typeof nb>;
/** The plan pages' own namespace, kept apart so that the main catalogue's typed keys stay within the compiler's depth. */
export type PlanTranslation = Messages<typeof planNb>;

// Typed keys: t('start.title') is checked at compile time against the Bokmål source.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nb };
  }
}
