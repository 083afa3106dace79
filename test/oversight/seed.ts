// Seeds cases straight into the collections the overview reads (cases, instances, tasks, timers),
// each with a known story and known dates, so that every figure has a known answer.
import { Types, type Connection } from 'mongoose';
import { makeNationalId } from '../../forms/national-id.js';
import { caseModels } from '../../server/cases/models.js';
import { engineModels } from '../../server/engine/models/index.js';

const dayMs = 86_400_000;
let serial = 0;

export interface SeededTask {
  readonly formKey: 'need-assessment' | 'coordinator-appointment' | 'plan-approval' | 'review';
  readonly status: 'open' | 'claimed' | 'completed';
  readonly closedAt?: Date;
  readonly dueDate?: Date;
  readonly output?: Record<string, unknown>;
  readonly completedBy?: string;
  readonly assignee?: string;
}

export interface SeedCase {
  readonly name: string;
  readonly unitId: string;
  readonly createdAt: Date;
  /** Where the running process waits (element ids), or `closed` for an ended process. */
  readonly waitsAt: readonly string[] | 'closed';
  readonly closedAt?: Date;
  readonly coordinatorId?: string;
  readonly tasks?: readonly SeededTask[];
  readonly timers?: readonly { readonly elementId: 'Event_ReviewDue' | 'BoundaryEvent_InterimReplyDue'; readonly dueAt: Date }[];
  /** The same person as an earlier seeded case. */
  readonly nationalId?: string;
}

const elementFor: Record<SeededTask['formKey'], string> = {
  'need-assessment': 'Task_AssessNeed',
  'coordinator-appointment': 'Task_AppointCoordinator',
  'plan-approval': 'Task_ApprovePlan',
  review: 'Task_ReviewPlan',
};

export interface SeededCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly nationalId: string;
  readonly instanceId: string;
}

/** Writes the case, its process instance, its tasks and timers. */
export async function seedCase(db: Connection, seed: SeedCase): Promise<SeededCase> {
  const n = ++serial;
  const { Case } = caseModels(db);
  const { Instance, Task, Timer } = engineModels(db);
  const id = new Types.ObjectId();
  const caseId = id.toHexString();
  const instanceId = `case-${caseId}`;
  const nationalId = seed.nationalId ?? makeNationalId(`19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`, { synthetic: true });
  const caseNumber = `IP-2026-9${String(n).padStart(5, '0')}`;
  const closed = seed.waitsAt === 'closed';
  await Case.create({
    _id: id,
    caseNumber,
    unitId: seed.unitId,
    channel: 'citizen-request',
    askFor: 'plan-and-coordinator',
    person: { name: seed.name, nationalId, birthDate: '1970-01-01' },
    representativeNationalIds: [],
    requestId: new Types.ObjectId(),
    instanceId,
    processStartedAt: seed.createdAt,
    coordinatorId: seed.coordinatorId ?? null,
    groupMemberIds: [],
    consent: { active: true, givenAt: seed.createdAt, sharing: [], validUntil: null, withdrawnAt: null },
    createdAt: seed.createdAt,
    closedAt: seed.closedAt ?? null,
  });
  // The process version the product deployed, when it did, so the case page can draw its diagram.
  const deployed = await db.collection<{ _id: string }>('definitions').findOne({ processKey: 'individual-plan' }, { sort: { activatedAt: -1 }, projection: { _id: 1 } });
  await Instance.create({
    _id: instanceId,
    processKey: 'individual-plan',
    definitionId: deployed?._id ?? 'seeded',
    caseId,
    rev: 1,
    status: closed ? 'completed' : 'running',
    state: '{}',
    variables: {},
    active: closed
      ? []
      : seed.waitsAt.map((elementId, i) => ({
          kind: elementId.startsWith('Task_') ? 'task' : 'timer',
          elementId,
          elementType: elementId.startsWith('Task_') ? 'bpmn:UserTask' : 'bpmn:IntermediateCatchEvent',
          executionId: `${instanceId}-${i}`,
          startedAt: seed.createdAt,
        })),
    failures: [],
    history: (seed.tasks ?? [])
      .filter((t) => t.status === 'completed')
      .map((t, i) => ({
        elementId: elementFor[t.formKey],
        elementType: 'bpmn:UserTask',
        executionId: `${instanceId}-done-${i}`,
        startedAt: seed.createdAt,
        endedAt: t.closedAt!,
        outcome: 'completed',
        ...(t.completedBy ? { by: t.completedBy } : {}),
      })),
    pending: null,
    startedAt: seed.createdAt,
    startedBy: 'seed',
    updatedAt: seed.closedAt ?? seed.createdAt,
    ...(closed ? { endedAt: seed.closedAt ?? seed.createdAt } : {}),
    labels: { unitId: seed.unitId, caseNumber },
  });
  let t = 0;
  for (const task of seed.tasks ?? []) {
    const taskId = `${instanceId}-task-${t++}`;
    await Task.create({
      _id: taskId,
      executionId: taskId,
      engineExecutionId: taskId,
      instanceId,
      caseId,
      processKey: 'individual-plan',
      elementId: elementFor[task.formKey],
      formKey: task.formKey,
      candidateGroups: task.formKey === 'review' ? ['coordinator'] : task.formKey === 'plan-approval' ? ['citizen'] : ['ke-caseworker'],
      candidateUsers: [],
      status: task.status,
      createdAt: seed.createdAt,
      ...(task.assignee ? { assignee: task.assignee } : {}),
      ...(task.dueDate ? { dueDate: task.dueDate } : {}),
      ...(task.closedAt ? { closedAt: task.closedAt } : {}),
      ...(task.output ? { output: task.output } : {}),
      ...(task.completedBy ? { completedBy: task.completedBy } : {}),
      labels: { unitId: seed.unitId, caseNumber, personName: seed.name },
    });
  }
  let k = 0;
  for (const timer of seed.timers ?? []) {
    const timerId = `${instanceId}-timer-${k++}`;
    await Timer.create({
      _id: timerId,
      instanceId,
      caseId,
      processKey: 'individual-plan',
      elementId: timer.elementId,
      executionId: timerId,
      activityExecutionId: timerId,
      dueAt: timer.dueAt,
      status: 'scheduled',
      createdAt: seed.createdAt,
    });
  }
  return { id: caseId, caseNumber, nationalId, instanceId };
}

/** `days` days before `now` (negative: after). */
export const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * dayMs);
