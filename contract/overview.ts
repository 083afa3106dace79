/**
 * The coordinating unit's overview (`GET /api/overview`), shared by the server
 * (server/cases/overview.ts, server/http/routes/overview.ts) and the web app (web/src/pages/overview/).
 * Every number names the staff case list behind it (`link`, a path of the web app: `/saker?…`),
 * whose `flag` filter uses the same rule as the number, so the two always agree.
 */

/**
 * What a case can be flagged with in the staff case list (`GET /api/staff/cases?flag=`):
 * - `waiting-assessment`: open, waiting for the need assessment;
 * - `interim-reply-due`: open, not yet decided, the interim reply (a month after receipt) falls due within `interimReplyDays`;
 * - `no-coordinator`: open, granted, and no coordinator appointed;
 * - `review-overdue` / `review-due-soon`: open, with a plan review due before now / within `reviewSoonDays`;
 * - `inactive`: open, with an approved plan, and nothing done on it by a person for `inactiveDays`;
 * - `received`, `granted`, `rejected`, `appointed`: a request received, a need assessment decided
 *   (granted or rejected, by its decision date) or a coordinator appointed within the period `from`–`to`;
 * - `active-plan`: a plan approved on or before the date `at` and the case not closed by then.
 */
export const caseFlags = [
  'waiting-assessment',
  'interim-reply-due',
  'no-coordinator',
  'review-overdue',
  'review-due-soon',
  'inactive',
  'received',
  'granted',
  'rejected',
  'appointed',
  'active-plan',
] as const;
export type CaseFlag = (typeof caseFlags)[number];

/** Flags over a period (`from`, `to`) or at a date (`at`); the others are about now. */
export const periodFlags: readonly CaseFlag[] = ['received', 'granted', 'rejected', 'appointed', 'active-plan'];

/** Defaults of the overview's settings (query parameters of `GET /api/overview` and the list). */
export const overviewDefaults = { reviewSoonDays: 30, interimReplyDays: 7, inactiveDays: 90 } as const;

/** `GET /api/overview?from=&to=&at=&inactiveDays=&format=csv`: dates `YYYY-MM-DD` (days in Norway, both ends included). */
export interface OverviewQuery {
  /** Default: 1 January of this year. */
  from?: string;
  /** Default: today. */
  to?: string;
  /** The date people with an active plan are counted at; default `to`. */
  at?: string;
  inactiveDays?: number;
  format?: 'json' | 'csv';
}

/** A number and the list behind it. */
export interface Figure {
  readonly count: number;
  /** The web app's path of the list behind the number, e.g. `/saker?flag=review-overdue`. */
  readonly link: string;
}

export interface OverviewAnswer {
  readonly unitId: string;
  /** When the figures were counted (ISO 8601). */
  readonly generatedAt: string;
  readonly settings: { readonly reviewSoonDays: number; readonly interimReplyDays: number; readonly inactiveDays: number };
  /** Open cases by stage (server/cases/status.ts keys), in process order; stages without cases left out. */
  readonly byStage: readonly (Figure & { readonly stage: string })[];
  readonly openCases: Figure;
  readonly closedCases: Figure;
  /** Waiting for the need assessment, with how long since the request was received (whole days). */
  readonly waitingAssessment: Figure & { readonly oldestDays: number | null; readonly medianDays: number | null };
  readonly interimRepliesDue: Figure;
  readonly withoutCoordinator: Figure;
  readonly reviewOverdue: Figure;
  readonly reviewDueSoon: Figure;
  readonly inactive: Figure;
  /** The unit's active coordinators and the open cases each coordinates (for fair appointments), fewest first. */
  readonly coordinators: readonly (Figure & { readonly id: string; readonly name: string })[];
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly at: string;
    readonly received: Figure;
    readonly granted: Figure;
    readonly rejected: Figure;
    /** Median days from the request received to the coordinator appointed, over the appointments in the period (one decimal). */
    readonly medianDaysToCoordinator: Figure & { readonly days: number | null };
    /** People (not cases) with an active plan at `at`: the figure for the statistics report (KOSTRA). */
    readonly peopleWithActivePlan: Figure;
  };
}
