import { Router } from 'express';
import type { CaseDoc } from '../../cases/models.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import {
  ConcurrencyError,
  IncidentNotOpenError,
  InstanceEndedError,
  NotFoundError,
  type IncidentView,
  type InstanceStatus,
  type InstanceView,
} from '../../engine/index.js';
import { HttpError } from '../errors.js';
import type { LocalizedText } from '../language.js';
import { isCaseId, isIncidentId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser } from '../middleware/signed-in.js';
import { instanceOf, loadCase } from './cases.js';
import { Types } from 'mongoose';
import type { IncidentItem, UnitIncidentItem } from '../../../contract/incidents.js';
import { audit } from '../../audit/audit.js';
import { toAccessFacts } from '../../cases/access.js';
import { engineModels, type IncidentDoc } from '../../engine/models/index.js';
import { can } from '../../policies/index.js';

/**
 * The incidents of a case's process, for staff: `GET /api/cases/:id/incidents` lists them (open
 * first) and `POST /api/cases/:id/incidents/:incidentId/retry` runs the failed step again as the
 * signed-in staff member. Who may: the `incident` rules (server/policies/incident.ts); every call
 * is audited through authorizeCase (incident.read, incident.retry). `GET /api/incidents` lists the
 * open incidents of the KE case worker's unit, each with its case (audited per case).
 */

const messages = {
  'incident-resolved': { nb: 'Feilen er allerede løst.', nn: 'Feilen er alt løyst.', en: 'The incident is already resolved.' },
  'instance-ended': {
    nb: 'Prosessen for saken er avsluttet, så steget kan ikke kjøres på nytt.',
    nn: 'Prosessen for saka er avslutta, så steget kan ikkje køyrast på nytt.',
    en: 'The case’s process has ended, so the step cannot be run again.',
  },
  conflict: { nb: 'Noen andre har nettopp endret saken. Last inn siden på nytt.', nn: 'Nokon andre har nett endra saka. Last inn sida på nytt.', en: 'Someone else has just changed the case. Reload the page.' },
} satisfies Record<string, LocalizedText>;

export type { IncidentItem, UnitIncidentItem };

function elementName(instance: InstanceView | null, elementId: string): string | null {
  if (!instance) return null;
  const active = instance.active.find((element) => element.elementId === elementId && element.name);
  if (active?.name) return active.name;
  const done = [...instance.history].reverse().find((entry) => entry.elementId === elementId && entry.name);
  return done?.name ?? null;
}

function toItem(incident: IncidentView, instance: InstanceView | null): IncidentItem {
  return {
    id: incident.id,
    kind: incident.kind,
    elementId: incident.elementId,
    elementName: elementName(instance, incident.elementId),
    error: incident.lastError,
    attempts: incident.attempts,
    status: incident.status,
    openedAt: incident.createdAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
  };
}

/** The case's incidents: open first, newest first within each. */
async function incidentsOf(ctx: CaseCommandContext, doc: CaseDoc): Promise<IncidentView[]> {
  if (!doc.processStartedAt) return [];
  const incidents = await ctx.engine.listIncidents({ instanceId: doc.instanceId });
  const caseId = doc._id.toHexString();
  return incidents
    .filter((incident) => incident.caseId === caseId)
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.createdAt.getTime() - a.createdAt.getTime());
}

function mapEngineError(error: unknown): unknown {
  if (error instanceof IncidentNotOpenError) return new HttpError(409, [{ field: null, message: messages['incident-resolved'] }]);
  if (error instanceof InstanceEndedError) return new HttpError(409, [{ field: null, message: messages['instance-ended'] }]);
  if (error instanceof ConcurrencyError) return new HttpError(409, [{ field: null, message: messages.conflict }]);
  if (error instanceof NotFoundError) return httpError(404, 'notFound');
  return error;
}

