import * as yup from 'yup';
import { consentFieldList, consentMessages, consentObject, serviceProviderOptions, serviceProviders } from './consent.js';
import { ageOn, normalizeNationalId, parseNationalId, todayInNorway } from './national-id.js';
import { choice, confirmation, email, ownData, phone, requiredText, text, wholeNumber, yesNo } from './schema.js';
import { formErrors, type FieldError } from './messages.js';
import { defineForm, l10n, type Field, type Language } from './types.js';

/**
 * The request (anmodning) for an individual plan and/or a coordinator, signed online.
 *
 * Who may send and sign it depends on the person's age, taken from their national identity number
 * or D-number on a reference date (`context.referenceDate`, `YYYY-MM-DD`; default: today in Norway):
 * - under 16: a parent or guardian;
 * - 16–17: the person, or a parent or guardian when the person cannot consent (with the reason);
 * - 18 and over: the person, a representative with a power of attorney, or a guardian (verge) with
 *   their guardianship mandate; the two latter attach it as a PDF;
 * - health personnel may at any age report that the person may need a plan (helsepersonelloven § 38a);
 *   that is a notification, not a consent: the coordinating unit then contacts the person.
 */

export const applicantRoles = ['person', 'parent', 'guardian', 'proxy', 'health-personnel'] as const;
export type ApplicantRole = (typeof applicantRoles)[number];

export const requestKinds = ['plan-and-coordinator', 'coordinator-only', 'child-coordinator'] as const;
export type RequestKind = (typeof requestKinds)[number];

export const writtenForms = ['nb', 'nn'] as const;

/** Largest attachment (a scanned power of attorney). */
export const maxAttachmentBytes = 5 * 1024 * 1024;
export const attachmentTypes = ['application/pdf'] as const;

export interface RequestValidationContext {
  /** The date ages are computed on, `YYYY-MM-DD`. */
  readonly referenceDate?: string;
}

function referenceDateOf(context: unknown): string {
  const value = (context as RequestValidationContext | undefined)?.referenceDate;
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : todayInNorway();
}

/** The person's age on the reference date, or undefined while the number is missing or invalid. */
export function personAge(data: { person?: { nationalId?: unknown } } | undefined, referenceDate: string): number | undefined {
  const id = data?.person?.nationalId;
  if (typeof id !== 'string') return undefined;
  const parsed = parseNationalId(id);
  if (!parsed.ok) return undefined;
  const age = ageOn(parsed.value.birthDate, referenceDate);
  return age >= 0 ? age : undefined;
}

/** Which roles may send and sign the request for a person of this age. */
export function allowedSigners(age: number): readonly ApplicantRole[] {
  if (age < 16) return ['parent', 'guardian', 'health-personnel'];
  if (age < 18) return ['person', 'parent', 'guardian', 'health-personnel'];
  return ['person', 'proxy', 'guardian', 'health-personnel'];
}

/** Whether the signer must attach a power of attorney or guardianship mandate. */
export function needsAttachment(role: unknown, age: number | undefined): boolean {
  return role === 'proxy' || (role === 'guardian' && age !== undefined && age >= 18);
}

/** National identity number or D-number, normalized to 11 digits, both check digits verified. */
export function nationalId() {
  return yup
    .string()
    .transform((value: unknown) => (typeof value === 'string' ? (normalizeNationalId(value) === '' ? undefined : normalizeNationalId(value)) : value))
    .test('national-id', 'invalidNationalId', (value) => value === undefined || parseNationalId(value).ok)
    .test('born', 'invalidNationalId', function born(value) {
      if (value === undefined) return true;
      const parsed = parseNationalId(value);
      return !parsed.ok || ageOn(parsed.value.birthDate, referenceDateOf(this.options.context)) >= 0;
    });
}

/** The description of an uploaded file as the form data holds it. */
export function attachment() {
  return yup
    .object({
      name: requiredText(255),
      size: wholeNumber().min(1, 'fileEmpty').max(maxAttachmentBytes, 'fileTooLarge').required('required'),
      type: yup.string().required('pdfOnly').oneOf([...attachmentTypes], 'pdfOnly'),
    })
    .default(undefined);
}

const sameName = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && a.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ') === b.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ');

