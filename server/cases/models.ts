import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ConsentChange } from '../../forms/consent.js';
import type { RequestData } from '../../forms/request.js';
import type { Language } from '../../forms/types.js';

/**
 * The case side of a request: the immutable request as it was signed, its attachment, the case it
 * opened, the case-number counter and the messages sent to the person (receipts).
 */

/** How the request reached us; decides the process's first steps. */
export type IntakeChannel = 'citizen-request' | 'health-notification';

export interface StoredSignature {
  /** The name the signer typed. */
  readonly fullName: string;
  readonly confirmed: true;
  /** When the server received the signed request (the signature's time; the browser's clock is not trusted). */
  readonly signedAt: Date;
  readonly signerRole: RequestData['applicantRole'];
  /**
   * Everything the signature claims is verified: the signer is the signed-in user (ID-porten) and,
   * for a parent, guardian or proxy, the population register confirms that they represent the
   * person. `verified` says which part was.
   */
  readonly identityVerified: boolean;
  /** Whose identity was verified: the signer's (by sign-in), and their relation to the person (by whom, or still a claim). */
  readonly verified?: {
    readonly signer: boolean;
    readonly representation: 'not-applicable' | 'claimed' | 'population-register';
  };
  /** The signed-in user who sent it, if any. */
  readonly signedInUserId: string | null;
}

export interface StoredAttachment {
  readonly id: string;
  readonly name: string;
  readonly contentType: 'application/pdf';
  readonly size: number;
  readonly sha256: string;
}

/** A request exactly as received and signed. Never updated: the model refuses every update. */
export interface RequestDoc {
  _id: Types.ObjectId;
  /** From the Idempotency-Key header, or generated when none was sent. */
  idempotencyKey: string;
  /** sha256 of the normalized data and attachment: the same key with other content is refused. */
  digest: string;
  caseId: Types.ObjectId;
  caseNumber: string;
  /** The form data as validated by forms/request.ts (normalized, unknown fields stripped). */
  data: RequestData;
  signature: StoredSignature;
  attachment: StoredAttachment | null;
  /** Accept-Language of the sender: the receipt's language. */
  language: Language;
  receivedAt: Date;
}

export interface AttachmentDoc {
  /** Derived from the idempotency key, so that a retried upload is stored once. */
  _id: string;
  name: string;
  contentType: 'application/pdf';
  size: number;
  sha256: string;
  data: Buffer;
  createdAt: Date;
}

export interface CaseConsent {
  /** Given in the request or later, and neither withdrawn nor expired. */
  active: boolean;
  givenAt: Date | null;
  /** Services and the information each may share (forms/consent.ts). */
  sharing: { party: string; information: string[] }[];
  validUntil: string | null;
  withdrawnAt: Date | null;
}

/** One change of consent made online, as the case history shows it (forms/consent.ts `consentChange`). */
export interface ConsentChangeRecord extends ConsentChange {
  at: Date;
  /** Who changed it: the person, or a parent, guardian or representative (their name). */
  byName: string;
  /** Consent is given after the change (false: the person said no). */
  given: boolean;
}

export interface ClaimedRepresentative {
  nationalId: string;
  role: 'parent' | 'guardian' | 'proxy';
}

/** A case (sak): one request, one process instance. Implements CaseAccessFacts (see ./access.ts). */
export interface CaseDoc {
  _id: Types.ObjectId;
  caseNumber: string;
  unitId: string;
  channel: IntakeChannel;
  askFor: RequestData['askFor'];
  person: { name: string; nationalId: string; birthDate: string };
  /** Parents, guardians and holders of a power of attorney who sent the request, once verified (they have the person's access). */
  representativeNationalIds: string[];
  /**
   * A parent, guardian or proxy named in the request and not yet verified (by the population
   * register or the case worker): a claim. The claimant sees only what they submitted and its receipt.
   */
  claimedRepresentatives?: ClaimedRepresentative[];
  requestId: Types.ObjectId;
  /** The process instance id (deterministic: `case-<case id>`). */
  instanceId: string;
  /** Set once the engine has started the instance; null while a start is still owed. */
  processStartedAt: Date | null;
  /** User id of the appointed coordinator; set by the process's case events (server/commands/caseEventApplier.ts). */
  coordinatorId: string | null;
  /** User ids of the responsibility group's members who use the product. */
  groupMemberIds: string[];
  /** Ids of the coordinator-change events already applied, so that a redelivered one changes nothing. */
  appliedEventIds?: string[];
  consent: CaseConsent;
  /** Changes of consent made online, oldest first. */
  consentHistory?: ConsentChangeRecord[];
  createdAt: Date;
  closedAt: Date | null;
}

export type CaseMessageKind =
  | 'receipt'
  | 'consent-withdrawn'
  | 'coordinator-change-requested'
  | 'plan-answered'
  | 'coordinator-appointed'
  | 'coordinator-changed'
  | 'responsibility-group-established'
  | 'case-closed';

/**
 * A message to the person about their case (the receipt among them): stored first, delivered by
 * the notifier later (e-mail/SMS when configured); the person always reads it on their case page.
 */
