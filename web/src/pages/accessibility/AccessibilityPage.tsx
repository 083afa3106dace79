import { Heading, Link, ListItem, ListUnordered, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useMunicipalityName } from '../../app/settings/SettingsProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { useAccessibilityText } from '../../i18n/namespaces.js';

/**
 * The accessibility statement (tilgjengelighetserklæring): how well the service meets WCAG 2.1 AA,
 * how it is tested, what is known not to, how to report a problem and where to complain.
 */
export function AccessibilityPage() {
  const t = useAccessibilityText();
  const { t: tc } = useTranslation();
  const municipality = useMunicipalityName() ?? tc('municipality.fallbackName');
  useDocumentTitle(t('title'));
  return (
    <div className="app-prose accessibility-page">
      <Heading level={1} data-size="lg">
        {t('title')}
      </Heading>
      <Paragraph data-size="lg">{t('lead', { municipality })}</Paragraph>
      <Paragraph>{t('law')}</Paragraph>

      <section aria-labelledby="accessibility-status">
        <Heading level={2} data-size="sm" id="accessibility-status">
          {t('status.heading')}
        </Heading>
        <Paragraph>{t('status.body')}</Paragraph>
      </section>

      <section aria-labelledby="accessibility-tested">
        <Heading level={2} data-size="sm" id="accessibility-tested">
          {t('tested.heading')}
        </Heading>
        <Paragraph>{t('tested.intro')}</Paragraph>
        <ListUnordered>
          <ListItem>{t('tested.axe')}</ListItem>
          <ListItem>{t('tested.keyboard')}</ListItem>
          <ListItem>{t('tested.announced')}</ListItem>
          <ListItem>{t('tested.phone')}</ListItem>
          <ListItem>{t('tested.pdf')}</ListItem>
        </ListUnordered>
        <Paragraph>{t('tested.limits')}</Paragraph>
      </section>

      <section aria-labelledby="accessibility-known">
        <Heading level={2} data-size="sm" id="accessibility-known">
          {t('known.heading')}
        </Heading>
        <ListUnordered>
          <ListItem>{t('known.editor')}</ListItem>
          <ListItem>{t('known.sami')}</ListItem>
          <ListItem>{t('known.attachments')}</ListItem>
        </ListUnordered>
      </section>

      <section aria-labelledby="accessibility-report">
        <Heading level={2} data-size="sm" id="accessibility-report">
          {t('report.heading')}
        </Heading>
        <Paragraph>{t('report.body', { municipality })}</Paragraph>
        <Paragraph>{t('report.what')}</Paragraph>
        <Paragraph>{t('report.other')}</Paragraph>
      </section>

      <section aria-labelledby="accessibility-complaint">
        <Heading level={2} data-size="sm" id="accessibility-complaint">
          {t('complaint.heading')}
        </Heading>
        <Paragraph>{t('complaint.body')}</Paragraph>
        <Paragraph>
          <Link href={t('complaint.link')}>{t('complaint.link')}</Link>
        </Paragraph>
      </section>
    </div>
  );
}
