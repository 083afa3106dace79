// An API of the request and case routes over the real BPMN, a test engine and a fresh database.
// Sign-in is simulated: the X-Test-User header carries the session user as JSON.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { AuditLog, attachAuditLog } from '../../server/audit/audit.js';
import type { SessionUser } from '../../server/auth/types.js';
import { createCaseContext } from '../../server/cases/index.js';
import type { CaseCommandContext } from '../../server/commands/requestSubmitter.js';
import { compileSource } from '../../server/definitions/compile.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { apiNotFound, errorHandler } from '../../server/http/errors.js';
import { caseRoutes } from '../../server/http/routes/cases.js';
import { requestRoutes } from '../../server/http/routes/requests.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { createTestEngine, repoRoot, TestRegistry, type TestEngine } from '../support/engine.js';

export const referenceDate = '2026-03-15';

export interface Counts {
  requests: number;
  cases: number;
  messages: number;
  attachments: number;
  instances: number;
  /** Case numbers allocated. */
  numbers: number;
}

export interface Harness {
  readonly baseUrl: string;
  readonly engine: TestEngine;
  readonly context: CaseCommandContext;
  readonly auditLog: AuditLog;
  counts(): Promise<Counts>;
  close(): Promise<void>;
}

export async function createHarness(name: string, options: { withoutDefinition?: boolean } = {}): Promise<Harness> {
  const registry = new TestRegistry((source) => compileSource(source));
  if (!options.withoutDefinition) {
    await registry.add('individual-plan', readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8'));
  }
  const engine = await createTestEngine({
    name,
    registry,
    handlers: createJobServiceHandlers(),
    runtime: { taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) },
  });
  const context = await createCaseContext({
    db: engine.connection,
    engine: engine.runtime,
    logger: engine.logger,
    unitId: 'ke-eksempel',
    municipalityName: 'Eksempel kommune',
    clock: engine.clock,
  });
  const auditLog = new AuditLog(engine.connection);
  await auditLog.ensureIndexes();

  const app = express();
  app.use('/api', express.json({ limit: '100kb' }));
  app.use('/api', (req, _res, next) => {
    attachAuditLog(req, auditLog);
    const user = req.get('x-test-user');
    if (user) req.user = JSON.parse(user) as SessionUser;
    next();
  });
  app.use('/api', requestRoutes({ context, referenceDate: () => referenceDate }), caseRoutes({ context }));
  app.use('/api', apiNotFound);
  app.use(errorHandler(engine.logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    engine,
    context,
    auditLog,
    async counts() {
      const { Request, Case, CaseMessage, Attachment, Counter } = context.models;
      const [requests, cases, messages, attachments, instances] = await Promise.all([
        Request.countDocuments(),
        Case.countDocuments(),
        CaseMessage.countDocuments(),
        Attachment.countDocuments(),
        engine.models.Instance.countDocuments(),
      ]);
      const counters = await Counter.find().lean();
      const numbers = counters.reduce((sum, c) => sum + c.seq, 0);
      return { requests, cases, messages, attachments, instances, numbers };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await engine.close();
    },
  };
}

/** An API answer: a receipt (caseNumber, caseId), an error list, or anything else. */
export interface ApiBody {
  caseNumber: string;
  caseId: string;
  errors?: { field: string | null; message: string }[];
  [key: string]: unknown;
}

export function citizen(nationalId: string, id = `citizen-${nationalId}`, name = 'Test Person'): SessionUser {
  return { id, name, role: 'citizen', nationalId };
}

export async function post(
  harness: Harness,
  pathName: string,
  body: unknown,
  options: { key?: string; language?: string; user?: SessionUser; raw?: string } = {},
): Promise<{ status: number; body: ApiBody; headers: Headers }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.key) headers['Idempotency-Key'] = options.key;
  if (options.language) headers['Accept-Language'] = options.language;
  if (options.user) headers['X-Test-User'] = JSON.stringify(options.user);
  const response = await fetch(`${harness.baseUrl}${pathName}`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as ApiBody, headers: response.headers };
}

export async function get(harness: Harness, pathName: string, user?: SessionUser): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${harness.baseUrl}${pathName}`, { headers: user ? { 'X-Test-User': JSON.stringify(user) } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
