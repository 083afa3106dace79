import * as yup from 'yup';
import { formErrors, type FieldError } from './messages.js';
import { choice, date, dateNotBefore, ownData, requiredText, text, yesNo } from './schema.js';
import { defaultLanguage, defineForm, l10n, type Language } from './types.js';

/** A measure's course: planned, ongoing, done or stopped. */
export const measureStatuses = ['planned', 'ongoing', 'done', 'stopped'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];
/** Who carries a measure: a service, the person, or a relative. */
export const responsibleKinds = ['service', 'person', 'relative'] as const;
export type ResponsibleKind = (typeof responsibleKinds)[number];

/** Ids of goals and measures, made by the browser when a row is added; they carry a goal or measure from version to version. */
const itemId = () => text(40).matches(/^[A-Za-z0-9_-]+$/, { message: 'invalidChoice', excludeEmptyString: true });

const goal = yup.object({
  id: itemId().optional(),
  goal: requiredText(1000),
});

const measure = yup.object({
  id: itemId().optional(),
  /** The goal the measure serves. */
  goalId: itemId().optional(),
  what: requiredText(1000),
  scope: text(500).optional(),
  responsibleKind: choice(responsibleKinds).optional(),
  responsible: requiredText(200),
  /** The responsibility group member who uses the product and carries the measure: they report on it. */
  responsibleUserId: text(100).optional(),
  how: text(2000).optional(),
  from: date().optional(),
  byWhen: dateNotBefore('from').required('required'),
  status: choice(measureStatuses).default('planned'),
});

const participant = yup.object({
  name: requiredText(200),
  role: text(200).optional(),
});

const otherPlan = yup.object({
  name: requiredText(200),
  holder: text(200).optional(),
  note: text(1000).optional(),
});

/** The individual plan (forskrift om individuell plan ved ytelse av velferdstjenester), parts (a)–(i). */
const schema = yup.object({
  goals: yup.array(goal).default([]).min(1, 'goalsRequired').max(50, 'maxItems'),
  resourcesAndNeeds: text(4000).optional(),
  participants: yup.array(participant).default([]).max(50, 'maxItems'),
  measures: yup.array(measure).default([]).min(1, 'measuresRequired').max(100, 'maxItems'),
  personContribution: text(2000).optional(),
  servicesContribution: text(2000).optional(),
  relativesContribution: text(2000).optional(),
  cooperation: text(2000).optional(),
  otherPlans: yup.array(otherPlan).default([]).max(20, 'maxItems'),
  periodFrom: date().required('required'),
  periodTo: dateNotBefore('periodFrom').required('required'),
  adjustmentOn: dateNotBefore('periodFrom', 'reviewBeforeStart').optional(),
  nextReviewOn: dateNotBefore('periodFrom', 'reviewBeforeStart').required('required'),
});

/**
 * A draft of the plan as it is saved while the coordinator types: the same fields and limits,
 * nothing required yet (sending it for approval checks the whole plan), every goal and measure with its id.
 */
export const planDraftSchema = yup.object({
  goals: yup.array(yup.object({ id: itemId().required('required'), goal: text(1000).optional() })).default([]).max(50, 'maxItems'),
  resourcesAndNeeds: text(4000).optional(),
  participants: yup.array(yup.object({ name: text(200).optional(), role: text(200).optional() })).default([]).max(50, 'maxItems'),
  measures: yup
    .array(
      yup.object({
        id: itemId().required('required'),
        goalId: itemId().optional(),
        what: text(1000).optional(),
        scope: text(500).optional(),
        responsibleKind: choice(responsibleKinds).optional(),
        responsible: text(200).optional(),
        responsibleUserId: text(100).optional(),
        how: text(2000).optional(),
        from: date().optional(),
        byWhen: date().optional(),
        status: choice(measureStatuses).default('planned'),
      }),
    )
    .default([])
    .max(100, 'maxItems'),
  personContribution: text(2000).optional(),
  servicesContribution: text(2000).optional(),
  relativesContribution: text(2000).optional(),
  cooperation: text(2000).optional(),
  otherPlans: yup.array(yup.object({ name: text(200).optional(), holder: text(200).optional(), note: text(1000).optional() })).default([]).max(20, 'maxItems'),
  periodFrom: date().optional(),
  periodTo: date().optional(),
  adjustmentOn: date().optional(),
  nextReviewOn: date().optional(),
});

