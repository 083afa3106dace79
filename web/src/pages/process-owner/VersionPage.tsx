import { Heading, Link, Paragraph, Table } from '@digdir/designsystemet-react';
import './process-owner.css';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import { Link as RouterLink, useParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { elementName } from '../../i18n/elementNames.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { definitionPath, durationText, type Figures, type VersionDetail } from './api.js';
import { Diagram } from './Diagram.js';
import { LoadState } from './LoadState.js';
import { useApi } from '../../app/useApi.js';

/** One version: its diagram with running cases and incidents per element, the same as a table, and the process's figures. */
export function VersionPage() {
  const po = useProcessOwnerText();
  const params = useParams();
  const key = params.key ?? '';
  const number = params.number ?? '';
  const title = po('versionHeading', { key, number });
  useDocumentTitle(title);
  const { state } = useApi<VersionDetail>(`/api/definitions/${encodeURIComponent(key)}/versions/${encodeURIComponent(number)}`);
  const figures = useApi<Figures>(`/api/definitions/${encodeURIComponent(key)}/figures`);
  const language = currentLanguage();
  const units = { days: po('days'), hours: po('hours'), none: '–' };

  return (
    <div className="process-owner">
      <Paragraph>
        <Link asChild>
          <RouterLink to={definitionPath(key)}>{po('backTo', { key })}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <LoadState state={state} />
      {state.status === 'ready' && (
        <>
          <Diagram xml={state.data.xml} counts={state.data.counts} label={po('diagramLabel', { key, number })} />
          <section aria-labelledby="counts-heading">
            <Heading level={2} data-size="md" id="counts-heading">
              {po('whereCasesWait')}
            </Heading>
            {state.data.counts.length === 0 ? (
              <Paragraph>{po('noRunning')}</Paragraph>
            ) : (
              <Table data-testid="counts">
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{po('element')}</Table.HeaderCell>
                    <Table.HeaderCell>{po('runningCases')}</Table.HeaderCell>
                    <Table.HeaderCell>{po('incidents')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {state.data.counts.map((count) => {
                    const element = state.data.elements.find((candidate) => candidate.id === count.elementId);
                    return (
                      <Table.Row key={count.elementId}>
                        <Table.Cell>
                          {elementName(count.elementId, element?.name, language) ?? ''} <code>{count.elementId}</code>
                        </Table.Cell>
                        <Table.Cell>{count.running}</Table.Cell>
                        <Table.Cell>{count.incidents}</Table.Cell>
                      </Table.Row>
                    );
                  })}
                </Table.Body>
              </Table>
            )}
          </section>
        </>
      )}
      {figures.state.status === 'ready' && (
        <section aria-labelledby="figures-heading">
          <Heading level={2} data-size="md" id="figures-heading">
            {po('figures')}
          </Heading>
          <Paragraph>
            {po('requestToCoordinator', {
              count: figures.state.data.requestToCoordinator.count,
              p50: durationText(figures.state.data.requestToCoordinator.p50Ms, units),
              p90: durationText(figures.state.data.requestToCoordinator.p90Ms, units),
            })}
          </Paragraph>
          <Paragraph>
            {po('requestToApprovedPlan', {
              count: figures.state.data.requestToApprovedPlan.count,
              p50: durationText(figures.state.data.requestToApprovedPlan.p50Ms, units),
              p90: durationText(figures.state.data.requestToApprovedPlan.p90Ms, units),
            })}
          </Paragraph>
          <Paragraph>{po('reviewsOnTime', figures.state.data.reviews)}</Paragraph>
          <Table data-testid="figures">
            <caption>{po('taskFigures')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{po('task')}</Table.HeaderCell>
                <Table.HeaderCell>{po('completed')}</Table.HeaderCell>
                <Table.HeaderCell>{po('median')}</Table.HeaderCell>
                <Table.HeaderCell>{po('p90')}</Table.HeaderCell>
                <Table.HeaderCell>{po('open')}</Table.HeaderCell>
                <Table.HeaderCell>{po('overdue')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {figures.state.data.tasks.map((task) => (
                <Table.Row key={task.elementId}>
                  <Table.Cell>{elementName(task.elementId, task.name, language) ?? task.elementId}</Table.Cell>
                  <Table.Cell>{task.count}</Table.Cell>
                  <Table.Cell>{durationText(task.p50Ms, units)}</Table.Cell>
                  <Table.Cell>{durationText(task.p90Ms, units)}</Table.Cell>
                  <Table.Cell>{task.open}</Table.Cell>
                  <Table.Cell>{task.overdue}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </section>
      )}
    </div>
  );
}
