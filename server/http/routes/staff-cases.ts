import { Router, type Request } from 'express';
import { staffCaseStatuses, type DuplicateDecisionAnswer, type DuplicateDecisionBody, type StaffCaseStatus } from '../../../contract/staff-cases.js';
import { caseFlags, type CaseFlag } from '../../../contract/overview.js';
import { audit, auditEach } from '../../audit/audit.js';
import { findCase, toAccessFacts } from '../../cases/access.js';
import type { CaseDoc, RequestDoc } from '../../cases/models.js';
import { DuplicateDecisionError, decideDuplicate, flaggedPairs } from '../../cases/staff-duplicates.js';
import { maskedNationalId, parseCaseSearch } from '../../cases/staff-search.js';
import { defaultStaffCasePageSize, listStaffCases, maxStaffCasePageSize, staffCaseDetail, staffCaseDiagram, staffCaseScope } from '../../cases/staff-view.js';
import { caseStages, type CaseStage } from '../../cases/status.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { ConcurrencyError } from '../../engine/errors.js';
import { authorizeCase } from '../authorize.js';
import { can } from '../../policies/index.js';
import { HttpError } from '../errors.js';
import type { LocalizedText } from '../language.js';
import { isCaseId, isObjectId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser } from '../middleware/signed-in.js';
import { parseOverviewSettings } from './overview.js';

/**
 * The staff's cases (contract/staff-cases.ts):
 * - `GET /api/staff/cases?q=&stage=&status=&flag=&coordinator=&from=&to=&at=&inactiveDays=&page=&pageSize=`:
 *   KE case workers their unit's cases,
 *   coordinators the cases they coordinate; `q` a name, a case number or an identity number (that
 *   search is audited as such, the number masked); `flag` the overview's rules (contract/overview.ts),
 *   `coordinator` a coordinator's user id; every case shown is audited (case.list).
 * - `GET /api/staff/cases/:id`, `/diagram`, `/attachment`: the case page, the process diagram with
 *   where the case is, the signed request's PDF. `POST /api/staff/cases/:id/duplicate`: merge or keep.
 * Access through the `case` rules (read-as-staff, resolve-duplicate) and authorizeCase (audited;
 * 404 for a case the user may not see, 403 for one they may see but not like this).
 */

const messages = {
  q: { nb: 'Søket kan ha høyst 100 tegn.', nn: 'Søket kan ha høgst 100 teikn.', en: 'The search can have at most 100 characters.' },
  stage: { nb: 'Ukjent steg i saken.', nn: 'Ukjent steg i saka.', en: 'Unknown case stage.' },
  status: { nb: 'Status må være «open» eller «closed».', nn: 'Status må vere «open» eller «closed».', en: 'Status must be "open" or "closed".' },
  page: { nb: 'Siden må være et helt tall fra 1.', nn: 'Sida må vere eit heilt tal frå 1.', en: 'The page must be a whole number from 1.' },
  pageSize: { nb: `Sidestørrelsen må være et helt tall fra 1 til ${maxStaffCasePageSize}.`, nn: `Sidestorleiken må vere eit heilt tal frå 1 til ${maxStaffCasePageSize}.`, en: `The page size must be a whole number from 1 to ${maxStaffCasePageSize}.` },
  flag: {
    nb: `Ukjent merke. Gyldige verdier: ${caseFlags.join(', ')}.`,
    nn: `Ukjent merke. Gyldige verdiar: ${caseFlags.join(', ')}.`,
    en: `Unknown flag. Valid values: ${caseFlags.join(', ')}.`,
  },
  coordinator: { nb: 'Koordinatoren må oppgis med sin id.', nn: 'Koordinatoren må oppgjevast med id-en sin.', en: 'The coordinator must be given by their id.' },
  decision: { nb: 'Velg «merge» (slå sammen) eller «keep» (behold begge).', nn: 'Vel «merge» (slå saman) eller «keep» (behald begge).', en: 'Choose "merge" or "keep".' },
  otherCaseId: {
    nb: 'Saken har flere mulige duplikater. Oppgi hvilken sak det gjelder.',
    nn: 'Saka har fleire moglege duplikat. Oppgi kva sak det gjeld.',
    en: 'The case has several possible duplicates. Say which case you mean.',
  },
  notFlagged: {
    nb: 'Saken er ikke merket som mulig duplikat, eller den andre saken er avsluttet.',
    nn: 'Saka er ikkje merkt som mogleg duplikat, eller den andre saka er avslutta.',
    en: 'The case is not flagged as a possible duplicate, or the other case is closed.',
  },
  alreadyDecided: {
    nb: 'Noen har allerede bestemt hva som skal skje med duplikatet. Last inn siden på nytt.',
    nn: 'Nokon har alt bestemt kva som skal skje med duplikatet. Last inn sida på nytt.',
    en: 'Someone has already decided on this duplicate. Reload the page.',
  },
  conflict: { nb: 'Noen andre har nettopp endret saken. Prøv igjen.', nn: 'Nokon andre har nett endra saka. Prøv igjen.', en: 'Someone else has just changed the case. Try again.' },
} satisfies Record<string, LocalizedText>;