const dateTime = () =>
  text(16).matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'invalidDateTime', excludeEmptyString: true });

/** The responsibility group as the plan workspace keeps it: members and meetings (with minutes and follow-up points). */
export const planGroupSchema = yup.object({
  members: yup
    .array(
      yup.object({
        id: itemId().required('required'),
        name: requiredText(200),
        kind: choice(['professional', 'person', 'relative'] as const).default('professional'),
        organisation: text(200).optional(),
        role: text(200).optional(),
        contact: text(200).optional(),
        responsibility: text(1000).optional(),
        userId: text(100).optional(),
      }),
    )
    .default([])
    .max(30, 'maxItems'),
  meetings: yup
    .array(
      yup.object({
        id: itemId().required('required'),
        at: dateTime().required('required'),
        place: text(200).optional(),
        video: yesNo().default(false),
        agenda: text(2000).optional(),
        attendeeIds: yup.array(itemId().defined()).default([]).max(30, 'maxItems'),
        minutes: text(8000).optional(),
        followUps: yup
          .array(
            yup.object({
              id: itemId().required('required'),
              text: requiredText(1000),
              responsible: text(200).optional(),
              dueOn: date().optional(),
              measureId: itemId().optional(),
              done: yesNo().default(false),
            }),
          )
          .default([])
          .max(50, 'maxItems'),
      }),
    )
    .default([])
    .max(200, 'maxItems'),
});

/** A group member's report on a measure they carry. */
export const measureReportSchema = yup.object({
  status: choice(measureStatuses).required('requiredChoice'),
  note: text(2000).optional(),
});

export type PlanValidation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Validates (trims, drops unknown fields) data of the plan workspace: the draft, the group or a report. */
export async function validatePlanPart<S extends yup.AnyObjectSchema>(schema: S, data: unknown, language: Language = defaultLanguage): Promise<PlanValidation<yup.InferType<S>>> {
  try {
    return { ok: true, value: (await schema.validate(ownData(data), { abortEarly: false, stripUnknown: true })) as yup.InferType<S> };
  } catch (error) {
    if (error instanceof yup.ValidationError) return { ok: false, errors: formErrors(error, language, planForm.messages) };
    throw error;
  }
}

