import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { taskSorts, taskViews, type TaskListAnswer, type TaskSort, type TaskViewName } from '../../contract/tasks.js';
import { engineModels, type TaskDoc } from '../../server/engine/index.js';
import { caseTaskLabels } from '../../server/tasks/labels.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';

/**
 * The work queue over 10 000 tasks: every view, filter, sort and page of GET /api/tasks is checked
 * against the same selection made here from the seeded tasks, with Intl.Collator('nb') as the
 * reference for Norwegian name order.
 */
const per = fictionalUsers.find((u) => u.name === 'Per Hansen')!;
const liv = fictionalUsers.find((u) => u.name === 'Liv Berg')!;
const anne = fictionalUsers.find((u) => u.name === 'Anne Lie')!;
const otherUnit = 'ke-annen';
const TASKS = 10_000;
const dayMs = 86_400_000;
const hourMs = 3_600_000;

const names = [
  'Ørjan Åsheim',
  'Åse Vik',
  'Æsa Brekke',
  'Zara Zahl',
  'Anne Aas',
  'Émile Durand',
  'Ola Nordmann',
  'Kari Nordmann',
  'Bjørn Øvrebø',
  'Ingrid Ødegård',
  'Leif Olsen',
  'Amina Yusuf',
];
const forms = ['need-assessment', 'coordinator-appointment', 'consent-registration', 'offer-contact', 'plan', 'plan-approval'];
const groups: Record<string, string[]> = {
  'need-assessment': ['ke-caseworker'],
  'coordinator-appointment': ['ke-caseworker'],
  'consent-registration': ['ke-caseworker'],
  'offer-contact': ['ke-caseworker'],
  plan: ['coordinator'],
  'plan-approval': ['citizen'],
};

let app: TestApp;
let browser: Browser;
let seeded: TaskDoc[];
let now: number;

/** Deterministic tasks: mostly our unit, some another's; some closed; claimed by Per, Liv or nobody. */
function seedTasks(): TaskDoc[] {
  // Every date lies half an hour off a whole number of hours from "now", so no due date crosses
  // "now" or "now + 7 days" while the test runs.
  const base = now - 30 * dayMs + 30 * 60_000;
  return Array.from({ length: TASKS }, (_, i) => {
    const formKey = forms[i % forms.length]!;
    const unitId = i % 10 === 9 ? otherUnit : fictionalUnitId;
    const status = i % 23 === 0 ? 'completed' : i % 7 === 0 ? 'claimed' : 'open';
    const assignee = status === 'claimed' || status === 'completed' ? (i % 3 === 0 ? liv.id : per.id) : undefined;
    const caseNumber = `IP-2026-${String(100000 + Math.floor(i / 2)).padStart(6, '0')}`;
    // A deterministic spread of the names that does not follow the form, the unit or the assignee.
    const personName = names[Math.floor((((i * 9301 + 49297) % 233280) / 233280) * names.length)]!;
    const labels = caseTaskLabels({ unitId, caseNumber, person: { name: personName } });
    const id = `seed-${String(i).padStart(5, '0')}`;
    return {
      _id: id,
      executionId: id,
      engineExecutionId: `e-${i}`,
      instanceId: `seed-instance-${Math.floor(i / 2)}`,
      caseId: (0xa0000000 + Math.floor(i / 2)).toString(16).padStart(24, '0'),
      processKey: 'individual-plan',
      elementId: `Task_${formKey}`,
      formKey,
      candidateGroups: groups[formKey]!,
      candidateUsers: [],
      ...(assignee ? { assignee } : {}),
      ...(i % 11 === 0 ? {} : { dueDate: new Date(base + ((i * 37) % 2160) * hourMs) }),
      ...(i % 3 === 0 ? { followUpDate: new Date(base + ((i * 13) % 1000) * hourMs) } : {}),
      status,
      createdAt: new Date(base - ((i * 101) % 5000) * 60_000),
      completion: null,
      labels,
    } as TaskDoc;
  });
}

const live = (t: TaskDoc) => t.status === 'open' || t.status === 'claimed';
const inUnit = (t: TaskDoc) => live(t) && t.labels?.unitId === fictionalUnitId;
const views: Record<TaskViewName, (t: TaskDoc) => boolean> = {
  mine: (t) => inUnit(t) && t.assignee === per.id,
  available: (t) => inUnit(t) && t.status === 'open' && t.candidateGroups.includes('ke-caseworker'),
  unit: inUnit,
  overdue: (t) => inUnit(t) && !!t.dueDate && t.dueDate.getTime() < now,
  'due-soon': (t) => inUnit(t) && !!t.dueDate && t.dueDate.getTime() >= now && t.dueDate.getTime() < now + 7 * dayMs,
};