const invalid = (field: string, message: LocalizedText, status = 400) => new HttpError(status, [{ field, message }]);

function positiveInt(value: unknown, field: 'page' | 'pageSize', fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) throw invalid(field, messages[field]);
  return Number(value);
}

function listQuery(req: Request, now: Date) {
  const { q, stage, status, page, pageSize, flag, coordinator } = req.query;
  if (q !== undefined && (typeof q !== 'string' || q.length > 100)) throw invalid('q', messages.q);
  if (stage !== undefined && stage !== '' && !(caseStages as readonly unknown[]).includes(stage)) throw invalid('stage', messages.stage);
  if (status !== undefined && status !== '' && !(staffCaseStatuses as readonly unknown[]).includes(status)) throw invalid('status', messages.status);
  if (flag !== undefined && flag !== '' && !(caseFlags as readonly unknown[]).includes(flag)) throw invalid('flag', messages.flag);
  if (coordinator !== undefined && coordinator !== '' && !isObjectId(coordinator)) throw invalid('coordinator', messages.coordinator);
  // The overview's settings (period, inactive days) the flag is counted with; checked like the overview's own.
  const settings = parseOverviewSettings(req.query, now);
  const search = parseCaseSearch(q as string | undefined);
  return {
    ...(search ? { search } : {}),
    ...(flag ? { flag: { flag: flag as CaseFlag, settings } } : {}),
    ...(coordinator ? { coordinatorId: coordinator as string } : {}),
    ...(stage ? { stage: stage as CaseStage } : {}),
    ...(status ? { status: status as StaffCaseStatus } : {}),
    page: positiveInt(page, 'page', 1, 1_000_000),
    pageSize: positiveInt(pageSize, 'pageSize', defaultStaffCasePageSize, maxStaffCasePageSize),
  };
}

/** Finds the case and authorizes the action on it (audited; 404 for a case the user may not see). */
async function loadStaffCase(ctx: CaseCommandContext, req: Request, action: 'read-as-staff' | 'resolve-duplicate'): Promise<CaseDoc> {
  requireUser(req);
  const doc = await findCase(ctx.models, String(req.params.id ?? ''));
  await authorizeCase(req, 'case', action, doc ? toAccessFacts(doc) : null);
  return doc!;
}