export const planForm = defineForm({
  key: 'plan',
  variable: 'plan',
  title: l10n('Utarbeid plan', 'Utarbeid plan', 'Draft plan'),
  description: l10n(
    'Lag planen sammen med personen: personens egne mål, tiltak, hvem som har ansvar og når. Planen sendes til personen for godkjenning.',
    'Lag planen saman med personen: måla til personen, tiltak, kven som har ansvar og når. Planen blir send til personen for godkjenning.',
    "Draft the plan with the person: the person's own goals, measures, who is responsible and by when. The plan is sent to the person for approval.",
  ),
  fields: [
    {
      name: 'goals',
      type: 'group',
      repeatable: true,
      minItems: 1,
      required: true,
      label: l10n('Mål', 'Mål', 'Goals'),
      itemLabel: l10n('Mål', 'Mål', 'Goal'),
      hint: l10n('Målene skal være personens egne, med personens ord.', 'Måla skal vere personen sine eigne, med orda til personen.', "The goals are the person's own, in their own words."),
      addLabel: l10n('Legg til mål', 'Legg til mål', 'Add goal'),
      fields: [{ name: 'goal', type: 'textarea', required: true, maxLength: 1000, label: l10n('Mål', 'Mål', 'Goal') }],
    },
    {
      name: 'resourcesAndNeeds',
      type: 'textarea',
      maxLength: 4000,
      label: l10n('Ressurser og behov', 'Ressursar og behov', 'Resources and needs'),
    },
    {
      name: 'participants',
      type: 'group',
      repeatable: true,
      maxItems: 50,
      label: l10n('Hvem deltar i planarbeidet', 'Kven deltek i planarbeidet', 'Who takes part in the planning'),
      itemLabel: l10n('Deltaker', 'Deltakar', 'Participant'),
      addLabel: l10n('Legg til deltaker', 'Legg til deltakar', 'Add participant'),
      fields: [
        { name: 'name', type: 'text', required: true, maxLength: 200, label: l10n('Navn', 'Namn', 'Name') },
        { name: 'role', type: 'text', maxLength: 200, label: l10n('Rolle', 'Rolle', 'Role') },
      ],
    },
    {
      name: 'measures',
      type: 'group',
      repeatable: true,
      minItems: 1,
      required: true,
      label: l10n('Tiltak', 'Tiltak', 'Measures'),
      itemLabel: l10n('Tiltak', 'Tiltak', 'Measure'),
      addLabel: l10n('Legg til tiltak', 'Legg til tiltak', 'Add measure'),
      fields: [
        { name: 'what', type: 'textarea', required: true, maxLength: 1000, label: l10n('Hva skal gjøres?', 'Kva skal gjerast?', 'What shall be done?') },
        {
          name: 'responsible',
          type: 'text',
          required: true,
          maxLength: 200,
          label: l10n('Hvem har ansvar?', 'Kven har ansvaret?', 'Who is responsible?'),
          hint: l10n('Også det personen selv har ansvar for.', 'Også det personen sjølv har ansvar for.', 'Including what the person is responsible for.'),
        },
        { name: 'byWhen', type: 'date', required: true, label: l10n('Til hvilken tid?', 'Til kva tid?', 'By when?') },
        { name: 'scope', type: 'text', maxLength: 500, label: l10n('Omfang', 'Omfang', 'Scope'), hint: l10n('For eksempel to timer i uka.', 'Til dømes to timar i veka.', 'For example two hours a week.') },
        { name: 'how', type: 'textarea', maxLength: 2000, label: l10n('Hvordan gjennomføres tiltaket?', 'Korleis blir tiltaket gjennomført?', 'How is the measure carried out?') },
        { name: 'from', type: 'date', label: l10n('Fra når?', 'Frå når?', 'From when?') },
        {
          name: 'status',
          type: 'choice',
          display: 'select',
          label: l10n('Status', 'Status', 'Status'),
          options: [
            { value: 'planned', label: l10n('Planlagt', 'Planlagt', 'Planned') },
            { value: 'ongoing', label: l10n('Pågår', 'Pågår', 'Ongoing') },
            { value: 'done', label: l10n('Gjennomført', 'Gjennomført', 'Done') },
            { value: 'stopped', label: l10n('Avsluttet', 'Avslutta', 'Stopped') },
          ],
        },
      ],
    },
    {
      name: 'servicesContribution',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Hva tjenestene bidrar med', 'Kva tenestene bidreg med', 'What the services contribute'),
    },
    {
      name: 'relativesContribution',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Hva pårørende bidrar med', 'Kva pårørande bidreg med', 'What relatives contribute'),
    },
    {
      name: 'personContribution',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Hva personen selv bidrar med', 'Kva personen sjølv bidreg med', 'What the person contributes'),
    },
    {
      name: 'cooperation',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Samarbeid med andre tjenester og planer', 'Samarbeid med andre tenester og planar', 'Cooperation with other services and plans'),
      hint: l10n('For eksempel NAV, skole, barnevern eller individuell opplæringsplan.', 'Til dømes NAV, skule, barnevern eller individuell opplæringsplan.', 'For example NAV, school, child welfare or an individual education plan.'),
    },
    {
      name: 'otherPlans',
      type: 'group',
      repeatable: true,
      maxItems: 20,
      label: l10n('Andre planer planen samordnes med', 'Andre planar planen blir samordna med', 'Other plans this plan is coordinated with'),
      itemLabel: l10n('Plan', 'Plan', 'Plan'),
      addLabel: l10n('Legg til plan', 'Legg til plan', 'Add plan'),
      fields: [
        { name: 'name', type: 'text', required: true, maxLength: 200, label: l10n('Plan', 'Plan', 'Plan'), hint: l10n('For eksempel individuell opplæringsplan.', 'Til dømes individuell opplæringsplan.', 'For example an individual education plan.') },
        { name: 'holder', type: 'text', maxLength: 200, label: l10n('Hvem har planen', 'Kven har planen', 'Who holds the plan') },
        { name: 'note', type: 'textarea', maxLength: 1000, label: l10n('Merknad', 'Merknad', 'Note') },
      ],
    },
    { name: 'periodFrom', type: 'date', required: true, label: l10n('Planperiode fra', 'Planperiode frå', 'Plan period from') },
    { name: 'periodTo', type: 'date', required: true, label: l10n('Planperiode til', 'Planperiode til', 'Plan period to') },
    { name: 'adjustmentOn', type: 'date', label: l10n('Dato for justering', 'Dato for justering', 'Date for adjustment') },
    {
      name: 'nextReviewOn',
      type: 'date',
      required: true,
      label: l10n('Neste evaluering', 'Neste evaluering', 'Next review'),
      hint: l10n('Planen evalueres jevnlig.', 'Planen blir evaluert jamleg.', 'The plan is reviewed periodically.'),
    },
  ],
  messages: {
    goalsRequired: l10n('Legg til minst ett mål.', 'Legg til minst eitt mål.', 'Add at least one goal.'),
    measuresRequired: l10n('Legg til minst ett tiltak.', 'Legg til minst eitt tiltak.', 'Add at least one measure.'),
    invalidDateTime: l10n('Skriv dato og klokkeslett.', 'Skriv dato og klokkeslett.', 'Enter a date and a time.'),
    dateBeforeStart: l10n('Sluttdatoen kan ikke være før startdatoen.', 'Sluttdatoen kan ikkje vere før startdatoen.', 'The end date cannot be before the start date.'),
    reviewBeforeStart: l10n(
      'Evalueringen kan ikke være før planperioden starter.',
      'Evalueringa kan ikkje vere før planperioden startar.',
      'The review cannot be before the plan period starts.',
    ),
  },
  schema,
  example: {
    goals: [
      { id: 'g1', goal: 'Jeg vil gå til skolen sammen med vennene mine.' },
      { id: 'g2', goal: 'Jeg vil bli med på håndballtreningen.' },
    ],
    resourcesAndNeeds: 'Sondre er sosial og motivert. Trenger hjelp til forflytning og tilrettelagt trening.',
    participants: [
      { name: 'Sondre', role: 'Personen selv' },
      { name: 'Per Lunde', role: 'Fysioterapeut, kommunen' },
    ],
    measures: [
      { id: 'm1', goalId: 'g1', what: 'Gåtrening to ganger i uka', scope: '2 × 45 minutter i uka', responsibleKind: 'service', responsible: 'Per Lunde, fysioterapeut', how: 'På skolen etter lunsj.', from: '2025-04-15', byWhen: '2025-06-20', status: 'ongoing' },
      { id: 'm2', goalId: 'g2', what: 'Søke om elektrisk rullestol', responsibleKind: 'relative', responsible: 'Foreldrene, med hjelp fra ergoterapeut', byWhen: '2025-05-01', status: 'planned' },
      { id: 'm3', goalId: 'g1', what: 'Øve på skoleveien hver fredag', responsibleKind: 'person', responsible: 'Sondre', byWhen: '2025-06-20', status: 'planned' },
    ],
    personContribution: 'Sondre øver på skoleveien hver fredag.',
    relativesContribution: 'Foreldrene følger opp treningen hjemme.',
    cooperation: 'Samordnes med individuell opplæringsplan på Solberg skole.',
    otherPlans: [{ name: 'Individuell opplæringsplan', holder: 'Solberg skole' }],
    periodFrom: '2025-04-15',
    periodTo: '2026-04-14',
    nextReviewOn: '2025-10-15',
  },
});
