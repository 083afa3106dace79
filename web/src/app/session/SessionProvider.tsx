import { createContext, use, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { sessionInfo, sessionSnapshot, subscribeSession, type SessionState } from '../../forms/api.js';

const SessionContext = createContext<SessionState>({ status: 'loading' });

/**
 * The signed-in user (or none), the mode of sign-in and whether this is the development sign-in:
 * one `GET /api/auth/session` for the whole app, shared with the API calls in forms/api.ts, and
 * updated there after sign-in and sign-out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(subscribeSession, sessionSnapshot);

  useEffect(() => {
    sessionInfo().catch(() => undefined); // a failure shows as status 'failed'
  }, []);

  return <SessionContext value={state}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  return use(SessionContext);
}
