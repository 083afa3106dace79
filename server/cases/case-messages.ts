/**
 * The one way a message to the person about their case is written (the receipt, every case event,
 * consent withdrawn): stored in every language, idempotent by its dedupe key. The notifier
 * delivers it later; the person reads it on the case page.
 */
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { inEveryLanguage, type CaseEventMessage } from './event-messages.js';
import type { CaseDoc, CaseMessageDoc, CaseMessageKind, CaseModels, RequestDoc } from './models.js';

type Language = CaseMessageDoc['language'];

export type CaseMessageRecipient = CaseMessageDoc['to'];

export interface CaseMessage {
  /** One message per dedupe key: writing it again changes nothing. */
  readonly dedupeKey: string;
  readonly caseId: Types.ObjectId;
  readonly kind: CaseMessageKind;
  readonly language: Language;
  readonly to: CaseMessageRecipient;
  readonly text: (language: Language) => CaseEventMessage;
  readonly createdAt: Date;
}

/**
 * The language of every letter and message to whoever sent the request: English when it was sent
 * from the English pages, otherwise the written form it chose for letters (Bokmål or Nynorsk).
 */
export function writtenLanguage(request: Pick<RequestDoc, 'language' | 'data'> | null | undefined): Language {
  if (request?.language === 'en') return 'en';
  const writtenForm = request?.data?.person?.writtenForm;
  if (writtenForm === 'nn' || writtenForm === 'nb') return writtenForm;
  return request?.language === 'nn' ? 'nn' : 'nb';
}

/** Whoever sent the request (the person, or the parent, guardian or proxy who applied for them): every case message goes to them, like the receipt. */
export function requestSender(request: Pick<RequestDoc, 'data'> | null | undefined, caseDoc: Pick<CaseDoc, 'person'>): CaseMessageRecipient {
  const data = request?.data;
  if (!data) return { name: caseDoc.person.name, email: null, phone: null };
  const to = data.applicantRole === 'person' ? data.person : (data.applicant ?? data.person);
  return { name: to.name, email: to.email ?? null, phone: to.phone ?? null };
}

export async function sendCaseMessage(models: Pick<CaseModels, 'CaseMessage'>, message: CaseMessage): Promise<void> {
  const { subject, body, texts } = inEveryLanguage(message.language, message.text);
  const doc: Omit<CaseMessageDoc, '_id'> = {
    dedupeKey: message.dedupeKey,
    caseId: message.caseId,
    kind: message.kind,
    language: message.language,
    to: message.to,
    subject,
    body,
    texts,
    createdAt: message.createdAt,
    deliveredAt: null,
  };
  try {
    await models.CaseMessage.create(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
