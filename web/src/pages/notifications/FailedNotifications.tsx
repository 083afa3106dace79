import type { FailedNotificationList } from '@contract/notifications.js';
import { Alert, Heading, Link, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { staffCaseDetailPath } from '../../app/routes.js';
import { formatDate } from '../../i18n/dates.js';
import { useApi } from '../../app/useApi.js';

const kinds = ['letter-ready', 'consent-missing', 'task-due-soon', 'task-overdue', 'task-overdue-escalated', 'follow-up', 'review-due', 'interim-reply-due', 'meeting-tomorrow', 'plan-inactive', 'coordinator-appointed'] as const;

/** For a unit's lead: the e-mails about the unit's cases that could not be delivered after every attempt. */
export function FailedNotifications() {
  const { t, i18n } = useTranslation();
  const { state } = useApi<FailedNotificationList>('/api/staff/notifications/failed');

  const kindText = (kind: string) => ((kinds as readonly string[]).includes(kind) ? t(`notifications.kind.${kind as (typeof kinds)[number]}`) : kind);

  return (
    <section aria-labelledby="failed-notifications-heading">
      <Heading level={2} data-size="sm" id="failed-notifications-heading">
        {t('notifications.failed.heading')}
      </Heading>
      <Paragraph>{t('notifications.failed.intro')}</Paragraph>
      {state.status === 'loading' && <Spinner aria-label={t('common.loading')} />}
      {state.status !== 'loading' && state.status !== 'ready' && <Alert data-color="danger">{t('notifications.failed.loadFailed')}</Alert>}
      {state.status === 'ready' && state.data.notifications.length === 0 && <Paragraph data-testid="failed-none">{t('notifications.failed.none')}</Paragraph>}
      {state.status === 'ready' && state.data.notifications.length > 0 && (
        <Table data-testid="failed-notifications" aria-labelledby="failed-notifications-heading">
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('notifications.failed.case')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.failed.kind')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.failed.recipient')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.failed.failedAt')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.failed.error')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {state.data.notifications.map((n) => (
              <Table.Row key={n.id}>
                <Table.Cell>
                  {n.caseId && n.caseNumber ? (
                    <Link asChild>
                      <RouterLink to={staffCaseDetailPath(n.caseId)}>{n.caseNumber}</RouterLink>
                    </Link>
                  ) : (
                    '–'
                  )}
                </Table.Cell>
                <Table.Cell>{kindText(n.kind)}</Table.Cell>
                <Table.Cell>{n.recipient === 'person' ? t('notifications.failed.toPerson') : t('notifications.failed.toStaff')}</Table.Cell>
                <Table.Cell>{formatDate(n.failedAt, i18n.language, true)}</Table.Cell>
                <Table.Cell>{t('notifications.failed.attempts', { count: n.attempts, error: n.lastError ?? '' })}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </section>
  );
}
