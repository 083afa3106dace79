import type { TFunction } from 'i18next';
import { apiSend, sessionInfo, setSession, type Session, type SessionUser } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { paths } from '../routes.js';
import type { LocalizedText } from '../../../../forms/types.js';

/** How the server reports a sign-in that did not complete: `/?signIn=…`. */
export const signInProblems = ['failed', 'refused', 'unavailable'] as const;
export type SignInProblem = (typeof signInProblems)[number];

export function signInProblem(value: string | null): SignInProblem | undefined {
  return signInProblems.find((problem) => problem === value);
}

/**
 * A path on this site only, as the server's own check (server/http/routes/auth.ts): no scheme, no
 * host, no `//` or `\` that browsers read as another host, no control characters. The sign-in page
 * itself is no place to return to.
 */
export function safeReturnTo(value: string | null | undefined): string | undefined {
  if (!value || value.length > 512) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  if ([...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)) return undefined;
  const pathname = value.split(/[?#]/)[0];
  if (pathname === paths.signIn || pathname === `${paths.signIn}/`) return undefined;
  return value;
}

/** The sign-in page, coming back to `returnTo` afterwards. */
export function signInPath(returnTo?: string): string {
  const target = safeReturnTo(returnTo);
  return target && target !== paths.start ? `${paths.signIn}?returnTo=${encodeURIComponent(target)}` : paths.signIn;
}

/** Roles that work in the staff work queue. */
export function worksInQueue(user: Pick<SessionUser, 'role'> | null | undefined): boolean {
  return user?.role === 'ke-caseworker' || user?.role === 'coordinator';
}

/**
 * Each role's own start: "Mine saker" for citizens, the work queue for the coordinating unit and
 * coordinators (the unit's overview is the first item of their navigation), the processes for process
 * owners, user administration for admins; the start page for roles whose pages do not exist yet.
 */
export function startPathFor(user: Pick<SessionUser, 'role'> | null | undefined): string {
  if (user?.role === 'citizen') return paths.cases;
  if (user?.role === 'admin') return paths.users;
  if (worksInQueue(user)) return paths.workQueue;
  if (user?.role === 'process-owner') return paths.processes;
  if (user?.role === 'group-member') return paths.memberPlans;
  return paths.start;
}

/** Where to go after signing in: the path asked for, or the role's own start. */
export function afterSignIn(session: Session, returnTo: string | undefined): string {
  return safeReturnTo(returnTo) ?? startPathFor(session.user);
}

/** The link that starts an OIDC sign-in (ID-porten or the municipality's identity provider). */
export function oidcSignInHref(session: Session, audience: 'citizen' | 'staff', returnTo: string): string {
  const base = session.signIn[audience] ?? `/api/auth/${audience}/sign-in`;
  return `${base}?returnTo=${encodeURIComponent(returnTo)}`;
}

/** A fictional person of the development sign-in (`GET /api/auth/dev/users`). */
export interface FictionalUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  /** What the role alone does not say about this person, in each language. */
  readonly description?: LocalizedText;
}

export async function fictionalUsers(): Promise<FictionalUser[]> {
  const response = await fetch('/api/auth/dev/users', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`GET /api/auth/dev/users answered ${response.status}`);
  const body = (await response.json()) as { users?: FictionalUser[] };
  return (body.users ?? []).filter((user) => typeof user.id === 'string' && typeof user.name === 'string');
}

/** Development sign-in as one of the fictional people; the answer is the new session. */
export async function signInAsFictional(userId: string): Promise<Session | undefined> {
  const response = await apiSend('/api/auth/dev/sign-in', { userId }, { language: currentLanguage() });
  if (response.status !== 200) return undefined;
  return setSession(response.body);
}

/**
 * Ends the session. Answers the identity provider's logout address when it has one (the browser
 * should go there), otherwise null; the app's session is fetched again (a new, anonymous one).
 */
export async function signOut(): Promise<{ endSessionUrl: string | null }> {
  const response = await apiSend('/api/auth/sign-out', {}, { language: currentLanguage() });
  if (response.status !== 200) throw new Error(`POST /api/auth/sign-out answered ${response.status}`);
  const endSessionUrl = (response.body as { endSessionUrl?: unknown } | null)?.endSessionUrl;
  await sessionInfo({ refresh: true }).catch(() => undefined);
  return { endSessionUrl: typeof endSessionUrl === 'string' && /^https?:\/\//.test(endSessionUrl) ? endSessionUrl : null };
}

/** The user's role in words; a KE case worker with the lead flag is the unit's lead. */
export function roleText(t: TFunction, user: Pick<SessionUser, 'role'> & { lead?: boolean }): string {
  switch (user.role) {
    case 'citizen':
      return t('session.role.citizen');
    case 'ke-caseworker':
      return user.lead ? t('session.role.keLead') : t('session.role.keCaseworker');
    case 'coordinator':
      return t('session.role.coordinator');
    case 'group-member':
      return t('session.role.groupMember');
    case 'process-owner':
      return t('session.role.processOwner');
    case 'admin':
      return t('session.role.admin');
    default:
      return t('session.role.other');
  }
}
