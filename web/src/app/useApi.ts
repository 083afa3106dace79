import { useCallback, useEffect, useState } from 'react';
import { apiGet } from '../forms/api.js';
import { currentLanguage } from '../i18n/i18n.js';

export type Loaded<T> = { status: 'loading' } | { status: 'forbidden' } | { status: 'not-found' } | { status: 'failed' } | { status: 'ready'; data: T };

/** GET of one API address, again when `reload` is called (after an upload or a migration). */
export function useApi<T>(url: string): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    apiGet<T>(url, currentLanguage()).then(
      (response) => {
        if (!live) return;
        if (response.body) setState({ status: 'ready', data: response.body });
        else if (response.status === 401 || response.status === 403) setState({ status: 'forbidden' });
        else if (response.status === 404) setState({ status: 'not-found' });
        else setState({ status: 'failed' });
      },
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [url, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { state, reload };
}
