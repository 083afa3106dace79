import { Alert, Button, Checkbox, Field, Fieldset, Heading, Label, List, Paragraph, Radio, Search, Select, Table, Tag, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { staffRoleIds, type AdminUser, type AdminUsersAnswer, type DeactivateAnswer, type OpenTasksAnswer } from '@contract/admin-users.js';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roleText } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { useSearchParamsAtOnce } from '../../app/useSearchParamsAtOnce.js';
import { apiGet, apiSend, fieldErrors } from '../../forms/api.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { useOversightText, type OversightKey } from '../../i18n/namespaces.js';
import { useApi } from '../../app/useApi.js';
import { LoadNotice, queryOf } from './shared.js';
import './oversight.css';

type Draft = { name: string; login: string; role: string; unitId: string; lead: boolean };
const emptyDraft: Draft = { name: '', login: '', role: 'coordinator', unitId: '', lead: false };

/** The result of the last action: one of ours (in the reader's current language) or what the server said. */
type Status = { key: OversightKey; values?: Record<string, unknown> } | { said: string } | null;

/**
 * User administration (`/brukere`), the admin's start page: list and search staff, create a user,
 * change name, login, role, unit and lead flag, deactivate (their open tasks shown first, then given
 * to a colleague or returned to the group queue) and activate again. Outcomes are announced.
 */