export function staffCaseRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const router = Router();
  router.param('id', validParam(isCaseId));

  router.get('/staff/cases', async (req, res) => {
    const user = requireUser(req);
    if (!staffCaseScope(user)) throw httpError(403, 'forbidden');
    const query = listQuery(req, (ctx.clock ?? { now: () => new Date() }).now());
    const result = await listStaffCases(ctx, user, query);
    const byNationalId = query.search?.kind === 'national-id' ? query.search.nationalId : null;
    const shown = result.docs.filter((doc) => can(user, 'read-as-staff', 'case', toAccessFacts(doc)));
    // An identity number search is audited as such, with the number masked, whether it found anything or not.
    if (byNationalId && shown.length === 0) await audit(req, { action: 'case.list-by-national-id', ...(user.unitId ? { unitId: user.unitId } : {}), detail: maskedNationalId(byNationalId) });
    await auditEach(
      req,
      shown.map((doc) => ({
        action: byNationalId ? 'case.list-by-national-id' : 'case.list',
        caseId: doc._id.toHexString(),
        unitId: doc.unitId,
        ...(byNationalId ? { detail: maskedNationalId(byNationalId) } : {}),
      })),
    );
    const ids = new Set(shown.map((doc) => doc._id.toHexString()));
    res.json({ cases: result.cases.filter((item) => ids.has(item.id)), total: result.total, page: result.page, pageSize: result.pageSize });
  });

  router.get('/staff/cases/:id', async (req, res) => {
    const user = requireUser(req);
    const doc = await loadStaffCase(ctx, req, 'read-as-staff');
    res.json(await staffCaseDetail(ctx, user, doc));
  });

  router.get('/staff/cases/:id/diagram', async (req, res) => {
    const doc = await loadStaffCase(ctx, req, 'read-as-staff');
    const diagram = await staffCaseDiagram(ctx, doc);
    if (!diagram) throw httpError(404, 'notFound');
    res.json(diagram);
  });

  router.get('/staff/cases/:id/attachment', async (req, res) => {
    const doc = await loadStaffCase(ctx, req, 'read-as-staff');
    const request = await ctx.models.Request.findById(doc.requestId).lean<RequestDoc>();
    const file = request?.attachment ? await ctx.models.Attachment.findById(request.attachment.id).lean() : null;
    if (!file) throw httpError(404, 'notFound');
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(Buffer.from(file.data.buffer ?? file.data));
  });

  router.post('/staff/cases/:id/duplicate', async (req, res, next) => {
    try {
      const user = requireUser(req);
      // Access first (audited), so that the answer does not depend on the body.
      const doc = await loadStaffCase(ctx, req, 'resolve-duplicate');
      const body = (req.body ?? {}) as { decision?: unknown; otherCaseId?: unknown };
      if (body.decision !== 'merge' && body.decision !== 'keep') throw invalid('decision', messages.decision, 422);
      if (body.otherCaseId !== undefined && !isObjectId(body.otherCaseId)) throw invalid('otherCaseId', messages.otherCaseId, 422);
      const pairs = (await flaggedPairs(ctx, doc._id, { unfinished: true })).filter((pair) => body.otherCaseId === undefined || pair.otherCaseId === body.otherCaseId);
      if (pairs.length === 0) throw new DuplicateDecisionError('not-flagged');
      if (pairs.length > 1) throw invalid('otherCaseId', messages.otherCaseId, 422);
      const pair = pairs[0]!;
      // The other case is changed too: the decider must be allowed there as well (audited on that case).
      const other = await findCase(ctx.models, pair.otherCaseId);
      await authorizeCase(req, 'case', 'resolve-duplicate', other ? toAccessFacts(other) : null);
      const decided = await decideDuplicate(ctx, { pair, decision: body.decision satisfies DuplicateDecisionBody['decision'], user });
      const answer: DuplicateDecisionAnswer = { status: decided.status === 'kept' ? 'kept' : 'merged', openCaseId: decided.openCaseId.toHexString(), newerCaseId: decided.newerCaseId.toHexString() };
      res.status(200).json(answer);
    } catch (error) {
      if (error instanceof DuplicateDecisionError) {
        return next(new HttpError(409, [{ field: null, message: error.code === 'already-decided' ? messages.alreadyDecided : messages.notFlagged }]));
      }
      if (error instanceof ConcurrencyError) return next(new HttpError(409, [{ field: null, message: messages.conflict }]));
      next(error);
    }
  });

  return router;
}
