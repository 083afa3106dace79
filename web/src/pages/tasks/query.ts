import { taskSorts, taskViews, type SortOrder, type TaskSort, type TaskViewName } from '@contract/tasks.js';

/** The work queue's state as it lives in the address: view, search, filters, sort and page. */
export interface QueueQuery {
  readonly view: TaskViewName;
  readonly q: string;
  readonly formKey: string;
  readonly dueBefore: string;
  readonly sort: TaskSort;
  readonly order: SortOrder;
  readonly page: number;
}

export const defaultQuery: QueueQuery = { view: 'mine', q: '', formKey: '', dueBefore: '', sort: 'dueDate', order: 'asc', page: 1 };

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return values.find((v) => v === value) ?? fallback;
}

/** Reads the address; anything unknown falls back to the default, so an old or edited link still opens. */
export function fromSearchParams(params: URLSearchParams): QueueQuery {
  const page = Number(params.get('page'));
  const dueBefore = params.get('dueBefore') ?? '';
  return {
    view: oneOf(taskViews, params.get('view'), defaultQuery.view),
    q: (params.get('q') ?? '').slice(0, 200),
    formKey: (params.get('formKey') ?? '').slice(0, 100),
    dueBefore: /^\d{4}-\d{2}-\d{2}$/.test(dueBefore) ? dueBefore : '',
    sort: oneOf(taskSorts, params.get('sort'), defaultQuery.sort),
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** Writes the query to the address, leaving out what is the default (short links). */
export function toSearchParams(query: QueueQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('view', query.view);
  if (query.q.trim()) params.set('q', query.q.trim());
  if (query.formKey) params.set('formKey', query.formKey);
  if (query.dueBefore) params.set('dueBefore', query.dueBefore);
  if (query.sort !== defaultQuery.sort || query.order !== defaultQuery.order) {
    params.set('sort', query.sort);
    params.set('order', query.order);
  }
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}
