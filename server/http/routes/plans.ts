import { Router, type Request } from 'express';
import type {
  MeasureReport,
  MemberPlanItem,
  PlanDiff,
  PlanLetterAnswer,
  PlanReading,
  PlanReview,
  PlanSavedAnswer,
  PlanSendAnswer,
  PlanVersion,
  PlanWorkspace,
} from '../../../contract/plan.js';
import { validateForm } from '../../../forms/index.js';
import { measureReportSchema, planDraftSchema, planGroupSchema, validatePlanPart } from '../../../forms/plan.js';
import type { FieldError } from '../../../forms/messages.js';
import { audit } from '../../audit/audit.js';
import type { SessionUser } from '../../auth/types.js';
import { toAccessFacts } from '../../cases/access.js';
import type { CaseDoc, RequestDoc } from '../../cases/models.js';
import { CaseCommandError } from '../../commands/errors.js';
import { measureReporter } from '../../commands/measureReporter.js';
import { planDraftSaver } from '../../commands/planDraftSaver.js';
import { planGroupSaver } from '../../commands/planGroupSaver.js';
import { planLetterSender } from '../../commands/planLetterSender.js';
import { planReviewer } from '../../commands/planReviewer.js';
import { PlanIncompleteError, planSender } from '../../commands/planSender.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { reviewStarter } from '../../commands/reviewStarter.js';
import { renderPdf } from '../../documents/index.js';
import { letterRecipient } from '../../letters/writer.js';
import { can } from '../../policies/index.js';
import {
  instanceOfCase,
  loadPlan,
  planDiff,
  planDocument,
  planModels,
  planPhase,
  planVersions,
  toVersion,
  toVersionSummary,
  versionContext,
  type PlanDoc,
  type PlanVersionDoc,
} from '../../plans/index.js';
import { userModel, type UserDoc } from '../../users/model.js';
import { authorizeMeasure } from '../authorize.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type LocalizedText } from '../language.js';
import { isCaseId, validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser } from '../middleware/signed-in.js';
import { loadCase, mapCommandError } from './cases.js';

/**
 * The living plan of a case (types in contract/plan.ts): the coordinator's workspace (draft saved
 * as they type with a revision guard, the responsibility group, sending for approval, the review),
 * the plan as the person and the group's members read it, versions and their differences for staff,
 * the plan as a tagged PDF, members' reports on their own measures, and a member's list of plans.
 * Every read and write goes through authorizeCase (audited; 404 for a case the user may not see).
 */

const messages = {
  revision: { nb: 'Oppgi revisjonen endringen bygger på.', nn: 'Oppgi revisjonen endringa byggjer på.', en: 'Give the revision the change is based on.' },
  draftConflict: {
    nb: 'Noen andre har lagret planen etter at du åpnet den. Endringen din er ikke lagret. Last inn planen på nytt.',
    nn: 'Nokon andre har lagra planen etter at du opna han. Endringa di er ikkje lagra. Last inn planen på nytt.',
    en: 'Someone else saved the plan after you opened it. Your change is not saved. Reload the plan.',
  },
  groupConflict: {
    nb: 'Noen andre har lagret ansvarsgruppen etter at du åpnet den. Endringen din er ikke lagret. Last inn på nytt.',
    nn: 'Nokon andre har lagra ansvarsgruppa etter at du opna henne. Endringa di er ikkje lagra. Last inn på nytt.',
    en: 'Someone else saved the responsibility group after you opened it. Your change is not saved. Reload.',
  },
  version: { nb: 'Versjonen må være et helt tall fra 1.', nn: 'Versjonen må vere eit heilt tal frå 1.', en: 'The version must be a whole number from 1.' },
  measureId: { nb: 'Ugyldig tiltak.', nn: 'Ugyldig tiltak.', en: 'Invalid measure.' },
} satisfies Record<string, LocalizedText>;

const asText = (message: string): LocalizedText => ({ nb: message, nn: message, en: message });
const invalid = (errors: FieldError[]) => new HttpError(422, errors.map((error) => ({ field: error.field, message: asText(error.message) })));

