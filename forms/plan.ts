import * as yup from 'yup';
import { date, dateNotBefore, requiredText, text } from './schema.js';
import { defineForm, l10n } from './types.js';

const goal = yup.object({
  goal: requiredText(1000),
});

const measure = yup.object({
  what: requiredText(1000),
  responsible: requiredText(200),
  byWhen: date().required('required'),
});

/** The individual plan (forskrift om individuell plan ved ytelse av velferdstjenester). */
const schema = yup.object({
  goals: yup.array(goal).default([]).min(1, 'goalsRequired'),
  resourcesAndNeeds: text(4000).optional(),
  measures: yup.array(measure).default([]).min(1, 'measuresRequired'),
  personContribution: text(2000).optional(),
  cooperation: text(2000).optional(),
  periodFrom: date().required('required'),
  periodTo: dateNotBefore('periodFrom').required('required'),
  nextReviewOn: dateNotBefore('periodFrom', 'reviewBeforeStart').required('required'),
});

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
      ],
    },
    {
      name: 'personContribution',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Hva personen og pårørende bidrar med', 'Kva personen og pårørande bidreg med', 'What the person and relatives contribute'),
    },
    {
      name: 'cooperation',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Samarbeid med andre tjenester og planer', 'Samarbeid med andre tenester og planar', 'Cooperation with other services and plans'),
      hint: l10n('For eksempel NAV, skole, barnevern eller individuell opplæringsplan.', 'Til dømes NAV, skule, barnevern eller individuell opplæringsplan.', 'For example NAV, school, child welfare or an individual education plan.'),
    },
    { name: 'periodFrom', type: 'date', required: true, label: l10n('Planperiode fra', 'Planperiode frå', 'Plan period from') },
    { name: 'periodTo', type: 'date', required: true, label: l10n('Planperiode til', 'Planperiode til', 'Plan period to') },
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
    dateBeforeStart: l10n('Sluttdatoen kan ikke være før startdatoen.', 'Sluttdatoen kan ikkje vere før startdatoen.', 'The end date cannot be before the start date.'),
    reviewBeforeStart: l10n(
      'Evalueringen kan ikke være før planperioden starter.',
      'Evalueringa kan ikkje vere før planperioden startar.',
      'The review cannot be before the plan period starts.',
    ),
  },
  schema,
  example: {
    goals: [{ goal: 'Jeg vil gå til skolen sammen med vennene mine.' }, { goal: 'Jeg vil bli med på håndballtreningen.' }],
    resourcesAndNeeds: 'Sondre er sosial og motivert. Trenger hjelp til forflytning og tilrettelagt trening.',
    measures: [
      { what: 'Gåtrening to ganger i uka', responsible: 'Per Lunde, fysioterapeut', byWhen: '2025-06-20' },
      { what: 'Søke om elektrisk rullestol', responsible: 'Foreldrene, med hjelp fra ergoterapeut', byWhen: '2025-05-01' },
      { what: 'Øve på skoleveien hver fredag', responsible: 'Sondre', byWhen: '2025-06-20' },
    ],
    personContribution: 'Foreldrene følger opp treningen hjemme.',
    cooperation: 'Samordnes med individuell opplæringsplan på Solberg skole.',
    periodFrom: '2025-04-15',
    periodTo: '2026-04-14',
    nextReviewOn: '2025-10-15',
  },
});
