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

/** Whoever sent the request: the person, the parent, guardian or proxy who applied for them, or the health personnel who reported the need. The receipt goes to them. */
export function requestSender(request: Pick<RequestDoc, 'data'> | null | undefined, caseDoc: Pick<CaseDoc, 'person'>): CaseMessageRecipient {
  const data = request?.data;
  if (!data) return { name: caseDoc.person.name, email: null, phone: null };
  return recipient(data.applicantRole === 'person' ? data.person : (data.applicant ?? data.person), caseDoc);
}

/**
 * Who the person's letters and case messages go to after the receipt: the parent, guardian or proxy
 * who applied for them, otherwise the person. Health personnel who reported a need are not a party
 * to the case and have no access to it, so nothing more about it goes to them.
 */
export function caseParty(request: Pick<RequestDoc, 'data'> | null | undefined, caseDoc: Pick<CaseDoc, 'person'>): CaseMessageRecipient {
  const data = request?.data;
  const representative = data && (data.applicantRole === 'parent' || data.applicantRole === 'guardian' || data.applicantRole === 'proxy') ? data.applicant : undefined;
  return recipient(representative ?? data?.person, caseDoc);
}

function recipient(to: { name?: string; email?: string; phone?: string } | undefined, caseDoc: Pick<CaseDoc, 'person'>): CaseMessageRecipient {
  return { name: filled(to?.name) ?? caseDoc.person.name, email: filled(to?.email) ?? null, phone: filled(to?.phone) ?? null };
}

function filled(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
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
