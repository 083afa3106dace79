import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, isLanguage, languages, type Language } from './languages.js';
import { accessibilityEn } from './locales/accessibility/en.js';
import { accessibilityNb } from './locales/accessibility/nb.js';
import { accessibilityNn } from './locales/accessibility/nn.js';
import { en } from './locales/en.js';
import { nb } from './locales/nb.js';
import { nn } from './locales/nn.js';
import { oversightEn } from './locales/oversight/en.js';
import { oversightNb } from './locales/oversight/nb.js';
import { oversightNn } from './locales/oversight/nn.js';
import { planEn } from './locales/plan/en.js';
import { planNb } from './locales/plan/nb.js';
import { planNn } from './locales/plan/nn.js';
import { processOwnerEn } from './locales/process-owner/en.js';
import { processOwnerNb } from './locales/process-owner/nb.js';
import { processOwnerNn } from './locales/process-owner/nn.js';
import type { AccessibilityTranslation, OversightTranslation, PlanTranslation, ProcessOwnerTranslation, Translation } from './types.js';

const storageKey = 'individuell-plan.language';

// The plan, oversight and process-owner pages and the accessibility statement have namespaces of their own, read through
// useNamespaceText (./namespaces.ts): more keys in the typed `translation` make i18next's key types too deep for the compiler.
type Resources = { translation: Translation; plan: PlanTranslation; oversight: OversightTranslation; processOwner: ProcessOwnerTranslation; accessibility: AccessibilityTranslation };
const resources: Record<Language, Resources> = {
  nb: { translation: nb, plan: planNb, oversight: oversightNb, processOwner: processOwnerNb, accessibility: accessibilityNb },
  nn: { translation: nn, plan: planNn, oversight: oversightNn, processOwner: processOwnerNn, accessibility: accessibilityNn },
  en: { translation: en, plan: planEn, oversight: oversightEn, processOwner: processOwnerEn, accessibility: accessibilityEn },
};

/** The language the person chose last time on this device, if any. */
function readStoredLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined; // storage may be disabled
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // storage may be disabled or full: the choice then lasts for this visit only
  }
}

/** The active language, narrowed to one the app offers. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

/** Switches language, remembers the choice on this device and updates `<html lang>`. */
export async function changeLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', () => {
  document.documentElement.lang = currentLanguage();
});

await i18n.use(initReactI18next).init({
  resources,
  lng: readStoredLanguage() ?? defaultLanguage,
  supportedLngs: languages,
  // Nynorsk readers understand Bokmål better than English; all keys exist in all languages anyway.
  fallbackLng: { nn: ['nb'], default: [defaultLanguage] },
  load: 'currentOnly',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});

export { i18n };
