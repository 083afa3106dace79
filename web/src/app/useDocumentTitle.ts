import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalityName } from './settings/SettingsProvider.js';

/**
 * Sets the document title to "page – product – municipality" (WCAG 2.4.2); the municipality is
 * added once the settings have loaded. Pass the page's own
 * title, already translated; leave it out on the start page, whose title is the product's name.
 */
export function useDocumentTitle(pageTitle?: string): void {
  const { t } = useTranslation();
  const productName = t('common.productName');
  const municipalityName = useMunicipalityName();

  useEffect(() => {
    const parts = [pageTitle, productName, municipalityName].filter(
      (part, index, all): part is string => !!part && all.indexOf(part) === index,
    );
    document.title = parts.join(' – ');
  }, [pageTitle, productName, municipalityName]);
}
