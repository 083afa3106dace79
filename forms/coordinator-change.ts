import * as yup from 'yup';
import { choice, email, requiredText, text } from './schema.js';
import { defineForm, l10n } from './types.js';

export const coordinatorChangeDecisions = ['approved', 'declined'] as const;

const whenApproved = {
  is: 'approved',
  then: (s: yup.StringSchema<string | undefined>) => s.required('required'),
  otherwise: (s: yup.StringSchema<string | undefined>) => s.optional(),
};

const schema = yup.object({
  requestSummary: requiredText(2000),
  decision: choice(coordinatorChangeDecisions).required('requiredChoice'),
  newCoordinatorName: text(200).when('decision', whenApproved),
  newCoordinatorUserId: text(100).when('decision', whenApproved),
  newCoordinatorEmail: email().when('decision', whenApproved),
  reasons: text(2000).when('decision', {
    is: 'declined',
    then: (s) => s.required('declineReasonRequired'),
    otherwise: (s) => s.optional(),
  }),
});

export const coordinatorChangeForm = defineForm({
  key: 'coordinator-change',
  variable: 'coordinatorChange',
  title: l10n('Vurder bytte av koordinator', 'Vurder byte av koordinator', 'Consider change of coordinator'),
  description: l10n(
    'Personen har bedt om en annen koordinator. Vurder ønsket og registrer beslutningen.',
    'Personen har bede om ein annan koordinator. Vurder ønsket og registrer avgjerda.',
    'The person has asked for another coordinator. Consider the request and record the decision.',
  ),
  fields: [
    {
      name: 'requestSummary',
      type: 'textarea',
      required: true,
      maxLength: 2000,
      label: l10n('Hva ønsker personen?', 'Kva ønskjer personen?', 'What does the person ask for?'),
    },
    {
      name: 'decision',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Beslutning', 'Avgjerd', 'Decision'),
      options: [
        { value: 'approved', label: l10n('Ny koordinator oppnevnes', 'Ny koordinator blir oppnemnd', 'A new coordinator is appointed') },
        { value: 'declined', label: l10n('Koordinatoren fortsetter', 'Koordinatoren held fram', 'The coordinator continues') },
      ],
    },
    {
      name: 'newCoordinatorName',
      required: true,
      type: 'text',
      maxLength: 200,
      visibleWhen: { field: 'decision', in: ['approved'] },
      label: l10n('Ny koordinators navn', 'Namnet til ny koordinator', "New coordinator's name"),
    },
    {
      name: 'newCoordinatorUserId',
      required: true,
      type: 'text',
      maxLength: 100,
      visibleWhen: { field: 'decision', in: ['approved'] },
      label: l10n('Ny koordinators brukerident', 'Brukarident til ny koordinator', "New coordinator's user id"),
    },
    {
      name: 'newCoordinatorEmail',
      required: true,
      type: 'email',
      visibleWhen: { field: 'decision', in: ['approved'] },
      label: l10n('Ny koordinators e-post', 'E-posten til ny koordinator', "New coordinator's e-mail"),
    },
    {
      name: 'reasons',
      required: true,
      type: 'textarea',
      maxLength: 2000,
      visibleWhen: { field: 'decision', in: ['declined'] },
      label: l10n('Begrunnelse', 'Grunngiving', 'Reasons'),
    },
  ],
  messages: {
    declineReasonRequired: l10n(
      'Skriv hvorfor koordinatoren ikke byttes.',
      'Skriv kvifor koordinatoren ikkje blir bytt.',
      'Explain why the coordinator is not changed.',
    ),
  },
  schema,
  example: {
    requestSummary: 'Foreldrene ønsker en koordinator som snakker arabisk.',
    decision: 'approved',
    newCoordinatorName: 'Samir Haddad',
    newCoordinatorUserId: 'samir.haddad',
    newCoordinatorEmail: 'samir.haddad@kommune.example.no',
  },
});
