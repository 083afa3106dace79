import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, isLanguage, languages, type Language } from './languages.js';
import { en } from './locales/en.js';
import { nb } from './locales/nb.js';
import { nn } from './locales/nn.js';
import { planEn } from './locales/plan.en.js';
import { planNb } from './locales/plan.nb.js';
import { planNn } from './locales/plan.nn.js';
import type { PlanTranslation, Translation } from './types.js';

const storageKey = 'individuell-plan.language';

const resources: Record<Language, { translation: Translation; plan: PlanTranslation }> = {
  nb: { translation: nb, plan: planNb },
  nn: { translation: nn, plan: planNn },
  en: { translation: en, plan: planEn },
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
