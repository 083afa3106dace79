import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { oversightNb } from './locales/oversight/nb.js';

type Paths<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`> }[keyof T & string];

/** A key of the oversight pages' texts (locales/oversight/nb.ts), e.g. `overview.title`. */
export type OversightKey = Paths<typeof oversightNb>;
export type OversightText = (key: OversightKey, values?: Record<string, string | number>) => string;

/**
 * The oversight pages' texts in the reader's language (the `oversight` namespace), with keys
 * checked against the Bokmål source. The page renders again when the language changes.
 */
export function useOversightText(): OversightText {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nb';
  return useMemo(() => {
    // The namespace is outside i18next's typed resources (see i18n.ts): called untyped, keys checked here.
    const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
    return (key, values) => translate(key, { ...values, ns: 'oversight', lng: language });
  }, [i18n, language]);
}
