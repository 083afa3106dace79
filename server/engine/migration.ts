/**
 * Moves running instances from one version of their process to another.
 *
 * bpmn-engine recovers a saved state into whatever definition it is given, matching each saved
 * element, flow and child by id and skipping those the definition does not have. So a state can be
 * carried over exactly when every element the instance waits at exists in the target with the same
 * type: the instance then waits at the same elements, with the same execution ids, tasks and
 * timers, and its next command runs on the target's paths.
 *
 * Renamed elements are moved with a mapping (old id → new id) for waiting user tasks and timers:
 * the saved state refers to an element by its id only in the reference fields of its children,
 * flows and queued messages (`id`, `targetId`, `sourceId`, `attachedTo`, `discardSequence`);
 * execution ids (`<id>_<random>`) are opaque and stay as they are, as do variables. Those fields
 * are rewritten before the state is recovered into the target; the task and timer documents then
 * take the new element id. A rename written down before the instance is saved is finished by the
 * next migration (or at startup) if the process stops in between.
 *
 * Each instance is moved by recovering its state into the target and resuming it without any
 * command (nothing may happen: no task, timer or service may start or end); the result is saved
 * with the same revision guard as every command, so a command that saves first is never lost
 * (the migration reloads and checks again).
 */
import type { Connection } from 'mongoose';
import type { DefinitionRegistry } from '../definitions/types.js';
import type { Logger } from '../log.js';
import { EngineRunError } from './errors.js';
import { applyRename, finishRenames, renameInState, renameModel, type RenameDoc } from './migration-renames.js';
import { engineModels, type InstanceDoc } from './models/index.js';
import { savedState, stateForSave } from './saved-state.js';
import type { StepRunner } from './live-engines.js';
import { hasEffects, runStep, type Effects } from './step.js';
import { systemClock, type ActiveElement, type Actor, type Clock } from './types.js';

/** An element of the target version, as the check needs it. */
export interface TargetElement {
  readonly id: string;
  readonly type: string;
  readonly name?: string | null;
}

export type MigrationBlocker =
  | { readonly reason: 'element-missing'; readonly elementId: string }
  | { readonly reason: 'rename-unsupported'; readonly elementId: string }
  | { readonly reason: 'element-type-changed'; readonly elementId: string; readonly from: string; readonly to: string }
  | { readonly reason: 'service-step'; readonly elementId: string }
  | { readonly reason: 'not-resumable'; readonly message: string };

export interface MigrationCandidate {
  readonly instanceId: string;
  /** Where it waits now. */
  readonly elementIds: readonly string[];
  /** Empty when it can move. */
  readonly blockers: readonly MigrationBlocker[];
}

export interface MigrationOptions {
  readonly connection: Connection;
  readonly registry: DefinitionRegistry;
  readonly logger: Logger;
  /** The same bpmn-engine options every command uses (the allowlist expressions, no scripts). */
  readonly engineOptions: Readonly<Record<string, unknown>>;
  readonly clock?: Clock;
  /** Where the resume steps run: the runtime's engine threads (default: this thread). */
  readonly steps?: StepRunner;
}

export interface MigrationResult {
  readonly moved: readonly string[];
  readonly notMoved: readonly MigrationCandidate[];
}

const maxAttempts = 20;

const onThisThread: StepRunner = { run: (input, command) => runStep(input, command), close: async () => undefined };

/** Renamed elements: old id → new id. */
export type ElementMapping = Readonly<Record<string, string>>;

/** The kinds of waiting element a rename can carry over (their state and documents are rewritten). */
const renamable = new Set<ActiveElement['kind']>(['task', 'timer']);

