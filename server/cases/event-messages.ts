/**
 * What the person is told when something happens in their case: a coordinator is appointed or
 * changed, a responsibility group is established, the case is closed. Stored as case messages
 * (the person reads them on the case page; the notifier delivers them), in the language the
 * request was sent in: Bokmål, Nynorsk or English.
 */
import type { Language } from '../../forms/types.js';

export interface CaseEventMessage {
  readonly subject: string;
  readonly body: string;
}

/** The coordinator's contact details as the appointment or change form gave them. */
export interface CoordinatorContact {
  readonly name?: string;
  readonly unit?: string;
  readonly phone?: string;
  readonly email?: string;
}

export type ClosingReason = 'no-consent' | 'consent-withdrawn' | 'rejected' | 'plan-ended' | 'offer-declined';

interface Texts {
  coordinatorAppointed(caseNumber: string): string;
  coordinatorAppointedBody: string;
  coordinatorChanged(caseNumber: string): string;
  coordinatorChangedBody: string;
  contactLines: { name: string; unit: string; phone: string; email: string };
  groupEstablished(caseNumber: string): string;
  groupEstablishedBody: string;
  firstMeeting(date: string, place: string | undefined): string;
  closed(caseNumber: string): string;
  closedBody: Record<Exclude<ClosingReason, 'consent-withdrawn'>, string>;
  consentWithdrawn(caseNumber: string): string;
  consentWithdrawnBody: string;
}

const texts: Record<Language, Texts> = {
  nb: {
    coordinatorAppointed: (n) => `Du har fått koordinator – ${n}`,
    coordinatorAppointedBody: 'Koordinerende enhet har oppnevnt en koordinator for deg. Koordinatoren er kontaktpersonen din og tar kontakt med deg.',
    coordinatorChanged: (n) => `Du har fått ny koordinator – ${n}`,
    coordinatorChangedBody: 'Koordinerende enhet har oppnevnt en ny koordinator for deg, slik du ba om. Den nye koordinatoren tar over arbeidet og tar kontakt med deg.',
    contactLines: { name: 'Koordinator', unit: 'Tjeneste', phone: 'Telefon', email: 'E-post' },
    groupEstablished: (n) => `Ansvarsgruppen er opprettet – ${n}`,
    groupEstablishedBody: 'Koordinatoren har opprettet en ansvarsgruppe som skal samarbeide om planen din.',
    firstMeeting: (date, place) => `Første møte er ${date}${place ? `, ${place}` : ''}.`,
    closed: (n) => `Saken er avsluttet – ${n}`,
    closedBody: {
      'no-consent': 'Vi har ikke fått samtykke, og saken er derfor avsluttet. Du får et brev om dette. Du kan be om individuell plan og koordinator på nytt når som helst.',
      rejected: 'Koordinerende enhet har avslått anmodningen. Du får et brev med vedtaket og begrunnelsen. Du kan klage innen fire uker. Klagen sendes til koordinerende enhet, som sender den videre til Statsforvalteren hvis vedtaket ikke endres.',
      'plan-ended': 'Planen er evaluert, og det er avtalt at den avsluttes. Du kan be om individuell plan og koordinator på nytt hvis behovet kommer tilbake.',
      'offer-declined': 'Du har takket nei til individuell plan, og saken er avsluttet. Du kan ombestemme deg og be om individuell plan og koordinator når som helst.',
    },
    consentWithdrawn: (n) => `Samtykket er trukket tilbake – ${n}`,
    consentWithdrawnBody: 'Vi har registrert at samtykket er trukket tilbake. Arbeidet med den individuelle planen stopper, og saken avsluttes. Du får et brev som bekrefter dette.',
  },
  nn: {
    coordinatorAppointed: (n) => `Du har fått koordinator – ${n}`,
    coordinatorAppointedBody: 'Koordinerande eining har oppnemnt ein koordinator for deg. Koordinatoren er kontaktpersonen din og tek kontakt med deg.',
    coordinatorChanged: (n) => `Du har fått ny koordinator – ${n}`,
    coordinatorChangedBody: 'Koordinerande eining har oppnemnt ein ny koordinator for deg, slik du bad om. Den nye koordinatoren tek over arbeidet og tek kontakt med deg.',
    contactLines: { name: 'Koordinator', unit: 'Teneste', phone: 'Telefon', email: 'E-post' },
    groupEstablished: (n) => `Ansvarsgruppa er oppretta – ${n}`,
    groupEstablishedBody: 'Koordinatoren har oppretta ei ansvarsgruppe som skal samarbeide om planen din.',
    firstMeeting: (date, place) => `Første møte er ${date}${place ? `, ${place}` : ''}.`,
    closed: (n) => `Saka er avslutta – ${n}`,
    closedBody: {
      'no-consent': 'Vi har ikkje fått samtykke, og saka er difor avslutta. Du får eit brev om dette. Du kan be om individuell plan og koordinator på nytt når som helst.',
      rejected: 'Koordinerande eining har avslått oppmodinga. Du får eit brev med vedtaket og grunngivinga. Du kan klage innan fire veker. Klaga blir send til koordinerande eining, som sender ho vidare til Statsforvaltaren dersom vedtaket ikkje blir endra.',
      'plan-ended': 'Planen er evaluert, og det er avtalt at han blir avslutta. Du kan be om individuell plan og koordinator på nytt dersom behovet kjem tilbake.',
      'offer-declined': 'Du har takka nei til individuell plan, og saka er avslutta. Du kan ombestemme deg og be om individuell plan og koordinator når som helst.',
    },
    consentWithdrawn: (n) => `Samtykket er trekt tilbake – ${n}`,
    consentWithdrawnBody: 'Vi har registrert at samtykket er trekt tilbake. Arbeidet med den individuelle planen stoppar, og saka blir avslutta. Du får eit brev som stadfestar dette.',
  },
  en: {
    coordinatorAppointed: (n) => `You have a coordinator – ${n}`,
    coordinatorAppointedBody: 'The coordinating unit has appointed a coordinator for you. The coordinator is your contact person and will get in touch with you.',
    coordinatorChanged: (n) => `You have a new coordinator – ${n}`,
    coordinatorChangedBody: 'The coordinating unit has appointed a new coordinator for you, as you asked. The new coordinator takes over the work and will get in touch with you.',
    contactLines: { name: 'Coordinator', unit: 'Service', phone: 'Phone', email: 'E-mail' },
    groupEstablished: (n) => `The responsibility group is established – ${n}`,
    groupEstablishedBody: 'The coordinator has established a responsibility group that will work together on your plan.',
    firstMeeting: (date, place) => `The first meeting is on ${date}${place ? `, ${place}` : ''}.`,
    closed: (n) => `The case is closed – ${n}`,
    closedBody: {
      'no-consent': 'We have not received consent, so the case is closed. You will get a letter about this. You can ask for an individual plan and a coordinator again at any time.',
      rejected: 'The coordinating unit has rejected the request. You will get a letter with the decision and the reasons. You may complain within four weeks. The complaint goes to the coordinating unit, which forwards it to the County Governor (Statsforvalteren) if the decision is not changed.',
      'plan-ended': 'The plan has been reviewed, and it has been agreed to close it. You can ask for an individual plan and a coordinator again if the need returns.',
      'offer-declined': 'You have declined an individual plan, and the case is closed. You can change your mind and ask for an individual plan and a coordinator at any time.',
    },
    consentWithdrawn: (n) => `Consent withdrawn – ${n}`,
    consentWithdrawnBody: 'We have registered that consent has been withdrawn. The work on the individual plan stops and the case is closed. You will get a letter confirming this.',
  },
};

