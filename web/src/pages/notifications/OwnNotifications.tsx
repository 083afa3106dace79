import type { OwnNotificationList } from '@contract/notifications.js';
import { Alert, Heading, Link, Paragraph, Spinner, Table, Tag } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { formatDate } from '../../i18n/dates.js';
import { useApi } from '../../app/useApi.js';

const statuses = ['pending', 'sent', 'kept', 'failed'] as const;

/** The signed-in staff member's last notifications: what they said and where they link (the outbox without a mail server). */
export function OwnNotifications() {
  const { t, i18n } = useTranslation();
  const { state } = useApi<OwnNotificationList>('/api/staff/notifications/mine');

  return (
    <section aria-labelledby="own-notifications-heading">
      <Heading level={2} data-size="sm" id="own-notifications-heading">
        {t('notifications.own.heading')}
      </Heading>
      {state.status === 'loading' && <Spinner aria-label={t('common.loading')} />}
      {state.status !== 'loading' && state.status !== 'ready' && <Alert data-color="danger">{t('notifications.own.loadFailed')}</Alert>}
      {state.status === 'ready' && state.data.notifications.length === 0 && <Paragraph data-testid="own-none">{t('notifications.own.none')}</Paragraph>}
      {state.status === 'ready' && state.data.notifications.length > 0 && (
        <Table data-testid="own-notifications" aria-labelledby="own-notifications-heading">
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('notifications.own.subject')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.own.createdAt')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notifications.own.status')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {state.data.notifications.map((n) => (
              <Table.Row key={n.id}>
                <Table.Cell>
                  {n.path ? (
                    <Link asChild>
                      <RouterLink to={n.path}>{n.subject}</RouterLink>
                    </Link>
                  ) : (
                    n.subject
                  )}
                </Table.Cell>
                <Table.Cell>{formatDate(n.createdAt, i18n.language, true)}</Table.Cell>
                <Table.Cell>
                  <Tag data-color={n.status === 'failed' ? 'danger' : 'neutral'}>{(statuses as readonly string[]).includes(n.status) ? t(`notifications.own.statusText.${n.status}`) : n.status}</Tag>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </section>
  );
}
