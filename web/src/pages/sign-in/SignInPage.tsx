import { Alert, Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { paths } from '../../app/routes.js';
import { afterSignIn, fictionalUsers, oidcSignInHref, roleText, safeReturnTo, signInAsFictional, type FictionalUser } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import type { Session } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { SignInNotice } from './SignInNotice.js';

/**
 * Sign-in: ID-porten for citizens and the municipality's identity provider for staff (links, not
 * forms: the server redirects), or, in development, a clearly marked list of fictional people.
 * `?returnTo=/path` (a path on this site only) is where the browser goes afterwards.
 */
export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signIn.title'));
  const state = useSession();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  const user = state.status === 'ready' ? state.session.user : null;

  return (
    <div className="app-prose sign-in-page">
      <Heading level={1} data-size="lg">
        {t('signIn.title')}
      </Heading>
      <SignInNotice />
      {user && (
        <Alert data-color="info">
          <Paragraph>{t('signIn.alreadySignedIn', { name: user.name, role: roleText(t, user) })}</Paragraph>
        </Alert>
      )}
      {state.status === 'loading' && <Spinner aria-label={t('common.loading')} />}
      {state.status === 'failed' && <Alert data-color="danger">{t('signIn.sessionFailed')}</Alert>}
      {state.status === 'ready' && state.session.development && <DevelopmentSignIn returnTo={returnTo} />}
      {state.status === 'ready' && !state.session.development && <OidcSignIn session={state.session} returnTo={returnTo} />}
    </div>
  );
}

function OidcSignIn({ session, returnTo }: { session: Session; returnTo: string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <Paragraph data-size="lg">{t('signIn.lead')}</Paragraph>
      <section aria-labelledby="sign-in-citizen">
        <Heading level={2} data-size="sm" id="sign-in-citizen">
          {t('signIn.citizenHeading')}
        </Heading>
        <Paragraph>{t('signIn.citizenHint')}</Paragraph>
        <Button asChild>
          <a href={oidcSignInHref(session, 'citizen', returnTo ?? paths.cases)}>{t('signIn.citizen')}</a>
        </Button>
      </section>
      <section aria-labelledby="sign-in-staff">
        <Heading level={2} data-size="sm" id="sign-in-staff">
          {t('signIn.staffHeading')}
        </Heading>
        <Paragraph>{t('signIn.staffHint')}</Paragraph>
        <Button asChild variant="secondary">
          <a href={oidcSignInHref(session, 'staff', returnTo ?? paths.start)}>{t('signIn.staff')}</a>
        </Button>
      </section>
    </>
  );
}

type UsersState = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; users: FictionalUser[] };

function DevelopmentSignIn({ returnTo }: { returnTo: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [users, setUsers] = useState<UsersState>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    fictionalUsers().then(
      (list) => live && setUsers({ status: 'ready', users: list }),
      () => live && setUsers({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);

  const signIn = async (user: FictionalUser) => {
    if (busy) return;
    setBusy(user.id);
    setFailed(false);
    try {
      const session = await signInAsFictional(user.id);
      if (session) {
        await navigate(afterSignIn(session, returnTo));
        return;
      }
      setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Alert data-color="warning" className="dev-sign-in__warning" data-testid="development-sign-in-warning">
        <Heading level={2} data-size="xs">
          {t('signIn.dev.heading')}
        </Heading>
        <Paragraph>{t('signIn.dev.warning')}</Paragraph>
      </Alert>
      <section aria-labelledby="dev-sign-in-choose">
        <Heading level={2} data-size="sm" id="dev-sign-in-choose">
          {t('signIn.dev.choose')}
        </Heading>
        {failed && (
          <Alert data-color="danger" role="alert">
            {t('signIn.failedNow')}
          </Alert>
        )}
        {users.status === 'loading' && <Spinner aria-label={t('common.loading')} />}
        {users.status === 'failed' && <Alert data-color="danger">{t('signIn.dev.loadFailed')}</Alert>}
        {users.status === 'ready' && (
          <ul className="dev-users">
            {users.users.map((user) => (
              <li key={user.id}>
                <Button
                  variant="secondary"
                  className="dev-users__button"
                  aria-disabled={busy !== null || undefined}
                  aria-busy={busy === user.id || undefined}
                  onClick={() => void signIn(user)}
                >
                  <span className="dev-users__name">{user.name}</span>
                  <DevUserAbout user={user} />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The role in words, and what the role alone does not say about the person. */
function DevUserAbout({ user }: { user: FictionalUser }) {
  const { t } = useTranslation();
  const description = user.description?.[currentLanguage()];
  return (
    <span className="dev-users__about">
      {roleText(t, user)}
      {description && ` – ${description}`}
    </span>
  );
}
