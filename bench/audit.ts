// The audit search on the embedded defaults (the embedded MongoDB-compatible server in this process,
// with a data folder): 50 000 entries, 45 000 of them the lead's unit, searched as GET /api/audit
// searches them (AuditLog.search and count, through mongoose and the driver), 50 to a page, newest
// first. Figures: the first page with the total; one page deep in the log by cursor (`after`) and by
// page number; every page by cursor, for the lead's unit and for an admin's whole log; and a page deep
// in the log for each filter of the page (action, a resource's actions, case, user, period). Each
// beside the same search on a copy of the entries in a database without the audit indexes (only _id:
// the embedded server's unindexed path), as a ratio; the walks also beside the same entries sorted
// once in memory and cut into pages, with no database at all. Every figure is taken warm, after a
// first walk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { AuditLog, type AuditCursor, type AuditFilter } from '../server/audit/audit.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';

const ENTRIES = 50_000;
const PAGE = 50;
const unitId = 'ke-bench';
/** The actions of the log, most common first: reads and list views of cases, now and then a change. */
const actions = ['case.read', 'case.list', 'case.read', 'case.read-as-staff', 'case.list', 'plan.read', 'case.read', 'task.read', 'case.update', 'plan.update', 'task.claim', 'task.complete', 'audit.search'];

function ms(started: number): number {
  return performance.now() - started;
}

const f1 = (n: number) => n.toFixed(1);
const ratio = (slow: number, fast: number) => `${(slow / Math.max(fast, 0.001)).toFixed(0)}x`;

/** One page as the route asks for it: one entry more than the page, to know whether another follows. */
async function page(log: AuditLog, filter: AuditFilter, after?: AuditCursor, size = PAGE) {
  const found = await log.search({ ...filter, limit: size + 1, ...(after ? { olderThan: after } : {}) });
  const shown = found.slice(0, size);
  const last = shown.at(-1);
  return { shown, next: found.length > size && last ? { time: new Date(last.time), id: last.id } : undefined };
}

/**
 * Every page by cursor from the newest; answers the time taken, the CPU time this process spent
 * (the server's and the client's work, whatever else the machine runs) and the entries seen, each once.
 */
async function walk(log: AuditLog, filter: AuditFilter, pages = Infinity, size = PAGE): Promise<{ ms: number; cpuMs: number; seen: number; cursors: AuditCursor[] }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const cursors: AuditCursor[] = [];
  const found: Awaited<ReturnType<typeof page>>['shown'][] = [];
  let after: AuditCursor | undefined;
  for (let n = 0; n < pages; n++) {
    const answer = await page(log, filter, after, size);
    found.push(answer.shown);
    if (!answer.next) break;
    cursors.push(answer.next);
    after = answer.next;
  }
  const took = ms(started);
  const used = process.cpuUsage(cpu);
  const ids = found.flat().map((entry) => entry.id);
  if (new Set(ids).size !== ids.length) throw new Error(`an entry came twice in ${ids.length}`);
  return { ms: took, cpuMs: (used.user + used.system) / 1000, seen: ids.length, cursors };
}

/** The best of three runs of `run`, in milliseconds. */
async function best(run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, ms(started));
  }
  return fastest;
}

