import * as yup from 'yup';
import { choice, date, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

/** Who signed the request: the person (16+), a parent or guardian (under 16), or a representative with power of attorney. */
export const signers = ['person', 'parent', 'guardian', 'power-of-attorney'] as const;

const schema = yup.object({
  receivedOn: date().required('required'),
  signedBy: choice(signers).required('requiredChoice'),
  powerOfAttorneyAttached: yesNo().when('signedBy', {
    is: 'power-of-attorney',
    then: (s) => s.required('mustConfirm').oneOf([true], 'powerOfAttorneyMissing'),
    otherwise: (s) => s.optional(),
  }),
  valid: yesNo().required('requiredChoice'),
  notes: text(2000).when('valid', {
    is: false,
    then: (s) => s.required('invalidSignatureReason'),
    otherwise: (s) => s.optional(),
  }),
});

export const signedRequestForm = defineForm({
  key: 'signed-request',
  variable: 'signature',
  title: l10n('Innhent signert anmodning', 'Innhent signert oppmoding', 'Obtain a signed request'),
  description: l10n(
    'Anmodningen mangler gyldig signatur. Be om en signert anmodning og registrer den når den kommer.',
    'Oppmodinga manglar gyldig signatur. Be om ei signert oppmoding og registrer henne når ho kjem.',
    'The request lacks a valid signature. Ask for a signed request and register it when it arrives.',
  ),
  fields: [
    { name: 'receivedOn', type: 'date', required: true, label: l10n('Mottatt dato', 'Motteken dato', 'Date received') },
    {
      name: 'signedBy',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Hvem har signert?', 'Kven har signert?', 'Who signed?'),
      options: [
        { value: 'person', label: l10n('Personen selv (16 år eller eldre)', 'Personen sjølv (16 år eller eldre)', 'The person (16 or older)') },
        { value: 'parent', label: l10n('Forelder (barn under 16 år)', 'Forelder (barn under 16 år)', 'Parent (child under 16)') },
        { value: 'guardian', label: l10n('Verge', 'Verje', 'Guardian') },
        { value: 'power-of-attorney', label: l10n('Fullmektig', 'Fullmektig', 'Representative with power of attorney') },
      ],
    },
    {
      name: 'powerOfAttorneyAttached',
      required: true,
      type: 'boolean',
      display: 'checkbox',
      visibleWhen: { field: 'signedBy', in: ['power-of-attorney'] },
      label: l10n('Fullmakt er vedlagt', 'Fullmakt er lagd ved', 'Power of attorney is attached'),
    },
    {
      name: 'valid',
      type: 'boolean',
      display: 'yes-no',
      required: true,
      label: l10n('Er signaturen kontrollert og gyldig?', 'Er signaturen kontrollert og gyldig?', 'Has the signature been checked and found valid?'),
      hint: l10n('Svarer du nei, blir oppgaven opprettet på nytt.', 'Svarar du nei, blir oppgåva oppretta på nytt.', 'If you answer no, the task is created again.'),
    },
    {
      name: 'notes',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Notat', 'Notat', 'Notes'),
      hint: l10n('Skriv hvorfor signaturen ikke er gyldig.', 'Skriv kvifor signaturen ikkje er gyldig.', 'Explain why the signature is not valid.'),
    },
  ],
  messages: {
    powerOfAttorneyMissing: l10n(
      'En fullmektig må legge ved fullmakt.',
      'Ein fullmektig må leggje ved fullmakt.',
      'A representative must attach a power of attorney.',
    ),
    invalidSignatureReason: l10n(
      'Skriv hvorfor signaturen ikke er gyldig.',
      'Skriv kvifor signaturen ikkje er gyldig.',
      'Explain why the signature is not valid.',
    ),
  },
  schema,
  example: { receivedOn: '2025-03-10', signedBy: 'parent', valid: true },
});
