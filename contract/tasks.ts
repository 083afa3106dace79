/**
 * The staff work queue's API, shared by the server (server/http/routes/tasks.ts) and the web app
 * (web/src/pages/tasks/). Dates travel as ISO 8601 strings.
 */

/** The work queue's views: what `GET /api/tasks?view=` selects. */
export const taskViews = ['mine', 'available', 'unit', 'overdue', 'due-soon'] as const;
export type TaskViewName = (typeof taskViews)[number];

/** Days ahead that count as "due soon". */
export const dueSoonDays = 7;

export const taskSorts = ['dueDate', 'followUpDate', 'createdAt', 'personName'] as const;
export type TaskSort = (typeof taskSorts)[number];
export type SortOrder = 'asc' | 'desc';

export const maxTaskPageSize = 100;
export const defaultTaskPageSize = 25;

/** `GET /api/tasks` query parameters; all optional. Unknown values answer 400 naming the parameter. */
export interface TaskListQuery {
  view?: TaskViewName;
  formKey?: string;
  /** The person's name (case- and accent-insensitive: "orjan" finds "Ørjan") or a case number. */
  q?: string;
  caseNumber?: string;
  /** `YYYY-MM-DD`: tasks due on or before that day. */
  dueBefore?: string;
  sort?: TaskSort;
  order?: SortOrder;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

/** Whether a task's due date is passed or near (`dueSoonDays`). */
export type DueState = 'overdue' | 'due-soon' | null;

/** One row of the work queue. */
export interface TaskListItem {
  readonly id: string;
  /** The form that completes it (forms/): its title names the task in the user's language. */
  readonly formKey: string | null;
  /** The BPMN element's name (English, as in the process file); the UI shows the form's title. */
  readonly name: string | null;
  readonly elementId: string;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly personName: string;
  readonly status: 'open' | 'claimed';
  readonly assignee: PersonRef | null;
  readonly candidateGroups: readonly string[];
  readonly dueDate: string | null;
  readonly followUpDate: string | null;
  readonly createdAt: string;
  readonly due: DueState;
  /** What the signed-in user may do on it now. */
  readonly actions: TaskActions;
}

export interface TaskActions {
  readonly claim: boolean;
  readonly unclaim: boolean;
  readonly assign: boolean;
  readonly complete: boolean;
}

/** `GET /api/tasks`: one page, the total of the query, and the count of every view (same filters but the view). */
export interface TaskListAnswer {
  readonly tasks: readonly TaskListItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly counts: Readonly<Record<TaskViewName, number>>;
}

/** `GET /api/tasks/:id`: the task with its saved draft. The case context comes from `GET /api/staff/cases/:caseId`. */
export interface TaskDetail extends TaskListItem {
  /** Form data saved as the user typed (`PUT /api/tasks/:id/draft`), or null. */
  readonly draft: Readonly<Record<string, unknown>> | null;
  readonly draftSavedAt: string | null;
  /** Values the form starts from when there is no draft (e.g. the person's wish for a coordinator). */
  readonly prefill: Readonly<Record<string, unknown>>;
}

/** `POST /api/tasks/:id/assign` body. */
export interface AssignBody {
  readonly userId: string;
}

/** `PUT /api/tasks/:id/draft` body (answer: `{ draftSavedAt }`). */
export interface DraftBody {
  readonly data: Readonly<Record<string, unknown>>;
}

/** `POST /api/tasks/:id/complete` body; answer `TaskCompleteAnswer`. */
export interface CompleteBody {
  readonly data: Readonly<Record<string, unknown>>;
}

export interface TaskCompleteAnswer {
  /** The next task for this user (mine first, then available), if any: the page goes on to it. */
  readonly nextTaskId: string | null;
}

/** `GET /api/staff/users?role=coordinator|ke-caseworker`: active staff of the signed-in user's unit. */
export interface StaffUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly email: string | null;
  /** Open cases they coordinate (coordinators): for fair appointments. */
  readonly openCases: number;
}

export interface StaffUsersAnswer {
  readonly users: readonly StaffUser[];
}
