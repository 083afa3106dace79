import * as yup from 'yup';
import { confirmation, text } from './schema.js';
import { defineForm, l10n } from './types.js';

const schema = yup.object({
  understood: confirmation(),
  reason: text(2000).optional(),
});

/**
 * The person withdraws their consent. This ends the work on the individual plan: the process's
 * interrupting "consent withdrawn" event closes the case and a letter confirms it.
 */
export const consentWithdrawalForm = defineForm({
  key: 'consent-withdrawal',
  variable: 'consentWithdrawal',
  title: l10n('Trekk tilbake samtykket', 'Trekk tilbake samtykket', 'Withdraw your consent'),
  description: l10n(
    'Trekker du samtykket tilbake, stopper arbeidet med den individuelle planen, og saken avsluttes. Tjenestene du har vedtak om, fortsetter som før. Du kan be om individuell plan og koordinator igjen senere.',
    'Trekkjer du samtykket tilbake, stoppar arbeidet med den individuelle planen, og saka blir avslutta. Tenestene du har vedtak om, held fram som før. Du kan be om individuell plan og koordinator igjen seinare.',
    'If you withdraw your consent, the work on the individual plan stops and the case is closed. Services you have a decision on continue as before. You can ask for an individual plan and a coordinator again later.',
  ),
  fields: [
    {
      name: 'understood',
      type: 'boolean',
      display: 'checkbox',
      required: true,
      label: l10n(
        'Jeg forstår at saken avsluttes og at tjenestene ikke lenger deler opplysninger for planen',
        'Eg forstår at saka blir avslutta og at tenestene ikkje lenger deler opplysningar for planen',
        'I understand that the case will be closed and that the services will no longer share information for the plan',
      ),
    },
    {
      name: 'reason',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Vil du fortelle oss hvorfor?', 'Vil du fortelje oss kvifor?', 'Would you like to tell us why?'),
    },
  ],
  schema,
  example: { understood: true, reason: 'Vi flytter til en annen kommune.' },
});
