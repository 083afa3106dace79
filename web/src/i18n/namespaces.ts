import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { accessibilityNb } from './locales/accessibility/nb.js';
import type { oversightNb } from './locales/oversight/nb.js';
import type { planNb } from './locales/plan/nb.js';
import type { processOwnerNb } from './locales/process-owner/nb.js';

/** Dotted keys of a namespace ('workspace.title'); plural keys by their base ('member.ownMeasures'). */
export type TextKey<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K extends `${infer B}_${'one' | 'other'}` ? B : K}` : TextKey<T[K], `${P}${K}.`>;
}[keyof T & string];

export type NamespaceText<T> = (key: TextKey<T>, values?: Record<string, unknown>) => string;

/**
 * The texts of a namespace of their own (the plan, oversight and process-owner pages, the accessibility statement) in the reader's
 * language, with keys checked here against the Bokmål source: they are outside i18next's typed
 * resources (see i18n.ts). The page renders again when the language changes.
 */
function useNamespaceText<T>(namespace: 'plan' | 'oversight' | 'processOwner' | 'accessibility'): NamespaceText<T> {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nb';
  return useMemo(() => {
    const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
    return (key, values) => translate(key, { ...values, ns: namespace, lng: language });
  }, [i18n, language, namespace]);
}

export type PlanTextKey = TextKey<typeof planNb>;
export type OversightKey = TextKey<typeof oversightNb>;
export type OversightText = NamespaceText<typeof oversightNb>;

export const usePlanText = (): NamespaceText<typeof planNb> => useNamespaceText<typeof planNb>('plan');
export const useOversightText = (): OversightText => useNamespaceText<typeof oversightNb>('oversight');

export type ProcessOwnerKey = TextKey<typeof processOwnerNb>;
export type ProcessOwnerText = NamespaceText<typeof processOwnerNb>;
export const useProcessOwnerText = (): ProcessOwnerText => useNamespaceText<typeof processOwnerNb>('processOwner');

export type AccessibilityText = NamespaceText<typeof accessibilityNb>;
export const useAccessibilityText = (): AccessibilityText => useNamespaceText<typeof accessibilityNb>('accessibility');
