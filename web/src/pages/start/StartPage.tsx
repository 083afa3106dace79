import { Button, Heading, Link, ListItem, ListUnordered, Paragraph } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { Navigate, Link as RouterLink } from 'react-router';
import { paths } from '../../app/routes.js';
import { roleText, worksInQueue } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { SignInNotice } from '../sign-in/SignInNotice.js';

/** What the service is: the individual plan and the coordinator, in plain words, with the ways on: the request form and the about page. */
export function StartPage() {
  const { t } = useTranslation();
  useDocumentTitle();
  const session = useSession();
  const user = session.status === 'ready' ? session.session.user : null;

  // Staff never get the citizen's wording: the queue's roles go to their start, the others get theirs.
  if (user && worksInQueue(user)) return <Navigate to={paths.workQueue} replace />;
  if (user && user.role !== 'citizen') {
    return (
      <div className="app-prose">
        <Heading level={1} data-size="lg">
          {t('start.title')}
        </Heading>
        <Paragraph data-size="lg">{t('staff.start.signedInAs', { name: user.name, role: roleText(t, user) })}</Paragraph>
        <Paragraph>{t('staff.start.comingSoon')}</Paragraph>
      </div>
    );
  }

  return (
    <div className="app-prose">
      <Heading level={1} data-size="lg">
        {t('start.title')}
      </Heading>
      <SignInNotice offerSignIn />
      <Paragraph data-size="lg">{t('start.lead')}</Paragraph>

      <section>
        <Heading level={2} data-size="sm">
          {t('start.plan.heading')}
        </Heading>
        <Paragraph>{t('start.plan.body')}</Paragraph>
        <Paragraph>{t('start.plan.contentsIntro')}:</Paragraph>
        <ListUnordered>
          <ListItem>{t('start.plan.goals')}</ListItem>
          <ListItem>{t('start.plan.measures')}</ListItem>
          <ListItem>{t('start.plan.responsibility')}</ListItem>
          <ListItem>{t('start.plan.timing')}</ListItem>
        </ListUnordered>
        <Paragraph>{t('start.plan.otherServices')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">
          {t('start.coordinator.heading')}
        </Heading>
        <Paragraph>{t('start.coordinator.body')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">
          {t('start.who.heading')}
        </Heading>
        <Paragraph>{t('start.who.body')}</Paragraph>
      </section>

      <section>
        <Heading level={2} data-size="sm">
          {t('start.meaning.heading')}
        </Heading>
        <ListUnordered>
          <ListItem>{t('start.meaning.participation')}</ListItem>
          <ListItem>{t('start.meaning.coordination')}</ListItem>
          <ListItem>{t('start.meaning.information')}</ListItem>
        </ListUnordered>
      </section>

      <section>
        <Heading level={2} data-size="sm">
          {t('start.how.heading')}
        </Heading>
        <Paragraph>{t('start.how.body')}</Paragraph>
        <Paragraph>{t('start.how.consent')}</Paragraph>
        <Button asChild>
          <RouterLink to={paths.request}>{t('start.how.request')}</RouterLink>
        </Button>
        <Paragraph>
          <Link asChild>
            <RouterLink to={paths.about}>{t('start.how.about')}</RouterLink>
          </Link>
        </Paragraph>
      </section>
    </div>
  );
}
