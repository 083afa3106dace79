import * as yup from 'yup';
import { choice, date, requiredText, text } from './schema.js';
import { defineForm, l10n } from './types.js';

/** continue: wait for the next review; revise: back to drafting; close: the plan ends. */
export const reviewOutcomes = ['continue', 'revise', 'close'] as const;
/** How far a goal has come at a review. */
export const goalAssessments = ['achieved', 'partly', 'not-yet'] as const;
export type GoalAssessment = (typeof goalAssessments)[number];

const goalReview = yup.object({
  /** The goal's id in the plan (forms/plan.ts). */
  goalId: requiredText(40),
  assessment: choice(goalAssessments).required('requiredChoice'),
  comment: text(2000).optional(),
});

const schema = yup.object({
  reviewedOn: date().required('required'),
  participants: text(1000).optional(),
  summary: requiredText(4000),
  goals: yup.array(goalReview).default([]).max(50, 'maxItems'),
  outcome: choice(reviewOutcomes).required('requiredChoice'),
  closeReason: text(2000).when('outcome', {
    is: 'close',
    then: (s) => s.required('closeReasonRequired'),
    otherwise: (s) => s.optional(),
  }),
});

export const reviewForm = defineForm({
  key: 'review',
  variable: 'review',
  title: l10n('Evaluer planen', 'Evaluer planen', 'Review the plan'),
  description: l10n(
    'Gå gjennom målene og tiltakene sammen med personen. Bestem om planen fortsetter, skal revideres eller avsluttes.',
    'Gå gjennom måla og tiltaka saman med personen. Avgjer om planen held fram, skal reviderast eller avsluttast.',
    'Go through the goals and measures with the person. Decide whether the plan continues, is revised or is closed.',
  ),
  fields: [
    { name: 'reviewedOn', type: 'date', required: true, label: l10n('Dato for evaluering', 'Dato for evaluering', 'Date of review') },
    { name: 'participants', type: 'textarea', maxLength: 1000, label: l10n('Hvem deltok?', 'Kven deltok?', 'Who took part?') },
    {
      name: 'summary',
      type: 'textarea',
      required: true,
      maxLength: 4000,
      label: l10n('Hvordan går det med målene og tiltakene?', 'Korleis går det med måla og tiltaka?', 'How are the goals and measures going?'),
    },
    {
      name: 'goals',
      type: 'group',
      repeatable: true,
      maxItems: 50,
      label: l10n('Målene', 'Måla', 'The goals'),
      itemLabel: l10n('Mål', 'Mål', 'Goal'),
      addLabel: l10n('Legg til mål', 'Legg til mål', 'Add goal'),
      fields: [
        { name: 'goalId', type: 'text', required: true, maxLength: 40, label: l10n('Mål', 'Mål', 'Goal') },
        {
          name: 'assessment',
          type: 'choice',
          display: 'radio',
          required: true,
          label: l10n('Er målet nådd?', 'Er målet nådd?', 'Has the goal been achieved?'),
          options: [
            { value: 'achieved', label: l10n('Nådd', 'Nådd', 'Achieved') },
            { value: 'partly', label: l10n('Delvis', 'Delvis', 'Partly') },
            { value: 'not-yet', label: l10n('Ikke ennå', 'Ikkje enno', 'Not yet') },
          ],
        },
        { name: 'comment', type: 'textarea', maxLength: 2000, label: l10n('Kommentar', 'Kommentar', 'Comment') },
      ],
    },
    {
      name: 'outcome',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Resultat', 'Resultat', 'Outcome'),
      options: [
        { value: 'continue', label: l10n('Planen fortsetter uendret', 'Planen held fram uendra', 'The plan continues unchanged') },
        { value: 'revise', label: l10n('Planen skal revideres', 'Planen skal reviderast', 'The plan is to be revised') },
        { value: 'close', label: l10n('Planen avsluttes', 'Planen blir avslutta', 'The plan is closed') },
      ],
    },
    {
      name: 'closeReason',
      required: true,
      type: 'textarea',
      maxLength: 2000,
      visibleWhen: { field: 'outcome', in: ['close'] },
      label: l10n('Hvorfor avsluttes planen?', 'Kvifor blir planen avslutta?', 'Why is the plan closed?'),
    },
  ],
  messages: {
    closeReasonRequired: l10n('Skriv hvorfor planen avsluttes.', 'Skriv kvifor planen blir avslutta.', 'Explain why the plan is closed.'),
  },
  schema,
  example: {
    reviewedOn: '2025-10-14',
    participants: 'Sondre, foreldrene, Ingrid Bakke, Per Lunde',
    summary: 'Sondre går nå til skolen med støtte. Håndballtreningen er utsatt til våren.',
    goals: [],
    outcome: 'continue',
  },
});
