import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSettings, type Settings } from './settings.js';

type SettingsState =
  | { status: 'loading' }
  | { status: 'ready'; settings: Settings }
  | { status: 'failed' };

const SettingsContext = createContext<SettingsState>({ status: 'loading' });

/** Fetches the municipality's settings once, when the app starts. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchSettings(controller.signal).then(
      (settings) => setState({ status: 'ready', settings }),
      () => {
        if (!controller.signal.aborted) setState({ status: 'failed' });
      },
    );
    return () => controller.abort();
  }, []);

  return <SettingsContext value={state}>{children}</SettingsContext>;
}

export function useSettings(): SettingsState {
  return use(SettingsContext);
}

/**
 * The municipality's name; a neutral wording if the settings cannot be read, and undefined while
 * they load (so that a placeholder name does not flash by).
 */
export function useMunicipalityName(): string | undefined {
  const state = useSettings();
  const { t } = useTranslation();
  if (state.status === 'loading') return undefined;
  return state.status === 'ready' ? state.settings.municipalityName : t('municipality.fallbackName');
}
