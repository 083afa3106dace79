import type { SessionUser } from '../auth/types.js';
import { findOpenTask } from '../engine/index.js';
import { consentChange, isNoChange } from '../../forms/consent.js';
import { validateForm, type FormData } from '../../forms/index.js';
import { todayInNorway } from '../../forms/national-id.js';
import type { CaseConsent, CaseDoc, ConsentChangeRecord } from '../cases/models.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person gives or changes consent online. The new consent replaces the one given now (the form
 * starts from it), and what changed, service by service, is added to the case's consent history.
 * The write only succeeds on the consent the person started from: a change made meanwhile (in
 * another tab, by a parent) is refused with a conflict instead of being overwritten. When the
 * process waits for the coordinating unit to obtain consent, that task is completed with this
 * consent, so nobody has to type it in again.
 */
export async function consentGiver(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'consent'> },
): Promise<{ changed: boolean }> {
  const { caseDoc, answer } = input;
  if (caseDoc.closedAt || caseDoc.consent.withdrawnAt) throw new CaseCommandError('the case is closed', 'case-closed');
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const given = answer.given === true;
  const before = caseDoc.consent;
  const after: CaseConsent = {
    active: given,
    givenAt: given ? now : null,
    sharing: given ? (answer.sharing ?? []).map((s) => ({ party: s.party, information: [...s.information] })) : [],
    validUntil: given ? (answer.validUntil ?? null) : null,
    withdrawnAt: null,
  };
  const change = consentChange({ given: before.active, sharing: before.sharing, validUntil: before.validUntil }, { given, sharing: after.sharing, validUntil: after.validUntil });
  // Saying yes again to the same consent, or no again to none, changes nothing and records nothing.
  if (isNoChange(change) && before.active === given) return { changed: false };
  const record: ConsentChangeRecord = { ...change, at: now, byName: input.user.name, given };
  const result = await ctx.models.Case.updateOne(
    { _id: caseDoc._id, closedAt: null, 'consent.withdrawnAt': null, 'consent.givenAt': before.givenAt, 'consent.active': before.active },
    { $set: { consent: after }, $push: { consentHistory: record } },
  );
  if (result.matchedCount === 0) throw new CaseCommandError('the consent changed since it was read', 'conflict');
  if (!given || !caseDoc.processStartedAt) return { changed: true };
  const task = await findOpenTask(ctx.models.Case.db, { instanceId: caseDoc.instanceId, formKey: 'consent-registration' });
  if (!task) return { changed: true };
  const isPerson = input.user.nationalId === caseDoc.person.nationalId;
  const registration = await validateForm('consent-registration', {
    given: true,
    givenBy: isPerson ? 'person' : 'parent',
    givenOn: todayInNorway(now),
    shareWith: [...new Set((answer.sharing ?? []).map((s) => s.party))],
    ...(answer.validUntil ? { validUntil: answer.validUntil } : {}),
    notes: 'Gitt digitalt av personen selv eller på vegne av personen.',
  });
  if (!registration.ok) return { changed: true }; // the coordinating unit registers it by hand then
  await ctx.engine.completeTask({ taskId: task.id, actor: { id: input.user.id, name: input.user.name }, output: { ...registration.value } });
  return { changed: true };
}