interface RootLike {
  applicantRole?: unknown;
  person?: { name?: unknown; nationalId?: unknown; phone?: unknown; email?: unknown };
  applicant?: { name?: unknown; nationalId?: unknown; phone?: unknown; email?: unknown };
}

/** The whole form's data, from inside a nested test (`this.from` lists the ancestors, innermost first). */
function rootOf(context: { from?: readonly { value: unknown }[] }): RootLike {
  const from = context.from ?? [];
  return (from[from.length - 1]?.value ?? {}) as RootLike;
}

const personSchema = yup.object({
  name: requiredText(200),
  nationalId: nationalId().required('required'),
  address: text(300).optional(),
  phone: phone()
    .optional()
    .test('contact', 'contactRequired', function contact(value) {
      const root = rootOf(this);
      if (root.applicantRole !== 'person') return true;
      return value !== undefined || (typeof this.parent?.email === 'string' && this.parent.email !== '');
    }),
  email: email().optional(),
  preferredLanguage: text(100).optional(),
  writtenForm: choice(writtenForms).required('requiredChoice'),
  interpreterNeeded: yesNo().required('requiredChoice'),
  interpreterLanguage: text(100).when('interpreterNeeded', {
    is: true,
    then: (s) => s.required('interpreterLanguageRequired'),
    otherwise: (s) => s.strip(),
  }),
});

const applicantSchema = yup.object({
  name: requiredText(200),
  nationalId: nationalId()
    .test('required', 'required', function required(value) {
      return value !== undefined || rootOf(this).applicantRole === 'health-personnel';
    })
    .test('not-the-person', 'applicantIsPerson', function notThePerson(value) {
      const personId = rootOf(this).person?.nationalId;
      return value === undefined || typeof personId !== 'string' || normalizeNationalId(personId) !== value;
    }),
  relation: text(200).optional(),
  organisation: text(200).test('required', 'organisationRequired', function organisation(value) {
    return value !== undefined || rootOf(this).applicantRole !== 'health-personnel';
  }),
  phone: phone()
    .optional()
    .test('contact', 'contactRequired', function contact(value) {
      return value !== undefined || (typeof this.parent?.email === 'string' && this.parent.email !== '');
    }),
  email: email().optional(),
  cannotConsentReason: text(2000).test('required', 'cannotConsentReasonRequired', function cannotConsent(value) {
    const root = rootOf(this);
    if (root.applicantRole !== 'parent' && root.applicantRole !== 'guardian') return true;
    const age = personAge(root as { person?: { nationalId?: unknown } }, referenceDateOf(this.options.context));
    return value !== undefined || age === undefined || age < 16 || age >= 18;
  }),
});

const serviceSchema = yup.object({
  service: requiredText(200),
  provider: choice(serviceProviders).required('requiredChoice'),
  contact: text(300).optional(),
});

const schema = yup.object({
  person: personSchema,
  applicantRole: choice(applicantRoles)
    .required('requiredChoice')
    .test('signer-rule', 'signerRule', function signerRule(value) {
      const age = personAge(this.parent as RootLike, referenceDateOf(this.options.context));
      if (value === undefined || age === undefined) return true;
      if (allowedSigners(age).includes(value)) return true;
      const key = age < 16 ? 'signerUnder16' : age < 18 ? 'signer16to17' : 'signerAdult';
      return this.createError({ message: key });
    }),
  applicant: applicantSchema.default(undefined).optional().when('applicantRole', {
    is: (role: unknown) => role === 'person' || role === undefined,
    then: (s) => s.strip(),
    otherwise: (s) => s.required('required'),
  }),
  askFor: choice(requestKinds)
    .required('requiredChoice')
    .test('child-coordinator', 'childCoordinatorAge', function childCoordinator(value) {
      if (value !== 'child-coordinator') return true;
      const age = personAge(this.parent as RootLike, referenceDateOf(this.options.context));
      return age === undefined || age < 18;
    }),
  situation: requiredText(4000).min(20, 'tooShort'),
  coordinationNeeds: requiredText(4000),
  currentServices: yup.array(serviceSchema).default([]).max(20, 'maxItems'),
  wishedCoordinator: text(300).optional(),
  consent: consentObject()
    .default(undefined)
    .optional()
    .when('applicantRole', {
      is: 'health-personnel',
      then: (s) => s.strip(),
      otherwise: (s) => s.required('required'),
    }),
  powerOfAttorney: attachment().optional().when(['applicantRole', 'person'], ([role, person], s, options) => {
    const age = personAge({ person: person as { nationalId?: unknown } }, referenceDateOf(options.context));
    return needsAttachment(role, age) ? s.required('powerOfAttorneyRequired') : s.strip();
  }),
  signature: yup
    .object({
      fullName: requiredText(200).test('matches-signer', 'signatureNameMismatch', function matches(value) {
        const root = rootOf(this);
        const signer = root.applicantRole === 'person' ? root.person?.name : root.applicant?.name;
        return value === undefined || typeof signer !== 'string' || signer.trim() === '' || sameName(value, signer);
      }),
      confirmed: confirmation(),
    })
    .required('required'),
});

