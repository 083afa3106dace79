import type { PlanDiff, PlanDraft, PlanLetterAnswer, PlanReading, PlanSavedAnswer, PlanWorkspace, ResponsibilityGroup, MemberPlanItem } from '@contract/plan.js';
import { apiGet, apiSend, fieldErrors } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';

/** Calls of the plan pages (server/http/routes/plans.ts); types in contract/plan.ts. */

export type Sent<T> = { ok: true; value: T } | { ok: false; status: number; message: string; fields: Record<string, string> };

const base = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/plan`;

function outcome<T>(response: { status: number; body: unknown }, okStatus: number[] = [200, 201]): Sent<T> {
  if (okStatus.includes(response.status)) return { ok: true, value: response.body as T };
  const fields = fieldErrors(response.body);
  const message = (response.body as { errors?: { message: string }[] } | null)?.errors?.[0]?.message ?? '';
  return { ok: false, status: response.status, message, fields };
}

export const getWorkspace = (caseId: string) => apiGet<PlanWorkspace>(`${base(caseId)}/workspace`, currentLanguage());
export const getReading = (caseId: string) => apiGet<PlanReading>(base(caseId), currentLanguage());
export const getDiff = (caseId: string, from: number | null, to: number) => apiGet<PlanDiff>(`${base(caseId)}/diff?${from ? `from=${from}&` : ''}to=${to}`, currentLanguage());
export const getMemberPlans = () => apiGet<{ plans: MemberPlanItem[] }>('/api/plans', currentLanguage());
export const pdfHref = (caseId: string, version?: number) => `${base(caseId)}.pdf${version ? `?version=${version}` : ''}`;

export async function saveDraft(caseId: string, revision: number, draft: PlanDraft): Promise<Sent<PlanSavedAnswer>> {
  return outcome(await apiSend(`${base(caseId)}/draft`, { revision, draft }, { language: currentLanguage(), method: 'PUT' }));
}

export async function saveGroup(caseId: string, revision: number, group: ResponsibilityGroup): Promise<Sent<{ revision: number }>> {
  return outcome(await apiSend(`${base(caseId)}/group`, { revision, group }, { language: currentLanguage(), method: 'PUT' }));
}

export async function sendPlan(caseId: string, revision: number): Promise<Sent<{ version: number }>> {
  return outcome(await apiSend(`${base(caseId)}/send`, { revision }, { language: currentLanguage() }));
}

export async function sendReview(caseId: string, review: Record<string, unknown>): Promise<Sent<{ ok: true }>> {
  return outcome(await apiSend(`${base(caseId)}/review`, review, { language: currentLanguage() }));
}

export async function sendPlanLetter(caseId: string, version: number): Promise<Sent<PlanLetterAnswer>> {
  return outcome(await apiSend(`${base(caseId)}/versions/${version}/letter`, {}, { language: currentLanguage() }), [200, 202]);
}

export async function startReview(caseId: string): Promise<Sent<{ ok: true }>> {
  return outcome(await apiSend(`${base(caseId)}/review/start`, {}, { language: currentLanguage() }));
}

export async function reportMeasure(caseId: string, measureId: string, report: { status: string; note?: string }): Promise<Sent<{ ok: true }>> {
  return outcome(await apiSend(`${base(caseId)}/measures/${encodeURIComponent(measureId)}/reports`, report, { language: currentLanguage() }));
}

let counter = 0;
/** An id for a new goal, measure, member, meeting or follow-up point (kept from version to version). */
export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
