import { Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useProcessOwnerText } from '../../i18n/namespaces.js';
import type { Diff } from './api.js';

/** The difference between two versions as a table: each row says in words (and colour) whether the element was added, removed or changed. */
export function DiffTable({ diff }: { diff: Diff }) {
  const po = useProcessOwnerText();
  const rows = [
    ...diff.added.map((element) => ({ kind: 'added' as const, id: element.id, name: element.name, type: element.type, what: Object.entries(element.attributes).map(([key, value]) => `${key}: ${value}`) })),
    ...diff.removed.map((element) => ({ kind: 'removed' as const, id: element.id, name: element.name, type: element.type, what: [] as string[] })),
    ...diff.changed.map((element) => ({
      kind: 'changed' as const,
      id: element.id,
      name: element.name,
      type: element.type,
      what: element.changes.map((change) => `${change.attribute}: ${change.from ?? '–'} → ${change.to ?? '–'}`),
    })),
  ];
  const colours = { added: 'success', removed: 'danger', changed: 'warning' } as const;
  if (rows.length === 0) return <Paragraph role="status">{po('noDifference')}</Paragraph>;
  return (
    <Table data-testid="diff">
      <caption>{po('differenceCaption', { from: diff.from, to: diff.to })}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{po('change')}</Table.HeaderCell>
          <Table.HeaderCell>{po('element')}</Table.HeaderCell>
          <Table.HeaderCell>{po('type')}</Table.HeaderCell>
          <Table.HeaderCell>{po('details')}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {rows.map((row) => (
          <Table.Row key={`${row.kind}-${row.id}`}>
            <Table.Cell>
              <Tag data-color={colours[row.kind]}>{po(`diff.${row.kind}`)}</Tag>
            </Table.Cell>
            <Table.Cell>
              {row.name ?? ''} <code>{row.id}</code>
            </Table.Cell>
            <Table.Cell>{row.type.replace(/^bpmn:/, '')}</Table.Cell>
            <Table.Cell>
              {row.what.length > 0 && (
                <ul className="process-owner__changes">
                  {row.what.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
