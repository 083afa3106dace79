/**
 * The citizen case API, shared by the server (server/http/routes/cases.ts, server/cases/status.ts,
 * the access log in server/audit) and the web app (web/src/pages/cases/). Dates travel as ISO 8601
 * strings. Stages and step keys are stable keys; the web app words them in the reader's language.
 */
import type { ConsentChange } from '../forms/consent.js';

/** Where a case stands, as the person sees it. */
export const caseStages = [
  'received',
  'offer',
  'signature-missing',
  'consent-missing',
  'assessing',
  'appointing',
  'group',
  'drafting',
  'awaiting-approval',
  'active',
  'reviewing',
  'in-progress',
  'rejected',
  'offer-declined',
  'closed-no-consent',
  'closed-consent-withdrawn',
  'closed',
] as const;
export type CaseStage = (typeof caseStages)[number];

export const closedStages: readonly CaseStage[] = ['rejected', 'offer-declined', 'closed-no-consent', 'closed-consent-withdrawn', 'closed'];

/** The steps of a case's history worth telling the person about (the process's, and consent changed or declined online). */
export const caseStepKeys = [
  'received',
  'offer-answered',
  'signature-registered',
  'consent-registered',
  'interim-reply',
  'assessed',
  'decision-letter',
  'coordinator-appointed',
  'group-established',
  'plan-drafted',
  'plan-answered',
  'review-due',
  'reviewed',
  'coordinator-change-considered',
  'coordinator-change-requested',
  'consent-withdrawn',
  'consent-changed',
  'consent-declined',
  'closed',
] as const;
export type CaseStepKey = (typeof caseStepKeys)[number];

/** One line of `GET /api/cases`. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  personName: string;
  askFor: string;
  channel: string;
  stage: CaseStage;
  createdAt: string;
  closed: boolean;
  /** The signed-in user is the person (not a representative). */
  isPerson: boolean;
  /** 'claimed': the user sent the request as a parent, guardian or proxy not yet verified, and sees only what they sent. */
  representation?: 'claimed';
}

/** One step of the case's history; a change of consent says what changed. */
export interface CaseHistoryStep {
  key: CaseStepKey;
  at: string;
  consentChange?: ConsentChange & { by: string };
}

/** `GET /api/cases/:id`. */
export interface CaseDetail {
  id: string;
  caseNumber: string;
  stage: CaseStage;
  closed: boolean;
  createdAt: string;
  channel: string;
  askFor: string;
  person: { name: string; birthDate: string };
  isPerson: boolean;
  representation?: 'claimed';
  steps: CaseHistoryStep[];
  coordinator: { name: string | null; phone: string | null; email: string | null } | null;
  plan: {
    goals?: { goal: string }[];
    measures?: { what: string; responsible: string; byWhen: string }[];
    resourcesAndNeeds?: string;
    periodFrom?: string;
    periodTo?: string;
    nextReviewOn?: string;
  } | null;
  approval: Record<string, unknown> | null;
  consent: { active: boolean; givenAt: string | null; sharing: { party: string; information: string[] }[]; validUntil: string | null; withdrawnAt: string | null };
  messages: { kind: string; subject: string; body: string; createdAt: string }[];
  /** The request as it was received and signed. */
  request: {
    data: Record<string, unknown>;
    signature: { fullName: string; signedAt: string; signerRole: string };
    attachment: { name: string; size: number } | null;
  } | null;
  /** Each letter's PDF is at /api/cases/:id/letters/:letterId.pdf. */
  letters: { id: string; template: string; title: string; language: string; createdAt: string }[];
  actions: { approvePlan: boolean; giveConsent: boolean; withdrawConsent: boolean; requestCoordinatorChange: boolean };
}

/** One line of `GET /api/cases/:id/access-log`: who, in which role, did what, when (newest first). No internal ids. */
export interface AccessLogLine {
  name: string;
  role: string;
  /** The actor leads the coordinating unit ("Leder, koordinerende enhet"). */
  lead?: true;
  action: string;
  time: string;
}
