import type { StaffCaseDetail } from '@contract/staff-cases.js';
import type { TaskCompleteAnswer, TaskDetail, TaskListAnswer, TaskListItem } from '@contract/tasks.js';
import { apiGet, apiSend, fieldErrors, type ApiError } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { toSearchParams, type QueueQuery } from './query.js';

/** The outcome of a change: done, or refused with the server's message (and field errors on 422). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; message: string | null; fields: Record<string, string> };

function refused<T>(status: number, body: unknown): Outcome<T> {
  const errors = (body as { errors?: ApiError[] } | null)?.errors ?? [];
  const general = errors.find((error) => !error.field) ?? errors[0];
  return { ok: false, status, message: general?.message ?? null, fields: status === 422 ? fieldErrors(body) : {} };
}

async function send<T>(url: string, body: unknown, method = 'POST'): Promise<Outcome<T>> {
  const response = await apiSend(url, body, { language: currentLanguage(), method });
  if (response.status >= 200 && response.status < 300) return { ok: true, value: response.body as T };
  return refused<T>(response.status, response.body);
}

const taskUrl = (id: string, action = '') => `/api/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export async function listTasks(query: QueueQuery): Promise<{ status: number; body: TaskListAnswer | null }> {
  const params = toSearchParams(query);
  return apiGet<TaskListAnswer>(`/api/tasks${params.size > 0 ? `?${params.toString()}` : ''}`, currentLanguage());
}

export function getTask(id: string): Promise<{ status: number; body: TaskDetail | null }> {
  return apiGet<TaskDetail>(taskUrl(id), currentLanguage());
}

export function claimTask(id: string): Promise<Outcome<Partial<TaskListItem> | null>> {
  return send(taskUrl(id, 'claim'), {});
}

export function unclaimTask(id: string): Promise<Outcome<Partial<TaskListItem> | null>> {
  return send(taskUrl(id, 'unclaim'), {});
}

export function assignTask(id: string, userId: string): Promise<Outcome<Partial<TaskListItem> | null>> {
  return send(taskUrl(id, 'assign'), { userId });
}

export function saveDraft(id: string, data: Record<string, unknown>): Promise<Outcome<{ draftSavedAt: string }>> {
  return send(taskUrl(id, 'draft'), { data }, 'PUT');
}

export function completeTask(id: string, data: Record<string, unknown>): Promise<Outcome<TaskCompleteAnswer>> {
  return send(taskUrl(id, 'complete'), { data });
}

export function staffCase(caseId: string): Promise<{ status: number; body: StaffCaseDetail | null }> {
  return apiGet<StaffCaseDetail>(`/api/staff/cases/${encodeURIComponent(caseId)}`, currentLanguage());
}
