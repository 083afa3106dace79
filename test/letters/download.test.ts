// The person reads their letters on their case: GET /api/cases/:id lists them and
// GET /api/cases/:id/letters/:letterId.pdf gives the PDF, with the case's own access rule and audit.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { AuditLog, attachAuditLog } from '../../server/audit/audit.js';
import type { SessionUser } from '../../server/auth/types.js';
import { createCaseContext } from '../../server/cases/index.js';
import { apiNotFound, errorHandler } from '../../server/http/errors.js';
import { caseRoutes } from '../../server/http/routes/cases.js';
import { letterRoutes } from '../../server/http/routes/letters.js';
import { completeTask, example, openCase, privateDetails, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let rig: LetterRig;
let server: Server;
let baseUrl: string;
let auditLog: AuditLog;

const person: SessionUser = { id: 'de0000000000000000000001', name: 'Sigrid Fjellheim', role: 'citizen', nationalId: privateDetails.personNationalId };
const stranger: SessionUser = { id: 'de0000000000000000000099', name: 'Kari Nordmann', role: 'citizen', nationalId: '01817010055' };
const caseworker: SessionUser = { id: 'de0000000000000000000003', name: 'Saksbehandler', role: 'ke-caseworker', unitId: 'ke-eksempel' };
const otherUnit: SessionUser = { id: 'de0000000000000000000013', name: 'Saksbehandler', role: 'ke-caseworker', unitId: 'ke-annen' };

beforeAll(async () => {
  rig = await startLetterRig('letter-download');
  const context = await createCaseContext({ db: rig.t.connection, engine: rig.t.runtime, logger: rig.t.logger, unitId: 'ke-eksempel', municipalityName: 'Eksempel kommune', clock: rig.t.clock });
  auditLog = new AuditLog(rig.t.connection);
  await auditLog.ensureIndexes();
  const app = express();
  app.use('/api', (req, _res, next) => {
    attachAuditLog(req, auditLog);
    const user = req.get('x-test-user');
    if (user) req.user = JSON.parse(user) as SessionUser;
    next();
  });
  app.use('/api', caseRoutes({ context }), letterRoutes({ context }));
  app.use('/api', apiNotFound);
  app.use(errorHandler(rig.t.logger));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rig?.close();
});

function get(path: string, user?: SessionUser) {
  return fetch(`${baseUrl}${path}`, { headers: user ? { 'x-test-user': JSON.stringify(user) } : {} });
}

describe('letters on the case', () => {
  it('the person and the unit see the letter and download its PDF; others get 404; each download is audited', async () => {
    const { caseId, instanceId } = await openCase(rig, { writtenForm: 'nn' });
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: privateDetails.reasons }));
    await waitFor('the letter', () => rig.letters.findOne({ caseId }).lean());

    const answer = await get(`/api/cases/${caseId.toHexString()}`, person);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { letters: { id: string; template: string; title: string; language: string; createdAt: string }[] };
    expect(body.letters).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{24}$/), template: 'decision-rejection', title: 'Vedtak om avslag på individuell plan og koordinator', language: 'nn', createdAt: expect.any(String) },
    ]);
    const url = `/api/cases/${caseId.toHexString()}/letters/${body.letters[0]!.id}.pdf`;

    for (const user of [person, caseworker]) {
      const pdf = await get(url, user);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    for (const user of [stranger, otherUnit]) expect((await get(url, user)).status).toBe(404);
    expect((await get(url)).status).toBe(401);
    // Another case's letter id under this case, and an id that is not one.
    const other = await openCase(rig);
    expect((await get(`/api/cases/${other.caseId.toHexString()}/letters/${body.letters[0]!.id}.pdf`, caseworker)).status).toBe(404);
    expect((await get(`/api/cases/${caseId.toHexString()}/letters/not-an-id.pdf`, caseworker)).status).toBe(400);

    const entries = await auditLog.search({ caseId: caseId.toHexString() });
    expect(entries.filter((e) => e.action === 'case.letter-download' && e.outcome === 'allowed').map((e) => e.actorId).sort()).toEqual([caseworker.id, person.id].sort());
    expect(entries.filter((e) => e.action === 'case.read' && e.outcome === 'denied').map((e) => e.actorId)).toEqual(expect.arrayContaining([stranger.id, otherUnit.id]));
  });
});
