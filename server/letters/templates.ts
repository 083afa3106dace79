/**
 * The letters the coordinating unit sends the person, in one place and in the recipient's written
 * language (Bokmål, Nynorsk, English). Each template turns the facts of the case into a document
 * (server/documents) that is kept as HTML and as a tagged PDF.
 */
import type { DocumentBlock, DocumentContent, DocumentLanguage } from '../documents/index.js';

export const letterTemplates = [
  'receipt',
  'interim-reply',
  'decision-grant',
  'decision-rejection',
  'consent-withdrawn-confirmation',
  'case-closed-no-consent',
  'case-closed-plan-ended',
  'case-closed-offer-declined',
  'plan-version',
] as const;

export type LetterTemplate = (typeof letterTemplates)[number];

export function isLetterTemplate(value: unknown): value is LetterTemplate {
  return typeof value === 'string' && (letterTemplates as readonly string[]).includes(value);
}

/** How long after an interim reply the person can expect the answer. */
export const interimReplyAnswerWithinDays = 28;
/** The complaint deadline (pasient- og brukerrettighetsloven § 7-5). */
export const complaintWeeks = 4;

export interface LetterFacts {
  readonly caseNumber: string;
  readonly municipalityName: string;
  /** The letter's date. */
  readonly date: Date;
  readonly recipientName: string;
  /** The person the case is about, when the letter goes to a representative. */
  readonly personName: string;
  /** From the need assessment: the decision, its date and (for a rejection) the reasons. */
  readonly decision?: 'plan-and-coordinator' | 'coordinator-only' | 'reject';
  readonly decidedOn?: string;
  readonly reasons?: string;
  readonly coordinator?: { readonly name?: string; readonly unit?: string; readonly phone?: string; readonly email?: string };
  /** A version of the plan, sent as the letter's attachment (the plan document's own blocks). */
  readonly plan?: { readonly number: number; readonly approved: boolean; readonly blocks: readonly DocumentBlock[] };
}

const locales: Record<DocumentLanguage, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

