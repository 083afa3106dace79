import * as yup from 'yup';
import { todayInNorway } from './national-id.js';
import { choice, date, text, yesNo } from './schema.js';
import { defineForm, l10n, type Field, type FieldOption } from './types.js';

/**
 * The person's own consent: which services may share which information, and for how long.
 * The request form (./request.ts) asks for it too; this module is also the form a person uses to
 * give or change consent on their case later.
 */

/** Services and providers the person has or that take part in the plan. */
export const serviceProviders = [
  'nav',
  'gp',
  'home-care',
  'school',
  'kindergarten',
  'child-welfare',
  'ppt',
  'specialist-health',
  'other',
] as const;
export type ServiceProvider = (typeof serviceProviders)[number];

export const serviceProviderOptions: readonly FieldOption<ServiceProvider>[] = [
  { value: 'nav', label: l10n('NAV', 'NAV', 'NAV (labour and welfare)') },
  { value: 'gp', label: l10n('Fastlege', 'Fastlege', 'GP (regular doctor)') },
  { value: 'home-care', label: l10n('Hjemmetjenesten', 'Heimetenesta', 'Home care') },
  { value: 'school', label: l10n('Skole', 'Skule', 'School') },
  { value: 'kindergarten', label: l10n('Barnehage', 'Barnehage', 'Kindergarten') },
  { value: 'child-welfare', label: l10n('Barnevernet', 'Barnevernet', 'Child welfare') },
  { value: 'ppt', label: l10n('PP-tjenesten', 'PP-tenesta', 'Educational psychology service (PPT)') },
  { value: 'specialist-health', label: l10n('Spesialisthelsetjenesten (sykehus, BUP, DPS)', 'Spesialisthelsetenesta (sjukehus, BUP, DPS)', 'Specialist health service (hospital, child and adolescent or adult mental health)') },
  { value: 'other', label: l10n('Annen tjeneste', 'Anna teneste', 'Other service') },
];

/** Kinds of information that may be shared. */
export const informationCategories = ['health', 'daily-life', 'school-work', 'welfare', 'family', 'plan'] as const;
export type InformationCategory = (typeof informationCategories)[number];

export const informationOptions: readonly FieldOption<InformationCategory>[] = [
  { value: 'health', label: l10n('Helseopplysninger', 'Helseopplysningar', 'Health information') },
  { value: 'daily-life', label: l10n('Funksjon og hverdagsliv', 'Funksjon og kvardagsliv', 'Functioning and daily life') },
  { value: 'school-work', label: l10n('Skole, barnehage eller arbeid', 'Skule, barnehage eller arbeid', 'School, kindergarten or work') },
  { value: 'welfare', label: l10n('Økonomi, bolig og ytelser fra NAV', 'Økonomi, bustad og ytingar frå NAV', 'Finances, housing and NAV benefits') },
  { value: 'family', label: l10n('Familie og nettverk', 'Familie og nettverk', 'Family and network') },
  { value: 'plan', label: l10n('Innholdet i den individuelle planen', 'Innhaldet i den individuelle planen', 'The content of the individual plan') },
];

export const consentDurations = ['until-withdrawn', 'until-date'] as const;

/** The consent as an object schema; `when given` rules live here so the request form reuses them. */
export function consentObject() {
  return yup.object({
    given: yesNo().required('requiredChoice'),
    sharing: yup
      .array(
        yup.object({
          party: choice(serviceProviders).required('requiredChoice'),
          information: yup.array(choice(informationCategories).defined()).default([]).min(1, 'informationRequired'),
        }),
      )
      .default([])
      .max(20, 'maxItems')
      .when('given', {
        is: true,
        then: (s) => s.min(1, 'sharingRequired'),
        otherwise: (s) => s.strip(),
      }),
    duration: choice(consentDurations).when('given', {
      is: true,
      then: (s) => s.required('requiredChoice'),
      otherwise: (s) => s.strip(),
    }),
    validUntil: date().when(['given', 'duration'], ([given, duration], s) =>
      given === true && duration === 'until-date'
        ? s.required('required').test('future', 'validUntilPast', function future(value) {
            const reference = (this.options.context as { referenceDate?: string } | undefined)?.referenceDate ?? todayInNorway();
            return value === undefined || value >= reference;
          })
        : s.strip(),
    ),
  });
}

