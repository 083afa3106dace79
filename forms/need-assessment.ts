import * as yup from 'yup';
import { choice, date, requiredText, text, yesNo } from './schema.js';
import { defineForm, l10n } from './types.js';

/** The outcome of the assessment; `reject` leads to a decision letter with complaint rights. */
export const assessmentDecisions = ['plan-and-coordinator', 'coordinator-only', 'reject'] as const;
export type AssessmentDecision = (typeof assessmentDecisions)[number];

const schema = yup.object({
  needs: requiredText(4000),
  decision: choice(assessmentDecisions).required('requiredChoice'),
  reasons: text(4000).when('decision', {
    is: 'reject',
    then: (s) => s.required('reasonsRequiredOnReject').min(20, 'tooShort'),
    otherwise: (s) => s.optional(),
  }),
  childCoordinator: yesNo().default(false),
  decidedOn: date().required('required'),
});

export const needAssessmentForm = defineForm({
  key: 'need-assessment',
  variable: 'assessment',
  title: l10n('Vurder behov', 'Vurder behov', 'Assess need'),
  description: l10n(
    'Vurder om personen har behov for langvarige og koordinerte tjenester, og fatt vedtak om individuell plan og koordinator.',
    'Vurder om personen har behov for langvarige og koordinerte tenester, og gjer vedtak om individuell plan og koordinator.',
    'Assess whether the person needs long-term, coordinated services, and decide on an individual plan and a coordinator.',
  ),
  fields: [
    {
      name: 'needs',
      type: 'textarea',
      required: true,
      maxLength: 4000,
      label: l10n('Personens behov', 'Behova til personen', "The person's needs"),
      hint: l10n('Hvilke tjenester mottar personen, og hvorfor trengs koordinering?', 'Kva tenester får personen, og kvifor trengst koordinering?', 'Which services does the person receive, and why is coordination needed?'),
    },
    {
      name: 'decision',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Vedtak', 'Vedtak', 'Decision'),
      options: [
        {
          value: 'plan-and-coordinator',
          label: l10n('Individuell plan og koordinator', 'Individuell plan og koordinator', 'Individual plan and coordinator'),
          hint: l10n('Krever samtykke.', 'Krev samtykke.', 'Requires consent.'),
        },
        { value: 'coordinator-only', label: l10n('Bare koordinator', 'Berre koordinator', 'Coordinator only') },
        { value: 'reject', label: l10n('Avslag', 'Avslag', 'Rejection') },
      ],
    },
    {
      name: 'reasons',
      required: true,
      type: 'textarea',
      maxLength: 4000,
      visibleWhen: { field: 'decision', in: ['reject'] },
      label: l10n('Begrunnelse for avslaget', 'Grunngiving for avslaget', 'Reasons for the rejection'),
      hint: l10n(
        'Begrunnelsen står i vedtaksbrevet sammen med klageretten (4 uker, via koordinerende enhet til Statsforvalteren).',
        'Grunngivinga står i vedtaksbrevet saman med klageretten (4 veker, via koordinerande eining til Statsforvaltaren).',
        'The reasons appear in the decision letter with the right to complain (4 weeks, via the coordinating unit to the County Governor).',
      ),
    },
    {
      name: 'childCoordinator',
      type: 'boolean',
      display: 'checkbox',
      label: l10n('Barnekoordinator', 'Barnekoordinator', 'Child coordinator'),
      hint: l10n(
        'For familier som har eller venter barn med alvorlig sykdom, skade eller nedsatt funksjonsevne (pasient- og brukerrettighetsloven § 2-5 c).',
        'For familiar som har eller ventar barn med alvorleg sjukdom, skade eller nedsett funksjonsevne (pasient- og brukarrettslova § 2-5 c).',
        'For families who have or expect a child with serious illness, injury or disability (Patients’ and Users’ Rights Act § 2-5 c).',
      ),
    },
    { name: 'decidedOn', type: 'date', required: true, label: l10n('Vedtaksdato', 'Vedtaksdato', 'Date of decision') },
  ],
  messages: {
    reasonsRequiredOnReject: l10n('Skriv begrunnelsen for avslaget.', 'Skriv grunngivinga for avslaget.', 'Give the reasons for the rejection.'),
  },
  schema,
  example: {
    needs: 'Sondre (9) har cerebral parese og får fysioterapi, avlastning, PPT-oppfølging og habilitering. Foreldrene koordinerer i dag alt selv.',
    decision: 'plan-and-coordinator',
    childCoordinator: true,
    decidedOn: '2025-03-20',
  },
});