export function incidentRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const router = Router();
  router.param('id', validParam(isCaseId));
  router.param('incidentId', validParam(isIncidentId));

  // The unit's open incidents in one list, newest first: those the `incident` rules let the user read (audited per case).
  router.get('/incidents', async (req, res) => {
    const user = requireUser(req);
    if (user.role !== 'ke-caseworker' || !user.unitId) throw httpError(403, 'forbidden');
    const { Incident, Instance } = engineModels(ctx.models.Case.db);
    const open = await Incident.find({ status: 'open' }).sort({ createdAt: -1 }).limit(2000).lean<IncidentDoc[]>();
    const caseIds = [...new Set(open.map((incident) => incident.caseId))].filter((id) => Types.ObjectId.isValid(id));
    const cases = await ctx.models.Case.find({ _id: { $in: caseIds.map((id) => new Types.ObjectId(id)) }, unitId: user.unitId }).lean<CaseDoc[]>();
    const readable = new Map(cases.filter((doc) => can(user, 'read', 'incident', toAccessFacts(doc))).map((doc) => [doc._id.toHexString(), doc]));
    const shown = open.filter((incident) => readable.has(incident.caseId) && incident.instanceId === readable.get(incident.caseId)!.instanceId);
    const instances = await Instance.find({ _id: { $in: [...new Set(shown.map((i) => i.instanceId))] } }, { _id: 1, active: 1, 'history.elementId': 1, 'history.name': 1 }).lean<InstanceView[]>();
    const instanceById = new Map(instances.map((instance) => [(instance as unknown as { _id: string })._id, instance]));
    for (const doc of new Map(shown.map((i) => [i.caseId, readable.get(i.caseId)!])).values()) {
      await audit(req, { action: 'incident.read', caseId: doc._id.toHexString(), unitId: doc.unitId });
    }
    const items: UnitIncidentItem[] = shown.map((incident) => {
      const doc = readable.get(incident.caseId)!;
      const view: IncidentView = { id: incident._id, kind: incident.kind, instanceId: incident.instanceId, caseId: incident.caseId, elementId: incident.elementId, attempts: incident.attempts, lastError: incident.lastError, status: incident.status, createdAt: incident.createdAt } as IncidentView;
      return { ...toItem(view, instanceById.get(incident.instanceId) ?? null), caseId: incident.caseId, caseNumber: doc.caseNumber, personName: doc.person.name };
    });
    res.json({ incidents: items });
  });

  router.get('/cases/:id/incidents', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'incident', 'read');
    const [incidents, instance] = await Promise.all([incidentsOf(ctx, doc), instanceOf(ctx, doc)]);
    res.json({ incidents: incidents.map((incident) => toItem(incident, instance)) });
  });

  router.post('/cases/:id/incidents/:incidentId/retry', async (req, res, next) => {
    try {
      const user = requireUser(req);
      // Access first (audited), then the incident: one of another case is as unknown as a missing one.
      const { doc } = await loadCase(ctx, req, 'incident', 'retry');
      const incidentId = String(req.params.incidentId);
      const incident = (await incidentsOf(ctx, doc)).find((candidate) => candidate.id === incidentId);
      if (!incident) throw httpError(404, 'notFound');
      if (incident.status !== 'open') throw mapEngineError(new IncidentNotOpenError(incident.id));
      const before = await instanceOf(ctx, doc);
      if (!before || before.status !== 'running') throw mapEngineError(new InstanceEndedError(doc.instanceId, before?.status ?? 'missing'));

      const result = await ctx.engine.retryIncident({ incidentId: incident.id, actor: { id: user.id, name: user.name } });
      const after = (await incidentsOf(ctx, doc)).find((candidate) => candidate.id === incident.id) ?? incident;
      const instance: { status: InstanceStatus; openIncidents: number } = { status: result.instance.status, openIncidents: result.instance.openIncidents };
      res.status(200).json({ incident: toItem(after, result.instance), instance });
    } catch (error) {
      next(mapEngineError(error));
    }
  });

  return router;
}
