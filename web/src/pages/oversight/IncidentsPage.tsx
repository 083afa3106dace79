import { Button, Heading, Link, Paragraph, Table } from '@digdir/designsystemet-react';
import type { RetryAnswer, UnitIncidentsAnswer } from '@contract/incidents.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { staffCaseDetailPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiSend, type ApiError } from '../../forms/api.js';
import { formatDate } from '../../i18n/dates.js';
import { elementName } from '../../i18n/elementNames.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { useOversightText } from '../../i18n/namespaces.js';
import { useApi } from '../../app/useApi.js';
import { LoadNotice } from './shared.js';
import './oversight.css';

/**
 * The unit's open incidents in one list (`/feil`): the case, the step, the error and the attempts,
 * with a retry per row (the same call as on the case page). The outcome is announced.
 */
export function IncidentsPage() {
  const text = useOversightText();
  const { i18n } = useTranslation();
  useDocumentTitle(text('incidents.title'));
  const { state, reload } = useApi<UnitIncidentsAnswer>('/api/incidents');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const retry = async (caseId: string, caseNumber: string, incidentId: string) => {
    setBusy(incidentId);
    const response = await apiSend(`/api/cases/${encodeURIComponent(caseId)}/incidents/${encodeURIComponent(incidentId)}/retry`, {}, { language: currentLanguage() });
    setBusy(null);
    if (response.status === 200) {
      const answer = response.body as RetryAnswer;
      setMessage(answer.incident.status === 'resolved' ? text('incidents.retried', { caseNumber }) : text('incidents.stillFailing', { caseNumber }));
    } else {
      const error = (response.body as { errors?: ApiError[] } | null)?.errors?.[0]?.message ?? String(response.status);
      setMessage(text('incidents.retryFailed', { message: error }));
    }
    reload();
  };

  return (
    <div className="oversight">
      <Heading level={1} data-size="lg">
        {text('incidents.title')}
      </Heading>
      <Paragraph>{text('incidents.intro')}</Paragraph>
      <Paragraph role="status">{message}</Paragraph>
      <LoadNotice state={state} text={text} />
      {state.status === 'ready' &&
        (state.data.incidents.length === 0 ? (
          <Paragraph>{text('incidents.none')}</Paragraph>
        ) : (
          <div className="oversight__table">
            <Table zebra>
              <caption>{text('incidents.caption')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{text('incidents.case')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.person')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.step')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.error')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.attempts')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.openedAt')}</Table.HeaderCell>
                  <Table.HeaderCell>{text('incidents.retryShort')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {state.data.incidents.map((incident) => {
                  const step = elementName(incident.elementId, incident.elementName, currentLanguage()) ?? incident.elementId;
                  return (
                    <Table.Row key={incident.id}>
                      <Table.Cell id={`incident-${incident.id}-case`} className="oversight__nowrap">
                        <Link asChild>
                          <RouterLink to={staffCaseDetailPath(incident.caseId)}>{incident.caseNumber}</RouterLink>
                        </Link>
                      </Table.Cell>
                      <Table.Cell>{incident.personName}</Table.Cell>
                      <Table.Cell id={`incident-${incident.id}-step`}>{step}</Table.Cell>
                      <Table.Cell>{incident.error}</Table.Cell>
                      <Table.Cell>{incident.attempts}</Table.Cell>
                      <Table.Cell>{formatDate(incident.openedAt, i18n.resolvedLanguage)}</Table.Cell>
                      <Table.Cell>
                        <Button
                          data-size="sm"
                          variant="secondary"
                          disabled={busy !== null}
                          aria-describedby={`incident-${incident.id}-step incident-${incident.id}-case`}
                          onClick={() => void retry(incident.caseId, incident.caseNumber, incident.id)}
                        >
                          {text('incidents.retryShort')}
                        </Button>
                      </Table.Cell>
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table>
          </div>
        ))}
    </div>
  );
}
