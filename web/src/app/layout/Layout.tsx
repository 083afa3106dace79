import { SkipLink, Spinner } from '@digdir/designsystemet-react';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { DevelopmentBanner } from './DevelopmentBanner.js';
import { focusPageHeading } from './focus.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { mainContentId } from './ids.js';

export { mainContentId };

/** The frame around every page: skip link, development banner, header, main landmark, footer. */
export function Layout() {
  const { t } = useTranslation();
  useFocusOnNavigation();

  return (
    <div className="app-shell">
      <SkipLink href={`#${mainContentId}`}>{t('layout.skipToContent')}</SkipLink>
      <DevelopmentBanner />
      <Header />
      <main id={mainContentId} tabIndex={-1} className="app-main app-container">
        <Suspense fallback={<Spinner aria-label={t('common.loading')} data-size="lg" />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
    </div>
  );
}

/**
 * After navigating inside the app (not on the first load), move focus to the new page's main
 * heading so that keyboard and screen reader users start at the new content and hear its title.
 */
function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    return focusPageHeading();
  }, [pathname]);
}
