import { Link, Table } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

export interface FigureRow {
  readonly key: string;
  readonly label: ReactNode;
  /** The list behind the figure. */
  readonly link: string;
  readonly value: ReactNode;
}

/** A two-column table of figures, each value a link to the list behind it. */
export function FigureTable({ caption, labelColumn, valueColumn, rows }: { caption?: string; labelColumn: string; valueColumn: string; rows: readonly FigureRow[] }) {
  return (
    <div className="oversight__table">
      <Table zebra>
        {caption && <caption>{caption}</caption>}
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{labelColumn}</Table.HeaderCell>
            <Table.HeaderCell>{valueColumn}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row key={row.key}>
              <Table.Cell>{row.label}</Table.Cell>
              <Table.Cell>
                <Link asChild>
                  <RouterLink to={row.link}>{row.value}</RouterLink>
                </Link>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}
