import { useTranslation } from 'react-i18next';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import { Link, useLocation } from 'react-router';
import { paths } from '../routes.js';
import { worksInQueue } from '../session/session.js';
import { useSession } from '../session/SessionProvider.js';
import { useOversightText, type OversightText } from '../../i18n/namespaces.js';

/** The oversight pages a role has: the unit's overview and incidents (KE), the audit log (lead), users (admin), help (staff). */
function oversightLinks(user: { role: string; lead: boolean }, text: OversightText): { to: string; label: string }[] {
  const links: { to: string; label: string }[] = [];
  if (user.role === 'ke-caseworker') links.push({ to: paths.overview, label: text('nav.overview') }, { to: paths.incidents, label: text('nav.incidents') });
  if ((user.role === 'ke-caseworker' && user.lead) || user.role === 'admin') links.push({ to: paths.audit, label: text('nav.audit') });
  if (user.role === 'admin') links.unshift({ to: paths.users, label: text('nav.users') });
  if (user.role !== 'citizen') links.push({ to: paths.help, label: text('nav.help') });
  return links;
}

/**
 * What the signed-in role can do, as the header's navigation: the person's cases for citizens, the
 * work queue and the case list for the coordinating unit and coordinators, the processes for process
 * owners. Nothing for roles whose
 * pages do not exist yet. The current page, and the pages under it, are marked with aria-current.
 */
export function Navigation() {
  const { t } = useTranslation();
  const po = useProcessOwnerText();
  const text = useOversightText();
  const state = useSession();
  const { pathname } = useLocation();
  const user = state.status === 'ready' ? state.session.user : null;
  if (!user) return null;

  // `also`: pages that belong under the link (a task is opened from the queue).
  const links: { to: string; label: string; also?: string }[] = [];
  if (user.role === 'citizen') links.push({ to: paths.cases, label: t('cases.title') });
  if (worksInQueue(user)) links.push({ to: paths.workQueue, label: t('staff.nav.workQueue'), also: '/oppgaver/' }, { to: paths.staffCases, label: t('staff.nav.cases') });
  if (worksInQueue(user) || user.role === 'group-member') links.push({ to: paths.notifications, label: t('notifications.nav') });
  if (user.role === 'process-owner') links.push({ to: paths.processes, label: po('nav') });
  if (user.role === 'group-member') links.push({ to: paths.memberPlans, label: t('planLinks.memberNav') });
  links.push(...oversightLinks(user, text));
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
