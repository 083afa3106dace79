import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { paths } from '../routes.js';
import { worksInQueue } from '../session/session.js';
import { useSession } from '../session/SessionProvider.js';

/**
 * What the signed-in role can do, as the header's navigation: the person's cases for citizens, the
 * work queue and the case list for the coordinating unit and coordinators. Nothing for roles whose
 * pages do not exist yet. The current page is marked (aria-current) by NavLink.
 */
export function Navigation() {
  const { t } = useTranslation();
  const state = useSession();
  const user = state.status === 'ready' ? state.session.user : null;
  if (!user) return null;

  const links: { to: string; label: string }[] = [];
  if (user.role === 'citizen') links.push({ to: paths.cases, label: t('cases.title') });
  if (worksInQueue(user)) links.push({ to: paths.workQueue, label: t('staff.nav.workQueue') }, { to: paths.staffCases, label: t('staff.nav.cases') });
  if (links.length === 0) return null;

  return (
    <nav className="app-nav" aria-label={t('staff.nav.label')}>
      <ul className="app-nav__list app-container">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} className="app-nav__link">
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
