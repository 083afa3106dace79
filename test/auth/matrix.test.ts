import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { can, type ActionOf, type CaseAccessFacts, type FactsOf, type ResourceName } from '../../server/policies/index.js';
import type { SessionUser } from '../../server/auth/types.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';

/**
 * The access matrix: every endpoint × every role × own/other case (or own/other user), with the
 * expected answer in each cell; every cell is also checked for leaks. To put a new endpoint under
 * test, add one line to `endpoints`.
 */
const actors = ['anonymous', 'citizen', 'representative', 'ke-caseworker', 'ke-lead', 'coordinator', 'group-member', 'process-owner', 'admin'] as const;
type Actor = (typeof actors)[number];

const fictional = (name: string) => {
  const user = fictionalUsers.find((u) => u.name === name);
  if (!user) throw new Error(name);
  return user;
};
const people: Record<Exclude<Actor, 'anonymous'>, (typeof fictionalUsers)[number]> = {
  citizen: fictional('Kari Nordmann'),
  representative: fictional('Ola Nordmann'),
  'ke-caseworker': fictional('Per Hansen'),
  'ke-lead': fictional('Liv Berg'),
  coordinator: fictional('Anne Lie'),
  'group-member': fictional('Jonas Dahl'),
  'process-owner': fictional('Siri Moe'),
  admin: fictional('Arne Strand'),
};

/** One case that is "own" for every role at once (each in their own way), and one that is nobody's. */
const ownCase: CaseAccessFacts = {
  id: 'ca0000000000000000000001',
  caseNumber: 'IP-2026-000101',
  personNationalId: people.citizen.nationalId!,
  representativeNationalIds: [people.representative.nationalId!],
  unitId: fictionalUnitId,
  coordinatorId: people.coordinator.id,
  groupMemberIds: [people['group-member'].id],
  consent: { active: true, sharedWith: 'group' },
};
const otherCase: CaseAccessFacts = {
  id: 'ca0000000000000000000002',
  caseNumber: 'IP-2026-000202',
  personNationalId: '03917099999',
  representativeNationalIds: ['04917088888'],
  unitId: 'ke-annen',
  coordinatorId: 'aa0000000000000000000099',
  groupMemberIds: ['aa0000000000000000000098'],
  consent: { active: true, sharedWith: 'group' },
};
const secretActorName = 'Skjult Saksbehandler';
const allNationalIds = ['03917099999', '04917088888', people.citizen.nationalId!, people.representative.nationalId!];

type Cell = number | readonly [own: number, other: number];
type Expectations = { default: Cell } & Partial<Record<Actor, Cell>>;
interface Context {
  readonly side: 'own' | 'other';
  readonly actor: Actor;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly userId: string;
  readonly serial: number;
}
interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly expect: Expectations;
  readonly body?: (ctx: Context) => unknown;
  /** Extra checks of a 2xx answer. */
  readonly check?: (body: unknown, ctx: Context) => void;
}

const signedInOnly = (grants: Partial<Record<Actor, Cell>>): Expectations => ({ default: 403, anonymous: 401, ...grants });

// prettier-ignore
const endpoints: Endpoint[] = [
  { method: 'GET', path: '/api/settings', expect: { default: 200 } },
  { method: 'GET', path: '/api/auth/session', expect: { default: 200 } },
  { method: 'GET', path: '/api/auth/dev/users', expect: { default: 200 } },
  { method: 'GET', path: '/api/admin/users', expect: signedInOnly({ admin: 200 }), check: (body) => expect(JSON.stringify(body)).not.toMatch(/nationalId/) },
  { method: 'POST', path: '/api/admin/users', expect: signedInOnly({ admin: 201 }), body: (ctx) => ({ name: 'Ny Ansatt', role: 'coordinator', login: `ny.ansatt.${ctx.serial}@testvik.no` }) },
  { method: 'PATCH', path: '/api/admin/users/:user', expect: signedInOnly({ admin: 200 }), body: () => ({ name: 'Endret Navn' }) },
  { method: 'GET', path: '/api/audit?caseId=:case', expect: signedInOnly({ 'ke-lead': 200, admin: 200 }), check: auditEntriesInScope },
  { method: 'GET', path: '/api/audit?caseId=:caseNumber', expect: signedInOnly({ 'ke-lead': 200, admin: 200 }), check: auditEntriesInScope },
  { method: 'GET', path: '/api/cases/:case/access-log', expect: { default: 404, anonymous: 401, citizen: [200, 404], representative: [200, 404], 'ke-lead': [200, 404], 'ke-caseworker': [403, 404], coordinator: [403, 404], 'group-member': [403, 404] }, check: accessLogShape },
  { method: 'GET', path: '/api/cases/:caseNumber/access-log', expect: { default: 404, anonymous: 401, citizen: [200, 404], representative: [200, 404], 'ke-lead': [200, 404], 'ke-caseworker': [403, 404], coordinator: [403, 404], 'group-member': [403, 404] }, check: accessLogShape },
  { method: 'POST', path: '/api/auth/sign-out', expect: { default: 200 } },
];

