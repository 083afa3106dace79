import type { ConsentChange } from '@forms/consent.js';

/** What GET /api/cases and GET /api/cases/:id answer. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  personName: string;
  askFor: string;
  channel: string;
  stage: string;
  createdAt: string;
  closed: boolean;
  isPerson: boolean;
}

export interface CaseDetail {
  id: string;
  caseNumber: string;
  stage: string;
  closed: boolean;
  createdAt: string;
  askFor: string;
  person: { name: string; birthDate: string };
  isPerson: boolean;
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

/** One step of the case's history; a change of consent says what changed. */
export interface CaseHistoryStep {
  key: string;
  at: string;
  consentChange?: ConsentChange & { by: string };
}

/** One line of GET /api/cases/:id/access-log: who, in which role, did what, when (newest first). */
export interface AccessLogLine {
  name: string;
  role: string;
  /** The unit's lead ("Leder, koordinerende enhet"). */
  lead?: boolean;
  action: string;
  time: string;
}
