/**
 * The staff's case API, shared by the server (server/http/routes/staff-cases.ts) and the web app
 * (web/src/pages/staff-cases/). KE case workers see their unit's cases, coordinators the cases they
 * coordinate. Every read is audited. Dates travel as ISO 8601 strings.
 */
import { caseStepKeys } from './cases.js';
import type { PersonRef, TaskListItem } from './tasks.js';

export const staffCaseStatuses = ['open', 'closed'] as const;
export type StaffCaseStatus = (typeof staffCaseStatuses)[number];

/**
 * `GET /api/staff/cases?q=&stage=&status=&page=&pageSize=`: `q` is a name (case- and
 * accent-insensitive), a case number, or an 11-digit identity number (audited as an identity
 * number search).
 */
export interface StaffCaseListQuery {
  q?: string;
  stage?: string;
  status?: StaffCaseStatus;
  /** The overview's rule behind a number (contract/overview.ts), with its `from`, `to`, `at`, `inactiveDays`. */
  flag?: string;
  /** Cases this coordinator (user id) coordinates. */
  coordinator?: string;
  from?: string;
  to?: string;
  at?: string;
  inactiveDays?: number;
  page?: number;
  pageSize?: number;
}

export interface StaffCaseListItem {
  readonly id: string;
  readonly caseNumber: string;
  readonly personName: string;
  readonly birthDate: string;
  readonly askFor: string;
  readonly channel: string;
  /** Stage key, as in the person's case page (server/cases/status.ts). */
  readonly stage: string;
  readonly closed: boolean;
  readonly coordinator: PersonRef | null;
  readonly openTasks: number;
  readonly createdAt: string;
  /** Another open case exists for the same person and no one has decided yet. */
  readonly duplicateFlag: boolean;
}

export interface StaffCaseListAnswer {
  readonly cases: readonly StaffCaseListItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** The steps of the staff's case history: the person's, and what only staff do to a case. */
export const staffTimelineKeys = [...caseStepKeys, 'process-ended', 'merged-into-open-case', 'duplicate-merged-here', 'duplicate-kept'] as const;
export type StaffTimelineKey = (typeof staffTimelineKeys)[number];

export interface TimelineEntry {
  readonly key: StaffTimelineKey;
  readonly at: string;
  /** Who did it (a user's name), when a person did. */
  readonly by: string | null;
}

export interface DoneTask {
  readonly id: string;
  readonly formKey: string | null;
  readonly name: string | null;
  readonly status: 'completed' | 'closed';
  readonly closedAt: string | null;
  readonly completedBy: PersonRef | null;
  /** The form data it was completed with. */
  readonly output: Readonly<Record<string, unknown>> | null;
}

export interface StaffIncident {
  readonly id: string;
  readonly elementId: string;
  readonly elementName: string | null;
  readonly error: string;
  readonly attempts: number;
  readonly openedAt: string;
}

/** Another case of the same person (the duplicate request check). */
export interface RelatedCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly stage: string;
  readonly createdAt: string;
}

/** `GET /api/staff/cases/:id`: everything a case worker needs beside a task's form. */
export interface StaffCaseDetail {
  readonly id: string;
  readonly caseNumber: string;
  readonly stage: string;
  readonly closed: boolean;
  readonly createdAt: string;
  readonly channel: string;
  readonly askFor: string;
  readonly person: { readonly name: string; readonly birthDate: string; readonly age: number };
  readonly coordinator: PersonRef | null;
  /** The request as the person submitted and signed it. */
  readonly request: {
    readonly data: Readonly<Record<string, unknown>>;
    readonly signature: {
      readonly fullName: string;
      readonly signedAt: string;
      readonly signerRole: string;
      readonly identityVerified: boolean;
    };
    readonly attachment: { readonly name: string; readonly size: number; readonly url: string } | null;
  } | null;
  readonly consent: {
    readonly active: boolean;
    readonly givenAt: string | null;
    readonly sharing: readonly { readonly party: string; readonly information: readonly string[] }[];
    readonly validUntil: string | null;
    readonly withdrawnAt: string | null;
  };
  readonly timeline: readonly TimelineEntry[];
  readonly openTasks: readonly TaskListItem[];
  readonly doneTasks: readonly DoneTask[];
  readonly messages: readonly { readonly kind: string; readonly subject: string; readonly body: string; readonly createdAt: string }[];
  readonly plan: Readonly<Record<string, unknown>> | null;
  /** Open incidents; `actions.retryIncident` says whether the user may retry them. */
  readonly incidents: readonly StaffIncident[];
  /** Other open cases of the same person, while the duplicate is undecided. */
  readonly duplicates: readonly RelatedCase[];
  /** Cases merged into this one: their requests are kept and linked here. */
  readonly mergedCases: readonly RelatedCase[];
  /** The open case this one was merged into, if it was. */
  readonly mergedInto: RelatedCase | null;
  readonly actions: { readonly retryIncident: boolean; readonly resolveDuplicate: boolean };
}

/** `GET /api/staff/cases/:id/diagram`: the BPMN of the case's version and where the case is. */
export interface CaseDiagram {
  readonly xml: string;
  readonly active: readonly string[];
  readonly completed: readonly string[];
  readonly incidents: readonly string[];
}

/**
 * `POST /api/staff/cases/:id/duplicate { decision }`: `merge` closes this (newer) case into the open
 * one (its request is kept and linked there), `keep` keeps both and clears the flag.
 */
export interface DuplicateDecisionBody {
  readonly decision: 'merge' | 'keep';
  /** Which other case, when the case is flagged with more than one (otherwise 422 on this field). */
  readonly otherCaseId?: string;
}

/** The answer to a duplicate decision: the pair and what was decided. 409 when it was already decided. */
export interface DuplicateDecisionAnswer {
  readonly status: 'merged' | 'kept';
  readonly openCaseId: string;
  readonly newerCaseId: string;
}
