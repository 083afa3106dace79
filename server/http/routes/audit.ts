import { Router } from 'express';
import { todayInNorway } from '../../../forms/national-id.js';
import type { AuditSearchAnswer } from '../../../contract/audit.js';
import { audit, type AuditCursor, type AuditLog } from '../../audit/audit.js';
import type { CaseFactsLookup } from '../../policies/case.js';
import { authorizeCase, authorize } from '../authorize.js';
import { isCaseId, isObjectId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser, signedIn } from '../middleware/signed-in.js';
import { requestLanguage } from '../language.js';
import { endOfDayInNorway } from '../../tasks/query.js';

/** The case numbers of cases by id; a case not found is left out. */
export type CaseNumbersLookup = (ids: readonly string[]) => Promise<Map<string, string>>;

const cursorPattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f]{24})$/;

function parseCursor(value: unknown, field: string): AuditCursor | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? cursorPattern.exec(value) : null;
  if (!match || Number.isNaN(new Date(match[1]!).getTime())) throw httpError(400, 'invalidValue', field);
  return { time: new Date(match[1]!), id: match[2]! };
}

const cursorOf = (entry: { time: string; id: string }) => `${entry.time}_${entry.id}`;

/**
 * - GET /api/audit?caseId=&actorId=&action=&from=&to=&page=&pageSize=&format=csv  search the audit
 *   log, newest first, a page at a time (`limit` is the older name of pageSize): admins every unit,
 *   a KE lead their own unit's entries. `action` is one action (`case.read`) or a resource's
 *   (`case.`); a date alone in from/to is that whole day in Norway. `format=csv` exports every entry
 *   found (at most 100 000). Paging by cursor, on the time indexes without counting: `after=` the
 *   answer's `next` (older entries) or `before=` its `previous` (newer ones); by page number
 *   (`page=`) the total is counted too. Each entry carries its case's number. The search and the
 *   export are audited. Answer: AuditSearchAnswer (contract/audit.ts).
 * - GET /api/cases/:id/access-log  who has read or changed the case (name, role, action, time):
 *   for the person and their representatives, and the unit's lead.
 */
