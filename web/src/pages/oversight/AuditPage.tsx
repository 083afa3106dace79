import { Button, Field, Heading, Label, Link, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import type { StaffUsersAnswer } from '@contract/tasks.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { roleText } from '../../app/session/session.js';
import { staffCaseDetailPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { formatDate } from '../../i18n/dates.js';
import { knownAccessActionText } from '../cases/text.js';
import { useOversightText } from '../../i18n/namespaces.js';
import { useApi } from '../../app/useApi.js';
import { LoadNotice, queryOf } from './shared.js';
import { Paging } from './Paging.js';
import './oversight.css';

interface AuditAnswer {
  readonly entries: readonly { time: string; actorId: string; actorName: string; actorRole: string; action: string; outcome: 'allowed' | 'denied'; caseId: string | null }[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

const pageSize = 50;
/** The actions worth searching for; `x.` is every action on x. */
const actions = ['case.', 'case.read', 'case.list', 'case.list-by-national-id', 'case.update', 'case.read-access-log', 'plan.', 'task.', 'incident.', 'audit.', 'overview.', 'auth.', 'user.'];
const fields = ['caseId', 'actorId', 'action', 'from', 'to'] as const;

/**
 * The audit search for the unit's lead (`/logg`): by case, user, action and period, a page at a
 * time, newest first, with an export of every entry found for the data protection officer.
 */
export function AuditPage() {
  const text = useOversightText();
  const { t, i18n } = useTranslation();
  useDocumentTitle(text('audit.title'));
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(fields.map((key) => [key, params.get(key) ?? ''])) as Record<(typeof fields)[number], string>;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [form, setForm] = useState(current);
  const query = queryOf(current);
  useEffect(() => setForm(current), [query]);
  const { state } = useApi<AuditAnswer>(`/api/audit${queryOf({ ...current, page, pageSize })}`);
  const staff = useApi<StaffUsersAnswer>('/api/staff/users');
  const people = staff.state.status === 'ready' ? staff.state.data.users : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value.trim()) next.set(key, value.trim());
    setParams(next);
  };
  const totalPages = state.status === 'ready' ? Math.max(1, Math.ceil(state.data.total / pageSize)) : 1;

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
            {actions.map((action) => (
              <Select.Option key={action} value={action}>
                {action.endsWith('.') ? `${action}*` : action}
              </Select.Option>
            ))}
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
          <Paragraph role="status">{text('audit.total', { count: state.data.total })}</Paragraph>
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
                      <Table.Cell>{entry.actorRole === 'anonymous' ? '' : roleText(t, { role: entry.actorRole })}</Table.Cell>
                      <Table.Cell>
                        {knownAccessActionText(t, entry.action) ?? ''} <span className="oversight__code">{entry.action}</span>
                      </Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm" data-color={entry.outcome === 'denied' ? 'danger' : 'success'}>
                          {text(entry.outcome === 'denied' ? 'audit.denied' : 'audit.allowed')}
                        </Tag>
                      </Table.Cell>
                      <Table.Cell>
                        {entry.caseId && (
                          <Link asChild>
                            <RouterLink to={staffCaseDetailPath(entry.caseId)}>{entry.caseId.slice(-6)}</RouterLink>
                          </Link>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          <Paging
            page={page}
            totalPages={totalPages}
            text={text}
            onPage={(next) => {
              const copy = new URLSearchParams(params);
              if (next > 1) copy.set('page', String(next));
              else copy.delete('page');
              setParams(copy);
            }}
          />
        </>
      )}
    </div>
  );
}
