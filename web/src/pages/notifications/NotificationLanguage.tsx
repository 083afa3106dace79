import { notificationLanguages, type NotificationLanguage as Language } from '@contract/notifications.js';
import { Alert, Fieldset, Paragraph, Radio, Spinner, ValidationMessage } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getNotificationSettings, saveNotificationSettings } from './api.js';

type State = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; language: Language; saving: boolean; saved: boolean; error: string | null };

/** The signed-in staff member's notification language, saved as soon as it is chosen. */
export function NotificationLanguage() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    getNotificationSettings().then(
      (response) => live && setState(response.body ? { status: 'ready', language: response.body.language, saving: false, saved: false, error: null } : { status: 'failed' }),
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);

  async function choose(language: Language) {
    if (state.status !== 'ready') return;
    const previous = state.language;
    setState({ ...state, language, saving: true, saved: false, error: null });
    const outcome = await saveNotificationSettings({ language });
    setState(
      outcome.ok
        ? { status: 'ready', language: outcome.value.language, saving: false, saved: true, error: null }
        : { status: 'ready', language: previous, saving: false, saved: false, error: outcome.message ?? t('notifications.language.failed') },
    );
  }

  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} />;
  if (state.status === 'failed') return <Alert data-color="danger">{t('notifications.language.loadFailed')}</Alert>;
  return (
    <>
      <Fieldset id="notification-language" aria-busy={state.saving || undefined} aria-invalid={state.error ? true : undefined}>
        <Fieldset.Legend>{t('notifications.language.legend')}</Fieldset.Legend>
        <Fieldset.Description>{t('notifications.language.description')}</Fieldset.Description>
        {notificationLanguages.map((language) => (
          <Radio
            key={language}
            id={`notification-language-${language}`}
            name="notification-language"
            value={language}
            label={t(`notifications.language.${language}`)}
            checked={state.language === language}
            disabled={state.saving}
            onChange={() => void choose(language)}
          />
        ))}
        {state.error && <ValidationMessage>{state.error}</ValidationMessage>}
      </Fieldset>
      <div aria-live="polite" role="status">
        {state.saved && <Paragraph data-size="sm">{t('notifications.language.saved')}</Paragraph>}
      </div>
    </>
  );
}
