import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { FailedNotifications } from './FailedNotifications.js';
import { NotificationLanguage } from './NotificationLanguage.js';
import { OwnNotifications } from './OwnNotifications.js';

/**
 * Staff's e-mail notifications (/varsler): the language they get them in, their last notifications
 * (where no mail server is configured, the only place they are), and for a unit's lead the
 * notifications about the unit's cases that could not be delivered.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.title'));
  const session = useSession();
  const user = session.status === 'ready' ? session.session.user : null;
  const staff = user !== null && (user.role === 'ke-caseworker' || user.role === 'coordinator' || user.role === 'group-member');

  return (
    <div className="app-prose notifications-page">
      <Heading level={1} data-size="lg">
        {t('notifications.title')}
      </Heading>
      {session.status === 'ready' && !staff && <Paragraph>{t('notifications.staffOnly')}</Paragraph>}
      {staff && (
        <>
          <Paragraph>{t('notifications.intro')}</Paragraph>
          <NotificationLanguage />
          <OwnNotifications />
          {user.role === 'ke-caseworker' && user.lead && <FailedNotifications />}
        </>
      )}
    </div>
  );
}