export function formatDate(language: DocumentLanguage, date: Date | string): string {
  const value = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T12:00:00Z`) : date;
  if (Number.isNaN(value.getTime())) return String(date);
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(value);
}

interface Common {
  caseNumber: string;
  date: string;
  to: string;
  about: string;
  greeting(name: string): string;
  regards(municipality: string): string;
  coordinatingUnit(municipality: string): string;
  contact: string;
  attachment(planVersion: number): string;
}

const common: Record<DocumentLanguage, Common> = {
  nb: {
    caseNumber: 'Saksnummer',
    date: 'Dato',
    to: 'Til',
    about: 'Gjelder',
    greeting: (name) => `Hei ${name},`,
    regards: (m) => `Med vennlig hilsen\nKoordinerende enhet, ${m}`,
    coordinatingUnit: (m) => `Koordinerende enhet, ${m}`,
    contact: 'Oppgi saksnummeret hvis du kontakter oss. Du finner alle brevene i saken når du logger inn på «Mine saker».',
    attachment: (n) => `Vedlegg: Individuell plan, versjon ${n}`,
  },
  nn: {
    caseNumber: 'Saksnummer',
    date: 'Dato',
    to: 'Til',
    about: 'Gjeld',
    greeting: (name) => `Hei ${name},`,
    regards: (m) => `Med venleg helsing\nKoordinerande eining, ${m}`,
    coordinatingUnit: (m) => `Koordinerande eining, ${m}`,
    contact: 'Oppgi saksnummeret dersom du kontaktar oss. Du finn alle breva i saka når du loggar inn på «Mine saker».',
    attachment: (n) => `Vedlegg: Individuell plan, versjon ${n}`,
  },
  en: {
    caseNumber: 'Case number',
    date: 'Date',
    to: 'To',
    about: 'Concerning',
    greeting: (name) => `Dear ${name},`,
    regards: (m) => `Kind regards\nThe coordinating unit, ${m}`,
    coordinatingUnit: (m) => `The coordinating unit, ${m}`,
    contact: 'Please give the case number if you contact us. You will find every letter in the case when you sign in to "My cases".',
    attachment: (n) => `Attachment: Individual plan, version ${n}`,
  },
};

type Body = (facts: LetterFacts, language: DocumentLanguage) => { title: string; blocks: DocumentBlock[] };

const p = (text: string): DocumentBlock => ({ kind: 'paragraph', text });
const h = (text: string): DocumentBlock => ({ kind: 'heading', text });

function coordinatorFields(language: DocumentLanguage, coordinator: LetterFacts['coordinator']): DocumentBlock[] {
  if (!coordinator) return [];
  const labels = {
    nb: { name: 'Koordinator', unit: 'Tjeneste', phone: 'Telefon', email: 'E-post' },
    nn: { name: 'Koordinator', unit: 'Teneste', phone: 'Telefon', email: 'E-post' },
    en: { name: 'Coordinator', unit: 'Service', phone: 'Phone', email: 'E-mail' },
  }[language];
  const rows = (['name', 'unit', 'phone', 'email'] as const)
    .filter((key) => coordinator[key])
    .map((key) => ({ label: labels[key], value: coordinator[key]! }));
  return rows.length > 0 ? [{ kind: 'fields', rows }] : [];
}

/** The rules a decision on an individual plan and a coordinator rests on, and the complaint route. */
const legalBasis = {
  nb: 'Vedtaket er gjort etter helse- og omsorgstjenesteloven §§ 7-1 til 7-3 og pasient- og brukerrettighetsloven §§ 2-5 og 2-5 b.',
  nn: 'Vedtaket er gjort etter helse- og omsorgstenestelova §§ 7-1 til 7-3 og pasient- og brukarrettslova §§ 2-5 og 2-5 b.',
  en: 'The decision is made under the Health and Care Services Act (helse- og omsorgstjenesteloven) sections 7-1 to 7-3 and the Patient and User Rights Act (pasient- og brukerrettighetsloven) sections 2-5 and 2-5 b.',
};

function complaintRights(language: DocumentLanguage, municipality: string): DocumentBlock[] {
  const unit = common[language].coordinatingUnit(municipality);
  switch (language) {
    case 'nb':
      return [
        h('Du kan klage'),
        p(`Du kan klage på vedtaket. Klagefristen er ${complaintWeeks} uker fra du fikk dette brevet (pasient- og brukerrettighetsloven § 7-2, jf. § 7-5).`),
        p(`Send klagen til ${unit}. Enheten vurderer saken på nytt. Hvis vedtaket ikke endres, sendes klagen videre til Statsforvalteren, som avgjør den.`),
        p('Skriv hva du klager på, hvorfor, og hvilken endring du ønsker. Oppgi saksnummeret. Du har rett til å se dokumentene i saken, og vi hjelper deg gjerne med klagen.'),
      ];
    case 'nn':
      return [
        h('Du kan klage'),
        p(`Du kan klage på vedtaket. Klagefristen er ${complaintWeeks} veker frå du fekk dette brevet (pasient- og brukarrettslova § 7-2, jf. § 7-5).`),
        p(`Send klaga til ${unit}. Eininga vurderer saka på nytt. Dersom vedtaket ikkje blir endra, blir klaga send vidare til Statsforvaltaren, som avgjer ho.`),
        p('Skriv kva du klagar på, kvifor, og kva endring du ønskjer. Oppgi saksnummeret. Du har rett til å sjå dokumenta i saka, og vi hjelper deg gjerne med klaga.'),
      ];
    case 'en':
      return [
        h('You may complain'),
        p(`You may complain about the decision. The deadline is ${complaintWeeks} weeks from when you received this letter (Patient and User Rights Act section 7-2, cf. section 7-5).`),
        p(`Send the complaint to ${unit}. The unit assesses the case again. If the decision is not changed, the complaint is sent on to the County Governor (Statsforvalteren), who decides it.`),
        p('Write what you complain about, why, and what change you want. Give the case number. You have the right to see the documents of the case, and we are glad to help you with the complaint.'),
      ];
  }
}

const bodies: Record<LetterTemplate, Record<DocumentLanguage, Body>> = {
  receipt: {
    nb: (f) => ({
      title: 'Vi har mottatt anmodningen om individuell plan og koordinator',
      blocks: [
        p(`Koordinerende enhet i ${f.municipalityName} har mottatt anmodningen om individuell plan og koordinator for ${f.personName}.`),
        p('Koordinerende enhet vurderer behovet og tar kontakt. Du får svar innen en måned. Tar det lengre tid, får du et foreløpig svar.'),
      ],
    }),
    nn: (f) => ({
      title: 'Vi har motteke oppmodinga om individuell plan og koordinator',
      blocks: [
        p(`Koordinerande eining i ${f.municipalityName} har motteke oppmodinga om individuell plan og koordinator for ${f.personName}.`),
        p('Koordinerande eining vurderer behovet og tek kontakt. Du får svar innan ein månad. Tek det lengre tid, får du eit førebels svar.'),
      ],
    }),
    en: (f) => ({
      title: 'We have received the request for an individual plan and a coordinator',
      blocks: [
        p(`The coordinating unit of ${f.municipalityName} has received the request for an individual plan and a coordinator for ${f.personName}.`),
        p('The coordinating unit assesses the need and gets in touch. You will have an answer within a month. If it takes longer, you will get an interim reply.'),
      ],
    }),
  },
  'interim-reply': {
    nb: (f) => ({
      title: 'Foreløpig svar på anmodningen om individuell plan og koordinator',
      blocks: [
        p(`Vi har ikke rukket å avgjøre anmodningen om individuell plan og koordinator for ${f.personName} innen en måned.`),
        p('Grunnen er at vi trenger mer tid til å vurdere behovet, og ofte å innhente opplysninger fra tjenestene som kjenner situasjonen.'),
        p(`Vi regner med å gi deg svar innen ${formatDate('nb', addDays(f.date, interimReplyAnswerWithinDays))}. Hvis det tar lengre tid, gir vi deg beskjed.`),
      ],
    }),
    nn: (f) => ({
      title: 'Førebels svar på oppmodinga om individuell plan og koordinator',
      blocks: [
        p(`Vi har ikkje rokke å avgjere oppmodinga om individuell plan og koordinator for ${f.personName} innan ein månad.`),
        p('Grunnen er at vi treng meir tid til å vurdere behovet, og ofte til å hente inn opplysningar frå tenestene som kjenner situasjonen.'),
        p(`Vi reknar med å gi deg svar innan ${formatDate('nn', addDays(f.date, interimReplyAnswerWithinDays))}. Dersom det tek lengre tid, gir vi deg beskjed.`),
      ],
    }),
    en: (f) => ({
      title: 'Interim reply to the request for an individual plan and a coordinator',
      blocks: [
        p(`We have not been able to decide the request for an individual plan and a coordinator for ${f.personName} within a month.`),
        p('This is because we need more time to assess the need, often to obtain information from the services that know the situation.'),
        p(`We expect to give you an answer by ${formatDate('en', addDays(f.date, interimReplyAnswerWithinDays))}. If it takes longer, we will let you know.`),
      ],
    }),
  },
  'decision-grant': {
    nb: (f) => ({
      title: f.decision === 'coordinator-only' ? 'Vedtak om koordinator' : 'Vedtak om individuell plan og koordinator',
      blocks: [
        p(
          f.decision === 'coordinator-only'
            ? `${f.personName} får koordinator. Koordinatoren skal sørge for oppfølging og samordning av tjenestetilbudet.`
            : `${f.personName} får individuell plan og koordinator. Koordinatoren skal sørge for oppfølging, samordning og framdrift i arbeidet med planen, sammen med deg.`,
        ),
        ...(f.decidedOn ? [p(`Vedtaket ble fattet ${formatDate('nb', f.decidedOn)}.`)] : []),
        h('Koordinatoren din'),
        ...coordinatorFields('nb', f.coordinator),
        p('Koordinatoren tar kontakt med deg. Du kan be om en annen koordinator når som helst.'),
        h('Lovgrunnlag'),
        p(legalBasis.nb),
      ],
    }),
    nn: (f) => ({
      title: f.decision === 'coordinator-only' ? 'Vedtak om koordinator' : 'Vedtak om individuell plan og koordinator',
      blocks: [
        p(
          f.decision === 'coordinator-only'
            ? `${f.personName} får koordinator. Koordinatoren skal syte for oppfølging og samordning av tenestetilbodet.`
            : `${f.personName} får individuell plan og koordinator. Koordinatoren skal syte for oppfølging, samordning og framdrift i arbeidet med planen, saman med deg.`,
        ),
        ...(f.decidedOn ? [p(`Vedtaket vart gjort ${formatDate('nn', f.decidedOn)}.`)] : []),
        h('Koordinatoren din'),
        ...coordinatorFields('nn', f.coordinator),
        p('Koordinatoren tek kontakt med deg. Du kan be om ein annan koordinator når som helst.'),
        h('Lovgrunnlag'),
        p(legalBasis.nn),
      ],
    }),
    en: (f) => ({
      title: f.decision === 'coordinator-only' ? 'Decision on a coordinator' : 'Decision on an individual plan and a coordinator',
      blocks: [
        p(
          f.decision === 'coordinator-only'
            ? `${f.personName} is granted a coordinator. The coordinator follows up and coordinates the services.`
            : `${f.personName} is granted an individual plan and a coordinator. The coordinator follows up, coordinates and moves the work on the plan forward, together with you.`,
        ),
        ...(f.decidedOn ? [p(`The decision was made on ${formatDate('en', f.decidedOn)}.`)] : []),
        h('Your coordinator'),
        ...coordinatorFields('en', f.coordinator),
        p('The coordinator will get in touch with you. You may ask for another coordinator at any time.'),
        h('Legal basis'),
        p(legalBasis.en),
      ],
    }),
  },
  'decision-rejection': {
    nb: (f) => ({
      title: 'Vedtak om avslag på individuell plan og koordinator',
      blocks: [
        p(`Koordinerende enhet har avslått anmodningen om individuell plan og koordinator for ${f.personName}${f.decidedOn ? ` (vedtak ${formatDate('nb', f.decidedOn)})` : ''}.`),
        h('Begrunnelse'),
        p(f.reasons ?? ''),
        h('Lovgrunnlag'),
        p(legalBasis.nb),
        ...complaintRights('nb', f.municipalityName),
      ],
    }),
    nn: (f) => ({
      title: 'Vedtak om avslag på individuell plan og koordinator',
      blocks: [
        p(`Koordinerande eining har avslått oppmodinga om individuell plan og koordinator for ${f.personName}${f.decidedOn ? ` (vedtak ${formatDate('nn', f.decidedOn)})` : ''}.`),
        h('Grunngiving'),
        p(f.reasons ?? ''),
        h('Lovgrunnlag'),
        p(legalBasis.nn),
        ...complaintRights('nn', f.municipalityName),
      ],
    }),
    en: (f) => ({
      title: 'Decision: the request for an individual plan and a coordinator is rejected',
      blocks: [
        p(`The coordinating unit has rejected the request for an individual plan and a coordinator for ${f.personName}${f.decidedOn ? ` (decision of ${formatDate('en', f.decidedOn)})` : ''}.`),
        h('Reasons'),
        p(f.reasons ?? ''),
        h('Legal basis'),
        p(legalBasis.en),
        ...complaintRights('en', f.municipalityName),
      ],
    }),
  },
  'consent-withdrawn-confirmation': {
    nb: (f) => ({
      title: 'Bekreftelse: samtykket er trukket tilbake',
      blocks: [
        p(`Vi bekrefter at samtykket til arbeidet med individuell plan for ${f.personName} er trukket tilbake. Arbeidet med planen stopper, og saken er avsluttet.`),
        p('Opplysninger blir ikke lenger delt med tjenestene på grunnlag av samtykket. Du kan be om individuell plan og koordinator på nytt når som helst.'),
      ],
    }),
    nn: (f) => ({
      title: 'Stadfesting: samtykket er trekt tilbake',
      blocks: [
        p(`Vi stadfestar at samtykket til arbeidet med individuell plan for ${f.personName} er trekt tilbake. Arbeidet med planen stoppar, og saka er avslutta.`),
        p('Opplysningar blir ikkje lenger delte med tenestene på grunnlag av samtykket. Du kan be om individuell plan og koordinator på nytt når som helst.'),
      ],
    }),
    en: (f) => ({
      title: 'Confirmation: consent is withdrawn',
      blocks: [
        p(`We confirm that consent to the work on an individual plan for ${f.personName} is withdrawn. The work on the plan stops and the case is closed.`),
        p('Information is no longer shared with the services on the basis of that consent. You may ask for an individual plan and a coordinator again at any time.'),
      ],
    }),
  },
  'plan-version': {
    nb: (f) => ({
      title: `Individuell plan for ${f.personName}, versjon ${f.plan?.number ?? ''}`,
      blocks: [
        p(
          f.plan?.approved
            ? `Her er den individuelle planen for ${f.personName} slik den ble godkjent (versjon ${f.plan.number}). Planen står i vedlegget nedenfor.`
            : `Her er den individuelle planen for ${f.personName}, versjon ${f.plan?.number ?? ''}. Den er ikke godkjent ennå; du svarer på den når du logger inn. Planen står i vedlegget nedenfor.`,
        ),
        p('Planen er din. Si fra til koordinatoren hvis noe skal endres, så lager vi en ny versjon.'),
      ],
    }),
    nn: (f) => ({
      title: `Individuell plan for ${f.personName}, versjon ${f.plan?.number ?? ''}`,
      blocks: [
        p(
          f.plan?.approved
            ? `Her er den individuelle planen for ${f.personName} slik han vart godkjend (versjon ${f.plan.number}). Planen står i vedlegget nedanfor.`
            : `Her er den individuelle planen for ${f.personName}, versjon ${f.plan?.number ?? ''}. Han er ikkje godkjend enno; du svarar på han når du loggar inn. Planen står i vedlegget nedanfor.`,
        ),
        p('Planen er din. Sei frå til koordinatoren dersom noko skal endrast, så lagar vi ein ny versjon.'),
      ],
    }),
    en: (f) => ({
      title: `Individual plan for ${f.personName}, version ${f.plan?.number ?? ''}`,
      blocks: [
        p(
          f.plan?.approved
            ? `Here is the individual plan for ${f.personName} as it was approved (version ${f.plan.number}). The plan is attached below.`
            : `Here is the individual plan for ${f.personName}, version ${f.plan?.number ?? ''}. It is not approved yet; you answer it when you sign in. The plan is attached below.`,
        ),
        p('The plan is yours. Tell the coordinator if anything should change, and we will make a new version.'),
      ],
    }),
  },
  'case-closed-no-consent': closedLetter({
    nb: 'Vi har ikke fått samtykke til å lage individuell plan, og saken er derfor avsluttet. Du kan be om individuell plan og koordinator på nytt når som helst.',
    nn: 'Vi har ikkje fått samtykke til å lage individuell plan, og saka er difor avslutta. Du kan be om individuell plan og koordinator på nytt når som helst.',
    en: 'We have not received consent to make an individual plan, so the case is closed. You may ask for an individual plan and a coordinator again at any time.',
  }),
  'case-closed-plan-ended': closedLetter({
    nb: 'Planen er evaluert, og det er avtalt at den avsluttes. Du kan be om individuell plan og koordinator på nytt hvis behovet kommer tilbake.',
    nn: 'Planen er evaluert, og det er avtalt at han blir avslutta. Du kan be om individuell plan og koordinator på nytt dersom behovet kjem tilbake.',
    en: 'The plan has been reviewed, and it has been agreed to close it. You may ask for an individual plan and a coordinator again if the need returns.',
  }),
  'case-closed-offer-declined': closedLetter({
    nb: 'Du har takket nei til individuell plan, og saken er avsluttet. Du kan ombestemme deg og be om individuell plan og koordinator når som helst.',
    nn: 'Du har takka nei til individuell plan, og saka er avslutta. Du kan ombestemme deg og be om individuell plan og koordinator når som helst.',
    en: 'You have declined an individual plan, and the case is closed. You may change your mind and ask for an individual plan and a coordinator at any time.',
  }),
};

function closedLetter(text: Record<DocumentLanguage, string>): Record<DocumentLanguage, Body> {
  const titles = { nb: 'Saken er avsluttet', nn: 'Saka er avslutta', en: 'The case is closed' };
  const make =
    (language: DocumentLanguage): Body =>
    () => ({ title: titles[language], blocks: [p(text[language])] });
  return { nb: make('nb'), nn: make('nn'), en: make('en') };
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** The letter as a document: header fields (case number, date, recipient), the body, the greeting. */
export function composeLetter(template: LetterTemplate, language: DocumentLanguage, facts: LetterFacts): DocumentContent {
  const c = common[language];
  const body = bodies[template][language](facts, language);
  return {
    title: body.title,
    language,
    author: c.coordinatingUnit(facts.municipalityName),
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: c.caseNumber, value: facts.caseNumber },
          { label: c.date, value: formatDate(language, facts.date) },
          { label: c.to, value: facts.recipientName },
          ...(facts.recipientName !== facts.personName ? [{ label: c.about, value: facts.personName }] : []),
        ],
      },
      p(c.greeting(facts.recipientName)),
      ...body.blocks,
      p(c.contact),
      p(c.regards(facts.municipalityName)),
      ...(facts.plan ? [h(c.attachment(facts.plan.number)), ...facts.plan.blocks] : []),
    ],
  };
}
