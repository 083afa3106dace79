import { Router } from 'express';
import { audit, type AuditLog } from '../../audit/audit.js';
import type { CaseFactsLookup } from '../../policies/case.js';
import { authorizeCase, authorize } from '../authorize.js';
import { isCaseId, isObjectId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser, signedIn } from '../middleware/signed-in.js';

/**
 * - GET /api/audit?caseId=&actorId=&from=&to=&limit=  search the audit log: admins every unit,
 *   a KE lead their own unit's entries. The search is itself audited.
 * - GET /api/cases/:id/access-log  who has read or changed the case (name, role, action, time):
 *   for the person and their representatives, and the unit's lead.
 */
export function auditRoutes(auditLog: AuditLog, caseFacts: CaseFactsLookup): Router {
  const router = Router();
  router.param('id', validParam(isCaseId));

  router.get('/audit', signedIn, async (req, res) => {
    const actor = requireUser(req);
    const admin = actor.role === 'admin';
    const unitId = admin ? null : (actor.unitId ?? null);
    authorize(req, 'search', 'audit', { unitId });

    const { caseId, actorId, from, to, limit } = req.query;
    if (caseId !== undefined && !isCaseId(caseId)) throw httpError(400, 'invalidId', 'caseId');
    if (actorId !== undefined && !isObjectId(actorId)) throw httpError(400, 'invalidId', 'actorId');
    const fromDate = parseTime(from, 'from');
    const toDate = parseTime(to, 'to');
    let max = 200;
    if (limit !== undefined) {
      if (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) throw httpError(400, 'invalidValue', 'limit');
      max = Number(limit);
    }

    // Entries are keyed by the case id; a case number is looked up.
    let key: string | undefined = caseId;
    let caseUnit: string | undefined;
    if (typeof caseId === 'string') {
      const facts = await caseFacts(caseId);
      key = facts?.id ?? caseId;
      caseUnit = facts?.unitId;
    }
    const entries = await auditLog.search({
      ...(key ? { caseId: key } : {}),
      ...(typeof actorId === 'string' ? { actorId } : {}),
      ...(fromDate ? { from: fromDate } : {}),
      ...(toDate ? { to: toDate } : {}),
      ...(unitId ? { unitId } : {}),
      limit: max,
    });
    // The search names the case only when the searcher may see it (it then shows in the case's access log).
    const visibleCase = key !== undefined && (admin || (caseUnit !== undefined && caseUnit === unitId));
    await audit(req, { action: 'audit.search', ...(visibleCase ? { caseId: key, ...(caseUnit ? { unitId: caseUnit } : {}) } : {}) });
    res.json({ entries });
  });

  router.get('/cases/:id/access-log', signedIn, async (req, res) => {
    const facts = await authorizeCase(req, 'case', 'read-access-log', await caseFacts(String(req.params.id)));
    const entries = await auditLog.accessLog(facts.id, requireUser(req).id);
    res.json({ entries });
  });

  return router;
}

function parseTime(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) throw httpError(400, 'invalidDate', field);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw httpError(400, 'invalidDate', field);
  return date;
}