export interface CaseMessageDoc {
  _id: Types.ObjectId;
  /** Makes sending idempotent: one receipt per case, one message per event. */
  dedupeKey: string;
  caseId: Types.ObjectId;
  kind: CaseMessageKind;
  language: Language;
  to: { name: string; email: string | null; phone: string | null };
  /** In `language`: what the notifier delivers. */
  subject: string;
  body: string;
  /**
   * The same message in every language, written when it was sent, so that the case page shows it
   * in the reader's language. Stored rather than rendered from keys at read time: a message is a
   * record of what the person was told, and must not change when the wording is improved later.
   * Missing on messages stored before it existed.
   */
  texts?: Record<Language, { subject: string; body: string }>;
  createdAt: Date;
  /** Set by the notifier when delivered outside the app. */
  deliveredAt: Date | null;
}

interface CounterDoc {
  _id: string;
  seq: number;
}

function immutable(schema: Schema): void {
  const refuse = function refuse(): never {
    throw new Error('requests are immutable: a received request is never changed');
  };
  for (const operation of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace'] as const) {
    schema.pre(operation, refuse);
  }
  schema.pre('save', function onlyNew() {
    if (!this.isNew) refuse();
  });
}

const requestSchema = new Schema<RequestDoc>(
  {
    idempotencyKey: { type: String, required: true },
    digest: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    caseNumber: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    signature: { type: Schema.Types.Mixed, required: true },
    attachment: { type: Schema.Types.Mixed, default: null },
    language: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'requests' },
);
requestSchema.index({ idempotencyKey: 1 }, { unique: true });
requestSchema.index({ caseId: 1 });
immutable(requestSchema);

const attachmentSchema = new Schema<AttachmentDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    data: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: false, collection: 'request_attachments' },
);
immutable(attachmentSchema);

const caseSchema = new Schema<CaseDoc>(
  {
    caseNumber: { type: String, required: true },
    unitId: { type: String, required: true },
    channel: { type: String, required: true },
    askFor: { type: String, required: true },
    person: { type: Schema.Types.Mixed, required: true },
    representativeNationalIds: { type: [String], default: [] },
    claimedRepresentatives: { type: [Schema.Types.Mixed], default: [] },
    requestId: { type: Schema.Types.ObjectId, required: true },
    instanceId: { type: String, required: true },
    processStartedAt: { type: Date, default: null },
    coordinatorId: { type: String, default: null },
    groupMemberIds: { type: [String], default: [] },
    appliedEventIds: { type: [String], default: undefined },
    consent: { type: Schema.Types.Mixed, required: true },
    consentHistory: { type: [Schema.Types.Mixed], default: undefined },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'cases' },
);
caseSchema.index({ caseNumber: 1 }, { unique: true });
caseSchema.index({ 'person.nationalId': 1, createdAt: -1 });
caseSchema.index({ representativeNationalIds: 1, createdAt: -1 });
caseSchema.index({ 'claimedRepresentatives.nationalId': 1, createdAt: -1 });
caseSchema.index({ unitId: 1, createdAt: -1 });
caseSchema.index({ coordinatorId: 1, createdAt: -1 });
caseSchema.index({ processStartedAt: 1 }, { partialFilterExpression: { processStartedAt: null } });

const messageSchema = new Schema<CaseMessageDoc>(
  {
    dedupeKey: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    language: { type: String, required: true },
    to: { type: Schema.Types.Mixed, required: true },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    texts: { type: Schema.Types.Mixed, default: undefined },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'case_messages' },
);
messageSchema.index({ dedupeKey: 1 }, { unique: true });
messageSchema.index({ caseId: 1, createdAt: 1 });
messageSchema.index({ deliveredAt: 1, createdAt: 1 });

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { versionKey: false, autoIndex: false, collection: 'counters' },
);

export interface CaseModels {
  readonly Request: Model<RequestDoc>;
  readonly Attachment: Model<AttachmentDoc>;
  readonly Case: Model<CaseDoc>;
  readonly CaseMessage: Model<CaseMessageDoc>;
  readonly Counter: Model<CounterDoc>;
}

function model<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export function caseModels(connection: Connection): CaseModels {
  return {
    Request: model(connection, 'CaseRequest', requestSchema),
    Attachment: model(connection, 'CaseRequestAttachment', attachmentSchema),
    Case: model(connection, 'Case', caseSchema),
    CaseMessage: model(connection, 'CaseMessage', messageSchema),
    Counter: model(connection, 'CaseCounter', counterSchema),
  };
}

/** Creates the collections' indexes (the unique ones carry idempotency and case numbers). */
export async function ensureCaseIndexes(models: CaseModels): Promise<void> {
  await Promise.all(Object.values(models).map((m: Model<unknown>) => m.createIndexes()));
}

/**
 * The next case number of the year, allocated atomically (one counter document per year):
 * IP-2026-000123. Numbers of requests that fail after allocation are skipped, never reused.
 */
export async function allocateCaseNumber(models: CaseModels, at: Date): Promise<string> {
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Oslo', year: 'numeric' }).format(at);
  const counter = await models.Counter.findOneAndUpdate(
    { _id: `case-number-${year}` },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean<CounterDoc>();
  if (!counter) throw new Error('case number counter did not answer');
  return `IP-${year}-${String(counter.seq).padStart(6, '0')}`;
}
