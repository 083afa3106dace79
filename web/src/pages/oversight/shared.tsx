import { Alert, Spinner } from '@digdir/designsystemet-react';
import type { Loaded } from '../../app/useApi.js';
import type { OversightText } from '../../i18n/namespaces.js';

/** Loading, refused and failed states of the oversight pages. */
export function LoadNotice({ state, text }: { state: Loaded<unknown>; text: OversightText }) {
  if (state.status === 'loading') return <Spinner aria-label={text('common.loading')} />;
  if (state.status === 'forbidden' || state.status === 'not-found') return <Alert data-color="warning">{text('common.forbidden')}</Alert>;
  if (state.status === 'failed') return <Alert data-color="danger">{text('common.loadFailed')}</Alert>;
  return null;
}

/** The query string of the parameters that have a value. */
export function queryOf(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
