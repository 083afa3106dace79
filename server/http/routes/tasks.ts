import { Router, type Request } from 'express';
import type { AuditAction } from '../../../contract/audit.js';
import type { StaffUser, TaskCompleteAnswer, TaskDetail } from '../../../contract/tasks.js';
import { isFormKey, validateForm } from '../../../forms/index.js';
import { audit, auditEach } from '../../audit/audit.js';
import type { Role } from '../../auth/roles.js';
import type { SessionUser } from '../../auth/types.js';
import type { RequestDoc } from '../../cases/models.js';
import { signedClaimsVerifier } from '../../commands/representationVerifier.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { ConcurrencyError, InstanceEndedError, NotFoundError, TaskConflictError, type TaskDoc } from '../../engine/index.js';
import { engineModels } from '../../engine/models/index.js';
import { can, type ActionOf } from '../../policies/index.js';
import { casesOfTasks, taskFacts, toTaskListItems, userNames, type TaskCase } from '../../tasks/items.js';
import { listTasks, nextTaskId, queueViews, type TaskQueryContext } from '../../tasks/list.js';
import { parseTaskListQuery } from '../../tasks/query.js';
import { userModel, type UserDoc } from '../../users/model.js';
import { HttpError } from '../errors.js';
import { requestLanguage, type LocalizedText } from '../language.js';
import { validParam } from '../middleware/ids.js';
import { httpError } from '../middleware/messages.js';
import { requireUser } from '../middleware/signed-in.js';

/**
 * The staff work queue: `GET /api/tasks` (views, filters, sort, pages, counts), `GET /api/tasks/:id`
 * (with draft and prefill), claim, unclaim, assign, draft and complete, and `GET /api/staff/users`
 * (whom a task can be given to). Types in contract/tasks.ts; rules in server/policies/task.ts. Every
 * read and write is audited against the task's case. Roles without a work queue get 403 everywhere;
 * staff get 404 for a task they may not see, as for cases.
 */

const messages = {
  claimedBy: (name: string): LocalizedText => ({
    nb: `Oppgaven er allerede tatt av ${name}.`,
    nn: `Oppgåva er alt teken av ${name}.`,
    en: `The task has already been claimed by ${name}.`,
  }),
  completedBy: (name: string): LocalizedText => ({
    nb: `Oppgaven er allerede fullført av ${name}.`,
    nn: `Oppgåva er alt fullført av ${name}.`,
    en: `The task has already been completed by ${name}.`,
  }),
  notYours: (name: string): LocalizedText => ({
    nb: `Oppgaven er tatt av ${name}. Bare den som har oppgaven, kan gjøre dette.`,
    nn: `Oppgåva er teken av ${name}. Berre den som har oppgåva, kan gjere dette.`,
    en: `The task is claimed by ${name}. Only whoever has the task can do this.`,
  }),
  claimFirst: { nb: 'Ta oppgaven før du fullfører den.', nn: 'Ta oppgåva før du fullfører henne.', en: 'Claim the task before you complete it.' },
  closed: { nb: 'Oppgaven er ikke lenger åpen.', nn: 'Oppgåva er ikkje lenger open.', en: 'The task is no longer open.' },
  notClaimed: { nb: 'Ingen har tatt oppgaven.', nn: 'Ingen har teke oppgåva.', en: 'Nobody has claimed the task.' },
  busy: { nb: 'Oppgaven blir fullført akkurat nå. Last inn siden på nytt.', nn: 'Oppgåva blir fullført akkurat no. Last inn sida på nytt.', en: 'The task is being completed right now. Reload the page.' },
  conflict: { nb: 'Noen andre har nettopp endret saken. Prøv igjen.', nn: 'Nokon andre har nett endra saka. Prøv igjen.', en: 'Someone else has just changed the case. Try again.' },
  ended: { nb: 'Prosessen for saken er avsluttet.', nn: 'Prosessen for saka er avslutta.', en: 'The case’s process has ended.' },
  assignee: {
    nb: 'Velg en aktiv bruker i enheten som kan ta denne oppgaven.',
    nn: 'Vel ein aktiv brukar i eininga som kan ta denne oppgåva.',
    en: 'Choose an active user of the unit who can take this task.',
  },
  coordinator: { nb: 'Velg en aktiv koordinator i enheten.', nn: 'Vel ein aktiv koordinator i eininga.', en: 'Choose an active coordinator of the unit.' },
  groupMember: {
    nb: 'Velg et aktivt medlem av ansvarsgrupper fra listen, eller ingen.',
    nn: 'Vel eit aktivt medlem av ansvarsgrupper frå lista, eller ingen.',
    en: 'Choose an active responsibility group member from the list, or none.',
  },
  data: { nb: 'Skjemadataene må være et objekt.', nn: 'Skjemadataa må vere eit objekt.', en: 'The form data must be an object.' },
  role: {
    nb: 'Ugyldig verdi for role. Gyldige verdier: coordinator, ke-caseworker, group-member.',
    nn: 'Ugyldig verdi for role. Gyldige verdiar: coordinator, ke-caseworker, group-member.',
    en: 'Invalid value for role. Valid values: coordinator, ke-caseworker, group-member.',
  },
} as const;

