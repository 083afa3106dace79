import { Link as RouterLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../routes.js';
import { worksInQueue } from '../session/session.js';
import { useSession } from '../session/SessionProvider.js';
import { useMunicipalityName } from '../settings/SettingsProvider.js';
import { LanguageSwitcher } from './LanguageSwitcher.js';
import { Navigation } from './Navigation.js';
import { SessionMenu } from './SessionMenu.js';

export function Header() {
  const { t } = useTranslation();
  const municipalityName = useMunicipalityName();
  const session = useSession();
  // The home link leads to the role's own start (the work queue for staff).
  const home = worksInQueue(session.status === 'ready' ? session.session.user : null) ? paths.workQueue : paths.start;

  return (
    <header className="app-header">
      <div className="app-header__inner app-container">
        <RouterLink to={home} className="app-header__home">
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
      <Navigation />
    </header>
  );
}