export function auditRoutes(auditLog: AuditLog, caseFacts: CaseFactsLookup, caseNumbers: CaseNumbersLookup): Router {
  const router = Router();
  router.param('id', validParam(isCaseId));

  router.get('/audit', signedIn, async (req, res) => {
    const actor = requireUser(req);
    const admin = actor.role === 'admin';
    const unitId = admin ? null : (actor.unitId ?? null);
    authorize(req, 'search', 'audit', { unitId });

    const { caseId, actorId, action, from, to, limit, page, pageSize, format, after, before } = req.query;
    const olderThan = parseCursor(after, 'after');
    const newerThan = parseCursor(before, 'before');
    if (olderThan && newerThan) throw httpError(400, 'invalidValue', 'before');
    if (caseId !== undefined && !isCaseId(caseId)) throw httpError(400, 'invalidId', 'caseId');
    if (actorId !== undefined && (typeof actorId !== 'string' || (!isObjectId(actorId) && actorId !== 'anonymous'))) throw httpError(400, 'invalidId', 'actorId');
    if (action !== undefined && (typeof action !== 'string' || !/^[a-z][a-z-]{0,40}(\.([a-z][a-z-]{0,40})?)?$/.test(action))) throw httpError(400, 'invalidValue', 'action');
    if (format !== undefined && format !== 'json' && format !== 'csv') throw httpError(400, 'invalidValue', 'format');
    const fromDate = parseTime(from, 'from', 'start');
    const toDate = parseTime(to, 'to', 'end');
    const size = whole(pageSize ?? limit, pageSize !== undefined ? 'pageSize' : 'limit', 200, 1000);
    const pageNumber = whole(page, 'page', 1, 1_000_000);
    const cursor = olderThan ?? newerThan;
    // A page number and a cursor name two different pages.
    if (cursor && page !== undefined) throw httpError(400, 'invalidValue', 'page');

    // Entries are keyed by the case id; a case number is looked up.
    let key: string | undefined = caseId;
    let caseUnit: string | undefined;
    if (typeof caseId === 'string') {
      const facts = await caseFacts(caseId);
      key = facts?.id ?? caseId;
      caseUnit = facts?.unitId;
    }
    const filter = {
      ...(key ? { caseId: key } : {}),
      ...(typeof actorId === 'string' ? { actorId } : {}),
      ...(typeof action === 'string' ? { action } : {}),
      ...(fromDate ? { from: fromDate } : {}),
      ...(toDate ? { to: toDate } : {}),
      ...(unitId ? { unitId } : {}),
    };
    // The search names the case only when the searcher may see it (it then shows in the case's access log).
    const visibleCase = key !== undefined && (admin || (caseUnit !== undefined && caseUnit === unitId));
    const entry = { ...(visibleCase ? { caseId: key, ...(caseUnit ? { unitId: caseUnit } : {}) } : unitId ? { unitId } : {}) };
    if (format === 'csv') {
      // The export for the data protection officer: every entry the search finds, up to exportMax.
      await audit(req, { action: 'audit.export', ...entry });
      const language = requestLanguage(req);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="audit-${todayInNorway()}.csv"`);
      res.write(`\uFEFF${csvHeader[language].map(cell).join(',')}\r\n`);
      for await (const e of auditLog.export(filter, exportMax)) {
        res.write(`${[e.time, e.actorName, e.actorId, e.actorRole, e.action, e.outcome, e.caseId, e.unitId, e.targetUserId, e.route, e.detail].map(cell).join(',')}\r\n`);
      }
      res.end();
      return;
    }
    // One entry more than the page tells whether there is a page beyond it. By cursor the page is
    // found on a time index and the total is not counted again; by page number it is.
    const [found, total] = await Promise.all([
      auditLog.search({ ...filter, limit: size + 1, ...(olderThan ? { olderThan } : newerThan ? { newerThan } : { skip: (pageNumber - 1) * size }) }),
      cursor ? Promise.resolve(null) : auditLog.count(filter),
    ]);
    await audit(req, { action: 'audit.search', ...entry });
    const beyond = found.length > size;
    // Newer entries come nearest the cursor last, so the one more is the first.
    const shown = beyond ? (newerThan ? found.slice(1) : found.slice(0, size)) : found;
    const first = shown[0];
    const last = shown.at(-1);
    const numbers = await caseNumbers(shown.flatMap((e) => (e.caseId ? [e.caseId] : [])));
    const answer: AuditSearchAnswer = {
      entries: shown.map(({ id: _id, ...view }) => ({ ...view, caseNumber: view.caseId ? (numbers.get(view.caseId) ?? null) : null })),
      total,
      page: cursor ? null : pageNumber,
      pageSize: size,
      next: last && (newerThan || beyond) ? cursorOf(last) : null,
      previous: first && (newerThan ? beyond : olderThan || pageNumber > 1) ? cursorOf(first) : null,
    };
    res.json(answer);
  });

  router.get('/cases/:id/access-log', signedIn, async (req, res) => {
    const facts = await authorizeCase(req, 'case', 'read-access-log', await caseFacts(String(req.params.id)));
    const entries = await auditLog.accessLog(facts.id, requireUser(req).id);
    res.json({ entries });
  });

  return router;
}

/** The most entries one export writes. */
export const exportMax = 100_000;

const csvHeader = {
  nb: ['Tid', 'Navn', 'Bruker-id', 'Rolle', 'Handling', 'Utfall', 'Sak', 'Enhet', 'Gjelder bruker', 'Rute', 'Detalj'],
  nn: ['Tid', 'Namn', 'Brukar-id', 'Rolle', 'Handling', 'Utfall', 'Sak', 'Eining', 'Gjeld brukar', 'Rute', 'Detalj'],
  en: ['Time', 'Name', 'User id', 'Role', 'Action', 'Outcome', 'Case', 'Unit', 'Target user', 'Route', 'Detail'],
} as const;

const cell = (value: string | null) => {
  const text = value ?? '';
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

function whole(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max) throw httpError(400, 'invalidValue', field);
  return Number(value);
}

/** A time, or a date (YYYY-MM-DD) meaning the start or the end of that day in Norway. */
function parseTime(value: unknown, field: string, edge: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
    const end = endOfDayInNorway(value);
    const start = endOfDayInNorway(dayBefore);
    if (!end || !start) throw httpError(400, 'invalidDate', field);
    return edge === 'start' ? start : new Date(end.getTime() - 1);
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) throw httpError(400, 'invalidDate', field);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw httpError(400, 'invalidDate', field);
  return date;
}
