import { Router } from 'express';
import type { FailedNotification, NotificationSettings, OwnNotification } from '../../../contract/notifications.js';
import { notificationLanguages } from '../../../contract/notifications.js';
import { audit } from '../../audit/audit.js';
import type { CaseDoc } from '../../cases/models.js';
import type { CaseCommandContext } from '../../commands/requestSubmitter.js';
import { notificationModel, type NotificationDoc } from '../../notifications/model.js';
import { userModel } from '../../users/model.js';
import { HttpError } from '../errors.js';
import { authorize } from '../authorize.js';
import { requireUser, signedIn } from '../middleware/signed-in.js';

const languageRequired = {
  nb: 'Velg bokmål, nynorsk eller engelsk.',
  nn: 'Vel bokmål, nynorsk eller engelsk.',
  en: 'Choose Bokmål, Nynorsk or English.',
};

/** How many of one's own notifications the list shows (newest first). */
const ownListLimit = 50;

/** The path of the link in a notification's text (the only link it has). */
function linkPath(text: string): string | null {
  const url = /https?:\/\/\S+/.exec(text)?.[0];
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/** How many failed notifications the lead's list shows at most (newest first). */
const failedListLimit = 200;

/**
 * Staff's e-mail notifications (contract/notifications.ts):
 * - GET /api/staff/notification-settings, PUT { language: 'nb' | 'nn' | 'en' }: the signed-in staff
 *   member's notification language (stored on the user; the workers write in it).
 * - GET /api/staff/notifications/mine: the signed-in staff member's last notifications, what they
 *   say and where they link (with no SMTP_URL, the outbox where they are kept).
 * - GET /api/staff/notifications/failed: a unit's lead, the notifications about the unit's cases
 *   that still failed after their last attempt (audited: it names case numbers).
 */
export function notificationRoutes(deps: { context: CaseCommandContext }): Router {
  const router = Router();
  const connection = deps.context.models.Case.db;
  const users = userModel(connection);
  const notifications = notificationModel(connection);

  router.get('/staff/notification-settings', signedIn, async (req, res) => {
    const user = requireUser(req);
    authorize(req, 'read', 'notification-settings', {});
    const doc = await users.findById(user.id, { language: 1 }).lean();
    const body: NotificationSettings = { language: doc?.language ?? 'nb' };
    res.json(body);
  });

  router.put('/staff/notification-settings', signedIn, async (req, res) => {
    const user = requireUser(req);
    authorize(req, 'update', 'notification-settings', {});
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(body).find((key) => key !== 'language');
    if (unknown) throw new HttpError(400, [{ field: unknown, message: { nb: 'Ukjent felt.', nn: 'Ukjent felt.', en: 'Unknown field.' } }]);
    const language = body.language;
    if (typeof language !== 'string' || !(notificationLanguages as readonly string[]).includes(language)) throw new HttpError(400, [{ field: 'language', message: languageRequired }]);
    await users.updateOne({ _id: user.id }, { $set: { language: language as NotificationSettings['language'], updatedAt: new Date() } });
    const answer: NotificationSettings = { language: language as NotificationSettings['language'] };
    res.json(answer);
  });

  router.get('/staff/notifications/mine', signedIn, async (req, res) => {
    const user = requireUser(req);
    authorize(req, 'read', 'notification-settings', {});
    const own = await notifications.find({ 'to.userId': user.id }).sort({ createdAt: -1 }).limit(ownListLimit).lean<NotificationDoc[]>();
    const items: OwnNotification[] = own.map((n) => ({
      id: n._id,
      kind: n.kind,
      subject: n.subject,
      path: linkPath(n.text),
      status: n.status,
      createdAt: n.createdAt.toISOString(),
    }));
    res.json({ notifications: items });
  });

  router.get('/staff/notifications/failed', signedIn, async (req, res) => {
    const user = requireUser(req);
    const unitId = user.unitId ?? null;
    authorize(req, 'read', 'failed-notifications', { unitId });
    const { Case } = deps.context.models;
    // Failed notifications are few: take the newest, keep those about the lead's unit's cases.
    const failedAny = await notifications
      .find({ status: 'failed', caseId: { $ne: null } })
      .sort({ failedAt: -1 })
      .limit(5 * failedListLimit)
      .lean<NotificationDoc[]>();
    const caseIds = [...new Set(failedAny.map((n) => n.caseId).filter((id): id is string => id !== null && /^[0-9a-f]{24}$/i.test(id)))];
    const numbers = new Map(
      (await Case.find({ _id: { $in: caseIds }, unitId }, { caseNumber: 1 }).lean<Pick<CaseDoc, '_id' | 'caseNumber'>[]>()).map((doc) => [doc._id.toHexString(), doc.caseNumber]),
    );
    const failed = failedAny.filter((n) => n.caseId !== null && numbers.has(n.caseId)).slice(0, failedListLimit);
    await audit(req, { action: 'notification.list-failed', ...(unitId ? { unitId } : {}) });
    const items: FailedNotification[] = failed.map((n) => ({
      id: n._id,
      kind: n.kind,
      recipient: n.to.userId ? 'staff' : 'person',
      caseId: n.caseId,
      caseNumber: n.caseId ? (numbers.get(n.caseId) ?? null) : null,
      attempts: n.attempts,
      lastError: n.lastError,
      failedAt: (n.failedAt ?? n.createdAt).toISOString(),
    }));
    res.json({ notifications: items });
  });

  return router;
}
