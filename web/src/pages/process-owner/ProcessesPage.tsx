import { Heading, Link, Paragraph, Table } from '@digdir/designsystemet-react';
import './process-owner.css';
import { useTranslation } from 'react-i18next';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { formatDate } from '../../i18n/dates.js';
import { definitionPath, type DefinitionItem } from './api.js';
import { LoadState } from './LoadState.js';
import { useApi } from '../../app/useApi.js';

/** The process owner's start page: the deployed processes, their newest version and running cases. */
export function ProcessesPage() {
  const { i18n } = useTranslation();
  const po = useProcessOwnerText();
  useDocumentTitle(po('title'));
  const { state } = useApi<{ definitions: DefinitionItem[] }>('/api/definitions');

  return (
    <div className="app-prose process-owner">
      <Heading level={1} data-size="lg">
        {po('title')}
      </Heading>
      <Paragraph>{po('intro')}</Paragraph>
      <LoadState state={state} />
      {state.status === 'ready' && (
        <Table data-testid="definitions">
          <caption>{po('definitionsCaption')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{po('process')}</Table.HeaderCell>
              <Table.HeaderCell>{po('newestVersion')}</Table.HeaderCell>
              <Table.HeaderCell>{po('deployed')}</Table.HeaderCell>
              <Table.HeaderCell>{po('runningCases')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {state.data.definitions.map((definition) => (
              <Table.Row key={definition.key}>
                <Table.Cell>
                  <Link asChild>
                    <RouterLink to={definitionPath(definition.key)}>{definition.key}</RouterLink>
                  </Link>
                </Table.Cell>
                <Table.Cell>{definition.latest.number}</Table.Cell>
                <Table.Cell>{formatDate(definition.latest.deployedAt, i18n.resolvedLanguage, true)}</Table.Cell>
                <Table.Cell>{definition.running}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  );
}
