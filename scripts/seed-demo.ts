// npm run seed:demo — fills a fresh installation with fictional cases in every stage, so that a
// newcomer sees a living work queue. Every request goes through the same validation and command as
// the web form, and every step through the engine with the forms' own examples. Fictional people
// only; their identity numbers are synthetic test numbers (month + 80) that belong to nobody.
// Stop the product first when it uses the embedded defaults (one process owns the data folder).
import { formsByKey, type FormKey } from '../forms/index.js';
import { makeNationalId, parseNationalId } from '../forms/national-id.js';
import { requestForm, validateRequest } from '../forms/request.js';
import { startCaseServices } from '../server/cases/services.js';
import { createServices, deployAndWatchProcesses } from '../server/services.js';
import { consentWithdrawer } from '../server/commands/consentWithdrawer.js';
import { coordinatorChangeRequester } from '../server/commands/coordinatorChangeRequester.js';
import { requestSubmitter, type CaseCommandContext } from '../server/commands/requestSubmitter.js';
import { loadConfig } from '../server/config.js';
import { engineModels, type TaskDoc } from '../server/engine/index.js';
import { startInfrastructure } from '../server/infrastructure.js';
import { createLogger } from '../server/log.js';
import { fictionalUsers } from '../server/users/fictional.js';

const caseworker = fictionalUsers.find((u) => u.role === 'ke-caseworker') ?? { id: 'demo-caseworker', name: 'Saksbehandler' };
const coordinator = fictionalUsers.find((u) => u.role === 'coordinator') ?? { id: 'demo-coordinator', name: 'Koordinator' };
const citizens = fictionalUsers.filter((u) => u.role === 'citizen' && u.nationalId && parseNationalId(u.nationalId).ok);

type Stage =
  | 'assessing'
  | 'consent-missing'
  | 'offer'
  | 'signature-missing'
  | 'appointing'
  | 'group'
  | 'drafting'
  | 'awaiting-approval'
  | 'active'
  | 'coordinator-change'
  | 'rejected'
  | 'consent-withdrawn';

interface DemoCase {
  stage: Stage;
  person: { name: string; birthDate: string; nationalId?: string };
  /** A parent sends for a child. */
  parent?: { name: string; nationalId?: string };
  notification?: boolean;
  consent?: boolean;
  askFor?: 'plan-and-coordinator' | 'coordinator-only' | 'child-coordinator';
}

const [kari, ola] = citizens;
const demoCases: DemoCase[] = [
  { stage: 'assessing', person: { name: kari?.name ?? 'Sigrid Fjellheim', birthDate: '1970-01-01', ...(kari?.nationalId ? { nationalId: kari.nationalId } : {}) } },
  { stage: 'consent-missing', person: { name: 'Tor Aasen', birthDate: '1958-06-21' }, consent: false },
  { stage: 'offer', person: { name: 'Randi Haugen', birthDate: '1949-11-30' }, notification: true },
  { stage: 'signature-missing', person: { name: 'Leif Olsen', birthDate: '1962-03-08' }, notification: true },
  { stage: 'appointing', person: { name: 'Amina Yusuf', birthDate: '1995-08-14' }, askFor: 'coordinator-only' },
  {
    stage: 'group',
    person: { name: 'Emil Nordmann', birthDate: '2016-09-03' },
    parent: { name: ola?.name ?? 'Ola Nordmann', ...(ola?.nationalId ? { nationalId: ola.nationalId } : {}) },
    askFor: 'child-coordinator',
  },
  { stage: 'drafting', person: { name: 'Jonas Berg', birthDate: '2001-12-12' } },
  { stage: 'awaiting-approval', person: { name: 'Marit Solheim', birthDate: '1984-02-20' } },
  { stage: 'active', person: { name: 'Nora Lie', birthDate: '2013-04-17' }, parent: { name: 'Hege Lie' } },
  { stage: 'coordinator-change', person: { name: 'Petter Dahl', birthDate: '1977-10-05' } },
  { stage: 'rejected', person: { name: 'Kjell Moen', birthDate: '1966-07-19' } },
  { stage: 'consent-withdrawn', person: { name: 'Ingrid Vik', birthDate: '1990-05-25' } },
];

function requestData(demo: DemoCase, index: number): Record<string, unknown> {
  const example = structuredClone(requestForm.example) as unknown as Record<string, unknown>;
  const personId = demo.person.nationalId ?? makeNationalId(demo.person.birthDate, { synthetic: true, individual: 100 + index * 7 });
  const person = { ...(example.person as object), name: demo.person.name, nationalId: personId, email: `${demo.person.name.toLowerCase().replace(/\s+/g, '.')}@example.no` };
  if (demo.notification) {
    return {
      ...example,
      person,
      applicantRole: 'health-personnel',
      applicant: { name: 'Hanne Vik', organisation: 'Sykehuset Innlandet Gjøvik, sykepleier', phone: '61 00 00 00' },
      consent: undefined,
      signature: { fullName: 'Hanne Vik', confirmed: true },
    };
  }
  if (demo.parent) {
    const parentId = demo.parent.nationalId ?? makeNationalId('1980-01-15', { synthetic: true, individual: 200 + index * 7 });
    return {
      ...example,
      person: { ...person, email: undefined, phone: undefined },
      applicantRole: 'parent',
      applicant: { name: demo.parent.name, nationalId: parentId, relation: 'forelder', phone: '41234567' },
      askFor: demo.askFor ?? 'plan-and-coordinator',
      situation: `${demo.person.name.split(' ')[0]} har en sjelden diagnose og trenger oppfølging fra mange tjenester i hverdagen.`,
      coordinationNeeds: 'Skole, avlastning, fysioterapi og habiliteringstjenesten må planlegge sammen.',
      currentServices: [
        { service: 'Spesialundervisning', provider: 'school' },
        { service: 'Avlastning to helger i måneden', provider: 'other' },
        { service: 'Habiliteringstjenesten', provider: 'specialist-health' },
      ],
      signature: { fullName: demo.parent.name, confirmed: true },
      ...(demo.consent === false ? { consent: { given: false } } : {}),
    };
  }
  return {
    ...example,
    person,
    askFor: demo.askFor ?? 'plan-and-coordinator',
    signature: { fullName: demo.person.name, confirmed: true },
    ...(demo.consent === false ? { consent: { given: false } } : {}),
  };
}

