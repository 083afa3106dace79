import { ToggleGroup } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../../i18n/i18n.js';
import { isLanguage, languages, nativeLanguageNames } from '../../i18n/languages.js';

/**
 * Bokmål / Nynorsk / English as a group of radio buttons: reachable with Tab, changed with the
 * arrow keys, announced as a labelled group. Each name is marked with its own language so that a
 * screen reader pronounces it right.
 */
export function LanguageSwitcher() {
  const { t } = useTranslation();

  return (
    <ToggleGroup
      className="app-language-switcher"
      aria-label={t('layout.languageSwitcherLabel')}
      data-size="sm"
      name="language"
      value={currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) void changeLanguage(value);
      }}
    >
      {languages.map((language) => (
        <ToggleGroup.Item key={language} value={language} lang={language}>
          {nativeLanguageNames[language]}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup>
  );
}
