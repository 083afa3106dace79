import { defaultTaskPageSize, maxTaskPageSize, taskSorts, taskViews, type SortOrder, type TaskSort, type TaskViewName } from '../../contract/tasks.js';
import { todayInNorway } from '../../forms/national-id.js';
import type { LocalizedText } from '../../forms/types.js';

/** `GET /api/tasks` parameters, checked: every one has its value or default. */
export interface TaskListParams {
  readonly view: TaskViewName;
  readonly formKey?: string;
  readonly q?: string;
  readonly caseNumber?: string;
  /** Tasks due before this instant: the start of the day after `dueBefore` in Norway. */
  readonly dueBefore?: Date;
  readonly sort: TaskSort;
  readonly order: SortOrder;
  readonly page: number;
  readonly pageSize: number;
}

export type ParamProblem = { readonly field: string; readonly message: LocalizedText };

const oneOf = (name: string, values: readonly string[]): LocalizedText => ({
  nb: `Ugyldig verdi for ${name}. Gyldige verdier: ${values.join(', ')}.`,
  nn: `Ugyldig verdi for ${name}. Gyldige verdiar: ${values.join(', ')}.`,
  en: `Invalid value for ${name}. Valid values: ${values.join(', ')}.`,
});
const problems = {
  unknown: (name: string): LocalizedText => ({ nb: `Ukjent parameter ${name}.`, nn: `Ukjend parameter ${name}.`, en: `Unknown parameter ${name}.` }),
  repeated: (name: string): LocalizedText => ({ nb: `${name} kan bare oppgis én gang.`, nn: `${name} kan berre oppgjevast éin gong.`, en: `${name} may be given only once.` }),
  text: (name: string, max: number): LocalizedText => ({
    nb: `${name} må være fra 1 til ${max} tegn.`,
    nn: `${name} må vere frå 1 til ${max} teikn.`,
    en: `${name} must be 1 to ${max} characters.`,
  }),
  date: (name: string): LocalizedText => ({ nb: `${name} må være en dato (ÅÅÅÅ-MM-DD).`, nn: `${name} må vere ein dato (ÅÅÅÅ-MM-DD).`, en: `${name} must be a date (YYYY-MM-DD).` }),
  integer: (name: string, min: number, max: number): LocalizedText => ({
    nb: `${name} må være et heltall fra ${min} til ${max}.`,
    nn: `${name} må vere eit heiltal frå ${min} til ${max}.`,
    en: `${name} must be a whole number from ${min} to ${max}.`,
  }),
};

const known = new Set(['view', 'formKey', 'q', 'caseNumber', 'dueBefore', 'sort', 'order', 'page', 'pageSize']);
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first instant of the day after `date` (YYYY-MM-DD) in Norway; undefined for a date that does not exist. */
export function endOfDayInNorway(date: string): Date | undefined {
  const match = datePattern.exec(date);
  if (!match) return undefined;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (day.toISOString().slice(0, 10) !== date) return undefined;
  const next = new Date(day.getTime() + 86_400_000);
  const nextDay = next.toISOString().slice(0, 10);
  // Norway is UTC+1 or UTC+2: the day starts at 22:00 or 23:00 UTC the evening before.
  for (const hours of [2, 1]) {
    const at = new Date(next.getTime() - hours * 3_600_000);
    if (todayInNorway(at) === nextDay && todayInNorway(new Date(at.getTime() - 1)) !== nextDay) return at;
  }
  return undefined;
}

/** Checks the query string of `GET /api/tasks`: the parameters, or the first problem naming its parameter. */
export function parseTaskListQuery(raw: Record<string, unknown>): { ok: true; value: TaskListParams } | { ok: false; problem: ParamProblem } {
  for (const [name, value] of Object.entries(raw)) {
    if (!known.has(name)) return { ok: false, problem: { field: name, message: problems.unknown(name) } };
    if (typeof value !== 'string') return { ok: false, problem: { field: name, message: problems.repeated(name) } };
  }
  const text = (name: string) => (raw[name] as string | undefined)?.trim();
  const fail = (field: string, message: LocalizedText) => ({ ok: false as const, problem: { field, message } });

  const view = text('view') ?? 'mine';
  if (!(taskViews as readonly string[]).includes(view)) return fail('view', oneOf('view', taskViews));
  const sort = text('sort') ?? 'dueDate';
  if (!(taskSorts as readonly string[]).includes(sort)) return fail('sort', oneOf('sort', taskSorts));
  const order = text('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return fail('order', oneOf('order', ['asc', 'desc']));

  const integer = (name: string, fallback: number, min: number, max: number): number | null => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (!/^\d{1,7}$/.test(value)) return null;
    const n = Number(value);
    return n >= min && n <= max ? n : null;
  };
  const page = integer('page', 1, 1, 1_000_000);
  if (page === null) return fail('page', problems.integer('page', 1, 1_000_000));
  const pageSize = integer('pageSize', defaultTaskPageSize, 1, maxTaskPageSize);
  if (pageSize === null) return fail('pageSize', problems.integer('pageSize', 1, maxTaskPageSize));

  const limits: Record<'formKey' | 'q' | 'caseNumber', number> = { formKey: 100, q: 100, caseNumber: 20 };
  const texts: Partial<Record<keyof typeof limits, string>> = {};
  for (const name of Object.keys(limits) as (keyof typeof limits)[]) {
    const value = text(name);
    if (value === undefined) continue;
    if (value.length === 0 || value.length > limits[name]) return fail(name, problems.text(name, limits[name]));
    texts[name] = value;
  }
  let dueBefore: Date | undefined;
  const dueText = text('dueBefore');
  if (dueText !== undefined) {
    dueBefore = endOfDayInNorway(dueText);
    if (!dueBefore) return fail('dueBefore', problems.date('dueBefore'));
  }
  return {
    ok: true,
    value: { view: view as TaskViewName, sort: sort as TaskSort, order, page, pageSize, ...texts, ...(dueBefore ? { dueBefore } : {}) },
  };
}