export function AdminUsersPage() {
  const text = useOversightText();
  const { t, i18n } = useTranslation();
  useDocumentTitle(text('users.title'));
  const [params, setParams] = useSearchParamsAtOnce();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const [query, setQuery] = useState(q);
  const { state, reload } = useApi<AdminUsersAnswer>(`/api/admin/users${queryOf({ q, role })}`);
  // Kept as a key, not a text, so that the notice follows a change of language.
  const [status, setStatus] = useState<Status>(null);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [leaving, setLeaving] = useState<{ user: AdminUser; tasks: OpenTasksAnswer } | null>(null);
  const [choice, setChoice] = useState<'reassign' | 'return' | ''>('');
  const [colleague, setColleague] = useState('');
  const session = useSession();
  // An admin does not deactivate themselves (the API refuses it too).
  const ownId = session.status === 'ready' ? session.session.user?.id : undefined;
  const formHeading = useRef<HTMLHeadingElement>(null);
  const leaveHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => setQuery(q), [q]);
  useEffect(() => formHeading.current?.focus(), [editing]);
  useEffect(() => leaveHeading.current?.focus(), [leaving]);

  const roleName = (id: string, lead = false) => roleText(t, { role: id, lead });

  const open = (user: AdminUser | 'new') => {
    setErrors({});
    setLeaving(null);
    setEditing(user);
    setDraft(user === 'new' ? emptyDraft : { name: user.name, login: user.login ?? '', role: user.role, unitId: user.unitId ?? '', lead: user.lead });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const body = { name: draft.name, login: draft.login, role: draft.role, unitId: draft.unitId.trim() || null, lead: draft.role === 'ke-caseworker' && draft.lead };
    const response =
      editing === 'new'
        ? await apiSend('/api/admin/users', body, { language: currentLanguage() })
        : await apiSend(`/api/admin/users/${encodeURIComponent(editing.id)}`, body, { language: currentLanguage(), method: 'PATCH' });
    if (response.status === 200 || response.status === 201) {
      setStatus({ key: editing === 'new' ? 'users.created' : 'users.saved', values: { name: draft.name } });
      setEditing(null);
      reload();
    } else {
      setErrors(fieldErrors(response.body));
      setStatus({ key: 'users.failed' });
    }
  };

  const startLeaving = async (user: AdminUser) => {
    setEditing(null);
    const response = await apiGet<OpenTasksAnswer>(`/api/admin/users/${encodeURIComponent(user.id)}/open-tasks`, currentLanguage());
    if (!response.body) return setStatus({ key: 'common.loadFailed' });
    setChoice(response.body.tasks.length === 0 ? '' : response.body.candidates.length > 0 ? 'reassign' : 'return');
    setColleague(response.body.candidates[0]?.id ?? '');
    setErrors({});
    setLeaving({ user, tasks: response.body });
  };

  const deactivate = async (event: FormEvent) => {
    event.preventDefault();
    if (!leaving) return;
    const body = leaving.tasks.tasks.length === 0 ? {} : choice === 'reassign' ? { openTasks: 'reassign', toUserId: colleague } : { openTasks: choice || undefined };
    const response = await apiSend(`/api/admin/users/${encodeURIComponent(leaving.user.id)}/deactivate`, body, { language: currentLanguage() });
    if (response.status === 200) {
      setStatus({ key: 'users.deactivated', values: { name: leaving.user.name, count: (response.body as DeactivateAnswer).moved } });
      setLeaving(null);
      reload();
    } else {
      setErrors(fieldErrors(response.body));
    }
  };

  const reactivate = async (user: AdminUser) => {
    const response = await apiSend(`/api/admin/users/${encodeURIComponent(user.id)}`, { active: true }, { language: currentLanguage(), method: 'PATCH' });
    if (response.status === 200) {
      setStatus({ key: 'users.reactivated', values: { name: user.name } });
      reload();
    } else {
      const said = Object.values(fieldErrors(response.body))[0];
      setStatus(said ? { said } : { key: 'users.failed' });
    }
  };

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <div className="oversight">
      <Heading level={1} data-size="lg">
        {text('users.title')}
      </Heading>
      <Paragraph>{text('users.intro')}</Paragraph>
      <Paragraph role="status" data-testid="users-status">
        {status && ('key' in status ? text(status.key, status.values) : status.said)}
      </Paragraph>

      <div className="oversight__form">
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            update({ q: query.trim() });
          }}
        >
          <Label htmlFor="users-q">{text('users.search')}</Label>
          <Search>
            <Search.Input id="users-q" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
            <Search.Clear aria-label={text('users.clearSearch')} onClick={() => update({ q: '' })} />
            <Search.Button type="submit">{text('users.searchButton')}</Search.Button>
          </Search>
        </form>
        <Field>
          <Label htmlFor="users-role-filter">{text('users.roleFilter')}</Label>
          <Select id="users-role-filter" value={role} onChange={(event) => update({ role: event.target.value })} width="auto">
            <Select.Option value="">{text('users.allRoles')}</Select.Option>
            {staffRoleIds.map((id) => (
              <Select.Option key={id} value={id}>
                {roleName(id)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="button" onClick={() => open('new')}>
          {text('users.create')}
        </Button>
      </div>

      {editing && (
        <section aria-labelledby="users-form-heading">
          <Heading level={2} data-size="md" id="users-form-heading" ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? text('users.createHeading') : text('users.editHeading', { name: editing.name })}
          </Heading>
          <form className="oversight__form" onSubmit={save} noValidate>
            <Textfield id="user-name" label={text('users.name')} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} error={errors.name} required />
            <Textfield
              id="user-login"
              label={text('users.login')}
              description={text('users.loginHint')}
              value={draft.login}
              onChange={(event) => setDraft({ ...draft, login: event.target.value })}
              error={errors.login}
              autoComplete="off"
              required
            />
            <Field>
              <Label htmlFor="user-role">{text('users.role')}</Label>
              <Select id="user-role" value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value })} width="auto" aria-invalid={errors.role ? true : undefined}>
                {staffRoleIds.map((id) => (
                  <Select.Option key={id} value={id}>
                    {roleName(id)}
                  </Select.Option>
                ))}
              </Select>
              {errors.role && <ValidationMessage>{errors.role}</ValidationMessage>}
            </Field>
            <Textfield id="user-unit" label={text('users.unit')} description={text('users.unitHint')} value={draft.unitId} onChange={(event) => setDraft({ ...draft, unitId: event.target.value })} error={errors.unitId} />
            {draft.role === 'ke-caseworker' && <Checkbox id="user-lead" label={text('users.lead')} checked={draft.lead} onChange={(event) => setDraft({ ...draft, lead: event.target.checked })} error={errors.lead} />}
            <div className="oversight__actions">
              <Button type="submit">{text('users.save')}</Button>
              <Button type="button" variant="secondary" onClick={() => setEditing(null)}>
                {text('users.cancel')}
              </Button>
            </div>
          </form>
        </section>
      )}

      {leaving && (
        <section aria-labelledby="users-leave-heading">
          <Heading level={2} data-size="md" id="users-leave-heading" ref={leaveHeading} tabIndex={-1}>
            {text('users.deactivateHeading', { name: leaving.user.name })}
          </Heading>
          <Paragraph>{text('users.deactivateIntro', { name: leaving.user.name })}</Paragraph>
          {leaving.tasks.tasks.length === 0 ? (
            <Paragraph>{text('users.noTasks', { name: leaving.user.name })}</Paragraph>
          ) : (
            <>
              <Paragraph>{text('users.tasks', { name: leaving.user.name, count: leaving.tasks.tasks.length })}</Paragraph>
              <List.Unordered>
                {leaving.tasks.tasks.map((task) => (
                  <List.Item key={task.id}>
                    {task.name ?? task.formKey ?? ''} – {task.dueDate ? text('users.taskDue', { date: formatDate(task.dueDate, i18n.resolvedLanguage) }) : text('users.noDue')}
                  </List.Item>
                ))}
              </List.Unordered>
            </>
          )}
          <form onSubmit={deactivate} noValidate>
            {leaving.tasks.tasks.length > 0 && (
              <Fieldset>
                <Fieldset.Legend>{text('users.choice')}</Fieldset.Legend>
                <Radio
                  id="leave-reassign"
                  name="open-tasks"
                  label={text('users.reassign')}
                  value="reassign"
                  checked={choice === 'reassign'}
                  disabled={leaving.tasks.candidates.length === 0}
                  onChange={() => setChoice('reassign')}
                />
                <Radio id="leave-return" name="open-tasks" label={text('users.returnToQueue')} value="return" checked={choice === 'return'} onChange={() => setChoice('return')} />
                {errors.openTasks && <ValidationMessage>{errors.openTasks}</ValidationMessage>}
              </Fieldset>
            )}
            {leaving.tasks.tasks.length > 0 && leaving.tasks.candidates.length === 0 && <Alert data-color="info">{text('users.noCandidates')}</Alert>}
            {choice === 'reassign' && leaving.tasks.candidates.length > 0 && (
              <Field>
                <Label htmlFor="leave-colleague">{text('users.colleague')}</Label>
                <Select id="leave-colleague" value={colleague} onChange={(event) => setColleague(event.target.value)} width="auto" aria-invalid={errors.toUserId ? true : undefined}>
                  {leaving.tasks.candidates.map((candidate) => (
                    <Select.Option key={candidate.id} value={candidate.id}>
                      {candidate.name} ({roleName(candidate.role)})
                    </Select.Option>
                  ))}
                </Select>
                {errors.toUserId && <ValidationMessage>{errors.toUserId}</ValidationMessage>}
              </Field>
            )}
            <div className="oversight__actions">
              <Button type="submit" data-color="danger">
                {text('users.confirmDeactivate')}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setLeaving(null)}>
                {text('users.cancel')}
              </Button>
            </div>
          </form>
        </section>
      )}

      <LoadNotice state={state} text={text} />
      {state.status === 'ready' && (
        <>
          <Paragraph>{text('users.total', { count: state.data.users.length })}</Paragraph>
          {state.data.users.length === 0 ? (
            <Paragraph>{text('users.none')}</Paragraph>
          ) : (
            <div className="oversight__table">
              <Table zebra>
                <caption>{text('users.caption')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{text('users.name')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.login')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.role')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.unit')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.status')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.lastSignIn')}</Table.HeaderCell>
                    <Table.HeaderCell>{text('users.actions')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {state.data.users.map((user) => (
                    <Table.Row key={user.id}>
                      <Table.Cell>{user.name}</Table.Cell>
                      <Table.Cell>{user.login ?? ''}</Table.Cell>
                      <Table.Cell>{roleName(user.role, user.lead)}</Table.Cell>
                      <Table.Cell>{user.unitId ?? ''}</Table.Cell>
                      <Table.Cell>
                        <Tag data-size="sm" data-color={user.active ? 'success' : 'neutral'}>
                          {text(user.active ? 'users.active' : 'users.inactive')}
                        </Tag>
                      </Table.Cell>
                      <Table.Cell>{user.lastSignInAt ? formatDate(user.lastSignInAt, i18n.resolvedLanguage) : text('users.never')}</Table.Cell>
                      <Table.Cell>
                        <div className="oversight__actions">
                          <Button type="button" data-size="sm" variant="secondary" onClick={() => open(user)} aria-label={text('users.edit', { name: user.name })}>
                            {text('users.edit', { name: '' }).trim()}
                          </Button>
                          {user.id === ownId ? null : user.active ? (
                            <Button type="button" data-size="sm" variant="tertiary" data-color="danger" onClick={() => void startLeaving(user)}>
                              {text('users.deactivate', { name: user.name })}
                            </Button>
                          ) : (
                            <Button type="button" data-size="sm" variant="tertiary" onClick={() => void reactivate(user)}>
                              {text('users.reactivate', { name: user.name })}
                            </Button>
                          )}
                        </div>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
