import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionProvider.js';

/**
 * On every page while the server runs the development sign-in: says in words (not only by colour)
 * that this is a development version with fictional people, not for real data.
 */
export function DevelopmentBanner() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'ready' || !session.session.development) return null;

  return (
    <div className="app-dev-banner" role="note" aria-label={t('devBanner.label')} data-testid="development-banner">
      <p className="app-container app-dev-banner__inner">
        <span className="app-dev-banner__label">
          <span aria-hidden="true" className="app-dev-banner__icon">
            !
          </span>
          {t('devBanner.label')}:
        </span>{' '}
        {t('devBanner.text')}
      </p>
    </div>
  );
}