export const consentFieldList: readonly Field[] = [
  {
    name: 'given',
    type: 'boolean',
    display: 'yes-no',
    required: true,
    label: l10n(
      'Samtykker du til at det lages en individuell plan, og at tjenestene deler opplysninger for å lage den?',
      'Samtykkjer du til at det blir laga ein individuell plan, og at tenestene deler opplysningar for å lage han?',
      'Do you consent to an individual plan being made, and to the services sharing information to make it?',
    ),
    hint: l10n(
      'Uten samtykke kan vi ikke lage en individuell plan, men du kan likevel få en koordinator. Du kan trekke samtykket tilbake når som helst.',
      'Utan samtykke kan vi ikkje lage ein individuell plan, men du kan likevel få ein koordinator. Du kan trekkje samtykket tilbake når som helst.',
      'Without consent we cannot make an individual plan, but you can still get a coordinator. You can withdraw your consent at any time.',
    ),
  },
  {
    name: 'sharing',
    type: 'group',
    repeatable: true,
    minItems: 1,
    maxItems: 20,
    required: true,
    visibleWhen: { field: 'given', in: [true] },
    label: l10n('Hvem kan dele hvilke opplysninger?', 'Kven kan dele kva opplysningar?', 'Who may share which information?'),
    hint: l10n(
      'Velg tjenestene, og for hver tjeneste hvilke opplysninger den kan dele med de andre som er med i planarbeidet.',
      'Vel tenestene, og for kvar teneste kva opplysningar ho kan dele med dei andre som er med i planarbeidet.',
      'Choose the services and, for each one, which information it may share with the others taking part in the planning.',
    ),
    addLabel: l10n('Legg til en tjeneste', 'Legg til ei teneste', 'Add a service'),
    itemLabel: l10n('Tjeneste', 'Teneste', 'Service'),
    fields: [
      {
        name: 'party',
        type: 'choice',
        display: 'select',
        required: true,
        label: l10n('Tjeneste', 'Teneste', 'Service'),
        options: serviceProviderOptions,
      },
      {
        name: 'information',
        type: 'multi-choice',
        required: true,
        label: l10n('Opplysninger tjenesten kan dele', 'Opplysningar tenesta kan dele', 'Information the service may share'),
        options: informationOptions,
      },
    ],
  },
  {
    name: 'duration',
    type: 'choice',
    display: 'radio',
    required: true,
    visibleWhen: { field: 'given', in: [true] },
    label: l10n('Hvor lenge gjelder samtykket?', 'Kor lenge gjeld samtykket?', 'How long does the consent last?'),
    options: [
      { value: 'until-withdrawn', label: l10n('Til jeg trekker det tilbake', 'Til eg trekkjer det tilbake', 'Until I withdraw it') },
      { value: 'until-date', label: l10n('Til en bestemt dato', 'Til ein bestemd dato', 'Until a given date') },
    ],
  },
  {
    name: 'validUntil',
    type: 'date',
    required: true,
    visibleWhen: { field: 'duration', in: ['until-date'] },
    label: l10n('Samtykket gjelder til', 'Samtykket gjeld til', 'The consent lasts until'),
  },
];

export const consentMessages = {
  sharingRequired: l10n(
    'Velg minst én tjeneste som kan dele opplysninger.',
    'Vel minst éi teneste som kan dele opplysningar.',
    'Choose at least one service that may share information.',
  ),
  informationRequired: l10n(
    'Velg minst én type opplysninger.',
    'Vel minst éin type opplysningar.',
    'Choose at least one kind of information.',
  ),
  validUntilPast: l10n('Datoen kan ikke være tilbake i tid.', 'Datoen kan ikkje vere attende i tid.', 'The date cannot be in the past.'),
};

const schema = consentObject().shape({ notes: text(2000).optional() });

/** The person gives or changes consent on their case. */
export const consentForm = defineForm({
  key: 'consent',
  variable: 'consentStatement',
  title: l10n('Samtykke', 'Samtykke', 'Consent'),
  description: l10n(
    'Du bestemmer hvilke opplysninger som deles mellom tjenestene, og hvor lenge. Er du over 16 år, samtykker du selv hvis du kan. For barn under 16 år samtykker foreldre eller verge.',
    'Du bestemmer kva opplysningar som blir delte mellom tenestene, og kor lenge. Er du over 16 år, samtykkjer du sjølv dersom du kan. For born under 16 år samtykkjer foreldre eller verje.',
    'You decide which information is shared between the services, and for how long. If you are over 16, you consent yourself if you are able to. For children under 16 a parent or guardian consents.',
  ),
  fields: [
    ...consentFieldList,
    {
      name: 'notes',
      type: 'textarea',
      maxLength: 2000,
      label: l10n('Noe mer vi bør vite om samtykket?', 'Noko meir vi bør vite om samtykket?', 'Anything else we should know about the consent?'),
    },
  ],
  messages: consentMessages,
  schema,
  example: {
    given: true,
    sharing: [
      { party: 'gp', information: ['health', 'daily-life', 'plan'] },
      { party: 'nav', information: ['welfare', 'plan'] },
      { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
    ],
    duration: 'until-withdrawn',
  },
});

/** Consent as it stands: the services and what each may share, and until when (null: until withdrawn). */
export interface ConsentState {
  readonly given: boolean;
  readonly sharing: readonly { readonly party: string; readonly information: readonly string[] }[];
  readonly validUntil: string | null;
}

/** What a change of consent changes, service by service; empty lists and `validUntil: null` when nothing does. */
export interface ConsentChange {
  /** Services that may now share, and did not before. */
  readonly added: string[];
  /** Services that may no longer share. */
  readonly removed: string[];
  /** Services that still share, with other information than before. */
  readonly changed: string[];
  /** The end date before and after, when it changed (null: until withdrawn). */
  readonly validUntil: { readonly from: string | null; readonly to: string | null } | null;
}

/** Compares the consent given now with a new one (the person's form on the case page and the server's record use it both). */
export function consentChange(before: ConsentState, after: ConsentState): ConsentChange {
  const shared = (state: ConsentState) => new Map(state.given ? state.sharing.map((s) => [s.party, [...new Set(s.information)].sort().join(',')]) : []);
  const old = shared(before);
  const now = shared(after);
  const until = (state: ConsentState) => (state.given ? state.validUntil : null);
  return {
    added: [...now.keys()].filter((party) => !old.has(party)),
    removed: [...old.keys()].filter((party) => !now.has(party)),
    changed: [...now.keys()].filter((party) => old.has(party) && old.get(party) !== now.get(party)),
    validUntil: before.given && after.given && until(before) !== until(after) ? { from: until(before), to: until(after) } : null,
  };
}

export function isNoChange(change: ConsentChange): boolean {
  return change.added.length === 0 && change.removed.length === 0 && change.changed.length === 0 && change.validUntil === null;
}
