import { Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMunicipalityName } from '../settings/SettingsProvider.js';

// The coordinating unit's contact information (from the settings) belongs here once it is configurable.
export function Footer() {
  const { t } = useTranslation();
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
        <Paragraph data-size="sm">{t('footer.unitRole')}</Paragraph>
      </div>
    </footer>
  );
}
