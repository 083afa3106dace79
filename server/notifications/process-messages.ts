/**
 * The notifications a process step asks for (`kind: 'notification'` jobs of
 * server/definitions/service-handlers.ts), turned into e-mails: the missing-consent reminder goes to
 * the person (or the representative who applied) at the e-mail in the request, in the request's
 * language; an appointment or a change of coordinator tells the coordinator, in their own language.
 * Keyed by the job's deterministic id, so a retried job sends nothing twice.
 */
import type { CaseDoc, CaseModels, RequestDoc } from '../cases/models.js';
import { letterRecipient } from '../letters/writer.js';
import type { UserModel } from '../users/model.js';
import type { NotificationKind } from './messages.js';
import { notify, type NotifierDeps } from './notifier.js';

export interface ProcessMessageJob {
  readonly jobId: string;
  readonly template: string;
  readonly caseId: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Who the coordinator of the job is: the appointed one, or the new one of an approved change. */
function coordinatorUserId(job: ProcessMessageJob): string | undefined {
  if (job.template === 'coordinator-appointed') {
    const id = record(job.variables.appointment)?.coordinatorUserId;
    return typeof id === 'string' && id ? id : undefined;
  }
  const change = record(job.variables.coordinatorChange);
  return change?.decision === 'approved' && typeof change.newCoordinatorUserId === 'string' && change.newCoordinatorUserId ? change.newCoordinatorUserId : undefined;
}

/** Returns the number of notifications recorded (0 when the job names no one to tell). */
export async function notifyProcessMessage(deps: { readonly cases: CaseModels; readonly users: UserModel; readonly notifier: NotifierDeps }, job: ProcessMessageJob): Promise<number> {
  if (!/^[0-9a-f]{24}$/i.test(job.caseId)) return 0;
  const caseDoc = await deps.cases.Case.findById(job.caseId).lean<CaseDoc>();
  if (!caseDoc) return 0;
  if (job.template === 'consent-reminder') {
    if (caseDoc.closedAt) return 0;
    const request = await deps.cases.Request.findById(caseDoc.requestId).lean<RequestDoc>();
    const to = letterRecipient(request, caseDoc);
    await notify(deps.notifier, { key: `process-${job.jobId}`, kind: 'consent-missing', caseId: job.caseId, to: { userId: null, email: to.email }, language: to.language, path: `/mine-saker/${job.caseId}` });
    return 1;
  }
  if (job.template === 'coordinator-appointed' || job.template === 'coordinator-changed') {
    const userId = coordinatorUserId(job);
    if (!userId) return 0;
    const user = await deps.users.findOne({ _id: userId, active: true }, { login: 1, email: 1, language: 1 }).lean();
    if (!user) return 0;
    const email = user.email?.includes('@') ? user.email : user.login?.includes('@') ? user.login : null;
    const kind: NotificationKind = 'coordinator-appointed';
    await notify(deps.notifier, { key: `process-${job.jobId}`, kind, caseId: job.caseId, to: { userId, email }, language: user.language ?? 'nb', path: `/saker/${job.caseId}` });
    return 1;
  }
  return 0;
}