function revisionOf(req: Request): number {
  const revision = (req.body as { revision?: unknown } | null)?.revision;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) throw new HttpError(400, [{ field: 'revision', message: messages.revision }]);
  return revision;
}

/** ?version=N, ?from=N: a whole number from 1, or undefined when absent. */
function versionParam(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) throw new HttpError(400, [{ field: name, message: messages.version }]);
  return Number(raw);
}

const measureIdPattern = /^[A-Za-z0-9_-]{1,40}$/;

export function planRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const db = ctx.models.Case.db;
  const models = planModels(db);
  const Users = userModel(db);
  const router = Router();
  router.param('id', validParam(isCaseId));

  /** Runs a command and maps its refusals: a conflict on a draft or group in its own words. */
  const run = async <T>(command: () => Promise<T>, conflict?: LocalizedText): Promise<T> => {
    try {
      return await command();
    } catch (error) {
      if (error instanceof PlanIncompleteError) throw invalid(error.errors);
      if (conflict && error instanceof CaseCommandError && error.code === 'conflict') throw new HttpError(409, [{ field: 'revision', message: conflict }]);
      throw mapCommandError(error);
    }
  };

  const reportsOf = (plan: PlanDoc): MeasureReport[] => plan.reports.map(({ byId: _byId, ...r }) => ({ ...r, at: new Date(r.at).toISOString() }));
  const reviewsOf = (plan: PlanDoc): PlanReview[] => plan.reviews.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  const latestApproved = (versions: PlanVersionDoc[]) => [...versions].reverse().find((v) => v.status === 'approved') ?? null;
  /** What the user may read: the person and staff the newest version sent; a group member the newest approved. */
  const readableVersions = (user: SessionUser, versions: PlanVersionDoc[]) =>
    user.role === 'group-member' ? versions.filter((v) => v.status === 'approved') : versions.filter((v) => v.status !== 'superseded');

  router.get('/cases/:id/plan/workspace', async (req, res) => {
    const { doc, facts } = await loadCase(ctx, req, 'plan', 'update');
    const instance = await instanceOfCase(ctx, doc);
    const [plan, { phase }, versions, candidates] = await Promise.all([
      loadPlan(ctx, doc, instance),
      planPhase(ctx, doc, instance),
      planVersions(models, doc._id),
      Users.find({ role: 'group-member', active: true }, { name: 1 }).sort({ name: 1 }).limit(500).lean<Pick<UserDoc, '_id' | 'name'>[]>(),
    ]);
    const context = versionContext(doc, instance?.variables ?? {});
    const approved = latestApproved(versions);
    const answer: PlanWorkspace = {
      caseId: facts.id,
      caseNumber: doc.caseNumber,
      person: { name: doc.person.name, birthDate: doc.person.birthDate },
      coordinator: context.coordinator,
      consent: context.consent,
      phase,
      revision: plan.revision,
      draft: plan.draft,
      draftSavedAt: plan.draftSavedAt ? new Date(plan.draftSavedAt).toISOString() : null,
      draftSavedBy: plan.draftSavedBy,
      groupRevision: plan.groupRevision,
      group: plan.group,
      versions: versions.map(toVersionSummary),
      reviews: reviewsOf(plan),
      reports: reportsOf(plan),
      memberCandidates: candidates.map((u) => ({ id: String(u._id), name: u.name })),
      approved: approved ? toVersion(approved) : null,
      canStartReview: phase === 'active',
    };
    res.json(answer);
  });

  router.put('/cases/:id/plan/draft', async (req, res) => {
    const user = requireUser(req);
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    const revision = revisionOf(req);
    const checked = await validatePlanPart(planDraftSchema, (req.body as { draft?: unknown }).draft ?? {}, requestLanguage(req));
    if (!checked.ok) throw invalid(checked.errors.map((e) => ({ ...e, field: `draft.${e.field}` })));
    const saved = await run(() => planDraftSaver(ctx, { caseDoc: doc, user, revision, draft: checked.value }), messages.draftConflict);
    const answer: PlanSavedAnswer = { revision: saved.revision, savedAt: saved.savedAt.toISOString() };
    res.json(answer);
  });

  router.put('/cases/:id/plan/group', async (req, res) => {
    const user = requireUser(req);
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    const revision = revisionOf(req);
    const checked = await validatePlanPart(planGroupSchema, (req.body as { group?: unknown }).group ?? {}, requestLanguage(req));
    if (!checked.ok) throw invalid(checked.errors.map((e) => ({ ...e, field: `group.${e.field}` })));
    const saved = await run(() => planGroupSaver(ctx, { caseDoc: doc, user, revision, group: checked.value }), messages.groupConflict);
    res.json({ revision: saved.revision });
  });

  router.post('/cases/:id/plan/send', async (req, res) => {
    const user = requireUser(req);
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    const revision = revisionOf(req);
    const sent = await run(() => planSender(ctx, { caseDoc: doc, user, revision, language: requestLanguage(req) }), messages.draftConflict);
    const answer: PlanSendAnswer = { version: sent.version };
    res.json(answer);
  });

  router.post('/cases/:id/plan/review', async (req, res) => {
    const user = requireUser(req);
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    const checked = await validateForm('review', req.body, requestLanguage(req));
    if (!checked.ok) throw invalid(checked.errors);
    await run(() => planReviewer(ctx, { caseDoc: doc, user, review: checked.value }));
    res.json({ ok: true });
  });

  router.post('/cases/:id/plan/review/start', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    await run(() => reviewStarter(ctx, { caseDoc: doc }));
    res.json({ ok: true });
  });

  router.get('/cases/:id/plan', async (req, res) => {
    const user = requireUser(req);
    const { doc, facts } = await loadCase(ctx, req, 'plan', 'read');
    const [versions, plan] = await Promise.all([planVersions(models, doc._id), models.Plan.findById(doc._id).lean<PlanDoc>()]);
    const readable = readableVersions(user, versions);
    const current = readable.at(-1) ?? null;
    const approved = latestApproved(versions);
    // The last approved version before the one read, or when none is approved the one sent before it.
    const approvedBefore = current && current.status !== 'approved' ? latestApproved(versions.filter((v) => v.number < current.number)) : null;
    const previous = current && current.status !== 'approved' && !approvedBefore ? (readable.filter((v) => v.number < current.number).at(-1) ?? null) : null;
    const base = approvedBefore ?? previous;
    const changes: PlanDiff | null = current && base ? planDiff(base, current) : null;
    const ownMeasureIds = (current?.content.measures ?? []).filter((m) => m.responsibleUserId === user.id).map((m) => m.id);
    const answer: PlanReading = {
      caseId: facts.id,
      caseNumber: doc.caseNumber,
      personName: doc.person.name,
      version: current ? toVersion(current) : null,
      approvedNumber: approved?.number ?? null,
      changes,
      changesSince: approvedBefore ? 'approved' : previous ? 'previous' : null,
      ownMeasureIds,
      reports: plan ? reportsOf(plan) : [],
    };
    res.json(answer);
  });

  router.get('/cases/:id/plan/versions', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'plan', 'read-versions');
    res.json({ versions: (await planVersions(models, doc._id)).map(toVersionSummary) });
  });

  router.get('/cases/:id/plan/versions/:number', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'plan', 'read-versions');
    const number = String(req.params.number);
    if (!/^[1-9]\d{0,5}$/.test(number)) throw new HttpError(400, [{ field: 'number', message: messages.version }]);
    const version = await models.PlanVersion.findOne({ caseId: doc._id, number: Number(number) }).lean<PlanVersionDoc>();
    if (!version) throw httpError(404, 'notFound');
    const answer: PlanVersion = toVersion(version);
    res.json(answer);
  });

  /** POST /cases/:id/plan/versions/:number/letter: the version sent to the person as a letter (202; 200 when it already was). */
  router.post('/cases/:id/plan/versions/:number/letter', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'plan', 'update');
    const number = String(req.params.number);
    if (!/^[1-9]\d{0,5}$/.test(number)) throw new HttpError(400, [{ field: 'number', message: messages.version }]);
    const sent = await run(() => planLetterSender(ctx, { caseDoc: doc, planVersion: Number(number) }));
    const answer: PlanLetterAnswer = { alreadySent: sent.alreadySent };
    res.status(sent.alreadySent ? 200 : 202).json(answer);
  });

  /** GET /cases/:id/plan/diff?from=N&to=M: from an earlier version (or nothing, without from) to another. */
  router.get('/cases/:id/plan/diff', async (req, res) => {
    const { doc } = await loadCase(ctx, req, 'plan', 'read-versions');
    const from = versionParam(req, 'from');
    const to = versionParam(req, 'to');
    if (to === undefined) throw new HttpError(400, [{ field: 'to', message: messages.version }]);
    const versions = await planVersions(models, doc._id);
    const a = from === undefined ? null : versions.find((v) => v.number === from);
    const b = versions.find((v) => v.number === to);
    if (a === undefined || !b) throw httpError(404, 'notFound');
    const answer: PlanDiff = planDiff(a, b);
    res.json(answer);
  });

  router.get('/cases/:id/plan.pdf', async (req, res) => {
    const user = requireUser(req);
    const { doc, facts } = await loadCase(ctx, req, 'plan', 'read');
    const number = versionParam(req, 'version');
    const readable = readableVersions(user, await planVersions(models, doc._id));
    const version = number === undefined ? readable.at(-1) : readable.find((v) => v.number === number);
    if (!version) throw httpError(404, 'notFound');
    const request = await ctx.models.Request.findById(doc.requestId).lean<RequestDoc>();
    const { language } = letterRecipient(request, doc);
    const pdf = renderPdf(planDocument(toVersion(version), { caseNumber: doc.caseNumber, personName: doc.person.name, municipalityName: ctx.municipalityName }, language));
    await audit(req, { action: 'plan.pdf-download', caseId: facts.id, unitId: facts.unitId });
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${doc.caseNumber}-plan-${version.number}.pdf"`)
      .set('Cache-Control', 'private, no-store')
      .send(pdf);
  });

  router.post('/cases/:id/plan/measures/:measureId/reports', async (req, res) => {
    const user = requireUser(req);
    const { doc, facts } = await loadCase(ctx, req, 'plan', 'read');
    const measureId = String(req.params.measureId);
    if (!measureIdPattern.test(measureId)) throw new HttpError(400, [{ field: 'measureId', message: messages.measureId }]);
    const readable = readableVersions(user, await planVersions(models, doc._id));
    const measure = readable.at(-1)?.content.measures.find((m) => m.id === measureId);
    await authorizeMeasure(req, 'update', facts, measure?.responsibleUserId ?? null);
    if (!measure) throw mapCommandError(new CaseCommandError('no such measure', 'unknown-measure'));
    const checked = await validatePlanPart(measureReportSchema, req.body, requestLanguage(req));
    if (!checked.ok) throw invalid(checked.errors);
    await run(() => measureReporter(ctx, { caseDoc: doc, user, measureId, report: checked.value }));
    res.status(201).json({ ok: true });
  });

  /** A responsibility group member's plans: the cases whose group they are in, where the person's consent covers them. */
  router.get('/plans', async (req, res) => {
    const user = requireUser(req);
    const docs = user.role === 'group-member' ? await ctx.models.Case.find({ groupMemberIds: user.id, closedAt: null }).sort({ createdAt: -1 }).limit(200).lean<CaseDoc[]>() : [];
    const items: MemberPlanItem[] = [];
    for (const doc of docs) {
      const facts = toAccessFacts(doc);
      if (!can(user, 'read', 'plan', facts)) continue;
      await audit(req, { action: 'plan.list', caseId: facts.id, unitId: facts.unitId });
      const approved = await models.PlanVersion.findOne({ caseId: doc._id, status: 'approved' }).sort({ number: -1 }).lean<PlanVersionDoc>();
      items.push({
        caseId: facts.id,
        caseNumber: doc.caseNumber,
        personName: doc.person.name,
        approvedNumber: approved?.number ?? null,
        ownMeasures: (approved?.content.measures ?? []).filter((m) => m.responsibleUserId === user.id).length,
      });
    }
    res.json({ plans: items });
  });

  return router;
}
