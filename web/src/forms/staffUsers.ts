import type { StaffUser, StaffUsersAnswer } from '@contract/tasks.js';
import { currentLanguage } from '../i18n/i18n.js';
import { apiGet } from './api.js';

/** The active staff of the signed-in user's unit with a role (`GET /api/staff/users?role=`), or null when they cannot be read. */
export async function staffUsers(role: string): Promise<StaffUser[] | null> {
  const response = await apiGet<StaffUsersAnswer>(`/api/staff/users?role=${encodeURIComponent(role)}`, currentLanguage());
  return response.body ? [...response.body.users] : null;
}
