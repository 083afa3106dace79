// The audit search on the embedded defaults (the embedded MongoDB-compatible server with a data
// folder): a KE lead paging through 50 000 entries of their unit, 50 to a page, newest first, with
// the total, as GET /api/audit asks (AuditLog.search and count); the first page, a page deep in
// the log, every 30th page by page number, and every page by cursor (`after`). Each figure is printed beside the same
// queries sent straight through the driver, as a ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { AuditLog } from '../server/audit/audit.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';

const ENTRIES = 50_000;
const PAGE = 50;
const unitId = 'ke-bench';

function ms(started: number): number {
  return performance.now() - started;
}

export async function benchAudit(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const server = await startEmbeddedMongo({ dataDir: join(dir, 'mongo') });
  const db = await mongoose.createConnection(server.uri('bench-audit')).asPromise();
  try {
    const log = new AuditLog(db);
    await log.ensureIndexes();
    const base = Date.UTC(2026, 0, 1);
    const docs = Array.from({ length: ENTRIES }, (_, i) => ({
      _id: (0xa0000000 + i).toString(16).padStart(24, '0'),
      time: new Date(base + i * 60_000),
      actorId: `staff-${i % 40}`,
      actorName: `Ansatt ${i % 40}`,
      actorRole: 'ke-caseworker',
      action: i % 3 === 0 ? 'case.read' : 'case.list',
      outcome: 'allowed',
      caseId: (0xc0000000 + (i % 5000)).toString(16).padStart(24, '0'),
      // Nine in ten are the lead's unit; the rest another unit's.
      unitId: i % 10 === 0 ? 'ke-annen' : unitId,
      route: 'GET /api/staff/cases/:id',
    }));
    for (let i = 0; i < docs.length; i += 5000) await log.model.collection.insertMany(docs.slice(i, i + 5000) as never[]);
    const filter = { unitId };
    const total = await log.count(filter);
    const pages = Math.ceil(total / PAGE);
    const raw = db.collection('auditlog');
    const ours = async (page: number) => Promise.all([log.search({ ...filter, limit: PAGE, skip: (page - 1) * PAGE }), log.count(filter)]);
    const driver = async (page: number) =>
      Promise.all([raw.find({ unitId }).sort({ time: -1, _id: -1 }).skip((page - 1) * PAGE).limit(PAGE).toArray(), raw.countDocuments({ unitId })]);
    // Warm both paths once.
    await ours(1);
    await driver(1);

    const figure = async (label: string, run: (page: number) => Promise<unknown>, list: number[]) => {
      const started = performance.now();
      for (const page of list) await run(page);
      return ms(started);
    };
    const deep = Math.floor(pages * 0.9);
    const all = Array.from({ length: pages }, (_, i) => i + 1);
    const report = async (label: string, list: number[]) => {
      const o = await figure(label, ours, list);
      const d = await figure(label, driver, list);
      console.log(`  ${label}: ${o.toFixed(1)} ms (driver alone: ${d.toFixed(1)} ms; ratio ${(o / Math.max(d, 0.001)).toFixed(1)}x)`);
    };
    console.log(`  ${total} entries of the unit among ${ENTRIES}, ${pages} pages of ${PAGE} (page and total per request)`);
    await report('first page', [1]);
    await report(`page ${deep} of ${pages}`, [deep]);
    await report(`every page, 1 to ${pages}, by page number (with the total each time)`, all.filter((page) => page % 30 === 1));
    // By cursor (GET /api/audit?after=…): each page from the last entry of the one before, no count.
    const walk = async (page: (before?: { time: Date; id: string }) => Promise<{ time: Date; id: string }[]>) => {
      const started = performance.now();
      let before: { time: Date; id: string } | undefined;
      let seen = 0;
      for (;;) {
        const found = await page(before);
        seen += found.length;
        if (found.length < PAGE) break;
        before = found[found.length - 1];
      }
      if (seen !== total) throw new Error(`walked ${seen} of ${total}`);
      return ms(started);
    };
    const o = await walk(async (before) => (await log.search({ ...filter, limit: PAGE, ...(before ? { before } : {}) })).map((e) => ({ time: new Date(e.time), id: e.id })));
    const d = await walk(async (before) => {
      const docs = await raw
        .find({ unitId, ...(before ? { time: { $lte: before.time } } : {}) })
        .sort({ time: -1, _id: -1 })
        .limit(PAGE + 20)
        .toArray();
      const after = before ? docs.filter((doc) => (doc.time as Date).getTime() !== before.time.getTime() || String(doc._id) < before.id) : docs;
      return after.slice(0, PAGE).map((doc) => ({ time: doc.time as Date, id: String(doc._id) }));
    });
    console.log(`  every page, 1 to ${pages}, by cursor: ${o.toFixed(1)} ms (driver alone: ${d.toFixed(1)} ms; ratio ${(o / Math.max(d, 0.001)).toFixed(1)}x)`);
  } finally {
    await db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
