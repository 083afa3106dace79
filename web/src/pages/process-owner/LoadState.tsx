import { Alert, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import type { Loaded } from '../../app/useApi.js';

/** The loading, refused and failed states every process-owner page shares. */
export function LoadState({ state }: { state: Loaded<unknown> }) {
  const { t } = useTranslation();
  const po = useProcessOwnerText();
  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} />;
  if (state.status === 'forbidden') return <Alert data-color="warning">{po('forbidden')}</Alert>;
  if (state.status === 'not-found') return <Alert data-color="warning">{po('notFound')}</Alert>;
  if (state.status === 'failed') return <Alert data-color="danger">{po('loadFailed')}</Alert>;
  return null;
}
