import * as yup from 'yup';
import { text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

const schema = yup.object({
  approved: yesNo().required('requiredChoice'),
  requestedChanges: text(4000).when('approved', {
    is: false,
    then: (s) => s.required('changesRequired'),
    otherwise: (s) => s.optional(),
  }),
});

export const planApprovalForm = defineForm({
  key: 'plan-approval',
  variable: 'approval',
  title: l10n('Godkjenn planen din', 'Godkjenn planen din', 'Approve your plan'),
  description: l10n(
    'Les gjennom planen. Du kan godkjenne den, eller be om endringer. Koordinatoren din får beskjed.',
    'Les gjennom planen. Du kan godkjenne han, eller be om endringar. Koordinatoren din får melding.',
    'Read the plan. You can approve it or ask for changes. Your coordinator will be notified.',
  ),
  fields: [
    {
      name: 'approved',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Godkjenner du planen?', 'Godkjenner du planen?', 'Do you approve the plan?'),
    },
    {
      name: 'requestedChanges',
      type: 'textarea',
      maxLength: 4000,
      required: true,
      visibleWhen: { field: 'approved', in: [false] },
      label: l10n('Hva vil du endre?', 'Kva vil du endre?', 'What would you like to change?'),
    },
  ],
  messages: {
    changesRequired: l10n('Skriv hva du vil endre i planen.', 'Skriv kva du vil endre i planen.', 'Describe what you would like to change in the plan.'),
  },
  schema,
  example: { approved: true },
});
