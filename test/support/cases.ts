// Test support for the request and case routes: a real engine runtime over the real BPMN in
// processes/, the case command context over it, and cases opened through the real request command
// and driven along the process by completing its tasks as staff would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formsByKey } from '../../forms/index.js';
import { requestForm, validateRequest } from '../../forms/request.js';
import { createCaseContext } from '../../server/cases/index.js';
import { requestSubmitter, type CaseCommandContext } from '../../server/commands/requestSubmitter.js';
import { signedClaimsVerifier } from '../../server/commands/representationVerifier.js';
import { compileSource } from '../../server/definitions/compile.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { engineModels, type ServiceHandler, type TaskDoc } from '../../server/engine/index.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { createTestEngine, repoRoot, TestRegistry, type TestEngine } from './engine.js';

/** The date ages are computed on in validation. */
export const referenceDate = '2026-03-15';

export interface CaseEngine {
  readonly engine: TestEngine;
  /** The case context of `unitId` (the coordinating unit that receives requests). */
  readonly context: CaseCommandContext;
  /** A case context of another unit over the same database and engine. */
  contextOf(unitId: string): Promise<CaseCommandContext>;
  close(): Promise<void>;
}

/**
 * The engine (over `database`) with the real individual-plan process, and the case context of
 * `unitId`. `handlers` replace the product's service handlers of the same name (e.g. one that fails).
 */
export async function startCaseEngine(options: { name: string; database: { uri: string }; unitId: string; handlers?: Record<string, ServiceHandler> }): Promise<CaseEngine> {
  const registry = new TestRegistry((source) => compileSource(source));
  await registry.add('individual-plan', readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8'));
  const engine = await createTestEngine({
    name: options.name,
    registry,
    database: options.database,
    handlers: { ...createJobServiceHandlers(), ...options.handlers },
    runtime: { taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) },
  });
  const contextOf = (unitId: string) =>
    createCaseContext({ db: engine.connection, engine: engine.runtime, logger: engine.logger, unitId, municipalityName: 'Testvik kommune', clock: engine.clock });
  return { engine, context: await contextOf(options.unitId), contextOf, close: () => engine.close() };
}

export interface Party {
  readonly name: string;
  readonly nationalId: string;
}

/** A request for `person` signed by `applicant` holding a power of attorney (both adults). */
export function proxyRequest(person: Party, applicant: Party): Record<string, unknown> {
  const example = structuredClone(requestForm.example) as unknown as Record<string, unknown>;
  return {
    ...example,
    person: { ...requestForm.example.person, name: person.name, nationalId: person.nationalId },
    applicantRole: 'proxy',
    applicant: { name: applicant.name, nationalId: applicant.nationalId, relation: 'bror', phone: '41234567' },
    powerOfAttorney: { name: 'fullmakt.pdf', size: powerOfAttorney.length, type: 'application/pdf' },
    signature: { fullName: applicant.name, confirmed: true },
  };
}

const powerOfAttorney = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
let keys = 0;

export interface OpenedCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly instanceId: string;
}

/** The signature check's answer when the case worker has read a valid power of attorney. */
export const signatureCheckedByCaseWorker = { ...formsByKey['signed-request'].example, signedBy: 'power-of-attorney', powerOfAttorneyAttached: true, valid: true };

/** Opens a case through the request command (`person` represented by `applicant`); its process waits for the need assessment. */
export async function openCase(ctx: CaseCommandContext, parties: { person: Party; applicant: Party }): Promise<OpenedCase> {
  const validated = await validateRequest(proxyRequest(parties.person, parties.applicant), 'nb', { referenceDate });
  if (!validated.ok) throw new Error(`invalid test request: ${JSON.stringify(validated.errors)}`);
  const submitted = await requestSubmitter(ctx, {
    data: validated.value,
    attachment: { name: 'fullmakt.pdf', bytes: powerOfAttorney },
    idempotencyKey: `matrix-${process.pid}-${keys++}`,
    language: 'nb',
  });
  const doc = await ctx.models.Case.findById(submitted.caseId).lean();
  if (!doc?.processStartedAt) throw new Error('the process did not start');
  const opened = { id: submitted.caseId, caseNumber: submitted.caseNumber, instanceId: doc.instanceId };
  // The case worker has read the power of attorney in the signature check: the applicant represents the person.
  await completeOpenTask(ctx, opened, 'Task_ObtainSignedRequest', signatureCheckedByCaseWorker, { id: 'case-worker' });
  await signedClaimsVerifier(ctx, { caseId: submitted.caseId, signature: signatureCheckedByCaseWorker });
  return opened;
}

/** Completes the case's open task at `elementId` as `actor`, with the form answer `output`. */
export async function completeOpenTask(ctx: CaseCommandContext, opened: OpenedCase, elementId: string, output: Record<string, unknown>, actor: { id: string; name?: string }): Promise<void> {
  const { Task } = engineModels(ctx.models.Case.db);
  const task = await Task.findOne({ instanceId: opened.instanceId, elementId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  if (!task) throw new Error(`no open ${elementId}`);
  await ctx.engine.completeTask({ taskId: task._id, actor, output });
}

/** The need assessment granting a plan and a coordinator, and the appointment without a responsibility group. */
export const grantedAssessment = { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator' };
export const appointmentWithoutGroup = { ...formsByKey['coordinator-appointment'].example, establishResponsibilityGroup: false };

/**
 * Opens a case through the request command (`person` represented by `applicant`) and drives it to
 * the person's plan approval: need assessed, coordinator appointed, plan drafted. `staff` sets who
 * coordinates and who is in the responsibility group.
 */
export async function openCaseAwaitingApproval(
  ctx: CaseCommandContext,
  parties: { person: Party; applicant: Party },
  staff: { coordinatorId: string; groupMemberIds: string[] },
): Promise<OpenedCase> {
  const opened = await openCase(ctx, parties);
  const actor = { id: staff.coordinatorId, name: 'Koordinator' };
  await completeOpenTask(ctx, opened, 'Task_AssessNeed', grantedAssessment, actor);
  await completeOpenTask(ctx, opened, 'Task_AppointCoordinator', appointmentWithoutGroup, actor);
  await completeOpenTask(ctx, opened, 'Task_DraftPlan', { ...formsByKey.plan.example }, actor);
  // Who coordinates and who is in the group, whatever the process's own events set on the way.
  await ctx.models.Case.updateOne({ _id: opened.id }, { $set: staff });
  return opened;
}
