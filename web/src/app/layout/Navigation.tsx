import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { paths } from '../routes.js';
import { worksInQueue } from '../session/session.js';
import { useSession } from '../session/SessionProvider.js';

/**
 * What the signed-in role can do, as the header's navigation: the person's cases for citizens, the
 * work queue and the case list for the coordinating unit and coordinators, the processes for process
 * owners. Nothing for roles whose
 * pages do not exist yet. The current page, and the pages under it, are marked with aria-current.
 */
export function Navigation() {
  const { t } = useTranslation();
  const state = useSession();
  const { pathname } = useLocation();
  const user = state.status === 'ready' ? state.session.user : null;
  if (!user) return null;

  // `also`: pages that belong under the link (a task is opened from the queue).
  const links: { to: string; label: string; also?: string }[] = [];
  if (user.role === 'citizen') links.push({ to: paths.cases, label: t('cases.title') });
  if (worksInQueue(user)) links.push({ to: paths.workQueue, label: t('staff.nav.workQueue'), also: '/oppgaver/' }, { to: paths.staffCases, label: t('staff.nav.cases') });
  if (worksInQueue(user) || user.role === 'group-member') links.push({ to: paths.notifications, label: t('notifications.nav') });
  if (user.role === 'process-owner') links.push({ to: paths.processes, label: t('processOwner.nav') });
  if (user.role === 'group-member') links.push({ to: paths.memberPlans, label: t('planLinks.memberNav') });
  if (links.length === 0) return null;

  return (
    <nav className="app-nav" aria-label={t('staff.nav.label')}>
      <ul className="app-nav__list app-container">
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to} className="app-nav__link" aria-current={isCurrent(pathname, link) ? 'page' : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function isCurrent(pathname: string, link: { to: string; also?: string }): boolean {
  return pathname === link.to || pathname.startsWith(`${link.to}/`) || (link.also !== undefined && pathname.startsWith(link.also));
}
