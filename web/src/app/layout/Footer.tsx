import { Link, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useAccessibilityText } from '../../i18n/namespaces.js';
import { paths } from '../routes.js';
import { useMunicipalityName } from '../settings/SettingsProvider.js';

// The coordinating unit's contact information (from the settings) belongs here once it is configurable.
export function Footer() {
  const { t } = useTranslation();
  const accessibility = useAccessibilityText();
  const municipalityName = useMunicipalityName();

  return (
    <footer className="app-footer">
      <div className="app-container app-footer__inner">
        <Paragraph data-size="sm" className="app-footer__unit">
          {municipalityName && (
            <>
              <strong>{municipalityName}</strong>
              <br />
            </>
          )}
          {t('footer.unitName')}
        </Paragraph>
        <div className="app-footer__about">
          <Paragraph data-size="sm">{t('footer.unitRole')}</Paragraph>
          <Paragraph data-size="sm">
            <Link asChild>
              <RouterLink to={paths.accessibility}>{accessibility('footerLink')}</RouterLink>
            </Link>
          </Paragraph>
        </div>
      </div>
    </footer>
  );
}