const contactHint = l10n(
  'Skriv telefonnummer, e-post eller begge, så vi kan nå deg.',
  'Skriv telefonnummer, e-post eller begge, så vi kan nå deg.',
  'Give a phone number, an e-mail address or both, so that we can reach you.',
);

const personFields: readonly Field[] = [
  { name: 'name', type: 'text', required: true, maxLength: 200, label: l10n('Fullt navn', 'Fullt namn', 'Full name') },
  {
    name: 'nationalId',
    type: 'text',
    required: true,
    maxLength: 14,
    label: l10n('Fødselsnummer eller D-nummer', 'Fødselsnummer eller D-nummer', 'National identity number or D-number'),
    hint: l10n('11 siffer', '11 siffer', '11 digits'),
  },
  { name: 'address', type: 'text', maxLength: 300, label: l10n('Adresse', 'Adresse', 'Address') },
  { name: 'phone', type: 'tel', label: l10n('Telefon', 'Telefon', 'Phone'), hint: contactHint },
  { name: 'email', type: 'email', label: l10n('E-post', 'E-post', 'E-mail') },
  {
    name: 'preferredLanguage',
    type: 'text',
    maxLength: 100,
    label: l10n('Foretrukket språk', 'Føretrekt språk', 'Preferred language'),
    hint: l10n('For eksempel norsk, nordsamisk, arabisk eller polsk.', 'Til dømes norsk, nordsamisk, arabisk eller polsk.', 'For example Norwegian, Northern Sami, Arabic or Polish.'),
  },
  {
    name: 'writtenForm',
    type: 'choice',
    display: 'radio',
    required: true,
    label: l10n('Hvilken målform vil du ha brev på?', 'Kva målform vil du ha brev på?', 'Which written Norwegian would you like letters in?'),
    options: [
      { value: 'nb', label: l10n('Bokmål', 'Bokmål', 'Bokmål') },
      { value: 'nn', label: l10n('Nynorsk', 'Nynorsk', 'Nynorsk') },
    ],
  },
  {
    name: 'interpreterNeeded',
    type: 'boolean',
    display: 'yes-no',
    required: true,
    label: l10n('Trengs det tolk?', 'Trengst det tolk?', 'Is an interpreter needed?'),
  },
  {
    name: 'interpreterLanguage',
    type: 'text',
    required: true,
    maxLength: 100,
    visibleWhen: { field: 'interpreterNeeded', in: [true] },
    label: l10n('Tolk til hvilket språk?', 'Tolk til kva språk?', 'Interpreter for which language?'),
  },
];

