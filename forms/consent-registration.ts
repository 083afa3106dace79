import * as yup from 'yup';
import { serviceProviderOptions, serviceProviders } from './consent.js';
import { choice, date, dateNotBefore, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

/** Who gave consent: youths over 16 consent themselves when able; under 16 a parent or guardian consents. */
export const consentGivers = ['person', 'parent', 'guardian', 'representative'] as const;

const whenGiven = <S extends yup.Schema>(required: (s: S) => S) => ({
  is: true,
  then: required,
  otherwise: (s: S) => s.optional() as S,
});

const schema = yup.object({
  given: yesNo().required('requiredChoice'),
  givenBy: choice(consentGivers).when('given', whenGiven((s) => s.required('requiredChoice'))),
  givenOn: date().when('given', whenGiven((s) => s.required('required'))),
  shareWith: yup
    .array(choice(serviceProviders).defined())
    .default([])
    .when('given', {
      is: true,
      then: (s) => s.min(1, 'shareWithRequired'),
    }),
  validUntil: dateNotBefore('givenOn').optional(),
  notes: text(2000).optional(),
});

export const consentRegistrationForm = defineForm({
  key: 'consent-registration',
  variable: 'consent',
  title: l10n('Innhent samtykke', 'Innhent samtykke', 'Obtain consent'),
  description: l10n(
    'Uten samtykke kan vi ikke lage individuell plan, men en koordinator kan likevel oppnevnes. Registrer samtykket, eller at personen ikke samtykker.',
    'Utan samtykke kan vi ikkje lage individuell plan, men ein koordinator kan likevel bli oppnemnd. Registrer samtykket, eller at personen ikkje samtykkjer.',
    'Without consent no individual plan can be made, but a coordinator may still be appointed. Register the consent, or that the person does not consent.',
  ),
  fields: [
    {
      name: 'given',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Har personen gitt samtykke?', 'Har personen gitt samtykke?', 'Has the person given consent?'),
    },
    {
      name: 'givenBy',
      required: true,
      type: 'choice',
      display: 'radio',
      visibleWhen: { field: 'given', in: [true] },
      label: l10n('Hvem ga samtykket?', 'Kven gav samtykket?', 'Who gave consent?'),
      hint: l10n(
        'Ungdom over 16 år samtykker selv når de kan. For barn under 16 år samtykker foreldre eller verge.',
        'Ungdom over 16 år samtykkjer sjølv når dei kan. For barn under 16 år samtykkjer foreldre eller verje.',
        'Youths over 16 consent themselves when able. For children under 16 a parent or guardian consents.',
      ),
      options: [
        { value: 'person', label: l10n('Personen selv', 'Personen sjølv', 'The person') },
        { value: 'parent', label: l10n('Forelder', 'Forelder', 'Parent') },
        { value: 'guardian', label: l10n('Verge', 'Verje', 'Guardian') },
        { value: 'representative', label: l10n('Fullmektig', 'Fullmektig', 'Representative') },
      ],
    },
    {
      name: 'givenOn',
      required: true,
      type: 'date',
      visibleWhen: { field: 'given', in: [true] },
      label: l10n('Dato for samtykket', 'Dato for samtykket', 'Date of consent'),
    },
    {
      name: 'shareWith',
      required: true,
      type: 'multi-choice',
      visibleWhen: { field: 'given', in: [true] },
      label: l10n('Hvem kan vi dele opplysninger med?', 'Kven kan vi dele opplysningar med?', 'Who may we share information with?'),
      hint: l10n('Personen bestemmer hvilke opplysninger som deles.', 'Personen bestemmer kva opplysningar som blir delte.', 'The person decides which information is shared.'),
      // The same services the person chooses among in the request and consent forms.
      options: serviceProviderOptions,
    },
    {
      name: 'validUntil',
      type: 'date',
      visibleWhen: { field: 'given', in: [true] },
      label: l10n('Gyldig til', 'Gyldig til', 'Valid until'),
      hint: l10n('La feltet stå tomt hvis samtykket gjelder til det trekkes.', 'La feltet stå tomt dersom samtykket gjeld til det blir trekt.', 'Leave empty if the consent applies until withdrawn.'),
    },
    { name: 'notes', type: 'textarea', maxLength: 2000, label: l10n('Notat', 'Notat', 'Notes') },
  ],
  messages: {
    shareWithRequired: l10n(
      'Velg minst én tjeneste vi kan dele opplysninger med.',
      'Vel minst éi teneste vi kan dele opplysningar med.',
      'Choose at least one service we may share information with.',
    ),
  },
  schema,
  example: {
    given: true,
    givenBy: 'parent',
    givenOn: '2025-03-12',
    shareWith: ['gp', 'school', 'ppt'],
    notes: 'Samtykket gjelder også deling med avlastningsboligen.',
  },
});
