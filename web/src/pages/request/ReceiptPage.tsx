import { Alert, Heading, Link, ListItem, ListUnordered, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation } from 'react-router';
import { paths } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { loadReceipt, type Receipt } from './draft.js';
import { formatDate } from '../../i18n/dates.js';

/** After sending: the case number and what happens next. */
export function ReceiptPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const receipt = (location.state as Receipt | null) ?? loadReceipt();
  // Without a receipt nothing says a request was sent: the page must not claim it was.
  useDocumentTitle(receipt ? t('receipt.title') : t('receipt.missingTitle'));

  if (!receipt) {
    return (
      <div className="app-prose">
        <Heading level={1} data-size="lg">
          {t('receipt.missingTitle')}
        </Heading>
        <Paragraph>{t('receipt.missing')}</Paragraph>
        <ListUnordered>
          <ListItem>
            <Link asChild>
              <RouterLink to={paths.cases}>{t('receipt.myCases')}</RouterLink>
            </Link>
          </ListItem>
          <ListItem>
            <Link asChild>
              <RouterLink to={paths.request}>{t('receipt.newRequest')}</RouterLink>
            </Link>
          </ListItem>
        </ListUnordered>
      </div>
    );
  }
  const notification = receipt.channel === 'health-notification';
  const receivedAt = formatDate(receipt.receivedAt, i18n.resolvedLanguage, true);
  return (
    <div className="app-prose receipt-page">
      <Heading level={1} data-size="lg">
        {t('receipt.title')}
      </Heading>
      <Alert data-color="success">
        <Paragraph>{t('receipt.lead', { time: receivedAt })}</Paragraph>
        <Paragraph data-size="lg">
          {t('receipt.caseNumberLabel')} <strong data-testid="case-number">{receipt.caseNumber}</strong>
        </Paragraph>
      </Alert>
      {receipt.openCase && <Alert data-color="info">{t('staffCases.openCaseNotice', { caseNumber: receipt.openCase.caseNumber })}</Alert>}
      <section>
        <Heading level={2} data-size="sm">
          {t('receipt.nextHeading')}
        </Heading>
        <ListUnordered>
          <ListItem>{notification ? t('receipt.nextNotification') : t('receipt.nextAssess')}</ListItem>
          {!notification && !receipt.consentGiven && <ListItem>{t('receipt.nextConsent')}</ListItem>}
          {!notification && <ListItem>{t('receipt.nextMonth')}</ListItem>}
          {/* Health personnel who reported a need have no access to the case. */}
          <ListItem>{notification ? t('receipt.nextNotificationAccess') : t('receipt.nextMessage')}</ListItem>
        </ListUnordered>
        <Paragraph>{t('receipt.keepNumber')}</Paragraph>
      </section>
      {!notification && (
        <Paragraph>
          <Link asChild>
            <RouterLink to={paths.cases}>{t('receipt.myCases')}</RouterLink>
          </Link>
        </Paragraph>
      )}
    </div>
  );
}
