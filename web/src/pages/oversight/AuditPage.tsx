import { Button, Field, Heading, Label, Link, Pagination, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { auditActions, auditResources, type AuditSearchAnswer } from '@contract/audit.js';
import type { StaffUsersAnswer } from '@contract/tasks.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useSearchParams } from 'react-router';
import { roleText } from '../../app/session/session.js';
import { staffCaseDetailPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { formatDate } from '../../i18n/dates.js';
import { useOversightText, type OversightKey, type OversightText } from '../../i18n/namespaces.js';
import { useApi } from '../../app/useApi.js';
import { LoadNotice, queryOf } from './shared.js';
import './oversight.css';

const pageSize = 50;
const fields = ['caseId', 'actorId', 'action', 'from', 'to'] as const;

/** Where the reader is in the list: carried in the history entry, so a reload keeps it (a link does not). */
interface Position {
  readonly total: number;
  /** The page's first entry's place in the list, from 1. */
  readonly from: number;
}

/** An audit action in words; one this version does not record has none. */
function actionText(text: OversightText, action: string): string | null {
  return (auditActions as readonly string[]).includes(action) ? text(`auditAction.${action}` as OversightKey) : null;
}

/**
 * The audit search for the unit's lead (`/logg`): by case, user, action and period, newest first,
 * a page at a time by cursor (`after`, `before` in the address, beside the filters), with an export
 * of every entry found for the data protection officer.
 */
export function AuditPage() {
  const text = useOversightText();
  const { t, i18n } = useTranslation();
  useDocumentTitle(text('audit.title'));
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const current = Object.fromEntries(fields.map((key) => [key, params.get(key) ?? ''])) as Record<(typeof fields)[number], string>;
  const after = params.get('after') ?? undefined;
  const before = params.get('before') ?? undefined;
  const [form, setForm] = useState(current);
  const query = queryOf(current);
  useEffect(() => setForm(current), [query]);
  const { state } = useApi<AuditSearchAnswer>(`/api/audit${queryOf({ ...current, pageSize, ...(after ? { after } : before ? { before } : {}) })}`);
  const staff = useApi<StaffUsersAnswer>('/api/staff/users');
  const people = staff.state.status === 'ready' ? staff.state.data.users : [];
  const answer = state.status === 'ready' ? state.data : undefined;
  // The first page counts the entries; the pages after it carry that count and their place along.
  const carried = (location.state as { position?: Position } | null)?.position;
  const position: Position | undefined = answer?.total != null ? { total: answer.total, from: 1 } : after || before ? carried : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value.trim()) next.set(key, value.trim());
    setParams(next);
  };
  const pagePath = (cursor: { after: string } | { before: string } | null) => `/logg${queryOf({ ...current, ...cursor })}`;
  const shown = answer?.entries.length ?? 0;

  return (
    <div className="oversight">
      <Heading level={1} data-size="lg">
        {text('audit.title')}
      </Heading>
      <Paragraph>{text('audit.intro')}</Paragraph>
      <form className="oversight__form" role="search" onSubmit={submit}>
        <Textfield id="audit-case" label={text('audit.caseId')} value={form.caseId} onChange={(event) => setForm({ ...form, caseId: event.target.value })} autoComplete="off" />
        <Field>
          <Label htmlFor="audit-actor">{text('audit.actor')}</Label>
          <Select id="audit-actor" value={form.actorId} onChange={(event) => setForm({ ...form, actorId: event.target.value })} width="auto">
            <Select.Option value="">{text('audit.allActors')}</Select.Option>
            {people.map((person) => (
              <Select.Option key={person.id} value={person.id}>
                {person.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="audit-action">{text('audit.action')}</Label>
          <Select id="audit-action" value={form.action} onChange={(event) => setForm({ ...form, action: event.target.value })} width="auto">
            <Select.Option value="">{text('audit.allActions')}</Select.Option>
            {auditResources.map((resource) => {
              const name = text(`audit.resource.${resource}` as OversightKey);
              return (
                <Select.Optgroup key={resource} label={name}>
                  <Select.Option value={`${resource}.`}>{text('audit.allOf', { resource: name })}</Select.Option>
                  {auditActions
                    .filter((action) => action.startsWith(`${resource}.`))
                    .map((action) => (
                      <Select.Option key={action} value={action}>
                        {actionText(text, action)}
                      </Select.Option>
                    ))}
                </Select.Optgroup>
              );
            })}
          </Select>
        </Field>
        <Textfield id="audit-from" label={text('audit.from')} type="date" value={form.from} onChange={(event) => setForm({ ...form, from: event.target.value })} />
        <Textfield id="audit-to" label={text('audit.to')} type="date" value={form.to} onChange={(event) => setForm({ ...form, to: event.target.value })} />
        <Button type="submit">{text('audit.search')}</Button>
      </form>
      <Paragraph>
        <Link href={`/api/audit${queryOf({ ...current, format: 'csv' })}`} download>
          {text('audit.export')}
        </Link>
      </Paragraph>
      <LoadNotice state={state} text={text} />
      {state.status === 'ready' && (
        <>
          <Paragraph role="status">
            {position && shown > 0
              ? text('audit.showing', { from: position.from, to: position.from + shown - 1, total: position.total })
              : position
                ? text('audit.total', { count: position.total })
                : null}
          </Paragraph>
          {state.data.entries.length === 0 ? (
            <Paragraph>{text('audit.none')}</Paragraph>
          ) : (
            <div className="oversight__table">
              <Table zebra data-size="sm">
                <caption>{text('audit.caption')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{text('audit.time')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('audit.who')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('audit.role')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('audit.what')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('audit.outcome')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('audit.case')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {state.data.entries.map((entry, index) => (
                    <Table.Row key={`${entry.time}-${index}`}>
                      <Table.Cell>{formatDate(entry.time, i18n.resolvedLanguage, true)}</Table.Cell>
                      <Table.Cell>{entry.actorName}</Table.Cell>
                      <Table.Cell>{entry.actorRole === 'anonymous' ? '' : roleText(t, { role: entry.actorRole, lead: entry.actorLead })}</Table.Cell>
                      <Table.Cell>
                        {actionText(text, entry.action) ?? ''} <span className="oversight__code">{entry.action}</span>
                      </Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm" data-color={entry.outcome === 'denied' ? 'danger' : 'success'}>
                          {text(entry.outcome === 'denied' ? 'audit.denied' : 'audit.allowed')}
                        </Tag>
                      </Table.Cell>
                      <Table.Cell className="oversight__nowrap">
                        {entry.caseId && (
                          <Link asChild>
                            <RouterLink to={staffCaseDetailPath(entry.caseId)}>{entry.caseNumber ?? entry.caseId}</RouterLink>
                          </Link>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          {(answer?.previous || answer?.next || after || before) && (
            <Pagination aria-label={text('common.pagination')}>
              <Pagination.List>
                {(after || before) && (
                  <Pagination.Item>
                    <Pagination.Button asChild variant="tertiary">
                      <RouterLink to={pagePath(null)}>{text('audit.newest')}</RouterLink>
                    </Pagination.Button>
                  </Pagination.Item>
                )}
                {answer?.previous && (
                  <Pagination.Item>
                    <Pagination.Button asChild variant="tertiary">
                      <RouterLink to={pagePath({ before: answer.previous })} state={position && { position: { ...position, from: Math.max(1, position.from - pageSize) } }}>
                        {text('common.previous')}
                      </RouterLink>
                    </Pagination.Button>
                  </Pagination.Item>
                )}
                {answer?.next && (
                  <Pagination.Item>
                    <Pagination.Button asChild variant="tertiary">
                      <RouterLink to={pagePath({ after: answer.next })} state={position && { position: { ...position, from: position.from + shown } }}>
                        {text('common.next')}
                      </RouterLink>
                    </Pagination.Button>
                  </Pagination.Item>
                )}
              </Pagination.List>
            </Pagination>
          )}
        </>
      )}
    </div>
  );
}