/**
 * A message's subject and body in the language it is sent in, and its texts in every language, so
 * that the case page can show it in the reader's language (CaseMessageDoc.texts).
 */
export function inEveryLanguage(language: Language, text: (language: Language) => CaseEventMessage): CaseEventMessage & { texts: Record<Language, CaseEventMessage> } {
  const texts = { nb: text('nb'), nn: text('nn'), en: text('en') };
  return { ...texts[language], texts };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'nb' || value === 'nn' || value === 'en';
}

function contact(t: Texts, coordinator: CoordinatorContact): string[] {
  return [
    coordinator.name ? `${t.contactLines.name}: ${coordinator.name}` : undefined,
    coordinator.unit ? `${t.contactLines.unit}: ${coordinator.unit}` : undefined,
    coordinator.phone ? `${t.contactLines.phone}: ${coordinator.phone}` : undefined,
    coordinator.email ? `${t.contactLines.email}: ${coordinator.email}` : undefined,
  ].filter((line): line is string => line !== undefined);
}

export function coordinatorAppointedMessage(language: Language, caseNumber: string, coordinator: CoordinatorContact): CaseEventMessage {
  const t = texts[language];
  return { subject: t.coordinatorAppointed(caseNumber), body: [t.coordinatorAppointedBody, '', ...contact(t, coordinator)].join('\n').trim() };
}

export function coordinatorChangedMessage(language: Language, caseNumber: string, coordinator: CoordinatorContact): CaseEventMessage {
  const t = texts[language];
  return { subject: t.coordinatorChanged(caseNumber), body: [t.coordinatorChangedBody, '', ...contact(t, coordinator)].join('\n').trim() };
}

export function groupEstablishedMessage(language: Language, caseNumber: string, meeting: { on?: string; place?: string }): CaseEventMessage {
  const t = texts[language];
  return { subject: t.groupEstablished(caseNumber), body: [t.groupEstablishedBody, meeting.on ? t.firstMeeting(meeting.on, meeting.place) : undefined].filter(Boolean).join(' ') };
}

export function caseClosedMessage(language: Language, caseNumber: string, reason: ClosingReason): CaseEventMessage {
  const t = texts[language];
  if (reason === 'consent-withdrawn') return consentWithdrawnMessage(language, caseNumber);
  return { subject: t.closed(caseNumber), body: t.closedBody[reason] };
}

/** Sent when the person withdraws consent (at once, and again by the process: one message, deduplicated). */
export function consentWithdrawnMessage(language: Language, caseNumber: string): CaseEventMessage {
  const t = texts[language];
  return { subject: t.consentWithdrawn(caseNumber), body: t.consentWithdrawnBody };
}