export async function benchAudit(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const server = await startEmbeddedMongo({ dataDir: join(dir, 'mongo') });
  const db = await mongoose.createConnection(server.uri('bench-audit')).asPromise();
  // The same entries in a database of their own without the audit indexes: the unindexed path.
  const bare = await mongoose.createConnection(server.uri('bench-audit-unindexed')).asPromise();
  try {
    const log = new AuditLog(db);
    await log.ensureIndexes();
    const unindexed = new AuditLog(bare);
    const base = Date.UTC(2026, 0, 1);
    const docs = Array.from({ length: ENTRIES }, (_, i) => ({
      _id: (0xa0000000 + i).toString(16).padStart(24, '0'),
      // A few entries share their millisecond with the one before (two reads in one request).
      time: new Date(base + (i - (i % 97 === 1 ? 1 : 0)) * 60_000),
      actorId: `staff-${i % 40}`,
      actorName: `Ansatt ${i % 40}`,
      actorRole: 'ke-caseworker',
      action: actions[i % actions.length]!,
      outcome: 'allowed',
      caseId: (0xc0000000 + (i % 5000)).toString(16).padStart(24, '0'),
      // Nine in ten are the lead's unit; the rest another unit's.
      unitId: i % 10 === 0 ? 'ke-annen' : unitId,
      route: 'GET /api/staff/cases/:id',
    }));
    for (let i = 0; i < docs.length; i += 5000) {
      await log.model.collection.insertMany(docs.slice(i, i + 5000) as never[]);
      await unindexed.model.collection.insertMany(docs.slice(i, i + 5000) as never[]);
    }
    const lead = { unitId };
    const total = await log.count(lead);
    const pages = Math.ceil(total / PAGE);
    const deep = Math.floor(pages * 0.9);
    // Warm both paths first (the first walk also pays for compiling the code it runs).
    await walk(log, lead);
    await walk(log, {}, Infinity, 1000);
    await walk(unindexed, lead, 1);
    console.log(`  ${ENTRIES} entries, ${total} of the lead's unit: ${pages} pages of ${PAGE}, newest first (times per search through mongoose and the driver, the embedded server in this process with a data folder)`);

    const firstPage = await best(() => Promise.all([page(log, lead), log.count(lead)]));
    const firstBare = await best(() => Promise.all([page(unindexed, lead), unindexed.count(lead)]));
    console.log(`  first page with the total: ${f1(firstPage)} ms (without the indexes: ${f1(firstBare)} ms; ${ratio(firstBare, firstPage)} faster)`);

    const { cursors, ms: walkMs, cpuMs: walkCpu, seen } = await walk(log, lead);
    if (seen !== total) throw new Error(`walked ${seen} of ${total}`);
    const cursor = cursors[deep - 2]!;
    const deepMs = await best(() => page(log, lead, cursor));
    const deepBare = await best(() => page(unindexed, lead, cursor));
    console.log(`  page ${deep} by cursor (after=, entries ${(deep - 1) * PAGE + 1}–${deep * PAGE}): ${f1(deepMs)} ms (without the indexes: ${f1(deepBare)} ms; ${ratio(deepBare, deepMs)} faster)`);
    const byNumber = await best(() => Promise.all([log.search({ ...lead, limit: PAGE + 1, skip: (deep - 1) * PAGE }), log.count(lead)]));
    console.log(`  page ${deep} by page number (skip ${(deep - 1) * PAGE}, with the total): ${f1(byNumber)} ms (by cursor: ${ratio(byNumber, deepMs)} faster)`);

    // The unindexed path sorts every match for every page: every 30th page is measured and multiplied.
    const sample = cursors.filter((_, i) => i % 30 === 0);
    const sampleStarted = performance.now();
    for (const c of sample) await page(unindexed, lead, c);
    const bareWalk = (ms(sampleStarted) / sample.length) * pages;
    const memoryStarted = performance.now();
    const sorted = docs.filter((d) => d.unitId === unitId).sort((a, b) => b.time.getTime() - a.time.getTime() || (a._id < b._id ? 1 : -1));
    let cut = 0;
    for (let i = 0; i < sorted.length; i += PAGE) cut += sorted.slice(i, i + PAGE).length;
    const memoryMs = ms(memoryStarted);
    if (cut !== total) throw new Error('in-memory walk');
    console.log(
      `  every page, 1 to ${pages}, by cursor (all ${total} entries of the unit): ${f1(walkMs)} ms, ${(walkMs / pages).toFixed(2)} ms a page, ${f1(walkCpu)} ms of CPU (without the indexes, from every 30th page: ${(bareWalk / 1000).toFixed(1)} s, ${ratio(bareWalk, walkMs)} slower; no database, sorted once in memory and cut into pages: ${f1(memoryMs)} ms)`,
    );

    const admin = await walk(log, {});
    if (admin.seen !== ENTRIES) throw new Error(`walked ${admin.seen} of ${ENTRIES}`);
    console.log(`  an admin's whole log, every page by cursor (all ${ENTRIES} entries, ${admin.cursors.length + 1} pages): ${f1(admin.ms)} ms, ${(admin.ms / (admin.cursors.length + 1)).toFixed(2)} ms a page, ${f1(admin.cpuMs)} ms of CPU`);
    // The API's largest page (pageSize=1000), as a program reading the whole log would ask.
    const bulk = await walk(log, {}, Infinity, 1000);
    if (bulk.seen !== ENTRIES) throw new Error(`walked ${bulk.seen} of ${ENTRIES}`);
    console.log(`  the same by cursor in pages of 1000 (the API's largest): ${f1(bulk.ms)} ms, ${f1(bulk.cpuMs)} ms of CPU`);

    // The page's filters, each with a page in the middle of what it finds.
    const from = new Date(base + 10_000 * 60_000);
    const to = new Date(base + 30_000 * 60_000);
    const filters: Array<[string, AuditFilter]> = [
      ['action case.read', { ...lead, action: 'case.read' }],
      ['every action on cases (case.)', { ...lead, action: 'case.' }],
      ['every action on tasks (task.)', { ...lead, action: 'task.' }],
      ['one user', { ...lead, actorId: 'staff-7' }],
      ['one user, one action', { ...lead, actorId: 'staff-7', action: 'case.read' }],
      ['a period of 20 000 minutes', { ...lead, from, to }],
      ['one case', { ...lead, caseId: (0xc0000000 + 1234).toString(16).padStart(24, '0') }],
    ];
    for (const [label, filter] of filters) {
      const all = await walk(log, filter);
      const n = await log.count(filter);
      if (all.seen !== n) throw new Error(`${label}: walked ${all.seen} of ${n}`);
      const middle = all.cursors[Math.floor(all.cursors.length / 2)];
      const one = await best(() => page(log, filter, middle));
      const oneBare = await best(() => page(unindexed, filter, middle));
      console.log(
        `  ${label}: ${n} entries, every page by cursor ${f1(all.ms)} ms (${all.cursors.length + 1} pages); a page in the middle ${f1(one)} ms (without the indexes: ${f1(oneBare)} ms; ${ratio(oneBare, one)} faster)`,
      );
    }
  } finally {
    await db.close();
    await bare.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
