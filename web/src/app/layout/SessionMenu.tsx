import { Button, Link } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { paths } from '../routes.js';
import { roleText, signInPath, signOut } from '../session/session.js';
import { useSession } from '../session/SessionProvider.js';
import { focusPageHeading } from './focus.js';

/** Signed out: a link to the sign-in page. Signed in: the user's name and role, and "Logg ut". */
export function SessionMenu() {
  const { t } = useTranslation();
  const state = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  // Nothing while the session loads, so that "Logg inn" does not flash by for a signed-in user.
  if (state.status === 'loading') return <div className="app-session" />;

  const user = state.status === 'ready' ? state.session.user : null;
  if (!user) {
    const here = location.pathname === paths.signIn ? undefined : `${location.pathname}${location.search}`;
    return (
      <div className="app-session">
        <Link asChild className="app-session__sign-in">
          <RouterLink to={location.pathname === paths.signIn ? `${paths.signIn}${location.search}` : signInPath(here)}>{t('session.signIn')}</RouterLink>
        </Link>
      </div>
    );
  }

  const onSignOut = async () => {
    if (busy) return;
    setBusy(true);
    setFailed(false);
    try {
      const { endSessionUrl } = await signOut();
      if (endSessionUrl) {
        window.location.assign(endSessionUrl); // the identity provider ends its session and sends the browser back
        return;
      }
      const alreadyHome = location.pathname === paths.start;
      await navigate(paths.start, { state: { signedOut: true } });
      if (alreadyHome) focusPageHeading();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="app-session">
      <p className="app-session__user" data-testid="signed-in-user">
        <span className="ds-sr-only">{t('session.signedInAs')} </span>
        <span className="app-session__name">{user.name}</span>
        <span className="app-session__role">{roleText(t, user)}</span>
      </p>
      <Button variant="secondary" data-size="sm" onClick={() => void onSignOut()} aria-disabled={busy || undefined}>
        {busy ? t('session.signingOut') : t('session.signOut')}
      </Button>
      {failed && (
        <p className="app-session__error" role="alert">
          {t('session.signOutFailed')}
        </p>
      )}
    </div>
  );
}
