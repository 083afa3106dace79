// npm run seed:demo — fills a fresh installation with fictional cases in every stage, so that a
// newcomer sees a living work queue and can try every journey. Each case is a small story that
// happened over the last weeks and months: the requests go through the same validation and command
// as the web form, and every step through the engine with the clock moved to the day it happened,
// so dates read as they would have. Fictional people only; their identity numbers are synthetic
// test numbers (month + 80) that belong to nobody.
//
// Kari Nordmann of the development sign-in has a plan waiting for her approval (with consent she
// can change and a coordinator she can ask to change) and an earlier, closed case; Ola Nordmann
// follows his son's case. Stop the product first when it uses the embedded defaults (one process
// owns the data folder).
import { addIsoDuration } from '../server/engine/dates.js';
import { formsByKey, type FormKey } from '../forms/index.js';
import { makeNationalId, todayInNorway } from '../forms/national-id.js';
import { validateRequest } from '../forms/request.js';
import { startCaseServices } from '../server/case-services.js';
import { caseModels } from '../server/cases/models.js';
import { caseEventApplier } from '../server/commands/caseEventApplier.js';
import { consentWithdrawer } from '../server/commands/consentWithdrawer.js';
import { planApprover } from '../server/commands/planApprover.js';
import { planDraftSaver } from '../server/commands/planDraftSaver.js';
import { planGroupSaver } from '../server/commands/planGroupSaver.js';
import { planSender } from '../server/commands/planSender.js';
import { loadPlan } from '../server/plans/index.js';
import type { PlanDraft, ResponsibilityGroup } from '../contract/plan.js';
import type { SessionUser } from '../server/auth/types.js';
import type { CaseDoc } from '../server/cases/models.js';
import { coordinatorChangeRequester } from '../server/commands/coordinatorChangeRequester.js';
import { requestSubmitter, type CaseCommandContext } from '../server/commands/requestSubmitter.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { DataDirInUseError } from '../server/embedded/data-dir-lock.js';
import { RedisServerMissingError } from '../server/embedded/redis.js';
import { createJobQueue, createTimerQueue } from '../server/engine/queues.js';
import { engineModels, type Clock, type TaskDoc } from '../server/engine/index.js';
import { startInfrastructure, type Infrastructure } from '../server/infrastructure.js';
import { createLogger } from '../server/log.js';
import { createServices, deployAndWatchProcesses } from '../server/services.js';
import { fictionalUsers } from '../server/users/fictional.js';
import { jobDelivery } from '../workers/index.js';
import { startJobWorker } from '../workers/jobs/worker.js';
import { outboxModel } from '../server/notifications/outbox.js';

const user = (name: string) => {
  const found = fictionalUsers.find((u) => u.name === name);
  if (!found) throw new Error(`the development sign-in has no ${name}`);
  return found;
};
const kari = user('Kari Nordmann');
const ola = user('Ola Nordmann');
const caseworker = user('Per Hansen');
const coordinatorUser = user('Anne Lie');
/** The fictional physiotherapist of the development sign-in, a member of the responsibility groups of the plans he has measures in. */
const groupMemberUser = user('Jonas Dahl');
/** The coordinator every demo case gets: the fictional Anne Lie, who can sign in and work on them. */
const coordinator = {
  coordinatorName: coordinatorUser.name,
  coordinatorUserId: coordinatorUser.id,
  coordinatorUnit: 'Rehabiliteringstjenesten, Eksempel kommune',
  coordinatorPhone: '+47 61 10 20 30',
  coordinatorEmail: 'anne.lie@eksempel.kommune.no',
};

type Stage =
  | 'assessing'
  | 'consent-missing'
  | 'offer'
  | 'offer-declined'
  | 'signature-missing'
  | 'appointing'
  | 'group'
  | 'drafting'
  | 'awaiting-approval'
  | 'active'
  | 'coordinator-change'
  | 'rejected'
  | 'consent-withdrawn';

type Sharing = { party: string; information: string[] }[];

interface PlanStory {
  goals: string[];
  resourcesAndNeeds: string;
  /** What, who is responsible, and in how many days from the day the plan is drafted. */
  measures: [string, string, number][];
  personContribution?: string;
  cooperation?: string;
}

interface DemoCase {
  stage: Stage;
  /** When the request came in. */
  daysAgo: number;
  person: { name: string; birthDate: string; nationalId?: string; phone?: string };
  /** A parent sends for a child. */
  parent?: { name: string; nationalId?: string; relation: string };
  /** Health personnel notify the coordinating unit (helsepersonelloven § 38a). */
  notification?: { name: string; organisation: string };
  askFor?: 'plan-and-coordinator' | 'coordinator-only' | 'child-coordinator';
  situation: string;
  coordinationNeeds: string;
  currentServices: { service: string; provider: string; contact?: string }[];
  wishedCoordinator?: string;
  /** The consent in the request; none: the person did not consent (yet). */
  consent?: Sharing;
  /** What the coordinating unit wrote in the need assessment. */
  needs: string;
  plan?: PlanStory;
}

