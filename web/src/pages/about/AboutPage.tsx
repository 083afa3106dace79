import '../../forms/forms.css';
import { Button, Heading, ListItem, ListUnordered, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { paths } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';

/** The individual plan and the coordinator explained, with the way in to the request form. */
export function AboutPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('about.title'));
  return (
    <div className="app-prose about-page">
      <Heading level={1} data-size="lg">
        {t('about.title')}
      </Heading>
      <Paragraph data-size="lg">{t('about.lead')}</Paragraph>
      <Button asChild>
        <RouterLink to={paths.request}>{t('about.start')}</RouterLink>
      </Button>

      <section>
        <Heading level={2} data-size="sm">{t('about.plan.heading')}</Heading>
        <Paragraph>{t('about.plan.body')}</Paragraph>
        <ListUnordered>
          <ListItem>{t('about.plan.goals')}</ListItem>
          <ListItem>{t('about.plan.measures')}</ListItem>
          <ListItem>{t('about.plan.who')}</ListItem>
          <ListItem>{t('about.plan.when')}</ListItem>
          <ListItem>{t('about.plan.review')}</ListItem>
        </ListUnordered>
        <Paragraph>{t('about.plan.one')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">{t('about.coordinator.heading')}</Heading>
        <Paragraph>{t('about.coordinator.body')}</Paragraph>
        <Paragraph>{t('about.coordinator.wish')}</Paragraph>
        <Paragraph>{t('about.coordinator.child')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">{t('about.who.heading')}</Heading>
        <Paragraph>{t('about.who.body')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">{t('about.consent.heading')}</Heading>
        <Paragraph>{t('about.consent.body')}</Paragraph>
        <Paragraph>{t('about.consent.age')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">{t('about.group.heading')}</Heading>
        <Paragraph>{t('about.group.body')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">{t('about.how.heading')}</Heading>
        <ListUnordered>
          <ListItem>{t('about.how.form')}</ListItem>
          <ListItem>{t('about.how.others')}</ListItem>
          <ListItem>{t('about.how.hospital')}</ListItem>
          <ListItem>{t('about.how.answer')}</ListItem>
        </ListUnordered>
        <Paragraph>{t('about.how.rights')}</Paragraph>
        <Paragraph>{t('about.how.complaint')}</Paragraph>
        <Button asChild>
          <RouterLink to={paths.request}>{t('about.start')}</RouterLink>
        </Button>
      </section>
    </div>
  );
}
