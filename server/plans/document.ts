import type { MeasureStatus, PlanVersion, ResponsibleKind } from '../../contract/plan.js';
import { serviceProviderOptions } from '../../forms/consent.js';
import type { DocumentBlock, DocumentContent, DocumentLanguage } from '../documents/index.js';

/** The plan document's texts (server texts live in their own nb/nn/en tables). */
const texts = {
  nb: {
    title: (n: number) => `Individuell plan, versjon ${n}`,
    municipality: 'Kommune',
    caseNumber: 'Saksnummer',
    version: 'Versjon',
    person: 'Planen gjelder',
    status: 'Status',
    statuses: { sent: 'Sendt til godkjenning', approved: 'Godkjent', 'changes-requested': 'Endringer ønsket', superseded: 'Erstattet' },
    sentAt: 'Sendt',
    goals: 'Mål (a)',
    resources: 'Ressurser og behov (a)',
    participants: 'Hvem deltar i planarbeidet (b)',
    coordinator: 'Koordinator (c)',
    noCoordinator: 'Ingen koordinator er oppnevnt.',
    contributions: 'Hva personen, tjenestene og pårørende bidrar med (d)',
    person_: 'Personen',
    services: 'Tjenestene',
    relatives: 'Pårørende',
    measures: 'Tiltak, omfang, ansvar og gjennomføring (e, f)',
    measure: (i: number, what: string) => `Tiltak ${i}: ${what}`,
    goal: 'Mål',
    scope: 'Omfang',
    responsible: 'Ansvarlig',
    how: 'Slik gjennomføres det',
    when: 'Tidsrom',
    measureStatus: 'Status',
    kinds: { service: 'tjeneste', person: 'personen selv', relative: 'pårørende' } satisfies Record<ResponsibleKind, string>,
    measureStatuses: { planned: 'Planlagt', ongoing: 'Pågår', done: 'Gjennomført', stopped: 'Avsluttet' } satisfies Record<MeasureStatus, string>,
    period: 'Planperiode, justering og evaluering (g)',
    periodFromTo: 'Planperiode',
    adjustment: 'Justering',
    review: 'Neste evaluering',
    consent: 'Samtykke (h)',
    consentGiven: (date: string) => `Samtykke til å lage planen og dele opplysninger er gitt ${date}.`,
    consentMissing: 'Det er ikke registrert et gyldig samtykke.',
    sharedWith: 'Opplysninger kan deles med',
    cooperation: 'Samarbeid med andre tjenester, etater og planer (i)',
    otherPlans: 'Andre planer',
    none: 'Ikke fylt ut.',
  },
  nn: {
    title: (n: number) => `Individuell plan, versjon ${n}`,
    municipality: 'Kommune',
    caseNumber: 'Saksnummer',
    version: 'Versjon',
    person: 'Planen gjeld',
    status: 'Status',
    statuses: { sent: 'Send til godkjenning', approved: 'Godkjend', 'changes-requested': 'Endringar ønskte', superseded: 'Erstatta' },
    sentAt: 'Send',
    goals: 'Mål (a)',
    resources: 'Ressursar og behov (a)',
    participants: 'Kven som deltek i planarbeidet (b)',
    coordinator: 'Koordinator (c)',
    noCoordinator: 'Ingen koordinator er oppnemnd.',
    contributions: 'Kva personen, tenestene og pårørande bidreg med (d)',
    person_: 'Personen',
    services: 'Tenestene',
    relatives: 'Pårørande',
    measures: 'Tiltak, omfang, ansvar og gjennomføring (e, f)',
    measure: (i: number, what: string) => `Tiltak ${i}: ${what}`,
    goal: 'Mål',
    scope: 'Omfang',
    responsible: 'Ansvarleg',
    how: 'Slik blir det gjennomført',
    when: 'Tidsrom',
    measureStatus: 'Status',
    kinds: { service: 'teneste', person: 'personen sjølv', relative: 'pårørande' } satisfies Record<ResponsibleKind, string>,
    measureStatuses: { planned: 'Planlagt', ongoing: 'Pågår', done: 'Gjennomført', stopped: 'Avslutta' } satisfies Record<MeasureStatus, string>,
    period: 'Planperiode, justering og evaluering (g)',
    periodFromTo: 'Planperiode',
    adjustment: 'Justering',
    review: 'Neste evaluering',
    consent: 'Samtykke (h)',
    consentGiven: (date: string) => `Samtykke til å lage planen og dele opplysningar er gitt ${date}.`,
    consentMissing: 'Det er ikkje registrert eit gyldig samtykke.',
    sharedWith: 'Opplysningar kan delast med',
    cooperation: 'Samarbeid med andre tenester, etatar og planar (i)',
    otherPlans: 'Andre planar',
    none: 'Ikkje fylt ut.',
  },
  en: {
    title: (n: number) => `Individual plan, version ${n}`,
    municipality: 'Municipality',
    caseNumber: 'Case number',
    version: 'Version',
    person: 'The plan is for',
    status: 'Status',
    statuses: { sent: 'Sent for approval', approved: 'Approved', 'changes-requested': 'Changes requested', superseded: 'Superseded' },
    sentAt: 'Sent',
    goals: 'Goals (a)',
    resources: 'Resources and needs (a)',
    participants: 'Who takes part in the planning (b)',
    coordinator: 'Coordinator (c)',
    noCoordinator: 'No coordinator has been appointed.',
    contributions: 'What the person, the services and relatives contribute (d)',
    person_: 'The person',
    services: 'The services',
    relatives: 'Relatives',
    measures: 'Measures, scope, responsibility and how they are carried out (e, f)',
    measure: (i: number, what: string) => `Measure ${i}: ${what}`,
    goal: 'Goal',
    scope: 'Scope',
    responsible: 'Responsible',
    how: 'How',
    when: 'Period',
    measureStatus: 'Status',
    kinds: { service: 'service', person: 'the person', relative: 'relative' } satisfies Record<ResponsibleKind, string>,
    measureStatuses: { planned: 'Planned', ongoing: 'Ongoing', done: 'Done', stopped: 'Stopped' } satisfies Record<MeasureStatus, string>,
    period: 'Plan period, adjustment and review (g)',
    periodFromTo: 'Plan period',
    adjustment: 'Adjustment',
    review: 'Next review',
    consent: 'Consent (h)',
    consentGiven: (date: string) => `Consent to making the plan and sharing information was given on ${date}.`,
    consentMissing: 'No valid consent is registered.',
    sharedWith: 'Information may be shared with',
    cooperation: 'Cooperation with other services, agencies and plans (i)',
    otherPlans: 'Other plans',
    none: 'Not filled in.',
  },
} as const;

