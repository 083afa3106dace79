import type { RequestData } from '../../forms/request.js';
import type { Language } from '../../forms/types.js';


/** What the person is told right after sending: the case number and what happens next. */
export function receiptText(language: Language, input: { caseNumber: string; data: RequestData; municipalityName: string }): { subject: string; body: string } {
  const { caseNumber, data } = input;
  const notification = data.applicantRole === 'health-personnel';
  const consentGiven = data.consent?.given === true;
  const t = texts[language];
  // Health personnel who reported a need have no access to the case: they follow nothing.
  const next = [notification ? t.nextNotification : t.nextAssess, !notification && !consentGiven ? t.nextConsent : undefined, notification ? undefined : t.nextMonth, notification ? undefined : t.nextFollow]
    .filter((line): line is string => line !== undefined);
  return {
    subject: t.subject(caseNumber),
    body: [t.greeting, t.received(caseNumber, input.municipalityName), '', t.nextHeading, ...next.map((line) => `- ${line}`), '', t.contact].join('\n'),
  };
}

const texts: Record<Language, {
  subject(caseNumber: string): string;
  greeting: string;
  received(caseNumber: string, municipality: string): string;
  nextHeading: string;
  nextAssess: string;
  nextNotification: string;
  nextConsent: string;
  nextMonth: string;
  nextFollow: string;
  contact: string;
}> = {
  nb: {
    subject: (n) => `Vi har mottatt anmodningen – saksnummer ${n}`,
    greeting: 'Hei,',
    received: (n, m) => `Koordinerende enhet i ${m} har mottatt anmodningen om individuell plan og koordinator. Saksnummeret er ${n}.`,
    nextHeading: 'Dette skjer nå:',
    nextAssess: 'Koordinerende enhet vurderer behovet og tar kontakt.',
    nextNotification: 'Koordinerende enhet kontakter personen og tilbyr individuell plan og koordinator.',
    nextConsent: 'Vi trenger samtykke før vi kan lage en plan. Vi tar kontakt om det.',
    nextMonth: 'Du får svar innen en måned. Tar det lengre tid, får du et foreløpig svar.',
    nextFollow: 'Du kan følge saken når du logger inn på «Mine saker».',
    contact: 'Oppgi saksnummeret hvis du kontakter oss.',
  },
  nn: {
    subject: (n) => `Vi har motteke oppmodinga – saksnummer ${n}`,
    greeting: 'Hei,',
    received: (n, m) => `Koordinerande eining i ${m} har motteke oppmodinga om individuell plan og koordinator. Saksnummeret er ${n}.`,
    nextHeading: 'Dette skjer no:',
    nextAssess: 'Koordinerande eining vurderer behovet og tek kontakt.',
    nextNotification: 'Koordinerande eining kontaktar personen og tilbyr individuell plan og koordinator.',
    nextConsent: 'Vi treng samtykke før vi kan lage ein plan. Vi tek kontakt om det.',
    nextMonth: 'Du får svar innan ein månad. Tek det lengre tid, får du eit førebels svar.',
    nextFollow: 'Du kan følgje saka når du loggar inn på «Mine saker».',
    contact: 'Oppgi saksnummeret dersom du kontaktar oss.',
  },
  en: {
    subject: (n) => `We have received the request – case number ${n}`,
    greeting: 'Hello,',
    received: (n, m) => `The coordinating unit of ${m} has received the request for an individual plan and a coordinator. The case number is ${n}.`,
    nextHeading: 'What happens now:',
    nextAssess: 'The coordinating unit assesses the need and gets in touch.',
    nextNotification: 'The coordinating unit contacts the person and offers an individual plan and a coordinator.',
    nextConsent: 'We need consent before we can make a plan. We will get in touch about it.',
    nextMonth: 'You will have an answer within a month. If it takes longer, you will get an interim reply.',
    nextFollow: 'You can follow the case when you sign in to "My cases".',
    contact: 'Please give the case number if you contact us.',
  },
};
