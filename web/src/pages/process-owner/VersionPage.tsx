import { Heading, Link, Paragraph, Table } from '@digdir/designsystemet-react';
import './process-owner.css';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { definitionPath, durationText, type Figures, type VersionDetail } from './api.js';
import { Diagram } from './Diagram.js';
import { LoadState } from './LoadState.js';
import { useApi } from './useApi.js';

/** One version: its diagram with running cases and incidents per element, the same as a table, and the process's figures. */
export function VersionPage() {
  const { t } = useTranslation();
  const params = useParams();
  const key = params.key ?? '';
  const number = params.number ?? '';
  const title = t('processOwner.versionHeading', { key, number });
  useDocumentTitle(title);
  const { state } = useApi<VersionDetail>(`/api/definitions/${encodeURIComponent(key)}/versions/${encodeURIComponent(number)}`);
  const figures = useApi<Figures>(`/api/definitions/${encodeURIComponent(key)}/figures`);
  const units = { days: t('processOwner.days'), hours: t('processOwner.hours'), none: '–' };

  return (
    <div className="process-owner">
      <Paragraph>
        <Link asChild>
          <RouterLink to={definitionPath(key)}>{t('processOwner.backTo', { key })}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <LoadState state={state} />
      {state.status === 'ready' && (
        <>
          <Diagram xml={state.data.xml} counts={state.data.counts} label={t('processOwner.diagramLabel', { key, number })} />
          <section aria-labelledby="counts-heading">
            <Heading level={2} data-size="md" id="counts-heading">
              {t('processOwner.whereCasesWait')}
            </Heading>
            {state.data.counts.length === 0 ? (
              <Paragraph>{t('processOwner.noRunning')}</Paragraph>
            ) : (
              <Table data-testid="counts">
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('processOwner.element')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('processOwner.runningCases')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('processOwner.incidents')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {state.data.counts.map((count) => {
                    const element = state.data.elements.find((candidate) => candidate.id === count.elementId);
                    return (
                      <Table.Row key={count.elementId}>
                        <Table.Cell>
                          {element?.name ?? ''} <code>{count.elementId}</code>
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
            {t('processOwner.figures')}
          </Heading>
          <Paragraph>
            {t('processOwner.requestToCoordinator', {
              count: figures.state.data.requestToCoordinator.count,
              p50: durationText(figures.state.data.requestToCoordinator.p50Ms, units),
              p90: durationText(figures.state.data.requestToCoordinator.p90Ms, units),
            })}
          </Paragraph>
          <Paragraph>
            {t('processOwner.requestToApprovedPlan', {
              count: figures.state.data.requestToApprovedPlan.count,
              p50: durationText(figures.state.data.requestToApprovedPlan.p50Ms, units),
              p90: durationText(figures.state.data.requestToApprovedPlan.p90Ms, units),
            })}
          </Paragraph>
          <Paragraph>{t('processOwner.reviewsOnTime', figures.state.data.reviews)}</Paragraph>
          <Table data-testid="figures">
            <caption>{t('processOwner.taskFigures')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('processOwner.task')}</Table.HeaderCell>
                <Table.HeaderCell>{t('processOwner.completed')}</Table.HeaderCell>
                <Table.HeaderCell>{t('processOwner.median')}</Table.HeaderCell>
                <Table.HeaderCell>{t('processOwner.p90')}</Table.HeaderCell>
                <Table.HeaderCell>{t('processOwner.open')}</Table.HeaderCell>
                <Table.HeaderCell>{t('processOwner.overdue')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {figures.state.data.tasks.map((task) => (
                <Table.Row key={task.elementId}>
                  <Table.Cell>{task.name ?? task.elementId}</Table.Cell>
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
