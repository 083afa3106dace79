import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import { createLogger } from '../../server/log.js';
import { watchProcesses, type FileDeployResult } from '../../server/definitions/deploy.js';
import { DefinitionStore } from '../../server/definitions/store.js';
import { defaultDefinitionLimits } from '../../server/definitions/limits.js';
import { useTestDatabase, type TestDatabase } from '../support/mongo.js';
import { realFile, realSource, variant } from './fixtures.js';

const logger = createLogger({ level: 'silent' });

let db: TestDatabase;
let connection: Connection;
let dir: string;
let store: DefinitionStore;

beforeAll(async () => {
  db = await useTestDatabase();
  connection = await mongoose.createConnection(db.uri).asPromise();
  dir = await mkdtemp(path.join(tmpdir(), 'processes-safety-'));
  // As the product runs it: checked in a worker thread, with the default limits.
  store = new DefinitionStore(connection, logger, { limits: defaultDefinitionLimits, offThread: true });
  await store.init();
});

afterAll(async () => {
  await store?.close();
  await connection?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The longest the event loop was held up while `work` ran (a 5 ms ticker measures it). */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return longest;
}


describe('deploying while the product serves', () => {
  it('a zero-length timer dropped into processes/ is refused and the product keeps answering', async () => {
    await store.deploy(realFile, realSource);
    const good = await store.latest('individual-plan');
    const results: FileDeployResult[] = [];
    let notify: (() => void) | undefined;
    const watcher = watchProcesses({ dir, store, logger, debounceMs: 20, onResult: (result) => (results.push(result), notify?.()) });
    try {
      for (const value of ['R/PT0S', 'R/P0D', 'R/PT1S']) {
        const arrived = new Promise<void>((resolve) => (notify = resolve));
        const stall = await longestStall(async () => {
          await writeFile(path.join(dir, realFile), variant('>R/P7D<', `>${value}<`));
          await arrived;
        });
        expect(results.at(-1)?.result.status).toBe('refused');
        expect(stall).toBeLessThan(300);
        expect((await store.latest('individual-plan')).id).toBe(good.id);
      }
    } finally {
      watcher.close();
    }
  });

  it('checks a large file off the event loop, and refuses a file beyond the limits at deploy with a clear message', async () => {
    // About 4 700 elements: parsing and linting it takes about a second of CPU.
    const withNotes = (count: number, prefix: string, source = realSource) => {
      const ids = Array.from({ length: count }, (_, i) => `${prefix}_${i}`);
      const notes = ids.map((id) => `<bpmn:textAnnotation id="${id}"><bpmn:text>${id}</bpmn:text></bpmn:textAnnotation>`).join('\n');
      const shapes = ids.map((id, i) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${i}" y="2000" width="100" height="30" /></bpmndi:BPMNShape>`).join('\n');
      return source.replace('</bpmn:process>', `${notes}</bpmn:process>`).replace('</bpmndi:BPMNPlane>', `${shapes}</bpmndi:BPMNPlane>`);
    };
    const large = withNotes(1000, 'Note');
    let result: unknown;
    const stall = await longestStall(async () => {
      result = await store.deploy(realFile, large);
    });
    expect(result).toMatchObject({ status: 'deployed' });
    expect(stall).toBeLessThan(300);

    const tooLarge = withNotes(100, 'More', large);
    const refused = await store.deploy(realFile, tooLarge);
    expect(refused.status === 'refused' && refused.refusal.problems).toEqual([
      expect.objectContaining({ rule: 'individual-plan/file-size', message: 'The file has more than 5000 XML elements, the most allowed' }),
    ]);
    const huge = await store.deploy(realFile, realSource.replace('</bpmn:definitions>', `<!--${'x'.repeat(26 * 1024 * 1024)}--></bpmn:definitions>`));
    expect(huge.status === 'refused' && huge.refusal.problems[0]?.message).toMatch(/^The file has \d+ bytes; at most 1048576 are allowed$/);
  });
});
