import { Router, type Request } from 'express';
import type { CaseDetail, CaseHistoryStep, CaseListItem, CaseStage } from '../../../contract/cases.js';
import { validateForm, type FormKey } from '../../../forms/index.js';
import { audit } from '../../audit/audit.js';
import type { SessionUser } from '../../auth/types.js';
import { findCase, toAccessFacts } from '../../cases/access.js';
import type { CaseDoc, CaseMessageDoc, RequestDoc } from '../../cases/models.js';
import { caseStage, caseSteps, isClosedStage } from '../../cases/status.js';
import { consentGiver } from '../../commands/consentGiver.js';
import { consentWithdrawer } from '../../commands/consentWithdrawer.js';
import { coordinatorChangeRequester } from '../../commands/coordinatorChangeRequester.js';
import { CaseCommandError } from '../../commands/errors.js';
import { planApprover } from '../../commands/planApprover.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { individualPlanElements } from '../../definitions/process-contract.js';
import { NotFoundError, TaskConflictError, type InstanceView } from '../../engine/index.js';
import { caseLetters, letterModel } from '../../letters/model.js';
import { planModels, type PlanVersionDoc } from '../../plans/index.js';
import { authorizeCase } from '../authorize.js';
import { can, type ActionOf } from '../../policies/index.js';
import { isCaseId, validParam } from '../middleware/ids.js';
import { requireUser } from '../middleware/signed-in.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type LocalizedText } from '../language.js';

/**
 * The person's cases: `GET /api/cases` (their own: as the person or as parent, guardian or
 * representative), `GET /api/cases/:id` (status in steps, the request, messages, the plan), and
 * what they do on a case: approve or comment on the plan, give or withdraw consent, ask for another
 * coordinator. Every read and write of a case is audited (authorizeCase does it).
 */

const messages = {
  'nothing-to-approve': { nb: 'Det er ingen plan som venter på svar fra deg.', nn: 'Det er ingen plan som ventar på svar frå deg.', en: 'No plan is waiting for your answer.' },
  'case-closed': { nb: 'Saken er avsluttet.', nn: 'Saka er avslutta.', en: 'The case is closed.' },
  'process-not-started': { nb: 'Saken er ikke kommet i gang ennå. Prøv igjen om litt.', nn: 'Saka er ikkje komen i gang enno. Prøv igjen om litt.', en: 'The case has not started yet. Please try again shortly.' },
  'not-expected': { nb: 'Et ønske om ny koordinator er allerede til vurdering.', nn: 'Eit ønske om ny koordinator er alt til vurdering.', en: 'A request for another coordinator is already being considered.' },
  'no-coordinator': {
    nb: 'Saken har ingen koordinator ennå. Du kan be om en annen koordinator når en er oppnevnt.',
    nn: 'Saka har ingen koordinator enno. Du kan be om ein annan koordinator når ein er oppnemnd.',
    en: 'The case has no coordinator yet. You can ask for another coordinator once one is appointed.',
  },
  conflict: { nb: 'Noen andre har nettopp endret saken. Last inn siden på nytt.', nn: 'Nokon andre har nett endra saka. Last inn sida på nytt.', en: 'Someone else has just changed the case. Reload the page.' },
  'not-drafting': { nb: 'Planen er ikke under arbeid nå, så den kan ikke sendes.', nn: 'Planen er ikkje under arbeid no, så han kan ikkje sendast.', en: 'The plan is not being drafted now, so it cannot be sent.' },
  'not-reviewing': { nb: 'Det er ingen evaluering av planen å gjøre nå.', nn: 'Det er inga evaluering av planen å gjere no.', en: 'There is no review of the plan to do now.' },
  'no-review-due': { nb: 'Planen venter ikke på en evaluering nå.', nn: 'Planen ventar ikkje på ei evaluering no.', en: 'The plan is not waiting for a review now.' },
  'unknown-measure': { nb: 'Tiltaket finnes ikke i planen.', nn: 'Tiltaket finst ikkje i planen.', en: 'The measure is not in the plan.' },
  'version-changed': {
    nb: 'Planen er endret siden du åpnet den. Last inn siden og les den nye versjonen.',
    nn: 'Planen er endra sidan du opna han. Last inn sida og les den nye versjonen.',
    en: 'The plan has changed since you opened it. Reload the page and read the new version.',
  },
  'unknown-version': { nb: 'Planen har ingen versjon med dette nummeret.', nn: 'Planen har ingen versjon med dette nummeret.', en: 'The plan has no version with this number.' },
  'version-not-current': {
    nb: 'Bare versjonen som venter på godkjenning, eller den godkjente, kan sendes som brev.',
    nn: 'Berre versjonen som ventar på godkjenning, eller den godkjende, kan sendast som brev.',
    en: 'Only the version waiting for approval, or the approved one, can be sent as a letter.',
  },
} satisfies Record<string, LocalizedText>;