const demoCases: DemoCase[] = [
  {
    // Kari's earlier case: the hospital told the coordinating unit after her stroke; she said no then.
    stage: 'offer-declined',
    daysAgo: 240,
    person: { name: kari.name, birthDate: '1970-01-01', nationalId: kari.nationalId!, phone: '915 55 123' },
    notification: { name: 'Hanne Vik', organisation: 'Sykehuset Innlandet Gjøvik, slagenheten' },
    situation: 'Pasienten er innlagt etter hjerneslag med lammelse i høyre arm og nedsatt balanse. Skrives ut til eget hjem med hjemmesykepleie og fysioterapi.',
    coordinationNeeds: 'Hjemmesykepleie, fysioterapi, fastlege og NAV bør samarbeide om oppfølgingen etter utskrivning.',
    currentServices: [{ service: 'Innleggelse på slagenheten', provider: 'specialist-health' }],
    needs: '',
  },
  {
    // Kari asks herself half a year later: the plan is drafted and waits for her answer.
    stage: 'awaiting-approval',
    daysAgo: 49,
    person: { name: kari.name, birthDate: '1970-01-01', nationalId: kari.nationalId!, phone: '915 55 123' },
    situation:
      'Jeg fikk hjerneslag i fjor og takket nei til individuell plan da. Nå ser jeg at jeg trenger hjelp til å få tjenestene til å henge sammen: jeg har fortsatt nedsatt kraft i høyre arm, blir fort sliten og vil tilbake i jobb som regnskapsfører.',
    coordinationNeeds: 'Hjemmesykepleien, fysioterapeuten, fastlegen og NAV gjør hver sin del, og jeg må selv holde oversikten og gjenta historien min.',
    currentServices: [
      { service: 'Hjemmesykepleie morgen og kveld', provider: 'home-care', contact: 'Sone sør, tlf. 61 10 20 00' },
      { service: 'Fysioterapi to ganger i uka', provider: 'other', contact: 'Fysioterapeut Tone Aas' },
      { service: 'Sykepenger og oppfølging', provider: 'nav', contact: 'Veileder Per Holm' },
    ],
    wishedCoordinator: 'Gjerne ergoterapeuten Anne Lie, som jeg har møtt på rehabiliteringen.',
    consent: [
      { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
      { party: 'gp', information: ['health', 'plan'] },
      { party: 'nav', information: ['welfare', 'school-work', 'plan'] },
    ],
    needs: 'Kari har behov for langvarige og koordinerte tjenester etter hjerneslag: hjemmesykepleie, fysioterapi, fastlege og NAV. Hun ønsker å komme tilbake i arbeid.',
    plan: {
      goals: ['Jeg vil klare morgenstellet og matlagingen selv.', 'Jeg vil tilbake i jobb som regnskapsfører, først 50 prosent.'],
      resourcesAndNeeds: 'Kari er målrettet og kjenner kroppen sin godt. Hun trenger trening av arm og balanse, hjelpemidler på kjøkkenet og en gradvis opptrapping i jobb.',
      measures: [
        ['Hverdagsrehabilitering hjemme tre ganger i uka', 'Rehabiliteringstjenesten, ergoterapeut Anne Lie', 42],
        ['Vurdere hjelpemidler på kjøkkenet og i badet', 'Ergoterapeut Anne Lie', 21],
        ['Arbeidsutprøving hos egen arbeidsgiver, 50 prosent', 'NAV, veileder Per Holm', 120],
        ['Gå tur 20 minutter hver dag', 'Kari selv', 60],
      ],
      personContribution: 'Kari trener på egen hånd mellom øktene og fører en enkel dagbok over hvor sliten hun er.',
      cooperation: 'Fastlegen følger opp medisiner og sykmelding; NAV og arbeidsgiver møtes sammen med Kari før arbeidsutprøvingen.',
    },
  },
  {
    stage: 'group',
    daysAgo: 35,
    // As in the population register's file of fictional families, which confirms Ola as Emil's father.
    person: { name: 'Emil Nordmann', birthDate: '2016-09-03', nationalId: '03891650050' },
    parent: { name: ola.name, nationalId: ola.nationalId!, relation: 'far' },
    askFor: 'child-coordinator',
    situation: 'Emil har autisme og epilepsi. Han går i 4. klasse med spesialundervisning og har avlastning, og vi foreldre bruker mye tid på å samordne skole, helse og avlastning.',
    coordinationNeeds: 'Skolen, PP-tjenesten, avlastningen, fastlegen og barneavdelingen på sykehuset må planlegge sammen.',
    currentServices: [
      { service: 'Spesialundervisning', provider: 'school', contact: 'Kontaktlærer Aisha Rahimi' },
      { service: 'Avlastning to helger i måneden', provider: 'other' },
      { service: 'Kontroller på barneavdelingen', provider: 'specialist-health' },
    ],
    consent: [
      { party: 'school', information: ['school-work', 'daily-life', 'plan'] },
      { party: 'ppt', information: ['school-work', 'plan'] },
      { party: 'specialist-health', information: ['health', 'plan'] },
    ],
    needs: 'Emil (10) har autisme og epilepsi og tjenester fra skole, PPT, avlastning og spesialisthelsetjenesten. Familien har rett til barnekoordinator.',
  },
  {
    stage: 'assessing',
    daysAgo: 9,
    person: { name: 'Eva Lund', birthDate: '1979-05-11', phone: '934 12 877' },
    situation: 'Jeg har bipolar lidelse og har vært innlagt to ganger i år. Jeg bor alene med to barn og trenger hjelp til at tjenestene snakker sammen når jeg blir dårlig.',
    coordinationNeeds: 'DPS, fastlegen, NAV og barnas skole vet lite om hverandre, og jeg må forklare alt på nytt hver gang.',
    currentServices: [
      { service: 'Poliklinisk oppfølging på DPS', provider: 'specialist-health' },
      { service: 'Arbeidsavklaringspenger', provider: 'nav' },
    ],
    consent: [
      { party: 'specialist-health', information: ['health', 'plan'] },
      { party: 'gp', information: ['health', 'plan'] },
      { party: 'nav', information: ['welfare', 'plan'] },
    ],
    needs: '',
  },
  {
    stage: 'consent-missing',
    daysAgo: 12,
    person: { name: 'Tor Aasen', birthDate: '1958-06-21', phone: '906 44 210' },
    situation: 'Jeg har KOLS og hjertesvikt og har vært innlagt flere ganger i vinter. Jeg vil gjerne bo hjemme så lenge som mulig.',
    coordinationNeeds: 'Hjemmesykepleien, fastlegen og lungepoliklinikken følger meg opp hver for seg.',
    currentServices: [{ service: 'Hjemmesykepleie', provider: 'home-care' }],
    needs: '',
  },
  {
    stage: 'offer',
    daysAgo: 3,
    person: { name: 'Randi Haugen', birthDate: '1949-11-30' },
    notification: { name: 'Jon Eriksen', organisation: 'Sykehuset Innlandet Gjøvik, ortopedisk avdeling' },
    situation: 'Pasienten er operert for hoftebrudd og har begynnende demens. Skrives ut om få dager og bor alene.',
    coordinationNeeds: 'Hjemmetjenesten, fysioterapi og fastlegen må planlegge hjemkomsten sammen med datteren.',
    currentServices: [{ service: 'Innleggelse etter hoftebrudd', provider: 'specialist-health' }],
    needs: '',
  },
  {
    stage: 'signature-missing',
    daysAgo: 16,
    person: { name: 'Leif Olsen', birthDate: '1962-03-08' },
    notification: { name: 'Mona Dahle', organisation: 'Sykehuset Innlandet Gjøvik, nevrologisk avdeling' },
    situation: 'Pasienten har fått diagnosen ALS og vil trenge stadig mer hjelp hjemme.',
    coordinationNeeds: 'Hjemmetjenesten, hjelpemiddelsentralen, NAV og nevrologisk poliklinikk må samarbeide tett.',
    currentServices: [{ service: 'Nevrologisk poliklinikk', provider: 'specialist-health' }],
    needs: '',
  },
  {
    stage: 'appointing',
    daysAgo: 24,
    person: { name: 'Amina Yusuf', birthDate: '1995-08-14', phone: '455 90 321' },
    askFor: 'coordinator-only',
    situation: 'Jeg kom til Norge for tre år siden og har en sønn med store hjertefeil. Jeg trenger én person å spørre når avtalene kolliderer.',
    coordinationNeeds: 'Helsestasjonen, barnehagen, NAV og sykehuset gir meg hver sine avtaler.',
    currentServices: [
      { service: 'Barnehageplass med ekstra støtte', provider: 'kindergarten' },
      { service: 'Introduksjonsprogrammet', provider: 'nav' },
    ],
    consent: [{ party: 'nav', information: ['welfare', 'family'] }],
    needs: 'Amina ønsker koordinator, ikke individuell plan. Flere tjenester over tid; behov for én kontaktperson.',
  },
  {
    stage: 'drafting',
    daysAgo: 40,
    person: { name: 'Jonas Berg', birthDate: '2001-12-12', phone: '477 31 902' },
    situation: 'Jeg fikk en ryggmargsskade i en trafikkulykke i fjor og bruker rullestol. Jeg vil fullføre studiene og flytte i egen leilighet.',
    coordinationNeeds: 'Hjemmetjenesten, NAV hjelpemiddelsentral, universitetet og fysioterapeuten må planlegge sammen med meg.',
    currentServices: [
      { service: 'Brukerstyrt personlig assistanse', provider: 'home-care' },
      { service: 'Hjelpemidler', provider: 'nav' },
    ],
    consent: [
      { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
      { party: 'nav', information: ['welfare', 'school-work', 'plan'] },
    ],
    needs: 'Jonas (24) har ryggmargsskade og tjenester fra flere sektorer: BPA, hjelpemidler, fysioterapi og tilrettelegging av studiene.',
  },
  {
    stage: 'awaiting-approval',
    daysAgo: 56,
    person: { name: 'Marit Solheim', birthDate: '1984-02-20', phone: '988 12 045' },
    situation: 'Jeg har vært rusfri i ett år etter behandling og bor i kommunal leilighet. Jeg vil i arbeid og ha et godt forhold til datteren min.',
    coordinationNeeds: 'Rustjenesten, NAV, fastlegen og boligkontoret følger meg opp hver for seg.',
    currentServices: [
      { service: 'Oppfølging fra rustjenesten', provider: 'other' },
      { service: 'Kvalifiseringsprogrammet', provider: 'nav' },
    ],
    consent: [
      { party: 'other', information: ['health', 'daily-life', 'plan'] },
      { party: 'nav', information: ['welfare', 'school-work', 'plan'] },
      { party: 'gp', information: ['health', 'plan'] },
    ],
    needs: 'Marit (42) trenger samordnet oppfølging fra rustjenesten, NAV, fastlege og boligkontor for å holde seg rusfri og komme i arbeid.',
    plan: {
      goals: ['Jeg vil ha en fast jobb innen et år.', 'Jeg vil ha samvær med datteren min hver helg.'],
      resourcesAndNeeds: 'Marit er motivert og har et godt nettverk i NA. Hun trenger jevn oppfølging og hjelp til å søke jobb.',
      measures: [
        ['Arbeidstrening i kantina på rådhuset', 'NAV, veileder Sara Nilsen', 90],
        ['Samtaler med rustjenesten annenhver uke', 'Rustjenesten, Ole Brekke', 180],
        ['Søke om å kjøpe den kommunale leiligheten', 'Marit, med hjelp fra boligkontoret', 150],
      ],
      personContribution: 'Marit går på NA-møter og holder avtalene med NAV og rustjenesten.',
    },
  },
  {
    stage: 'active',
    daysAgo: 150,
    // Mother and daughter as the population register's file of fictional families has them, so that
    // the register confirms Hege as Nora's parent (server/population-register/fictional-families.json).
    person: { name: 'Nora Lie', birthDate: '2013-04-17', nationalId: '17841350065' },
    parent: { name: 'Hege Lie', nationalId: '15818025626', relation: 'mor' },
    situation: 'Nora har cerebral parese og bruker rullestol. Hun begynner på ungdomsskolen til høsten, og vi trenger at skole, fysioterapi og habilitering planlegger sammen.',
    coordinationNeeds: 'Skolen, fysioterapeuten, habiliteringstjenesten og avlastningen må samordnes.',
    currentServices: [
      { service: 'Fysioterapi på skolen', provider: 'other' },
      { service: 'Habiliteringstjenesten', provider: 'specialist-health' },
    ],
    consent: [
      { party: 'school', information: ['school-work', 'daily-life', 'plan'] },
      { party: 'specialist-health', information: ['health', 'plan'] },
    ],
    needs: 'Nora (13) har cerebral parese og tjenester fra skole, fysioterapi og habilitering; overgangen til ungdomsskolen må planlegges.',
    plan: {
      goals: ['Jeg vil gå på samme ungdomsskole som vennene mine.', 'Jeg vil bli med på svømmetreningen.'],
      resourcesAndNeeds: 'Nora er sosial og motivert. Hun trenger hjelp til forflytning og tilrettelagt trening.',
      measures: [
        ['Befaring og tilrettelegging på ungdomsskolen', 'Skolen og ergoterapeut', 60],
        ['Gåtrening to ganger i uka', 'Fysioterapeut Jonas Dahl', 90],
        ['Søke om elektrisk rullestol', 'Foreldrene, med hjelp fra ergoterapeut', 30],
      ],
      personContribution: 'Nora trener hjemme med foreldrene.',
      cooperation: 'Samordnes med individuell opplæringsplan på skolen.',
    },
  },
  {
    stage: 'coordinator-change',
    daysAgo: 120,
    person: { name: 'Petter Dahl', birthDate: '1977-10-05', phone: '922 70 118' },
    situation: 'Jeg har schizofreni og bor i bofellesskap. Jeg trenger hjelp til å holde orden på avtaler og økonomi.',
    coordinationNeeds: 'Psykisk helsetjeneste, NAV og fastlegen må samarbeide om oppfølgingen.',
    currentServices: [
      { service: 'Bofellesskap med døgnbemanning', provider: 'home-care' },
      { service: 'Uføretrygd', provider: 'nav' },
    ],
    consent: [
      { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
      { party: 'nav', information: ['welfare', 'plan'] },
    ],
    needs: 'Petter (48) har alvorlig psykisk lidelse og langvarige tjenester fra psykisk helsetjeneste, NAV og fastlege.',
    plan: {
      goals: ['Jeg vil klare å betale regningene mine selv.', 'Jeg vil ha noe å gjøre på dagtid.'],
      resourcesAndNeeds: 'Petter er glad i å lage mat og har god kontakt med broren sin.',
      measures: [
        ['Fast ukentlig gjennomgang av post og regninger', 'Psykisk helsetjeneste, miljøterapeut', 30],
        ['Turgruppe med fysioterapeut hver torsdag', 'Fysioterapeut Jonas Dahl', 90],
        ['Prøve ut arbeid på kafeen i frivilligsentralen', 'NAV og frivilligsentralen', 60],
      ],
      personContribution: 'Petter tar med posten til gjennomgangen hver uke.',
    },
  },
  {
    stage: 'rejected',
    daysAgo: 30,
    person: { name: 'Kjell Moen', birthDate: '1966-07-19', phone: '917 02 554' },
    situation: 'Jeg har slitasjegikt i kneet og venter på operasjon. Jeg trenger hjelp til å få fysioterapi raskere.',
    coordinationNeeds: 'Fysioterapeuten og sykehuset.',
    currentServices: [{ service: 'Fysioterapi', provider: 'other' }],
    consent: [{ party: 'other', information: ['health'] }],
    needs: 'Kjell (60) har ett tjenestebehov (fysioterapi) i påvente av operasjon.',
  },
  {
    stage: 'consent-withdrawn',
    daysAgo: 60,
    person: { name: 'Ingrid Vik', birthDate: '1990-05-25', phone: '469 33 871' },
    situation: 'Jeg har ME og er mye sengeliggende. Jeg trenger at hjemmetjenesten, fastlegen og NAV samarbeider.',
    coordinationNeeds: 'Hjemmetjenesten, fastlegen og NAV.',
    currentServices: [{ service: 'Praktisk bistand', provider: 'home-care' }],
    consent: [{ party: 'home-care', information: ['health', 'daily-life'] }],
    needs: 'Ingrid (36) har ME og behov for samordnede tjenester over tid.',
  },
];

/** The seeding clock: moved to the day each step of a story happened. */
const demoClock: Clock & { at: Date } = { at: new Date(), now: () => new Date(demoClock.at.getTime()) };
const day = 86_400_000;

/** Sets the clock `days` days ago at a working hour, never later than now. */
function setDaysAgo(days: number, hour = 10): void {
  const at = new Date(Date.now() - days * day);
  at.setUTCHours(hour - 1, 15 + (days % 40), 0, 0);
  demoClock.at = new Date(Math.min(at.getTime(), Date.now() - 60_000));
}

function dateIn(days: number): string {
  return todayInNorway(new Date(demoClock.now().getTime() + days * day));
}

function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/\s+/g, '.')}@example.no`;
}

function requestData(demo: DemoCase, index: number): Record<string, unknown> {
  const personId = demo.person.nationalId ?? makeNationalId(demo.person.birthDate, { synthetic: true, individual: 100 + index * 7 });
  const child = demo.parent !== undefined;
  const person = {
    name: demo.person.name,
    nationalId: personId,
    writtenForm: 'nb',
    interpreterNeeded: false,
    ...(child || demo.notification ? {} : { phone: demo.person.phone, email: emailOf(demo.person.name) }),
  };
  const story = {
    askFor: demo.askFor ?? 'plan-and-coordinator',
    situation: demo.situation,
    coordinationNeeds: demo.coordinationNeeds,
    currentServices: demo.currentServices,
    ...(demo.wishedCoordinator ? { wishedCoordinator: demo.wishedCoordinator } : {}),
  };
  const consent = demo.consent ? { given: true, sharing: demo.consent, duration: 'until-withdrawn' } : { given: false };
  if (demo.notification) {
    return {
      person,
      applicantRole: 'health-personnel',
      applicant: { name: demo.notification.name, organisation: demo.notification.organisation, phone: '61 15 70 00' },
      ...story,
      signature: { fullName: demo.notification.name, confirmed: true },
    };
  }
  if (demo.parent) {
    const parentId = demo.parent.nationalId ?? makeNationalId('1981-01-15', { synthetic: true, individual: 200 + index * 7 });
    return {
      person,
      applicantRole: 'parent',
      applicant: { name: demo.parent.name, nationalId: parentId, relation: demo.parent.relation, phone: '412 34 567', email: emailOf(demo.parent.name) },
      ...story,
      consent,
      signature: { fullName: demo.parent.name, confirmed: true },
    };
  }
  return { person, applicantRole: 'person', ...story, consent, signature: { fullName: demo.person.name, confirmed: true } };
}

/** The story's plan as the coordinator writes it in the workspace: goals and measures with ids, each measure tied to the goal it serves. */
function planData(story: PlanStory): PlanDraft {
  return {
    goals: story.goals.map((goal, i) => ({ id: `g${i + 1}`, goal })),
    resourcesAndNeeds: story.resourcesAndNeeds,
    participants: [],
    measures: story.measures.map(([what, responsible, days], i) => ({
      id: `m${i + 1}`,
      goalId: `g${Math.min(i + 1, story.goals.length)}`,
      what,
      responsible,
      responsibleKind: /selv$|^Foreldrene|^Marit/.test(responsible) ? (/^Foreldrene/.test(responsible) ? 'relative' : 'person') : 'service',
      ...(responsible.includes(groupMemberUser.name) ? { responsibleUserId: groupMemberUser.id } : {}),
      from: dateIn(0),
      byWhen: dateIn(days),
      status: 'planned',
    })),
    otherPlans: story.cooperation?.includes('opplæringsplan') ? [{ name: 'Individuell opplæringsplan', holder: 'Skolen' }] : [],
    ...(story.personContribution ? { personContribution: story.personContribution } : {}),
    ...(story.cooperation ? { cooperation: story.cooperation } : {}),
    periodFrom: dateIn(0),
    periodTo: todayInNorway(addIsoDuration(demoClock.now(), 'P1Y')),
    nextReviewOn: todayInNorway(addIsoDuration(demoClock.now(), 'P6M')),
  };
}

/** The responsibility group of a story's plan: whoever carries a service's measure, Jonas Dahl as a user where he does, and the first meeting with its minutes. */
function groupOf(draft: PlanDraft): ResponsibilityGroup {
  const services = draft.measures.filter((m) => m.responsibleKind === 'service');
  const members = [...new Map(services.map((m) => [m.responsible!, m])).values()].map((m, i) => ({
    id: `p${i + 1}`,
    name: m.responsible!,
    kind: 'professional' as const,
    responsibility: m.what!,
    ...(m.responsibleUserId ? { userId: m.responsibleUserId, contact: 'jonas.dahl@eksempel.kommune.no' } : {}),
  }));
  return {
    members,
    meetings: [
      {
        id: 't1',
        at: `${dateIn(-3)}T10:00`,
        place: 'Rådhuset, møterom 2',
        video: false,
        agenda: 'Målene, tiltakene og hvem som gjør hva',
        attendeeIds: members.map((m) => m.id),
        minutes: `Vi gikk gjennom målene sammen. ${draft.goals.map((g) => g.goal).join(' ')} Tiltakene og ansvaret ble fordelt som i planen.`,
        followUps: [{ id: 'f1', text: 'Koordinatoren skriver planen og sender den til godkjenning', done: true }],
      },
    ],
  };
}

interface Seeding {
  ctx: CaseCommandContext;
  /** Resolves when the letters, notifications and case events the process produced so far are handled. */
  settled(): Promise<void>;
}

async function completeOpen(seeding: Seeding, instanceId: string, formKey: FormKey, output: Record<string, unknown>, actor: { id: string; name: string } = caseworker): Promise<void> {
  const { ctx } = seeding;
  const { Task } = engineModels(ctx.models.Case.db);
  const task = await Task.findOne({ instanceId, formKey, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  if (!task) {
    const open = await Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc[]>();
    throw new Error(`no open ${formKey} task in ${instanceId} (open: ${open.map((t) => t.formKey).join(', ') || 'none'})`);
  }
  // The answer is the form's, checked by the form's own schema, as if typed in by staff.
  const checked = await formsByKey[formKey].schema.validate(output, { stripUnknown: true });
  await ctx.engine.completeTask({ taskId: task._id, actor: { id: actor.id, name: actor.name }, output: checked as Record<string, unknown> });
  await seeding.settled();
}

/** Moves the story's case along the process, each step on its own day after the request came in. */
async function advance(seeding: Seeding, demo: DemoCase, caseId: string): Promise<void> {
  const { ctx } = seeding;
  const caseDoc = await ctx.models.Case.findById(caseId).lean();
  if (!caseDoc) throw new Error(`case ${caseId} is missing`);
  const id = caseDoc.instanceId;
  const order: Stage[] = ['appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'coordinator-change'];
  const reached = (stage: Stage) => order.includes(demo.stage) && order.indexOf(demo.stage) >= order.indexOf(stage);
  // Steps spread over the time since the request: a fifth of it each, the last one a day or two ago.
  let elapsed = demo.daysAgo;
  const nextDay = (share = 0.2) => {
    elapsed = Math.max(1, Math.round(elapsed - Math.max(1, demo.daysAgo * share)));
    setDaysAgo(elapsed, 9 + (elapsed % 6));
  };
  const person = { id: demo.person.nationalId === kari.nationalId ? kari.id : `demo-${caseId}`, name: demo.parent?.name ?? demo.person.name, role: 'citizen' as const, nationalId: caseDoc.person.nationalId };

  if (demo.notification) {
    if (demo.stage === 'offer') return;
    nextDay(0.3);
    const wantsPlan = demo.stage !== 'offer-declined';
    await completeOpen(seeding, id, 'offer-contact', {
      notifiedBy: demo.notification.organisation,
      contactedOn: dateIn(0),
      contactMethod: 'phone',
      wantsPlan,
      ...(wantsPlan ? {} : { notes: 'Vil prøve seg med hjemmesykepleie og fysioterapi først. Vet at hun kan be om plan senere.' }),
    });
    return;
  }
  if (demo.stage === 'rejected') {
    nextDay(0.6);
    await completeOpen(seeding, id, 'need-assessment', {
      needs: demo.needs,
      decision: 'reject',
      reasons: 'Behovet gjelder én tjeneste, fysioterapi, og krever ikke samordning mellom flere tjenester over tid. Fastlegen kan henvise på nytt ved behov.',
      decidedOn: dateIn(0),
    });
    return;
  }
  if (demo.stage === 'consent-withdrawn') {
    nextDay(0.5);
    await consentWithdrawer(ctx, { caseDoc, user: person, answer: { understood: true, reason: 'Jeg flytter til søsteren min i en annen kommune.' } });
    await seeding.settled();
    return;
  }
  if (!reached('appointing')) return;
  nextDay();
  await completeOpen(seeding, id, 'need-assessment', {
    needs: demo.needs,
    decision: demo.askFor === 'coordinator-only' ? 'coordinator-only' : 'plan-and-coordinator',
    ...(demo.askFor === 'child-coordinator' ? { childCoordinator: true } : {}),
    decidedOn: dateIn(0),
  });
  if (demo.stage === 'appointing') return;
  nextDay();
  await completeOpen(seeding, id, 'coordinator-appointment', {
    ...(demo.wishedCoordinator ? { personWish: demo.wishedCoordinator, wishOutcome: 'followed' } : { wishOutcome: 'no-wish' }),
    ...coordinator,
    establishResponsibilityGroup: demo.stage === 'group',
  });
  if (demo.stage === 'group' || !reached('awaiting-approval') || !demo.plan) return;
  nextDay(0.15);
  setDaysAgo(Math.min(elapsed, demo.stage === 'awaiting-approval' ? 2 : elapsed), 13);
  // The coordinator writes the plan in the workspace, with the group and its first meeting, and sends it.
  const draft = planData(demo.plan);
  const atDrafting = (await ctx.models.Case.findById(caseId).lean<CaseDoc>())!;
  const coordinatorSession: SessionUser = { id: coordinatorUser.id, name: coordinatorUser.name, role: 'coordinator', unitId: coordinatorUser.unitId! };
  const started = await loadPlan(ctx, atDrafting);
  await planGroupSaver(ctx, { caseDoc: atDrafting, user: coordinatorSession, revision: started.groupRevision, group: groupOf(draft) });
  const saved = await planDraftSaver(ctx, { caseDoc: atDrafting, user: coordinatorSession, revision: started.revision, draft });
  await planSender(ctx, { caseDoc: atDrafting, user: coordinatorSession, revision: saved.revision, language: 'nb' });
  await seeding.settled();
  if (!reached('active')) return;
  nextDay(0.05);
  await planApprover(ctx, { caseDoc: atDrafting, user: person, answer: { approved: true } });
  await seeding.settled();
  if (demo.stage === 'coordinator-change') {
    setDaysAgo(4, 19);
    const fresh = await ctx.models.Case.findById(caseId).lean();
    await coordinatorChangeRequester(ctx, {
      caseDoc: fresh!,
      user: person,
      answer: { reason: 'Jeg har byttet bofellesskap og ønsker en koordinator som jobber i bydelen der jeg bor nå.', wishedCoordinator: 'Miljøterapeut Tone Berg' },
    });
    await seeding.settled();
  }
}

/** Waits until the job queue has nothing waiting or running (the process's case events applied). */
async function untilSettled(queue: ReturnType<typeof createJobQueue>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error(`the job queue did not empty: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The stories' timers (reminders, deadlines, reviews) were put in Redis counted from the story's
 * clock. MongoDB holds their true due times: drop the jobs and let the engine schedule them again
 * from today, as it does for timers Redis lost.
 */
async function rescheduleTimers(infrastructure: Infrastructure, engine: { restoreTimers(): Promise<unknown> }): Promise<void> {
  demoClock.at = new Date();
  const { Timer } = engineModels(infrastructure.db);
  const queue = createTimerQueue(infrastructure.createRedisConnection());
  try {
    for (const timer of await Timer.find({ status: 'scheduled' }, { _id: 1 }).lean<{ _id: string }[]>()) await (await queue.getJob(timer._id))?.remove();
    await engine.restoreTimers();
  } finally {
    await queue.close();
  }
}

async function seed(infrastructure: Infrastructure, logger: ReturnType<typeof createLogger>): Promise<void> {
  const config = loadConfig();
  const services = await createServices({ config, logger, infrastructure, clock: demoClock });
  (await deployAndWatchProcesses({ services, infrastructure, logger })).close();
  const ctx: CaseCommandContext = { ...(await startCaseServices({ config, logger, infrastructure, engine: services.engine })), clock: demoClock };
  // Case events (coordinator appointed, case closed) are applied here, on the story's day.
  const outbox = outboxModel(infrastructure.db);
  await outbox.init();
  const worker = await startJobWorker({
    connection: infrastructure.createRedisConnection(),
    logger,
    deliver: jobDelivery({
      outbox,
      cases: caseModels(infrastructure.db),
      logger,
      onCaseEvent: async (job) => {
        await caseEventApplier({ models: ctx.models, logger, clock: demoClock }, job);
      },
    }),
  });
  const queue = createJobQueue(infrastructure.createRedisConnection());
  const seeding: Seeding = { ctx, settled: () => untilSettled(queue) };
  try {
    await worker.ready();
    if (await ctx.models.Request.exists({ idempotencyKey: /^demo-/ })) {
      console.log('The demo cases are already there; nothing to do.');
      return;
    }
    for (const [index, demo] of demoCases.entries()) {
      setDaysAgo(demo.daysAgo, 8 + (index % 8));
      const validated = await validateRequest(requestData(demo, index), 'nb');
      if (!validated.ok) throw new Error(`demo request ${index} (${demo.stage}) is invalid: ${JSON.stringify(validated.errors)}`);
      const submitted = await requestSubmitter(ctx, { data: validated.value, idempotencyKey: `demo-${index}-${demo.stage}`, language: 'nb' });
      await seeding.settled();
      await advance(seeding, demo, submitted.caseId);
      console.log(`${submitted.caseNumber}  ${demo.stage.padEnd(18)} ${demo.person.name}${demo.parent ? ` (sent by ${demo.parent.name})` : ''}`);
    }
    await rescheduleTimers(infrastructure, services.engine);
    console.log(`${demoCases.length} fictional cases created. Start the product (npm start) and sign in with the development sign-in: Kari Nordmann has a plan to approve.`);
  } finally {
    await worker.close();
    await queue.close();
    await services.close();
  }
}

/** One line for the problems a newcomer meets, a stack trace only for the unexpected. */
function explain(error: unknown): string | undefined {
  if (error instanceof DataDirInUseError) {
    return `The product is running and holds the data folder (${loadConfig().dataDir}): stop it (Ctrl+C where npm start runs), run npm run seed:demo again, then start it.`;
  }
  if (error instanceof ConfigError || error instanceof RedisServerMissingError) return error.message;
  return undefined;
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'warn', name: 'seed-demo' });
  const infrastructure = await startInfrastructure(loadConfig(), logger);
  try {
    await seed(infrastructure, logger);
  } finally {
    await infrastructure.close();
  }
}

await main().then(
  () => process.exit(0),
  (error: unknown) => {
    const known = explain(error);
    if (known) console.error(known);
    else console.error(error);
    process.exit(1);
  },
);
