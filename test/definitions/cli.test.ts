import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { realSource, variant } from './fixtures.js';

function runCli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/definitions/check-cli.ts', ...args], { cwd: process.cwd() }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'processes-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('processes:check', () => {
  it('exits 0 for the files in processes/', async () => {
    const { code, stdout } = await runCli([]);
    expect(stdout).toContain('checked: ok');
    expect(code).toBe(0);
  });

  it('prints file: element: rule: message and exits non-zero for a broken file', async () => {
    const file = path.join(dir, 'broken.bpmn');
    await writeFile(file, variant('camunda:candidateGroups="citizen"', 'camunda:candidateGroups="patient"'));
    const { code, stdout } = await runCli([file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${file}: Task_ApprovePlan: individual-plan/candidate-groups: Candidate group "patient" is not a known role`);
  });

  it('refuses a file without an element the code relies on, naming it', async () => {
    const file = path.join(dir, 'no-approval.bpmn');
    await writeFile(file, realSource.replaceAll('"Task_ApprovePlan"', '"Task_ApprovePlanLater"'));
    const { code, stdout } = await runCli([file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${file}: Task_ApprovePlan: individual-plan/process-contract: The process has no bpmn:UserTask with id "Task_ApprovePlan"; the product relies on it`);
  });

  it('fails for a missing file', async () => {
    const { code, stdout } = await runCli([path.join(dir, 'missing.bpmn')]);
    expect(code).toBe(1);
    expect(stdout).toContain(': (document): file: ');
  });
});
