import './tasks.css';
import { taskViews, type TaskListAnswer, type TaskListItem, type TaskSort, type TaskViewName } from '@contract/tasks.js';
import {
  Alert,
  Button,
  Chip,
  Field,
  Fieldset,
  Heading,
  Label,
  Link,
  Pagination,
  Paragraph,
  Search,
  Select,
  Spinner,
  Table,
  Tag,
  Textfield,
  usePagination,
} from '@digdir/designsystemet-react';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { paths, taskPath } from '../../app/routes.js';
import { signInPath } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { useSearchParamsAtOnce } from '../../app/useSearchParamsAtOnce.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { claimTask, listTasks } from './api.js';
import { fromSearchParams, toSearchParams, type QueueQuery } from './query.js';
import { taskForm, taskFormKeys, taskTitle } from './text.js';

/** How often the queue asks for changes while the tab is visible. */
const pollMs = 15000;

type State =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'forbidden' }
  | { status: 'failed'; last: TaskListAnswer | null }
  | { status: 'ready'; answer: TaskListAnswer };

/**
 * The staff's work queue: one row per task, views with their counts, search, filters and sort in
 * the address (a link or a reload keeps them), claim from the row, and a list that refreshes itself
 * while the tab is visible and says so politely.
 */
export function WorkQueuePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('staff.queue.title'));
  const [params, setParams] = useSearchParamsAtOnce();
  const query = useMemo(() => fromSearchParams(params), [params]);
  const queryKey = toSearchParams(query).toString();
  const session = useSession();
  const user = session.status === 'ready' ? session.session.user : null;
  const userId = session.status === 'ready' ? (user?.id ?? null) : undefined;
  const location = useLocation();
  const navigate = useNavigate();
  const completedNotice = (location.state as { completed?: string } | null)?.completed ?? null;

  const [state, setState] = useState<State>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [notice, setNotice] = useState<{ color: 'success' | 'danger'; text: string } | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const lastIds = useRef<string | null>(null);
  const captionRef = useRef<HTMLTableCaptionElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const viewName = (view: TaskViewName) => t(`staff.queue.view.${view}`);

  const load = useCallback(
    async (reason: 'open' | 'poll') => {
      if (reason === 'open') setBusy(true);
      try {
        const response = await listTasks(query);
        if (response.status === 401) return setState({ status: 'signed-out' });
        if (response.status === 403) return setState({ status: 'forbidden' });
        const answer = response.body;
        if (!answer) return setState((previous) => ({ status: 'failed', last: previous.status === 'ready' ? previous.answer : null }));
        const ids = `${answer.total}:${answer.tasks.map((task) => `${task.id}/${task.assignee?.id ?? ''}`).join(',')}`;
        if (reason === 'poll' && lastIds.current !== null && lastIds.current !== ids) {
          setAnnouncement(t('staff.queue.updated', { count: answer.total }));
        }
        lastIds.current = ids;
        keepFocus(answer);
        setState({ status: 'ready', answer });
      } catch {
        setState((previous) => ({ status: 'failed', last: previous.status === 'ready' ? previous.answer : null }));
      } finally {
        if (reason === 'open') setBusy(false);
      }
    },
    // queryKey stands for the query: a new object with the same content must not reload.
    [queryKey, t],
  );

  // A row that disappears in a refresh must not take the keyboard focus with it.
  const keepFocus = (answer: TaskListAnswer) => {
    const row = document.activeElement?.closest<HTMLElement>('tr[data-task-id]');
    if (row && !answer.tasks.some((task) => task.id === row.dataset.taskId)) {
      window.setTimeout(() => captionRef.current?.focus(), 0);
    }
  };

  useEffect(() => {
    if (session.status === 'loading') return;
    if (userId === null) {
      setState({ status: 'signed-out' });
      return;
    }
    lastIds.current = null;
    void load('open');
  }, [load, session.status, userId]);

  // Refresh while visible; pause while the tab is hidden, and catch up as soon as it shows again.
  useEffect(() => {
    if (!userId) return;
    const timer = window.setInterval(() => {
      if (!document.hidden) void load('poll');
    }, pollMs);
    const onVisible = () => {
      if (!document.hidden) void load('poll');
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load, userId]);

  useEffect(() => {
    if (completedNotice) {
      setNotice({ color: 'success', text: completedNotice });
      window.setTimeout(() => noticeRef.current?.focus(), 0);
      // Shown once: a reload does not repeat it.
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    }
  }, [completedNotice]);

  const update = (change: Partial<QueueQuery>) => {
    setNotice(null);
    setParams(toSearchParams({ ...query, page: 1, ...change }));
  };

  const claim = async (task: TaskListItem) => {
    if (claiming) return;
    setClaiming(task.id);
    const language = currentLanguage();
    const names = { task: taskTitle(t, task, language), person: task.personName };
    try {
      const outcome = await claimTask(task.id);
      if (outcome.ok) {
        // The row shows the task as mine until the next refresh (so focus is not lost), and the view
        // counts move with it; focus moves to its link, the way on.
        const wasAvailable = task.status === 'open';
        setState((previous) =>
          previous.status === 'ready'
            ? {
                status: 'ready',
                answer: {
                  ...previous.answer,
                  counts: wasAvailable
                    ? { ...previous.answer.counts, mine: previous.answer.counts.mine + 1, available: Math.max(0, previous.answer.counts.available - 1) }
                    : previous.answer.counts,
                  tasks: previous.answer.tasks.map((row) =>
                    row.id === task.id
                      ? { ...row, status: 'claimed', assignee: user ? { id: user.id, name: user.name } : row.assignee, actions: { ...row.actions, claim: false, unclaim: true, complete: true } }
                      : row,
                  ),
                },
              }
            : previous,
        );
        setAnnouncement(t('staff.queue.claimed', names));
        window.setTimeout(() => document.getElementById(`task-link-${task.id}`)?.focus(), 0);
      } else {
        setNotice({ color: 'danger', text: outcome.message ?? t(outcome.status === 409 ? 'staff.task.refused.conflict' : 'staff.task.refused.other') });
        window.setTimeout(() => noticeRef.current?.focus(), 0);
        void load('poll');
      }
    } finally {
      setClaiming(null);
    }
  };

  if (state.status === 'signed-out' || state.status === 'forbidden') {
    return (
      <div className="app-prose">
        <Heading level={1} data-size="lg">
          {t('staff.queue.title')}
        </Heading>
        <Paragraph>{state.status === 'signed-out' ? t('staff.queue.signInNeeded') : t('staff.queue.forbidden')}</Paragraph>
        {state.status === 'signed-out' && (
          <Paragraph>
            <Link asChild>
              <RouterLink to={signInPath(`${paths.workQueue}${location.search}`)}>{t('staff.queue.signIn')}</RouterLink>
            </Link>
          </Paragraph>
        )}
      </div>
    );
  }

  const answer = state.status === 'ready' ? state.answer : state.status === 'failed' ? state.last : null;
  const views = taskViews.filter((view) => view !== 'unit' || user?.role === 'ke-caseworker');
  const filtered = query.q !== '' || query.formKey !== '' || query.dueBefore !== '';

  return (
    <div className="work-queue">
      <Heading level={1} data-size="lg">
        {t('staff.queue.title')}
      </Heading>
      <div role="status" className="ds-sr-only" data-testid="queue-announcement">
        {announcement}
      </div>
      {notice && (
        <Alert ref={noticeRef} tabIndex={-1} data-color={notice.color} role={notice.color === 'danger' ? 'alert' : 'status'} className="work-queue__notice" data-testid="queue-notice">
          {notice.text}
        </Alert>
      )}

      <Fieldset className="work-queue__views">
        <Fieldset.Legend>{t('staff.queue.views')}</Fieldset.Legend>
        <div className="work-queue__chips">
          {views.map((view) => (
            <Chip.Radio key={view} name="view" value={view} checked={query.view === view} onChange={() => update({ view })}>
              {answer ? t('staff.queue.viewWithCount', { name: viewName(view), count: answer.counts[view] }) : viewName(view)}
            </Chip.Radio>
          ))}
        </div>
      </Fieldset>

      <QueueFilters query={query} onChange={update} />

      {state.status === 'failed' && (
        <Alert data-color="warning" className="work-queue__notice">
          {t('staff.queue.loadFailed')}
        </Alert>
      )}
      {!answer && state.status === 'loading' && <Spinner aria-label={t('common.loading')} data-size="lg" />}
      {answer && answer.tasks.length === 0 && (
        <EmptyQueue
          view={query.view}
          filtered={filtered}
          availableCount={answer.counts.available}
          onShowAvailable={() => update({ view: 'available' })}
          onClearFilters={() => update({ q: '', formKey: '', dueBefore: '' })}
        />
      )}
      {answer && answer.tasks.length > 0 && (
        <>
          <div className="work-queue__table" role="region" aria-labelledby="work-queue-caption" tabIndex={0}>
            <Table data-size="sm" aria-busy={busy || undefined} className="work-queue__rows">
              <caption id="work-queue-caption" ref={captionRef} tabIndex={-1}>
                {t('staff.queue.caption', { view: viewName(query.view), count: answer.total })}
              </caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('staff.queue.column.task')}</Table.HeaderCell>
                  <SortHeader query={query} sort="personName" onSort={update}>
                    {t('staff.queue.column.person')}
                  </SortHeader>
                  <Table.HeaderCell scope="col">{t('staff.queue.column.caseNumber')}</Table.HeaderCell>
                  <SortHeader query={query} sort="dueDate" onSort={update}>
                    {t('staff.queue.column.due')}
                  </SortHeader>
                  <SortHeader query={query} sort="followUpDate" onSort={update}>
                    {t('staff.queue.column.followUp')}
                  </SortHeader>
                  <SortHeader query={query} sort="createdAt" onSort={update}>
                    {t('staff.queue.column.created')}
                  </SortHeader>
                  <Table.HeaderCell scope="col">{t('staff.queue.column.assignee')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('staff.queue.column.actions')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {answer.tasks.map((task) => (
                  <QueueRow key={task.id} task={task} userId={user?.id ?? null} claiming={claiming === task.id} onClaim={() => void claim(task)} />
                ))}
              </Table.Body>
            </Table>
          </div>
          <QueuePagination page={answer.page} total={answer.total} pageSize={answer.pageSize} onPage={(page) => setParams(toSearchParams({ ...query, page }))} />
        </>
      )}
    </div>
  );
}