function example(key: FormKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(formsByKey[key].example as Record<string, unknown>), ...overrides };
}

async function completeOpen(ctx: CaseCommandContext, instanceId: string, formKey: FormKey, output: Record<string, unknown>, actor = caseworker): Promise<void> {
  const { Task } = engineModels(ctx.models.Case.db);
  const task = await Task.findOne({ instanceId, formKey, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  if (!task) {
    const open = await Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc[]>();
    const instance = await ctx.engine.getInstance({ instanceId }).catch(() => null);
    throw new Error(
      `no open ${formKey} task in ${instanceId} (open: ${open.map((t) => t.formKey).join(', ') || 'none'}; instance ${instance?.status ?? 'missing'} at ${instance?.active.map((a) => a.elementId).join(', ') ?? '-'})`,
    );
  }
  await ctx.engine.completeTask({ taskId: task._id, actor: { id: actor.id, name: actor.name }, output });
}

async function advance(ctx: CaseCommandContext, demo: DemoCase, caseId: string): Promise<void> {
  const caseDoc = await ctx.models.Case.findById(caseId).lean();
  if (!caseDoc) throw new Error(`case ${caseId} is missing`);
  const id = caseDoc.instanceId;
  const order: Stage[] = ['appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'coordinator-change'];
  const reached = (stage: Stage) => order.indexOf(demo.stage) >= order.indexOf(stage) && order.includes(demo.stage);

  if (demo.stage === 'signature-missing') await completeOpen(ctx, id, 'offer-contact', example('offer-contact', { wantsPlan: true }));
  if (demo.stage === 'rejected') {
    await completeOpen(ctx, id, 'need-assessment', example('need-assessment', { decision: 'reject', reasons: 'Behovet kan dekkes av én tjeneste alene, uten samordning over tid.' }));
  }
  if (demo.stage === 'consent-withdrawn') {
    const user = { id: 'demo-citizen', name: demo.person.name, role: 'citizen' as const, nationalId: caseDoc.person.nationalId };
    await consentWithdrawer(ctx, { caseDoc, user, answer: { understood: true, reason: 'Vi flytter til en annen kommune.' } });
  }
  if (!reached('appointing')) return;
  const decision = demo.askFor === 'coordinator-only' ? 'coordinator-only' : 'plan-and-coordinator';
  await completeOpen(ctx, id, 'need-assessment', example('need-assessment', { decision }));
  if (!reached('group') && !reached('drafting')) return;
  await completeOpen(
    ctx,
    id,
    'coordinator-appointment',
    example('coordinator-appointment', { coordinatorUserId: coordinator.id, coordinatorName: coordinator.name, establishResponsibilityGroup: demo.stage === 'group' }),
  );
  await ctx.models.Case.updateOne({ _id: caseDoc._id }, { $set: { coordinatorId: coordinator.id } });
  if (demo.stage === 'group' || !reached('awaiting-approval')) return;
  await completeOpen(ctx, id, 'plan', example('plan'), coordinator);
  if (!reached('active')) return;
  await completeOpen(ctx, id, 'plan-approval', { approved: true }, { id: 'demo-citizen', name: demo.person.name });
  if (demo.stage === 'coordinator-change') {
    const fresh = await ctx.models.Case.findById(caseId).lean();
    const user = { id: 'demo-citizen', name: demo.person.name, role: 'citizen' as const, nationalId: caseDoc.person.nationalId };
    await coordinatorChangeRequester(ctx, { caseDoc: fresh!, user, answer: example('coordinator-change-request') as { reason: string } });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', name: 'seed-demo' });
  const infrastructure = await startInfrastructure(config, logger);
  const services = await createServices({ config, logger, infrastructure });
  (await deployAndWatchProcesses({ services, infrastructure, logger })).close();
  const ctx = await startCaseServices({ config, logger, infrastructure, engine: services.engine });
  try {
    if (await ctx.models.Request.exists({ idempotencyKey: /^demo-/ })) {
      console.log('Demo cases are already there; nothing to do.');
      return;
    }
    for (const [index, demo] of demoCases.entries()) {
      const validated = await validateRequest(requestData(demo, index), 'nb');
      if (!validated.ok) throw new Error(`demo request ${demo.stage} is invalid: ${JSON.stringify(validated.errors)}`);
      const submitted = await requestSubmitter(ctx, { data: validated.value, idempotencyKey: `demo-${index}-${demo.stage}`, language: 'nb' });
      await advance(ctx, demo, submitted.caseId);
      console.log(`${submitted.caseNumber}  ${demo.stage.padEnd(20)} ${demo.person.name}`);
    }
    console.log(`${demoCases.length} fictional cases created. Sign in with the development sign-in to see them.`);
  } finally {
    await services.close();
    await infrastructure.close();
  }
}

await main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
