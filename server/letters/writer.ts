import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { caseParty, writtenLanguage } from '../cases/case-messages.js';
import type { CaseDoc, CaseModels, RequestDoc } from '../cases/models.js';
import { renderHtml, renderPdf, type DocumentLanguage } from '../documents/index.js';
import type { Clock } from '../engine/types.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { planDocument, planModels, toVersion } from '../plans/index.js';
import type { LetterDoc } from './model.js';
import { composeLetter, isLetterTemplate, type LetterFacts, type LetterTemplate } from './templates.js';

export interface LetterContext {
  readonly cases: CaseModels;
  readonly letters: Model<LetterDoc>;
  readonly municipalityName: string;
  readonly clock?: Clock;
}

/** A letter job as the job worker hands it over (server/definitions/service-handlers.ts). */
export interface LetterJob {
  readonly jobId: string;
  readonly template: string;
  readonly caseId: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

export type LetterOutcome =
  | { readonly outcome: 'written' | 'existing'; readonly letter: LetterDoc }
  | { readonly outcome: 'ignored'; readonly reason: string };

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Who the letters go to (caseParty), in their written language (writtenLanguage). */
export function letterRecipient(request: RequestDoc | null, caseDoc: CaseDoc): { name: string; email: string | null; language: DocumentLanguage } {
  const { name, email } = caseParty(request, caseDoc);
  return { name, email, language: writtenLanguage(request) };
}

function factsFrom(template: LetterTemplate, variables: Readonly<Record<string, unknown>>): Partial<LetterFacts> {
  const assessment = record(variables.assessment);
  const appointment = record(variables.appointment);
  const decision = text(assessment?.decision);
  const facts: { -readonly [K in keyof LetterFacts]?: LetterFacts[K] } = {};
  if (decision === 'plan-and-coordinator' || decision === 'coordinator-only' || decision === 'reject') facts.decision = decision;
  if (text(assessment?.decidedOn)) facts.decidedOn = text(assessment?.decidedOn)!;
  if (template === 'decision-rejection' && text(assessment?.reasons)) facts.reasons = text(assessment?.reasons)!;
  if (appointment) {
    facts.coordinator = {
      ...(text(appointment.coordinatorName) ? { name: text(appointment.coordinatorName)! } : {}),
      ...(text(appointment.coordinatorUnit) ? { unit: text(appointment.coordinatorUnit)! } : {}),
      ...(text(appointment.coordinatorPhone) ? { phone: text(appointment.coordinatorPhone)! } : {}),
      ...(text(appointment.coordinatorEmail) ? { email: text(appointment.coordinatorEmail)! } : {}),
    };
  }
  return facts;
}

/**
 * Renders and stores the letter of one letter job, once: a job delivered again (a retry, a stalled
 * job, two workers) finds the letter its key already made and returns it unchanged.
 */
export async function letterWriter(ctx: LetterContext, job: LetterJob): Promise<LetterOutcome> {
  if (!isLetterTemplate(job.template)) return { outcome: 'ignored', reason: `unknown letter template ${job.template}` };
  const existing = await ctx.letters.findOne({ key: job.jobId }).lean<LetterDoc>();
  if (existing) return { outcome: 'existing', letter: existing };
  if (!/^[0-9a-f]{24}$/i.test(job.caseId)) return { outcome: 'ignored', reason: 'not a case id' };
  const caseDoc = await ctx.cases.Case.findById(job.caseId).lean<CaseDoc>();
  if (!caseDoc) return { outcome: 'ignored', reason: 'unknown case' };
  const request = await ctx.cases.Request.findById(caseDoc.requestId).lean<RequestDoc>();
  const recipient = letterRecipient(request, caseDoc);
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const plan = job.template === 'plan-version' ? await planAttachment(ctx, caseDoc, job.variables.planVersion, recipient.language) : undefined;
  if (plan === null) return { outcome: 'ignored', reason: 'no such plan version' };
  const content = composeLetter(job.template, recipient.language, {
    caseNumber: caseDoc.caseNumber,
    municipalityName: ctx.municipalityName,
    date: now,
    recipientName: recipient.name,
    personName: caseDoc.person.name,
    ...factsFrom(job.template, job.variables),
    ...(plan ? { plan } : {}),
  });
  const letter: LetterDoc = {
    _id: new Types.ObjectId(),
    key: job.jobId,
    caseId: caseDoc._id,
    template: job.template,
    language: recipient.language,
    title: content.title,
    to: { name: recipient.name, email: recipient.email },
    content,
    html: renderHtml(content),
    pdf: renderPdf(content),
    createdAt: now,
  };
  try {
    await ctx.letters.create(letter);
    return { outcome: 'written', letter };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another worker wrote it in the meantime: theirs is the letter.
    const theirs = await ctx.letters.findOne({ key: job.jobId }).lean<LetterDoc>();
    if (!theirs) throw error;
    return { outcome: 'existing', letter: theirs };
  }
}

/** A frozen version of the case's plan as the letter's attachment: the plan document's blocks. */
async function planAttachment(ctx: LetterContext, caseDoc: CaseDoc, number: unknown, language: DocumentLanguage): Promise<NonNullable<LetterFacts['plan']> | null> {
  if (typeof number !== 'number') return null;
  const version = await planModels(ctx.cases.Case.db).PlanVersion.findOne({ caseId: caseDoc._id, number }).lean();
  if (!version) return null;
  const document = planDocument(toVersion(version), { caseNumber: caseDoc.caseNumber, personName: caseDoc.person.name, municipalityName: ctx.municipalityName }, language);
  return { number, approved: version.status === 'approved', blocks: document.blocks };
}
