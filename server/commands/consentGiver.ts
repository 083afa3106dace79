import type { SessionUser } from '../auth/types.js';
import { engineModels, type TaskDoc } from '../engine/index.js';
import { validateForm, type FormData } from '../../forms/index.js';
import type { CaseDoc } from '../cases/models.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * The person gives or changes consent online. The case's consent is replaced; when the process
 * waits for the coordinating unit to obtain consent, that task is completed with this consent, so
 * nobody has to type it in again.
 */
export async function consentGiver(
  ctx: CaseCommandContext,
  input: { caseDoc: CaseDoc; user: SessionUser; answer: FormData<'consent'> },
): Promise<void> {
  const { caseDoc, answer } = input;
  if (caseDoc.closedAt) throw new CaseCommandError('the case is closed', 'case-closed');
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const given = answer.given === true;
  await ctx.models.Case.updateOne(
    { _id: caseDoc._id },
    {
      $set: {
        consent: {
          active: given,
          givenAt: given ? now : null,
          sharing: given ? (answer.sharing ?? []).map((s) => ({ party: s.party, information: [...s.information] })) : [],
          validUntil: given ? (answer.validUntil ?? null) : null,
          withdrawnAt: null,
        },
      },
    },
  );
  if (!given || !caseDoc.processStartedAt) return;
  const { Task } = engineModels(ctx.models.Case.db);
  const task = await Task.findOne({ instanceId: caseDoc.instanceId, formKey: 'consent-registration', status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  if (!task) return;
  const isPerson = input.user.nationalId === caseDoc.person.nationalId;
  const registration = await validateForm('consent-registration', {
    given: true,
    givenBy: isPerson ? 'person' : 'parent',
    givenOn: now.toISOString().slice(0, 10),
    shareWith: [...new Set((answer.sharing ?? []).map((s) => s.party))],
    ...(answer.validUntil ? { validUntil: answer.validUntil } : {}),
    notes: 'Gitt digitalt av personen selv eller på vegne av personen.',
  });
  if (!registration.ok) return; // the coordinating unit registers it by hand then
  await ctx.engine.completeTask({ taskId: task._id, actor: { id: input.user.id, name: input.user.name }, output: { ...registration.value } });
}