const collator = new Intl.Collator('nb', { sensitivity: 'base' });
function sorted(tasks: TaskDoc[], sort: TaskSort, order: 'asc' | 'desc'): TaskDoc[] {
  const direction = order === 'asc' ? 1 : -1;
  const value = (t: TaskDoc): number | null => {
    const date = sort === 'dueDate' ? t.dueDate : sort === 'followUpDate' ? t.followUpDate : sort === 'createdAt' ? t.createdAt : undefined;
    return date ? date.getTime() : null;
  };
  return [...tasks].sort((a, b) => {
    let c: number;
    if (sort === 'personName') c = collator.compare(a.labels!.personName!, b.labels!.personName!);
    else {
      const x = value(a);
      const y = value(b);
      // No date sorts first, as MongoDB orders missing values before any date.
      c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
    }
    return direction * (c || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  });
}

async function list(query: string): Promise<TaskListAnswer> {
  // A GET may be sent again when a kept-alive connection was closed by the server as it went out.
  const res = await browser.api('GET', `/api/tasks?${query}`).catch(() => browser.api('GET', `/api/tasks?${query}`));
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /api/tasks?${query}: ${res.status} ${text}`);
  return JSON.parse(text) as TaskListAnswer;
}

const counts = (select: (t: TaskDoc) => boolean) => Object.fromEntries(taskViews.map((view) => [view, seeded.filter((t) => views[view](t) && select(t)).length]));

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
  now = Date.now();
  seeded = seedTasks();
  const { Task } = engineModels(app.db);
  for (let i = 0; i < seeded.length; i += 2000) await Task.collection.insertMany(seeded.slice(i, i + 2000) as never[]);
  browser = new Browser(app.baseUrl);
  await browser.signInDev(per.id);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('GET /api/tasks over 10 000 tasks', () => {
  it('answers every view, sort and order with the right page, total and counts of every view', async () => {
    const problems: string[] = [];
    for (const view of taskViews) {
      for (const sort of taskSorts) {
        // Both orders on the unit's view; ascending on the others.
        for (const order of view === 'unit' ? (['asc', 'desc'] as const) : (['asc'] as const)) {
          const expected = sorted(seeded.filter(views[view]), sort, order);
          const pageSize = 50;
          const lastPage = Math.max(1, Math.ceil(expected.length / pageSize));
          for (const page of new Set([1, lastPage])) {
            const answer = await list(`view=${view}&sort=${sort}&order=${order}&page=${page}&pageSize=${pageSize}`);
            const want = expected.slice((page - 1) * pageSize, page * pageSize).map((t) => t._id);
            const got = answer.tasks.map((t) => t.id);
            if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${view} ${sort} ${order} page ${page}: got ${got.slice(0, 3).join(',')}…, want ${want.slice(0, 3).join(',')}…`);
            if (answer.total !== expected.length) problems.push(`${view}: total ${answer.total}, want ${expected.length}`);
            expect(answer.page).toBe(page);
            expect(answer.pageSize).toBe(pageSize);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    const answer = await list('view=unit');
    expect(answer.counts).toEqual(counts(() => true));
    expect(answer.counts.unit).toBeGreaterThan(7000);
    for (const view of taskViews) expect(answer.counts[view]).toBeGreaterThan(0);
  }, 600_000);

  it('maps each row from the task, with the assignee’s name, due state and the actions Per may take', async () => {
    const answer = await list('view=unit&sort=createdAt&order=asc&pageSize=100');
    expect(answer.pageSize).toBe(100);
    const byId = new Map(seeded.map((t) => [t._id, t]));
    for (const row of answer.tasks) {
      const task = byId.get(row.id)!;
      expect(row).toMatchObject({ formKey: task.formKey, caseNumber: task.labels!.caseNumber, personName: task.labels!.personName, status: task.status, caseId: task.caseId });
      expect(row.assignee).toEqual(task.assignee === per.id ? { id: per.id, name: 'Per Hansen' } : task.assignee === liv.id ? { id: liv.id, name: 'Liv Berg' } : null);
      const due = task.dueDate?.getTime();
      expect(row.due).toBe(due === undefined ? null : due < now ? 'overdue' : due < now + 7 * dayMs ? 'due-soon' : null);
      const ke = task.candidateGroups.includes('ke-caseworker');
      expect(row.actions).toEqual({ claim: ke && task.status === 'open', unclaim: task.assignee === per.id, assign: false, complete: ke && task.assignee === per.id });
    }
  });

  it('filters by form, case number, due date and search, and counts every view under the same filters', async () => {
    const cases: Array<[string, (t: TaskDoc) => boolean]> = [
      ['formKey=need-assessment', (t) => t.formKey === 'need-assessment'],
      ['caseNumber=IP-2026-100042', (t) => t.labels!.caseNumber === 'IP-2026-100042'],
      ['q=IP-2026-100042', (t) => t.labels!.caseNumber === 'IP-2026-100042'],
      ['q=10004', (t) => t.labels!.caseNumber!.includes('10004')],
      ['dueBefore=2099-01-01', (t) => !!t.dueDate],
      ['q=orjan', (t) => t.labels!.personName === 'Ørjan Åsheim'],
      ['q=%C3%98RJAN%20%C3%85', (t) => t.labels!.personName === 'Ørjan Åsheim'],
      ['q=asheim', (t) => t.labels!.personName === 'Ørjan Åsheim'],
      ['q=emile', (t) => t.labels!.personName === 'Émile Durand'],
      ['q=nordmann', (t) => t.labels!.personName!.endsWith('Nordmann')],
      ['q=aas', (t) => t.labels!.personName === 'Anne Aas'],
      ['q=odegard&formKey=plan', (t) => t.labels!.personName === 'Ingrid Ødegård' && t.formKey === 'plan'],
      ['q=nobody-by-that-name', () => false],
    ];
    for (const [query, select] of cases) {
      const answer = await list(`view=unit&sort=dueDate&pageSize=100&${query}`);
      const expected = sorted(seeded.filter((t) => views.unit(t) && select(t)), 'dueDate', 'asc');
      expect([query, answer.total]).toEqual([query, expected.length]);
      expect([query, answer.tasks.map((t) => t.id)]).toEqual([query, expected.slice(0, 100).map((t) => t._id)]);
      expect([query, answer.counts]).toEqual([query, counts(select)]);
    }
    expect((await list('view=unit&q=orjan')).tasks.every((t) => t.personName === 'Ørjan Åsheim')).toBe(true);
    expect((await list('view=unit&q=orjan')).total).toBeGreaterThan(0);

    // dueBefore is a day in Norway: tasks due by the end of that day.
    const someDue = seeded.filter(views.unit).find((t) => t.dueDate)!.dueDate!;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(someDue);
    const answer = await list(`view=unit&dueBefore=${day}&pageSize=1`);
    const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(d);
    expect(answer.total).toBe(seeded.filter((t) => views.unit(t) && t.dueDate && dayOf(t.dueDate) <= day).length);
  }, 300_000);

  it('sorts names in Norwegian order: Æ, Ø and Å after Z, Å last', async () => {
    const answer = await list('view=unit&sort=personName&order=asc&pageSize=100&page=1000');
    expect(answer.tasks).toEqual([]);
    const firstNames: string[] = [];
    for (let page = 1; ; page++) {
      const { tasks } = await list(`view=mine&sort=personName&pageSize=100&page=${page}`);
      firstNames.push(...tasks.map((t) => t.personName));
      if (tasks.length < 100) break;
    }
    const distinct = [...new Set(firstNames)];
    expect(distinct).toHaveLength(names.length);
    expect(distinct.slice(-4)).toEqual(['Zara Zahl', 'Æsa Brekke', 'Ørjan Åsheim', 'Åse Vik']);
    expect(distinct).toEqual([...distinct].sort(collator.compare));
    const last = await list('view=unit&sort=personName&order=desc&pageSize=1');
    expect(last.tasks[0]!.personName).toBe('Åse Vik');
  }, 300_000);

  it('refuses bad parameters with 400 naming the parameter, in the user’s language', async () => {
    for (const [query, field] of [
      ['view=all', 'view'],
      ['sort=name', 'sort'],
      ['order=up', 'order'],
      ['page=0', 'page'],
      ['page=x', 'page'],
      ['pageSize=101', 'pageSize'],
      ['dueBefore=2026-02-30', 'dueBefore'],
      ['dueBefore=tomorrow', 'dueBefore'],
      ['q=', 'q'],
      ['view=mine&view=unit', 'view'],
      ['colour=blue', 'colour'],
    ] as const) {
      const res = await browser.api('GET', `/api/tasks?${query}`, undefined, { 'accept-language': 'nb' });
      const body = (await res.json()) as { errors: Array<{ field: string; message: string }> };
      expect([query, res.status, body.errors[0]?.field]).toEqual([query, 400, field]);
      expect(body.errors[0]!.message).toContain(field);
    }
  });

  it('gives coordinators their own views but not the unit’s, and other roles no queue', async () => {
    const coordinator = new Browser(app.baseUrl);
    await coordinator.signInDev(anne.id);
    const mine = await coordinator.api('GET', '/api/tasks?view=mine');
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as TaskListAnswer).counts).toEqual({ mine: 0, available: 0, unit: 0, overdue: 0, 'due-soon': 0 });
    expect((await coordinator.api('GET', '/api/tasks?view=unit')).status).toBe(403);
    for (const name of ['Kari Nordmann', 'Jonas Dahl', 'Siri Moe', 'Arne Strand']) {
      const other = new Browser(app.baseUrl);
      await other.signInDev(fictionalUsers.find((u) => u.name === name)!.id);
      expect([name, (await other.api('GET', '/api/tasks')).status]).toEqual([name, 403]);
    }
  });
});
