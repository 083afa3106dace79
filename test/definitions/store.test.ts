import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import { createLogger } from '../../server/log.js';
import { deployProcesses, watchProcesses, type FileDeployResult } from '../../server/definitions/deploy.js';
import { contentHash, DefinitionNotFoundError, DefinitionStore } from '../../server/definitions/store.js';
import { useTestDatabase, type TestDatabase } from '../support/mongo.js';
import { realFile, realSource, variant } from './fixtures.js';

const logger = createLogger({ level: 'silent' });
const changedSource = variant('>P6M<', '>P3M<');

let db: TestDatabase;
let connection: Connection;
let dir: string;

beforeAll(async () => {
  db = await useTestDatabase();
  connection = await mongoose.createConnection(db.uri).asPromise();
  dir = await mkdtemp(path.join(tmpdir(), 'processes-'));
});

afterAll(async () => {
  await connection?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('definition versions', () => {
  it('deploys, ignores the same content, numbers a change and keeps old versions loadable', async () => {
    await writeFile(path.join(dir, realFile), realSource);
    const first = await deployProcesses({ dir, connection, logger });
    expect(first.results).toHaveLength(1);
    const deployed = first.results[0]?.result;
    expect(deployed?.status).toBe('deployed');
    if (deployed?.status !== 'deployed') throw new Error('not deployed');
    expect(deployed.version).toMatchObject({ id: contentHash(realSource), processKey: 'individual-plan', number: 1, fileName: realFile });

    const again = await deployProcesses({ dir, connection, logger });
    expect(again.results[0]?.result.status).toBe('unchanged');
    expect(await connection.collection('definitions').countDocuments()).toBe(1);

    const store = new DefinitionStore(connection, logger);
    const changed = await store.deploy(realFile, changedSource);
    expect(changed.status).toBe('deployed');
    expect(changed.status === 'deployed' && changed.version.number).toBe(2);

    // A fresh store (another server process) sees the same versions.
    const other = new DefinitionStore(connection, logger);
    const latest = await other.latest('individual-plan');
    expect(latest.number).toBe(2);
    const v1 = await other.byId(contentHash(realSource));
    expect(v1.number).toBe(1);
    expect(v1.source).toBe(realSource);
    expect(v1.sourceContext).toBeDefined();
    expect(await other.byId(v1.id)).toBe(v1); // cached per version id

    await expect(other.latest('unknown-process')).rejects.toBeInstanceOf(DefinitionNotFoundError);
    await expect(other.byId('0'.repeat(64))).rejects.toBeInstanceOf(DefinitionNotFoundError);
  });

  it('makes an earlier version the newest again when a file is reverted', async () => {
    const store = new DefinitionStore(connection, logger);
    const reverted = await store.deploy(realFile, realSource);
    expect(reverted.status).toBe('reactivated');
    expect((await store.latest('individual-plan')).number).toBe(1);
    const forward = await store.deploy(realFile, changedSource);
    expect(forward.status).toBe('reactivated');
    expect((await store.latest('individual-plan')).number).toBe(2);
  });

  it('is idempotent when several processes deploy the same new file at once', async () => {
    const source = variant('>P6M<', '>P4M<');
    const stores = [0, 1, 2, 3].map(() => new DefinitionStore(connection, logger));
    const results = await Promise.all(stores.map((store) => store.deploy(realFile, source)));
    const numbers = results.map((result) => (result.status === 'refused' ? -1 : result.version.number));
    expect(new Set(numbers)).toEqual(new Set([3]));
    expect(results.filter((result) => result.status === 'deployed').length).toBeGreaterThanOrEqual(1);
    expect(await connection.collection('definitions').countDocuments({ processKey: 'individual-plan' })).toBe(3);
  });

  it('refuses an invalid file, keeps it as the latest refusal and keeps serving the last good version', async () => {
    const store = new DefinitionStore(connection, logger);
    const before = await store.latest('individual-plan');
    const refused = await store.deploy(realFile, variant('camunda:formKey="plan"', 'camunda:formKey="planx"'));
    expect(refused.status).toBe('refused');
    expect(store.refusalFor(realFile)?.problems).toEqual([
      expect.objectContaining({ file: realFile, elementId: 'Task_DraftPlan', rule: 'individual-plan/user-task-form' }),
    ]);
    expect(store.latestRefusal()?.fileName).toBe(realFile);
    expect((await store.latest('individual-plan')).id).toBe(before.id);
  });
});

describe('watchProcesses', () => {
  it('redeploys a changed file and refuses a broken one', async () => {
    const store = new DefinitionStore(connection, logger);
    const results: FileDeployResult[] = [];
    let notify: (() => void) | undefined;
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const watcher = watchProcesses({
      dir,
      store,
      logger,
      debounceMs: 50,
      onResult: (result) => {
        results.push(result);
        notify?.();
      },
    });
    try {
      let arrived = next();
      await writeFile(path.join(dir, realFile), variant('>P6M<', '>P5M<'));
      await arrived;
      expect(results.at(-1)?.result.status).toBe('deployed');
      const deployedNumber = (await store.latest('individual-plan')).number;

      arrived = next();
      await writeFile(path.join(dir, realFile), '<bpmn:definitions');
      await arrived;
      const refused = results.at(-1)?.result;
      expect(refused?.status).toBe('refused');
      expect(refused?.status === 'refused' && refused.refusal.problems[0]).toMatchObject({ file: realFile, elementId: '(document)', rule: 'xml' });
      expect((await store.latest('individual-plan')).number).toBe(deployedNumber);
    } finally {
      watcher.close();
    }
  });
});