/** Cases the signed-in user may see in their own list. */
async function ownCases(ctx: CaseCommandContext, user: SessionUser): Promise<CaseDoc[]> {
  const { Case } = ctx.models;
  if (user.role === 'citizen') {
    if (!user.nationalId) return [];
    const [asPerson, asRepresentative, asClaimant] = await Promise.all([
      Case.find({ 'person.nationalId': user.nationalId }).sort({ createdAt: -1 }).limit(100).lean<CaseDoc[]>(),
      Case.find({ representativeNationalIds: user.nationalId }).sort({ createdAt: -1 }).limit(100).lean<CaseDoc[]>(),
      Case.find({ 'claimedRepresentatives.nationalId': user.nationalId }).sort({ createdAt: -1 }).limit(100).lean<CaseDoc[]>(),
    ]);
    const byId = new Map([...asPerson, ...asRepresentative, ...asClaimant].map((doc) => [doc._id.toHexString(), doc]));
    return [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }
  if (user.role === 'ke-caseworker' && user.unitId) return Case.find({ unitId: user.unitId }).sort({ createdAt: -1 }).limit(200).lean<CaseDoc[]>();
  if (user.role === 'coordinator') return Case.find({ coordinatorId: user.id }).sort({ createdAt: -1 }).limit(200).lean<CaseDoc[]>();
  return [];
}

export async function instanceOf(ctx: CaseCommandContext, doc: CaseDoc): Promise<InstanceView | null> {
  if (!doc.processStartedAt) return null;
  try {
    return await ctx.engine.getInstance({ instanceId: doc.instanceId });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

function stageOf(doc: CaseDoc, instance: InstanceView | null): CaseStage {
  if (doc.consent?.withdrawnAt && (!instance || instance.status !== 'running')) return 'closed-consent-withdrawn';
  return caseStage(instance);
}

/**
 * What has happened in the case, oldest first: the process's steps and the changes of consent made
 * online (with what changed, service by service).
 */
function caseHistory(doc: CaseDoc, instance: InstanceView | null): CaseHistoryStep[] {
  const steps: CaseHistoryStep[] = [{ key: 'received', at: doc.createdAt.toISOString() }, ...caseSteps(instance?.history ?? []).filter((s) => s.key !== 'received')];
  for (const change of doc.consentHistory ?? []) {
    steps.push({
      key: change.given ? 'consent-changed' : 'consent-declined',
      at: new Date(change.at).toISOString(),
      consentChange: { added: change.added, removed: change.removed, changed: change.changed, validUntil: change.validUntil, by: change.byName },
    });
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** A form field as the API answers it (the form validated it as text when the task completed). */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Finds the case and authorizes the action on it (audited; 404 for a case the user may not see). */
export async function loadCase<R extends 'case' | 'plan' | 'incident'>(ctx: CaseCommandContext, req: Request, resource: R, action: ActionOf<R>) {
  requireUser(req);
  const id = String(req.params.id ?? '');
  const doc = await findCase(ctx.models, id);
  const facts = await authorizeCase(req, resource, action, doc ? toAccessFacts(doc) : null);
  return { doc: doc!, facts };
}

async function validated<K extends FormKey>(req: Request, key: K) {
  const result = await validateForm(key, req.body, requestLanguage(req));
  if (!result.ok) throw new HttpError(422, result.errors.map((error) => ({ field: error.field, message: { nb: error.message, nn: error.message, en: error.message } })));
  return result.value;
}

export function mapCommandError(error: unknown): unknown {
  if (error instanceof CaseCommandError) return new HttpError(409, [{ field: null, message: messages[error.code] }]);
  if (error instanceof TaskConflictError) return new HttpError(409, [{ field: null, message: messages.conflict }]);
  return error;
}

/**
 * What a claimant (a parent, guardian or proxy not yet verified) sees of a case: the request they
 * sent and its receipt, in the shape of the full case view, with nothing of the case's course.
 */
async function submissionView(ctx: CaseCommandContext, doc: CaseDoc, id: string): Promise<CaseDetail> {
  const [request, receipts] = await Promise.all([
    ctx.models.Request.findById(doc.requestId).lean<RequestDoc>(),
    ctx.models.CaseMessage.find({ caseId: doc._id, kind: 'receipt' }).lean<CaseMessageDoc[]>(),
  ]);
  return {
    id,
    caseNumber: doc.caseNumber,
    stage: 'received',
    closed: false,
    createdAt: doc.createdAt.toISOString(),
    channel: doc.channel,
    askFor: doc.askFor,
    person: { name: doc.person.name, birthDate: doc.person.birthDate },
    isPerson: false,
    representation: 'claimed',
    steps: [{ key: 'received', at: doc.createdAt.toISOString() }],
    coordinator: null,
    plan: null,
    approval: null,
    consent: { active: false, givenAt: null, sharing: [], validUntil: null, withdrawnAt: null },
    request: request ? { data: request.data, signature: { ...request.signature, signedAt: new Date(request.signature.signedAt).toISOString() }, attachment: request.attachment ? { name: request.attachment.name, size: request.attachment.size } : null } : null,
    messages: receipts.map((m) => ({ kind: m.kind, subject: m.subject, body: m.body, createdAt: m.createdAt.toISOString() })),
    letters: [],
    actions: { approvePlan: false, giveConsent: false, withdrawConsent: false, requestCoordinatorChange: false },
  };
}

export function caseRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const router = Router();
  // Ids are ObjectIds or case numbers; anything else is refused with 400, as everywhere in the API.
  router.param('id', validParam(isCaseId));

  router.get('/cases', async (req, res) => {
    const user = requireUser(req);
    const docs = await ownCases(ctx, user);
    const items: CaseListItem[] = [];
    for (const doc of docs) {
      const facts = toAccessFacts(doc);
      const claimed = !can(user, 'read', 'case', facts) && can(user, 'read-submission', 'case', facts);
      if (!claimed && !can(user, 'read', 'case', facts)) continue;
      await audit(req, { action: 'case.list', caseId: facts.id, unitId: facts.unitId });
      // A claimant sees that the request was received, nothing of how the case goes on.
      const stage = claimed ? 'received' : stageOf(doc, await instanceOf(ctx, doc));
      items.push({
        id: facts.id,
        caseNumber: doc.caseNumber,
        personName: doc.person.name,
        askFor: doc.askFor,
        channel: doc.channel,
        stage,
        createdAt: doc.createdAt.toISOString(),
        closed: isClosedStage(stage),
        isPerson: user.nationalId === doc.person.nationalId,
        ...(claimed ? { representation: 'claimed' as const } : {}),
      });
    }
    res.json({ cases: items });
  });

  router.get('/cases/:id', async (req, res) => {
    const user = requireUser(req);
    const found = await findCase(ctx.models, String(req.params.id ?? ''));
    const foundFacts = found ? toAccessFacts(found) : null;
    const claimed = foundFacts !== null && !can(user, 'read', 'case', foundFacts) && can(user, 'read-submission', 'case', foundFacts);
    const facts = await authorizeCase(req, 'case', claimed ? 'read-submission' : 'read', foundFacts);
    const doc = found!;
    if (claimed) {
      res.json(await submissionView(ctx, doc, facts.id));
      return;
    }
    const [instance, request, caseMessages, letters] = await Promise.all([
      instanceOf(ctx, doc),
      ctx.models.Request.findById(doc.requestId).lean<RequestDoc>(),
      ctx.models.CaseMessage.find({ caseId: doc._id }).sort({ createdAt: 1 }).lean<CaseMessageDoc[]>(),
      caseLetters(letterModel(ctx.models.Case.db), doc._id),
    ]);
    const stage = stageOf(doc, instance);
    const language = requestLanguage(req);
    const variables = instance?.variables ?? {};
    const appointment = record(variables.appointment);
    const openTaskForms = (instance?.active ?? []).filter((a) => a.kind === 'task').map((a) => a.elementId);
    const running = instance?.status === 'running';
    // The newest version sent to the person (frozen when it was sent); a plan from before versions existed is the process's.
    const newestVersion = can(user, 'read', 'plan', facts)
      ? await planModels(ctx.models.Case.db).PlanVersion.findOne({ caseId: doc._id, status: { $ne: 'superseded' } }, { content: 1 }).sort({ number: -1 }).lean<Pick<PlanVersionDoc, 'content'>>()
      : null;
    const plan = can(user, 'read', 'plan', facts) ? ((newestVersion?.content as Record<string, unknown> | undefined) ?? record(variables.plan)) : null;
    const detail: CaseDetail = {
      id: facts.id,
      caseNumber: doc.caseNumber,
      stage,
      closed: isClosedStage(stage) || doc.closedAt !== null,
      createdAt: doc.createdAt.toISOString(),
      channel: doc.channel,
      askFor: doc.askFor,
      person: { name: doc.person.name, birthDate: doc.person.birthDate },
      isPerson: user.nationalId === doc.person.nationalId,
      steps: caseHistory(doc, instance),
      coordinator: appointment
        ? { name: textOrNull(appointment.coordinatorName), phone: textOrNull(appointment.coordinatorPhone), email: textOrNull(appointment.coordinatorEmail) }
        : null,
      plan,
      approval: record(variables.approval),
      consent: {
        active: facts.consent.active,
        givenAt: doc.consent.givenAt?.toISOString() ?? null,
        sharing: doc.consent.sharing,
        validUntil: doc.consent.validUntil,
        withdrawnAt: doc.consent.withdrawnAt?.toISOString() ?? null,
      },
      request: request ? { data: request.data, signature: { ...request.signature, signedAt: new Date(request.signature.signedAt).toISOString() }, attachment: request.attachment ? { name: request.attachment.name, size: request.attachment.size } : null } : null,
      // In the reader's language when the message has it (older messages have only the one they were sent in).
      messages: caseMessages.map((m) => ({ kind: m.kind, ...(m.texts?.[language] ?? { subject: m.subject, body: m.body }), createdAt: m.createdAt.toISOString() })),
      // Each letter's PDF: GET /api/cases/:id/letters/:letterId.pdf (routes/letters.ts).
      letters,
      actions: {
        approvePlan: running && openTaskForms.includes(individualPlanElements.approvePlan) && can(user, 'approve', 'plan', facts),
        giveConsent: !doc.closedAt && !isClosedStage(stage) && can(user, 'give-consent', 'case', facts),
        withdrawConsent: !doc.closedAt && !isClosedStage(stage) && doc.consent.active && can(user, 'withdraw-consent', 'case', facts),
        requestCoordinatorChange: running && appointment !== null && !openTaskForms.includes(individualPlanElements.considerCoordinatorChange) && can(user, 'request-coordinator-change', 'case', facts),
      },
    };
    res.json(detail);
  });

  router.post('/cases/:id/plan-approval', async (req, res, next) => {
    try {
      const user = requireUser(req);
      // Access first, so that every attempt is audited and the answer does not depend on the body.
      const { doc } = await loadCase(ctx, req, 'plan', 'approve');
      const answer = await validated(req, 'plan-approval');
      // The version the person read, when the page says: another version waiting gets 409, not their answer.
      const version = (req.body as { version?: unknown } | null)?.version;
      await planApprover(ctx, { caseDoc: doc, user, answer, ...(typeof version === 'number' && Number.isInteger(version) ? { version } : {}) });
      res.status(200).json({ ok: true });
    } catch (error) {
      next(mapCommandError(error));
    }
  });

  const personAction = (
    path: string,
    formKey: 'consent' | 'consent-withdrawal' | 'coordinator-change-request',
    action: 'give-consent' | 'withdraw-consent' | 'request-coordinator-change',
    run: (doc: CaseDoc, user: SessionUser, answer: never) => Promise<unknown>,
  ) => {
    router.post(`/cases/:id/${path}`, async (req, res, next) => {
      try {
        const user = requireUser(req);
        const { doc } = await loadCase(ctx, req, 'case', action);
        const answer = await validated(req, formKey);
        await run(doc, user, answer as never);
        res.status(200).json({ ok: true });
      } catch (error) {
        next(mapCommandError(error));
      }
    });
  };
  personAction('consent', 'consent', 'give-consent', (caseDoc, user, answer) => consentGiver(ctx, { caseDoc, user, answer }));
  personAction('consent-withdrawal', 'consent-withdrawal', 'withdraw-consent', (caseDoc, user, answer) => consentWithdrawer(ctx, { caseDoc, user, answer }));
  personAction('coordinator-change', 'coordinator-change-request', 'request-coordinator-change', (caseDoc, user, answer) =>
    coordinatorChangeRequester(ctx, { caseDoc, user, answer }),
  );

  return router;
}
