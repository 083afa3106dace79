import { SkipLink, Spinner } from '@digdir/designsystemet-react';
import { Suspense, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Footer } from './Footer.js';
import { Header } from './Header.js';

export const mainContentId = 'main-content';

/** The frame around every page: skip link, header, main landmark, footer. */
export function Layout() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigation(mainRef);

  return (
    <div className="app-shell">
      <SkipLink href={`#${mainContentId}`}>{t('layout.skipToContent')}</SkipLink>
      <Header />
      <main id={mainContentId} ref={mainRef} tabIndex={-1} className="app-main app-container">
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
function useFocusOnNavigation(mainRef: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    window.scrollTo(0, 0);
    const heading = main.querySelector<HTMLElement>('h1');
    const target = heading ?? main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname, mainRef]);
}
