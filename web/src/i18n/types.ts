import type { accessibilityNb } from './locales/accessibility/nb.js';
import type { nb } from './locales/nb.js';
import type { oversightNb } from './locales/oversight/nb.js';
import type { planNb } from './locales/plan/nb.js';
import type { processOwnerNb } from './locales/process-owner/nb.js';

/** The shape of a translation: the same keys as Bokmål, every leaf a string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export type Translation = Messages<typeof nb>;
/**
 * The namespaces of the plan pages ('plan'), the oversight pages ('oversight'), the process owners'
 * pages ('processOwner') and the accessibility statement ('accessibility'), read through ./namespaces.ts.
 */
export type PlanTranslation = Messages<typeof planNb>;
export type OversightTranslation = Messages<typeof oversightNb>;
export type ProcessOwnerTranslation = Messages<typeof processOwnerNb>;
export type AccessibilityTranslation = Messages<typeof accessibilityNb>;

// Typed keys: t('start.title') is checked at compile time against the Bokmål source.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nb };
  }
}
