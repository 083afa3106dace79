import * as yup from 'yup';
import { date, email, requiredText, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

const member = yup.object({
  name: requiredText(200),
  role: requiredText(200),
  responsibility: requiredText(1000),
  email: email().optional(),
  /** The member's user id in this product, when they have one: they then get access to the case (as far as consent allows). */
  userId: text(100).optional(),
});

const schema = yup.object({
  members: yup.array(member).default([]).min(1, 'minItems').max(20, 'maxItems'),
  personParticipates: yesNo().required('requiredChoice'),
  relativesParticipate: yesNo().default(false),
  firstMeetingOn: date().required('required'),
  firstMeetingPlace: text(200).optional(),
});

export const responsibilityGroupForm = defineForm({
  key: 'responsibility-group',
  variable: 'responsibilityGroup',
  title: l10n('Opprett ansvarsgruppe', 'Opprett ansvarsgruppe', 'Establish responsibility group'),
  description: l10n(
    'Ansvarsgruppen består av fagpersoner med definerte ansvarsområder, personen selv og pårørende om personen ønsker det.',
    'Ansvarsgruppa består av fagpersonar med definerte ansvarsområde, personen sjølv og pårørande om personen ønskjer det.',
    'The responsibility group consists of professionals with defined responsibilities, the person, and relatives if the person wishes.',
  ),
  fields: [
    {
      name: 'members',
      type: 'group',
      repeatable: true,
      minItems: 1,
      maxItems: 20,
      required: true,
      label: l10n('Medlemmer', 'Medlemmer', 'Members'),
      itemLabel: l10n('Medlem', 'Medlem', 'Member'),
      addLabel: l10n('Legg til medlem', 'Legg til medlem', 'Add member'),
      fields: [
        {
          name: 'userId',
          type: 'staff-user',
          role: 'group-member',
          display: 'select',
          fills: { name: 'name', email: 'email' },
          label: l10n('Bruker av løsningen', 'Brukar av løysinga', 'User of this service'),
          hint: l10n(
            'Bruker medlemmet løsningen, velger du det her. Da får medlemmet se planen og sine egne tiltak så langt samtykket gir tilgang.',
            'Brukar medlemmet løysinga, vel du det her. Då får medlemmet sjå planen og sine eigne tiltak så langt samtykket gir tilgang.',
            'If the member uses this service, choose them here. They can then see the plan and their own measures as far as the consent allows.',
          ),
        },
        { name: 'name', type: 'text', required: true, maxLength: 200, label: l10n('Navn', 'Namn', 'Name') },
        {
          name: 'role',
          type: 'text',
          required: true,
          maxLength: 200,
          label: l10n('Rolle og tjeneste', 'Rolle og teneste', 'Role and service'),
          hint: l10n('For eksempel fysioterapeut, kommunen.', 'Til dømes fysioterapeut, kommunen.', 'For example physiotherapist, municipality.'),
        },
        { name: 'responsibility', type: 'textarea', required: true, maxLength: 1000, label: l10n('Ansvar i gruppen', 'Ansvar i gruppa', 'Responsibility in the group') },
        { name: 'email', type: 'email', label: l10n('E-post', 'E-post', 'E-mail') },
      ],
    },
    {
      name: 'personParticipates',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Deltar personen selv?', 'Deltek personen sjølv?', 'Does the person take part?'),
    },
    {
      name: 'relativesParticipate',
      type: 'boolean',
      display: 'checkbox',
      label: l10n('Pårørende deltar etter personens ønske', 'Pårørande deltek etter ønsket til personen', 'Relatives take part as the person wishes'),
    },
    { name: 'firstMeetingOn', type: 'date', required: true, label: l10n('Første møte', 'Første møte', 'First meeting') },
    { name: 'firstMeetingPlace', type: 'text', maxLength: 200, label: l10n('Møtested', 'Møtestad', 'Meeting place') },
  ],
  messages: {
    minItems: l10n('Legg til minst ett medlem.', 'Legg til minst eitt medlem.', 'Add at least one member.'),
    maxItems: l10n('Gruppen kan ha høyst {max} medlemmer.', 'Gruppa kan ha høgst {max} medlemmer.', 'The group can have at most {max} members.'),
  },
  schema,
  example: {
    members: [
      { name: 'Ingrid Bakke', role: 'Koordinator, helsestasjonen', responsibility: 'Leder møtene og holder planen oppdatert.' },
      { name: 'Per Lunde', role: 'Fysioterapeut, kommunen', responsibility: 'Trening og hjelpemidler.', email: 'per.lunde@kommune.example.no' },
      { name: 'Aisha Rahimi', role: 'Kontaktlærer, Solberg skole', responsibility: 'Tilrettelegging på skolen.' },
    ],
    personParticipates: true,
    relativesParticipate: true,
    firstMeetingOn: '2025-04-08',
    firstMeetingPlace: 'Solberg skole, møterom 2',
  },
});