/** Why an instance, as stored, cannot move to a version with these elements (empty: it can). */
export function migrationBlockers(doc: Pick<InstanceDoc, 'active' | 'failures'>, target: readonly TargetElement[], mapping: ElementMapping = {}): MigrationBlocker[] {
  const byId = new Map(target.map((element) => [element.id, element]));
  const blockers: MigrationBlocker[] = [];
  for (const element of doc.active ?? []) {
    const renamed = Object.hasOwn(mapping, element.elementId) ? mapping[element.elementId] : undefined;
    const there = byId.get(renamed ?? element.elementId);
    if (element.kind === 'service') blockers.push({ reason: 'service-step', elementId: element.elementId });
    else if (renamed !== undefined && !renamable.has(element.kind)) blockers.push({ reason: 'rename-unsupported', elementId: element.elementId });
    else if (!there) blockers.push({ reason: 'element-missing', elementId: element.elementId });
    else if (there.type !== element.elementType) blockers.push({ reason: 'element-type-changed', elementId: element.elementId, from: element.elementType, to: there.type });
  }
  for (const failure of doc.failures ?? []) {
    if (!blockers.some((blocker) => 'elementId' in blocker && blocker.elementId === failure.elementId)) {
      blockers.push({ reason: 'service-step', elementId: failure.elementId });
    }
  }
  return blockers;
}

function candidate(doc: InstanceDoc, blockers: MigrationBlocker[]): MigrationCandidate {
  return { instanceId: doc._id, elementIds: [...new Set((doc.active ?? []).map((element) => element.elementId))], blockers };
}

/** The running instances of `fromVersionId`, each with what keeps it from moving to a version with `target`'s elements. */
export async function previewMigration(connection: Connection, fromVersionId: string, target: readonly TargetElement[], mapping: ElementMapping = {}): Promise<MigrationCandidate[]> {
  const { Instance } = engineModels(connection);
  const docs = await Instance.find({ status: 'running', definitionId: fromVersionId }, { active: 1, failures: 1 }).sort({ _id: 1 }).lean<InstanceDoc[]>();
  return docs.map((doc) => candidate(doc, migrationBlockers(doc, target, mapping)));
}

/** Nothing but the re-creation of what already waits: tasks and timers with the ids the instance has. */
function onlyRestated(effects: Effects, doc: InstanceDoc): boolean {
  const taskIds = new Set((doc.active ?? []).flatMap((element) => (element.taskId ? [element.taskId] : [])));
  const timerIds = new Set((doc.active ?? []).flatMap((element) => (element.timerId ? [element.timerId] : [])));
  const { tasksCreated, timersScheduled, ...rest } = effects;
  return (
    tasksCreated.every((task) => taskIds.has(task.taskId)) &&
    timersScheduled.every((timer) => timerIds.has(timer.timerId)) &&
    !hasEffects({ ...rest, tasksCreated: [], timersScheduled: [] })
  );
}

function sameWaits(before: InstanceDoc, after: { active: readonly { executionId: string }[] }): boolean {
  const a = new Set((before.active ?? []).map((element) => element.executionId));
  const b = new Set(after.active.map((element) => element.executionId));
  return a.size === b.size && [...a].every((id) => b.has(id));
}

/**
 * Moves each running instance of `fromVersionId` that can move to `toVersionId`, one by one.
 * Instances that cannot (or that changed meanwhile so that they no longer can) are left as they
 * are and returned with the reason.
 */
