import { Alert, Link, Paragraph } from '@digdir/designsystemet-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useSearchParams } from 'react-router';
import { paths } from '../../app/routes.js';
import { signInProblem } from '../../app/session/session.js';

/**
 * What the server reports with `?signIn=failed|refused|unavailable` after a sign-in that did not
 * complete (it sends the browser to the start page), and "you are signed out" after signing out.
 * The message takes focus when it appears, so that it is read first.
 */
export function SignInNotice({ offerSignIn = false }: { offerSignIn?: boolean }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const problem = signInProblem(searchParams.get('signIn'));
  const signedOut = !problem && (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);

  if (problem) {
    return (
      <Alert ref={ref} tabIndex={-1} data-color={problem === 'unavailable' ? 'warning' : 'danger'} className="sign-in-notice" role="alert" data-testid="sign-in-problem">
        <Paragraph>
          <strong>{t('signIn.problem.heading')}</strong> {t(`signIn.problem.${problem}`)}
        </Paragraph>
        {offerSignIn && (
          <Paragraph>
            <Link asChild>
              <RouterLink to={paths.signIn}>{t('signIn.problem.tryAgain')}</RouterLink>
            </Link>
          </Paragraph>
        )}
      </Alert>
    );
  }
  if (signedOut) {
    return (
      <Alert data-color="success" className="sign-in-notice" role="status">
        <Paragraph>{t('session.signedOut')}</Paragraph>
      </Alert>
    );
  }
  return null;
}