function SortHeader({ query, sort, onSort, children }: { query: QueueQuery; sort: TaskSort; onSort(change: Partial<QueueQuery>): void; children: string }) {
  const active = query.sort === sort;
  return (
    <Table.HeaderCell
      scope="col"
      sort={active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none'}
      onClick={() => onSort({ sort, order: active && query.order === 'asc' ? 'desc' : 'asc' })}
    >
      {children}
    </Table.HeaderCell>
  );
}

function QueueRow({ task, userId, claiming, onClaim }: { task: TaskListItem; userId: string | null; claiming: boolean; onClaim(): void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const title = taskTitle(t, task, language);
  const date = (iso: string | null) => (iso ? formatDate(iso, i18n.resolvedLanguage) : t('staff.queue.none'));
  return (
    <Table.Row data-task-id={task.id}>
      <Table.Cell>
        <Link asChild>
          <RouterLink id={`task-link-${task.id}`} to={taskPath(task.id)}>
            {title}
          </RouterLink>
        </Link>
      </Table.Cell>
      <Table.Cell>{task.personName}</Table.Cell>
      <Table.Cell>{task.caseNumber}</Table.Cell>
      <Table.Cell>
        <span className="work-queue__due">
          {date(task.dueDate)}
          {task.due === 'overdue' && (
            <Tag data-color="danger" data-size="sm">
              {t('staff.queue.overdue')}
            </Tag>
          )}
          {task.due === 'due-soon' && (
            <Tag data-color="warning" data-size="sm">
              {t('staff.queue.dueSoon')}
            </Tag>
          )}
        </span>
      </Table.Cell>
      <Table.Cell>{date(task.followUpDate)}</Table.Cell>
      <Table.Cell>{formatDate(task.createdAt, i18n.resolvedLanguage)}</Table.Cell>
      <Table.Cell>{task.assignee ? (task.assignee.id === userId ? t('staff.queue.you', { name: task.assignee.name }) : task.assignee.name) : t('staff.queue.unassigned')}</Table.Cell>
      <Table.Cell>
        {task.actions.claim && (
          <Button
            variant="secondary"
            data-size="sm"
            onClick={onClaim}
            aria-disabled={claiming || undefined}
            aria-label={t('staff.queue.claimLabel', { task: title, person: task.personName })}
          >
            {t('staff.queue.claim')}
          </Button>
        )}
      </Table.Cell>
    </Table.Row>
  );
}

/** Search, task type and due date; the chosen ones as removable chips. */
function QueueFilters({ query, onChange }: { query: QueueQuery; onChange(change: Partial<QueueQuery>): void }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const [text, setText] = useState(query.q);
  useEffect(() => setText(query.q), [query.q]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: text.trim() });
  };
  const typeName = (key: string) => taskForm(key)?.title[language] ?? key;
  const chips: { key: string; label: string; remove: Partial<QueueQuery> }[] = [];
  if (query.q) chips.push({ key: 'q', label: t('staff.queue.filterSearch', { value: query.q }), remove: { q: '' } });
  if (query.formKey) chips.push({ key: 'formKey', label: t('staff.queue.filterType', { value: typeName(query.formKey) }), remove: { formKey: '' } });
  if (query.dueBefore) chips.push({ key: 'dueBefore', label: t('staff.queue.filterDue', { value: formatDate(query.dueBefore, i18n.resolvedLanguage) }), remove: { dueBefore: '' } });

  return (
    <div className="work-queue__filters">
      <form role="search" className="work-queue__search" onSubmit={submit}>
        <Label htmlFor="work-queue-search">{t('staff.queue.search')}</Label>
        <Search>
          <Search.Input id="work-queue-search" name="q" value={text} onChange={(event) => setText(event.target.value)} />
          <Search.Button type="submit">{t('staff.queue.searchButton')}</Search.Button>
        </Search>
      </form>
      <Field className="work-queue__filter">
        <Label htmlFor="work-queue-type">{t('staff.queue.formKey')}</Label>
        <Select id="work-queue-type" value={query.formKey} onChange={(event) => onChange({ formKey: event.target.value })}>
          <Select.Option value="">{t('staff.queue.allTypes')}</Select.Option>
          {taskFormKeys.map((key) => (
            <Select.Option key={key} value={key}>
              {typeName(key)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield
        className="work-queue__filter"
        id="work-queue-due"
        type="date"
        label={t('staff.queue.dueBefore')}
        value={query.dueBefore}
        onChange={(event) => {
          const value = event.target.value;
          if (value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value)) onChange({ dueBefore: value });
        }}
      />
      {chips.length > 0 && (
        <div className="work-queue__active" role="group" aria-label={t('staff.queue.activeFilters')}>
          {chips.map((chip) => (
            <Chip.Removable key={chip.key} aria-label={t('staff.queue.removeFilter', { filter: chip.label })} onClick={() => onChange(chip.remove)}>
              {chip.label}
            </Chip.Removable>
          ))}
          {chips.length > 1 && (
            <Button variant="tertiary" data-size="sm" onClick={() => onChange({ q: '', formKey: '', dueBefore: '' })}>
              {t('staff.queue.clearFilters')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function EmptyQueue({
  view,
  filtered,
  availableCount,
  onShowAvailable,
  onClearFilters,
}: {
  view: TaskViewName;
  filtered: boolean;
  availableCount: number;
  onShowAvailable(): void;
  onClearFilters(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="work-queue__empty" data-testid="queue-empty">
      <Paragraph>{filtered ? t('staff.queue.empty.filtered') : t(`staff.queue.empty.${view}`)}</Paragraph>
      {filtered && (
        <Button variant="secondary" onClick={onClearFilters}>
          {t('staff.queue.clearFilters')}
        </Button>
      )}
      {!filtered && view !== 'available' && availableCount > 0 && (
        <Button variant="secondary" onClick={onShowAvailable}>
          {t('staff.queue.empty.showAvailable', { count: availableCount })}
        </Button>
      )}
    </div>
  );
}

function QueuePagination({ page, total, pageSize, onPage }: { page: number; total: number; pageSize: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const totalPages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  const { pages, prevButtonProps, nextButtonProps } = usePagination({ currentPage: page, totalPages, showPages: 7, setCurrentPage: onPage });
  if (totalPages <= 1) return null;
  return (
    <Pagination aria-label={t('staff.queue.pagination')} className="work-queue__pagination">
      <Pagination.List>
        <Pagination.Item>
          <Pagination.Button {...prevButtonProps}>{t('staff.queue.previous')}</Pagination.Button>
        </Pagination.Item>
        {pages.map(({ page: number, itemKey, buttonProps }) => (
          <Pagination.Item key={itemKey}>
            {typeof number === 'number' && (
              <Pagination.Button {...buttonProps} aria-label={t('staff.queue.page', { page: number })}>
                {number}
              </Pagination.Button>
            )}
          </Pagination.Item>
        ))}
        <Pagination.Item>
          <Pagination.Button {...nextButtonProps}>{t('staff.queue.next')}</Pagination.Button>
        </Pagination.Item>
      </Pagination.List>
    </Pagination>
  );
}
