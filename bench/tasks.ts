// The work queue on the embedded defaults (the embedded MongoDB-compatible server with a data
// folder): one page of GET /api/tasks's query (page, total and the count of every view) among
// 10 000 open tasks of one unit, and claims by 50 case workers at once. Each figure is printed
// beside the same operation sent straight through the driver, as a ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { caseModels } from '../server/cases/models.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';
import { engineModels, ensureEngineIndexes, type TaskDoc } from '../server/engine/index.js';
import { TaskCommands } from '../server/engine/tasks.js';
import { systemClock } from '../server/engine/types.js';
import { caseTaskLabels } from '../server/tasks/labels.js';
import { listTasks } from '../server/tasks/list.js';
import { parseTaskListQuery } from '../server/tasks/query.js';

const TASKS = 10_000;
const STAFF = 50;
const LIST_RUNS = 100;
const CLAIM_ROUNDS = 10;
const unitId = 'ke-bench';
const names = ['Ørjan Åsheim', 'Åse Vik', 'Kari Nordmann', 'Amina Yusuf', 'Leif Olsen', 'Ingrid Ødegård', 'Zara Zahl', 'Æsa Brekke'];

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function timed(samples: number[], run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  samples.push(performance.now() - started);
}

function line(label: string, ours: number[], raw: number[]): string {
  const p50 = percentile(ours, 50);
  const p99 = percentile(ours, 99);
  const raw50 = percentile(raw, 50);
  const raw99 = percentile(raw, 99);
  return `  ${label}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (driver alone: p50 ${raw50.toFixed(1)} ms, p99 ${raw99.toFixed(1)} ms; ratio p50 ${(p50 / Math.max(raw50, 0.001)).toFixed(1)}x, p99 ${(p99 / Math.max(raw99, 0.001)).toFixed(1)}x)`;
}

function seed(now: number): TaskDoc[] {
  return Array.from({ length: TASKS }, (_, i) => {
    const id = `bench-${i}`;
    return {
      _id: id,
      executionId: id,
      engineExecutionId: `e-${i}`,
      instanceId: `bench-instance-${i}`,
      caseId: (0xb0000000 + i).toString(16).padStart(24, '0'),
      processKey: 'individual-plan',
      elementId: 'Task_AssessNeed',
      formKey: i % 3 === 0 ? 'need-assessment' : 'coordinator-appointment',
      candidateGroups: ['ke-caseworker'],
      candidateUsers: [],
      ...(i % 9 === 0 ? { assignee: `staff-${i % STAFF}` } : {}),
      status: i % 9 === 0 ? 'claimed' : 'open',
      dueDate: new Date(now + (((i * 37) % 1200) - 300) * 3_600_000),
      createdAt: new Date(now - i * 60_000),
      completion: null,
      labels: caseTaskLabels({ unitId, caseNumber: `IP-2026-${String(i + 1).padStart(6, '0')}`, person: { name: names[i % names.length]! } }),
    } as TaskDoc;
  });
}

export async function benchTasks(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tasks-'));
  const server = await startEmbeddedMongo({ dataDir: join(dir, 'mongo') });
  const db = await mongoose.createConnection(server.uri('bench-tasks'), { maxPoolSize: STAFF + 10 }).asPromise();
  try {
    const models = engineModels(db);
    await ensureEngineIndexes(models);
    const now = Date.now();
    const tasks = seed(now);
    for (let i = 0; i < tasks.length; i += 2000) await models.Task.collection.insertMany(tasks.slice(i, i + 2000) as never[]);
    const raw = models.Task.collection;
    const ctx = { models: caseModels(db), Task: models.Task };
    const caseworker = { id: 'staff-0', name: 'Saksbehandler', role: 'ke-caseworker' as const, unitId };

    // The list: the unit's view, sorted by due date, first page of 25, with every view counted.
    const parsed = parseTaskListQuery({ view: 'unit' });
    if (!parsed.ok) throw new Error('bench query refused');
    // The driver alone: the same page and the same five counts, without our mapping, names and checks.
    const rawFilter = { 'labels.unitId': unitId, status: { $in: ['open', 'claimed'] } };
    const soon = (at: number) => new Date(at + 7 * 86_400_000);
    const rawList = () => {
      const at = Date.now();
      return Promise.all([
        raw.find(rawFilter).sort({ dueDate: 1, _id: 1 }).limit(25).toArray(),
        raw.countDocuments({ ...rawFilter, assignee: caseworker.id }),
        raw.countDocuments({ ...rawFilter, candidateGroups: 'ke-caseworker', $and: [{ status: 'open' }] }),
        raw.countDocuments(rawFilter),
        raw.countDocuments({ ...rawFilter, dueDate: { $lt: new Date(at) } }),
        raw.countDocuments({ ...rawFilter, dueDate: { $gte: new Date(at), $lt: soon(at) } }),
      ]);
    };
    const ours: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < 5; i++) await listTasks(ctx, caseworker, parsed.value);
    for (let i = 0; i < LIST_RUNS; i++) {
      await timed(ours, () => listTasks(ctx, caseworker, parsed.value));
      await timed(direct, rawList);
    }

    // Claims: in each round, 50 case workers claim 50 open tasks at once (each their own).
    const commands = new TaskCommands(models, systemClock);
    const open = tasks.filter((task) => task.status === 'open').map((task) => task._id);
    const claims: number[] = [];
    const rawClaims: number[] = [];
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const batch = open.slice(round * STAFF * 2, round * STAFF * 2 + STAFF * 2);
      await Promise.all(batch.slice(0, STAFF).map((taskId, i) => timed(claims, () => commands.claim({ taskId, actor: { id: `staff-${i}` } }))));
      await Promise.all(
        batch.slice(STAFF).map((taskId, i) =>
          timed(rawClaims, () =>
            raw.findOneAndUpdate(
              { _id: taskId as never, completion: null, $or: [{ status: 'open' }, { status: 'claimed', assignee: `staff-${i}` }] },
              { $set: { status: 'claimed', assignee: `staff-${i}`, claimedAt: new Date() } },
              { returnDocument: 'after' },
            ),
          ),
        ),
      );
    }

    console.log(`${TASKS.toLocaleString('en-US')} open tasks in one unit, data folder (fdatasync per acknowledged write):`);
    console.log(line(`task list (unit view, page of 25, total and 5 view counts; ${LIST_RUNS} runs)`, ours, direct));
    console.log(line(`claim (${STAFF} case workers at once, ${CLAIM_ROUNDS} rounds)`, claims, rawClaims));
    console.log('  goal: p99 ≤ 50 ms');
  } finally {
    await db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
