/**
 * The texts of the e-mail notifications, in nb, nn and en. A notification says only that something
 * needs attention and links to the product: never a diagnosis, a service name, an identity number
 * or any text the person or staff wrote. Whatever it is about is read after signing in.
 */
import type { DocumentLanguage } from '../documents/index.js';

export const notificationKinds = [
  'letter-ready',
  'consent-missing',
  'task-due-soon',
  'task-overdue',
  'task-overdue-escalated',
  'follow-up',
  'review-due',
  'interim-reply-due',
  'meeting-tomorrow',
  'plan-inactive',
  'coordinator-appointed',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

const texts: Record<NotificationKind, Record<DocumentLanguage, { subject: string; line: string }>> = {
  'letter-ready': {
    nb: { subject: 'Du har fått et nytt brev', line: 'Du har fått et nytt brev i saken din om individuell plan og koordinator.' },
    nn: { subject: 'Du har fått eit nytt brev', line: 'Du har fått eit nytt brev i saka di om individuell plan og koordinator.' },
    en: { subject: 'You have a new letter', line: 'You have a new letter in your case about an individual plan and a coordinator.' },
  },
  'task-due-soon': {
    nb: { subject: 'En oppgave har frist snart', line: 'En oppgave du har, eller som gruppen din kan ta, har frist om kort tid.' },
    nn: { subject: 'Ei oppgåve har frist snart', line: 'Ei oppgåve du har, eller som gruppa di kan ta, har frist om kort tid.' },
    en: { subject: 'A task is due soon', line: 'A task you have, or that your group may take, is due soon.' },
  },
  'task-overdue': {
    nb: { subject: 'En oppgave har passert fristen', line: 'En oppgave du har, eller som gruppen din kan ta, har passert fristen.' },
    nn: { subject: 'Ei oppgåve har passert fristen', line: 'Ei oppgåve du har, eller som gruppa di kan ta, har passert fristen.' },
    en: { subject: 'A task is overdue', line: 'A task you have, or that your group may take, is overdue.' },
  },
  'task-overdue-escalated': {
    nb: { subject: 'En oppgave i enheten har lenge passert fristen', line: 'En oppgave i enheten din har passert fristen for flere dager siden og trenger oppfølging.' },
    nn: { subject: 'Ei oppgåve i eininga har lenge passert fristen', line: 'Ei oppgåve i eininga di har passert fristen for fleire dagar sidan og treng oppfølging.' },
    en: { subject: 'A task in your unit has long been overdue', line: 'A task in your unit passed its due date several days ago and needs follow-up.' },
  },
  'follow-up': {
    nb: { subject: 'En oppgave skal følges opp', line: 'Oppfølgingsdatoen for en oppgave er nådd.' },
    nn: { subject: 'Ei oppgåve skal følgjast opp', line: 'Oppfølgingsdatoen for ei oppgåve er nådd.' },
    en: { subject: 'A task needs follow-up', line: 'The follow-up date of a task has been reached.' },
  },
  'review-due': {
    nb: { subject: 'En plan skal evalueres snart', line: 'En individuell plan du er koordinator for, skal evalueres om kort tid.' },
    nn: { subject: 'Ein plan skal evaluerast snart', line: 'Ein individuell plan du er koordinator for, skal evaluerast om kort tid.' },
    en: { subject: 'A plan is due for review soon', line: 'An individual plan you coordinate is due for review soon.' },
  },
  'interim-reply-due': {
    nb: { subject: 'En sak får snart foreløpig svar', line: 'En anmodning i enheten din har snart ventet en måned uten avgjørelse. Personen får da et foreløpig svar.' },
    nn: { subject: 'Ei sak får snart førebels svar', line: 'Ei oppmoding i eininga di har snart venta ein månad utan avgjerd. Personen får då eit førebels svar.' },
    en: { subject: 'A case will soon get an interim reply', line: 'A request in your unit has almost waited a month without a decision. The person will then get an interim reply.' },
  },
  'consent-missing': {
    nb: { subject: 'Vi mangler samtykke i saken din', line: 'Vi trenger samtykke før vi kan lage en individuell plan. Logg inn for å se hva du kan gjøre.' },
    nn: { subject: 'Vi manglar samtykke i saka di', line: 'Vi treng samtykke før vi kan lage ein individuell plan. Logg inn for å sjå kva du kan gjere.' },
    en: { subject: 'We still need consent in your case', line: 'We need consent before we can make an individual plan. Sign in to see what you can do.' },
  },
  'meeting-tomorrow': {
    nb: { subject: 'Møte i ansvarsgruppen i morgen', line: 'En ansvarsgruppe du er med i, har møte i morgen.' },
    nn: { subject: 'Møte i ansvarsgruppa i morgon', line: 'Ei ansvarsgruppe du er med i, har møte i morgon.' },
    en: { subject: 'Responsibility group meeting tomorrow', line: 'A responsibility group you are a member of meets tomorrow.' },
  },
  'plan-inactive': {
    nb: { subject: 'En plan har stått stille lenge', line: 'Det har ikke skjedd noe med en individuell plan på lenge. Se om planen trenger oppfølging.' },
    nn: { subject: 'Ein plan har stått stille lenge', line: 'Det har ikkje skjedd noko med ein individuell plan på lenge. Sjå om planen treng oppfølging.' },
    en: { subject: 'A plan has been inactive for a long time', line: 'Nothing has happened with an individual plan for a long time. See whether it needs follow-up.' },
  },
  'coordinator-appointed': {
    nb: { subject: 'Du er oppnevnt som koordinator', line: 'Du er oppnevnt som koordinator i en sak.' },
    nn: { subject: 'Du er oppnemnd som koordinator', line: 'Du er oppnemnd som koordinator i ei sak.' },
    en: { subject: 'You have been appointed coordinator', line: 'You have been appointed coordinator in a case.' },
  },
};

const signIn: Record<DocumentLanguage, string> = {
  nb: 'Logg inn for å lese mer:',
  nn: 'Logg inn for å lese meir:',
  en: 'Sign in to read more:',
};

const footer: Record<DocumentLanguage, string> = {
  nb: 'Denne e-posten er sendt automatisk. Ikke svar på den.',
  nn: 'Denne e-posten er send automatisk. Ikkje svar på han.',
  en: 'This e-mail was sent automatically. Please do not reply.',
};

/** The notification's subject and plain text: the kind's sentence, the link, the footer. Nothing else. */
export function notificationText(kind: NotificationKind, language: DocumentLanguage, link: string): { subject: string; text: string } {
  const t = texts[kind][language];
  return { subject: t.subject, text: [t.line, '', signIn[language], link, '', footer[language]].join('\n') };
}