const conflict = (message: LocalizedText, field: string | null = null) => new HttpError(409, [{ field, message }]);

/** Engine task ids: the instance id and the engine's execution id, e.g. case-<id>-Task_AssessNeed_1a2b3c. */
const taskIdPattern = /^[A-Za-z0-9_.-]{1,200}$/;
const isTaskId = (value: unknown): value is string => typeof value === 'string' && taskIdPattern.test(value);

const staffRoles = ['coordinator', 'ke-caseworker'] as const;
/** The roles `GET /api/staff/users` lists: the unit's staff, and responsibility group members (who belong to no unit). */
const listedRoles = [...staffRoles, 'group-member'] as const;

interface LoadedTask {
  readonly task: TaskDoc;
  readonly theCase: TaskCase | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function taskRoutes(options: { context: CaseCommandContext }): Router {
  const ctx = options.context;
  const db = ctx.models.Case.db;
  const { Task } = engineModels(db);
  const Users = userModel(db);
  const query: TaskQueryContext = { models: ctx.models, Task };
  const router = Router();
  router.param('id', validParam(isTaskId));

  const nameOf = async (userId: string | undefined): Promise<string> => (userId ? ((await userNames(ctx.models, [userId])).get(userId) ?? userId) : '?');

  /** Roles without a work queue are refused before anything is read (audited, without a case). */
  async function requireQueue(req: Request, action: AuditAction): Promise<SessionUser> {
    const user = requireUser(req);
    if (queueViews(user).length > 0) return user;
    await audit(req, { action, outcome: 'denied' });
    throw httpError(403, 'forbidden');
  }

  /**
   * The task, if the user may read it and do `action` on it (audited as task.<action> on its case):
   * 404 for a task they may not see, 409 for one that is no longer open, 403 for an action they may not do.
   */
  async function loadTask(req: Request, action: ActionOf<'task'>, options: { live?: boolean } = {}): Promise<LoadedTask & { user: SessionUser }> {
    const user = await requireQueue(req, `task.${action}` as const);
    const task = await Task.findById(String(req.params.id)).lean<TaskDoc>();
    if (!task) throw httpError(404, 'notFound');
    const theCase = (await casesOfTasks(ctx.models, [task])).get(task.caseId) ?? null;
    const facts = taskFacts(task, theCase);
    const entry = { action: `task.${action}` as const, caseId: task.caseId, ...(facts.unitId ? { unitId: facts.unitId } : {}) };
    if (!can(user, 'read', 'task', facts)) {
      await audit(req, { ...entry, outcome: 'denied' });
      throw httpError(404, 'notFound');
    }
    if (options.live !== false && task.status !== 'open' && task.status !== 'claimed') {
      await audit(req, entry);
      throw task.status === 'completed' ? conflict(messages.completedBy(await nameOf(task.completedBy))) : conflict(messages.closed);
    }
    if (!can(user, action, 'task', facts)) {
      await audit(req, { ...entry, outcome: 'denied' });
      if ((action === 'complete' || action === 'unclaim') && task.assignee && task.assignee !== user.id) throw new HttpError(403, [{ field: null, message: messages.notYours(await nameOf(task.assignee)) }]);
      if (action === 'complete' && !task.assignee) throw new HttpError(403, [{ field: null, message: messages.claimFirst }]);
      throw httpError(403, 'forbidden');
    }
    await audit(req, entry);
    return { user, task, theCase };
  }

  /** Engine refusals as answers in the user's language, naming who has the task. */
  async function engineError(error: unknown): Promise<unknown> {
    if (error instanceof TaskConflictError) {
      if (error.status === 'completed') return conflict(messages.completedBy(await nameOf(error.assignee)));
      if (error.status === 'closed') return conflict(messages.closed);
      if (error.assignee) return conflict(messages.claimedBy(await nameOf(error.assignee)));
      if (error.status === 'open') return conflict(messages.notClaimed);
      return conflict(messages.busy);
    }
    if (error instanceof ConcurrencyError) return conflict(messages.conflict);
    if (error instanceof InstanceEndedError) return conflict(messages.ended);
    if (error instanceof NotFoundError) return httpError(404, 'notFound');
    return error;
  }

  async function item(user: SessionUser, taskId: string) {
    const task = await Task.findById(taskId).lean<TaskDoc>();
    if (!task) throw httpError(404, 'notFound');
    const [listed] = await toTaskListItems(ctx, user, [task]);
    return listed!;
  }

  /** Active staff of a unit with one of these roles. */
  const staffOf = (unitId: string, roles: readonly Role[]) => Users.find({ unitId, role: { $in: [...roles] }, active: true }).sort({ name: 1 }).lean<UserDoc[]>();

  async function validated(req: Request, formKey: string, data: unknown): Promise<Record<string, unknown>> {
    if (!isFormKey(formKey)) return {};
    const result = await validateForm(formKey, data, requestLanguage(req));
    if (!result.ok) throw new HttpError(422, result.errors.map((error) => ({ field: error.field, message: { nb: error.message, nn: error.message, en: error.message } })));
    return result.value as Record<string, unknown>;
  }

  /** Members of a responsibility group who use the product are active group members (they then see the plan). */
  async function groupMembersChecked(output: Record<string, unknown>): Promise<void> {
    const members = Array.isArray(output.members) ? output.members : [];
    const ids = members.map((member) => (isRecord(member) && typeof member.userId === 'string' ? member.userId : undefined));
    const wanted = [...new Set(ids.filter((id): id is string => id !== undefined))];
    const found = new Set((await Users.find({ _id: { $in: wanted }, role: 'group-member', active: true }, { _id: 1 }).lean<Pick<UserDoc, '_id'>[]>()).map((doc) => String(doc._id)));
    const wrong = ids.flatMap((id, index) => (id !== undefined && !found.has(id) ? [{ field: `members[${index}].userId`, message: messages.groupMember }] : []));
    if (wrong.length > 0) throw new HttpError(422, wrong);
  }

  /** The coordinator appointment names an active coordinator of the unit; their name and e-mail come from the user record. */
  async function appointedCoordinator(unitId: string | null, output: Record<string, unknown>): Promise<Record<string, unknown>> {
    const coordinator = unitId ? await Users.findOne({ _id: String(output.coordinatorUserId), role: 'coordinator', unitId, active: true }).lean<UserDoc>() : null;
    if (!coordinator) throw new HttpError(422, [{ field: 'coordinatorUserId', message: messages.coordinator }]);
    return { ...output, coordinatorName: coordinator.name, ...(coordinator.email ? { coordinatorEmail: coordinator.email } : {}) };
  }

  router.get('/tasks', async (req, res) => {
    const user = await requireQueue(req, 'task.list');
    const parsed = parseTaskListQuery(req.query as Record<string, unknown>);
    if (!parsed.ok) throw new HttpError(400, [parsed.problem]);
    const listed = await listTasks(query, user, parsed.value);
    if (!listed) {
      await audit(req, { action: 'task.list', outcome: 'denied' });
      throw httpError(403, 'forbidden');
    }
    const cases = new Map(listed.docs.map((task) => [task.caseId, task.labels?.unitId]));
    await auditEach(req, [...cases].map(([caseId, unitId]) => ({ action: 'task.list', caseId, ...(unitId ? { unitId } : {}) })));
    res.json(listed.answer);
  });

  router.get('/tasks/:id', async (req, res) => {
    const { user, task, theCase } = await loadTask(req, 'read');
    const [listed] = await toTaskListItems(ctx, user, [task]);
    let prefill: Record<string, unknown> = {};
    if (task.formKey === 'coordinator-appointment' && theCase) {
      const caseDoc = await ctx.models.Case.findById(theCase._id, { requestId: 1 }).lean<{ requestId: RequestDoc['_id'] }>();
      const request = caseDoc ? await ctx.models.Request.findById(caseDoc.requestId, { 'data.wishedCoordinator': 1 }).lean<Pick<RequestDoc, 'data'>>() : null;
      const wish = request?.data.wishedCoordinator;
      prefill = wish ? { personWish: wish } : { wishOutcome: 'no-wish' };
    }
    const detail: TaskDetail = { ...listed!, draft: task.draft ?? null, draftSavedAt: task.draftSavedAt?.toISOString() ?? null, prefill };
    res.json(detail);
  });

  router.post('/tasks/:id/claim', async (req, res, next) => {
    try {
      const { user, task } = await loadTask(req, 'claim');
      await ctx.engine.claimTask({ taskId: task._id, actor: { id: user.id, name: user.name } });
      res.json(await item(user, task._id));
    } catch (error) {
      next(await engineError(error));
    }
  });

  router.post('/tasks/:id/unclaim', async (req, res, next) => {
    try {
      const { user, task } = await loadTask(req, 'unclaim');
      if (task.status === 'open') throw conflict(messages.notClaimed);
      // Someone other than the lead gives back only their own task, and only while they still have it.
      const own = !(user.role === 'ke-caseworker' && user.lead === true);
      await ctx.engine.unclaimTask({ taskId: task._id, actor: { id: user.id, name: user.name }, ...(own ? { assignee: user.id } : {}) });
      res.json(await item(user, task._id));
    } catch (error) {
      next(await engineError(error));
    }
  });

  router.post('/tasks/:id/assign', async (req, res, next) => {
    try {
      const { user, task, theCase } = await loadTask(req, 'assign');
      const userId = isRecord(req.body) ? req.body.userId : undefined;
      const unitId = taskFacts(task, theCase).unitId;
      // The lead gives a task to someone of the unit it is offered to; a coordinator hands over their own to another coordinator.
      const handOver = user.role === 'coordinator';
      const roles: Role[] = handOver ? ['coordinator'] : staffRoles.filter((role) => task.candidateGroups.includes(role));
      const target =
        typeof userId === 'string' && userId.length <= 100 && unitId && !(handOver && userId === user.id)
          ? await Users.findOne({ _id: userId, unitId: handOver ? user.unitId : unitId, role: { $in: roles }, active: true }).lean<UserDoc>()
          : null;
      if (!target) throw new HttpError(422, [{ field: 'userId', message: messages.assignee }]);
      await ctx.engine.assignTask({ taskId: task._id, userId: target._id, actor: { id: user.id, name: user.name }, ...(handOver ? { from: user.id } : {}) });
      res.json(await item(user, task._id));
    } catch (error) {
      next(await engineError(error));
    }
  });

  router.put('/tasks/:id/draft', async (req, res, next) => {
    try {
      const { user, task } = await loadTask(req, 'complete');
      const data = isRecord(req.body) ? req.body.data : undefined;
      if (!isRecord(data)) throw new HttpError(400, [{ field: 'data', message: messages.data }]);
      const saved = await ctx.engine.saveTaskDraft({ taskId: task._id, actor: { id: user.id, name: user.name }, draft: data });
      res.json({ draftSavedAt: saved.draftSavedAt?.toISOString() ?? null });
    } catch (error) {
      next(await engineError(error));
    }
  });

  router.post('/tasks/:id/complete', async (req, res, next) => {
    try {
      const { user, task, theCase } = await loadTask(req, 'complete');
      const data = isRecord(req.body) ? req.body.data : undefined;
      if (!isRecord(data)) throw new HttpError(400, [{ field: 'data', message: messages.data }]);
      let output = await validated(req, task.formKey ?? '', data);
      if (task.formKey === 'coordinator-appointment') output = await appointedCoordinator(taskFacts(task, theCase).unitId, output);
      if (task.formKey === 'responsibility-group') await groupMembersChecked(output);
      await ctx.engine.completeTask({ taskId: task._id, actor: { id: user.id, name: user.name }, output, assignee: user.id });
      // A valid signature registered in the signature check confirms the signer's claim to represent the person.
      if (task.formKey === 'signed-request') await signedClaimsVerifier(ctx, { caseId: task.caseId, signature: output });
      const answer: TaskCompleteAnswer = { nextTaskId: await nextTaskId(query, user) };
      res.json(answer);
    } catch (error) {
      next(await engineError(error));
    }
  });

  router.get('/staff/users', async (req, res) => {
    const user = await requireQueue(req, 'staff.list');
    const role = req.query.role;
    if (role !== undefined && !(typeof role === 'string' && (listedRoles as readonly string[]).includes(role))) throw new HttpError(400, [{ field: 'role', message: messages.role }]);
    if (!can(user, 'list', 'staff', { unitId: user.unitId ?? null })) {
      await audit(req, { action: 'staff.list', outcome: 'denied' });
      throw httpError(403, 'forbidden');
    }
    const docs =
      role === 'group-member'
        ? await Users.find({ role: 'group-member', active: true }).sort({ name: 1 }).limit(500).lean<UserDoc[]>()
        : await staffOf(user.unitId!, staffRoles.filter((candidate) => !role || candidate === role));
    const openCases = await Promise.all(docs.map((doc) => (doc.role === 'coordinator' ? ctx.models.Case.countDocuments({ coordinatorId: doc._id, closedAt: null }) : 0)));
    const users: StaffUser[] = docs.map((doc, i) => ({ id: doc._id, name: doc.name, role: doc.role, email: doc.email ?? null, openCases: openCases[i] ?? 0 }));
    await audit(req, { action: 'staff.list', unitId: user.unitId! });
    res.json({ users });
  });

  return router;
}