export async function migrateInstances(
  options: MigrationOptions,
  input: {
    fromVersionId: string;
    toVersionId: string;
    target: readonly TargetElement[];
    /** Renamed waiting elements: old id → new id (user tasks and timers). */
    mapping?: ElementMapping;
    actor: Actor;
    onMoved?: (doc: InstanceDoc) => Promise<void>;
  },
): Promise<MigrationResult> {
  const { Instance } = engineModels(options.connection);
  const mapping = input.mapping ?? {};
  await finishRenames(options.connection);
  const clock = options.clock ?? systemClock;
  const to = await options.registry.byId(input.toVersionId);
  const ids = (await Instance.find({ status: 'running', definitionId: input.fromVersionId }, { _id: 1 }).sort({ _id: 1 }).lean()).map((doc) => doc._id);
  const moved: string[] = [];
  const notMoved: MigrationCandidate[] = [];

  for (const instanceId of ids) {
    let done = false;
    for (let attempt = 1; attempt <= maxAttempts && !done; attempt++) {
      const doc = await Instance.findById(instanceId).lean<InstanceDoc>();
      // Ended or moved by someone else meanwhile: nothing to do for it.
      if (!doc || doc.status !== 'running' || doc.definitionId !== input.fromVersionId) {
        done = true;
        break;
      }
      const blockers = migrationBlockers(doc, input.target, mapping);
      if (blockers.length > 0) {
        notMoved.push(candidate(doc, blockers));
        done = true;
        break;
      }
      // Another command saved and is still writing its tasks and timers: let it finish first.
      if (doc.pending) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
        continue;
      }
      const renamed = (doc.active ?? []).filter((element) => Object.hasOwn(mapping, element.elementId));
      let output;
      try {
        output = await (options.steps ?? onThisThread).run(
          {
            instanceId: doc._id,
            caseId: doc.caseId,
            processKey: doc.processKey,
            instanceStartedAt: doc.startedAt,
            sourceContext: to.sourceContext,
            state: renamed.length > 0 ? renameInState(savedState(doc.state), mapping) : savedState(doc.state),
            active: doc.active ?? [],
            failures: doc.failures ?? [],
            variables: doc.variables ?? {},
            handlers: new Map(),
            engineOptions: options.engineOptions,
            clock,
            logger: options.logger,
            serviceRetry: { maxAttempts: 1, backoffMs: 0, timeoutMs: 0 },
          },
          { kind: 'resume', actor: input.actor },
          input.toVersionId,
        );
      } catch (error) {
        const message = error instanceof EngineRunError ? error.message : (error as Error).message;
        notMoved.push(candidate(doc, [{ reason: 'not-resumable', message }]));
        done = true;
        break;
      }
      if (output.status !== 'running' || !sameWaits(doc, output) || !onlyRestated(output.effects, doc) || output.history.length > 0) {
        notMoved.push(candidate(doc, [{ reason: 'not-resumable', message: 'the instance would not wait at the same elements on the target version' }]));
        done = true;
        break;
      }
      const now = clock.now();
      // Renamed elements take the new id (and the target's name) in the instance's list of waits and
      // in their task and timer documents; the engine keeps the execution ids.
      const targetNames = new Map(input.target.map((element) => [element.id, element.name]));
      const rename = (element: ActiveElement): ActiveElement => {
        const elementId = Object.hasOwn(mapping, element.elementId) ? mapping[element.elementId] : undefined;
        if (elementId === undefined) return element;
        const name = targetNames.get(elementId);
        return { ...element, elementId, ...(name ? { name } : {}) };
      };
      const active = output.active.map(rename);
      const renameDoc: RenameDoc = { _id: doc._id, toVersionId: input.toVersionId, tasks: [], timers: [], at: now };
      for (const element of renamed.map(rename)) {
        const item = { elementId: element.elementId, ...(element.name ? { name: element.name } : {}) };
        if (element.taskId) renameDoc.tasks.push({ id: element.taskId, ...item });
        if (element.timerId) renameDoc.timers.push({ id: element.timerId, ...item });
      }
      const renames = renameModel(options.connection);
      if (renamed.length > 0) await renames.replaceOne({ _id: doc._id }, renameDoc, { upsert: true });
      const saved = await Instance.updateOne(
        { _id: doc._id, rev: doc.rev, definitionId: input.fromVersionId, status: 'running' },
        { $set: { definitionId: input.toVersionId, state: stateForSave(output.state), active, updatedAt: now }, $inc: { rev: 1 } },
      );
      if (saved.matchedCount !== 1) {
        if (renamed.length > 0) await renames.deleteOne({ _id: doc._id });
        continue; // a command saved first: reload and check again
      }
      if (renamed.length > 0) await applyRename(options.connection, renameDoc);
      options.logger.info({ instanceId, from: input.fromVersionId, to: input.toVersionId }, 'instance moved to another version');
      moved.push(instanceId);
      await input.onMoved?.(doc);
      done = true;
    }
    if (!done) {
      const doc = await Instance.findById(instanceId).lean<InstanceDoc>();
      if (doc) notMoved.push(candidate(doc, [{ reason: 'not-resumable', message: 'the instance kept changing; try again' }]));
    }
  }
  return { moved, notMoved };
}
