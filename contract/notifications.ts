/**
 * Staff's e-mail notifications, shared by the server (server/http/routes/notifications.ts) and the
 * web app (web/src/pages/notifications/): each staff member's notification language and own
 * notifications (the outbox, where no mail server is configured), and for a unit's lead the
 * notifications that could not be delivered. Dates travel as ISO 8601 strings.
 */
export const notificationLanguages = ['nb', 'nn', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

/** `GET` and `PUT /api/staff/notification-settings`. */
export interface NotificationSettings {
  readonly language: NotificationLanguage;
}

/** One notification that still failed after its last attempt (`GET /api/staff/notifications/failed`). */
export interface FailedNotification {
  readonly id: string;
  /** What it was about (server/notifications/messages.ts), e.g. `letter-ready`, `task-overdue`. */
  readonly kind: string;
  /** The person (or their representative) or a staff member. */
  readonly recipient: 'person' | 'staff';
  readonly caseId: string | null;
  readonly caseNumber: string | null;
  readonly attempts: number;
  /** The mail server's last answer. */
  readonly lastError: string | null;
  readonly failedAt: string;
}

export interface FailedNotificationList {
  readonly notifications: readonly FailedNotification[];
}

/** One of the signed-in staff member's own notifications (`GET /api/staff/notifications/mine`), newest first. */
export interface OwnNotification {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  /** Where the e-mail's link points (a path in the app). */
  readonly path: string | null;
  /** `kept`: no mail server is configured, the message is only here. */
  readonly status: 'pending' | 'sent' | 'kept' | 'failed';
  readonly createdAt: string;
}

export interface OwnNotificationList {
  readonly notifications: readonly OwnNotification[];
}