function auditEntriesInScope(body: unknown, ctx: Context): void {
  const entries = (body as { entries: Array<{ unitId: string | null; actorName: string }> }).entries;
  if (ctx.actor === 'ke-lead') for (const entry of entries) expect(entry.unitId).toBe(fictionalUnitId);
  if (ctx.actor === 'ke-lead' && ctx.side === 'other') expect(entries).toEqual([]);
  if (ctx.side === 'own') expect(entries.some((entry) => entry.actorName === 'Per Hansen')).toBe(true);
}

function accessLogShape(body: unknown): void {
  const entries = (body as { entries: Array<Record<string, unknown>> }).entries;
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(['action', 'name', 'role', 'time']);
  expect(entries.some((entry) => entry.name === 'Per Hansen' && entry.role === 'ke-caseworker')).toBe(true);
}

const expected = (endpoint: Endpoint, actor: Actor, side: 'own' | 'other'): number => {
  const cell = endpoint.expect[actor] ?? endpoint.expect.default;
  return typeof cell === 'number' ? cell : cell[side === 'own' ? 0 : 1];
};

describe('the access matrix', () => {
  let app: TestApp;
  let otherUserId: string;

  beforeAll(async () => {
    app = await startTestApp({ caseFacts: [ownCase, otherCase] });
    otherUserId = (await app.security.users.createStaff({ name: 'Målbruker', role: 'coordinator', login: 'maal@testvik.no' })).id;
    const per = await app.security.users.sessionUser(people['ke-caseworker'].id);
    await app.security.auditLog.record(per, { action: 'case.read', caseId: ownCase.id, unitId: ownCase.unitId }, 'GET /api/cases/:id');
    const hidden: SessionUser = { id: 'aa0000000000000000000097', name: secretActorName, role: 'ke-caseworker', unitId: 'ke-annen' };
    await app.security.auditLog.record(hidden, { action: 'case.read', caseId: otherCase.id, unitId: otherCase.unitId }, 'GET /api/cases/:id');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers every endpoint × role × own/other as expected, leaking nothing', async () => {
    const rows: string[][] = [];
    const failures: string[] = [];
    let serial = 0;
    for (const endpoint of endpoints) {
      for (const side of ['own', 'other'] as const) {
        const row = [`${endpoint.method} ${endpoint.path} (${side})`];
        for (const actor of actors) {
          const browser = new Browser(app.baseUrl);
          if (actor === 'anonymous') await browser.session();
          else await browser.signInDev(people[actor].id);
          const selfId = actor === 'anonymous' ? otherUserId : people[actor].id;
          const ctx: Context = {
            side,
            actor,
            caseId: side === 'own' ? ownCase.id : otherCase.id,
            caseNumber: side === 'own' ? ownCase.caseNumber! : otherCase.caseNumber!,
            userId: side === 'own' ? selfId : otherUserId,
            serial: serial++,
          };
          const path = endpoint.path.replace(':caseNumber', ctx.caseNumber).replace(':case', ctx.caseId).replace(':user', ctx.userId);
          const res = await browser.api(endpoint.method, path, endpoint.body?.(ctx));
          const text = await res.text();
          const want = expected(endpoint, actor, side);
          const problems: string[] = [];
          if (res.status !== want) problems.push(`status ${res.status}, expected ${want}: ${text.slice(0, 200)}`);
          for (const id of allNationalIds) if (text.includes(id)) problems.push(`national id ${id} in the answer`);
          if (side === 'other' && actor !== 'admin') {
            for (const secret of [otherCase.id, otherCase.caseNumber!, secretActorName]) if (text.includes(secret)) problems.push(`other case data (${secret}) in the answer`);
          }
          if (res.status >= 400) {
            const body = JSON.parse(text) as { errors?: unknown[] };
            if (!Array.isArray(body.errors) || Object.keys(body).length !== 1) problems.push('error answer not in the error shape');
          } else if (endpoint.check && res.status === want) {
            try {
              endpoint.check(JSON.parse(text), ctx);
            } catch (error) {
              problems.push(`check failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
            }
          }
          if (problems.length > 0) failures.push(`${row[0]} as ${actor}: ${problems.join('; ')}`);
          row.push(problems.length > 0 ? `${res.status}!` : String(res.status));
        }
        rows.push(row);
      }
    }
    console.log(`Access matrix (HTTP status; ! marks an unexpected cell)\n${table(['endpoint (case or user)', ...actors], rows)}`);
    expect(failures).toEqual([]);
  });

  it('wrote an audit entry for every access-log read, allowed and denied', async () => {
    const kari = people.citizen.id;
    const own = await app.security.auditLog.search({ actorId: kari, caseId: ownCase.id });
    expect(own.filter((e) => e.action === 'case.read-access-log' && e.outcome === 'allowed').length).toBeGreaterThanOrEqual(2);
    const other = await app.security.auditLog.search({ actorId: kari, caseId: otherCase.id });
    expect(other.filter((e) => e.action === 'case.read-access-log' && e.outcome === 'denied').length).toBeGreaterThanOrEqual(2);
    expect(other[0]).toMatchObject({ actorName: 'Kari Nordmann', actorRole: 'citizen', unitId: 'ke-annen', route: 'GET /api/cases/:id/access-log' });
  });
});

describe('the access rules', () => {
  type Check = { label: string; allowed: readonly Actor[]; test: (actor: SessionUser, facts: CaseAccessFacts) => boolean };
  const rule =
    <R extends ResourceName>(action: ActionOf<R>, resource: R, facts: (c: CaseAccessFacts, actor: SessionUser) => FactsOf<R>) =>
    (actor: SessionUser, c: CaseAccessFacts) =>
      can(actor, action, resource, facts(c, actor));
  const asCase = (c: CaseAccessFacts) => c;
  const parties = ['citizen', 'representative'] as const;
  const caseStaff = ['ke-caseworker', 'ke-lead', 'coordinator'] as const;

  // prettier-ignore
  const checks: Check[] = [
    { label: 'case.read', allowed: [...parties, ...caseStaff], test: rule('read', 'case', asCase) },
    { label: 'case.update', allowed: caseStaff, test: rule('update', 'case', asCase) },
    { label: 'case.read-access-log', allowed: [...parties, 'ke-lead'], test: rule('read-access-log', 'case', asCase) },
    { label: 'plan.read', allowed: [...parties, ...caseStaff, 'group-member'], test: rule('read', 'plan', asCase) },
    { label: 'plan.read, consent withdrawn', allowed: [...parties, ...caseStaff], test: rule('read', 'plan', (c) => ({ ...c, consent: { active: false, sharedWith: 'group' as const } })) },
    { label: 'plan.read, consent names others', allowed: [...parties, ...caseStaff], test: rule('read', 'plan', (c) => ({ ...c, consent: { active: true, sharedWith: ['aa0000000000000000000001'] } })) },
    { label: 'plan.update', allowed: caseStaff, test: rule('update', 'plan', asCase) },
    { label: 'plan.approve', allowed: parties, test: rule('approve', 'plan', asCase) },
    { label: 'measure.read, own measure', allowed: [...parties, ...caseStaff, 'group-member'], test: rule('read', 'measure', (c, actor) => ({ case: c, responsibleId: actor.id })) },
    { label: 'measure.read, another’s measure', allowed: [...parties, ...caseStaff], test: rule('read', 'measure', (c) => ({ case: c, responsibleId: 'aa0000000000000000000001' })) },
    { label: 'measure.update, own measure', allowed: [...caseStaff, 'group-member'], test: rule('update', 'measure', (c, actor) => ({ case: c, responsibleId: actor.id })) },
    { label: 'definition.read', allowed: [...caseStaff, 'process-owner'], test: rule('read', 'definition', () => null) },
    { label: 'definition.deploy', allowed: ['process-owner'], test: rule('deploy', 'definition', () => null) },
    { label: 'figures.read', allowed: ['process-owner', 'ke-lead'], test: rule('read', 'figures', () => null) },
    { label: 'user.update', allowed: ['admin'], test: rule('update', 'user', () => ({ id: null })) },
    { label: 'audit.search, the case’s unit', allowed: ['ke-lead', 'admin'], test: rule('search', 'audit', (c) => ({ unitId: c.unitId })) },
  ];
  const caseIndependent = new Set(['definition.read', 'definition.deploy', 'figures.read', 'user.update']);

  it('allow exactly what the design says, and nothing on another person’s case', async () => {
    const rows: string[][] = [];
    const failures: string[] = [];
    const signedIn = actors.filter((a): a is Exclude<Actor, 'anonymous'> => a !== 'anonymous');
    for (const check of checks) {
      for (const side of ['own', 'other'] as const) {
        const row = [`${check.label} (${side})`];
        for (const actor of signedIn) {
          const person = people[actor];
          const user: SessionUser = { id: person.id, name: person.name, role: person.role, ...(person.nationalId ? { nationalId: person.nationalId } : {}), ...(person.unitId ? { unitId: person.unitId } : {}), ...(person.lead ? { lead: true } : {}) };
          const got = check.test(user, side === 'own' ? ownCase : otherCase);
          const want = check.allowed.includes(actor) && (side === 'own' || caseIndependent.has(check.label) || (check.label.startsWith('audit') && actor === 'admin'));
          if (got !== want) failures.push(`${row[0]} as ${actor}: ${got ? 'allowed' : 'denied'}, expected ${want ? 'allowed' : 'denied'}`);
          row.push(`${got ? 'yes' : '-'}${got !== want ? '!' : ''}`);
        }
        rows.push(row);
      }
    }
    expect(can(undefined, 'read', 'figures', null)).toBe(false);
    console.log(`Access rules (yes = allowed)\n${table(['rule (case)', ...signedIn], rows)}`);
    expect(failures).toEqual([]);
  });
});

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
