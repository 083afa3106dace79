import { Link as RouterLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../routes.js';
import { useMunicipalityName } from '../settings/SettingsProvider.js';
import { LanguageSwitcher } from './LanguageSwitcher.js';
import { SessionMenu } from './SessionMenu.js';

export function Header() {
  const { t } = useTranslation();
  const municipalityName = useMunicipalityName();

  return (
    <header className="app-header">
      <div className="app-header__inner app-container">
        <RouterLink to={paths.start} className="app-header__home">
          <span className="app-header__municipality" data-testid="municipality-name">
            {/* Keeps the line's height while the settings load. */}
            {municipalityName ?? '\u00a0'}
          </span>
          <span className="app-header__product">{t('common.productName')}</span>
        </RouterLink>
        <div className="app-header__tools">
          <LanguageSwitcher />
          <SessionMenu />
        </div>
      </div>
    </header>
  );
}
