import { Alert, Field, Heading, Label, Link, Pagination, Paragraph, Search, Select, Spinner, Table, Tag, usePagination } from '@digdir/designsystemet-react';
import type { StaffCaseListAnswer } from '@contract/staff-cases.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { paths, staffCaseDetailPath } from '../../app/routes.js';
import { signInPath } from '../../app/session/session.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { useSearchParamsAtOnce } from '../../app/useSearchParamsAtOnce.js';
import { apiGet } from '../../forms/api.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { caseStages } from '@contract/cases.js';
import { staffStageText } from './text.js';
import { OverviewFilterChip, overviewFilterOf, overviewKeys } from '../oversight/OverviewFilter.js';
import './staff-cases.css';

type State = { status: 'loading' } | { status: 'signed-out' } | { status: 'forbidden' } | { status: 'failed' } | { status: 'ready'; answer: StaffCaseListAnswer };

const pageSize = 25;

/**
 * The staff's case list: search by name, case number or identity number, filter by status and
 * stage, one page at a time. The search, filters and page live in the URL (`/saker?q=&status=&stage=&page=`),
 * so a link or a reload keeps them.
 */
export function StaffCasesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('staffCases.title'));
  const [params, setParams] = useSearchParamsAtOnce();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const stage = params.get('stage') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  // The overview's number behind the list (`flag`, `coordinator` and their settings), passed on as they are.
  const overviewFilter = overviewFilterOf(params);
  const [query, setQuery] = useState(q);
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => setQuery(q), [q]);

  useEffect(() => {
    let live = true;
    const search = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (q) search.set('q', q);
    if (status) search.set('status', status);
    if (stage) search.set('stage', stage);
    for (const [key, value] of new URLSearchParams(overviewFilter)) search.set(key, value);
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    apiGet<StaffCaseListAnswer>(`/api/staff/cases?${search.toString()}`, currentLanguage()).then(
      (response) => {
        if (!live) return;
        if (response.status === 401) setState({ status: 'signed-out' });
        else if (response.status === 403) setState({ status: 'forbidden' });
        else if (response.body) setState({ status: 'ready', answer: response.body });
        else setState({ status: 'failed' });
      },
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [q, status, stage, page, overviewFilter]);

  /** Changes one or more URL parameters; every change but paging starts again at page 1. */
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: query.trim() });
  };

  const totalPages = state.status === 'ready' ? Math.max(1, Math.ceil(state.answer.total / pageSize)) : 1;
  const { pages, prevButtonProps, nextButtonProps } = usePagination({
    currentPage: Math.min(page, totalPages),
    totalPages,
    showPages: 7,
    setCurrentPage: (next) => update({ page: next > 1 ? String(next) : '' }),
  });
  const language = i18n.resolvedLanguage;

  return (
    <div className="staff-cases">
      <Heading level={1} data-size="lg">
        {t('staffCases.title')}
      </Heading>
      <Paragraph>{t('staffCases.intro')}</Paragraph>

      <div className="staff-cases__filters">
        <form role="search" onSubmit={submit} className="staff-cases__search">
          <Label htmlFor="staff-cases-q">{t('staffCases.searchLabel')}</Label>
          <Search>
            <Search.Input id="staff-cases-q" name="q" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
            <Search.Clear aria-label={t('staffCases.clearSearch')} onClick={() => update({ q: '' })} />
            <Search.Button type="submit">{t('staffCases.searchButton')}</Search.Button>
          </Search>
        </form>
        <Field>
          <Label htmlFor="staff-cases-status">{t('staffCases.statusLabel')}</Label>
          <Select id="staff-cases-status" value={status} onChange={(event) => update({ status: event.target.value })} width="auto">
            <Select.Option value="">{t('staffCases.statusFilter.all')}</Select.Option>
            <Select.Option value="open">{t('staffCases.statusFilter.open')}</Select.Option>
            <Select.Option value="closed">{t('staffCases.statusFilter.closed')}</Select.Option>
          </Select>
        </Field>
        <Field>
          <Label htmlFor="staff-cases-stage">{t('staffCases.stageLabel')}</Label>
          <Select id="staff-cases-stage" value={stage} onChange={(event) => update({ stage: event.target.value })} width="auto">
            <Select.Option value="">{t('staffCases.allStages')}</Select.Option>
            {caseStages.map((key) => (
              <Select.Option key={key} value={key}>
                {staffStageText(t, key)}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>

      {overviewFilter && <OverviewFilterChip params={params} onRemove={() => update(Object.fromEntries(overviewKeys.map((key) => [key, ''])))} />}

      {state.status === 'loading' && <Spinner aria-label={t('staffCases.loading')} />}
      {state.status === 'signed-out' && (
        <Alert data-color="info">
          <Paragraph>{t('staffCases.signInNeeded')}</Paragraph>
          <Link asChild>
            <RouterLink to={signInPath(paths.staffCases)}>{t('staffCases.signIn')}</RouterLink>
          </Link>
        </Alert>
      )}
      {state.status === 'forbidden' && <Alert data-color="warning">{t('staffCases.noAccess')}</Alert>}
      {state.status === 'failed' && <Alert data-color="danger">{t('staffCases.loadFailed')}</Alert>}
      {state.status === 'ready' && (
        <>
          <Paragraph role="status" data-testid="staff-cases-total">
            {t('staffCases.total', { count: state.answer.total })}
          </Paragraph>
          {state.answer.cases.length === 0 ? (
            <Paragraph>{t('staffCases.none')}</Paragraph>
          ) : (
            <div className="staff-cases__table">
              <Table zebra>
                <caption>{t('staffCases.caption')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('staffCases.column.caseNumber')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.person')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.born')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.stage')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.coordinator')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.openTasks')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.column.received')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {state.answer.cases.map((item) => (
                    <Table.Row key={item.id}>
                      <Table.Cell>
                        <Link asChild>
                          <RouterLink to={staffCaseDetailPath(item.id)}>{item.caseNumber}</RouterLink>
                        </Link>
                        {item.duplicateFlag && (
                          <>
                            {' '}
                            <Tag data-color="warning" data-size="sm">
                              {t('staffCases.duplicateTag')}
                            </Tag>
                          </>
                        )}
                      </Table.Cell>
                      <Table.Cell>{item.personName}</Table.Cell>
                      <Table.Cell>{item.birthDate ? formatDate(item.birthDate, language) : ''}</Table.Cell>
                      <Table.Cell>
                        <Tag data-color={item.closed ? 'neutral' : 'info'} data-size="sm">
                          {staffStageText(t, item.stage)}
                        </Tag>
                      </Table.Cell>
                      <Table.Cell>{item.coordinator?.name ?? ''}</Table.Cell>
                      <Table.Cell>{item.openTasks}</Table.Cell>
                      <Table.Cell>{formatDate(item.createdAt, language)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          {totalPages > 1 && (
            <Pagination aria-label={t('staffCases.pagination')}>
              <Pagination.List>
                <Pagination.Item>
                  <Pagination.Button {...prevButtonProps}>{t('staffCases.previous')}</Pagination.Button>
                </Pagination.Item>
                {pages.map(({ page: number, itemKey, buttonProps }) => (
                  <Pagination.Item key={itemKey}>
                    {typeof number === 'number' && (
                      <Pagination.Button {...buttonProps} aria-label={t('staffCases.page', { page: number })}>
                        {number}
                      </Pagination.Button>
                    )}
                  </Pagination.Item>
                ))}
                <Pagination.Item>
                  <Pagination.Button {...nextButtonProps}>{t('staffCases.next')}</Pagination.Button>
                </Pagination.Item>
              </Pagination.List>
            </Pagination>
          )}
        </>
      )}
    </div>
  );
}
