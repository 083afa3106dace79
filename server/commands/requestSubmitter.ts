import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { parseNationalId } from '../../forms/national-id.js';
import type { RequestData } from '../../forms/request.js';
import type { SessionUser } from '../auth/types.js';
import type { Actor } from '../engine/types.js';
import type { CaseCommandContext } from '../cases/context.js';
import { allocateCaseNumber, type CaseDoc, type ClaimedRepresentative, type RequestDoc, type StoredAttachment, type StoredSignature } from '../cases/models.js';
import { requestSender, sendCaseMessage, writtenLanguage } from '../cases/case-messages.js';
import { receiptText } from '../cases/receipt.js';
import { flagDuplicateRequest } from '../cases/staff-duplicates.js';
import { ignoringDuplicate, isDuplicateKeyError } from '../mongo-errors.js';
import { fictionalPopulationRegister } from '../population-register/index.js';
import { receiptLetterJob } from '../letters/receipt.js';
import { caseTaskLabels } from '../tasks/labels.js';
import type { Language } from '../../forms/types.js';

/** The process a request starts. */
export const requestProcessKey = 'individual-plan';

export type { CaseCommandContext } from '../cases/context.js';

export interface SubmitRequestInput {
  /** Validated by forms/request.ts (the route does that, with the same schema as the browser). */
  readonly data: RequestData;
  /** A PDF whose magic bytes the route has checked. */
  readonly attachment?: { readonly name: string; readonly bytes: Buffer };
  readonly idempotencyKey: string;
  readonly language: Language;
  readonly user?: SessionUser;
}

export interface SubmittedRequest {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly receivedAt: Date;
  /** True when this was a retry of a request already received (same Idempotency-Key). */
  readonly replayed: boolean;
  /** False when the process could not be started yet (it is started later; the request is safe). */
  readonly processStarted: boolean;
  /** The person's case that was already open, told only to a signed-in party to it (server/cases/staff-duplicates.ts). */
  readonly openCase?: { readonly caseNumber: string } | null;
}

/** The same Idempotency-Key was used before for a different request. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
}

/** JSON with object keys sorted, so that equal data gives equal digests. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The national identity number of whoever signs: the person, or the sender acting for them. */
export function signerNationalId(data: RequestData): string | undefined {
  if (data.applicantRole === 'person') return data.person.nationalId;
  if (data.applicantRole === 'health-personnel') return undefined;
  return data.applicant?.nationalId;
}

/** Whether a signed-in citizen may sign this request: they must be the signer. Staff and anonymous senders: yes. */
export function signerMatchesUser(data: RequestData, user: SessionUser | undefined): boolean {
  if (!user || user.role !== 'citizen' || !user.nationalId) return true;
  const signer = signerNationalId(data);
  return signer === undefined || signer === user.nationalId;
}

function representativeRole(data: RequestData): ClaimedRepresentative['role'] | undefined {
  const role = data.applicantRole;
  return role === 'parent' || role === 'guardian' || role === 'proxy' ? role : undefined;
}

/**
 * Whose identity the signature verifies. The signer's, when the signed-in user is the signer;
 * a representative's relation to the person, when the population register confirms it (a power of
 * attorney is not in the register: the case worker checks it). Until then the relation is a claim.
 */
async function verification(ctx: CaseCommandContext, data: RequestData, user: SessionUser | undefined): Promise<Pick<StoredSignature, 'identityVerified' | 'verified'>> {
  const signerId = signerNationalId(data);
  const signer = Boolean(user?.role === 'citizen' && user.nationalId && user.nationalId === signerId);
  const role = representativeRole(data);
  if (!role) return { identityVerified: signer, verified: { signer, representation: 'not-applicable' } };
  const register = ctx.populationRegister ?? fictionalPopulationRegister();
  const relation = role !== 'proxy' && signerId ? await register.relation(signerId, data.person.nationalId) : undefined;
  const confirmed = relation !== undefined && (relation === role || role === 'guardian');
  return { identityVerified: signer && confirmed, verified: { signer, representation: confirmed ? 'population-register' : 'claimed' } };
}

/**
 * Receives a validated, signed request: stores it unchanged with its signature, opens the case with
 * a case number, writes the receipt and starts the process through the engine. Idempotent per
 * Idempotency-Key: a retry returns the first answer and finishes any step a crash left undone; it
 * never opens a second case.
 */
