import type { NotificationSettings } from '@contract/notifications.js';
import { apiGet, apiSend, type ApiError } from '../../forms/api.js';
import { currentLanguage } from '../../i18n/i18n.js';

export function getNotificationSettings(): Promise<{ status: number; body: NotificationSettings | null }> {
  return apiGet<NotificationSettings>('/api/staff/notification-settings', currentLanguage());
}

/** Saves the language; on refusal, the server's message for the field. */
export async function saveNotificationSettings(settings: NotificationSettings): Promise<{ ok: true; value: NotificationSettings } | { ok: false; message: string | null }> {
  const response = await apiSend('/api/staff/notification-settings', settings, { language: currentLanguage(), method: 'PUT' });
  if (response.status >= 200 && response.status < 300) return { ok: true, value: response.body as NotificationSettings };
  const errors = (response.body as { errors?: ApiError[] } | null)?.errors ?? [];
  return { ok: false, message: errors[0]?.message ?? null };
}