const applicantFields: readonly Field[] = [
  { name: 'name', type: 'text', required: true, maxLength: 200, label: l10n('Ditt fulle navn', 'Det fulle namnet ditt', 'Your full name') },
  {
    name: 'nationalId',
    type: 'text',
    required: true,
    maxLength: 14,
    visibleWhen: { field: 'applicantRole', in: ['parent', 'guardian', 'proxy'] },
    label: l10n('Ditt fødselsnummer eller D-nummer', 'Fødselsnummeret eller D-nummeret ditt', 'Your national identity number or D-number'),
  },
  {
    name: 'relation',
    type: 'text',
    maxLength: 200,
    visibleWhen: { field: 'applicantRole', in: ['parent', 'guardian', 'proxy'] },
    label: l10n('Hvilken relasjon har du til personen?', 'Kva relasjon har du til personen?', 'How are you related to the person?'),
    hint: l10n('For eksempel mor, far, ektefelle eller venn.', 'Til dømes mor, far, ektefelle eller ven.', 'For example mother, father, spouse or friend.'),
  },
  {
    name: 'organisation',
    type: 'text',
    required: true,
    maxLength: 200,
    visibleWhen: { field: 'applicantRole', in: ['health-personnel'] },
    label: l10n('Arbeidssted og stilling', 'Arbeidsstad og stilling', 'Workplace and position'),
    hint: l10n('For eksempel Sykehuset Innlandet Gjøvik, sykepleier.', 'Til dømes Sjukehuset Innlandet Gjøvik, sjukepleiar.', 'For example Innlandet Hospital Gjøvik, nurse.'),
  },
  { name: 'phone', type: 'tel', label: l10n('Din telefon', 'Telefonen din', 'Your phone'), hint: contactHint },
  { name: 'email', type: 'email', label: l10n('Din e-post', 'E-posten din', 'Your e-mail') },
  {
    name: 'cannotConsentReason',
    type: 'textarea',
    maxLength: 2000,
    visibleWhen: { field: 'applicantRole', in: ['parent', 'guardian'] },
    label: l10n(
      'Hvis personen er 16 eller 17 år: hvorfor kan ikke personen samtykke selv?',
      'Dersom personen er 16 eller 17 år: kvifor kan ikkje personen samtykkje sjølv?',
      'If the person is 16 or 17: why can the person not consent themselves?',
    ),
    hint: l10n(
      'Ungdom over 16 år samtykker selv når de er i stand til det.',
      'Ungdom over 16 år samtykkjer sjølv når dei er i stand til det.',
      'Young people over 16 consent themselves when they are able to.',
    ),
  },
];