export async function requestSubmitter(ctx: CaseCommandContext, input: SubmitRequestInput): Promise<SubmittedRequest> {
  const { Request, Attachment } = ctx.models;
  const attachmentHash = input.attachment ? sha256(input.attachment.bytes) : null;
  const digest = sha256(canonical({ data: input.data, attachment: attachmentHash }));

  const existing = await Request.findOne({ idempotencyKey: input.idempotencyKey }).lean<RequestDoc>();
  if (existing) return replay(ctx, existing, digest);

  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const caseNumber = await allocateCaseNumber(ctx.models, now);
  const caseId = new Types.ObjectId();

  let attachment: StoredAttachment | null = null;
  if (input.attachment && attachmentHash) {
    const id = sha256(`${input.idempotencyKey}:powerOfAttorney`);
    attachment = { id, name: input.attachment.name, contentType: 'application/pdf', size: input.attachment.bytes.length, sha256: attachmentHash };
    await ignoringDuplicate(() =>
      Attachment.create({ _id: id, name: attachment!.name, contentType: 'application/pdf', size: attachment!.size, sha256: attachmentHash, data: input.attachment!.bytes, createdAt: now }),
    );
  }

  const signerRole = input.data.applicantRole;
  const verified = await verification(ctx, input.data, input.user);
  const doc: RequestDoc = {
    _id: new Types.ObjectId(),
    idempotencyKey: input.idempotencyKey,
    digest,
    caseId,
    caseNumber,
    data: input.data,
    signature: {
      fullName: input.data.signature.fullName,
      confirmed: true,
      signedAt: now,
      signerRole,
      ...verified,
      signedInUserId: input.user?.id ?? null,
    },
    attachment,
    language: input.language,
    receivedAt: now,
  };
  try {
    await Request.create(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another request with the same key won the race: answer as it did.
    const winner = await Request.findOne({ idempotencyKey: input.idempotencyKey }).lean<RequestDoc>();
    if (!winner) throw error;
    return replay(ctx, winner, digest);
  }
  const { processStarted, openCase } = await completeIntake(ctx, doc, input.user);
  ctx.logger.info({ caseNumber, channel: caseChannel(doc.data) }, 'request received');
  return { caseId: caseId.toHexString(), caseNumber, receivedAt: now, replayed: false, processStarted, openCase };
}

async function replay(ctx: CaseCommandContext, existing: RequestDoc, digest: string): Promise<SubmittedRequest> {
  if (existing.digest !== digest) throw new IdempotencyConflictError(`Idempotency-Key reused for another request (${existing.caseNumber})`);
  const { processStarted } = await completeIntake(ctx, existing, undefined);
  return { caseId: existing.caseId.toHexString(), caseNumber: existing.caseNumber, receivedAt: existing.receivedAt, replayed: true, processStarted };
}

function caseChannel(data: RequestData): CaseDoc['channel'] {
  return data.applicantRole === 'health-personnel' ? 'health-notification' : 'citizen-request';
}

/** The case document a request opens. */
function caseFor(ctx: CaseCommandContext, request: RequestDoc): CaseDoc {
  const { data } = request;
  const parsed = parseNationalId(data.person.nationalId);
  const role = representativeRole(data);
  const representativeId = role ? data.applicant?.nationalId : undefined;
  // A representative the register confirmed has the person's access; anyone else named is a claim.
  const confirmed = request.signature.verified?.representation === 'population-register';
  const representatives = representativeId && confirmed ? [representativeId] : [];
  const claims: ClaimedRepresentative[] = representativeId && role && !confirmed ? [{ nationalId: representativeId, role }] : [];
  const consentGiven = data.consent?.given === true;
  return {
    _id: request.caseId,
    caseNumber: request.caseNumber,
    unitId: ctx.unitId,
    channel: caseChannel(data),
    askFor: data.askFor,
    person: { name: data.person.name, nationalId: data.person.nationalId, birthDate: parsed.ok ? parsed.value.birthDate : '' },
    representativeNationalIds: representatives,
    claimedRepresentatives: claims,
    requestId: request._id,
    instanceId: `case-${request.caseId.toHexString()}`,
    processStartedAt: null,
    coordinatorId: null,
    groupMemberIds: [],
    consent: {
      active: consentGiven,
      givenAt: consentGiven ? request.receivedAt : null,
      sharing: consentGiven ? (data.consent?.sharing ?? []).map((s) => ({ party: s.party, information: [...s.information] })) : [],
      validUntil: consentGiven ? (data.consent?.validUntil ?? null) : null,
      withdrawnAt: null,
    },
    createdAt: request.receivedAt,
    closedAt: null,
  };
}

/**
 * The variables the process starts with (server/definitions' IndividualPlanStartVariables). No
 * national identity numbers: variables are copied into jobs and logs; staff read the case instead.
 */
export function startVariables(request: RequestDoc): Record<string, unknown> {
  const { data } = request;
  const channel = caseChannel(data);
  const signedBy = data.applicantRole === 'proxy' ? 'power-of-attorney' : data.applicantRole;
  return {
    intake: {
      channel,
      caseNumber: request.caseNumber,
      askFor: data.askFor,
      applicantRole: data.applicantRole,
      wishedCoordinator: data.wishedCoordinator ?? null,
      interpreterNeeded: data.person.interpreterNeeded,
      writtenForm: data.person.writtenForm,
      receivedAt: request.receivedAt.toISOString(),
    },
    // Health personnel's notification is not the person's signed request, and a parent's, guardian's
    // or proxy's right to sign that the population register did not confirm is a claim: the process
    // asks the case worker to check the signature (completing it verifies the claim).
    signature: {
      valid: channel === 'citizen-request' && request.signature.verified?.representation !== 'claimed',
      signedBy,
      identityVerified: request.signature.identityVerified,
    },
    consent: {
      given: data.consent?.given === true,
      ...(data.consent?.given ? { givenBy: data.applicantRole, duration: data.consent.duration, validUntil: data.consent.validUntil ?? null } : {}),
    },
  };
}

/**
 * Opens the case, then writes the receipt, starts the process and flags the person's other open
 * cases together (none needs another, only the case). Each step is idempotent.
 */
async function completeIntake(ctx: CaseCommandContext, request: RequestDoc, user: SessionUser | undefined): Promise<{ processStarted: boolean; openCase: { caseNumber: string } | null }> {
  const { Case } = ctx.models;
  const caseDoc = caseFor(ctx, request);
  const opened = await ignoringDuplicate(() => Case.create(caseDoc));

  const receipt = async (): Promise<void> => {
    await sendCaseMessage(ctx.models, {
      dedupeKey: `receipt-${request.caseId.toHexString()}`,
      caseId: request.caseId,
      kind: 'receipt',
      language: writtenLanguage(request),
      to: requestSender(request, caseDoc),
      text: (language) => receiptText(language, { caseNumber: request.caseNumber, data: request.data, municipalityName: ctx.municipalityName }),
      createdAt: request.receivedAt,
    });
    if (ctx.queueLetter) {
      // Redis away: the receipt message is stored, and the workers' scan queues its letter later.
      await ctx.queueLetter(receiptLetterJob({ caseId: request.caseId.toHexString(), instanceId: caseDoc.instanceId })).catch((error: unknown) =>
        ctx.logger.warn({ err: error instanceof Error ? error.message : String(error), caseNumber: request.caseNumber }, 'receipt letter not queued; the workers queue it later'),
      );
    }
  };
  const processOnce = async (): Promise<boolean> => {
    // A case opened just now has no process yet; one opened before may have.
    if (!opened) {
      const current = await Case.findById(request.caseId, { processStartedAt: 1 }).lean<Pick<CaseDoc, 'processStartedAt'>>();
      if (current?.processStartedAt) return true;
    }
    return startProcess(ctx, request, caseDoc.instanceId, user);
  };
  const [, processStarted, openCase] = await Promise.all([receipt(), processOnce(), flagDuplicateRequest(ctx, request, user)]);
  return { processStarted, openCase };
}

async function startProcess(ctx: CaseCommandContext, request: RequestDoc, instanceId: string, user: SessionUser | undefined): Promise<boolean> {
  const actor: Actor = user ? { id: user.id, name: user.name } : { id: 'system-intake', name: 'Intake' };
  try {
    await ctx.engine.startInstance({
      processKey: requestProcessKey,
      caseId: request.caseId.toHexString(),
      instanceId,
      variables: startVariables(request),
      labels: caseTaskLabels({ unitId: ctx.unitId, caseNumber: request.caseNumber, person: request.data.person }),
      actor,
    });
  } catch (error) {
    // The request is stored and the person has a receipt; the process starts on the next retry or at startup.
    ctx.logger.error({ err: error, caseNumber: request.caseNumber }, 'could not start the process for a received request; it will be started later');
    return false;
  }
  await ctx.models.Case.updateOne({ _id: request.caseId, processStartedAt: null }, { $set: { processStartedAt: (ctx.clock ?? { now: () => new Date() }).now() } });
  return true;
}

/**
 * The startup repair (call at startup and now and then): finishes the intake of requests whose
 * intake a crash or an unavailable engine left undone. A request stored just before a crash may
 * lack its case, its receipt or its process; each step is idempotent, so a request is taken up
 * again from where it stopped. Returns how many processes were started.
 */
export async function startPendingProcesses(ctx: CaseCommandContext, options: { lookBackDays?: number } = {}): Promise<number> {
  const { Case, Request } = ctx.models;
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const since = new Date(now.getTime() - (options.lookBackDays ?? 7) * 24 * 3600 * 1000);
  const owed = await Case.find({ processStartedAt: null, closedAt: null }, { requestId: 1 }).limit(500).lean<Pick<CaseDoc, '_id' | 'requestId'>[]>();
  const recent = await Request.find({ receivedAt: { $gte: since } }, { caseId: 1 }).sort({ receivedAt: -1 }).limit(500).lean<Pick<RequestDoc, '_id' | 'caseId'>[]>();
  const opened = new Set(
    (await Case.find({ _id: { $in: recent.map((request) => request.caseId) } }, { _id: 1 }).lean<Pick<CaseDoc, '_id'>[]>()).map((doc) => doc._id.toHexString()),
  );
  const requestIds = [...owed.map((doc) => doc.requestId), ...recent.filter((request) => !opened.has(request.caseId.toHexString())).map((request) => request._id)];
  let started = 0;
  for (const requestId of requestIds) {
    const request = await Request.findById(requestId).lean<RequestDoc>();
    if (request && (await completeIntake(ctx, request, undefined)).processStarted) started++;
  }
  return started;
}
