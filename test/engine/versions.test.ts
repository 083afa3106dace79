// A process owner edits the BPMN file while the product runs: the change deploys at once, new
// instances take the new step, running instances finish on the version they started on, and a
// broken file is refused while the last good version keeps serving.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { watchProcesses, type FileDeployResult } from '../../server/definitions/deploy.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { contentHash, DefinitionStore } from '../../server/definitions/store.js';
import type { EngineRuntime, TaskView } from '../../server/engine/types.js';
import { formsByKey } from '../../forms/index.js';
import { processesDir, realFile, variant, withScriptTask } from '../definitions/fixtures.js';
import { withWelcomeCall } from '../definitions/owner-fixtures.js';
import { createTestEngine, type TestEngine } from '../support/engine.js';

const actor = { id: 'process-owner-test' };
const startVariables = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };

const brokenFiles: Array<[string, string, { elementId: string; rule: string }]> = [
  ['bad XML', '<bpmn:definitions', { elementId: '(document)', rule: 'xml' }],
  ['a script task', withScriptTask('Task_SendDecisionLetter'), { elementId: 'Task_SendDecisionLetter', rule: 'individual-plan/no-scripts' }],
  ['an unknown formKey', variant('camunda:formKey="review"', 'camunda:formKey="no-such-form"'), { elementId: 'Task_ReviewPlan', rule: 'individual-plan/user-task-form' }],
  [
    'an expression that reaches the Function constructor',
    variant("${environment.variables.intake.channel == 'health-notification'}", "${environment.variables.constructor.constructor('return process')()}"),
    { elementId: 'Flow_ChannelNotification', rule: 'individual-plan/allowed-expressions' },
  ],
  ['an invalid duration', variant('>P6M<', '>six months<'), { elementId: 'Event_ReviewDue', rule: 'individual-plan/timer-values' }],
];

let engine: TestEngine;
let runtime: EngineRuntime;
let store: DefinitionStore;
let dir: string;
let arrived: ((result: FileDeployResult) => void) | undefined;

/** Writes the file as an editor would and waits until the watcher has dealt with it. */
async function save(source: string): Promise<FileDeployResult> {
  // An editor's write can reach the watcher as several events, some read before the write is
  // whole and some late: the result that counts is the one for exactly this content.
  const hash = contentHash(source);
  const dealtWith = new Promise<FileDeployResult>((resolve) => (arrived = (result) => result.contentHash === hash && resolve(result)));
  await writeFile(path.join(dir, realFile), source);
  return dealtWith;
}

async function completeWithExample(task: TaskView) {
  const form = formsByKey[task.formKey as keyof typeof formsByKey];
  return runtime.completeTask({ taskId: task.id, actor, output: { ...(form.example as Record<string, unknown>) } });
}

beforeAll(async () => {
  engine = await createTestEngine({ name: 'versions' });
  store = new DefinitionStore(engine.connection);
  await store.init();
  runtime = await engine.createRuntime({ registry: store, taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) });
  dir = await mkdtemp(path.join(tmpdir(), 'processes-edit-'));
  await copyFile(path.join(processesDir, realFile), path.join(dir, realFile));
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('editing the BPMN file while the product runs', () => {
  it('deploys the change for new instances; running ones finish on their own version; broken files are refused', async () => {
    const watcher = watchProcesses({
      dir,
      store,
      logger: engine.logger,
      debounceMs: 50,
      onResult: (result) => {
        arrived?.(result);
      },
    });
    try {
      // Version 1 from the file as it is.
      const first = await save(variant('>P6M<', '>P6M<'));
      expect(first.result.status).toBe('deployed');
      const running = await runtime.startInstance({ processKey: 'individual-plan', caseId: 'case-running', variables: startVariables, actor });
      expect(running.openTasks.map((task) => task.elementId)).toEqual(['Task_AssessNeed']);

      // The process owner adds a step: version 2.
      const second = await save(withWelcomeCall);
      expect(second.result.status === 'deployed' && second.result.version.number).toBe(2);
      const fresh = await runtime.startInstance({ processKey: 'individual-plan', caseId: 'case-fresh', variables: startVariables, actor });
      expect(fresh.instance.definitionId).not.toBe(running.instance.definitionId);

      const runningNext = await completeWithExample(running.openTasks[0]!);
      const freshNext = await completeWithExample(fresh.openTasks[0]!);
      expect(runningNext.openTasks.map((task) => task.elementId)).toEqual(['Task_AppointCoordinator']);
      expect(freshNext.openTasks.map((task) => task.elementId)).toEqual(['Task_WelcomeCall']);
      const afterWelcome = await completeWithExample(freshNext.openTasks[0]!);
      expect(afterWelcome.openTasks.map((task) => task.elementId)).toEqual(['Task_AppointCoordinator']);

      // Broken files: refused, naming file, element and rule; version 2 keeps serving.
      for (const [what, source, expected] of brokenFiles) {
        const refused = await save(source);
        expect([what, refused.result.status]).toEqual([what, 'refused']);
        const problems = refused.result.status === 'refused' ? refused.result.refusal.problems : [];
        expect([what, problems]).toEqual([what, expect.arrayContaining([expect.objectContaining({ file: realFile, ...expected })])]);
        expect((await store.latest('individual-plan')).number).toBe(2);
      }
      const afterRefusals = await runtime.startInstance({ processKey: 'individual-plan', caseId: 'case-after', variables: startVariables, actor });
      expect(afterRefusals.instance.definitionId).toBe(fresh.instance.definitionId);
    } finally {
      watcher.close();
    }
  });
});
