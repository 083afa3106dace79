import * as yup from 'yup';
import { choice, date, requiredText, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

/** KE contacts a person after a notification from health personnel (helsepersonelloven § 38a). */
export const contactMethods = ['phone', 'meeting', 'letter', 'digital'] as const;

const schema = yup.object({
  notifiedBy: requiredText(200),
  contactedOn: date().required('required'),
  contactMethod: choice(contactMethods).required('requiredChoice'),
  wantsPlan: yesNo().required('requiredChoice'),
  wantsCoordinator: yesNo().optional(),
  notes: text(2000).optional(),
});

export const offerContactForm = defineForm({
  key: 'offer-contact',
  variable: 'offer',
  title: l10n(
    'Kontakt personen og tilby individuell plan',
    'Kontakt personen og tilby individuell plan',
    'Contact the person and offer an individual plan',
  ),
  description: l10n(
    'Helsepersonell har meldt at personen kan ha behov for individuell plan. Kontakt personen, forklar hva en plan og en koordinator er, og registrer svaret.',
    'Helsepersonell har meldt at personen kan ha behov for individuell plan. Kontakt personen, forklar kva ein plan og ein koordinator er, og registrer svaret.',
    'Health personnel have notified that the person may need an individual plan. Contact the person, explain what a plan and a coordinator are, and record the answer.',
  ),
  fields: [
    {
      name: 'notifiedBy',
      type: 'text',
      required: true,
      label: l10n('Meldt fra', 'Meldt frå', 'Notified by'),
      hint: l10n('Sykehus, avdeling eller fastlege som sendte meldingen.', 'Sjukehus, avdeling eller fastlege som sende meldinga.', 'Hospital, department or GP who sent the notification.'),
    },
    { name: 'contactedOn', type: 'date', required: true, label: l10n('Dato for kontakt', 'Dato for kontakt', 'Date of contact') },
    {
      name: 'contactMethod',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Hvordan tok dere kontakt?', 'Korleis tok de kontakt?', 'How did you make contact?'),
      options: [
        { value: 'phone', label: l10n('Telefon', 'Telefon', 'Phone') },
        { value: 'meeting', label: l10n('Møte', 'Møte', 'Meeting') },
        { value: 'letter', label: l10n('Brev', 'Brev', 'Letter') },
        { value: 'digital', label: l10n('Digital melding', 'Digital melding', 'Digital message') },
      ],
    },
    {
      name: 'wantsPlan',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Ønsker personen individuell plan?', 'Ønskjer personen individuell plan?', 'Does the person want an individual plan?'),
      hint: l10n(
        'Svarer personen ja, må vi få en signert anmodning og samtykke.',
        'Svarar personen ja, må vi få ei signert oppmoding og samtykke.',
        'If the person says yes, we need a signed request and consent.',
      ),
    },
    {
      name: 'wantsCoordinator',
      type: 'boolean',
      display: 'yes-no',
      label: l10n('Ønsker personen koordinator?', 'Ønskjer personen koordinator?', 'Does the person want a coordinator?'),
      hint: l10n('En koordinator kan oppnevnes selv om personen ikke ønsker plan.', 'Ein koordinator kan bli oppnemnd sjølv om personen ikkje ønskjer plan.', 'A coordinator can be appointed even if the person does not want a plan.'),
    },
    { name: 'notes', type: 'textarea', maxLength: 2000, label: l10n('Notat', 'Notat', 'Notes') },
  ],
  schema,
  example: {
    notifiedBy: 'Sykehuset Innlandet, Hamar, nevrologisk avdeling',
    contactedOn: '2025-03-04',
    contactMethod: 'phone',
    wantsPlan: true,
    wantsCoordinator: true,
    notes: 'Kari ønsker at datteren er med på første møte.',
  },
});
