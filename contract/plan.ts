/**
 * The plan's API, shared by the server (server/http/routes/plans.ts) and the web app
 * (web/src/pages/plan/). The plan of a case has one draft the coordinator works on (saved as they
 * type, guarded by a revision number), a responsibility group, and versions: each one frozen when
 * it was sent to the person for approval, never changed afterwards. Dates travel as ISO 8601 strings.
 */
import type { InferType } from 'yup';
import type { MeasureStatus, ResponsibleKind } from '../forms/plan.js';
import type { planDraftSchema, planGroupSchema } from '../forms/plan.js';
import type { GoalAssessment } from '../forms/review.js';

export type { GoalAssessment, MeasureStatus, ResponsibleKind };
export type PlanDraft = InferType<typeof planDraftSchema>;
export type PlanGoal = PlanDraft['goals'][number];
export type PlanMeasure = PlanDraft['measures'][number];

/**
 * The responsibility group: members (a user of the product or an outside professional, the person or
 * a relative; a member with a `userId` sees the plan and reports on their own measures while
 * consent covers them) and meetings (date and time `YYYY-MM-DDTHH:mm`, place or video, agenda, who
 * came, minutes, follow-up points that become a measure (`measureId`) or a task for someone by a date).
 */
export type ResponsibilityGroup = InferType<typeof planGroupSchema>;
export type GroupMember = ResponsibilityGroup['members'][number];
export type GroupMeeting = ResponsibilityGroup['meetings'][number];
export type FollowUp = GroupMeeting['followUps'][number];

export type PlanVersionStatus = 'sent' | 'approved' | 'changes-requested' | 'superseded';

/** What a version froze beside the plan's own content: the coordinator (c) and the consent (h) as they were. */
export interface PlanVersionContext {
  coordinator: { name: string; phone?: string; email?: string } | null;
  consent: { active: boolean; givenAt: string | null; sharedWith: string[] };
}

export interface PlanVersionSummary {
  number: number;
  status: PlanVersionStatus;
  sentAt: string;
  sentBy: string;
  answeredAt: string | null;
  /** The person's comment when they asked for changes. */
  comment: string | null;
}

export interface PlanVersion extends PlanVersionSummary, PlanVersionContext {
  content: PlanDraft;
}

export interface ItemChange<T> {
  before: T;
  after: T;
  /** The fields that differ. */
  fields: string[];
}

/** The difference between two versions: goals and measures matched by id, and the plan's other parts by field. */
export interface PlanDiff {
  from: number | null;
  to: number;
  goals: { added: PlanGoal[]; removed: PlanGoal[]; changed: ItemChange<PlanGoal>[] };
  measures: { added: PlanMeasure[]; removed: PlanMeasure[]; changed: ItemChange<PlanMeasure>[] };
  /** Other parts of the plan that changed (e.g. resourcesAndNeeds, periodTo). */
  parts: string[];
}

/** One report by whoever carries a measure (a group member), on how it goes. */
export interface MeasureReport {
  measureId: string;
  status: MeasureStatus;
  note?: string;
  at: string;
  byName: string;
}

export interface GoalReview {
  goalId: string;
  assessment: GoalAssessment;
  comment?: string;
}

export interface PlanReview {
  at: string;
  byName: string;
  reviewedOn: string;
  /** The approved version that was reviewed. */
  version: number | null;
  summary: string;
  goals: GoalReview[];
  outcome: 'continue' | 'revise' | 'close';
  closeReason?: string;
}

/** What the plan is doing in the process now. */
export type PlanPhase = 'drafting' | 'awaiting-approval' | 'active' | 'reviewing' | 'closed' | 'not-started';

/** `GET /api/cases/:id/plan/workspace`: the coordinator's plan workspace (staff who may change the plan). */
export interface PlanWorkspace {
  caseId: string;
  caseNumber: string;
  person: { name: string; birthDate: string };
  coordinator: PlanVersionContext['coordinator'];
  consent: PlanVersionContext['consent'];
  phase: PlanPhase;
  revision: number;
  draft: PlanDraft;
  draftSavedAt: string | null;
  draftSavedBy: string | null;
  groupRevision: number;
  group: ResponsibilityGroup;
  versions: PlanVersionSummary[];
  reviews: PlanReview[];
  reports: MeasureReport[];
  /** Users of the product with the group-member role, who can be added to the group as users. */
  memberCandidates: { id: string; name: string }[];
  /** The latest approved version, for the review and for "changed since approved". */
  approved: PlanVersion | null;
  /** The review waits on its timer: the coordinator may hold it now. */
  canStartReview: boolean;
}

/** `PUT /api/cases/:id/plan/draft`. 409 when `revision` is not the stored one (someone else saved in between). */
export interface PlanDraftBody {
  revision: number;
  draft: PlanDraft;
}

export interface PlanSavedAnswer {
  revision: number;
  savedAt: string;
}

/** `PUT /api/cases/:id/plan/group`. 409 when `revision` is not the stored one. */
export interface PlanGroupBody {
  revision: number;
  group: ResponsibilityGroup;
}

/** `POST /api/cases/:id/plan/send`: freezes the draft at `revision` as the next version and sends it to the person. */
export interface PlanSendBody {
  revision: number;
}

export interface PlanSendAnswer {
  version: number;
}

/**
 * `GET /api/cases/:id/plan`: the plan as the person and the group's members read it: the newest
 * version they may see (the person: the newest sent; a member: the newest approved), what changed
 * since the version the person last approved, and the measures the reader carries.
 */
export interface PlanReading {
  caseId: string;
  caseNumber: string;
  personName: string;
  version: PlanVersion | null;
  approvedNumber: number | null;
  /**
   * What changed in the version read: since the version the person last approved, or, when they
   * have approved none, since the previous version they were sent. Null when there is nothing before it.
   */
  changes: PlanDiff | null;
  /** What `changes` compares against: the last approved version or the previous version sent. */
  changesSince: 'approved' | 'previous' | null;
  /** Ids of the measures the reader carries and may report on. */
  ownMeasureIds: string[];
  reports: MeasureReport[];
}

/** `POST /api/cases/:id/plan/measures/:measureId/reports` */
export interface MeasureReportBody {
  status: MeasureStatus;
  note?: string;
}

/** `GET /api/plans`: the plans a responsibility group member may see (the person's consent covers them). */
export interface MemberPlanItem {
  caseId: string;
  caseNumber: string;
  personName: string;
  approvedNumber: number | null;
  ownMeasures: number;
}

/** `POST /api/cases/:id/plan/versions/:number/letter`: queued (202), or the letter of this version was already written (200). */
export interface PlanLetterAnswer {
  alreadySent: boolean;
}
