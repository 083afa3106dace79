import { Alert, Card, Heading, Link, Paragraph, Spinner, Tag } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate } from 'react-router';
import { caseDetailPath, paths } from '../../app/routes.js';
import { signInPath } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiGet } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { formatDate } from '../../i18n/dates.js';
import { stageText } from './text.js';
import type { CaseListItem } from '@contract/cases.js';

type State = { status: 'loading' } | { status: 'signed-out' } | { status: 'failed' } | { status: 'ready'; cases: CaseListItem[] };

/** The signed-in person's cases: their own, and those they follow as parent, guardian or representative. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('cases.title'));
  const [state, setState] = useState<State>({ status: 'loading' });
  const session = useSession();
  // Known to be signed out: no need to ask for the cases. Signed in as someone else: ask again.
  const userId = session.status === 'ready' ? (session.session.user?.id ?? null) : undefined;
  // Staff have their own case list, in their own words (/saker).
  const role = session.status === 'ready' ? session.session.user?.role : undefined;
  const staff = role === 'ke-caseworker' || role === 'coordinator';

  useEffect(() => {
    if (session.status === 'loading' || staff) return;
    if (userId === null) {
      setState({ status: 'signed-out' });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    apiGet<{ cases: CaseListItem[] }>('/api/cases', currentLanguage()).then(
      (response) => {
        if (!live) return;
        if (response.status === 401) setState({ status: 'signed-out' });
        else if (response.body) setState({ status: 'ready', cases: response.body.cases });
        else setState({ status: 'failed' });
      },
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [session.status, userId, staff]);

  if (staff) return <Navigate to={paths.staffCases} replace />;

  return (
    <div className="app-prose cases-page">
      <Heading level={1} data-size="lg">
        {t('cases.title')}
      </Heading>
      {state.status === 'loading' && <Spinner aria-label={t('common.loading')} />}
      {state.status === 'signed-out' && (
        <Alert data-color="info">
          <Paragraph>{t('cases.signInNeeded')}</Paragraph>
          <Paragraph>
            <Link asChild>
              <RouterLink to={signInPath(paths.cases)}>{t('cases.signIn')}</RouterLink>
            </Link>
          </Paragraph>
        </Alert>
      )}
      {state.status === 'failed' && <Alert data-color="danger">{t('cases.loadFailed')}</Alert>}
      {state.status === 'ready' && state.cases.length === 0 && <Paragraph>{t('cases.none')}</Paragraph>}
      {state.status === 'ready' && state.cases.length > 0 && (
        <ul className="case-list">
          {state.cases.map((item) => (
            <li key={item.id}>
              <Card data-color="neutral">
                <Heading level={2} data-size="xs">
                  <Link asChild>
                    <RouterLink to={caseDetailPath(item.id)}>{t('cases.caseFor', { name: item.personName })}</RouterLink>
                  </Link>
                </Heading>
                <Paragraph data-size="sm">
                  {t('cases.caseNumber')} {item.caseNumber} · {t('cases.received')} {formatDate(item.createdAt, i18n.resolvedLanguage)}
                </Paragraph>
                <Tag data-color={item.closed ? 'neutral' : 'info'}>{stageText(t, item.stage)}</Tag>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Paragraph>
        <Link asChild>
          <RouterLink to={paths.request}>{t('cases.newRequest')}</RouterLink>
        </Link>
      </Paragraph>
    </div>
  );
}
