import * as yup from 'yup';
import { choice, email, phone, requiredText, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

/** Whether the person's own wish for a coordinator was followed. */
export const wishOutcomes = ['followed', 'not-followed', 'no-wish'] as const;

const schema = yup.object({
  personWish: text(1000).optional(),
  wishOutcome: choice(wishOutcomes).required('requiredChoice'),
  wishNotFollowedReason: text(2000).when('wishOutcome', {
    is: 'not-followed',
    then: (s) => s.required('wishReasonRequired'),
    otherwise: (s) => s.optional(),
  }),
  coordinatorUserId: text(100).required('requiredChoice'),
  // Taken from the chosen user (the picker fills them; the server sets them from the user record).
  coordinatorName: text(200).optional(),
  coordinatorEmail: email().optional(),
  coordinatorUnit: requiredText(200),
  coordinatorPhone: phone().optional(),
  establishResponsibilityGroup: yesNo().required('requiredChoice'),
});

export const coordinatorAppointmentForm = defineForm({
  key: 'coordinator-appointment',
  variable: 'appointment',
  title: l10n('Oppnevn koordinator', 'Oppnemn koordinator', 'Appoint coordinator'),
  description: l10n(
    'Personen kan ønske seg en bestemt koordinator. Ønsket vises her og skal vurderes. Personen og koordinatoren får beskjed når oppgaven er fullført.',
    'Personen kan ønskje seg ein bestemd koordinator. Ønsket blir vist her og skal vurderast. Personen og koordinatoren får melding når oppgåva er fullført.',
    'The person may ask for a particular coordinator. The wish is shown here and must be considered. The person and the coordinator are notified when the task is completed.',
  ),
  fields: [
    {
      name: 'coordinatorUserId',
      type: 'staff-user',
      role: 'coordinator',
      required: true,
      fills: { name: 'coordinatorName', email: 'coordinatorEmail' },
      beside: 'personWish',
      label: l10n('Koordinator', 'Koordinator', 'Coordinator'),
      hint: l10n(
        'Koordinatorene i enheten, med antall åpne saker de koordinerer nå. Koordinatoren får planoppgavene i sin arbeidskø.',
        'Koordinatorane i eininga, med talet på opne saker dei koordinerer no. Koordinatoren får planoppgåvene i arbeidskøen sin.',
        'The coordinators of the unit, with the number of open cases they coordinate now. The coordinator gets the plan tasks in their work queue.',
      ),
    },
    {
      name: 'personWish',
      type: 'textarea',
      maxLength: 1000,
      shownBy: 'coordinatorUserId',
      label: l10n('Personens ønske', 'Ønsket til personen', "The person's wish"),
      hint: l10n('Hentet fra anmodningen.', 'Henta frå oppmodinga.', 'Taken from the request.'),
    },
    {
      name: 'wishOutcome',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Er ønsket fulgt?', 'Er ønsket følgt?', 'Was the wish followed?'),
      options: [
        { value: 'followed', label: l10n('Ja', 'Ja', 'Yes') },
        { value: 'not-followed', label: l10n('Nei', 'Nei', 'No') },
        { value: 'no-wish', label: l10n('Personen hadde ikke noe ønske', 'Personen hadde ikkje noko ønske', 'The person had no wish') },
      ],
    },
    {
      name: 'wishNotFollowedReason',
      required: true,
      type: 'textarea',
      maxLength: 2000,
      visibleWhen: { field: 'wishOutcome', in: ['not-followed'] },
      label: l10n('Hvorfor er ønsket ikke fulgt?', 'Kvifor er ønsket ikkje følgt?', 'Why was the wish not followed?'),
    },
    { name: 'coordinatorName', type: 'text', maxLength: 200, shownBy: 'coordinatorUserId', label: l10n('Koordinatorens navn', 'Namnet til koordinatoren', "Coordinator's name") },
    { name: 'coordinatorEmail', type: 'email', shownBy: 'coordinatorUserId', label: l10n('Koordinatorens e-post', 'E-posten til koordinatoren', "Coordinator's e-mail") },
    { name: 'coordinatorUnit', type: 'text', required: true, maxLength: 200, label: l10n('Tjeneste eller enhet', 'Teneste eller eining', 'Service or unit') },
    { name: 'coordinatorPhone', type: 'tel', label: l10n('Koordinatorens telefon', 'Telefonen til koordinatoren', "Coordinator's phone") },
    {
      name: 'establishResponsibilityGroup',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Skal det opprettes ansvarsgruppe?', 'Skal det opprettast ansvarsgruppe?', 'Establish a responsibility group?'),
      hint: l10n('Anbefalt, men ikke påkrevd.', 'Tilrådd, men ikkje påkravd.', 'Recommended, not required.'),
    },
  ],
  messages: {
    wishReasonRequired: l10n(
      'Skriv hvorfor personens ønske ikke er fulgt.',
      'Skriv kvifor ønsket til personen ikkje er følgt.',
      "Explain why the person's wish was not followed.",
    ),
  },
  schema,
  example: {
    personWish: 'Ønsker helsesykepleier Ingrid Bakke, som kjenner familien.',
    wishOutcome: 'followed',
    coordinatorName: 'Ingrid Bakke',
    coordinatorUserId: 'ingrid.bakke',
    coordinatorUnit: 'Helsestasjon og skolehelsetjeneste',
    coordinatorPhone: '+47 62 00 00 00',
    coordinatorEmail: 'ingrid.bakke@kommune.example.no',
    establishResponsibilityGroup: true,
  },
});