function formatDate(iso: string | undefined | null, language: DocumentLanguage): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  if (!y || !m || !d) return iso;
  return language === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

/**
 * A version of the plan as a document in the reader's language: parts (a)–(i) in the
 * regulation's order, headings, lists and label–value pairs, so that the tagged PDF reads in order.
 */
export function planDocument(version: PlanVersion, facts: { caseNumber: string; personName: string; municipalityName: string }, language: DocumentLanguage): DocumentContent {
  const t = texts[language];
  const c = version.content;
  const blocks: DocumentBlock[] = [];
  const paragraphOrNone = (value: string | undefined) => blocks.push({ kind: 'paragraph', text: value?.trim() || t.none });
  const dateRange = (from?: string, until?: string) => [formatDate(from, language), formatDate(until, language)].filter(Boolean).join(' – ');

  blocks.push({
    kind: 'fields',
    rows: [
      { label: t.municipality, value: facts.municipalityName },
      { label: t.caseNumber, value: facts.caseNumber },
      { label: t.version, value: String(version.number) },
      { label: t.person, value: facts.personName },
      { label: t.status, value: t.statuses[version.status] },
      { label: t.sentAt, value: formatDate(version.sentAt, language) },
    ],
  });

  const goals = c.goals ?? [];
  blocks.push({ kind: 'heading', text: t.goals });
  if (goals.length) blocks.push({ kind: 'list', items: goals.map((g) => g.goal ?? '') });
  else paragraphOrNone(undefined);
  blocks.push({ kind: 'heading', text: t.resources });
  paragraphOrNone(c.resourcesAndNeeds);

  blocks.push({ kind: 'heading', text: t.participants });
  const participants = (c.participants ?? []).filter((p) => p.name);
  if (participants.length) blocks.push({ kind: 'list', items: participants.map((p) => (p.role ? `${p.name}, ${p.role}` : p.name!)) });
  else paragraphOrNone(undefined);

  blocks.push({ kind: 'heading', text: t.coordinator });
  if (version.coordinator) {
    blocks.push({ kind: 'paragraph', text: [version.coordinator.name, version.coordinator.phone, version.coordinator.email].filter(Boolean).join(', ') });
  } else blocks.push({ kind: 'paragraph', text: t.noCoordinator });

  blocks.push({ kind: 'heading', text: t.contributions });
  blocks.push({
    kind: 'fields',
    rows: [
      { label: t.person_, value: c.personContribution || t.none },
      { label: t.services, value: c.servicesContribution || t.none },
      { label: t.relatives, value: c.relativesContribution || t.none },
    ],
  });

  blocks.push({ kind: 'heading', text: t.measures });
  const goalText = new Map(goals.map((g, i) => [g.id, `${i + 1}. ${g.goal ?? ''}`]));
  (c.measures ?? []).forEach((m, i) => {
    blocks.push({ kind: 'heading', level: 3, text: t.measure(i + 1, m.what ?? '') });
    const rows = [
      ...(m.goalId && goalText.has(m.goalId) ? [{ label: t.goal, value: goalText.get(m.goalId)! }] : []),
      ...(m.scope ? [{ label: t.scope, value: m.scope }] : []),
      { label: t.responsible, value: [m.responsible, m.responsibleKind ? `(${t.kinds[m.responsibleKind]})` : ''].filter(Boolean).join(' ') },
      ...(m.how ? [{ label: t.how, value: m.how }] : []),
      { label: t.when, value: dateRange(m.from, m.byWhen) },
      { label: t.measureStatus, value: t.measureStatuses[m.status ?? 'planned'] },
    ];
    blocks.push({ kind: 'fields', rows });
  });
  if (!(c.measures ?? []).length) paragraphOrNone(undefined);

  blocks.push({ kind: 'heading', text: t.period });
  blocks.push({
    kind: 'fields',
    rows: [
      { label: t.periodFromTo, value: dateRange(c.periodFrom, c.periodTo) },
      ...(c.adjustmentOn ? [{ label: t.adjustment, value: formatDate(c.adjustmentOn, language) }] : []),
      { label: t.review, value: formatDate(c.nextReviewOn, language) },
    ],
  });

  blocks.push({ kind: 'heading', text: t.consent });
  blocks.push({ kind: 'paragraph', text: version.consent.active && version.consent.givenAt ? t.consentGiven(formatDate(version.consent.givenAt, language)) : t.consentMissing });
  if (version.consent.sharedWith.length) blocks.push({ kind: 'fields', rows: [{ label: t.sharedWith, value: version.consent.sharedWith.map((party) => serviceProviderOptions.find((o) => o.value === party)?.label[language] ?? party).join(', ') }] });

  blocks.push({ kind: 'heading', text: t.cooperation });
  paragraphOrNone(c.cooperation);
  const otherPlans = (c.otherPlans ?? []).filter((p) => p.name);
  if (otherPlans.length) {
    blocks.push({ kind: 'heading', level: 3, text: t.otherPlans });
    blocks.push({ kind: 'list', items: otherPlans.map((p) => [p.name, p.holder, p.note].filter(Boolean).join(', ')) });
  }

  return { title: t.title(version.number), language, author: facts.municipalityName, blocks };
}
