import { Alert, Spinner } from '@digdir/designsystemet-react';
import { useTranslation } from 'react-i18next';
import type { Loaded } from './useApi.js';

/** The loading, refused and failed states every process-owner page shares. */
export function LoadState({ state }: { state: Loaded<unknown> }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} />;
  if (state.status === 'forbidden') return <Alert data-color="warning">{t('processOwner.forbidden')}</Alert>;
  if (state.status === 'not-found') return <Alert data-color="warning">{t('processOwner.notFound')}</Alert>;
  if (state.status === 'failed') return <Alert data-color="danger">{t('processOwner.loadFailed')}</Alert>;
  return null;
}
