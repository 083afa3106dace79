// Shared by the scale-out and crash tests' child processes: the real individual-plan process with
// short timers, and a runtime connected to the test's MongoDB and Redis (from the environment).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { formsByKey, type FormKey } from '../../../forms/index.js';
import { compileSource } from '../../../server/definitions/compile.js';
import { formVariable } from '../../../server/definitions/process-contract.js';
import { createEngineRuntime } from '../../../server/engine/runtime.js';
import { engineModels } from '../../../server/engine/models/index.js';
import { createJobServiceHandlers } from '../../../server/definitions/service-handlers.js';
import { repoRoot, testEngineOptions, testLogger, TestRegistry } from '../../support/engine.js';

/** processes/individual-plan.bpmn with seconds instead of weeks and months. */
export function shortTimerIndividualPlan(): string {
  return readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8')
    .replace('>R/P7D<', '>R/PT4S<')
    .replace('>P6W<', '>PT10M<')
    .replace('>P1M<', '>PT10M<')
    .replace('>P6M<', '>PT1S<');
}

/** A catch timer a few seconds after start, then one task. */
export function crashFixture(): string {
  return readFileSync(path.join(repoRoot, 'test/engine/fixtures/timer-catch.bpmn'), 'utf8').replace('>P45D<', `>${process.env.CRASH_TIMER ?? 'PT2S'}<`);
}

export function example(formKey: FormKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(formsByKey[formKey] as { example?: Record<string, unknown> }).example, ...overrides };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export async function connectChild() {
  const connection = await mongoose.createConnection(required('MONGODB_URI')).asPromise();
  const redis = new Redis(required('REDIS_URL'), { maxRetriesPerRequest: null });
  const registry = new TestRegistry((source) => compileSource(source));
  await registry.add('individual-plan', shortTimerIndividualPlan());
  await registry.add('timer-catch', crashFixture());
  const logger = testLogger();
  const queuePrefix = required('QUEUE_PREFIX');
  const runtime = await createEngineRuntime({
    connection,
    redis,
    registry,
    logger,
    queuePrefix,
    engineOptions: testEngineOptions,
    serviceHandlers: createJobServiceHandlers(),
    taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined),
  });
  return {
    runtime,
    connection,
    redis,
    logger,
    queuePrefix,
    models: engineModels(connection),
    async close() {
      await runtime.close();
      await redis.quit();
      await connection.close();
    },
  };
}
