import * as yup from 'yup';
import { requiredText, text } from './schema.js';
import { defineForm, l10n } from './types.js';

const schema = yup.object({
  reason: requiredText(2000),
  wishedCoordinator: text(200).optional(),
});

/**
 * The person asks for another coordinator (pasient- og brukerrettighetsloven § 2-5). The process
 * gives the coordinating unit a task to consider it; the present coordinator continues meanwhile.
 */
export const coordinatorChangeRequestForm = defineForm({
  key: 'coordinator-change-request',
  variable: 'coordinatorChangeRequest',
  title: l10n('Be om en annen koordinator', 'Be om ein annan koordinator', 'Ask for another coordinator'),
  description: l10n(
    'Koordinerende enhet vurderer ønsket ditt og gir deg svar. Koordinatoren du har nå, fortsetter til en eventuell ny er oppnevnt.',
    'Koordinerande eining vurderer ønsket ditt og gir deg svar. Koordinatoren du har no, held fram til ein eventuell ny er oppnemnd.',
    'The coordinating unit considers your wish and answers you. Your present coordinator continues until a new one may be appointed.',
  ),
  fields: [
    {
      name: 'reason',
      type: 'textarea',
      required: true,
      maxLength: 2000,
      label: l10n('Hvorfor ønsker du en annen koordinator?', 'Kvifor ønskjer du ein annan koordinator?', 'Why would you like another coordinator?'),
    },
    {
      name: 'wishedCoordinator',
      type: 'text',
      maxLength: 200,
      label: l10n('Ønsker du en bestemt person?', 'Ønskjer du ein bestemd person?', 'Is there a particular person you would like?'),
      hint: l10n(
        'Koordinatoren er ofte en av dem du allerede får tjenester fra.',
        'Koordinatoren er ofte ein av dei du alt får tenester frå.',
        'The coordinator is often someone you already receive services from.',
      ),
    },
  ],
  schema,
  example: { reason: 'Vi ønsker en koordinator som kjenner skolen og kan møte oss på ettermiddagen.', wishedCoordinator: 'Helsesykepleier Anne Lie' },
});
