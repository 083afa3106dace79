import { Router } from 'express';
import { audit } from '../../audit/audit.js';
import { isRole, type Role } from '../../auth/roles.js';
import { HttpError, type ApiErrorItem } from '../errors.js';
import { isObjectId, validParam } from '../middleware/ids.js';
import { httpError, securityMessages, type SecurityMessage } from '../middleware/messages.js';
import { requireUser, signedIn } from '../middleware/signed-in.js';
import { authorize } from '../authorize.js';
import { DuplicateLoginError, type StaffUserChanges, type StaffUserInput, type Users } from '../../users/service.js';
import type { DeactivateAnswer, OpenTasksAnswer } from '../../../contract/admin-users.js';
import { fitsAll, handOver, handoverCandidates, heldTasks } from '../../tasks/handover.js';
import type { LocalizedText } from '../language.js';

const deactivation = {
  openTasks: {
    nb: 'Velg om de åpne oppgavene skal gis til en kollega eller tilbake til gruppekøen.',
    nn: 'Vel om dei opne oppgåvene skal givast til ein kollega eller tilbake til gruppekøen.',
    en: 'Choose whether the open tasks go to a colleague or back to the group queue.',
  },
  toUserId: {
    nb: 'Velg en aktiv kollega i samme enhet som kan ta alle oppgavene.',
    nn: 'Vel ein aktiv kollega i same eining som kan ta alle oppgåvene.',
    en: 'Choose an active colleague in the same unit who can take every task.',
  },
} satisfies Record<string, LocalizedText>;

/**
 * User administration for admins: GET/POST /api/admin/users, PATCH /api/admin/users/:id,
 * GET /api/admin/users/:id/open-tasks (what deactivating them does to their work) and
 * POST /api/admin/users/:id/deactivate (types in contract/admin-users.ts). Lists
 * staff only (citizens come from ID-porten and are never listed); every call is audited.
 */
export function adminUserRoutes(users: Users): Router {
  const router = Router();
  router.param('id', validParam(isObjectId));
  router.use('/admin/users', signedIn);

  router.get('/admin/users', async (req, res) => {
    authorize(req, 'list', 'user', { id: null });
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    if (role !== undefined && (!isRole(role) || role === 'citizen')) throw httpError(400, 'invalidValue', 'role');
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : undefined;
    const list = await users.listStaff({ ...(role ? { role } : {}), ...(q ? { q } : {}) });
    await audit(req, { action: 'user.list' });
    res.json({ users: list });
  });

  router.post('/admin/users', async (req, res) => {
    authorize(req, 'create', 'user', { id: null });
    const input = parseUser(req.body, 'create') as StaffUserInput;
    try {
      const user = await users.createStaff(input);
      await audit(req, { action: 'user.create', targetUserId: user.id });
      res.status(201).json({ user });
    } catch (error) {
      if (error instanceof DuplicateLoginError) throw httpError(409, 'loginTaken', 'login');
      throw error;
    }
  });

  router.patch('/admin/users/:id', async (req, res) => {
    const id = String(req.params.id);
    authorize(req, 'update', 'user', { id });
    const changes = parseUser(req.body, 'update') as StaffUserChanges;
    const actor = requireUser(req);
    if (id === actor.id && ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false)) {
      throw httpError(400, 'notOwnAdmin', changes.role !== undefined ? 'role' : 'active');
    }
    const existing = await users.findStaff(id);
    if (!existing) throw httpError(404, 'notFound');
    const role = changes.role ?? existing.role;
    const lead = changes.lead ?? (role === 'ke-caseworker' && existing.lead);
    if (lead && role !== 'ke-caseworker') throw httpError(400, 'leadOnlyCaseworker', 'lead');
    const unitId = changes.unitId === undefined ? existing.unitId : changes.unitId;
    if (role === 'ke-caseworker' && !unitId) throw httpError(400, 'unitRequired', 'unitId');
    try {
      const user = await users.updateStaff(id, { ...changes, lead });
      if (!user) throw httpError(404, 'notFound');
      await audit(req, { action: 'user.update', targetUserId: id });
      res.json({ user });
    } catch (error) {
      if (error instanceof DuplicateLoginError) throw httpError(409, 'loginTaken', 'login');
      throw error;
    }
  });

  router.get('/admin/users/:id/open-tasks', async (req, res) => {
    const id = String(req.params.id);
    authorize(req, 'update', 'user', { id });
    const user = await users.findStaff(id);
    if (!user) throw httpError(404, 'notFound');
    const db = users.model.db;
    const tasks = await heldTasks(db, id);
    const answer: OpenTasksAnswer = {
      tasks: tasks.map((task) => ({ id: task._id, formKey: task.formKey ?? null, name: task.name ?? null, dueDate: task.dueDate?.toISOString() ?? null })),
      candidates: await handoverCandidates(db, user, tasks),
    };
    await audit(req, { action: 'user.open-tasks', targetUserId: id });
    res.json(answer);
  });

  router.post('/admin/users/:id/deactivate', async (req, res) => {
    const id = String(req.params.id);
    authorize(req, 'update', 'user', { id });
    if (id === requireUser(req).id) throw httpError(400, 'notOwnAdmin', 'active');
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(body)) if (key !== 'openTasks' && key !== 'toUserId') throw httpError(400, 'unknownField', key);
    const user = await users.findStaff(id);
    if (!user) throw httpError(404, 'notFound');
    const db = users.model.db;
    const tasks = await heldTasks(db, id);
    const choice = body.openTasks;
    if (choice !== undefined && choice !== 'reassign' && choice !== 'return') throw new HttpError(422, [{ field: 'openTasks', message: deactivation.openTasks }]);
    if (tasks.length > 0 && choice === undefined) throw new HttpError(422, [{ field: 'openTasks', message: deactivation.openTasks }]);
    let to: { id: string; name: string } | null = null;
    if (choice === 'reassign' && tasks.length > 0) {
      const target = isObjectId(body.toUserId) ? await users.model.findById(body.toUserId).lean() : null;
      if (!target || target._id === id || target.role === 'citizen' || !fitsAll(target, tasks)) throw new HttpError(422, [{ field: 'toUserId', message: deactivation.toUserId }]);
      to = { id: target._id, name: target.name };
    }
    // Deactivated first: from their next request on they cannot take new tasks, so none escapes the move.
    const updated = await users.updateStaff(id, { active: false });
    if (!updated) throw httpError(404, 'notFound');
    await audit(req, { action: 'user.deactivate', targetUserId: id });
    const moved = await handOver(db, { from: id, to: to?.id ?? null, tasks, now: new Date() });
    for (const task of moved) {
      await audit(req, { action: to ? 'task.assign' : 'task.unclaim', caseId: task.caseId, ...(task.labels?.unitId ? { unitId: task.labels.unitId } : {}), targetUserId: to?.id ?? id });
    }
    const answer: DeactivateAnswer = { user: updated, moved: moved.length, to };
    res.json(answer);
  });

  return router;
}

const unitPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const loginPattern = /^[^\s]{3,320}$/;

/** Checks an admin's user input; unknown fields, wrong types and missing required fields answer 400 naming the field. */
function parseUser(body: unknown, mode: 'create' | 'update'): StaffUserInput | StaffUserChanges {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw httpError(400, 'invalidValue');
  const input = body as Record<string, unknown>;
  const problems: ApiErrorItem[] = [];
  const fail = (field: string, message: SecurityMessage) => problems.push({ field, message: securityMessages[message] });
  const allowed = mode === 'create' ? ['name', 'role', 'login', 'unitId', 'lead'] : ['name', 'role', 'login', 'unitId', 'lead', 'active'];
  for (const key of Object.keys(input)) if (!allowed.includes(key)) fail(key, 'unknownField');

  const out: Record<string, unknown> = {};
  const { name, role, login, unitId, lead, active } = input;
  if (name !== undefined) {
    if (typeof name === 'string' && name.trim().length > 0 && name.length <= 200) out.name = name.trim();
    else fail('name', 'invalidValue');
  } else if (mode === 'create') fail('name', 'required');
  if (role !== undefined) {
    if (isRole(role) && role !== 'citizen') out.role = role as Role;
    else fail('role', 'invalidValue');
  } else if (mode === 'create') fail('role', 'required');
  if (login !== undefined) {
    if (typeof login === 'string' && loginPattern.test(login.trim())) out.login = login.trim().toLowerCase();
    else fail('login', 'invalidValue');
  } else if (mode === 'create') fail('login', 'required');
  if (unitId !== undefined) {
    if (unitId === null || (typeof unitId === 'string' && unitPattern.test(unitId))) out.unitId = unitId;
    else fail('unitId', 'invalidValue');
  }
  if (lead !== undefined) {
    if (typeof lead === 'boolean') out.lead = lead;
    else fail('lead', 'invalidValue');
  }
  if (active !== undefined) {
    if (typeof active === 'boolean') out.active = active;
    else fail('active', 'invalidValue');
  }
  if (mode === 'create' && problems.length === 0) {
    if (out.lead === true && out.role !== 'ke-caseworker') fail('lead', 'leadOnlyCaseworker');
    if (out.role === 'ke-caseworker' && !out.unitId) fail('unitId', 'unitRequired');
  }
  if (problems.length > 0) throw new HttpError(400, problems);
  return out as unknown as StaffUserInput | StaffUserChanges;
}