export const requestForm = defineForm({
  key: 'request',
  variable: 'request',
  title: l10n(
    'Be om individuell plan og koordinator',
    'Be om individuell plan og koordinator',
    'Ask for an individual plan and a coordinator',
  ),
  description: l10n(
    'Anmodningen går til koordinerende enhet i kommunen. Den tar omtrent 15 minutter å fylle ut, og det du skriver, blir lagret underveis.',
    'Oppmodinga går til koordinerande eining i kommunen. Ho tek om lag 15 minutt å fylle ut, og det du skriv, blir lagra undervegs.',
    'The request goes to the coordinating unit of the municipality. It takes about 15 minutes to fill in, and what you write is saved as you go.',
  ),
  fields: [
    {
      name: 'person',
      type: 'group',
      repeatable: false,
      required: true,
      label: l10n('Personen planen gjelder', 'Personen planen gjeld', 'The person the plan is for'),
      fields: personFields,
    },
    {
      name: 'applicantRole',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Hvem sender anmodningen?', 'Kven sender oppmodinga?', 'Who is sending the request?'),
      hint: l10n(
        'Under 16 år sender en forelder eller verge. Fra 16 år sender personen selv, eller en forelder eller verge hvis personen ikke kan samtykke. Fra 18 år kan også en fullmektig eller verge sende.',
        'Under 16 år sender ein forelder eller ei verje. Frå 16 år sender personen sjølv, eller ein forelder eller ei verje dersom personen ikkje kan samtykkje. Frå 18 år kan også ein fullmektig eller ei verje sende.',
        'Under 16, a parent or guardian sends it. From 16, the person sends it, or a parent or guardian if the person cannot consent. From 18, a representative or guardian may also send it.',
      ),
      options: [
        { value: 'person', label: l10n('Jeg søker for meg selv', 'Eg søkjer for meg sjølv', 'I am asking for myself') },
        { value: 'parent', label: l10n('Jeg er forelder med foreldreansvar', 'Eg er forelder med foreldreansvar', 'I am a parent with parental responsibility') },
        { value: 'guardian', label: l10n('Jeg er verge', 'Eg er verje', 'I am a guardian') },
        {
          value: 'proxy',
          label: l10n('Jeg har fullmakt fra personen', 'Eg har fullmakt frå personen', 'I have a power of attorney from the person'),
          hint: l10n('Du legger ved fullmakten som PDF.', 'Du legg ved fullmakta som PDF.', 'You attach the power of attorney as a PDF.'),
        },
        {
          value: 'health-personnel',
          label: l10n('Jeg er helsepersonell og melder et behov', 'Eg er helsepersonell og melder eit behov', 'I am health personnel reporting a need'),
          hint: l10n(
            'Koordinerende enhet kontakter personen og tilbyr individuell plan.',
            'Koordinerande eining kontaktar personen og tilbyr individuell plan.',
            'The coordinating unit contacts the person and offers an individual plan.',
          ),
        },
      ],
    },
    {
      name: 'applicant',
      type: 'group',
      repeatable: false,
      required: true,
      visibleWhen: { field: 'applicantRole', in: ['parent', 'guardian', 'proxy', 'health-personnel'] },
      label: l10n('Om deg som sender', 'Om deg som sender', 'About you, the sender'),
      fields: applicantFields,
    },
    {
      name: 'askFor',
      type: 'choice',
      display: 'radio',
      required: true,
      label: l10n('Hva ber du om?', 'Kva ber du om?', 'What are you asking for?'),
      options: [
        {
          value: 'plan-and-coordinator',
          label: l10n('Individuell plan og koordinator', 'Individuell plan og koordinator', 'An individual plan and a coordinator'),
        },
        {
          value: 'coordinator-only',
          label: l10n('Bare koordinator', 'Berre koordinator', 'A coordinator only'),
          hint: l10n(
            'Du kan få koordinator selv om du ikke ønsker individuell plan.',
            'Du kan få koordinator sjølv om du ikkje ønskjer individuell plan.',
            'You can have a coordinator even if you do not want an individual plan.',
          ),
        },
        {
          value: 'child-coordinator',
          label: l10n('Barnekoordinator', 'Barnekoordinator', 'Child coordinator'),
          hint: l10n(
            'For familier med barn under 18 år som har alvorlig sykdom, skade eller nedsatt funksjonsevne og trenger sammensatte tjenester over tid.',
            'For familiar med born under 18 år som har alvorleg sjukdom, skade eller nedsett funksjonsevne og treng samansette tenester over tid.',
            'For families with a child under 18 who has a serious illness, injury or disability and needs several services over time.',
          ),
        },
      ],
    },
    {
      name: 'situation',
      type: 'textarea',
      required: true,
      maxLength: 4000,
      label: l10n('Beskriv situasjonen', 'Skildre situasjonen', 'Describe the situation'),
      hint: l10n(
        'Hva er viktig for deg, og hva trenger du hjelp til i hverdagen?',
        'Kva er viktig for deg, og kva treng du hjelp til i kvardagen?',
        'What matters to you, and what do you need help with in daily life?',
      ),
    },
    {
      name: 'coordinationNeeds',
      type: 'textarea',
      required: true,
      maxLength: 4000,
      label: l10n('Hva trenger å bli koordinert?', 'Kva treng å bli koordinert?', 'What needs coordinating?'),
      hint: l10n(
        'For eksempel tjenester som ikke snakker sammen, eller avtaler som kolliderer.',
        'Til dømes tenester som ikkje snakkar saman, eller avtalar som kolliderer.',
        'For example services that do not talk to each other, or appointments that clash.',
      ),
    },
    {
      name: 'currentServices',
      type: 'group',
      repeatable: true,
      maxItems: 20,
      label: l10n('Tjenester du har nå', 'Tenester du har no', 'Services you have now'),
      itemLabel: l10n('Tjeneste', 'Teneste', 'Service'),
      hint: l10n('Legg til de tjenestene du kjenner til. Du kan hoppe over dette.', 'Legg til dei tenestene du kjenner til. Du kan hoppe over dette.', 'Add the services you know of. You may skip this.'),
      addLabel: l10n('Legg til en tjeneste', 'Legg til ei teneste', 'Add a service'),
      fields: [
        { name: 'service', type: 'text', required: true, maxLength: 200, label: l10n('Tjeneste', 'Teneste', 'Service'), hint: l10n('For eksempel fysioterapi eller avlastning.', 'Til dømes fysioterapi eller avlasting.', 'For example physiotherapy or respite care.') },
        { name: 'provider', type: 'choice', display: 'select', required: true, label: l10n('Hvem gir tjenesten?', 'Kven gir tenesta?', 'Who provides it?'), options: serviceProviderOptions },
        { name: 'contact', type: 'text', maxLength: 300, label: l10n('Kontaktperson', 'Kontaktperson', 'Contact person') },
      ],
    },
    {
      name: 'wishedCoordinator',
      type: 'text',
      maxLength: 300,
      label: l10n('Ønsker du en bestemt koordinator?', 'Ønskjer du ein bestemd koordinator?', 'Would you like a particular coordinator?'),
      hint: l10n(
        'Koordinatoren er ofte en du allerede får tjenester fra. Ønsket ditt blir tatt med i vurderingen.',
        'Koordinatoren er ofte ein du alt får tenester frå. Ønsket ditt blir teke med i vurderinga.',
        'The coordinator is often someone you already receive services from. Your wish is taken into account.',
      ),
    },
    {
      name: 'consent',
      type: 'group',
      repeatable: false,
      required: true,
      visibleWhen: { field: 'applicantRole', in: ['person', 'parent', 'guardian', 'proxy'] },
      label: l10n('Samtykke', 'Samtykke', 'Consent'),
      fields: consentFieldList,
    },
    {
      name: 'powerOfAttorney',
      type: 'file',
      required: true,
      accept: attachmentTypes,
      maxBytes: maxAttachmentBytes,
      visibleWhen: { field: 'applicantRole', in: ['proxy', 'guardian'] },
      label: l10n('Fullmakt eller vergefullmakt (PDF)', 'Fullmakt eller verjefullmakt (PDF)', 'Power of attorney or guardianship mandate (PDF)'),
      hint: l10n(
        'Fullmektige legger ved fullmakten. Verger for personer over 18 år legger ved vergefullmakten. Høyst 5 MB.',
        'Fullmektigar legg ved fullmakta. Verjer for personar over 18 år legg ved verjefullmakta. Høgst 5 MB.',
        'Representatives attach the power of attorney. Guardians of persons over 18 attach the guardianship mandate. At most 5 MB.',
      ),
    },
    {
      name: 'signature',
      type: 'group',
      repeatable: false,
      required: true,
      label: l10n('Signatur', 'Signatur', 'Signature'),
      fields: [
        {
          name: 'fullName',
          type: 'text',
          required: true,
          maxLength: 200,
          label: l10n('Skriv ditt fulle navn for å signere', 'Skriv det fulle namnet ditt for å signere', 'Type your full name to sign'),
        },
        {
          name: 'confirmed',
          type: 'boolean',
          display: 'checkbox',
          required: true,
          label: l10n(
            'Jeg bekrefter at opplysningene er riktige, og at jeg har rett til å sende denne anmodningen',
            'Eg stadfestar at opplysningane er rette, og at eg har rett til å sende denne oppmodinga',
            'I confirm that the information is correct and that I have the right to send this request',
          ),
        },
      ],
    },
  ],
  messages: {
    ...consentMessages,
    invalidNationalId: l10n(
      'Skriv et gyldig fødselsnummer eller D-nummer med 11 siffer.',
      'Skriv eit gyldig fødselsnummer eller D-nummer med 11 siffer.',
      'Enter a valid national identity number or D-number with 11 digits.',
    ),
    contactRequired: l10n(
      'Skriv telefonnummer eller e-post, så vi kan nå deg.',
      'Skriv telefonnummer eller e-post, så vi kan nå deg.',
      'Give a phone number or an e-mail address so that we can reach you.',
    ),
    interpreterLanguageRequired: l10n('Skriv hvilket språk tolken skal tolke til.', 'Skriv kva språk tolken skal tolke til.', 'Say which language the interpreter is for.'),
    applicantIsPerson: l10n(
      'Dette er fødselsnummeret til personen planen gjelder. Skriv ditt eget.',
      'Dette er fødselsnummeret til personen planen gjeld. Skriv ditt eige.',
      'This is the national identity number of the person the plan is for. Enter your own.',
    ),
    organisationRequired: l10n('Skriv arbeidssted og stilling.', 'Skriv arbeidsstad og stilling.', 'Give your workplace and position.'),
    cannotConsentReasonRequired: l10n(
      'Personen er 16 eller 17 år og samtykker selv hvis hen kan. Skriv hvorfor personen ikke kan samtykke selv.',
      'Personen er 16 eller 17 år og samtykkjer sjølv dersom hen kan. Skriv kvifor personen ikkje kan samtykkje sjølv.',
      'The person is 16 or 17 and consents themselves if able to. Explain why the person cannot consent themselves.',
    ),
    signerUnder16: l10n(
      'Personen er under 16 år. Da må en forelder eller verge sende anmodningen.',
      'Personen er under 16 år. Då må ein forelder eller ei verje sende oppmodinga.',
      'The person is under 16. A parent or guardian must send the request.',
    ),
    signer16to17: l10n(
      'Personen er 16 eller 17 år. Da sender personen selv, eller en forelder eller verge hvis personen ikke kan samtykke.',
      'Personen er 16 eller 17 år. Då sender personen sjølv, eller ein forelder eller ei verje dersom personen ikkje kan samtykkje.',
      'The person is 16 or 17. The person sends it, or a parent or guardian if the person cannot consent.',
    ),
    signerAdult: l10n(
      'Personen er over 18 år. Da sender personen selv, en fullmektig eller en verge.',
      'Personen er over 18 år. Då sender personen sjølv, ein fullmektig eller ei verje.',
      'The person is 18 or older. The person, a representative with a power of attorney or a guardian sends it.',
    ),
    childCoordinatorAge: l10n(
      'Barnekoordinator gjelder barn under 18 år. Velg et annet alternativ.',
      'Barnekoordinator gjeld born under 18 år. Vel eit anna alternativ.',
      'A child coordinator is for children under 18. Choose another option.',
    ),
    powerOfAttorneyRequired: l10n('Legg ved fullmakten som PDF.', 'Legg ved fullmakta som PDF.', 'Attach the power of attorney as a PDF.'),
    pdfOnly: l10n('Filen må være en PDF.', 'Fila må vere ein PDF.', 'The file must be a PDF.'),
    fileTooLarge: l10n('Filen kan være høyst 5 MB.', 'Fila kan vere høgst 5 MB.', 'The file can be at most 5 MB.'),
    fileEmpty: l10n('Filen er tom.', 'Fila er tom.', 'The file is empty.'),
    signatureNameMismatch: l10n(
      'Navnet må være det samme som navnet til den som sender anmodningen.',
      'Namnet må vere det same som namnet til den som sender oppmodinga.',
      'The name must be the same as the name of the person sending the request.',
    ),
  },
  schema,
  example: {
    person: {
      name: 'Sigrid Fjellheim',
      nationalId: '14858710058',
      address: 'Storgata 12, 2815 Gjøvik',
      phone: '912 34 567',
      email: 'sigrid.fjellheim@example.no',
      preferredLanguage: 'norsk',
      writtenForm: 'nn',
      interpreterNeeded: false,
    },
    applicantRole: 'person',
    askFor: 'plan-and-coordinator',
    situation:
      'Jeg har MS og bor alene. Etter et attakk i vinter trenger jeg mer hjelp hjemme, og jeg vil gjerne tilbake i jobb på deltid.',
    coordinationNeeds: 'Hjemmetjenesten, fysioterapeut, NAV og nevrologisk poliklinikk planlegger hver for seg. Jeg må selv holde oversikten.',
    currentServices: [
      { service: 'Hjemmesykepleie to ganger i uka', provider: 'home-care', contact: 'Sone nord, tlf. 61 00 00 00' },
      { service: 'Arbeidsavklaringspenger', provider: 'nav', contact: 'Veileder Per Holm' },
      { service: 'Kontroll hos nevrolog', provider: 'specialist-health' },
    ],
    wishedCoordinator: 'Ergoterapeut Line Berg',
    consent: {
      given: true,
      sharing: [
        { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
        { party: 'nav', information: ['welfare', 'school-work', 'plan'] },
        { party: 'specialist-health', information: ['health', 'plan'] },
      ],
      duration: 'until-withdrawn',
    },
    signature: { fullName: 'Sigrid Fjellheim', confirmed: true },
  },
});

export type RequestData = yup.InferType<typeof schema>;

/**
 * Validates and normalizes a request (trims text, drops unknown and irrelevant fields) with ages
 * computed on `context.referenceDate`; errors come back localized as `{ field, message }`.
 */
export async function validateRequest(
  data: unknown,
  language: Language = 'nb',
  context: RequestValidationContext = {},
): Promise<{ ok: true; value: RequestData } | { ok: false; errors: FieldError[] }> {
  try {
    const value = await schema.validate(ownData(data), { abortEarly: false, stripUnknown: true, context: { referenceDate: referenceDateOf(context) } });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof yup.ValidationError) return { ok: false, errors: formErrors(error, language, requestForm.messages) };
    throw error;
  }
}
