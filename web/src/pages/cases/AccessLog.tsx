import { Alert, Button, Heading, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleText } from '../../app/session/session.js';
import { apiGet } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { formatDate } from '../../i18n/dates.js';
import { accessActionText } from './text.js';
import type { AccessLogLine } from '@contract/cases.js';

/** Lines shown at first, and added by each "show more". The API answers the whole log (at most 1000 lines) at once. */
export const accessLogPageSize = 20;

type State = { status: 'loading' } | { status: 'failed' } | { status: 'hidden' } | { status: 'ready'; lines: AccessLogLine[] };

/**
 * "Who has seen your case": who has read or changed the case, in which role, what they did and
 * when (Norwegian time), newest first, from `GET /api/cases/:id/access-log`. The person's own
 * entries are not in that answer. Hidden when the server says the user may not see the log.
 */
export function AccessLog({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [shown, setShown] = useState(accessLogPageSize);
  const firstNew = useRef<HTMLTableRowElement>(null);
  const [focusFirstNew, setFocusFirstNew] = useState(false);

  const load = useCallback(
    async (isLive: () => boolean = () => true) => {
      setState({ status: 'loading' });
      try {
        const response = await apiGet<{ entries: AccessLogLine[] }>(`/api/cases/${encodeURIComponent(caseId)}/access-log`, currentLanguage());
        if (!isLive()) return;
        if (response.status === 403 || response.status === 404) setState({ status: 'hidden' });
        else if (response.body && Array.isArray(response.body.entries)) {
          const lines = [...response.body.entries].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
          setState({ status: 'ready', lines });
          setShown(accessLogPageSize);
        } else setState({ status: 'failed' });
      } catch {
        if (isLive()) setState({ status: 'failed' });
      }
    },
    [caseId],
  );

  useEffect(() => {
    let live = true;
    void load(() => live);
    return () => {
      live = false;
    };
  }, [load]);

  useEffect(() => {
    if (!focusFirstNew) return;
    firstNew.current?.focus();
    setFocusFirstNew(false);
  }, [focusFirstNew, shown]);

  if (state.status === 'hidden') return null;
  const language = i18n.resolvedLanguage;

  const showMore = () => {
    setShown((count) => count + accessLogPageSize);
    setFocusFirstNew(true);
  };

  return (
    <section aria-labelledby="case-access-log" className="case-access-log" data-testid="case-access-log">
      <Heading level={2} data-size="sm" id="case-access-log">
        {t('cases.accessLog.heading')}
      </Heading>
      <Paragraph>{t('cases.accessLog.intro')}</Paragraph>
      {state.status === 'loading' && <Spinner aria-label={t('cases.accessLog.loading')} data-size="sm" />}
      {state.status === 'failed' && (
        <Alert data-color="danger">
          <Paragraph>{t('cases.accessLog.failed')}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => void load()}>
            {t('cases.accessLog.retry')}
          </Button>
        </Alert>
      )}
      {state.status === 'ready' && state.lines.length === 0 && <Paragraph>{t('cases.accessLog.empty')}</Paragraph>}
      {state.status === 'ready' && state.lines.length > 0 && (
        <>
          <Table className="case-access-log__table" aria-labelledby="case-access-log">
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('cases.accessLog.when')}</Table.HeaderCell>
                <Table.HeaderCell>{t('cases.accessLog.who')}</Table.HeaderCell>
                <Table.HeaderCell>{t('cases.accessLog.what')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {state.lines.slice(0, shown).map((line, index) => (
                <Table.Row
                  key={`${line.time}-${index}`}
                  ref={index === shown - accessLogPageSize && index > 0 ? firstNew : undefined}
                  tabIndex={index === shown - accessLogPageSize && index > 0 ? -1 : undefined}
                >
                  <Table.Cell>
                    <time dateTime={line.time}>{formatDate(line.time, language, true)}</time>
                  </Table.Cell>
                  <Table.Cell>
                    <span className="case-access-log__name">{line.name || t('cases.accessLog.unknownName')}</span>
                    <span className="ds-sr-only">, </span>
                    <span className="case-access-log__role">{line.role === 'anonymous' ? t('cases.accessLog.notSignedIn') : roleText(t, { role: line.role, ...(line.lead ? { lead: true } : {}) })}</span>
                  </Table.Cell>
                  <Table.Cell>{accessActionText(t, line.action)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {state.lines.length > accessLogPageSize && (
            <Paragraph data-size="sm" aria-live="polite">
              {shown < state.lines.length ? t('cases.accessLog.showing', { shown, total: state.lines.length }) : t('cases.accessLog.showingAll', { total: state.lines.length })}
            </Paragraph>
          )}
          {shown < state.lines.length && (
            <Button variant="secondary" onClick={showMore}>
              {t('cases.accessLog.showMore', { count: Math.min(accessLogPageSize, state.lines.length - shown) })}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
