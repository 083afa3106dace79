// Test support for the engine runtime: compile BPMN fixtures, a small in-memory definition
// registry, a clock tests move forward, and a runtime on a fresh database and BullMQ prefix.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Elements from 'bpmn-elements';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import serializer, { TypeResolver, type SerializableContext } from 'moddle-context-serializer';
import { pino } from 'pino';
import { allowlistExpressions, noScripts } from '../../server/definitions/expressions.js';
import type { DefinitionRegistry, DefinitionVersion } from '../../server/definitions/types.js';
import { createEngineRuntime, type EngineRuntimeOptions } from '../../server/engine/runtime.js';
import { engineModels, type EngineModels } from '../../server/engine/models/index.js';
import type { StepInput } from '../../server/engine/step.js';
import { createJobQueue, createTimerQueue } from '../../server/engine/queues.js';
import type { Clock, EngineRuntime, ServiceHandler } from '../../server/engine/types.js';
import type { Logger } from '../../server/log.js';
import { useTestDatabase, type TestDatabase } from './mongo.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json') as object;
// The CommonJS build exports the constructor itself (the package ships no type declarations).
const BpmnModdle = require('bpmn-moddle') as new (packages: object) => { fromXML(xml: string): Promise<unknown> };

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

/** Reads test/engine/fixtures/<name>.bpmn. */
export function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/engine/fixtures', `${name}.bpmn`), 'utf8');
}

/** Compiles BPMN XML the way the definition registry does: bpmn-moddle + camunda → serializable context. */
export async function compileBpmn(source: string): Promise<SerializableContext> {
  const moddle = new BpmnModdle({ camunda });
  const parsed = await moddle.fromXML(source.trim());
  return serializer(parsed as never, TypeResolver(Elements as never));
}

/** A registry over sources added in the test; a re-added changed source becomes a new version. */
export class TestRegistry implements DefinitionRegistry {
  private readonly versions = new Map<string, DefinitionVersion>();
  private readonly latestByKey = new Map<string, DefinitionVersion>();

  constructor(private readonly compile: (source: string) => Promise<SerializableContext> = compileBpmn) {}

  async add(processKey: string, source: string, fileName = `${processKey}.bpmn`): Promise<DefinitionVersion> {
    const id = createHash('sha256').update(source).digest('hex');
    const existing = this.versions.get(id);
    if (existing) return existing;
    const version: DefinitionVersion = {
      id,
      processKey,
      number: [...this.versions.values()].filter((v) => v.processKey === processKey).length + 1,
      fileName,
      deployedAt: new Date(),
      source,
      sourceContext: await this.compile(source),
    };
    this.versions.set(id, version);
    this.latestByKey.set(processKey, version);
    return version;
  }

  async latest(processKey: string): Promise<DefinitionVersion> {
    const version = this.latestByKey.get(processKey);
    if (!version) throw new Error(`no definition for ${processKey}`);
    return version;
  }

  async byId(versionId: string): Promise<DefinitionVersion> {
    const version = this.versions.get(versionId);
    if (!version) throw new Error(`no definition version ${versionId}`);
    return version;
  }
}

/** A clock the test moves; starts at the real time. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 86_400_000;
  }
  advanceMs(ms: number): void {
    this.offsetMs += ms;
  }
}

export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export const testEngineOptions = { expressions: allowlistExpressions, scripts: noScripts };

/** A step's input for a new instance of the fixture `name` (tests of the step itself, without a database). */
export async function stepInputOf(name: string, handlers: Record<string, ServiceHandler> = {}, overrides: Partial<StepInput> = {}): Promise<StepInput> {
  return {
    instanceId: 'i1',
    caseId: 'c1',
    processKey: name,
    instanceStartedAt: new Date(),
    sourceContext: await compileBpmn(fixture(name)),
    state: null,
    active: [],
    failures: [],
    variables: {},
    handlers: new Map(Object.entries(handlers)),
    engineOptions: testEngineOptions,
    clock: new TestClock(),
    logger: testLogger(),
    serviceRetry: { maxAttempts: 3, backoffMs: 1000, timeoutMs: 5000 },
    ...overrides,
  };
}

/** Steps run in one worker thread, as in the product (`TEST_ENGINE_THREADS=0`: on the test's own thread). */
export const testStepThreads = Number(process.env.TEST_ENGINE_THREADS ?? 1);

export interface TestEngine {
  readonly runtime: EngineRuntime;
  readonly models: EngineModels;
  readonly connection: Connection;
  readonly redis: Redis;
  readonly prefix: string;
  readonly clock: TestClock;
  readonly registry: TestRegistry;
  readonly logger: Logger;
  /** Another runtime on the same database, Redis and prefix (a second "process"). */
  createRuntime(overrides?: Partial<EngineRuntimeOptions>): Promise<EngineRuntime>;
  /** Fires every scheduled timer (of one instance, if given) that is due by the test clock, repeatedly, as the worker would. */
  runDueTimers(filter?: { instanceId?: string }): Promise<number>;
  close(): Promise<void>;
}

export interface TestEngineOptions {
  readonly name: string;
  readonly handlers?: Record<string, ServiceHandler>;
  readonly registry?: TestRegistry;
  readonly runtime?: Partial<EngineRuntimeOptions>;
  /** Use this database instead of a new one (the caller closes it). */
  readonly database?: { uri: string };
}

export async function createTestEngine(options: TestEngineOptions): Promise<TestEngine> {
  let database: TestDatabase | undefined;
  let uri = options.database?.uri;
  if (!uri) {
    database = await useTestDatabase();
    uri = database.uri;
  }
  const connection = await mongoose.createConnection(uri).asPromise();
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const prefix = uniquePrefix(options.name);
  const clock = new TestClock();
  const registry = options.registry ?? new TestRegistry();
  const logger = testLogger();
  const runtimes: EngineRuntime[] = [];
  const createRuntime = async (overrides: Partial<EngineRuntimeOptions> = {}) => {
    const runtime = await createEngineRuntime({
      connection,
      redis,
      registry,
      logger,
      clock,
      queuePrefix: prefix,
      engineOptions: testEngineOptions,
      serviceHandlers: options.handlers ?? {},
      stepThreads: testStepThreads,
      ...options.runtime,
      ...overrides,
    });
    runtimes.push(runtime);
    return runtime;
  };
  const runtime = await createRuntime();
  const models = engineModels(connection);
  return {
    runtime,
    models,
    connection,
    redis,
    prefix,
    clock,
    registry,
    logger,
    createRuntime,
    async runDueTimers(filter = {}) {
      let fired = 0;
      for (let round = 0; round < 100; round++) {
        const due = await models.Timer.find({ ...filter, status: 'scheduled', dueAt: { $lte: clock.now() } })
          .sort({ dueAt: 1 })
          .lean();
        if (due.length === 0) break;
        for (const timer of due) {
          const result = await runtime.fireTimer({ timerId: timer._id });
          if (result.outcome === 'fired') fired++;
        }
      }
      return fired;
    },
    async close() {
      await Promise.all(runtimes.map((r) => r.close()));
      await cleanQueues(redis, prefix);
      await redis.quit();
      await connection.close();
      await database?.close();
    },
  };
}

/** Removes every BullMQ key under the prefix. */
export async function cleanQueues(redis: Redis, prefix: string): Promise<void> {
  const timerQueue = createTimerQueue(redis, prefix);
  const jobQueue = createJobQueue(redis, prefix);
  await timerQueue.obliterate({ force: true }).catch(() => undefined);
  await jobQueue.obliterate({ force: true }).catch(() => undefined);
  await Promise.all([timerQueue.close(), jobQueue.close()]);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
